# Helpers for the shard tests (sourced after lib.sh).

# check_exact_total DB QUERY: --exact's total is the number of hits a page
# long enough for every match holds (--all-versions), and the stories of
# the default search and the versions they stand for add up to it.
check_exact_total() {
    local db=$1 q=$2 total hits stood
    total=$("$NEWSIDX" search --db "$db" --exact --limit 1 --snippet-length 0 -- "$q" | sed -n 's/^\([0-9]*\) matches.*/\1/p')
    hits=$("$NEWSIDX" search --db "$db" --json --all-versions --limit 10000 --snippet-length 0 -- "$q" | grep -c '"type":"hit"')
    [ -n "$total" ] && [ "$total" -eq "$hits" ] && ok || fail "--exact '$q' over $db: total $total, $hits hits"
    # By default a story is one hit standing for its versions: together the total.
    stood=$("$NEWSIDX" search --db "$db" --json --limit 10000 --snippet-length 0 -- "$q" |
        jq -s '[.[] | select(.type == "hit") | 1 + .similar] | add')
    [ "$stood" = "$total" ] && ok || fail "'$q' over $db: the stories and their versions come to $stood, total $total"
}

# compare DB1 DB2 QUERY...: the top 20 of each query agree: the same scores
# rank by rank (1e-9 relative) and the same ids.  Equal scores may come in
# either order (Xapian breaks ties by docid, which differs across shards),
# so ids are compared as sets, except those tied with the 20th score, which
# may fall either side of the cut.  Options in the array CMP_OPTS (for
# example --feedback) are passed to both searches.
CMP_OPTS=()
compare() {
    local a=$1 b=$2 q
    shift 2
    for q in "$@"; do
        "$NEWSIDX" search --db "$a" "${CMP_OPTS[@]}" --json --limit 20 --snippet-length 0 -- "$q" | jq -r 'select(.type == "hit") | "\(.score) \(.id)"' >"$T/ca"
        "$NEWSIDX" search --db "$b" "${CMP_OPTS[@]}" --json --limit 20 --snippet-length 0 -- "$q" | jq -r 'select(.type == "hit") | "\(.score) \(.id)"' >"$T/cb"
        if [ ! -s "$T/ca" ]; then fail "no hits for '$q' over $a"; continue; fi
        if awk 'NR == FNR { sa[FNR] = $1; ia[$2] = $1; na = FNR; next }
                { sb[FNR] = $1; ib[$2] = $1; nb = FNR }
                function rel(x, y,   d, m) { d = x - y; if (d < 0) d = -d; m = (x < 0 ? -x : x); return m ? d / m : d }
                END {
                    if (na != nb) exit 1
                    for (i = 1; i <= na; i++) if (rel(sa[i], sb[i]) > 1e-9) exit 1
                    last = sa[na]
                    for (id in ia) if (rel(ia[id], last) > 1e-9 && (!(id in ib) || rel(ia[id], ib[id]) > 1e-9)) exit 1
                    for (id in ib) if (rel(ib[id], last) > 1e-9 && !(id in ia)) exit 1
                }' "$T/ca" "$T/cb"; then ok; else
            # All rows: the first difference may be anywhere in the 20.
            fail "'$q': $a and $b disagree:"$'\n'"$(paste "$T/ca" "$T/cb" | awk -F'\t' '{ print $0 ($1 == $2 ? "" : "   <--") }')"
        fi
    done
}

# need_tcpsrv: skips the test (exit 77) when xapian-tcpsrv is missing.
need_tcpsrv() {
    if ! command -v xapian-tcpsrv >/dev/null; then
        echo "SKIP: xapian-tcpsrv not found (Debian: apt-get install xapian-tools)"
        exit 77
    fi
}

# start_tcpsrv LOG DB...: starts xapian-tcpsrv on a free 127.0.0.1 port in a
# process group of its own (kill -- -PID stops it); sets PORT and PID and
# adds PID to the array SERVERS, which the caller's cleanup stops.
start_tcpsrv() {
    local log=$1 try
    shift
    for try in $(seq 1 20); do
        PORT=$((20000 + RANDOM % 20000))
        setsid xapian-tcpsrv --interface 127.0.0.1 --port "$PORT" --quiet "$@" >"$log" 2>&1 &
        PID=$!
        SERVERS+=("$PID")
        # Ready when it accepts a connection; gone when the port was taken.
        local i
        for i in $(seq 1 50); do
            kill -0 "$PID" 2>/dev/null || break
            if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then return 0; fi
            sleep 0.1
        done
        kill -TERM -- "-$PID" 2>/dev/null
    done
    echo "cannot start xapian-tcpsrv: $(cat "$log")" >&2
    exit 1
}
