#!/bin/sh
# bench/run.sh — one command for the performance comparison of newsidx, the
# plain Xapian pipeline and SQLite FTS5 on Reuters-21578 (and optionally a
# synthetic corpus).  Configures and builds a Release tree in
# build-bench-release/, then runs bench/nxbench and prints the tables.
#
#   bench/run.sh                     Reuters-21578, all three engines
#   bench/run.sh --synthetic 100000  also synthetic 10k and 100k articles
#   bench/run.sh --synthetic 1000000 also 10k, 100k and 1M
#   bench/run.sh --quick             2,000 articles, 50 queries, one pass
#   extra options go to nxbench: --engines newsidx,fts5  --reps 5  --index-reps 1
#
# NX_CORPORA (default <repo>/../shared/corpora) holds reuters21578/.
# NX_BENCH_WORK (default build-bench-release/work) holds corpora and indexes.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
corpora=${NX_CORPORA:-$repo/../shared/corpora}
reuters=$corpora/reuters21578
build=$repo/build-bench-release
work=${NX_BENCH_WORK:-$build/work}

if [ ! -d "$reuters" ]; then
    echo "Reuters-21578 not found at $reuters: nothing to benchmark (set NX_CORPORA)."
    exit 0
fi

cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNX_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --target nxbench -j2 >/dev/null

echo "# newsidx benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo)," \
     "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
exec "$build/bench/nxbench" --reuters "$reuters" --work "$work" \
    --queries "$repo/bench/queries.txt" "$@"
