#!/bin/sh
# bench/relevance/run.sh — one command for the relevance evaluation (issues
# 5 and 22; protocol in bench/relevance/README.md): builds nxrelevance in
# build-bench-release/ and scores newsidx (default, --feedback, --expand),
# the plain Xapian pipeline and SQLite FTS5 on Reuters-21578 (TOPICS labels
# as judgements, the queries of bench/relevance/queries.tsv in a tuning and
# a held-out half) and on the TIME collection (human judgements).
# NX_CORPORA (default <repo>/../shared/corpora) holds reuters21578/ and time/.
# Extra options go to nxrelevance: --reuse (rescore the last indexes),
# --tsv FILE (every query's scores, one line per query and row).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpora=${NX_CORPORA:-$repo/../shared/corpora}
build=$repo/build-bench-release
work=${NX_BENCH_WORK:-$build/work}

if [ ! -d "$corpora/reuters21578" ] && [ ! -d "$corpora/time" ]; then
    echo "Neither Reuters-21578 nor TIME found in $corpora: nothing to evaluate (set NX_CORPORA)."
    exit 0
fi

cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNX_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --target nxrelevance -j2 >/dev/null
exec "$build/bench/nxrelevance" --work "$work" \
    --reuters "$corpora/reuters21578" --queries "$here/queries.tsv" \
    --time "$corpora/time" "$@"
