#!/usr/bin/env bash
# Everyday use (issue 21): reading one article (show), removing articles
# (delete), the newest stories without a query, several databases searched
# as one, terminal output (wrapping, the id line, headline highlights,
# byline and section), JSON details and the small CLI points (usage hints,
# "did you mean", -V, a file that is no database, a date filter on an
# archive without dates).  Expected values come from samples/README.md or
# from an independent computation (one database holding both halves, the
# unwrapped output, the dates printed by --json).
. "$(dirname "$0")/lib.sh"
S="$NX_SAMPLES"
DB="$T/db"
export LC_ALL=C.UTF-8   # wc -L counts columns of UTF-8 text

run "$NEWSIDX" index --db "$DB" "$S"
expect_rc 0 "indexing samples/"

# ---------------------------------------------------------------- show
W="$S/text/world/001.txt"
run "$NEWSIDX" show --db "$DB" "$W"
expect_rc 0 "show a text article"
[ "$(head -1 "$T/out")" = "Macron and Starmer press for monitored ceasefire" ] && ok \
    || fail "show starts with the headline: $(head -1 "$T/out")"
expect_out "^id: +$W\$" "show names the id"
expect_out "^byline: +Claire Dubois\$" "show gives the byline"
expect_out "^section: +world\$" "show gives the section"
expect_out "^tags: +ceasefire, diplomacy, France, United Kingdom\$" "show lists the tags"
expect_out "^names: .*Keir Starmer" "show lists the names found in the text"
expect_no_out "^path:" "a file that is one article: its path is its id, said once"
# The body in its paragraphs: the file's three paragraphs, blank lines between.
body_paras=$(awk 'f && NF { n++ } /^$/ && !f { f = 1 } END { print n }' "$T/out")
[ "$body_paras" = 3 ] && ok || fail "show prints the body's 3 paragraphs, one line each (got $body_paras)"
expect_out "^A joint communiqué said the mission should be in place within thirty days of a signed agreement\.\$" \
    "the last paragraph whole, on its own line"
# A file that is one article, by a relative path.
(cd "$S/text" && "$NEWSIDX" show --db "$DB" world/001.txt) >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "show a file article by a relative path"
expect_out "^id: +$W\$" "a relative path finds the file's article"
# A wire story's indented lines start new paragraphs, kept indented.
run "$NEWSIDX" show --db "$DB" reuters-30001
expect_out "^    Governor Andrew Bailey said wage growth was slowing and that the committee saw less risk" \
    "an indented wire paragraph starts its own line, its hard line breaks joined"
expect_out "^path: +$S/sgml/reut-sample.sgm\$" "an article of a many-article file names its file"
# Several ids, id: prefixes, ids from standard input; a missing id is named, exit 1.
run "$NEWSIDX" show --db "$DB" reuters-30001 "id:wire-2025-0001" no-such-id
expect_rc 1 "show with one unknown id"
expect_err "no article with id 'no-such-id'" "the unknown id is named"
[ "$(grep -c '^id:' "$T/out")" = 2 ] && ok || fail "the two known articles are shown"
printf 'wire-2025-0002\n\nexport-001\n' >"$T/ids"
"$NEWSIDX" show --db "$DB" - <"$T/ids" >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "show - reads ids from standard input"
[ "$(grep -c '^id:' "$T/out")" = 2 ] && ok || fail "show - shows both ids"
# --json: one object per article, every list an array, the whole body.
run "$NEWSIDX" show --db "$DB" --json "$W" reuters-30001
expect_rc 0 "show --json"
[ "$(jq -r .type "$T/out" | sort -u)" = article ] && ok || fail "show --json objects are type article"
jq -e -s 'length == 2 and all(.[]; (.tags|type) == "array" and (.people|type) == "array"
          and (.places|type) == "array" and (.orgs|type) == "array" and (.names|type) == "array"
          and has("byline") and has("url") and (has("score")|not) and (has("snippet")|not))' "$T/out" >/dev/null \
    && ok || fail "show --json: lists always arrays, fields present, no search keys: $(head -c 400 "$T/out")"
jq -e -s 'map(select(.id == "'"$W"'"))[0] | .people == [] and .byline == "Claire Dubois" and .url == null' "$T/out" >/dev/null \
    && ok || fail "show --json: [] for an empty list, null for an absent field"
jq -r 'select(.id == "'"$W"'") | .people[]' "$T/out" >/dev/null && ok || fail "jq '.people[]' works on an article without people"
want=$(sed '1,/^$/d' "$W")
[ "$(jq -r 'select(.id == "'"$W"'") | .body' "$T/out")" = "$want" ] && ok || fail "show --json gives the body as stored"

# ---------------------------------------------------------------- ids with spaces
mkdir -p "$T/sp/my folder"
printf 'Pilots strike at the harbour\n\nHarbour pilots walked out over pay on Monday.\n' >"$T/sp/my folder/a story.txt"
printf 'Keeper of the lighthouse retires\n\nThe keeper retired after forty years.\n' >"$T/sp/b.txt"
run "$NEWSIDX" index --db "$T/spdb" "$T/sp"
SP="$(cd "$T/sp" && pwd -P)/my folder/a story.txt"
run "$NEWSIDX" show --db "$T/spdb" "$SP"
expect_rc 0 "show an id with spaces given as one shell word"
run "$NEWSIDX" search --db "$T/spdb" --json "id:$SP"
[ "$(jq -r .id "$T/hits")" = "$SP" ] && ok || fail "search 'id:ID WITH SPACES' as one argument finds that article (got $(jq -r .id "$T/hits"))"
run "$NEWSIDX" search --db "$T/spdb" --json "id:$SP" OR keeper
[ "$(jq -r .id "$T/hits" | wc -l)" = 2 ] && ok || fail "an id with spaces combines with the rest of the query"
run "$NEWSIDX" search --db "$DB" --json "id:wire-2025-0001 OR id:wire-2025-0002"
[ "$(jq -r .id "$T/hits" | wc -l)" = 2 ] && ok || fail "a whole query in one argument is still a query"

# ---------------------------------------------------------------- delete
cp -r "$DB" "$T/deldb"
run "$NEWSIDX" delete --db "$T/deldb" wire-2025-0001 no-such-id
expect_rc 1 "delete with one unknown id"
expect_err "no article with id 'no-such-id'" "delete names the unknown id"
expect_out "1 article deleted" "delete says what it removed"
run "$NEWSIDX" show --db "$T/deldb" wire-2025-0001
expect_rc 1 "a deleted article is gone"
run "$NEWSIDX" search --db "$T/deldb" --json --limit 100 ""
[ "$(json_summary | jq .total)" = 30 ] && ok || fail "30 articles left after one delete"
run "$NEWSIDX" delete --db "$T/deldb" --file "$S/sgml/reut-sample.sgm"
expect_rc 0 "delete --file"
expect_out "5 articles deleted" "the SGML file's five stories go"
run "$NEWSIDX" search --db "$T/deldb" --json --limit 100 'source:Reuters'
[ "$(json_summary | jq .total)" = 0 ] && ok || fail "no Reuters story is left"
# A relative name, through the folder, as it was indexed.
(cd "$S/text" && "$NEWSIDX" delete --db "$T/deldb" --file world/001.txt) >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "delete --file with a relative path"
run "$NEWSIDX" show --db "$T/deldb" "$W"
expect_rc 1 "the text file's article is gone"
(cd "$S/text" && "$NEWSIDX" delete --db "$T/deldb" politics/001.txt) >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "delete a file article by its relative path, as an id"
run "$NEWSIDX" show --db "$T/deldb" "$S/text/politics/001.txt"
expect_rc 1 "that article is gone"
# Unchanged files are skipped by the next run: what was deleted stays deleted.
run "$NEWSIDX" index --db "$T/deldb" "$S"
run "$NEWSIDX" search --db "$T/deldb" --json --limit 100 ""
[ "$(json_summary | jq .total)" = 23 ] && ok || fail "deleted articles stay deleted while their files are unchanged (total $(json_summary | jq .total))"
# A changed file is read again.
cp -r "$T/sp" "$T/sp2"
run "$NEWSIDX" index --db "$T/sp2db" "$T/sp2"
run "$NEWSIDX" delete --db "$T/sp2db" --file "$T/sp2/b.txt"
expect_out "1 article deleted" "delete --file of a one-article file"
printf 'Keeper of the lighthouse retires\n\nThe keeper retired after forty-one years.\n' >"$T/sp2/b.txt"
run "$NEWSIDX" index --db "$T/sp2db" "$T/sp2"
run "$NEWSIDX" search --db "$T/sp2db" --json keeper
[ "$(jq -r .id "$T/hits" | wc -l)" = 1 ] && ok || fail "a changed file brings its article back"
run "$NEWSIDX" delete --db "$T/sp2db" --file "$T/sp2/nothing.txt"
expect_rc 1 "delete --file of a file never indexed"
expect_err "no article from the file" "the file is named"
run "$NEWSIDX" delete --db "$T/nodb" some-id
expect_rc 3 "delete from a missing database"
[ -e "$T/nodb" ] && fail "delete created a database" || ok
run "$NEWSIDX" delete --db "$T/deldb" --db "$T/db" x
expect_rc 2 "delete takes one database"

# ---------------------------------------------------------------- newest stories
run "$NEWSIDX" search --db "$DB" --json --limit 100 --sort date
expect_rc 0 "search --sort date without words"
[ "$(json_summary | jq .total)" = 31 ] && ok || fail "every article is listed (total $(json_summary | jq .total))"
jq -r '.date // empty' "$T/hits" >"$T/dates"
sort -r "$T/dates" | cmp -s - "$T/dates" && ok || fail "newest first: $(tr '\n' ' ' <"$T/dates")"
n_dated=$(wc -l <"$T/dates")
n_since=$(awk '$0 >= "2025-06"' "$T/dates" | wc -l)
run "$NEWSIDX" search --db "$DB" --json --limit 100 --since 2025-06
[ "$(json_summary | jq .total)" = "$n_since" ] && ok || fail "with --since 2025-06: $n_since articles (got $(json_summary | jq .total))"
[ "$(jq -r .date "$T/hits" | head -1)" = "$(head -1 "$T/dates")" ] && ok || fail "no words and no --sort: newest first"
run "$NEWSIDX" search --db "$DB" --json --limit 100 --until 2025-05-31 topic:energy
jq -e -s 'length > 0 and all(.[]; .date < "2025-06")' "$T/hits" >/dev/null && ok || fail "a filter-only query with --until"
run "$NEWSIDX" search --db "$DB" --limit 3
expect_out "^31 articles, newest first \(showing 1-3\)" "the text header of a listing"
expect_no_out "score" "no scores in a listing"
[ "$n_dated" -gt 0 ] || fail "the samples have dates"

# ---------------------------------------------------------------- several databases
# The oracle: one database holding both halves ranks and counts the same.
mkdir -p "$T/half1" "$T/half2"
cp -r "$S/text" "$T/half1/"
cp -r "$S/json" "$S/sgml" "$S/html" "$T/half2/"
run "$NEWSIDX" index --db "$T/h1.db" "$T/half1"
run "$NEWSIDX" index --db "$T/h2.db" "$T/half2"
run "$NEWSIDX" index --db "$T/both.db" "$T/half1" "$T/half2"
scores() { jq -r 'select(.type == "hit") | "\(.id) \(.score * 1000000 | round)"' "$T/out" | sort; }
for q in harbour "ceasefire talks" energy "Bank of England" "strike OR port" "topic:acq"; do
    run "$NEWSIDX" search --db "$T/h1.db" --db "$T/h2.db" --json --limit 100 "$q"
    expect_rc 0 "--db --db: $q"
    two=$(scores); two_total=$(json_summary | jq .total)
    run "$NEWSIDX" search --db "$T/both.db" --json --limit 100 "$q"
    [ "$two" = "$(scores)" ] && ok || fail "--db h1 --db h2 '$q' ranks as one database: [$two] vs [$(scores)]"
    [ "$two_total" = "$(json_summary | jq .total)" ] && ok || fail "--db h1 --db h2 '$q' counts as one database"
done
run "$NEWSIDX" show --db "$T/h1.db" --db "$T/h2.db" reuters-30001 "$T/half1/text/world/001.txt"
expect_rc 0 "show over two databases finds an article of each"
run "$NEWSIDX" names --db "$T/h1.db" --db "$T/h2.db" --json --limit 50 energy OR strike
jq -r '"\(.name) \(.docs) \(.total)"' "$T/out" | sort >"$T/names2"
run "$NEWSIDX" names --db "$T/both.db" --json --limit 50 energy OR strike
jq -r '"\(.name) \(.docs) \(.total)"' "$T/out" | sort >"$T/names1"
[ -s "$T/names1" ] && cmp -s "$T/names1" "$T/names2" && ok || fail "names over two databases as over one: $(diff "$T/names1" "$T/names2" | head -5)"
run "$NEWSIDX" search --db "$T/h1.db" --json --limit 100 ""
n1=$(json_summary | jq .total)
run "$NEWSIDX" search --db "$T/h1.db" --db "$T/h1.db" --json --limit 100 ""
[ "$(json_summary | jq .total)" = "$n1" ] && ok || fail "a database named twice counts once ($n1 articles)"
run "$NEWSIDX" search --db "$T/h1.db" --db "$T/missing.db" harbour
expect_rc 3 "one missing database of two"
expect_err "missing.db: no database" "the missing one is named"
run "$NEWSIDX" search --help
expect_out "several --db are searched as one" "search --help says so"

# ---------------------------------------------------------------- terminal output
run "$NEWSIDX" search --db "$DB" --limit 10 ceasefire talks
cp "$T/out" "$T/flat"
grep -q '^   …for an international mission.*checking them\. The two leaders' "$T/flat" && ok \
    || fail "not on a terminal, without COLUMNS: a snippet is one line"
COLUMNS=50 run "$NEWSIDX" search --db "$DB" --limit 10 --highlight none --snippet-length 400 ceasefire OR talks OR geneva
cp "$T/out" "$T/wrapped"
# At most 50 columns (bash counts characters in a UTF-8 locale; the
# samples have no wide ones), except a line that is one word (a path)
# after its indent; the id line is fields, tested on its own below.
over= lines=0
while IFS= read -r line; do
    lines=$((lines + 1))
    rest=${line#"${line%%[! ]*}"}
    rest=${rest#[0-9]. }
    case $line in "   id "*) continue ;; esac
    [ "$lines" -gt 2 ] && [ "${#line}" -gt 50 ] && [ "$rest" != "${rest/ /}" ] && over="$over|$line"
done <"$T/out"
[ -z "$over" ] && ok || fail "COLUMNS=50: lines wider than 50 columns: $over"
grep -q '^   …' "$T/out" && [ "$(wc -l <"$T/out")" -gt "$(wc -l <"$T/flat")" ] && ok || fail "the output was wrapped at all"
# No word broken: every snippet and headline, as --json gives them, is in
# the wrapped text once its lines are joined again with spaces.
joined=$(sed 's/^ *//' "$T/wrapped" | tr '\n' ' ' | tr -s ' ')
run "$NEWSIDX" search --db "$DB" --limit 10 --json --snippet-length 400 ceasefire OR talks OR geneva
missing=$(jq -r --arg t "$joined" 'select(.type == "hit") | .snippet as $s | .title as $h
                                   | select((($t | contains($s)) and ($t | contains($h))) | not) | .id' "$T/out")
[ -z "$missing" ] && [ -s "$T/hits" ] && ok || fail "wrapping broke a snippet or headline of: $missing"
cp "$T/flat" "$T/out"
expect_out "^1\. \[Ceasefire\] \[talks\] resume" "headline matches highlighted"
id_line=$(grep -F "id $S/text/politics/002.txt" "$T/flat")
[ "$(grep -oF "$S/text/politics/002.txt" <<<"$id_line" | wc -l)" = 1 ] && ok || fail "the id line names a file once: $id_line"
grep -qF "The Meridian Post, politics | by Samuel Adeyemi" <<<"$id_line" && ok || fail "source, section and byline on the id line: $id_line"
run "$NEWSIDX" search --db "$DB" --json ceasefire talks
jq -r 'select(.type == "hit") | . as $h | .title_highlights[] | $h.title[.[0]:.[1]]' "$T/out" | tr A-Z a-z | sort -u >"$T/th"
[ "$(tr '\n' ' ' <"$T/th")" = "ceasefire talks " ] && ok || fail "title_highlights cover the query words: $(tr '\n' ' ' <"$T/th")"
# Colour across a break is closed before the newline and reopened after the indent.
COLUMNS=30 run "$NEWSIDX" search --db "$DB" --highlight ansi --limit 10 '"ceasefire talks"' OR ceasefire
unbalanced=$(awk '{ o = gsub(/\033\[1;33m/, ""); c = gsub(/\033\[0m/, ""); if (o != c) n++ } END { print n + 0 }' "$T/out")
[ "$unbalanced" = 0 ] && ok || fail "$unbalanced lines leave a colour open"

# A control character in a headline prints as a space, the highlight kept.
printf '{"id": "esc-1", "title": "Gale \\u001b[2J closes the pier", "body": "The gale closed the pier."}\n' >"$T/esc.jsonl"
run "$NEWSIDX" index --db "$T/escdb" "$T/esc.jsonl"
run "$NEWSIDX" search --db "$T/escdb" --highlight plain gale pier
grep -q $'\033' "$T/out" && fail "an escape from a headline reached the terminal" || ok
expect_out '^1\. \[Gale\]  \[2J closes the \[pier\]' "the headline made safe, its matches still marked"
run "$NEWSIDX" show --db "$T/escdb" esc-1
grep -q $'\033' "$T/out" && fail "show let an escape through" || ok

# ---------------------------------------------------------------- small CLI points
run "$NEWSIDX" search --db "$DB" --bd harbour
expect_rc 2 "a wrong flag"
expect_err "^newsidx search: unrecognized option '--bd'" "the error names newsidx search"
expect_err "^usage: newsidx search " "the usage line"
expect_err_lines 3 "a wrong flag: the error and a two-line hint, not the whole help"
run "$NEWSIDX" show --bogus x
expect_err_lines 3 "show: a wrong flag gets the short hint"
run "$NEWSIDX" serach harbour
expect_rc 2 "a mistyped command"
expect_err "did you mean 'search'\?" "a mistyped command gets a suggestion"
run "$NEWSIDX" shwo x
expect_err "did you mean 'show'\?" "shwo: show"
run "$NEWSIDX" frobnicate
grep -q "did you mean" "$T/err" && fail "a suggestion for a word far from every command" || ok
for v in -V --version version; do
    run "$NEWSIDX" $v
    expect_rc 0 "newsidx $v"
    expect_out "^newsidx [0-9]+\.[0-9]+\.[0-9]+\$" "newsidx $v prints the version"
done
run "$NEWSIDX" search --db /etc/passwd harbour
expect_rc 3 "--db /etc/passwd"
expect_err "/etc/passwd: not a newsidx database or shard map" "a text file is no database or map"
expect_err_lines 1 "--db /etc/passwd: one line"
printf 'auto %s\nremote nohost\n' "$T/h1.db" >"$T/bad.map"
run "$NEWSIDX" search --db "$T/bad.map" harbour
expect_rc 3 "a broken shard map"
expect_err "bad.map:2: 'remote nohost': expected HOST:PORT" "a broken map keeps its line-numbered message"
# A date filter on an archive without dates.
run "$NEWSIDX" search --db "$T/spdb" --since 2005 keeper
expect_rc 1 "a date filter on an undated archive finds nothing"
expect_err "no article in this database has a date" "and says why"
run "$NEWSIDX" search --db "$DB" --since 2031 ceasefire
expect_err "dated articles here run from 2025-01-15 to 2025-11-21" "a date filter outside the archive's dates says which dates it holds"
run "$NEWSIDX" search --db "$DB" --since 2025 ceasefire
[ -s "$T/err" ] && fail "no note when the date filter finds something: $(cat "$T/err")" || ok

finish
