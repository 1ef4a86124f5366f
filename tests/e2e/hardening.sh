#!/usr/bin/env bash
# The smaller hardening defects of issue 24, through the CLI
# (docs/RELIABILITY.md): files that are not regular say what they are;
# control bytes in a query never reach stdout raw; a search before a
# first build has made the database says so; one huge article is refused
# by name, a large one is indexed and searched with a bounded snippet, and
# its headline and id are cut in the text output.
. "$(dirname "$0")/lib.sh"

# --- files that are not regular: the message names the kind, not a stale errno
mkdir -p "$T/in/folder.txt" "$T/in/real"
printf 'Harbour story\n\nThe harbour reopened on Monday.\n' >"$T/in/real/a.txt"
ln -s "$T/in/real" "$T/in/linked.txt"
mkfifo "$T/in/pipe.txt"
run "$NEWSIDX" index --db "$T/db" "$T/in"
expect_rc 1 "a folder holding a symlinked folder exits 1"
expect_err "linked.txt: skipped: a folder reached through a symbolic link" "a symlink to a folder says so"
if grep -q "pipe.txt" "$T/err"; then fail "a FIFO inside a folder is not an article file: $(cat "$T/err")"; else ok; fi
run "$NEWSIDX" index --db "$T/db" "$T/in/pipe.txt" "$T/in/linked.txt"
expect_rc 1 "a FIFO and a symlinked folder named on their own"
expect_err "pipe.txt: skipped: a named pipe \(FIFO\)" "a FIFO is called a named pipe"
if grep -Eq "Invalid argument|Too many levels of symbolic links" "$T/err"; then
    fail "a stale errno in the messages: $(cat "$T/err")"
else ok; fi
run "$NEWSIDX" index --db "$T/db" /dev/zero
expect_rc 1 "/dev/zero named on its own"
expect_err "/dev/zero: skipped: a character device" "/dev/zero is called a character device"
run "$NEWSIDX" search --db "$T/db" harbour
expect_rc 0 "the regular file beside them was indexed"

# --- control bytes in a query are not echoed raw to stdout
has_ctl() { LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$1" || LC_ALL=C grep -q $'\xc2[\x80-\x9f]' "$1"; }
for q in $'harbour\e[2J\e]0;pwned\a' $'zzzqqq\e[31m' $'harbuor\e[1m' $'x\xc2\x9b31m'; do
    for cmd in search names; do
        run "$NEWSIDX" "$cmd" --db "$T/db" "$q"
        if has_ctl "$T/out"; then fail "$cmd echoed a control byte to stdout: $(od -c "$T/out" | head -3)"; else ok; fi
        [ "$RC" -le 1 ] && ok || fail "$cmd with control bytes: exit $RC"
    done
done
run "$NEWSIDX" search --db "$T/db" $'harbour\e[2J'
expect_out "match(es)? for 'harbour \[2J'" "the query is echoed with ESC as a space"
run "$NEWSIDX" names --db "$T/db" $'zzzqqq\e[31m'
expect_out "No names found for 'zzzqqq \[31m'" "names echoes the query made safe"

# --- a search in the moment before a first build has created the database
mkdir -p "$T/early"
: >"$T/early/flintlock"          # what a first build holds before its first commit
run "$NEWSIDX" search --db "$T/early" anything
expect_rc 3 "search before the first commit"
expect_err "a first build is creating it" "the message says a build is under way"
if grep -q "Couldn't detect type" "$T/err"; then fail "Xapian's raw message leaked: $(cat "$T/err")"; else ok; fi

# --- huge and large articles
# 9 MiB of text in one article: over the 8 MiB limit, refused by name.
awk 'BEGIN { printf "Huge\n\n"; for (i = 0; i < 1500000; i++) printf "harbour tide "; print "" }' >"$T/huge.txt"
run "$NEWSIDX" index --db "$T/db2" "$T/huge.txt"
expect_rc 1 "a 9 MiB article is skipped"
expect_err "huge.txt: article '.*huge.txt' is too large: .* the limit for one article is 8 MiB" \
    "the refusal names the article and the limit"
# 1 MB of body, a 200 KB headline and a 100 KB id: indexed; the text output
# cuts the headline and the id, the snippet stays short.
awk 'BEGIN {
    printf "{\"id\":\""; for (i = 0; i < 10000; i++) printf "idpart%04d", i; printf "\","
    printf "\"title\":\"Lighthouse "; for (i = 0; i < 20000; i++) printf "keeper tide "; printf "\","
    printf "\"body\":\""; for (i = 0; i < 80000; i++) printf "the sea was calm and grey. "; printf "The lighthouse keeper retired.\"}\n"
}' >"$T/large.jsonl"
run "$NEWSIDX" index --db "$T/db2" "$T/large.jsonl"
expect_rc 0 "a 1.3 MB article is indexed"
run "$NEWSIDX" search --db "$T/db2" lighthouse
expect_rc 0 "search for the large article"
longest=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$T/out")
[ "$longest" -le 1200 ] && ok || fail "a text output line of $longest bytes: headline, id or snippet not cut"
expect_out "^1\. \[?Lighthouse\]? keeper tide .*…  \(score" "the headline is cut with an ellipsis"
expect_out "^   id idpart0000.*…" "the id is cut with an ellipsis"
# The snippet looks at the first 256 KiB of a body only (snippet.h): a
# word found past that is matched, and the snippet is the lead.
awk 'BEGIN { printf "{\"id\":\"far\",\"title\":\"Far\",\"body\":\"Opening words. "
             for (i = 0; i < 30000; i++) printf "calm grey sea "; printf "beacon\"}\n" }' >"$T/far.jsonl"
run "$NEWSIDX" index --db "$T/db2" "$T/far.jsonl"
run "$NEWSIDX" search --db "$T/db2" beacon
expect_out "^1\. Far " "a word past the snippet window still matches"
expect_out "^   Opening words\." "past the window the snippet is the lead"
expect_no_out "\[beacon\]" "nothing past the window is highlighted"
run "$NEWSIDX" search --db "$T/db2" --json lighthouse
[ "$(jq -r 'select(.type == "hit") | .id | length' "$T/out")" -eq 100000 ] && ok || fail "--json must keep the whole id"
# --- a damaged database: refused with Xapian's reason, never a crash
# (damage inside a B-tree block can crash libxapian itself: see
# docs/RELIABILITY.md, "A damaged database")
"$NEWSIDX" index --quiet --db "$T/good" "$NX_SAMPLES" >/dev/null 2>&1
for damage in "iamglass 10" "postlist.glass 8192"; do
    rm -rf "$T/bad" && cp -r "$T/good" "$T/bad"
    truncate -s "${damage#* }" "$T/bad/${damage% *}"
    run "$NEWSIDX" search --db "$T/bad" harbour
    expect_rc 3 "search in a database with a truncated ${damage% *}"
    expect_err "cannot open the database: .*(Corrupt|EOF)" "the reason for ${damage% *}"
    run "$NEWSIDX" index --db "$T/bad" "$NX_SAMPLES/json"
    case $RC in 3|70) ok ;; *) fail "indexing into a truncated ${damage% *}: exit $RC" ;; esac
done

# --- memory limits (ulimit -v): out of memory is an error, never a crash.
# Not under ASan, whose shadow memory needs far more address space.
if ldd "$NEWSIDX" 2>/dev/null | grep -q libasan; then
    echo "ulimit -v cases skipped: AddressSanitizer build"
else
    for mb in 50 60 80 110 150 250; do
        for cmd in "index --db $T/db-ulimit-$mb $T/large.jsonl $NX_SAMPLES" "search --db $T/db2 lighthouse" \
                   "names --db $T/db2 lighthouse"; do
            # shellcheck disable=SC2086
            ( ulimit -v $((mb * 1024)); exec "$NEWSIDX" $cmd ) >"$T/out" 2>"$T/err"
            RC=$?
            case $RC in
                0|1) ok ;;
                127) ok ;;   # too little to even load the shared libraries
                70) grep -Eq "out of memory|cannot start an indexing thread: Resource" "$T/err" && ok || fail "ulimit $mb MB, $cmd: exit 70 without 'out of memory': $(head -c 300 "$T/err")" ;;
                *) fail "ulimit $mb MB, $cmd: exit $RC: $(head -c 300 "$T/err")" ;;
            esac
        done
    done
fi
finish
