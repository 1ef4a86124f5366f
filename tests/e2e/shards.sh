#!/usr/bin/env bash
# Date shards: --shard-by year and month make the right folders; searching
# them equals searching one database of the same articles (ids and
# scores); an article whose date changes moves shard and is not
# duplicated; date filters never open shards they cannot touch;
# incremental re-runs and --prune work over shards.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/shardlib.sh"
A="$T/arch"
cp -r "$NX_SAMPLES" "$A"
chmod -R u+w "$A"
rm -f "$A/README.md"
Y="$T/y" M="$T/m" U="$T/u"

run "$NEWSIDX" index --db "$Y" --shard-by year "$A"
expect_rc 0 "index --shard-by year"
expect_out ": 31 indexed" "year shards: every article indexed"
run "$NEWSIDX" index --db "$M" --shard-by month "$A"
expect_out ": 31 indexed" "month shards: every article indexed"
run "$NEWSIDX" index --db "$U" "$A"
expect_out ": 31 indexed" "unsharded reference"

[ "$(cd "$Y" && ls | tr '\n' ' ')" = "2025 XAPIANDB meta undated " ] && ok ||
    fail "year shards: folders are $(ls "$Y" | tr '\n' ' ')"
months=$(cd "$M" && ls -d 2025-* | tr '\n' ' ')
[ "$months" = "2025-01 2025-02 2025-03 2025-04 2025-05 2025-06 2025-07 2025-08 2025-09 2025-10 2025-11 " ] && ok ||
    fail "month shards: folders are $months"
[ -d "$M/undated" ] && [ -d "$M/meta" ] && ok || fail "month shards: undated/ and meta/"
grep -qx "auto 2025-03" "$M/XAPIANDB" && grep -qx "auto meta" "$M/XAPIANDB" && ok || fail "XAPIANDB lists the shards"
for s in "$M"/2025-* "$M/undated" "$M/meta"; do
    xapian-check "$s" >/dev/null 2>&1 || fail "xapian-check $s"
done
ok
# Xapian itself reads the stub: the folder opens as one database.
[ "$(xapian-delve "$M" | sed -n 's/^number of documents = //p')" = 31 ] && ok || fail "xapian-delve sees 31 documents through XAPIANDB"
run "$NEWSIDX" search --db "$M" --json --limit 100 --snippet-length 0 'date:2025-03'
[ "$(jq -r .date "$T/hits" | cut -c1-7 | sort -u)" = "2025-03" ] && [ "$(wc -l <"$T/hits")" -eq 5 ] && ok ||
    fail "date:2025-03 over month shards gives the 5 March articles"
# Each month shard holds exactly its month.
[ "$(xapian-delve "$M/2025-03" | sed -n 's/^number of documents = //p')" = 5 ] && ok || fail "2025-03 holds 5 articles"

QUERIES=(budget "ceasefire talks" Starmer "prime minister" "central bank rates" storm "climate"
         council "oil prices" Macron market minister 'title:budget' "interest rates" research wind)
compare "$U" "$M" "${QUERIES[@]}"
compare "$U" "$Y" "${QUERIES[@]}"

# Snippets and stats over shards.
run "$NEWSIDX" search --db "$M" --json Starmer
[ -n "$(jq -r 'select(.snippet != "") | .id' "$T/hits" | head -1)" ] && ok || fail "snippets over shards"
run "$NEWSIDX" stats --db "$M"
expect_out "articles: +31" "stats over shards counts every article"
expect_out "shards: +13" "stats lists 13 shards (meta, 11 months, undated)"
expect_out "^ +5 +2025-03$" "stats gives each shard's count"
run "$NEWSIDX" names --db "$M" Starmer
expect_rc 0 "names over shards"
"$NEWSIDX" names --db "$U" Starmer >"$T/nu"
diff -q "$T/out" "$T/nu" >/dev/null && ok || fail "names over shards equal names over one database"

# Incremental: an unchanged re-run indexes nothing.
run "$NEWSIDX" index --db "$M" "$A"
expect_rc 0 "re-run over month shards"
expect_out ": 0 indexed, 0 updated, 31 unchanged, 0 deleted" "unchanged re-run over shards indexes nothing"
run "$NEWSIDX" index --db "$Y" --shard-by month "$A"
expect_rc 2 "a year-sharded index refuses --shard-by month"
expect_err "sharded by year" "the refusal says why"
run "$NEWSIDX" index --db "$U" --shard-by year "$A"
expect_rc 2 "an unsharded database refuses --shard-by"

# An article whose date changes moves shard, and is not duplicated.
F="$A/text/world/001.txt"
sed -i 's/^Date: 2025-10-03/Date: 2024-12-30/' "$F"
for db in "$M" "$Y" "$U"; do
    run "$NEWSIDX" index --db "$db" "$A"
    expect_out ": 0 indexed, 1 updated, 30 unchanged, 0 deleted" "re-dated article replaced in $db"
done
[ -d "$M/2024-12" ] && [ -d "$Y/2024" ] && ok || fail "the new date's shards exist"
[ "$(xapian-delve "$M/2024-12" | sed -n 's/^number of documents = //p')" = 1 ] && ok || fail "the article is in 2024-12"
[ "$(xapian-delve "$M/2025-10" | sed -n 's/^number of documents = //p')" = 1 ] && ok || fail "and left 2025-10 (2 before)"
grep -qx "auto 2024-12" "$M/XAPIANDB" && ok || fail "XAPIANDB lists the new shard"
run "$NEWSIDX" search --db "$M" --json "id:$F"
[ "$(wc -l <"$T/hits")" -eq 1 ] && [ "$(jq -r .date "$T/hits" | cut -c1-10)" = 2024-12-30 ] && ok ||
    fail "id:$F is one article with the new date: $(cat "$T/out" | head -c 300)"
run "$NEWSIDX" stats --db "$Y"
expect_out "articles: +31" "no duplicate after the move (year shards)"
compare "$U" "$M" "${QUERIES[@]}"
compare "$U" "$Y" "${QUERIES[@]}"

# A date filter does not open shards it cannot touch: replace 2025-01 with
# a broken database; searches that exclude January never notice.
mv "$M/2025-01" "$T/jan"
mkdir "$M/2025-01"
echo "not a database" >"$M/2025-01/iamglass"
run "$NEWSIDX" search --db "$M" --since 2025-03 --until 2025-10 minister
expect_rc 0 "--since/--until skip the broken January shard"
run "$NEWSIDX" search --db "$M" 'date:2025-05..2025-09 election'
[ "$RC" -le 1 ] && ok || fail "a date: range in the query skips January (exit $RC: $(cat "$T/err"))"
run "$NEWSIDX" search --db "$M" budget
expect_rc 3 "without a date filter the broken shard is opened and fails"
expect_err "2025-01" "the error names the shard"
run "$NEWSIDX" search --db "$M" --allow-partial budget
expect_rc 0 "--allow-partial leaves the broken shard out"
expect_out "^Partial results: 1 shard missing: 2025-01" "and says so"
expect_err "warning: shard 2025-01" "with a warning naming it"
run "$NEWSIDX" search --db "$M" --json --since 2025-03-10 --until 2025-04-02 budget
[ "$(json_summary | jq -r '.shards | join(" ")')" = "meta 2025-03 2025-04" ] && ok ||
    fail "the shards the dates can touch: $(json_summary)"
rm -rf "$M/2025-01"
mv "$T/jan" "$M/2025-01"
run "$NEWSIDX" search --db "$M" --json 'budget OR date:2025-03'
json_summary | jq -r '.shards | join(" ")' | grep -q "2025-01.*undated" && ok ||
    fail "a date: under OR restricts nothing: $(json_summary)"
run "$NEWSIDX" search --db "$M" --json 'budget (minister date:2025-03)'
json_summary | jq -r '.shards | join(" ")' | grep -q "2025-01.*undated" && ok ||
    fail "a date: inside a group restricts only the group: $(json_summary)"
run "$NEWSIDX" search --db "$M" --json 'date:2025-03 budget'
[ "$(json_summary | jq -r '.shards | join(" ")')" = "meta 2025-03" ] && ok ||
    fail "a date: filter anywhere in the sequence prunes: $(json_summary)"

# --prune over shards: a deleted file's article goes from its shard.
G="$A/text/sport/002.txt"
rm "$G"
run "$NEWSIDX" index --db "$M" --prune "$A"
expect_out "1 deleted" "prune over shards deletes the gone file's article"
run "$NEWSIDX" search --db "$M" --json "id:$G"
expect_rc 1 "the pruned article is gone"
run "$NEWSIDX" stats --db "$M"
expect_out "articles: +30" "30 articles left"
run "$NEWSIDX" index --db "$M" "$A"
expect_out ": 0 indexed, 0 updated, 30 unchanged, 0 deleted" "and the next run indexes nothing"

# A run killed before it rewrote XAPIANDB: the shard folders are the truth.
sed -i 's/^Date: 2024-12-30/Date: 2023-06-01/' "$F"
run "$NEWSIDX" index --db "$M" "$A"
cp "$M/XAPIANDB" "$T/stub"
grep -v "auto 2023-06" "$T/stub" >"$M/XAPIANDB"
run "$NEWSIDX" index --db "$M" "$A"
expect_rc 0 "re-run with a stale XAPIANDB"
grep -qx "auto 2023-06" "$M/XAPIANDB" && ok || fail "the writer lists a shard missing from XAPIANDB"

# Killed mid-run (SIGKILL) over shards: the next run completes it, with
# every article exactly once.
mkdir -p "$T/gen"
awk -v dir="$T/gen" 'BEGIN {
    for (i = 1; i <= 3000; i++) {
        f = sprintf("%s/g%05d.txt", dir, i)
        printf "Dispatch %d on harbour trade\nDate: 2024-%02d-%02d\n\n", i, 1 + i % 12, 1 + i % 28 > f
        for (p = 0; p < 6; p++) print "The council met the ferry operators about prices and the budget again." > f
        close(f)
    }
}'
"$NEWSIDX" index --quiet --batch 50 --db "$T/k" --shard-by month "$T/gen" & pk=$!
for i in $(seq 1 100); do
    [ -f "$T/k/XAPIANDB" ] && [ "$(grep -c '^auto 2024' "$T/k/XAPIANDB")" -ge 3 ] && break
    sleep 0.05
done
kill -9 $pk 2>/dev/null
wait $pk 2>/dev/null
run "$NEWSIDX" index --db "$T/k" "$T/gen"
expect_rc 0 "the run after a kill"
run "$NEWSIDX" stats --db "$T/k"
expect_out "articles: +3000$" "every article exactly once after a kill"
expect_out "shards: +13" "12 months and meta"
run "$NEWSIDX" index --db "$T/k" "$T/gen"
expect_out ": 0 indexed, 0 updated, 3000 unchanged" "then nothing left to do"

finish
