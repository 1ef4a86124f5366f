#!/usr/bin/env bash
# `newsidx similar ID` (issue 22) on samples/: a story's known follow-up
# comes first (the Geneva ceasefire talks and the leaders' ceasefire call
# that followed them, both ways), the article is never among its related
# stories, the usual output forms and filters hold, and a bad id or
# filter is refused with a clear message and exit code.  Copies are left
# out: a byte-identical repeat of the talks story, indexed beside it, is
# neither a related story of the original nor of the follow-up's list.
. "$(dirname "$0")/lib.sh"

DB="$T/db"
mkdir -p "$T/in"
cp -r "$NX_SAMPLES" "$T/in/samples"
cp "$T/in/samples/text/politics/002.txt" "$T/in/talks-repeat.txt"
run "$NEWSIDX" index --quiet --db "$DB" "$T/in"
expect_rc 0 "index the samples"
S="$T/in/samples"
talks="$S/text/politics/002.txt"
call="$S/text/world/001.txt"
repeat="$T/in/talks-repeat.txt"

# The follow-up first, each way round; never the article itself or its copy.
run "$NEWSIDX" similar --db "$DB" --json "$talks"
expect_rc 0 "similar to the talks story"
[ "$(jq -r 'select(.rank == 1) | .id' "$T/hits")" = "$call" ] && ok || fail "the leaders' call comes first: $(jq -r .id "$T/hits")"
grep -qF "\"id\":\"$talks\"" "$T/hits" && fail "the article itself is listed" || ok
grep -qF "\"id\":\"$repeat\"" "$T/hits" && fail "its byte-identical repeat is listed" || ok
[ "$(json_summary | jq -r .query)" = "$talks" ] && ok || fail "the summary names the article: $(json_summary)"
[ "$(jq -s 'length' "$T/hits")" -le 10 ] && ok || fail "at most 10 by default"
run "$NEWSIDX" similar --db "$DB" --json "$call"
expect_rc 0 "similar to the leaders' call"
first=$(jq -r 'select(.rank == 1) | .id' "$T/hits")
[ "$first" = "$talks" ] || [ "$first" = "$repeat" ] && ok || fail "the talks story comes first: $(jq -r .id "$T/hits")"
# The talks story and its repeat are one story: shown once, "+1 similar".
[ "$(jq -r 'select(.id == "'"$talks"'" or .id == "'"$repeat"'") | .id' "$T/hits" | wc -l)" -eq 1 ] && ok ||
    fail "the talks story is shown once: $(jq -r .id "$T/hits")"
[ "$(jq -r 'select(.rank == 1) | .similar' "$T/hits")" = 1 ] && ok || fail "+1 similar on the talks story"
run "$NEWSIDX" similar --db "$DB" --json --all-versions "$call"
[ "$(jq -r 'select(.id == "'"$talks"'" or .id == "'"$repeat"'") | .id' "$T/hits" | wc -l)" -eq 2 ] && ok ||
    fail "--all-versions shows both copies: $(jq -r .id "$T/hits")"

# Text output: a relative path names the file article too.
(cd "$S" && "$NEWSIDX" similar --db "$DB" --limit 2 text/politics/002.txt) >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0 "similar, text"
expect_out "related articles? for '$talks' \(showing 1-2\)" "text summary line"
expect_out "^1\. Macron and Starmer press for monitored ceasefire" "the follow-up first, as text"
expect_no_out "^3\." "--limit 2"

# Filters: a query of fields, and dates.
run "$NEWSIDX" similar --db "$DB" --json --limit 50 "$talks" source:reuters
expect_rc 0 "a source filter"
[ -s "$T/hits" ] && ok || fail "reuters articles are related"
[ "$(jq -r .source "$T/hits" | sort -u)" = "Reuters" ] && ok || fail "only Reuters: $(jq -r .source "$T/hits" | sort -u)"
run "$NEWSIDX" similar --db "$DB" --json --limit 50 --since 2025-06-01 --until 2025-09-30 "$talks"
expect_rc 0 "dates"
[ -s "$T/hits" ] && ok || fail "some related articles in those dates"
bad=$(jq -r 'select(.date < "2025-06-01" or .date > "2025-09-30T23:59:59Z") | .id' "$T/hits")
[ -z "$bad" ] && ok || fail "outside the dates: $bad"
run "$NEWSIDX" similar --db "$DB" --json "$talks" section:nosuchsection
expect_rc 1 "a filter that leaves nothing"
[ "$(json_summary | jq -r .count)" = 0 ] && ok || fail "count 0"

# Refusals.
run "$NEWSIDX" similar --db "$DB" no-such-article
expect_rc 1 "an unknown id"
expect_err "no article has the id 'no-such-article'" "says which id"
run "$NEWSIDX" similar --db "$DB" "$talks" 'title:('
expect_rc 4 "a filter that cannot be read"
run "$NEWSIDX" similar --db "$DB"
expect_rc 2 "no id"
expect_err "similar needs the id of an article" "says what is missing"
run "$NEWSIDX" similar --db "$DB" --limit 0 "$talks"
expect_rc 2 "--limit 0"
run "$NEWSIDX" similar --db "$T/nothing" "$talks"
expect_rc 3 "no database"
finish
