#!/usr/bin/env bash
# Crash safety: SIGKILL the indexer at random moments, 20 times, on a corpus
# of thousands of articles that changes between runs.  After every kill the
# database opens and passes xapian-check; a final run ends with exactly the
# right articles, each with its latest text.
. "$(dirname "$0")/lib.sh"
C="$T/corpus"
DB="$T/db"
N=3000
gen_corpus "$C" $N
RANDOM=42
# How long a full run takes here, so kills land inside runs on any machine.
start=$(date +%s%N)
"$NEWSIDX" index --quiet --batch 50 --db "$T/probe" "$C" >/dev/null 2>&1
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
rm -rf "$T/probe"
echo "a full run takes ${full_ms} ms"
kills=0
for i in $(seq 1 20); do
    # Change half the files so every run has real work to do.
    for _ in $(seq 1 1500); do
        f=$(printf '%s/a%05d.txt' "$C" $((RANDOM % N + 1)))
        echo "Revision marker rev$i added." >>"$f"
    done
    "$NEWSIDX" index --quiet --batch 50 --db "$DB" "$C" >/dev/null 2>&1 &
    pid=$!
    # Half the files changed: a run takes about half a full run; kill within it.
    sleep "$(awk -v r=$RANDOM -v f=$full_ms 'BEGIN { printf "%.3f", (0.03 + (r % 100) / 100 * 0.37) * f / 1000 }')"
    if kill -9 $pid 2>/dev/null; then kills=$((kills + 1)); fi
    wait $pid 2>/dev/null
    if [ -e "$DB" ]; then
        xapian-check "$DB" >"$T/check" 2>&1 && ok || fail "kill $i: xapian-check: $(tail -3 "$T/check")"
        run "$NEWSIDX" stats --db "$DB"
        expect_rc 0 "kill $i: the database opens"
    fi
done
echo "$kills of 20 runs were killed mid-way"
[ $kills -ge 15 ] && ok || fail "only $kills runs were still working when killed; the corpus is too small for this machine"

run "$NEWSIDX" index --db "$DB" "$C"
expect_rc 0 "final run completes"
run "$NEWSIDX" stats --db "$DB"
expect_out "articles: +$N$" "exactly $N articles after the kills"
xapian-delve -1 -a "$DB" | grep '^Q' | sed 's/^Q//' | sort >"$T/ids"
find "$C" -name '*.txt' | sort >"$T/want"
cmp -s "$T/ids" "$T/want" && ok || fail "the ids are exactly the corpus files ($(diff "$T/ids" "$T/want" | head -5))"
# Every file's latest revision is what is indexed.
want20=$(grep -l 'rev20 ' "$C"/*.txt | wc -l)
run "$NEWSIDX" search --db "$DB" --json --limit 5000 '"marker rev20"'
[ "$(wc -l <"$T/out")" -eq "$want20" ] && ok || fail "rev20 found in $(wc -l <"$T/out") articles, expected $want20"
xapian-check "$DB" >/dev/null 2>&1 && ok || fail "final xapian-check"
finish
