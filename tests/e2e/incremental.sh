#!/usr/bin/env bash
# Incremental runs (unchanged, touched, changed, shrunk, deleted files),
# --dry-run, --prune, --quiet, two indexers at once, and searches while an
# index is being written.
. "$(dirname "$0")/lib.sh"
A="$T/arch"
DB="$T/db"
cp -r "$NX_SAMPLES" "$A"
chmod -R u+w "$A"
rm -f "$A/README.md"

run "$NEWSIDX" index --db "$DB" "$A"
expect_out ": 31 indexed, 0 updated, 0 unchanged" "first run indexes everything"

run "$NEWSIDX" index --db "$DB" "$A"
expect_rc 0 "unchanged re-run"
expect_out ": 0 indexed, 0 updated, 31 unchanged, 0 deleted" "unchanged re-run indexes nothing"
expect_out "19 files, 19 unchanged" "every file recognised as unchanged"

touch -d '2030-01-01 00:00' "$A/text/world/001.txt"
run "$NEWSIDX" index --db "$DB" "$A"
expect_out ": 0 indexed, 0 updated, 31 unchanged" "a touched file with the same content is unchanged"

echo "The zanzibarite delegation arrived late." >>"$A/text/world/001.txt"
run "$NEWSIDX" index --db "$DB" "$A"
expect_out ": 0 indexed, 1 updated, 30 unchanged, 0 deleted" "a changed file replaces its one article"
run "$NEWSIDX" search --db "$DB" --json zanzibarite
[ "$(jq -r .id "$T/hits")" = "$A/text/world/001.txt" ] && ok || fail "the changed text is searchable"

# A multi-article file loses one story: it is deleted, the others replaced.
grep -v '"wire-2025-0007"' "$A/json/wire.jsonl" >"$T/w" && cat "$T/w" >"$A/json/wire.jsonl"
run "$NEWSIDX" index --db "$DB" "$A"
expect_out ": 0 indexed, 6 updated, 24 unchanged, 1 deleted" "vanished story removed from a multi-article file"
run "$NEWSIDX" search --db "$DB" --json id:wire-2025-0007
expect_rc 1 "the vanished story is gone"
run "$NEWSIDX" search --db "$DB" --json id:wire-2025-0006
expect_rc 0 "its neighbours stay"

# --dry-run lists, writes nothing.
mkdir -p "$T/tmpdir"
echo "A late paragraph about quokkas." >>"$A/text/sport/001.txt"
rm "$A/text/sport/002.txt"
run "$NEWSIDX" index --db "$DB" --dry-run --prune "$A"
expect_rc 0 "dry run"
expect_out "^changed +$A/text/sport/001.txt" "dry run lists the changed file"
expect_out "^gone +$A/text/sport/002.txt" "dry run lists the deleted file with --prune"
expect_out "nothing written" "dry run says nothing was written"
run "$NEWSIDX" search --db "$DB" quokkas
expect_rc 1 "dry run wrote nothing"
# A dry run against a database that does not exist lists every file as new
# and leaves no database behind (nor a scratch folder), sharded or not.
for shard in "" "--shard-by year"; do
    # shellcheck disable=SC2086
    run env TMPDIR="$T/tmpdir" "$NEWSIDX" index --db "$T/never" --dry-run $shard "$A"
    expect_rc 0 "dry run on a missing database $shard"
    expect_out "^new +$A/text/sport/001.txt" "every file is new to a missing database $shard"
    [ ! -e "$T/never" ] && ok || fail "a dry run created the database $shard"
    [ -z "$(ls -A "$T/tmpdir")" ] && ok || fail "a dry run left its scratch folder: $(ls "$T/tmpdir")"
done

# Without --prune a deleted file's article stays; with it, it goes.
run "$NEWSIDX" index --db "$DB" "$A"
expect_out ": 0 indexed, 1 updated" "the changed file is indexed"
run "$NEWSIDX" search --db "$DB" --json "id:$A/text/sport/002.txt"
expect_rc 0 "without --prune the article of a deleted file stays"
run "$NEWSIDX" index --db "$DB" --prune --quiet "$A"
expect_rc 0 "prune run"
[ ! -s "$T/out" ] && ok || fail "--quiet prints nothing when all is well: $(cat "$T/out")"
run "$NEWSIDX" search --db "$DB" --json "id:$A/text/sport/002.txt"
expect_rc 1 "--prune removed the deleted file's article"
run "$NEWSIDX" stats --db "$DB"
expect_out "articles: +29" "29 articles left (31 - 1 vanished story - 1 deleted file)"

# --- two indexers started together on a larger corpus
gen_corpus "$T/big" 2500
"$NEWSIDX" index --quiet --wait 0 --db "$T/db2" "$T/big" >"$T/o1" 2>"$T/e1" & p1=$!
"$NEWSIDX" index --quiet --wait 0 --db "$T/db2" "$T/big" >"$T/o2" 2>"$T/e2" & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
case "$r1,$r2" in
    0,0|0,75|75,0) ok ;;
    *) fail "two indexers: exit codes $r1 and $r2 (stderr: $(cat "$T/e1" "$T/e2"))" ;;
esac
for r in "$r1:$T/e1" "$r2:$T/e2"; do
    if [ "${r%%:*}" = 75 ]; then
        [ "$(wc -l <"${r#*:}")" -eq 1 ] && grep -q locked "${r#*:}" && ok || fail "the locked-out indexer says so in one line"
    fi
done
xapian-check "$T/db2" >/dev/null 2>&1 && ok || fail "xapian-check after two indexers"
"$NEWSIDX" index --quiet --wait 60 --db "$T/db3" "$T/big" & p1=$!
"$NEWSIDX" index --quiet --wait 60 --db "$T/db3" "$T/big" & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
[ "$r1,$r2" = "0,0" ] && ok || fail "with --wait both indexers succeed (got $r1,$r2)"
run "$NEWSIDX" stats --db "$T/db3"
expect_out "articles: +2500" "both runs together give exactly the corpus"

# --- searches while a long index is written never fail
gen_corpus "$T/big2" 4000
# (--jobs 1: commits land one by one; the parallel build is checked below)
"$NEWSIDX" index --quiet --jobs 1 --batch 100 --db "$T/db4" "$T/big2" & pidx=$!
searches=0
bad=0
opened=0
while kill -0 $pidx 2>/dev/null; do
    "$NEWSIDX" search --db "$T/db4" --json harbour budget >/dev/null 2>"$T/se"
    rc=$?
    searches=$((searches + 1))
    # 3 (no database yet) is allowed only until a search has once opened it
    [ $rc -eq 0 ] || [ $rc -eq 1 ] && opened=1
    if [ $rc -ne 0 ] && [ $rc -ne 1 ] && ! { [ $rc -eq 3 ] && [ $opened -eq 0 ]; }; then
        bad=$((bad + 1))
        echo "search during indexing failed ($rc): $(cat "$T/se")" >&2
    fi
done
wait $pidx
[ $bad -eq 0 ] && ok || fail "$bad of $searches searches failed during indexing"
[ $searches -ge 3 ] && ok || fail "only $searches searches ran during the index"
echo "$searches searches ran during indexing"

# --- searches during a parallel first build see nothing, then everything
"$NEWSIDX" index --quiet --jobs 2 --db "$T/db5" "$T/big2" & pidx=$!
bad=0
searches=0
while kill -0 $pidx 2>/dev/null; do
    "$NEWSIDX" search --db "$T/db5" --json --limit 5000 officials >"$T/so" 2>"$T/se"
    rc=$?
    searches=$((searches + 1))
    n=$(grep -c '"type":"hit"' "$T/so")
    # all or nothing: 0 hits (or no database yet), or every article
    if ! { [ $rc -eq 3 ] || { [ $rc -eq 1 ] && [ "$n" -eq 0 ]; } || { [ $rc -eq 0 ] && [ "$n" -eq 4000 ]; }; }; then
        bad=$((bad + 1))
        echo "search during the parallel build: rc $rc, $n hits: $(cat "$T/se")" >&2
    fi
done
wait $pidx
[ $? -eq 0 ] && ok || fail "the parallel build succeeds"
[ $bad -eq 0 ] && ok || fail "$bad of $searches searches saw part of a parallel build"
run "$NEWSIDX" stats --db "$T/db5"
expect_out "articles: +4000" "the parallel build published every article"

finish
