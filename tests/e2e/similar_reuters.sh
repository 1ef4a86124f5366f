#!/usr/bin/env bash
# `newsidx similar` on Reuters-21578 (the first three files, 3,000
# stories): for labelled stories, the related stories never include the
# story itself or a byte-identical copy of it, a topic: filter and dates
# hold on every hit, and at least half the related stories share a topic label with
# the story (labels are indexed, but similar ranks by words and names
# only, so the labels are an independent judge).  Skipped (77) without
# the corpora.
. "$(dirname "$0")/lib.sh"
need_corpora
mkdir -p "$T/in"
for f in reut2-000.sgm reut2-001.sgm reut2-002.sgm; do ln -s "$R/$f" "$T/in/$f"; done
DB="$T/db"
run "$NEWSIDX" index --quiet --db "$DB" "$T/in"
expect_rc 0 "index three Reuters files"

hits=0 agree=0 stories=0
for n in $(seq 5 53 3000); do
    id="reuters-$n"
    "$NEWSIDX" show --db "$DB" --json "$id" >"$T/me" 2>/dev/null || continue
    tags=$(jq -r '.tags | join(" ")' "$T/me")
    [ -n "$tags" ] && [ "$(jq -r '.body | length' "$T/me")" -ge 300 ] || continue
    stories=$((stories + 1))
    body=$(jq -r .body "$T/me")
    run "$NEWSIDX" similar --db "$DB" --json "$id"
    expect_rc 0 "similar $id"
    grep -qF "\"id\":\"$id\"" "$T/hits" && fail "$id lists itself" || ok
    [ "$(jq -r 'select(.rank == 1) | .id' "$T/hits")" != "" ] && ok || fail "$id has related stories"
    # The related articles whole, in one call: none is a copy of the story.
    jq -r .id "$T/hits" | "$NEWSIDX" show --db "$DB" --json - >"$T/others"
    copies=$(jq -r --arg b "$body" 'select(.body == $b) | .id' "$T/others")
    [ -z "$copies" ] && ok || fail "$id lists its copy $copies"
    hits=$((hits + $(jq -s length "$T/others")))
    agree=$((agree + $(jq -s --arg t "$tags" '($t | split(" ")) as $mine
        | map(select(any(.tags[]; . as $x | $mine | index($x)))) | length' "$T/others")))
    first=${tags%% *}
    run "$NEWSIDX" similar --db "$DB" --json --limit 20 "$id" "topic:$first"
    bad=$(jq -r --arg t "$first" 'select(.tags | index($t) | not) | .id' "$T/hits")
    [ -z "$bad" ] && ok || fail "$id topic:$first: off-topic $bad"
    run "$NEWSIDX" similar --db "$DB" --json --limit 20 --until 1987-03-05 "$id"
    bad=$(jq -r 'select(.date > "1987-03-05T23:59:59Z") | .id' "$T/hits")
    [ -z "$bad" ] && ok || fail "$id --until: late $bad"
done
echo "similar on Reuters: $stories stories, $hits related, $agree share a topic label"
[ "$stories" -ge 15 ] && ok || fail "too few labelled stories: $stories"
[ $((agree * 2)) -ge "$hits" ] && ok || fail "only $agree of $hits related stories share a topic label"
finish
