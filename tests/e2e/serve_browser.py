#!/usr/bin/env python3
"""Drives a real headless Chromium through the search page of a running
`newsidx serve`, over the DevTools protocol on a pipe (--remote-debugging-
pipe: NUL-separated JSON on fds 3 and 4, so no WebSocket client is
needed).  It types a query and presses Enter, reads the rendered DOM,
follows the pagination, opens the article whose headline and body hold
<script>, and keeps a screenshot.

usage: serve_browser.py CHROMIUM BASE-URL PROFILE-DIR SCREENSHOT.png
Prints one line per check; exits 1 when one fails, 0 otherwise.
"""
import base64
import fcntl
import json
import os
import select
import subprocess
import sys
import time

chromium, base, profile, shot = sys.argv[1:5]
failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print("FAIL: " + what, flush=True)


class Browser:
    def __init__(self):
        to_r, to_w = os.pipe()       # we write commands, Chromium reads fd 3
        from_r, from_w = os.pipe()   # Chromium writes fd 4, we read
        # Out of the way of 3 and 4 before the child moves them there.
        self.hi = [fcntl.fcntl(fd, fcntl.F_DUPFD, 20) for fd in (to_r, from_w)]
        for fd in (to_r, from_w):
            os.close(fd)

        def child():
            os.dup2(self.hi[0], 3)
            os.dup2(self.hi[1], 4)

        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
             "--window-size=1280,900", "--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(profile + ".log", "wb"),
            pass_fds=(3, 4), preexec_fn=child)
        for fd in self.hi:
            os.close(fd)
        self.w, self.r = to_w, from_r
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None
        self.dialogs = []

    def _read_one(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self.r], [], [], left)
            if ready:
                chunk = os.read(self.r, 1 << 20)
                if not chunk:
                    raise EOFError("Chromium closed the pipe")
                self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        m = json.loads(msg)
        if m.get("method") == "Page.javascriptDialogOpening":
            self.dialogs.append(m["params"].get("message"))
            self.send("Page.handleJavaScriptDialog", {"accept": True}, wait=False)
        return m

    def send(self, method, params=None, wait=True, timeout=60):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session and not method.startswith(("Target.", "Browser.")):
            msg["sessionId"] = self.session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        if not wait:
            return None
        want = self.next_id
        deadline = time.time() + timeout
        while True:
            m = self._read_one(deadline)
            if m.get("id") == want:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            if "method" in m:
                self.events.append(m)

    def eval(self, expr):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError("evaluate %s: %s" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def wait_for(self, expr, what, timeout=60):
        """Polls expr in the page until it is true; False if it never is within timeout."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.eval(expr):
                    return True
            except RuntimeError:
                pass   # the page is between documents
            time.sleep(0.05)
        print("note: waited %d s for %s" % (timeout, what), flush=True)
        return False

    def load(self, action):
        """Runs action (a function that starts a navigation), then waits until
        the new document has loaded.  A load event alone is not proof: on a
        loaded machine the previous document's (about:blank's, at the
        start) can arrive after the action, so the old document is marked
        and the new one is the one without the mark."""
        self.eval("window.__nxOld = true")
        self.events.clear()
        action()
        if not self.wait_for("!window.__nxOld && document.readyState === 'complete'", "the next page"):
            raise TimeoutError("the page did not load: " + str(self.eval("location.href")))

    def close(self):
        try:
            self.send("Browser.close", wait=False)
            self.proc.wait(timeout=10)
        except Exception:
            pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


b = Browser()
try:
    targets = b.send("Target.getTargets")["targetInfos"]
    page = next(t for t in targets if t["type"] == "page")
    b.session = b.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
    b.send("Page.enable")
    b.send("Runtime.enable")

    # The form, typed into and sent with Enter as a person would.
    b.load(lambda: b.send("Page.navigate", {"url": base + "/"}))
    # autofocus is applied at a rendering step, which can come after the load event.
    check(b.wait_for("document.activeElement && document.activeElement.name === 'q'", "the focus", 20),
          "the search box has the focus")
    b.send("Input.insertText", {"text": "harbour lights"})
    enter = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13}
    b.load(lambda: (b.send("Input.dispatchKeyEvent", dict(enter, type="keyDown", text="\r")),
                    b.send("Input.dispatchKeyEvent", dict(enter, type="keyUp"))))
    check("q=harbour+lights" in b.eval("location.search"), "Enter submitted the form: " + b.eval("location.href"))
    dom = b.eval("document.documentElement.outerHTML")
    hits = b.eval("document.querySelectorAll('li.hit').length")
    check(hits >= 2, "results are listed (%s)" % hits)
    check(b.eval("document.querySelectorAll('li.hit mark').length") >= 2, "snippets have <mark> highlights")
    marks = b.eval("[...document.querySelectorAll('li.hit mark')].map(m => m.textContent.toLowerCase())")
    check(all(m in ("harbour", "lights", "light") for m in marks), "the marks are the query's words: %s" % marks)
    check(b.eval("document.scripts.length") == 0, "no script element in the results page")
    check("<script" not in dom, "the rendered DOM holds no <script")
    titles = b.eval("[...document.querySelectorAll('li.hit h2')].map(h => h.textContent)")
    check(any("<script>alert('headline')</script>" in t for t in titles),
          "the <script> headline is shown as text: %s" % titles)
    check(b.eval("/matches? for/.test(document.querySelector('p.total').textContent)"), "the total is shown")
    check(b.eval("document.querySelectorAll('aside.names li').length") > 0, "the names panel is filled")
    b.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    png = b.send("Page.captureScreenshot", {"format": "png"})["data"]
    with open(shot, "wb") as f:
        f.write(base64.b64decode(png))
    check(os.path.getsize(shot) > 10000, "a screenshot was taken")

    # The article whose headline and body carry <script>: inert.
    b.load(lambda: b.eval("[...document.querySelectorAll('li.hit h2 a')].find(a => a.textContent.includes('<script>')).click()"))
    check("/article?id=inject-1" in b.eval("location.href"), "the article page opened: " + b.eval("location.href"))
    check(b.eval("document.querySelector('h1').textContent").startswith("<script>alert('headline')</script>"),
          "the article headline is text")
    body = b.eval("document.querySelector('.body').textContent")
    check("<script>alert('body')</script>" in body and "<img src=x onerror=alert(2)>" in body,
          "the body's markup is text: %r" % body[:200])
    check(b.eval("document.scripts.length + document.images.length") == 0, "no script or image element in the article")
    check(b.eval("document.querySelectorAll('a[href^=\"javascript:\"]').length") == 0, "no javascript: link")
    time.sleep(0.5)
    b.send("Runtime.evaluate", {"expression": "1"})   # collects any late events
    check(not b.dialogs, "no alert ran: %s" % b.dialogs)

    # Pagination: over 20 matches for "date:2025", ten a page.
    b.load(lambda: b.send("Page.navigate", {"url": base + "/?q=date:2025"}))
    total = int(b.eval("document.querySelector('p.total').textContent.match(/\\d+/)[0]"))
    check(20 < total <= 30, "between 21 and 30 matches for 'date:2025': %d" % total)
    check(b.eval("document.querySelectorAll('li.hit').length") == 10, "a full first page")
    b.load(lambda: b.eval("document.querySelector('a[rel=next]').click()"))
    check("page=2" in b.eval("location.search"), "Next leads to page 2")
    check(b.eval("document.querySelector('ol.results').start") == 11, "page 2 starts at result 11")
    check(b.eval("document.querySelector('nav.pages [aria-current=page]').textContent") == "2", "page 2 is marked current")
    b.load(lambda: b.eval("document.querySelector('a[rel=next]').click()"))
    check(b.eval("document.querySelectorAll('li.hit').length") == total - 20, "the last page has the rest")
    check(b.eval("document.querySelector('a[rel=next]')") is None, "no Next on the last page")
    # The filters are form fields like the query.
    b.load(lambda: b.eval("document.querySelector('select[name=source]').value = 'Reuters';"
                          "document.querySelector('form.search button').click()"))
    srcs = b.eval("[...document.querySelectorAll('li.hit .source')].map(s => s.textContent)")
    check(srcs and all(s == "Reuters" for s in srcs), "the source filter from the form: %s" % srcs)
except Exception as e:
    check(False, "the browser session failed: %s: %s" % (type(e).__name__, e))
finally:
    b.close()
print("%d checks, %d failures" % (checks, failures))
sys.exit(1 if failures else 0)
