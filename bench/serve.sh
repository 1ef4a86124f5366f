#!/bin/sh
# bench/serve.sh — the HTTP load test of `newsidx serve` on loopback, with
# wrk: requests/s and p50/p99 latency of /api/search (top 10 with
# snippets, the queries of bench/queries.txt in turn) on Reuters-21578 at
# 1, 16 and 64 connections, beside the same searches called in-process
# (bench/serveloop.c) in the same run.  Bounded: each wrk run lasts
# SECONDS (default 15), the server is stopped at the end.  Not a test:
# run it by hand on a quiet machine and copy its table to bench/RESULTS.md.
#
#   bench/serve.sh [SECONDS]
#
# NX_CORPORA (default <repo>/../shared/corpora) holds reuters21578/;
# NX_BENCH_WORK (default build-bench-release/work) the database.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
corpora=${NX_CORPORA:-$repo/../shared/corpora}
reuters=$corpora/reuters21578
build=$repo/build-bench-release
work=${NX_BENCH_WORK:-$build/work}
secs=${1:-15}
queries=$repo/bench/queries.txt
threads=2

if [ ! -d "$reuters" ]; then
    echo "Reuters-21578 not found at $reuters: nothing to measure (set NX_CORPORA)."
    exit 0
fi
command -v wrk >/dev/null || { echo "wrk not found (Debian: apt-get install wrk)"; exit 1; }
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNX_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --target newsidx_cli nxserveloop -j2 >/dev/null
mkdir -p "$work"
db=$work/serve-reuters.db
[ -d "$db" ] || "$build/newsidx" index --quiet --db "$db" "$reuters"

log=$work/serve.log
"$build/newsidx" serve --db "$db" --listen 127.0.0.1:0 --threads "$threads" --quiet 2>"$log" &
spid=$!
trap 'kill "$spid" 2>/dev/null || :' EXIT
port=
for i in $(seq 1 100); do
    port=$(sed -n 's|^newsidx serve: listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "the server did not start: $(cat "$log")"; exit 1; }
url=http://127.0.0.1:$port
hz=$(getconf CLK_TCK)
# CPU time (user + system, clock ticks) the server has used so far.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$spid/stat"; }

echo "# newsidx serve load test — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
     "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Reuters-21578, $(grep -vc '^#' "$queries") queries in turn, top 10 with 200-character snippets;"
echo "server: --threads $threads; wrk: 1 thread, ${secs} s per row after a 3 s warm-up;"
echo "CPU per request: the server's (or the loop's) user + system time over the requests it answered"
echo
# Warm-up: the page cache and the server's handles.
wrk -t1 -c4 -d3s -s "$repo/bench/serve.lua" "$url" "$queries" >/dev/null
echo "| | connections | requests/s | p50 (ms) | p99 (ms) | errors | CPU per request (us) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for c in 1 16 64; do
    t0=$(server_ticks)
    out=$(wrk -t1 -c"$c" -d"${secs}s" --timeout 10s -s "$repo/bench/serve.lua" "$url" "$queries" | grep '^RESULT')
    t1=$(server_ticks)
    echo "$out" | awk -v c="$c" -v ticks=$((t1 - t0)) -v hz="$hz" '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        err = v["connect"] + v["read"] + v["write"] + v["status"] + v["timeout"]
        printf "| HTTP /api/search | %d | %.0f | %.2f | %.2f | %d | %.0f |\n", c, v["requests"] / (v["duration_us"] / 1e6),
               v["p50_us"] / 1000, v["p99_us"] / 1000, err, ticks / hz * 1e6 / v["requests"] }'
done
kill "$spid"
wait "$spid" 2>/dev/null || :
trap - EXIT
for t in 1 2; do
    "$build/bench/nxserveloop" "$db" "$queries" "$t" "$secs" | grep '^RESULT' | awk -v t="$t" '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "| in-process nx_search loop | %d thread%s | %.0f | %.2f | %.2f | %d | %.0f |\n", t, t == 1 ? "" : "s",
               v["per_s"], v["p50_ms"], v["p99_ms"], v["errors"], v["cpu_us"] }'
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
