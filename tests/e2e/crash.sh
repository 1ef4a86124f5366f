#!/usr/bin/env bash
# Crash safety: SIGKILL the indexer at random moments, 20 times, on a corpus
# of thousands of articles that changes between runs.  After every kill the
# database opens and passes xapian-check; a final run ends with exactly the
# right articles, each with its latest text.  These runs are serial
# (--jobs 1), where every committed batch is kept; a killed parallel first
# build (the default on an empty database) must leave the database empty
# and be redone whole by the next run.
. "$(dirname "$0")/lib.sh"
C="$T/corpus"
DB="$T/db"
N=3000
gen_corpus "$C" $N
RANDOM=42
# How long a full run takes here, so kills land inside runs on any machine.
start=$(date +%s%N)
"$NEWSIDX" index --quiet --jobs 1 --batch 50 --db "$T/probe" "$C" >/dev/null 2>&1
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
rm -rf "$T/probe"
echo "a full run takes ${full_ms} ms"
kills=0
runs=0
scale=37   # kill within 3% + up to scale% of a full run; shrinks when runs finish first
# Go on until 20 runs were killed while still working (at most 60 runs: a
# machine where the indexer always wins is reported, not looped on).
while [ $kills -lt 20 ] && [ $runs -lt 60 ]; do
    runs=$((runs + 1))
    # Change half the files so every run has real work to do.
    for _ in $(seq 1 1500); do
        f=$(printf '%s/a%05d.txt' "$C" $((RANDOM % N + 1)))
        echo "Revision marker rev$runs added." >>"$f"
    done
    "$NEWSIDX" index --quiet --jobs 1 --batch 50 --db "$DB" "$C" >/dev/null 2>&1 &
    pid=$!
    # Half the files changed: a run takes about half a full run; kill within it.
    sleep "$(awk -v r=$RANDOM -v f=$full_ms -v s=$scale 'BEGIN { printf "%.3f", (0.03 + (r % 100) / 100 * s / 100) * f / 1000 }')"
    if kill -9 $pid 2>/dev/null; then
        kills=$((kills + 1))
    elif [ $scale -gt 5 ]; then
        scale=$((scale * 3 / 4))
    fi
    wait $pid 2>/dev/null
    if [ -e "$DB" ]; then
        xapian-check "$DB" >"$T/check" 2>&1 && ok || fail "run $runs: xapian-check: $(tail -3 "$T/check")"
        run "$NEWSIDX" stats --db "$DB"
        expect_rc 0 "run $runs: the database opens"
    fi
done
echo "$kills of $runs runs were killed mid-way"
[ $kills -ge 20 ] && ok || fail "only $kills of $runs runs were still working when killed"

run "$NEWSIDX" index --db "$DB" "$C"
expect_rc 0 "final run completes"
run "$NEWSIDX" stats --db "$DB"
expect_out "articles: +$N$" "exactly $N articles after the kills"
xapian-delve -1 -a "$DB" | grep '^Q' | sed 's/^Q//' | sort >"$T/ids"
find "$C" -name '*.txt' | sort >"$T/want"
cmp -s "$T/ids" "$T/want" && ok || fail "the ids are exactly the corpus files ($(diff "$T/ids" "$T/want" | head -5))"
# Every file's latest revision is what is indexed.
last=$(grep -l "rev$runs " "$C"/*.txt | wc -l)
run "$NEWSIDX" search --db "$DB" --json --limit 5000 "\"marker rev$runs\""
[ "$(wc -l <"$T/hits")" -eq "$last" ] && ok || fail "rev$runs found in $(wc -l <"$T/hits") articles, expected $last"
xapian-check "$DB" >/dev/null 2>&1 && ok || fail "final xapian-check"

# --- a parallel first build killed mid-way publishes nothing
B="$T/bulk"
"$NEWSIDX" index --quiet --jobs 2 --db "$B" "$C" >/dev/null 2>&1 &
pid=$!
# The build folder appears when the build starts; kill a moment later.
while [ ! -d "$B.nx-build" ] && kill -0 $pid 2>/dev/null; do sleep 0.01; done
sleep 0.1
if kill -9 $pid 2>/dev/null; then
    wait $pid 2>/dev/null
    [ -d "$B.nx-build" ] && ok || fail "the killed build left its folder (to be cleaned by the next run)"
    run "$NEWSIDX" stats --db "$B"
    expect_out "articles: +0$" "a killed parallel build publishes no article"
    xapian-check "$B" >"$T/check" 2>&1 && ok || fail "xapian-check after the killed build: $(tail -3 "$T/check")"
else
    wait $pid 2>/dev/null
    echo "the parallel build finished before the kill: its kill case is not checked on this machine"
fi
run "$NEWSIDX" index --db "$B" "$C"
expect_rc 0 "the next run builds everything"
[ ! -e "$B.nx-build" ] && ok || fail "no build folder is left after a finished build"
run "$NEWSIDX" stats --db "$B"
expect_out "articles: +$N$" "exactly $N articles after the rebuild"
xapian-check "$B" >/dev/null 2>&1 && ok || fail "xapian-check after the rebuild"
finish
