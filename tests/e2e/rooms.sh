#!/usr/bin/env bash
# docs/DESIGN.md's table of files names every source file of the library,
# the binding and the CLI, and names none that is gone: the map of the
# house stays true as files are added, split or removed.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
design="$root/docs/DESIGN.md"
[ -f "$design" ] || { fail "no docs/DESIGN.md"; finish; }
cd "$root"
for f in include/*.h lib/*.[ch] analysis/*.[ch] indexer/*.[ch] searcher/*.[ch] xapian-c/*.cc cli/*.[ch]; do
    [ -f "$f" ] || continue
    grep -qF "\`$f\`" "$design" && ok || fail "docs/DESIGN.md does not name $f"
done
# Every file the table names exists.
grep -oE '`(include|lib|analysis|indexer|searcher|xapian-c|cli)/[A-Za-z0-9_.-]+\.(c|h|cc)`' "$design" | tr -d '`' |
    sort -u | while read -r f; do
        [ -f "$f" ] || echo "$f"
    done >"$T/gone"
[ ! -s "$T/gone" ] && ok || fail "docs/DESIGN.md names files that do not exist: $(tr '\n' ' ' <"$T/gone")"
finish
