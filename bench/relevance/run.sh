#!/bin/sh
# bench/relevance/run.sh — one command for the relevance evaluation (issue 5):
# builds nxrelevance in build-bench-release/ and scores newsidx, the plain
# Xapian pipeline and SQLite FTS5 on Reuters-21578 with the TOPICS labels as
# judgements and the queries of bench/relevance/queries.tsv.
# NX_CORPORA (default <repo>/../shared/corpora) holds reuters21578/.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpora=${NX_CORPORA:-$repo/../shared/corpora}
reuters=$corpora/reuters21578
build=$repo/build-bench-release
work=${NX_BENCH_WORK:-$build/work}

if [ ! -d "$reuters" ]; then
    echo "Reuters-21578 not found at $reuters: nothing to evaluate (set NX_CORPORA)."
    exit 0
fi

cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNX_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --target nxrelevance -j2 >/dev/null
exec "$build/bench/nxrelevance" --reuters "$reuters" --work "$work" --queries "$here/queries.tsv" "$@"
