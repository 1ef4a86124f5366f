#!/usr/bin/env bash
# Issue 21: the AG News test set (a CSV without a header: class, title,
# description) indexes to one article per record with --csv-columns.  The
# oracle is an independent count: Python's csv module (RFC 4180) reads the
# same file, and its rows, per class, must be the articles per topic.
. "$(dirname "$0")/lib.sh"
AG="${NX_CORPORA:-}/ag_news/test.csv"
if [ ! -f "$AG" ]; then
    echo "SKIP: AG News not found (looked for $AG; set NX_CORPORA)"
    exit 77
fi
command -v python3 >/dev/null || { echo "SKIP: python3 (the independent CSV count) not found"; exit 77; }
python3 - "$AG" >"$T/want" <<'PY'
import csv, sys, collections
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
print(len(rows))
for k, v in sorted(collections.Counter(r[0] for r in rows).items()):
    print(k, v)
PY
run "$NEWSIDX" index --db "$T/ag.db" -q --csv-columns topic,title,body "$AG"
expect_rc 0 "AG News with --csv-columns topic,title,body"
[ -s "$T/err" ] && fail "warnings: $(head -c 400 "$T/err")" || ok
got_total=$("$NEWSIDX" search --db "$T/ag.db" --json --limit 1 "" | jq -r 'select(.type == "summary") | .total')
[ "$got_total" = "$(head -1 "$T/want")" ] && ok || fail "articles: $got_total, rows: $(head -1 "$T/want")"
[ "$got_total" = 7600 ] && ok || fail "the AG News test set has 7,600 items (got $got_total)"
tail -n +2 "$T/want" | while read -r topic n; do
    got=$("$NEWSIDX" search --db "$T/ag.db" --json --limit 1 "topic:$topic" | jq -r 'select(.type == "summary") | .total')
    [ "$got" = "$n" ] || echo "topic:$topic: $got articles, $n rows"
done >"$T/diff"
[ -s "$T/diff" ] && fail "per topic: $(cat "$T/diff")" || ok
# The last record's title, as the csv module reads it.
want_title=$(python3 -c 'import csv,sys; print(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))[-1][1])' "$AG")
run "$NEWSIDX" show --db "$T/ag.db" --json "$(cd "$(dirname "$AG")" && pwd -P)/test.csv#7600"
[ "$(jq -r .title "$T/out")" = "$want_title" ] && ok || fail "record 7600's title: $(jq -r .title "$T/out") vs $want_title"
finish
