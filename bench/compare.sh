#!/bin/sh
# bench/compare.sh — the benchmark of two builds in one run, so a change is
# measured against what it changes on the same machine at the same time:
# REV (a git revision, built in a scratch worktree) and this working tree,
# or this tree built twice with different compile-time settings.
#
#   bench/compare.sh REV                      REV against this tree
#   bench/compare.sh --cflags '-DNX_COUNT_BOUND=50000'   this tree against itself with that flag
#   extra options after -- go to nxbench (--engines, --reps, --quick...)
#
# Each side runs nxbench on Reuters-21578 (indexing once, then the query
# timings) ROUNDS times (default 2), the two sides taking turns, and the
# table gives each figure's median over the rounds.  Ratios against the
# Xapian pipeline and FTS5 come from the same nxbench run, so the machine's
# drift between runs cancels.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
corpora=${NX_CORPORA:-$repo/../shared/corpora}
reuters=$corpora/reuters21578
rounds=${ROUNDS:-2}
base=build-bench-compare
rev= cflags=
while [ $# -gt 0 ]; do
    case $1 in
    --cflags) cflags=$2; shift 2 ;;
    --) shift; break ;;
    *) rev=$1; shift ;;
    esac
done
if [ ! -d "$reuters" ]; then
    echo "Reuters-21578 not found at $reuters (set NX_CORPORA)."
    exit 0
fi
if [ -z "$rev" ] && [ -z "$cflags" ]; then
    echo "usage: bench/compare.sh REV | --cflags FLAGS [-- nxbench options]" >&2
    exit 2
fi
out=$repo/$base
mkdir -p "$out"

build() { # src dir cflags
    CFLAGS="$3" cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release -DNX_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
    cmake --build "$2" --target nxbench -j2 >/dev/null
}

if [ -n "$rev" ]; then
    src=$out/src-$rev
    [ -d "$src" ] || git -C "$repo" worktree add --detach "$src" "$rev" >/dev/null
    build "$src" "$out/before" ""
    before="$rev"
else
    build "$repo" "$out/before" ""
    before="this tree"
fi
build "$repo" "$out/after" "$cflags"
after="this tree${cflags:+ ($cflags)}"

for r in $(seq 1 "$rounds"); do
    for side in before after; do
        rm -rf "$out/work-$side"
        echo "compare: round $r of $rounds, $side..." >&2
        "$out/$side/bench/nxbench" --reuters "$reuters" --work "$out/work-$side" --index-reps 1 \
            --queries "$repo/bench/queries.txt" "$@" >"$out/$side-$r.md"
    done
done

# The query-latency rows of each run: engine p50 p50+snippets.
figures() { # side
    for f in "$out/$1"-*.md; do
        awk -F'|' '/^### Query latency/ { on = 1 } on && /^\| (newsidx|xapian|fts5) / {
            gsub(/ /, "", $2); print $2, $4, $7 }' "$f"
    done
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
row() { # side engine column
    figures "$1" | awk -v e="$2" -v c="$3" '$1 == e { print $c }' | median
}
ratio_med() { # side engine column: median over runs of newsidx/engine in the same run
    for f in "$out/$1"-*.md; do
        awk -F'|' -v e="$2" -v c="$3" '/^### Query latency/ { on = 1 } on && /^\| (newsidx|xapian|fts5) / {
            gsub(/ /, "", $2); v[$2] = $(c == 2 ? 4 : 7) } END { if (v[e] > 0) printf "%.3f\n", v["newsidx"] / v[e] }' "$f"
    done | median
}

echo "# newsidx: $before against $after — $(date -u +%Y-%m-%dT%H:%M:%SZ), $rounds rounds each, taking turns"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo
echo "| Reuters, top 10, p50 ms (median of rounds) | $before | $after |"
echo "|---|---:|---:|"
for e in newsidx xapian fts5; do
    echo "| $e search | $(row before $e 2) | $(row after $e 2) |"
    echo "| $e search + snippets | $(row before $e 3) | $(row after $e 3) |"
done
for e in xapian fts5; do
    echo "| newsidx/$e, search | x$(ratio_med before $e 2) | x$(ratio_med after $e 2) |"
    echo "| newsidx/$e, search + snippets | x$(ratio_med before $e 3) | x$(ratio_med after $e 3) |"
done
echo
echo "(each run's full tables: $base/before-N.md and $base/after-N.md)"
