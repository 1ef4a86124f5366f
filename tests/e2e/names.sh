#!/usr/bin/env bash
# `newsidx names` end to end (issue 19): one article lists its most
# mentioned people first, a surname and a given name count toward the full
# name, a role stays apart from the person, types in the text, --json and
# --type, dates with --since/--until, German text needs more than capitals.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/news" "$T/de"

# A wire story of our own, in the shape of the issue's: the prime minister
# named a dozen times by surname, once by given name.
cat >"$T/news/talks.txt" <<'EOF'
Starmer presses Kyiv talks as allies meet in Paris
Date: 2025-03-02

Prime Minister Keir Starmer said on Sunday that European leaders were ready to do more for Ukraine, as talks in Paris ended without a deal, AFP reported.

Starmer told reporters the meeting had been "frank". Starmer said Britain would send more aid. US National Security Adviser Keith Kellogg, who joined by video link, said Washington wanted a quick result. Kellogg added that Starmer had been helpful.

French President Emmanuel Macron hosted the talks. Macron and Starmer spoke for an hour. Ursula von der Leyen, the president of the European Commission, said Europe would pay its share. Von der Leyen did not give a figure.

Starmer later flew to London. Keir's aides said Starmer would report to Parliament on Monday, and Starmer is expected to face questions. Starmer's office declined to comment. Starmer has said little else.
EOF
cat >"$T/news/old.txt" <<'EOF'
Budget row in the Riverside council
Date: 2020-06-01

Councillor Amelia Hartwell said the Riverside council had no money left. Hartwell blamed the Treasury.
EOF

run "$NEWSIDX" index --db "$T/db" "$T/news"
expect_rc 0 "indexing the stories"

# --- one article: its most mentioned person first, one entry per person
run "$NEWSIDX" names --db "$T/db" --json Kyiv
expect_rc 0 "names for one article"
[ "$(jq -r .name "$T/out" | head -1)" = "Keir Starmer" ] && ok ||
    fail "Keir Starmer first (got $(jq -r .name "$T/out" | tr '\n' ','))"
[ "$(jq -r 'select(.name == "Keir Starmer") | .mentions' "$T/out")" -eq 12 ] && ok ||
    fail "every Starmer and Keir counts toward Keir Starmer (got $(jq -c 'select(.name == "Keir Starmer")' "$T/out"))"
for junk in Starmer Keir "Von der Leyen" Kellogg Macron "US National Security Adviser Keith Kellogg"; do
    jq -r .name "$T/out" | grep -qx "$junk" && fail "'$junk' is an entry of its own" || ok
done
jq -r .name "$T/out" | grep -qx "Ursula von der Leyen" && ok || fail "Ursula von der Leyen is listed"
# the person types and the role
[ "$(jq -r 'select(.name == "Keith Kellogg") | .type + "/" + .role' "$T/out")" = "person/National Security Adviser" ] &&
    ok || fail "Keith Kellogg: person, role National Security Adviser (got $(jq -c 'select(.name == "Keith Kellogg")' "$T/out"))"
[ "$(jq -r 'select(.name == "Paris") | .type' "$T/out")" = place ] && ok || fail "Paris is a place"
[ "$(jq -r 'select(.name == "European Commission") | .type' "$T/out")" = organisation ] && ok ||
    fail "European Commission is an organisation"
# people in order of their mentions
jq -r 'select(.type == "person") | .mentions' "$T/out" >"$T/m"
sort -rn "$T/m" | cmp -s - "$T/m" && ok || fail "people listed by mentions, most first: $(tr '\n' ' ' <"$T/m")"
# AFP is named once: nowhere near the top, and the list is not alphabetical
[ "$(jq -r .name "$T/out" | grep -n -x AFP | cut -d: -f1)" -gt 3 ] && ok || fail "AFP is not among the top three"

# --- --type filters; the text output shows types
run "$NEWSIDX" names --db "$T/db" --json --type person Kyiv
jq -r .type "$T/out" | sort -u | grep -qvx person && fail "--type person lists other types" || ok
[ "$(jq -r .name "$T/out" | head -1)" = "Keir Starmer" ] && ok || fail "--type person: Keir Starmer first"
run "$NEWSIDX" names --db "$T/db" --type org,place Kyiv
expect_rc 0 "--type org,place"
expect_out "organisation +1 +[0-9]+ +[0-9]+ +European Commission" "text output has the type column"
expect_no_out "person" "--type org,place lists no person"
run "$NEWSIDX" names --db "$T/db" --type city Kyiv
expect_rc 2 "an unknown type is a usage error"
expect_err "'city' is no name type" "the error says which type"

# --- dates
run "$NEWSIDX" names --db "$T/db" --json Riverside OR Kyiv
jq -r .name "$T/out" | grep -qx "Amelia Hartwell" && ok || fail "both stories without dates"
run "$NEWSIDX" names --db "$T/db" --json --since 2025-01-01 Riverside OR Kyiv
jq -r .name "$T/out" | grep -qx "Amelia Hartwell" && fail "--since drops the 2020 story" || ok
jq -r .name "$T/out" | grep -qx "Keir Starmer" && ok || fail "--since keeps the 2025 story"
run "$NEWSIDX" names --db "$T/db" --json --until 2021 Riverside OR Kyiv
jq -r .name "$T/out" | grep -qx "Amelia Hartwell" && ok || fail "--until 2021 keeps the 2020 story"
jq -r .name "$T/out" | grep -qx "Keir Starmer" && fail "--until 2021 drops the 2025 story" || ok
run "$NEWSIDX" names --db "$T/db" --since 2025-13-45 Kyiv
expect_rc 2 "a bad --since date is a usage error"
expect_err "since: '2025-13-45' is not a date" "the error names the bad date"

# --- German: a capital proves nothing on its own
cat >"$T/de/bahn.txt" <<'EOF'
Streik bei der Deutschen Bahn

Die Gewerkschaft GDL hat für Mittwoch den Fernverkehr der Deutschen Bahn bestreikt. GDL-Chef Claus Weselsky sagte in Frankfurt, die Arbeitszeit müsse sinken, ohne dass die Löhne fallen. Weselsky warf dem Vorstand vor, keine Angebote gemacht zu haben. Die Wähler sehen den Streik gespalten, sagte Weselsky.
EOF
run "$NEWSIDX" index --db "$T/dedb" --language german "$T/de"
expect_rc 0 "indexing German"
run "$NEWSIDX" names --db "$T/dedb" --json Streik
[ "$(jq -r 'select(.type == "person") | .name' "$T/out" | head -1)" = "Claus Weselsky" ] && ok ||
    fail "German: Claus Weselsky is the person (got $(jq -c . "$T/out" | tr '\n' ' '))"
for junk in Arbeitszeit Löhne "Die Wähler" Wähler Mittwoch Fernverkehr Gewerkschaft Vorstand Weselsky; do
    jq -r .name "$T/out" | grep -qx "$junk" && fail "German: '$junk' is no name" || ok
done
jq -r .name "$T/out" | grep -qx "Deutschen Bahn" && ok || fail "German: Deutschen Bahn is a name"

finish
