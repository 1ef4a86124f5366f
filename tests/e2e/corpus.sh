#!/usr/bin/env bash
# The real corpora, when present ($NX_CORPORA, default ../shared/corpora):
# Reuters-21578 indexes to exactly 21,578 stories with a warning for the one
# non-UTF-8 file; BBC to 2,225 articles with headline titles and folder
# sections; a topic + place + date query returns only matching stories,
# newest first; the names view gives names, not sentence openers.
. "$(dirname "$0")/lib.sh"
need_corpora

run "$NEWSIDX" index --db "$T/reuters" "$R"
expect_rc 0 "index Reuters"
expect_out ": 21578 indexed" "21,578 stories indexed"
expect_err "reut2-017.sgm: not valid UTF-8" "the non-UTF-8 file is named in a warning"
expect_err_lines 1 "one warning only"
run "$NEWSIDX" stats --db "$T/reuters"
expect_out "articles: +21578$" "the database holds 21,578 documents"
run "$NEWSIDX" search --db "$T/reuters" --json --limit 5 'id:reuters-21000'
[ "$(jq -r .id "$T/hits")" = reuters-21000 ] && ok || fail "a story from reut2-017.sgm is indexed"

run "$NEWSIDX" search --db "$T/reuters" --json --sort date --limit 200 'topic:crude place:usa date:1987-03-01..1987-03-31'
expect_rc 0 "topic + place + date on Reuters"
n=$(wc -l <"$T/hits")
[ "$n" -ge 10 ] && ok || fail "crude/usa/March finds a good number of stories ($n)"
jq -e 'select((.tags | index("crude") | not) or (.places | index("usa") | not) or .date < "1987-03-01" or .date > "1987-03-31T23:59:59Z")' \
    "$T/hits" >/dev/null && fail "a returned story lacks the topic, the place or the date" || ok
[ "$(jq -r .date "$T/hits")" = "$(jq -r .date "$T/hits" | sort -r)" ] && ok || fail "--sort date is newest first"

run "$NEWSIDX" names --db "$T/reuters" --json --limit 10 oil prices
expect_rc 0 "names for oil prices"
jq -r .name "$T/out" | head -3 | grep -qx OPEC && ok || fail "OPEC among the top names for oil prices"
if jq -r .name "$T/out" | grep -Eqx 'The|But|In|Speaking|Meanwhile|However|Oil|Prices|He|It'; then
    fail "sentence openers among the names: $(jq -r .name "$T/out" | tr '\n' ',')"
else ok; fi

run "$NEWSIDX" index --db "$T/bbc" "$B"
expect_rc 0 "index BBC"
expect_out ": 2225 indexed" "2,225 BBC articles indexed"
expect_err "sport/199.txt: not valid UTF-8" "the Latin-1 byte is reported"
run "$NEWSIDX" search --db "$T/bbc" --json --limit 1 "id:$(cd "$B" && pwd -P)/sport/199.txt"
[ "$(jq -r .section "$T/hits")" = sport ] && ok || fail "the Latin-1 article is indexed with its folder as section"
jq -r .title "$T/hits" | grep -q . && ok || fail "it has a title"
first=$(head -1 "$B/business/001.txt")
run "$NEWSIDX" search --db "$T/bbc" --json --limit 1 "id:$(cd "$B" && pwd -P)/business/001.txt"
[ "$(jq -r .title "$T/hits")" = "$first" ] && ok || fail "the headline is the first line"
run "$NEWSIDX" search --db "$T/bbc" --json --limit 50 'section:politics election'
jq -e 'select(.section != "politics")' "$T/hits" >/dev/null && fail "section filter leaked" || ok
run "$NEWSIDX" names --db "$T/bbc" --json --limit 10 election
jq -r .name "$T/out" | grep -qx "Tony Blair" && ok || fail "Tony Blair among the names for election"
finish
