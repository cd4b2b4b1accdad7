"""The playground in a real browser: train two moons with dropout, watch epochs arrive and the
charts change, pin, change p and see two runs, stop a run, reopen a shared link and get the same
final numbers, refused input and a diverging run; screenshots light/dark, narrow/wide.

Usage: playground_test.py URL SCREENSHOT_FOLDER DROPOUT_MESSAGE
(the Swift test starts the server and passes NeuralKit's own message for dropout p = 1.5)
"""
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from browser import Browser  # noqa: E402 (the shared harness: Debian's chromium via .venv-browser/)

_results, _notes = [], {}


def check(name, condition, detail=""):
    """Records one check; a failed check fails the run but the script goes on."""
    _results.append({"name": name, "ok": bool(condition), "detail": str(detail)[:2000]})
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"), flush=True)


def note(key, value):
    """A measured figure, passed on to the Swift test (Tests/BrowserTesting reads the last line)."""
    _notes[key] = value


def finish():
    failed = [r["name"] for r in _results if not r["ok"]]
    print("BROWSER-RESULT " + json.dumps({"checks": _results, "failed": failed, "notes": _notes}), flush=True)
    sys.exit(1 if failed or not _results else 0)


def wait_until(predicate, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def full_page(browser, name, width, dark):
    """A screenshot as tall as the page, light or dark."""
    browser.set_dark(dark)
    browser.set_size(width, 900)
    time.sleep(0.2)
    height = browser.script("return Math.ceil(document.documentElement.scrollHeight)")
    browser.screenshot(os.path.join(shots, name + ".png"), width=width, height=height, dark=dark)

url, shots, dropout_message = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(shots, exist_ok=True)

# Long enough (a few seconds) that the page is sampled at several epoch counts even when the rest
# of the test suite keeps both cores busy (seen: at 200 epochs of 600 points, batch 32, the whole
# stream arrived before the first sample).  Batches of 8 make it about 15 s on a quiet machine.
MOONS = "dataset=two-moons&n=2000&noise=0.25&width=64&depth=2&epochs=500&lr=0.01&batch=8&seed=5"


def state(browser):
    return browser.script("""
        const r = current;
        return r ? {epochs: r.epochs.length, outcome: r.outcome, summary: r.summary,
                    pinned: pinned ? pinned.epochs.length : 0} : null""")


def canvas(browser, name):
    return browser.script(f"return document.getElementById('{name}').toDataURL()")


def set_field(browser, key, value):
    browser.script("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
               "e.dispatchEvent(new Event('change'))", key, str(value))


def wait_outcome(browser, timeout=60):
    return wait_until(lambda: (s := state(browser)) and s["outcome"] != "running" and s, timeout)


with Browser(width=1280, height=900) as browser:
    browser.open(url + "?" + MOONS + "&dropout=0.3")
    # The link starts the run; sample the charts while it trains.
    started = time.monotonic()
    frames, losses, epochs_seen = set(), set(), []
    first_epoch_at = None
    while time.monotonic() - started < 60:
        s = state(browser)
        if s and s["epochs"] and first_epoch_at is None:
            first_epoch_at = time.monotonic() - started
        if s:
            epochs_seen.append(s["epochs"])
            frames.add(canvas(browser, "boundary"))
            losses.add(canvas(browser, "loss-chart"))
            if s["outcome"] != "running":
                break
        time.sleep(0.03)
    s = state(browser)
    check("a shared link starts its run and it finishes", s and s["outcome"] == "finished", s)
    check("at least 5 epochs arrive", s and s["epochs"] >= 5, s and s["epochs"])
    check("epochs arrive one after another (seen at several counts while training)",
          len(set(e for e in epochs_seen if 0 < e < 500)) >= 3, sorted(set(epochs_seen))[:20])
    check("the decision boundary changes while training", len(frames) >= 3, len(frames))
    check("the loss chart changes while training", len(losses) >= 3, len(losses))
    note("page_first_epoch_seconds", round(first_epoch_at or -1, 3))
    first_summary = browser.script("return document.getElementById('final').dataset.summary")
    first_link = browser.script("return location.href")
    check("the final numbers are shown", first_summary and "validationAccuracy" in first_summary, first_summary)
    errors = [m.get("message") for m in browser.console_errors()]
    check("no console errors", not errors, errors)

    # Pin, change p, run again: two runs drawn, the difference stated.
    browser.script("document.getElementById('pin').click()")
    check("pin shows the pinned panel", browser.script("return !document.getElementById('pinned-panel').hidden"))
    set_field(browser, "dropout", 0)
    browser.script("document.getElementById('start').click()")
    s = wait_outcome(browser)
    check("the second run finishes", s and s["outcome"] == "finished", s)
    # Start (the click) to the first epoch on the page, for a run that did not wait in a queue.
    note("start_to_first_epoch_ms", round(browser.script("return current.firstEpochMs"), 1))
    check("two runs are drawn (pinned and current)", s and s["pinned"] >= 5 and s["epochs"] >= 5, s)
    comparison = browser.script("return document.getElementById('comparison').textContent")
    check("the difference is stated",
          re.search(r"\(dropout 0\.3 → 0\): validation accuracy [+−]\d+\.\d points, train–val gap [+−]\d+\.\d points", comparison),
          comparison)
    check("the pinned boundary is drawn", canvas(browser, "pinned-boundary") != canvas(browser, "histograms"))
    for width, size in ((1280, "wide"), (420, "narrow")):
        for dark in (False, True):
            full_page(browser, f"playground-{'dark' if dark else 'light'}-{size}", width, dark)
    browser.set_dark(False)
    browser.set_size(1280, 900)

    # Stop: a long run is cancelled at once, on the page and on the server.
    for key, value in {"n": 2000, "width": 256, "depth": 4, "epochs": 500}.items():
        set_field(browser, key, value)
    browser.script("document.getElementById('start').click()")
    check("the long run starts", wait_until(lambda: (s := state(browser)) and s["epochs"] >= 2, 60), state(browser))
    clicked = time.monotonic()
    browser.script("document.getElementById('stop').click()")
    s = state(browser)
    status = browser.script("return document.getElementById('status').textContent")
    check("Stop ends the run on the page", s["outcome"] == "cancelled" and status.startswith("Stopped after"), status)
    server_idle = wait_until(lambda: browser.script(
        "const r = new XMLHttpRequest(); r.open('GET', '/api/status', false); r.send();"
        "const s = JSON.parse(r.responseText); return s.running === 0 && s.held === 0"), 10)
    check("Stop frees the server's slot", server_idle)
    note("stop_to_idle_seconds", round(time.monotonic() - clicked, 3))

    # Refused input and a diverging run show the library's messages.
    set_field(browser, "n", 200); set_field(browser, "width", 64); set_field(browser, "depth", 2)
    set_field(browser, "epochs", 20); set_field(browser, "dropout", 1.5)
    browser.script("document.getElementById('start').click()")
    s = wait_outcome(browser, 10)
    message = browser.script("return document.getElementById('message').textContent")
    check("p = 1.5 is refused with NeuralKit's message",
          "HTTP 400" in message and dropout_message in message, message)
    set_field(browser, "dropout", 0); set_field(browser, "opt", "sgd"); set_field(browser, "lr", 1000)
    set_field(browser, "depth", 4)
    browser.script("document.getElementById('start').click()")
    s = wait_outcome(browser, 30)
    message = browser.script("return document.getElementById('message').textContent")
    check("a diverging run ends with the library's message and a cause",
          s and s["outcome"] == "failed" and "training diverged" in message and "Likely cause" in message, message)
    full_page(browser, "playground-diverged", 1280, False)
    browser.set_size(1280, 900)

    # A shared link reproduces the first run exactly.
    browser.open(first_link)
    s = wait_outcome(browser)
    again = browser.script("return document.getElementById('final').dataset.summary")
    check("the shared link gives identical final numbers",
          again and json.loads(again) == json.loads(first_summary), f"{again} vs {first_summary}")
    # The refused run's 400 is logged by Chromium itself; anything else is an error of the page.
    errors = [m.get("message") for m in browser.console_errors() if "dropout=1.5" not in m.get("message", "")]
    check("no other console errors at the end", not errors, errors)

finish()
