#!/usr/bin/env bash
# Failure paths of the CLI: each gives one clear line on stderr, a
# documented exit code, and never an abort; bad inputs are reported and the
# run goes on; a locked database gives exit 75.
. "$(dirname "$0")/lib.sh"

# --- databases that cannot be opened
run "$NEWSIDX" search --db "$T/missing.db" anything
expect_rc 3 "missing database"
expect_err_lines 1 "missing database"
expect_err "missing.db: no database" "missing database message names the path"

mkdir -p "$T/notadb"
echo "hello" >"$T/notadb/file.txt"
run "$NEWSIDX" search --db "$T/notadb" anything
expect_rc 3 "folder that is not a database"
expect_err_lines 1 "folder that is not a database"
expect_err "notadb: not a newsidx database" "not-a-database message"

run "$NEWSIDX" index --db "$T/notadb" "$T/notadb/file.txt"
expect_rc 3 "indexing into a folder that is not a database"
expect_err_lines 1 "indexing into a non-database folder"
[ "$(ls "$T/notadb")" = "file.txt" ] && ok || fail "indexing must not write into a non-database folder"

echo "not a database" >"$T/plainfile"
run "$NEWSIDX" search --db "$T/plainfile" anything
expect_rc 3 "plain file as database"
expect_err_lines 1 "plain file as database"

# --- usage errors
# (search without words lists the newest articles: tests/e2e/everyday.sh)
run "$NEWSIDX" names --db "$T/x"
expect_rc 2 "names without a query"
run "$NEWSIDX" frobnicate
expect_rc 2 "unknown command"
run "$NEWSIDX" search --limit abc foo
expect_rc 2 "bad --limit"
run "$NEWSIDX" index --help
expect_rc 0 "index --help"
expect_out "usage: newsidx index" "index --help text"
run "$NEWSIDX" search --help
expect_rc 0 "search --help"
run "$NEWSIDX" stats --help
expect_rc 0 "stats --help"

# --- bad inputs are reported, the others still indexed
mkdir -p "$T/in"
printf 'Good headline about harbours\n\nThe harbour reopened on Monday after repairs.\n' >"$T/in/a-good.txt"
printf 'Caf\xe9 owners protest\n\nOwners of the caf\xe9 said prices rose. The mayor listened.\n' >"$T/in/b-latin1.txt"
printf 'Binary\n\0\0\0\x01\x02 data\n' >"$T/in/c-binary.txt"
: >"$T/in/d-empty.txt"
printf 'Second good story on lighthouses\n\nThe lighthouse keeper retired after forty years.\n' >"$T/in/e-good.txt"
truncate -s 300M "$T/in/g-huge.txt"            # sparse: no disk used
printf 'Secret story\n\nNobody may read this.\n' >"$T/in/h-unreadable.txt"
chmod 000 "$T/in/h-unreadable.txt"
run "$NEWSIDX" index --db "$T/db" "$T/in"
expect_rc 1 "index with bad files exits 1 (partial)"
expect_err "g-huge.txt: file too large" "a huge file is refused by name, before it is read"
if [ "$(id -u)" -ne 0 ]; then
    expect_err "h-unreadable.txt: cannot open" "an unreadable file is reported by name"
else
    echo "note: running as root, the chmod 000 file stays readable"
fi
expect_err "b-latin1.txt: .*UTF-8" "latin-1 file reported by name"
expect_err "c-binary.txt: .*binary" "binary file reported by name"
expect_err "d-empty.txt" "empty file reported by name"
# two good files and the recoded Latin-1 one; root can read the chmod 000 file too
if [ "$(id -u)" -eq 0 ]; then want_indexed=4; else want_indexed=3; fi
expect_out ": $want_indexed indexed" "the readable articles are indexed"

run "$NEWSIDX" search --db "$T/db" --json lighthouse
expect_rc 0 "search after partial index"
expect_out '"id"' "search finds the good file"
run "$NEWSIDX" search --db "$T/db" --json cafe OR café
expect_rc 0 "latin-1 article searchable after recoding"

run "$NEWSIDX" index --db "$T/db" "$T/does-not-exist"
expect_rc 1 "missing input path"
expect_err "does-not-exist" "missing input named"

# --- a locked database: a second writer exits 75 with one line; readers still work
"$NX_HOLDLOCK" "$T/db" 30 >"$T/hold.out" 2>&1 &
HOLD=$!
for _ in $(seq 1 100); do grep -q locked "$T/hold.out" 2>/dev/null && break; sleep 0.1; done
echo "A new story on lighthouses" >"$T/in/f-new.txt"
run "$NEWSIDX" index --db "$T/db" --wait 0 "$T/in/f-new.txt"
expect_rc 75 "second writer"
expect_err_lines 1 "second writer"
expect_err "locked" "lock message"
start=$(date +%s)
run "$NEWSIDX" index --db "$T/db" "$T/in/f-new.txt"
end=$(date +%s)
expect_rc 75 "second writer, default wait"
[ $((end - start)) -ge 4 ] && ok || fail "the default lock wait is about 5 s (waited $((end - start)) s)"
start=$(date +%s.%N)
run "$NEWSIDX" index --db "$T/db" --wait 1 "$T/in/f-new.txt"
end=$(date +%s.%N)
expect_rc 75 "second writer with --wait 1"
awk -v a="$start" -v b="$end" 'BEGIN{exit !(b-a >= 0.9)}' && ok || fail "--wait 1 must wait about a second"
run "$NEWSIDX" search --db "$T/db" lighthouse
expect_rc 0 "reading a database while another process writes it"
kill "$HOLD" 2>/dev/null; wait "$HOLD" 2>/dev/null

# --- queries a user can type never crash the searcher
for q in '"' '(' ')' 'AND' 'OR OR' '-' '+' ':' 'title:' '***' 'date:2025-13-45' "$(printf 'a\001b')" "$(head -c 10000 /dev/zero | tr '\0' 'x')"; do
    run "$NEWSIDX" search --db "$T/db" -- "$q"
    case $RC in
        0|1|4) ok ;;
        *) fail "query '$(printf %.40s "$q")' gave exit $RC: $(head -c 300 "$T/err")" ;;
    esac
    if [ "$RC" -eq 4 ]; then expect_err_lines 1 "query error is one line ($(printf %.20s "$q"))"; fi
done

finish
