#!/usr/bin/env bash
# The search page in a real browser: headless Chromium (Debian's chromium)
# against `newsidx serve` on 127.0.0.1, driven by serve_browser.py over the
# DevTools protocol.  The screenshot is kept as serve_browser.png in the
# test's working folder (the build's tests/ folder under ctest).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servelib.sh"
CHROMIUM=${NX_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then
    echo "SKIP: chromium not found (Debian: apt-get install chromium; scripts/install-deps.sh installs it)"
    exit 77
fi
if ! command -v python3 >/dev/null; then
    echo "SKIP: python3 not found (it drives the browser)"
    exit 77
fi
A="$T/news/archive"
make_archive "$A"
"$NEWSIDX" index --quiet --db "$T/news/newsidx.db" "$A" || fail "indexing"
start_serve "$T/log" --db "$T/news/newsidx.db" --threads 2
shot="$PWD/serve_browser.png"
if timeout 300 python3 "$(dirname "$0")/serve_browser.py" "$CHROMIUM" "$BASE" "$T/profile" "$shot"; then ok; else
    fail "the browser checks (Chromium's log: $(tail -5 "$T/profile.log" 2>/dev/null))"
fi
echo "screenshot: $shot"
stop_serve
[ "$SRC" -eq 0 ] && ok || fail "the server stops with exit 0"
grep -q '"GET /static/style.css' "$T/log" && ok || fail "the browser loaded the stylesheet"
finish
