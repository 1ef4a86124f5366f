#!/usr/bin/env bash
# The README's crontab line and systemd units work as written: their
# commands are taken from README.md, pointed at a temp archive and run.
. "$(dirname "$0")/lib.sh"
README="$(dirname "$0")/../../README.md"
SRV="$T/srv/news"
mkdir -p "$SRV/archive"
cp -r "$NX_SAMPLES/text" "$SRV/archive/"

block() { # marker: the fenced block after <!-- marker -->
    awk -v m="<!-- $1 -->" '$0 == m { on = 1; next } on && /^```/ { if (infence) exit; infence = 1; next } on && infence { print }' "$README"
}
subst() { sed -e "s|/srv/news|$SRV|g" -e "s|/usr/local/bin/newsidx|$NEWSIDX|g"; }

line=$(block cron-example)
[ -n "$line" ] && ok || fail "README has the cron example"
set -- $line
[ $# -ge 6 ] && ok || fail "crontab line has five time fields and a command"
cmd=$(echo "$line" | cut -d' ' -f6- | subst)
run sh -c "$cmd"
expect_rc 0 "the crontab command runs"
[ ! -s "$T/out" ] && ok || fail "the crontab command is quiet when all is well: $(cat "$T/out")"
run "$NEWSIDX" stats --db "$SRV/newsidx.db"
expect_out "articles: +13" "the crontab command indexed the archive"
rm "$SRV/archive/text/sport/002.txt"
run sh -c "$cmd"
expect_rc 0 "the crontab command runs again"
run "$NEWSIDX" stats --db "$SRV/newsidx.db"
expect_out "articles: +12" "its --prune removed the deleted file's article"

svc=$(block systemd-service)
timer=$(block systemd-timer)
echo "$svc" | grep -q '^ExecStart=' && ok || fail "README has the service unit"
echo "$timer" | grep -q '^OnUnitActiveSec=' && ok || fail "README has the timer unit"
env_line=$(echo "$svc" | sed -n 's/^Environment=//p' | subst)
exec_line=$(echo "$svc" | sed -n 's/^ExecStart=//p' | subst)
echo "Another story about harbours" >"$SRV/archive/new.txt"
run env $env_line sh -c "$exec_line"
expect_rc 0 "the service's ExecStart runs with its Environment"
run "$NEWSIDX" stats --db "$SRV/newsidx.db"
expect_out "articles: +13" "the service command indexed the new file"
if command -v systemd-analyze >/dev/null 2>&1; then
    mkdir -p "$T/units"
    echo "$svc" | subst >"$T/units/newsidx-index.service"
    echo "$timer" >"$T/units/newsidx-index.timer"
    run systemd-analyze verify "$T/units/newsidx-index.service" "$T/units/newsidx-index.timer"
    expect_rc 0 "systemd-analyze verify accepts the units"
else
    echo "note: systemd-analyze not installed; unit syntax not verified"
fi
finish
