#!/usr/bin/env bash
# Living with cron: `newsidx index` writes into the database a server is
# serving, run after run, while a client searches without pause: first a
# parallel first build into the empty database (swapped in whole at its
# end), then ten runs writing in place.  Every one of at least 2,000
# requests must be answered 200, the totals must never go down (articles
# are only added), and once the writer is done the server's total is the
# CLI's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servelib.sh"

DB="$T/db"
gen_corpus "$T/c0" 300
mkdir -p "$T/empty"
"$NEWSIDX" index --quiet --db "$DB" "$T/empty" || fail "creating the empty database"
start_serve "$T/log" --db "$DB" --threads 2 --quiet

# The writer: a parallel first build of 300 articles, then ten runs of 150
# new articles each, committing every 50, in place.
(
    sleep 0.5
    "$NEWSIDX" index --quiet --jobs 2 --db "$DB" "$T/c0" || echo "the first build failed" >>"$T/writer.err"
    for run in $(seq 1 10); do
        gen_corpus "$T/new$run" 150
        for f in "$T/new$run"/*.txt; do mv "$f" "${f%.txt}-r$run.txt"; done
        "$NEWSIDX" index --quiet --batch 50 --db "$DB" "$T/new$run" || echo "index run $run failed" >>"$T/writer.err"
    done
    touch "$T/writer.done"
) &
wpid=$!

# The reader: batches of 200 requests on kept-alive connections (curl -K
# config), the writer's progress seen from the totals, until the writer
# is done and at least 2,000 requests have been made.
: >"$T/results"
n=0
while :; do
    : >"$T/urls"
    for i in $(seq 1 200); do
        case $((i % 4)) in
            0) q="harbour" ;; 1) q="council+budget" ;; 2) q="%22railway+housing%22" ;; 3) q="story+OR+ferry" ;;
        esac
        printf 'url = "%s/api/search?q=%s&limit=5"\nwrite-out = "%%{http_code}\\n"\n' "$BASE" "$q" >>"$T/urls"
    done
    # Each answer is a body (one JSON line) and then its status on a line of its own.
    curl -s --max-time 60 -K "$T/urls" >>"$T/results"
    n=$((n + 200))
    if [ -e "$T/writer.done" ] && [ "$n" -ge 2000 ]; then break; fi
    [ "$n" -lt 40000 ] || { fail "the writer did not finish"; break; }
done
wait "$wpid"
[ ! -e "$T/writer.err" ] && ok || fail "the writer failed: $(cat "$T/writer.err")"

grep -x '[0-9][0-9][0-9]' "$T/results" >"$T/codes" || :
answered=$(grep -c '^200' "$T/codes")
failed=$(grep -vc '^200' "$T/codes")
[ "$answered" -ge 2000 ] && ok || fail "at least 2,000 requests answered: $answered"
[ "$failed" -eq 0 ] && ok || fail "$failed of $((answered + failed)) requests failed: $(sort "$T/codes" | uniq -c)"
echo "$answered requests answered, $failed failed, while the index grew"

# Totals of "story OR ferry" (every article is a story) never go down.
grep -o '"query":"story OR ferry","total":[0-9]*' "$T/results" | sed 's/.*://' >"$T/totals"
[ "$(wc -l <"$T/totals")" -ge 400 ] && ok || fail "totals seen: $(wc -l <"$T/totals")"
awk 'NR > 1 && $1 < last { bad = 1; print "total went down: " last " then " $1 } { last = $1 } END { exit bad }' "$T/totals" && ok ||
    fail "a total went down while articles were only added"
[ "$(sort -un "$T/totals" | wc -l)" -ge 3 ] && ok || fail "the server saw the index grow: $(sort -un "$T/totals" | tr '\n' ' ')"
grep -qx 0 "$T/totals" && ok || echo "note: the first build was done before the first request"
grep -qx 300 "$T/totals" && ok || echo "note: no request fell between the first build and the next run"
final=$(curl -s "$BASE/api/search?q=story+OR+ferry&exact=1&limit=1" | jq .total)
cli=$("$NEWSIDX" search --db "$DB" --json --exact --limit 1 'story OR ferry' | jq 'select(.type == "summary") | .total')
[ "$final" = "$cli" ] && [ "$cli" -eq 1800 ] && ok || fail "after the writer: the server's total $final, the CLI's $cli, expected 1800"
stop_serve
[ "$SRC" -eq 0 ] && ok || fail "the server stops with exit 0: $SRC"
finish
