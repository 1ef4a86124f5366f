#!/usr/bin/env bash
# The main job end to end on samples/: index every format, search with
# highlighted snippets (text, JSON, HTML), names, fields, dates, sorting,
# spelling.  Expected article sets come from samples/README.md.
. "$(dirname "$0")/lib.sh"
DB="$T/db"
S="$NX_SAMPLES"

run "$NEWSIDX" index --db "$DB" "$S"
expect_rc 0 "indexing samples/"
expect_out "31 indexed" "all 31 sample articles indexed"
run "$NEWSIDX" stats --db "$DB"
expect_out "articles: +31" "stats counts 31"
expect_out "The Meridian Post" "stats lists per-source counts"

# --- a text file's folder is its section when the file was found in a
# folder the user gave, not when the file was named on its own
mkdir -p "$T/loose/markets"
printf 'Loose story about lighthouses\n\nThe lighthouse keeper retired.\n' >"$T/loose/markets/x.txt"
run "$NEWSIDX" index --db "$T/loosedb" "$T/loose/markets/x.txt"
run "$NEWSIDX" search --db "$T/loosedb" --json lighthouse
[ "$(jq -r '.section // ""' "$T/hits")" = "" ] && ok || fail "a file named on its own has no section (got $(jq -r .section "$T/hits"))"
rm -rf "$T/loosedb"
run "$NEWSIDX" index --db "$T/loosedb" "$T/loose"
run "$NEWSIDX" search --db "$T/loosedb" --json lighthouse
[ "$(jq -r '.section // ""' "$T/hits")" = markets ] && ok || fail "a file found in a folder has that folder as section"

# --- the names view spells a place as the stories do, not as a dateline
mkdir -p "$T/caps"
printf 'Ministers meet\n\nPARIS - Ministers met on Monday to discuss the budget.\n' >"$T/caps/a.txt"
printf 'Talks end\n\nThe budget talks in Paris ended. Officials in Paris said little.\n' >"$T/caps/b.txt"
run "$NEWSIDX" index --db "$T/capsdb" "$T/caps"
run "$NEWSIDX" names --db "$T/capsdb" --json budget
jq -r .name "$T/out" | grep -qx Paris && ok || fail "the names view says Paris (got $(jq -r .name "$T/out" | tr '\n' ','))"
jq -r .name "$T/out" | grep -qx PARIS && fail "the names view also says PARIS" || ok

# --- every format is in: ids from JSON, JSON arrays, SGML; text and HTML by path
for id in wire-2025-0001 wire-2025-0007 export-001 export-002 reuters-30001 reuters-30005 \
          "$S/html/market-report.html" "$S/text/politics/001.txt"; do
    run "$NEWSIDX" search --db "$DB" --json "id:$id"
    [ "$(jq -r .id "$T/hits")" = "$id" ] && ok || fail "id:$id finds exactly that article (got $(jq -r .id "$T/hits" | tr '\n' ' '))"
done

# --- text output: ranked, with plain highlight markers when not on a terminal
run "$NEWSIDX" search --db "$DB" ceasefire talks
expect_rc 0 "search ceasefire talks"
expect_out "^1\. .*[Cc]easefire" "the best hit is about a ceasefire"
expect_out "\[ceasefire\]|\[ceasefires\]" "snippet highlights ceasefire"
expect_out "matches for 'ceasefire talks'" "estimated total shown"

# --- JSON: one object per line, fields present, highlight offsets point at matches
run "$NEWSIDX" search --db "$DB" --json --limit 5 ceasefires
expect_rc 0 "search --json"
lines=$(wc -l <"$T/hits")
[ "$lines" -ge 2 ] && ok || fail "at least two ceasefire hits (got $lines)"
while IFS= read -r line; do
    echo "$line" | jq -e 'has("id") and has("rank") and has("score") and has("title") and has("path") and has("snippet") and has("highlights")' >/dev/null \
        && ok || fail "JSON line lacks fields: $line"
done <"$T/hits"
# Byte offsets: cut the snippet's bytes with head/tail, not jq (jq counts code points).
jq -c '[.snippet, .highlights]' "$T/hits" | while IFS= read -r pair; do
    snip=$(echo "$pair" | jq -r '.[0]')
    echo "$pair" | jq -r '.[1][] | "\(.[0]) \(.[1])"' | while read -r a b; do
        word=$(printf '%s' "$snip" | head -c "$b" | tail -c $((b - a)))
        case "$word" in
            [Cc]easefire|[Cc]easefires) ;;
            *) echo "FAIL: highlight [$a,$b) is '$word', not a ceasefire word" >&2; exit 1 ;;
        esac
    done || exit 1
done && ok || fail "highlight offsets point at the matched words"

# --- HTML highlighting escapes article text: the <script> sample comes out inert
run "$NEWSIDX" search --db "$DB" --highlight html script alert
expect_rc 0 "search with --highlight html"
expect_out "&lt;(<mark>)?script(</mark>)?&gt;" "article text is HTML-escaped"
expect_no_out "<script" "no raw <script in HTML output"
expect_out "<mark>" "matches in <mark>"
run "$NEWSIDX" search --db "$DB" --highlight none ceasefire
expect_no_out "\[ceasefire\]" "--highlight none leaves text unmarked"

# --- names: a name query finds exactly the articles that mention the person
check_set() { # query expected-paths-relative-to-samples...
    local q=$1; shift
    run "$NEWSIDX" search --db "$DB" --json --limit 100 "$q"
    local got want
    got=$(jq -r .id "$T/hits" | sed "s|^$S/||" | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    [ "$got" = "$want" ] && ok || fail "$q: got [$got], want [$want]"
}
check_set 'name:"Keir Starmer"' text/business/003.txt text/politics/001.txt text/world/001.txt
check_set 'name:Starmer' text/business/003.txt text/politics/001.txt text/world/001.txt
check_set 'name:"von der Leyen"' text/business/002.txt text/politics/001.txt text/politics/003.txt
check_set 'name:Macron' text/politics/002.txt text/world/001.txt
check_set 'name:"António Costa"' text/politics/002.txt text/politics/003.txt
check_set 'name:Okonjo' text/business/001.txt text/business/002.txt text/business/003.txt
check_set 'name:Fischer' text/science/001.txt text/science/002.txt text/technology/001.txt
check_set 'name:Ruiz' text/sport/001.txt text/sport/002.txt
check_set 'name:"Jean-Paul Moreau"' text/business/003.txt text/world/001.txt

# --- British and American spellings find each other (samples say "defence")
run "$NEWSIDX" search --db "$DB" --json defense
expect_rc 0 "defense finds the defence story"
[ "$(json_ids | tr '\n' ' ')" = "$S/text/politics/001.txt " ] && ok || fail "defense: exactly the defence story (got $(json_ids | tr '\n' ' '))"
run "$NEWSIDX" search --db "$DB" defense
expect_out "\[defence\]" "the other spelling is highlighted"
grep -q "Did you mean" "$T/out" "$T/err" && fail "no 'did you mean' for a word found under its other spelling" || ok

# --- spelling: a misspelt name suggests the right one
run "$NEWSIDX" search --db "$DB" Starmr
expect_rc 1 "misspelt name finds nothing"
expect_out "Did you mean: Starmer" "suggests Starmer"
run "$NEWSIDX" search --db "$DB" Okonjoo budget
expect_out "Did you mean: Okonjo budget" "suggests Okonjo"

# --- fields, date ranges and sorting
run "$NEWSIDX" search --db "$DB" --json --sort date --limit 50 place:lisbon
expect_rc 0 "place:lisbon"
jq -e '([.dateline // "", (.places // [])[]] | map(ascii_downcase) | any(test("lisbon")))' "$T/hits" >/dev/null \
    && ok || fail "every place:lisbon hit has Lisbon as dateline or place"
[ "$(jq -r .date "$T/hits")" = "$(jq -r .date "$T/hits" | sort -r)" ] && ok || fail "--sort date is newest first"
[ "$(wc -l <"$T/hits")" -ge 3 ] && ok || fail "several Lisbon datelines"

run "$NEWSIDX" search --db "$DB" --json --limit 50 --since 2025-04-01 --until 2025-06-30 --sort date energy OR trade OR budget
expect_rc 0 "date-limited search"
jq -r .date "$T/hits" | awk '$0 < "2025-04-01" || $0 > "2025-06-30T23:59:59Z" { bad=1 } END { exit bad }' \
    && ok || fail "--since/--until keep only Q2 2025"
run "$NEWSIDX" search --db "$DB" --json --limit 50 'topic:energy date:2025-04-01..2025-04-30'
jq -e 'select((.date < "2025-04-01") or (.date > "2025-04-30T23:59:59Z") or ((.tags // []) | map(ascii_downcase) | index("energy") | not))' "$T/hits" >/dev/null \
    && fail "topic + date range returned a non-matching article" || ok
[ -s "$T/out" ] && ok || fail "topic:energy in April 2025 finds the wind farm story"

# --- query expansion: the best matches' words join the query, so it finds
# at least what the plain query finds, ranks the plain query's best still
# high, and works with every output form
# (three matches at least are needed to say what a query is about)
run "$NEWSIDX" search --db "$DB" --json --limit 50 geneva
plain=$(jq -r .id "$T/hits" | sort)
top=$(jq -r .id "$T/hits" | head -1)
run "$NEWSIDX" search --db "$DB" --json --limit 50 --expand geneva
expect_rc 0 "--expand"
expanded=$(jq -r .id "$T/hits" | sort)
[ -z "$(comm -23 <(echo "$plain") <(echo "$expanded"))" ] && ok || fail "--expand lost articles the plain query found"
[ "$(echo "$expanded" | wc -l)" -gt "$(echo "$plain" | wc -l)" ] && ok || fail "--expand found nothing more than the plain query"
jq -r .id "$T/hits" | head -3 | grep -qxF "$top" && ok || fail "--expand keeps the plain query's best hit near the top"

# --- pagination
run "$NEWSIDX" search --db "$DB" --json --limit 2 geneva
a=$(jq -r .id "$T/hits" | tr '\n' ' ')
run "$NEWSIDX" search --db "$DB" --json --limit 2 --offset 2 geneva
b=$(jq -r .id "$T/hits" | tr '\n' ' ')
[ -n "$b" ] && [ "$a" != "$b" ] && ok || fail "--offset pages through results"
[ "$(jq -r .rank "$T/hits" | head -1)" = 3 ] && ok || fail "ranks continue across pages"

# --- names view: who is in the stories
run "$NEWSIDX" names --db "$DB" --json --limit 3 climate
expect_rc 0 "names climate"
[ "$(jq -r .name "$T/out" | head -1)" = "Lena Fischer" ] && ok || fail "names climate: Lena Fischer first (got $(jq -r .name "$T/out" | tr '\n' ','))"
run "$NEWSIDX" names --db "$DB" --json --limit 5 Okonjo OR budget
jq -r .name "$T/out" | grep -qx "Marta Okonjo" && ok || fail "names budget lists Marta Okonjo"

# --- the default database: $NEWSIDX_DB
NEWSIDX_DB="$DB" run "$NEWSIDX" search ceasefire
expect_rc 0 "NEWSIDX_DB is the default database"

finish
