#!/usr/bin/env bash
# One story shown once (issue 22): copies of a story (a byte-identical
# repeat, a correction filed the same day, a re-headlined copy indexed in a
# later run) are one hit with "+N similar" and their ids, --all-versions
# shows each; a near copy filed a month later, and templated reports that
# differ in their figures, stay stories of their own.
. "$(dirname "$0")/lib.sh"

story='The port authority said on Monday that the new container terminal at the eastern harbour would open in March, two months later than planned, after storms delayed work on the quay. Shipping lines had been told to keep using the old berths, where queues of up to nine vessels formed last week. The authority blamed the weather and a shortage of cranes, and said the cost of the project was unchanged at 410 million.'
corrected='The port authority said on Monday that the new container terminal at the eastern harbour would open in April, three months later than planned, after storms delayed work on the quay. Shipping lines had been told to keep using the old berths, where queues of up to nine vessels formed last week. The authority blamed the weather and a shortage of cranes, and said the cost of the project was unchanged at 410 million.'
mkdir -p "$T/in" "$T/later"
jq -nc --arg s "$story" --arg c "$corrected" '
  {id: "port-1", title: "Harbour terminal delayed to March", body: $s, date: "2025-02-03T09:00:00Z"},
  {id: "port-2", title: "Harbour terminal delayed to March", body: $s, date: "2025-02-03T09:20:00Z"},
  {id: "port-3", title: "CORRECTED - Harbour terminal delayed to April", body: $c, date: "2025-02-03T15:00:00Z"},
  {id: "port-4", title: "Harbour terminal delayed again", body: $s, date: "2025-03-05T09:00:00Z"},
  {id: "fish-1", title: "Harbour fish market prices", body: "Cod fetched 4.10 a kilo at the harbour fish market on Monday, haddock 3.20 and plaice 2.90, traders said.", date: "2025-02-03T07:00:00Z"},
  {id: "fish-2", title: "Harbour fish market prices", body: "Cod fetched 4.35 a kilo at the harbour fish market on Monday, haddock 3.05 and plaice 2.95, traders said.", date: "2025-02-03T08:00:00Z"},
  {id: "ferry", title: "Harbour ferry timetable changes", body: "The harbour ferry will run every twenty minutes from April, the operator said, instead of every half hour.", date: "2025-02-04T10:00:00Z"}
' >"$T/in/port.jsonl"
DB="$T/db"
run "$NEWSIDX" index --quiet --db "$DB" "$T/in"
expect_rc 0 "index the archive"

ids() { jq -r .id "$T/hits" | tr '\n' ' '; }
sim_of() { jq -r --arg id "$1" 'select(.id == $id) | .similar' "$T/hits"; }
sim_ids_of() { jq -r --arg id "$1" 'select(.id == $id) | .similar_ids | sort | join(" ")' "$T/hits"; }

run "$NEWSIDX" search --db "$DB" --json --limit 50 harbour terminal
expect_rc 0 "search"
shown=$(jq -r 'select(.id | test("^port-[123]$")) | .id' "$T/hits")
[ "$(echo "$shown" | grep -c .)" -eq 1 ] && ok || fail "one of the three copies is shown: $(ids)"
others=$(printf 'port-1\nport-2\nport-3\n' | grep -vx "$shown" | tr '\n' ' ' | sed 's/ $//')
[ "$(sim_of "$shown")" = 2 ] && ok || fail "$shown has +2 similar: $(cat "$T/hits")"
[ "$(sim_ids_of "$shown")" = "$others" ] && ok || fail "$shown lists $others: $(sim_ids_of "$shown")"
case " $(ids)" in *" port-4 "*) ok;; *) fail "the month-later copy is a story of its own: $(ids)";; esac
[ "$(sim_of port-4)" = 0 ] && ok || fail "port-4 has no similar"
[ "$(jq -r '.similar_ids | length' "$T/hits" | sort -u | tr '\n' ' ')" != "" ] && ok || fail "similar_ids on every hit"
# The total counts matching articles: each story shown and its versions.
articles=$(jq -s 'map(1 + .similar) | add' "$T/hits")
[ "$(json_summary | jq .total)" = "$articles" ] && ok \
    || fail "the total counts every matching article ($articles): $(json_summary)"
[ "$(json_summary | jq .count)" = "$(jq -s length "$T/hits")" ] && ok || fail "count is the stories on the page"

run "$NEWSIDX" search --db "$DB" --json --limit 50 harbour fish market
[ "$(jq -s length "$T/hits")" -ge 2 ] && ok || fail "two price reports differing in their figures are two stories: $(ids)"

run "$NEWSIDX" search --db "$DB" --json --limit 50 --all-versions harbour terminal
for id in port-1 port-2 port-3 port-4; do
    case " $(ids)" in *" $id "*) ok;; *) fail "--all-versions shows $id: $(ids)";; esac
done
[ "$(jq -r .similar "$T/hits" | sort -u)" = 0 ] && ok || fail "--all-versions lists no similar"
[ "$(json_summary | jq .total)" = "$articles" ] && [ "$(jq -s length "$T/hits")" = "$articles" ] && ok \
    || fail "--all-versions shows and counts the same $articles articles: $(json_summary)"

# A filter applies to the versions listed: before the correction was filed.
run "$NEWSIDX" search --db "$DB" --json --until 2025-02-03 harbour terminal
n=$(jq -r 'select(.id | test("^port-[123]$")) | .similar' "$T/hits")
[ "$n" = 2 ] && ok || fail "--until the same day still lists both others: $n"
run "$NEWSIDX" search --db "$DB" --json --since 2025-02-04 harbour terminal
[ "$(jq -r 'select(.id | startswith("port-")) | .id' "$T/hits")" = port-4 ] && ok \
    || fail "--since: only the month-later copy: $(ids)"

# Text output.
run "$NEWSIDX" search --db "$DB" harbour terminal
expect_out '^   \+2 similar: ' "text output says +2 similar"

# Pages are of stories: page 2 of size 1 is rank 2.
run "$NEWSIDX" search --db "$DB" --json --limit 2 harbour
two=$(ids)
run "$NEWSIDX" search --db "$DB" --json --limit 1 --offset 1 harbour
[ "$(echo "$two" | cut -d' ' -f2) " = "$(ids)" ] && ok || fail "offset pages the collapsed list: '$two' vs '$(ids)'"

# Date order shows each story once too.
run "$NEWSIDX" search --db "$DB" --json --sort date --limit 50 harbour terminal
[ "$(jq -r 'select(.id | test("^port-[123]$")) | .id' "$T/hits" | grep -c .)" -eq 1 ] && ok \
    || fail "--sort date shows one of the copies: $(ids)"

# A copy indexed by a later run finds its story in the database.
jq -nc --arg s "$story" '{id: "port-5", title: "Terminal opening put back to March", body: $s, date: "2025-02-03T18:00:00Z"}' \
    >"$T/later/late.jsonl"
run "$NEWSIDX" index --quiet --db "$DB" "$T/later"
expect_rc 0 "index the later copy"
run "$NEWSIDX" search --db "$DB" --json --limit 50 harbour terminal
shown=$(jq -r 'select(.id | test("^port-[1235]$")) | .id' "$T/hits")
[ "$(echo "$shown" | grep -c .)" -eq 1 ] && ok || fail "the later copy joins the story: $(ids)"
[ "$(sim_of "$shown")" = 3 ] && ok || fail "+3 similar after the later run: $(cat "$T/hits")"

finish
