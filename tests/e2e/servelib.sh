# Helpers for the `newsidx serve` tests (sourced after lib.sh): a server on
# a free loopback port, and curl requests whose status, headers and body
# are kept for checks.  Every server started here is stopped on exit.
if ! command -v curl >/dev/null; then
    echo "SKIP: curl not found (Debian: apt-get install curl)"
    exit 77
fi
SERVE_PIDS=()
serve_cleanup() {
    local p
    for p in "${SERVE_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
    rm -rf "$T"
}
trap serve_cleanup EXIT

# start_serve LOG ARGS...: `newsidx serve --listen 127.0.0.1:0 ARGS...`,
# waits (at most 20 s) for its "listening on" line; sets SPORT, SPID, BASE.
start_serve() {
    local log=$1
    shift
    "$NEWSIDX" serve --listen 127.0.0.1:0 "$@" 2>"$log" &
    SPID=$!
    wait_listening "$log"
}

# wait_listening LOG [ADDR-REGEX]: for a server just started in the
# background (SPID), waits (at most 20 s) for its "listening on ADDR:PORT"
# line in LOG (ADDR 127.0.0.1 unless given); sets SPORT and BASE (on
# 127.0.0.1).
wait_listening() {
    local log=$1 addr=${2:-'127\.0\.0\.1'} i
    SERVE_PIDS+=("$SPID")
    for i in $(seq 1 200); do
        SPORT=$(sed -n "s|^newsidx serve: listening on http://$addr:\([0-9]*\)/.*|\1|p" "$log")
        if [ -n "$SPORT" ]; then
            BASE="http://127.0.0.1:$SPORT"
            return 0
        fi
        kill -0 "$SPID" 2>/dev/null || break
        sleep 0.1
    done
    echo "FAIL: the server did not start: $(cat "$log")" >&2
    exit 1
}

# stop_serve [SIGNAL]: signals the server (TERM) and waits for it; SRC is
# its exit code.
stop_serve() {
    kill -"${1:-TERM}" "$SPID" 2>/dev/null
    wait "$SPID"
    SRC=$?
}

# get PATH [CURL-ARGS...]: a request to the server; HTTP status in $CODE,
# headers in $T/h, body in $T/b (and $T/out, for expect_out).
get() {
    local path=$1
    shift
    CODE=$(curl -s --max-time 20 -D "$T/h" -o "$T/b" -w '%{http_code}' "$@" "$BASE$path")
    cp "$T/b" "$T/out"
}

expect_code() { # code description
    if [ "$CODE" = "$1" ]; then ok; else fail "$2: HTTP $CODE, expected $1: $(head -c 400 "$T/b")"; fi
}
expect_header() { # regex description (case-insensitive, on the header lines)
    if grep -Eqi -- "$1" "$T/h"; then ok; else fail "$2: headers lack /$1/: $(tr -d '\r' <"$T/h" | head -20)"; fi
}
expect_json() { # jq-filter description: the filter is true of the body
    if [ "$(jq -r "$1" "$T/b" 2>/dev/null)" = "true" ]; then ok; else fail "$2: ($1) is not true of $(head -c 400 "$T/b")"; fi
}

# make_archive DIR: the samples' text, JSON and SGML articles in DIR, and
# one more (id inject-1) with <script> in its headline and body, an <img
# onerror> in its body and a javascript: URL, which every page must show
# as inert text.
make_archive() {
    mkdir -p "$1"
    cp -r "$NX_SAMPLES/text" "$NX_SAMPLES/json" "$NX_SAMPLES/sgml" "$1/"
    cat >"$1/json/inject.jsonl" <<'EOF2'
{"id": "inject-1", "title": "<script>alert('headline')</script> Harbour lights", "date": "2025-04-02", "source": "Test <b>Wire</b>", "url": "javascript:alert(1)", "body": "The harbour board met. <script>alert('body')</script> <img src=x onerror=alert(2)> The harbour lights stay on & \"all\" is well."}
EOF2
}
