#!/usr/bin/env bash
# Remote shards: two xapian-tcpsrv servers on 127.0.0.1, each serving half
# of the samples, searched through a shard map: the same ids and scores as
# one local database of everything, snippets and names through the map,
# and a server going down with and without --allow-partial.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/shardlib.sh"
need_tcpsrv

SERVERS=()
cleanup() {
    # Each server runs in its own process group (setsid): kill the group.
    for p in "${SERVERS[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT

A="$T/arch"
cp -r "$NX_SAMPLES" "$A"
chmod -R u+w "$A"
rm -f "$A/README.md"
run "$NEWSIDX" index --db "$T/all" "$A"
expect_out ": 31 indexed" "one local database of everything"
"$NEWSIDX" index --quiet --db "$T/h1" "$A/text" "$A/html"
"$NEWSIDX" index --quiet --db "$T/h2" "$A/json" "$A/sgml"
n1=$(xapian-delve "$T/h1" | sed -n 's/^number of documents = //p')
n2=$(xapian-delve "$T/h2" | sed -n 's/^number of documents = //p')
[ $((n1 + n2)) -eq 31 ] && [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && ok || fail "the halves hold $n1 + $n2 articles"

start_tcpsrv "$T/s1.log" "$T/h1"
P1=$PORT PID1=$PID
start_tcpsrv "$T/s2.log" "$T/h2"
P2=$PORT PID2=$PID
[ "$(ps -o pgid= -p "$PID1" | tr -d ' ')" = "$PID1" ] && ok || fail "the server leads its own process group"

cat >"$T/map" <<EOF
# two newsidx indexes served by xapian-tcpsrv (read-only)
remote 127.0.0.1:$P1
remote 127.0.0.1:$P2
EOF
# Xapian's own tools read the same map.
[ "$(xapian-delve "$T/map" | sed -n 's/^number of documents = //p')" = 31 ] && ok || fail "xapian-delve reads the map"

QUERIES=(budget "ceasefire talks" Starmer "prime minister" "central bank rates" storm climate
         council "oil prices" Macron market minister 'title:budget' "interest rates" research wind
         'date:2025-03..2025-06 minister' 'topic:trade' harbour)
compare "$T/all" "$T/map" "${QUERIES[@]}"

# A map may mix local and remote shards; relative paths are from the map's folder.
printf 'remote 127.0.0.1:%s\nauto h2\n' "$P1" >"$T/mixed"
compare "$T/all" "$T/mixed" Starmer budget "interest rates"
# --exact weighs every match on the servers too, and totals are exact.
CMP_OPTS=(--exact --feedback)
compare "$T/all" "$T/map" Starmer budget "interest rates" market
CMP_OPTS=()
check_exact_total "$T/all" minister
check_exact_total "$T/map" minister

# Snippets and highlights travel with remote hits.
for q in Starmer "ceasefire talks" "interest rates"; do
    "$NEWSIDX" search --db "$T/all" --json --limit 20 -- "$q" | jq -c 'select(.type == "hit") | [.id, .title, .snippet, .highlights]' | sort >"$T/sa"
    "$NEWSIDX" search --db "$T/map" --json --limit 20 -- "$q" | jq -c 'select(.type == "hit") | [.id, .title, .snippet, .highlights]' | sort >"$T/sm"
    if [ -s "$T/sm" ] && diff -q "$T/sa" "$T/sm" >/dev/null && grep -q '\[\[' "$T/sm"; then ok; else
        fail "snippets for '$q' differ through the map: $(diff "$T/sa" "$T/sm" | head -4)"
    fi
done
run "$NEWSIDX" search --db "$T/map" Starmer
expect_out "\[(Keir )?Starmer\]" "text output highlights remote hits (a one-word name marks the full name)"
expect_no_out "Partial" "nothing is partial while both servers are up"

# names and stats through the map.
run "$NEWSIDX" names --db "$T/map" ceasefire
expect_rc 0 "names through the map"
"$NEWSIDX" names --db "$T/all" ceasefire >"$T/na"
diff -q "$T/out" "$T/na" >/dev/null && [ -s "$T/na" ] && ok || fail "names through the map equal local names: $(diff "$T/out" "$T/na" | head -4)"
run "$NEWSIDX" stats --db "$T/map"
expect_out "articles: +31" "stats through the map"
expect_out "shards: +2" "stats lists the two remote shards"
expect_out "^ +$n2 +127.0.0.1:$P2$" "with each one's count"

# Half of it alone, for the partial case below.
"$NEWSIDX" search --db "$T/h1" --json --limit 20 --snippet-length 0 minister | jq -r 'select(.type == "hit") | "\(.id) \(.score)"' >"$T/h1.ids"

# One server goes down.
kill -TERM -- "-$PID2"
wait "$PID2" 2>/dev/null
run "$NEWSIDX" search --db "$T/map" minister
expect_rc 69 "a shard down without --allow-partial: exit 69"
expect_err "shard 127.0.0.1:$P2 \(remote\) is unavailable" "the error names the shard"
expect_err "--allow-partial" "and says how to search the others"
expect_err_lines 1 "one line of error"
run "$NEWSIDX" stats --db "$T/map"
expect_rc 69 "stats with a shard down: exit 69"

run "$NEWSIDX" search --db "$T/map" --allow-partial minister
expect_rc 0 "--allow-partial searches the other server"
expect_out "^Partial results: 1 shard missing: 127.0.0.1:$P2: " "text output says which shard is missing"
expect_err "warning: shard 127.0.0.1:$P2: shard unavailable" "a warning names the shard"
run "$NEWSIDX" search --db "$T/map" --allow-partial --json --limit 20 --snippet-length 0 minister
expect_rc 0 "--allow-partial --json"
[ "$(jq -r '.partial' "$T/hits" | sort -u)" = "true" ] && ok || fail "every JSON hit says \"partial\": true"
jq -r '"\(.id) \(.score)"' "$T/hits" >"$T/p.ids"
diff -q "$T/p.ids" "$T/h1.ids" >/dev/null && ok || fail "partial results are the live half's: $(diff "$T/p.ids" "$T/h1.ids" | head -4)"

# Both down: nothing to search, even with --allow-partial.
kill -TERM -- "-$PID1"
wait "$PID1" 2>/dev/null
run "$NEWSIDX" search --db "$T/map" --allow-partial minister
expect_rc 69 "no shard at all: exit 69"
expect_err "no shard is available" "and says so"

# A malformed map is refused with its line number.
printf 'remote 127.0.0.1\n' >"$T/bad"
run "$NEWSIDX" search --db "$T/bad" minister
expect_rc 3 "a malformed map"
expect_err "bad:1: 'remote 127.0.0.1': expected HOST:PORT" "names the line"
printf 'remote :xapian-progsrv /srv/db\n' >"$T/bad"
run "$NEWSIDX" search --db "$T/bad" minister
expect_rc 3 "the program form of remote is refused"
expect_err "only TCP shards" "and says why"

finish
