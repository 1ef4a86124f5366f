#!/usr/bin/env bash
# Everyday use (issue 21), the indexing side through the CLI: standard
# input, formats refused rather than guessed, --format, CSV with a header
# or --csv-columns, the field mapping as an option (--fields, the
# NX_JSON_FIELDS variable read by the CLI only), invalid dates, inputs and
# languages refused before a database is made, and a summary, warnings
# and exit code that agree.  Expected counts are the inputs' own (the rows
# and lines written here); the stored articles are read back with show
# --json and search --json.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
mkdir -p "$T/in"
total() { "$NEWSIDX" search --db "$1" --json --limit 1 "" | jq -r 'select(.type == "summary") | .total'; }

# ---------------------------------------------------------------- standard input
printf '%s\n' '{"id": "p-1", "title": "Pilots strike at the harbour", "body": "Harbour pilots walked out.", "date": "2025-04-02"}' \
              '{"id": "p-2", "title": "Gale closes the pier", "body": "The pier shut at noon."}' >"$T/in/two.jsonl"
"$NEWSIDX" index --db "$T/stdin.db" - <"$T/in/two.jsonl" >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "index - reads JSON Lines from standard input"
expect_out "2 indexed" "both lines indexed"
run "$NEWSIDX" show --db "$T/stdin.db" --json p-1
[ "$(jq -r .date "$T/out")" = 2025-04-02T00:00:00Z ] && [ "$(jq -r .path "$T/out")" = stdin ] && ok \
    || fail "the piped article keeps its date, its path is stdin: $(head -c 300 "$T/out")"
cat "$T/in/two.jsonl" | "$NEWSIDX" index --db "$T/stdin.db" - >"$T/out" 2>"$T/err"; RC=$?
expect_out "0 indexed, 2 updated" "the same stream again replaces by id, no duplicates"
[ "$(total "$T/stdin.db")" = 2 ] && ok || fail "still 2 articles after piping twice"
printf 'Storm warning for the coast\n\nThe coastguard issued a storm warning.\n' |
    "$NEWSIDX" index --db "$T/stdin2.db" --format text - >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "index --format text -"
run "$NEWSIDX" show --db "$T/stdin2.db" --json stdin
[ "$(jq -r .title "$T/out")" = "Storm warning for the coast" ] && ok || fail "a text stream: $(head -c 300 "$T/out")"
run "$NEWSIDX" index --db "$T/stdin.db" - -
expect_rc 2 "- twice is a usage error"

# ---------------------------------------------------------------- formats refused, not guessed
printf 'Quarterly figures\n\nNumbers.\n' >"$T/in/report.dat"
printf '%%PDF-1.4 not an article\n' >"$T/in/paper.pdf"
run "$NEWSIDX" index --db "$T/fmt.db" "$T/in/report.dat"
expect_rc 1 "a file of an unknown format named on the command line"
expect_err "report.dat: skipped: format not recognised" "it gets one warning naming it"
expect_err_lines 1 "one warning, nothing else on stderr"
expect_out "0 indexed, .* 1 skipped" "the summary counts it skipped"
run "$NEWSIDX" index --db "$T/fmt.db" --format text "$T/in/report.dat"
expect_rc 0 "--format text forces a reader"
expect_out "1 indexed" "and the file is one article"
run "$NEWSIDX" index --db "$T/fmt.db" --format pdf "$T/in/report.dat"
expect_rc 2 "an unknown --format"
expect_err "unknown format 'pdf'" "names the format"
# A file whose content says what it is is read whatever its extension.
printf '%s\n' '{"id": "dat-1", "title": "Export line", "body": "From a .dat export."}' >"$T/in/export.dat"
run "$NEWSIDX" index --db "$T/fmt2.db" "$T/in/export.dat"
expect_rc 0 "JSON content under an unknown extension"
[ "$(total "$T/fmt2.db")" = 1 ] && ok || fail "export.dat read as JSON"
# In a folder: only known extensions, .csv among them now.
mkdir -p "$T/folder"
printf 'title,body\nCouncil votes,The council voted on the budget.\nFerry delayed,The ferry was late.\n' >"$T/folder/list.csv"
cp "$T/in/paper.pdf" "$T/folder/"
printf 'Notes\n\nA text file.\n' >"$T/folder/notes.txt"
run "$NEWSIDX" index --db "$T/folder.db" "$T/folder"
expect_rc 0 "a folder with a CSV, a text file and a PDF"
expect_out "3 indexed" "the CSV's two rows and the text file; the PDF passed by"
[ -s "$T/err" ] && fail "a folder walk warned: $(cat "$T/err")" || ok

# ---------------------------------------------------------------- CSV
cat >"$T/in/site.csv" <<'CSV'
hed,story_text,published,Topic,byline
"Port strike, day two","Dockers stayed out.

The union met on Tuesday.",2025-03-01,"ports, strikes",Ann Lee
Budget passed,The council passed the budget.,2025-13-45,budget,
,,2025-01-02,,nobody
CSV
run "$NEWSIDX" index --db "$T/csv.db" --fields "title=hed,body=story_text" "$T/in/site.csv"
expect_rc 1 "a CSV with one empty row: exit 1, as the summary says"
expect_out "2 indexed, 0 updated, 0 unchanged, 0 deleted, 1 skipped, 0 failed \(1 file, 0 unchanged; 2 warnings;" \
    "the summary counts the dropped row and both warnings"
expect_err "site.csv:5: row 2: cannot understand date \"2025-13-45\"" "the bad date names its row and line"
expect_err "site.csv:6: row 3: no title or body, skipped" "the empty row is named"
run "$NEWSIDX" show --db "$T/csv.db" --json "$T/in/site.csv#1"
jq -e '.title == "Port strike, day two" and (.body | test("Dockers stayed out.\n\nThe union met")) and
       .date == "2025-03-01T00:00:00Z" and .tags == ["ports", "strikes"] and .byline == "Ann Lee"' "$T/out" >/dev/null \
    && ok || fail "the quoted CSV row, its paragraphs, date, topics and byline: $(head -c 400 "$T/out")"
run "$NEWSIDX" show --db "$T/csv.db" --json "$T/in/site.csv#2"
jq -e '.title == "Budget passed" and .date == null' "$T/out" >/dev/null && ok \
    || fail "the row with a bad date is kept without one: $(head -c 300 "$T/out")"
# The variable is the CLI's way to give the same mapping.
NX_JSON_FIELDS="title=hed,body=story_text" "$NEWSIDX" index --db "$T/csv2.db" "$T/in/site.csv" >"$T/out" 2>"$T/err"
expect_out "2 indexed" "NX_JSON_FIELDS maps the CSV header too"
run "$NEWSIDX" index --db "$T/csv3.db" "$T/in/site.csv"
expect_rc 1 "without the mapping the header names no title or body"
expect_err "names no title or body column.*--csv-columns" "and the warning says what to give"
# Headerless, with --csv-columns in column order.
printf '"2","Cup final tonight","The final kicks off at eight."\n"3","Shares slip","Markets fell."\n' >"$T/in/ag.csv"
run "$NEWSIDX" index --db "$T/ag.db" --csv-columns topic,title,body "$T/in/ag.csv"
expect_rc 0 "--csv-columns topic,title,body"
run "$NEWSIDX" search --db "$T/ag.db" --json topic:3
[ "$(jq -r .title "$T/hits")" = "Shares slip" ] && ok || fail "topic: from the first column: $(cat "$T/hits")"
run "$NEWSIDX" index --db "$T/ag2.db" --csv-columns topic,headline,nonsense "$T/in/ag.csv"
expect_rc 2 "a --csv-columns name that is no field"
expect_err "CSV column 'nonsense' is no article field" "the column is named"
[ -e "$T/ag2.db" ] && fail "a bad --csv-columns created a database" || ok

# ---------------------------------------------------------------- refused before anything is made
run "$NEWSIDX" index --db "$T/new.db" "$T/nonexistent"
expect_rc 1 "index of a path that does not exist"
expect_err "nonexistent: No such file or directory" "the path is named"
[ -e "$T/new.db" ] && fail "a missing input created a database" || ok
run "$NEWSIDX" index --db "$T/k.db" --language klingon "$T/in/two.jsonl"
expect_rc 2 "--language klingon"
expect_err "unknown stemming language \"klingon\"" "the language is named"
[ -e "$T/k.db" ] && fail "an unknown language created a database" || ok
run "$NEWSIDX" index --db "$T/fr.db" --language french "$T/in/two.jsonl"
run "$NEWSIDX" index --db "$T/fr.db" --language german "$T/in/two.jsonl"
expect_rc 2 "--language german on a French database"
expect_err "language is french, not german" "the mismatch is said"
run "$NEWSIDX" index --db "$T/fr.db" --language french "$T/in/two.jsonl"
expect_rc 0 "the database's own language is fine"
run "$NEWSIDX" index --db "$T/fr.db" "$T/in/two.jsonl" "$T/nonexistent"
expect_rc 1 "one missing input of two"
expect_out "1 failed" "counted as failed in the summary"

# ---------------------------------------------------------------- messages agree
printf '%s\n' '{"id": "m-1", "title": "Fine", "body": "A good line."}' 'not json at all' \
              '{"id": "m-3", "title": "Also fine", "body": "Another.", "date": "2005-13-45"}' >"$T/in/mixed.jsonl"
run "$NEWSIDX" index --db "$T/msg.db" "$T/in/mixed.jsonl"
expect_rc 1 "a JSON Lines file with a bad line exits 1"
expect_out " 2 indexed, .* 1 skipped, 0 failed \(1 file, 0 unchanged; 2 warnings" "the bad line is counted skipped"
expect_err "mixed.jsonl:2: invalid JSON at column" "the bad line's warning"
grep -q "line 2" "$T/err" && fail "the line number said twice: $(cat "$T/err")" || ok
expect_err "mixed.jsonl:3: article 'm-3': cannot understand date \"2005-13-45\"" "the bad date names the article"
run "$NEWSIDX" show --db "$T/msg.db" --json m-3
[ "$(jq -r .date "$T/out")" = null ] && ok || fail "kept without a date"
run "$NEWSIDX" index --db "$T/msg1.db" "$T/in/two.jsonl"
expect_out "\(1 file, 0 unchanged; 0 warnings" "one file: 'file', not 'files'"
printf '%s\n' '{"id": "w-1", "title": "T", "body": "B", "date": "soon"}' >"$T/in/onewarn.jsonl"
run "$NEWSIDX" index --db "$T/msg2.db" "$T/in/onewarn.jsonl"
expect_out "; 1 warning;" "one warning: 'warning'"
expect_rc 0 "a kept article with a bad date is no skipped input"

# ---------------------------------------------------------------- HTML
printf '<html><head><meta charset="iso-8859-1"><title>Caf\xe9 prices</title></head><body><p>The caf\xe9 raised prices.</p>' >"$T/in/latin1.html"
printf '<table><tr><td>Item</td><td>Cost</td></tr></table></body></html>\n' >>"$T/in/latin1.html"
run "$NEWSIDX" index --db "$T/html.db" "$T/in/latin1.html"
expect_rc 0 "a page that declares iso-8859-1"
[ -s "$T/err" ] && fail "a declared charset warned: $(cat "$T/err")" || ok
run "$NEWSIDX" show --db "$T/html.db" --json "$T/in/latin1.html"
jq -e '.title == "Café prices" and (.body | test("Item Cost"))' "$T/out" >/dev/null && ok \
    || fail "decoded as declared, table cells apart: $(head -c 300 "$T/out")"
printf '<html><head><meta charset="utf-8"></head><body><p>Caf\xe9.</p></body></html>\n' >"$T/in/liar.html"
run "$NEWSIDX" index --db "$T/html2.db" "$T/in/liar.html"
expect_err "not valid UTF-8" "a page that claims UTF-8 and is not still warns"

# ---------------------------------------------------------------- a bad file mails once
mkdir -p "$T/cron"
printf 'Good story\n\nA good story.\n' >"$T/cron/good.txt"
printf 'bad\0bytes\n' >"$T/cron/nul.txt"
printf '{"x": 1}\n' >"$T/cron/empty.jsonl"
run "$NEWSIDX" index --db "$T/cron.db" "$T/cron"
expect_rc 1 "the first run reports the bad files"
expect_err "nul.txt: binary file \(NUL byte at offset 3\)" "the NUL byte is reported"
for i in 1 2; do
    run "$NEWSIDX" index --db "$T/cron.db" "$T/cron"
    expect_rc 0 "run $((i + 1)): the unchanged bad files are passed by"
    [ -s "$T/err" ] && fail "run $((i + 1)) warned again: $(cat "$T/err")" || ok
    expect_out "3 unchanged \(2 failed before, see newsidx stats\)" "the summary counts them"
done
run "$NEWSIDX" stats --db "$T/cron.db" --json
jq -e '(.failed_files | map(.path) | sort) == ["'"$T"'/cron/empty.jsonl", "'"$T"'/cron/nul.txt"]
       and (.failed_files[] | select(.path | endswith("nul.txt")) | .reason | test("NUL byte"))' "$T/out" >/dev/null \
    && ok || fail "stats lists the failed files and why: $(jq -c .failed_files "$T/out")"
run "$NEWSIDX" stats --db "$T/cron.db"
expect_out "^  $T/cron/nul.txt: binary file" "stats text lists them"
printf 'Mended story\n\nNow readable.\n' >"$T/cron/nul.txt"
run "$NEWSIDX" index --db "$T/cron.db" "$T/cron"
expect_rc 0 "a mended file"
expect_out "^[^ ]+: 1 indexed" "is read again when it changes"
run "$NEWSIDX" stats --db "$T/cron.db" --json
[ "$(jq -r '.failed_files | map(.path) | join(",")' "$T/out")" = "$T/cron/empty.jsonl" ] && ok \
    || fail "a mended file leaves the list: $(jq -c .failed_files "$T/out")"
printf 'bad\0again\n' >"$T/cron/nul.txt"
run "$NEWSIDX" index --db "$T/cron.db" "$T/cron"
expect_rc 1 "a file that breaks again is reported again"

# ---------------------------------------------------------------- text and JSON say the same
run "$NEWSIDX" index --db "$T/samples.db" -q "$NX_SAMPLES"
run "$NEWSIDX" search --db "$T/samples.db" Starmr
expect_out "^Did you mean: Starmer$" "the text suggestion"
run "$NEWSIDX" search --db "$T/samples.db" --json Starmr
[ "$(json_summary | jq -r .suggestion)" = Starmer ] && ok || fail "the same suggestion in the JSON stream: $(json_summary)"
run "$NEWSIDX" search --db "$T/samples.db" --json harbour
[ "$(json_summary | jq -r .suggestion)" = null ] && ok || fail "no suggestion is null, not left out"
run "$NEWSIDX" search --db "$T/samples.db" id:wire-2025-0001
expect_out "^1 match for 'id:wire-2025-0001'" "one match: 'match', not 'matches'"

# ---------------------------------------------------------------- stats
run "$NEWSIDX" stats --db "$T/msg1.db" --json
expect_rc 0 "stats --json"
jq -e '.articles == 2 and .language == "english" and (.sources | type) == "array" and (.shards | type) == "array"
       and .building == false and (.last_indexed | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T")) and .last_change != null' \
    "$T/out" >/dev/null && ok || fail "stats --json fields: $(cat "$T/out")"
first_run=$(jq -r .last_indexed "$T/out"); first_change=$(jq -r .last_change "$T/out")
sleep 1.1   # the stamps have one-second resolution
run "$NEWSIDX" index --db "$T/msg1.db" "$T/in/two.jsonl"
expect_out "0 indexed, 0 updated, 2 unchanged" "a run that changes nothing"
run "$NEWSIDX" stats --db "$T/msg1.db" --json
[ "$(jq -r .last_indexed "$T/out")" != "$first_run" ] && ok || fail "last indexed moves on a run that changed nothing"
[ "$(jq -r .last_change "$T/out")" = "$first_change" ] && ok || fail "last change stays where the articles last changed"
run "$NEWSIDX" stats --db "$T/msg1.db"
expect_out "^last indexed: " "stats says when the last run ended"
expect_out "^last change: " "and when the articles last changed"
# A first build under way: an empty database with the build's private
# databases beside it (what a parallel first build looks like from outside).
: >"$T/in/empty.txt"
run "$NEWSIDX" index --db "$T/building.db" "$T/in/empty.txt"
mkdir "$T/building.db.nx-build"
run "$NEWSIDX" stats --db "$T/building.db"
expect_out "^status: +a first build is running" "stats says a first build is running"
run "$NEWSIDX" stats --db "$T/building.db" --json
[ "$(jq -r .building "$T/out")" = true ] && ok || fail "stats --json building"
run "$NEWSIDX" search --db "$T/building.db" harbour
expect_rc 1 "a search during a first build finds nothing yet"
expect_err "a first build of this database is running" "and says why"
run "$NEWSIDX" search --db "$T/msg1.db" nothingmatchesthis
grep -q "first build" "$T/err" && fail "a finished database mentions a build" || ok

finish
