#!/usr/bin/env bash
# Relevance feedback (--feedback): the matches are re-ordered by the words
# the best ten share, and nothing else about the search changes; the
# default, like --no-feedback, is the plain BM25 order (feedback.c: by
# default it cost more than issue 22's budget).
# A made-up archive: three harvest reports sharing "wheat", "grain" and
# "farmers"; a long grain story that says "harvest" once (B); a short music
# story that says it once too (C), which plain BM25 puts first for its
# length; and unrelated stories.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/in"
cat >"$T/in/feed.jsonl" <<'JSONL'
{"id": "a1", "title": "Harvest begins on the plains", "body": "The harvest began early as farmers brought in wheat and grain across the plains. Harvest crews worked late. Farmers expect a record wheat harvest and strong grain prices.", "date": "2025-07-01"}
{"id": "a2", "title": "Harvest delayed by rain", "body": "Rain delayed the harvest in the north, where farmers fear damage to wheat and other grain. The harvest may resume next week, farmers said, if the wheat dries.", "date": "2025-07-02"}
{"id": "a3", "title": "Harvest forecast raised", "body": "Forecasters raised the harvest estimate: farmers will gather more wheat and grain than last year. A bigger harvest means lower grain prices for millers, and the harvest ends in August.", "date": "2025-07-03"}
{"id": "b", "title": "Millers sign supply deals", "body": "Millers signed supply deals with farmers for wheat and grain deliveries over the next two years. The contracts fix prices for wheat, set quality rules for grain stored on farms, and give farmers a bonus for early delivery after the harvest. Exporters welcomed the deals, which cover most of the grain sold to mills in the region, and said farmers and millers both gain from steadier prices.", "date": "2025-07-04"}
{"id": "c", "title": "Festival announces headliners", "body": "The Harvest Moon festival named its headliners on Monday.", "date": "2025-07-05"}
{"id": "x1", "title": "Council approves bus routes", "body": "The council approved new night bus routes for hospital workers.", "date": "2025-07-06"}
{"id": "x2", "title": "Port reopens after storm", "body": "The port reopened after the storm, and ferries resumed service.", "date": "2025-07-07"}
{"id": "x3", "title": "Bank holds interest rates", "body": "The central bank held interest rates and said inflation was easing.", "date": "2025-07-08"}
{"id": "x4", "title": "Team wins the cup final", "body": "The home team won the cup final with a late goal.", "date": "2025-07-09"}
{"id": "x5", "title": "Museum opens new wing", "body": "The museum opened a new wing for modern art on Sunday.", "date": "2025-07-10"}
{"id": "x6", "title": "Airline adds routes", "body": "The airline added three routes to southern Europe for the summer.", "date": "2025-07-11"}
{"id": "x7", "title": "Hospital expands clinic", "body": "The hospital expanded its children's clinic with twenty new beds.", "date": "2025-07-12"}
JSONL
DB="$T/db"
run "$NEWSIDX" index --quiet --db "$DB" "$T/in"
expect_rc 0 "index the feedback archive"

ids() { jq -r .id "$T/hits" | tr '\n' ' '; }
rank_of() { jq -r .id "$T/hits" | grep -nxF "$1" | cut -d: -f1; }

run "$NEWSIDX" search --db "$DB" --json --limit 50 --no-feedback harvest
expect_rc 0 "search without feedback"
plain=$(ids)
plain_sorted=$(jq -r .id "$T/hits" | sort)
[ "$(rank_of c)" -lt "$(rank_of b)" ] && ok || fail "without feedback the short music story ranks above the grain story: $plain"

run "$NEWSIDX" search --db "$DB" --json --limit 50 --feedback harvest
expect_rc 0 "--feedback"
fed=$(ids)
[ "$(rank_of b)" -lt "$(rank_of c)" ] && ok || fail "feedback puts the grain story above the music story: $fed"
[ "$(jq -r .id "$T/hits" | sort)" = "$plain_sorted" ] && ok || fail "feedback changed the set of matches: '$plain' vs '$fed'"
jq -r .snippet "$T/hits" | grep -q '\[wheat\]' && fail "a feedback word was highlighted" || ok
run "$NEWSIDX" search --db "$DB" --json --limit 50 harvest
[ "$(ids)" = "$plain" ] && ok || fail "the default is not the plain order: '$(ids)' vs '$plain'"

# The estimated total is the query's own.
run "$NEWSIDX" search --db "$DB" harvest
plain_total=$(grep -Eo '[0-9,]+ (matches|match|results?)' "$T/out" | head -1)
[ -n "$plain_total" ] && ok || fail "no match count in the text output"
run "$NEWSIDX" search --db "$DB" --no-feedback harvest
[ "$(grep -Eo '[0-9,]+ (matches|match|results?)' "$T/out" | head -1)" = "$plain_total" ] && ok \
    || fail "the estimated total changed with feedback: $plain_total"

# Pages come from one ranking.
run "$NEWSIDX" search --db "$DB" --json --limit 4 --feedback harvest
first4=$(ids)
run "$NEWSIDX" search --db "$DB" --json --limit 2 --offset 2 --feedback harvest
[ "$(echo "$first4" | cut -d' ' -f3-4) " = "$(ids)" ] && ok || fail "page 2 is not ranks 3-4: '$first4' vs '$(ids)'"

# Date order is not re-ranked; filters still hold.
run "$NEWSIDX" search --db "$DB" --json --sort date --feedback harvest
a=$(ids)
run "$NEWSIDX" search --db "$DB" --json --sort date harvest
[ "$a" = "$(ids)" ] && ok || fail "--sort date differs with feedback"
run "$NEWSIDX" search --db "$DB" --json --until 2025-07-04 --feedback harvest
case " $(ids)" in *" c "*) fail "--until let the 5 July story in";; *) ok;; esac
[ "$(jq -r .id "$T/hits" | wc -l)" -eq 4 ] && ok || fail "--until keeps the four earlier matches: $(ids)"

# Too few matches to learn from: the plain ranking.
run "$NEWSIDX" search --db "$DB" --json --feedback festival
expect_rc 0 "a query with one match"
[ "$(ids)" = "c " ] && ok || fail "one match for festival: $(ids)"

# A large match set: --feedback re-ranks it too, the default does not.
# 10,001 more harvest stories, each with one of two endings.
awk 'BEGIN { for (i = 1; i <= 10001; i++)
    printf "{\"id\": \"f%d\", \"title\": \"Harvest note %d\", \"body\": \"%s\"}\n", i, i,
        i % 2 ? "Growers report on the harvest in the valley." : "A harvest supper at the town hall raised funds." }' \
    >"$T/in/many.jsonl"
run "$NEWSIDX" index --quiet --db "$DB" "$T/in"
expect_rc 0 "index 10,001 more harvest stories"
run "$NEWSIDX" search --db "$DB" --json --limit 50 --no-feedback harvest
plain=$(ids)
run "$NEWSIDX" search --db "$DB" --json --limit 50 harvest
[ "$(ids)" = "$plain" ] && ok || fail "the default re-ranked: '$(ids)' vs '$plain'"
run "$NEWSIDX" search --db "$DB" --json --limit 50 --feedback harvest
[ "$(ids)" != "$plain" ] && ok || fail "--feedback did not re-rank a large match set"

finish
