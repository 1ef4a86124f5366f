#!/usr/bin/env bash
# The first command of the README: installs what is missing, builds
# newsidx, indexes samples/ into ./newsidx.db (the default database) and
# runs a sample search.  Pass a query to search for something else.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" --target newsidx_cli
unset NEWSIDX_DB
./build/newsidx index samples/
query=${*:-ceasefire talks}
echo
echo "\$ newsidx search '$query'"
./build/newsidx search "$query"
