#!/usr/bin/env bash
# `newsidx serve` end to end with curl on 127.0.0.1: every endpoint and the
# page, the API's answers against the CLI's (the same hits, summaries,
# names and error messages), every error status, the limits, hidden paths,
# the token, the security headers, the access log, SIGHUP and SIGTERM.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servelib.sh"

A="$T/news/archive"
DB="$T/news/newsidx.db"
make_archive "$A"
# A name with a role written before it and mentioned again by surname
# alone: the names API carries its type, mentions and role.
cat >"$A/json/role.jsonl" <<'EOF2'
{"id": "role-1", "title": "Quay opened", "date": "2024-11-03", "source": "Test Wire", "body": "Harbour Minister Ada Quillfeather opened the new quay on Monday. Quillfeather said the harbour would grow. Ada Quillfeather thanked the workers."}
EOF2
"$NEWSIDX" index --quiet --db "$DB" "$A" || fail "indexing the archive"
QUERIES=(harbour budget "ceasefire talks" Starmer '"prime minister"' 'minister -Macron' 'topic:trade' 'title:budget'
         'storm OR flood' 'ceasef*' 'oil NEAR prices' 'date:2025-03..2025-04 market' wind council lights)

# ---------------------------------------------------------------- the API is the CLI
start_serve "$T/log1" --db "$DB" --show-paths --threads 2
OPTS=("limit=10" "limit=3&offset=2&snippet_length=80" "sort=date&limit=5" "exact=1&limit=20")
i=0
for q in "${QUERIES[@]}"; do
    # Each query with two of the option sets, taking turns.
    for opts in "${OPTS[$((i % 4))]}" "${OPTS[$(((i + 1) % 4))]}"; do
        cli=(--limit 10)
        case $opts in
            limit=3*) cli=(--limit 3 --offset 2 --snippet-length 80) ;;
            sort=*) cli=(--sort date --limit 5) ;;
            exact=*) cli=(--exact --limit 20) ;;
        esac
        "$NEWSIDX" search --db "$DB" --json "${cli[@]}" -- "$q" >"$T/cli.jsonl"
        jq -cS 'select(.type == "hit")' "$T/cli.jsonl" >"$T/cli.hits"
        jq -cS 'select(.type == "summary") | del(.type)' "$T/cli.jsonl" >"$T/cli.sum"
        get "/api/search?q=$(jq -rn --arg q "$q" '$q | @uri')&$opts"
        expect_code 200 "/api/search '$q' $opts"
        jq -cS '.hits[]' "$T/b" >"$T/api.hits"
        jq -cS 'del(.hits)' "$T/b" >"$T/api.sum"
        if cmp -s "$T/cli.hits" "$T/api.hits"; then ok; else
            fail "'$q' $opts: API hits differ from search --json: $(diff "$T/cli.hits" "$T/api.hits" | head -4)"
        fi
        if cmp -s "$T/cli.sum" "$T/api.sum"; then ok; else
            fail "'$q' $opts: API summary differs: $(diff "$T/cli.sum" "$T/api.sum" | head -4)"
        fi
    done
    i=$((i + 1))
done
[ "$(jq -s 'length' "$T/cli.hits")" -gt 0 ] && ok || fail "the last comparison had hits"

# names: the same as `names --json`
for q in harbour minister "ceasefire talks"; do
    "$NEWSIDX" names --db "$DB" --json --limit 5 -- "$q" | jq -cS . >"$T/cli.names"
    get "/api/names?q=$(jq -rn --arg q "$q" '$q | @uri')&limit=5"
    expect_code 200 "/api/names '$q'"
    jq -cS '.names[]' "$T/b" >"$T/api.names"
    cmp -s "$T/cli.names" "$T/api.names" && ok || fail "names '$q' differ: $(diff "$T/cli.names" "$T/api.names" | head -4)"
done

get "/api/names?q=quay"
expect_json '[.names[] | select(.name == "Ada Quillfeather" and .type == "person" and .role == "Minister"
          and .mentions == 3 and .docs == 1 and .total == 1)] | length == 1' "a name's type, role and mentions"
expect_json '[.names[] | select((.type | IN("person", "organisation", "place", "other") | not)
          or (.role | type) != "string" or .mentions < .docs)] | length == 0' "every name has a type, a role and its mentions"

# Bad queries: 400 with the CLI's own message.
for q in '"unbalanced' '(a OR b' 'AND' 'nosuchfield:x' 'date:2025-13-45' 'a NEAR/x b'; do
    "$NEWSIDX" search --db "$DB" -- "$q" >/dev/null 2>"$T/cli.err"
    rc=$?
    get "/api/search?q=$(jq -rn --arg q "$q" '$q | @uri')"
    if [ "$rc" -eq 4 ]; then
        expect_code 400 "bad query '$q'"
        [ "$(jq -r .error "$T/b")" = "$(sed 's/^newsidx: //' "$T/cli.err")" ] && ok ||
            fail "'$q': the API says '$(jq -r .error "$T/b")', the CLI '$(cat "$T/cli.err")'"
        expect_json '.status == 400' "the error object carries the status"
    else
        expect_code 200 "'$q' is a query the CLI takes (exit $rc)"
    fi
done
get "/api/search?q=x&since=yesterday"
expect_code 400 "a bad date"
[ "$(jq -r .error "$T/b")" = "$("$NEWSIDX" search --db "$DB" --since yesterday x 2>&1 | sed 's/^newsidx: //')" ] && ok ||
    fail "a bad date: the CLI's message: $(cat "$T/b")"
get "/api/names?q=%22open"
expect_code 400 "names: a bad query"

# One article: the stored record, with the names and labels.
get "/api/article/inject-1"
expect_code 200 "/api/article/ID"
expect_json '.type == "article" and .id == "inject-1" and (.body | test("harbour board"))' "the whole article"
for id in inject-1 role-1 reuters-30002; do
    "$NEWSIDX" show --db "$DB" --json -- "$id" | jq -cS . >"$T/cli.article"
    get "/api/article/$id"
    jq -cS . "$T/b" >"$T/api.article"
    cmp -s "$T/cli.article" "$T/api.article" && ok ||
        fail "/api/article/$id differs from show --json: $(diff "$T/cli.article" "$T/api.article" | head -4)"
done
expect_json '(.names | length) > 0 and (.places | length) > 0 and (.tags | length) > 0' "an article's names and labels"
get "/api/article?id=inject-1"
expect_code 200 "/api/article?id=ID"
id=$(curl -s "$BASE/api/search?q=budget&limit=1" | jq -r '.hits[0].id')
get "/api/article?id=$(jq -rn --arg q "$id" '$q | @uri')"
expect_code 200 "a path id with --show-paths"
expect_json ".id == \"$id\" and (.path | startswith(\"/\"))" "the path is shown with --show-paths"
get "/api/article/no-such-article"
expect_code 404 "an unknown id"
expect_json '.status == 404 and (.error | test("no-such-article"))' "the 404 names the id"

# Related stories: the CLI's hits, in its order.
get "/api/similar/inject-1?limit=5"
expect_code 200 "/api/similar/ID"
"$NEWSIDX" similar --db "$DB" --json --limit 5 inject-1 | jq -r 'select(.type == "hit") | .id' >"$T/sim.cli"
[ "$(jq -r '.hits[].id' "$T/b")" = "$(cat "$T/sim.cli")" ] && [ -s "$T/sim.cli" ] && ok ||
    fail "/api/similar is newsidx similar: $(jq -c '[.hits[].id]' "$T/b") vs $(tr '\n' ' ' <"$T/sim.cli")"
expect_json '.query == "inject-1" and all(.hits[]; .id != "inject-1")' "never the article itself"
get "/api/similar/no-such-article"
expect_code 404 "related stories of an unknown id"

# stats and health
get "/api/stats"
expect_code 200 "/api/stats"
"$NEWSIDX" stats --db "$DB" >"$T/stats.txt"
expect_json ".articles == $(sed -n 's/^articles: *//p' "$T/stats.txt") and .language == \"english\"" "stats as the CLI's"
expect_json '[.sources[] | select(.source == "Reuters")] | length == 1' "stats lists the sources"
expect_json ".database == \"$DB\"" "--show-paths shows the database"
get "/healthz"
expect_code 200 "/healthz"
expect_json '.status == "ok" and .articles > 0' "healthz says ok"
stop_serve
[ "$SRC" -eq 0 ] && ok || fail "SIGTERM: exit $SRC, expected 0"
grep -q '^newsidx serve: stopped$' "$T/log1" && ok || fail "the server says it stopped: $(tail -3 "$T/log1")"
n_req=$(grep -c '" [0-9][0-9][0-9] [0-9]* [0-9.]*ms$' "$T/log1")
[ "$n_req" -ge 40 ] && ok || fail "one access log line per request: $n_req lines"
grep -Eq '^[0-9T:-]+Z 127\.0\.0\.1 "GET /api/search\?q=harbour&limit=10" 200 [0-9]+ [0-9.]+ms$' "$T/log1" && ok ||
    fail "an access log line says when, who, what, status, bytes, time: $(grep -m1 api/search "$T/log1")"

# ---------------------------------------------------------------- paths hidden, errors, limits
start_serve "$T/log2" --db "$DB" --threads 2 --max-connections 6 --timeout 2 --max-limit 50
get "/api/search?q=harbour+OR+budget+OR+minister&limit=50"
expect_code 200 "a search without --show-paths"
expect_json '[.hits[] | select(.path != null)] | length == 0' "no path field without --show-paths"
expect_json '[.hits[] | select(.id | startswith("/"))] | length == 0' "no id is a server path"
expect_json '[.hits[] | select(.id | startswith("archive/text/"))] | length > 0' "path ids are shown relative to the database folder"
rel=$(jq -r '[.hits[] | select(.id | startswith("archive/text/"))][0].id' "$T/b")
get "/api/article/$rel"
expect_code 200 "a relative path id finds its article"
expect_json ".id == \"$rel\" and .path == null" "and the article hides its path"
get "/api/article?id=$(jq -rn --arg q "$A/text/sport/001.txt" '$q | @uri')"
expect_code 404 "a server path is not looked up without --show-paths"
get "/api/stats"
expect_json '.database == null' "stats hides the database path"
! grep -q "$T" "$T/b" && ok || fail "stats shows no server path"

# Parameters: each checked, with a message that names it.
for bad in "limit=0" "limit=51" "limit=abc" "offset=-1" "offset=10001" "sort=oldest" "snippet_length=x" \
           "exact=maybe" "frobnicate=1" "source=%22" ; do
    get "/api/search?q=harbour&$bad"
    expect_code 400 "/api/search?$bad"
    key=${bad%%=*}
    jq -r .error "$T/b" | grep -q "$key" && ok || fail "the message for $bad names $key: $(cat "$T/b")"
done
get "/api/search"
expect_code 400 "no q"
get "/api/search?q=$(head -c 1100 /dev/zero | tr '\0' a)"
expect_code 400 "a query over 1024 bytes"
expect_json '.error | test("1100 bytes")' "says how long"
get "/api/search?q=%FF%FE"
expect_code 400 "a query that is not UTF-8"
get "/api/search?q=a%00b"
expect_code 400 "a NUL byte in a parameter"
get "/api/$(head -c 5000 /dev/zero | tr '\0' a)"
expect_code 414 "a request target over 4096 bytes"
get "/api/nothing"
expect_code 404 "an unknown endpoint"
expect_header '^content-type: application/json' "API errors are JSON"
get "/nothing"
expect_code 404 "an unknown page"
expect_header '^content-type: text/html' "page errors are HTML"
get "/api/search?q=harbour" -X POST -d 'x=1'
expect_code 405 "POST"
expect_header '^allow: GET, HEAD' "405 says what is allowed"
get "/api/search?q=harbour" -X DELETE
expect_code 405 "DELETE"
get "/api/search?q=harbour" -I
expect_code 200 "HEAD"
! grep -q '"hits"' "$T/b" && ok || fail "HEAD has no body"

# On loopback without a token, only requests addressed to a loopback name
# are answered: a web page cannot reach the server through DNS rebinding.
get "/api/search?q=harbour" -H "Host: evil.example"
expect_code 403 "a Host that is not loopback"
expect_json '.error | test("--allow-host")' "says how to allow a name"
get "/" -H "Host: evil.example:8080"
expect_code 403 "the page too"
for h in "localhost:8080" "127.0.0.1" "[::1]:8080" "LOCALHOST"; do
    get "/healthz" -H "Host: $h"
    expect_code 200 "Host $h"
done

# Filters: source and section are the query language's own filters.
get "/api/search?q=harbour&source=Reuters&limit=50"
expect_code 200 "a source filter"
expect_json '[.hits[] | select(.source != "Reuters")] | length == 0' "source filter keeps that source only"
expect_json '.query == "(harbour) source:\"Reuters\""' "and says what it searched"
n_filter=$(jq '.total' "$T/b")
n_cli=$("$NEWSIDX" search --db "$DB" --json --exact -- '(harbour) source:"Reuters"' | jq 'select(.type == "summary") | .total')
[ "$n_filter" = "$n_cli" ] && ok || fail "source filter total $n_filter, CLI $n_cli"
get "/api/search?q=%22open&source=Reuters"
expect_code 400 "a bad query with a filter"
expect_json '.error | test("position 1")' "the message is about the user's words"
get "/api/search?q=minister&section=politics&limit=50"
expect_json '.total > 0 and ([.hits[] | select(.section != "politics")] | length == 0)' "a section filter"

# The security headers, on every kind of answer.
for path in "/" "/?q=harbour" "/api/search?q=harbour" "/api/nothing" "/static/style.css" "/healthz"; do
    get "$path"
    expect_header "^content-security-policy: default-src 'none'; style-src 'self'" "CSP on $path"
    expect_header '^x-content-type-options: nosniff' "nosniff on $path"
done
expect_header '^content-type: application/json; charset=utf-8' "JSON is UTF-8"

# The page: escaped, highlighted, paginated, filtered.
get "/?q=harbour+lights"
expect_code 200 "the search page"
expect_header '^content-type: text/html; charset=utf-8' "HTML"
expect_out '&lt;script&gt;alert\(&#39;headline&#39;\)&lt;/script&gt;' "the headline's <script> is escaped"
expect_no_out '<script' "no script element on the page"
expect_no_out '<img' "no element from the body"
expect_out '<mark>[Hh]arbour</mark>' "snippets are highlighted"
expect_out 'Who is in these stories' "the names panel"
get "/?q=date:2025"
expect_out '<nav class="pages"' "pagination"
expect_out 'rel="next" href="/\?q=date%3A2025&amp;page=2"' "a next link"
get "/?q=date:2025&page=2"
expect_out '<ol class="results" start="11">' "page 2 starts at 11"
expect_out 'rel="prev"' "and links back"
get "/?q=date:2025&page=abc"
expect_code 400 "a bad page"
get "/?q=%22minister"
expect_code 400 "a bad query on the page"
expect_out 'unbalanced quote' "says what is wrong"
expect_out 'name="q" value="&quot;minister"' "beside the form with the query, to correct it"
get "/?q=market&since=2025-03-01&until=2025-03-31&sort=date"
expect_code 200 "dates and order on the page"
expect_out 'value="2025-03-01"' "the form keeps the dates"
get "/article?id=inject-1&q=harbour"
expect_code 200 "the article page"
expect_out '<h1>&lt;script&gt;alert\(&#39;headline&#39;\)&lt;/script&gt; Harbour lights</h1>' "the headline, escaped"
expect_out '&lt;img src=x onerror=alert\(2\)&gt;' "the body, escaped"
expect_no_out '<script' "no script element on the article page"
expect_no_out 'href="javascript:' "a javascript: URL is not a link"
expect_out 'Back to the results' "a way back"
get "/article?id=nothing-here"
expect_code 404 "an unknown article page"
get "/static/style.css"
expect_code 200 "the stylesheet"
expect_header '^content-type: text/css' "as CSS"

# Connection limit: 6 at once; the 7th is answered 503 and closed.
for i in 3 4 5 6 7 8; do eval "exec $i<>/dev/tcp/127.0.0.1/$SPORT"; done
sleep 0.3
get "/api/search?q=harbour"
expect_code 503 "more connections than --max-connections"
expect_json '.error | test("too many connections")' "says why"
expect_header '^retry-after: ' "with Retry-After"
for i in 3 4 5 6 7 8; do eval "exec $i>&-"; done
sleep 0.3
get "/api/search?q=harbour"
expect_code 200 "served again once they close"

# Request time: a client that stalls mid-request is cut off after --timeout.
exec 3<>"/dev/tcp/127.0.0.1/$SPORT"
printf 'GET /api/search?q=harbour HTTP/1.1\r\nHost: x\r\n' >&3
if timeout 10 cat <&3 >/dev/null; then ok; else fail "a stalled request was not closed within 10 s (--timeout 2)"; fi
exec 3>&-
grep -q '(timed out)' "$T/log2" && ok || fail "the log says the request timed out: $(tail -3 "$T/log2")"

# SIGHUP reopens: a database swapped in under the same path is seen.
get "/api/search?q=harbour"
before=$(jq .total "$T/b")
mkdir -p "$T/small"
cp "$A/text/business/001.txt" "$T/small/"
"$NEWSIDX" index --quiet --db "$T/news/new.db" "$T/small"
mv "$DB" "$T/news/old.db" && mv "$T/news/new.db" "$DB"
kill -HUP "$SPID"
sleep 0.3
get "/api/stats"
expect_code 200 "stats after SIGHUP"
expect_json '.articles == 1' "SIGHUP: the new database is served"
grep -q 'SIGHUP: reopening' "$T/log2" && ok || fail "the log says it reopened"
mv "$DB" "$T/news/new.db" && mv "$T/news/old.db" "$DB"
kill -HUP "$SPID"
sleep 0.3
get "/api/search?q=harbour"
expect_json ".total == $before" "and back"

# SIGTERM while requests run: every request answered or refused, never cut.
seq 1 2000 | sed "s|.*|url = \"$BASE/api/search?q=minister\&limit=20\"\noutput = /dev/null|" >"$T/urls"
# Bounded: curl 7.88 with --parallel was seen to poll forever once the
# server had gone (a run under load at -j2); every transfer has 20 s.
timeout 120 curl -s --max-time 20 --parallel --parallel-max 4 -K "$T/urls" -w '%{http_code}\n' >"$T/codes" 2>/dev/null &
cpid=$!
sleep 0.3
stop_serve TERM
wait "$cpid"
[ "$SRC" -eq 0 ] && ok || fail "SIGTERM under load: exit $SRC"
grep -q '^200$' "$T/codes" && ok || fail "some requests were answered before the stop"
grep -q '^000$' "$T/codes" && ok || echo "note: every request was answered before SIGTERM came; the drain was not put to the test"
bad=$(grep -cv '^\(200\|000\)$' "$T/codes")
[ "$bad" -eq 0 ] && ok || fail "$bad requests got neither an answer nor a refusal: $(sort "$T/codes" | uniq -c)"
grep -q 'SIGTERM: finishing' "$T/log2" && ok || fail "the log says it is draining"

# ---------------------------------------------------------------- the token, the address
printf 'not-a-real-secret-0123456789\n' >"$T/token"
chmod 600 "$T/token"
start_serve "$T/log3" --db "$DB" --token-file "$T/token" --quiet
get "/healthz" -H "Host: news.example"
expect_code 200 "with a token any Host is answered (the proxy's name)"
get "/api/search?q=harbour"
expect_code 401 "no token"
expect_header '^www-authenticate: Bearer' "401 asks for a bearer token"
get "/api/search?q=harbour" -H "Authorization: Bearer not-a-real-secret-012345678"
expect_code 401 "a token one character short"
get "/api/search?q=harbour" -H "Authorization: Bearer not-a-real-secret-0123456789x"
expect_code 401 "a token one character long"
get "/api/search?q=harbour" -H "Authorization: Bearer Not-a-real-secret-0123456789"
expect_code 401 "a token with one character changed"
get "/" -H "Authorization: Basic bm90LWEtcmVhbA=="
expect_code 401 "another scheme"
get "/api/search?q=harbour" -H "Authorization: Bearer not-a-real-secret-0123456789"
expect_code 200 "the right token"
get "/" -H "Authorization: bearer not-a-real-secret-0123456789"
expect_code 200 "the scheme in any case"
get "/healthz"
expect_code 200 "/healthz needs no token"
stop_serve
[ "$(grep -c 'GET' "$T/log3")" -eq 0 ] && ok || fail "--quiet: no access log"

run "$NEWSIDX" serve --db "$DB" --listen 0.0.0.0:0
expect_rc 2 "a non-loopback address without a token is refused"
expect_err "not a loopback address: give --token-file FILE" "and says what to give"
# --insecure-open: served to anyone, so any Host is answered.  Bound to
# every interface for the few requests below only, each to 127.0.0.1.
"$NEWSIDX" serve --db "$DB" --listen 0.0.0.0:0 --insecure-open --quiet 2>"$T/log5" &
SPID=$!
wait_listening "$T/log5" '0\.0\.0\.0'
get "/api/search?q=harbour" -H "Host: news.example"
expect_code 200 "--insecure-open serves a non-loopback address without a token, to any Host"
stop_serve
[ "$SRC" -eq 0 ] && ok || fail "--insecure-open: exit $SRC on SIGTERM"
printf 'short\n' >"$T/short"
run "$NEWSIDX" serve --db "$DB" --listen 127.0.0.1:0 --token-file "$T/short"
expect_rc 2 "a token under 16 characters"
run "$NEWSIDX" serve --db "$DB" --listen 127.0.0.1:99999
expect_rc 2 "a bad port"
run "$NEWSIDX" serve --db "$T/nothing"
expect_rc 3 "a missing database"
expect_err "nothing" "names the path"
run "$NEWSIDX" serve --db "$DB" --threads 0
expect_rc 2 "--threads 0"
# A port in use; --allow-host.
start_serve "$T/log4" --db "$DB" --quiet --allow-host news.example,search.example
get "/healthz" -H "Host: search.example:443"
expect_code 200 "a name given with --allow-host"
get "/healthz" -H "Host: other.example"
expect_code 403 "a name not given"
run "$NEWSIDX" serve --db "$DB" --listen "127.0.0.1:$SPORT"
expect_rc 70 "a port in use"
expect_err "cannot listen on 127.0.0.1:$SPORT: Address already in use" "says so"
stop_serve INT
[ "$SRC" -eq 0 ] && ok || fail "SIGINT: exit $SRC, expected 0"

# The README's systemd unit: its ExecStart, with its Environment, serves
# the database (pointed at the temp archive and a free port).
README="$(dirname "$0")/../../README.md"
unit=$(sed -n '/^<!-- systemd-serve -->$/,/^```$/p' "$README" | sed '1,2d;$d')
echo "$unit" | grep -q '^ExecStart=.* serve ' && ok || fail "README has the serve unit"
echo "$unit" | grep -q '^ExecReload=/bin/kill -HUP \$MAINPID' && ok || fail "the unit reloads with SIGHUP"
to_tmp() { sed -e "s|/srv/news|$T/news|g" -e "s|/usr/local/bin/newsidx|$NEWSIDX|g" -e "s|127.0.0.1:8080|127.0.0.1:0|g"; }
env_line=$(echo "$unit" | sed -n 's/^Environment=//p' | to_tmp)
exec_line=$(echo "$unit" | sed -n 's/^ExecStart=//p' | to_tmp)
# Started as systemd would (exec of the command line, the environment set):
set -- ${exec_line#"$NEWSIDX" }
env $env_line "$NEWSIDX" "$@" 2>"$T/unit.log" &
SPID=$!
wait_listening "$T/unit.log"
get "/api/search?q=harbour"
expect_code 200 "the unit's command serves the database"
stop_serve
[ "$SRC" -eq 0 ] && ok || fail "and stops with exit 0 on SIGTERM (systemd's stop)"
if command -v systemd-analyze >/dev/null 2>&1; then
    mkdir -p "$T/units"
    echo "$unit" | to_tmp >"$T/units/newsidx-serve.service"
    run systemd-analyze verify "$T/units/newsidx-serve.service"
    expect_rc 0 "systemd-analyze verify accepts the serve unit"
else
    echo "note: systemd-analyze not installed; the serve unit's syntax not verified"
fi
finish
