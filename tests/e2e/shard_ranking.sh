#!/usr/bin/env bash
# Same answers over shards: Reuters-21578 indexed into month shards (its
# stories fall in five months of 1987) and into one database; for 60 queries
# the top 20 ids and scores agree (scores to 1e-9 relative), because Xapian
# combines the statistics of the shards it searches as one.  22 of them are
# compared again with --feedback.  The searches are --exact: Xapian 1.4.22's
# early termination drops a match now and then, depending on document ids,
# which differ between one database and its shards (README "Exact
# searches"; test_xapian_c has a case).  With --exact the total is exact too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/shardlib.sh"
R="${NX_CORPORA:-}/reuters21578"
if [ ! -d "$R" ]; then
    echo "SKIP: the Reuters-21578 corpus was not found at $R (set NX_CORPORA)"
    exit 77
fi

run "$NEWSIDX" index --quiet --db "$T/one" "$R"
expect_rc 0 "index Reuters into one database"
run "$NEWSIDX" index --db "$T/months" --shard-by month "$R"
expect_rc 0 "index Reuters into month shards"
expect_out ": 21578 indexed" "every story indexed once"
# The stories fall in five months of 1987; each shard holds only its own.
months=$(cd "$T/months" && ls -d 1987-* | tr '\n' ' ')
[ "$months" = "1987-02 1987-03 1987-04 1987-06 1987-10 " ] && ok || fail "month shards are $months"
for m in $months; do
    run "$NEWSIDX" search --db "$T/months/$m" --json "date:1900..2100 -date:$m"
    expect_rc 1 "shard $m holds no story from another month"
done
run "$NEWSIDX" stats --db "$T/months"
expect_out "articles: +21578$" "the shards hold 21,578 stories together"

QUERIES=(
    "oil prices" "crude oil" "opec production" "gold" "coffee" "cocoa" "sugar exports" "wheat"
    "grain shipments" "soybeans" "corn" "cotton" "interest rates" "prime rate" "federal reserve"
    "money supply" "dollar" "yen" "bundesbank" "inflation" "trade deficit" "trade surplus" "tariffs"
    "japan trade" "gatt talks" "merger" "acquisition" "takeover bid" "tender offer" "stake"
    "earnings" "net profit" "loss" "dividend" "stock split" "shares" "bonds" "debt" "brazil debt"
    "ship" "strike" "iran" "iraq" "gulf" "natural gas" "copper" "aluminium" "tin" "rubber"
    "unemployment" "gnp growth" "budget deficit" "treasury" "housing starts" "retail sales"
    "computer" "airline" "bank" "reagan" "baker" "volcker" "title:oil" "topic:crude" '"oil prices"'
)
[ "${#QUERIES[@]}" -ge 50 ] && ok || fail "at least 50 queries"
CMP_OPTS=(--exact)
before=$FAILS
compare "$T/one" "$T/months" "${QUERIES[@]}"
echo "${#QUERIES[@]} queries compared, $((FAILS - before)) disagreed"

# --feedback learns from the best matches (ties with the third included,
# searcher/feedback.c), so it must rank alike too; a third of the queries
# keeps the test's time down.
CMP_OPTS=(--exact --feedback)
before=$FAILS
compare "$T/one" "$T/months" "${QUERIES[@]:0:22}"
echo "22 queries compared with --feedback, $((FAILS - before)) disagreed"
CMP_OPTS=()

# --exact counts every match: its total is the number of hits a long enough
# page holds, over one database and over shards alike.
for q in oil "trade deficit" '"oil prices"'; do
    check_exact_total "$T/one" "$q"
    check_exact_total "$T/months" "$q"
done

finish
