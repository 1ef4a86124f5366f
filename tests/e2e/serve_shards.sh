#!/usr/bin/env bash
# `newsidx serve` over a shard map of two xapian-tcpsrv servers on
# 127.0.0.1: answers equal to the CLI's through the map; with one server
# down, 503 naming the shard, or with allow_partial=1 the other half marked
# partial; once the server is back, full answers again without a restart.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/shardlib.sh"
. "$(dirname "$0")/servelib.sh"
need_tcpsrv
SERVERS=()
trap 'for p in "${SERVERS[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done; serve_cleanup' EXIT

A="$T/arch"
mkdir -p "$A"
cp -r "$NX_SAMPLES/text" "$NX_SAMPLES/json" "$NX_SAMPLES/sgml" "$A/"
"$NEWSIDX" index --quiet --db "$T/h1" "$A/text"
"$NEWSIDX" index --quiet --db "$T/h2" "$A/json" "$A/sgml"
start_tcpsrv "$T/s1.log" "$T/h1"
P1=$PORT
start_tcpsrv "$T/s2.log" "$T/h2"
P2=$PORT PID2=$PID
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P1" "$P2" >"$T/map"

start_serve "$T/log" --db "$T/map" --show-paths --threads 2
for q in minister budget "ceasefire talks"; do
    "$NEWSIDX" search --db "$T/map" --json --limit 20 -- "$q" | jq -cS 'select(.type == "hit")' >"$T/cli.hits"
    get "/api/search?q=$(jq -rn --arg q "$q" '$q | @uri')&limit=20"
    expect_code 200 "'$q' through the map"
    jq -cS '.hits[]' "$T/b" >"$T/api.hits"
    [ -s "$T/cli.hits" ] && cmp -s "$T/cli.hits" "$T/api.hits" && ok || fail "'$q': hits differ through the map"
done
get "/api/stats"
expect_json ".shards | length == 2 and all(.available)" "stats lists both shards"

kill -TERM -- "-$PID2"
wait "$PID2" 2>/dev/null
get "/api/search?q=minister"
expect_code 503 "a shard down"
expect_json ".error | test(\"127.0.0.1:$P2\")" "the message names the shard"
expect_header '^retry-after: ' "with Retry-After"
get "/api/search?q=minister&allow_partial=1&limit=20"
expect_code 200 "allow_partial=1 with a shard down"
expect_json ".partial == true and (.missing_shards | length == 1) and (.missing_shards[0] | test(\"127.0.0.1:$P2\"))" \
    "the answer is partial and names the missing shard"
expect_json '[.hits[] | select(.partial != true)] | length == 0' "every hit is marked partial"
"$NEWSIDX" search --db "$T/h1" --json --limit 20 minister | jq -r 'select(.type == "hit") | .id' >"$T/half"
jq -r '.hits[].id' "$T/b" >"$T/got"
[ -s "$T/half" ] && cmp -s "$T/half" "$T/got" && ok || fail "partial hits are the live half's"
get "/api/names?q=minister"
expect_code 503 "names with a shard down"
get "/api/names?q=minister&allow_partial=1"
expect_code 200 "names with allow_partial=1"
expect_json '.partial == true' "names marked partial"
get "/?q=minister"
expect_code 200 "the page shows what it has"
expect_out 'Partial results: 1 part of the archive' "and says it is partial"
get "/healthz"
expect_code 503 "healthz with a shard down"
expect_json '.status == "unavailable"' "says unavailable"

# The server comes back on the same port: no restart of newsidx serve needed.
setsid xapian-tcpsrv --interface 127.0.0.1 --port "$P2" --quiet "$T/h2" >"$T/s2b.log" 2>&1 &
SERVERS+=("$!")
for i in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$P2") 2>/dev/null && break; sleep 0.1; done
get "/api/search?q=minister&limit=20"
expect_code 200 "the shard is back"
expect_json '.partial == false' "full answers again"
get "/healthz"
expect_code 200 "healthz ok again"
stop_serve
[ "$SRC" -eq 0 ] && ok || fail "exit $SRC"
finish
