#!/bin/sh
# bench/names/run.sh — the names evaluation in one command (README.md here):
# builds nxnames in build-bench-names/, runs it over the 48 annotated
# articles and over Reuters-21578's labelled stories, and prints the tables.
#
#   bench/names/run.sh            the tables
#   bench/names/run.sh --errors   also the tuning subset's errors (never the held-out ones)
#
# NX_CORPORA (default <repo>/../shared/corpora) holds bbc/ and reuters21578/.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpora=${NX_CORPORA:-$repo/../shared/corpora}
build=${NX_NAMES_BUILD:-$repo/build-bench-names}

if [ ! -d "$corpora/bbc" ] || [ ! -d "$corpora/reuters21578" ]; then
    echo "corpora not found at $corpora (bbc/, reuters21578/): nothing to score (set NX_CORPORA)."
    exit 0
fi

cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNX_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --target nxnames -j2 >/dev/null

out=$build/names
mkdir -p "$out"
"$build/bench/nxnames" predict --corpora "$corpora" --own "$here/texts" "$here/articles.tsv" > "$out/predict.jsonl"
"$build/bench/nxnames" labels --corpora "$corpora" > "$out/labels.jsonl"
echo "# newsidx names evaluation — $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
exec python3 "$here/score.py" "$here/articles.tsv" "$here/gold.tsv" "$out/predict.jsonl" "$out/labels.jsonl" "$@"
