"""Checks a static HTML site in headless Chromium and prints a JSON report; exits 1 on a failure.

    python Tests/Browser/check_site.py SITE_FOLDER [--screenshots DIR] [--search TERM]

For every *.html page under SITE_FOLDER, loaded from file://:
- no console error and no failed request; no request leaves file:// (no CDN, no network);
- every <img> loaded (complete, natural width > 0);
- every internal link (same page or another page of the site) points to an existing page and
  an existing element id;
- the page is valid HTML: html5lib's strict parser (the WHATWG parsing algorithm) reports no
  parse error;
- the search box finds TERM (on the first page).
With --screenshots DIR, writes DIR/<page>-{wide,narrow}-{light,dark}.png of a lesson page
(--screenshot-page NAME, default the first lesson page).
"""

import argparse
import json
import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

sys.path.insert(0, os.path.dirname(__file__))
from browser import Browser  # noqa: E402


def check_validity(path, failures):
    import html5lib
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(path.read_bytes())
    for position, code, data in parser.errors:
        failures.append({"page": path.name, "invalid HTML": code, "at": position, "data": str(data)})


def check_page(browser, path, ids_by_page, failures):
    check_validity(path, failures)
    url = path.as_uri()
    browser.open(url)
    messages = browser.console_messages()
    for message in browser.console_errors(messages):
        failures.append({"page": path.name, "console": message.get("message")})
    performance = browser.driver.get_log("performance")
    for entry in performance:
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.loadingFailed":
            failures.append({"page": path.name, "failed request": message["params"].get("errorText")})
        if message.get("method") == "Network.requestWillBeSent":
            requested = message["params"]["request"]["url"]
            if not requested.startswith("file://") and not requested.startswith("data:"):
                failures.append({"page": path.name, "external request": requested})
    broken = browser.script(
        "return Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
    for source in broken:
        failures.append({"page": path.name, "image not loaded": source})
    ids_by_page[path.name] = set(browser.script("return Array.from(document.querySelectorAll('[id]')).map(e => e.id)"))
    return browser.script("return Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--screenshots")
    parser.add_argument("--search")
    parser.add_argument("--screenshot-page", help="the page to photograph (default: the first lesson page)")
    arguments = parser.parse_args()
    site = Path(arguments.site).resolve()
    pages = sorted(site.glob("*.html"))
    failures = []
    ids_by_page = {}
    links = {}
    with Browser() as browser:
        for page in pages:
            links[page.name] = check_page(browser, page, ids_by_page, failures)
        for page, hrefs in links.items():
            for href in hrefs:
                parsed = urlparse(href)
                if parsed.scheme != "file":
                    continue
                target = Path(unquote(parsed.path))
                if target.parent != site or not target.exists():
                    failures.append({"page": page, "broken link": href})
                    continue
                fragment = unquote(parsed.fragment)
                if fragment and fragment not in ids_by_page.get(target.name, set()):
                    failures.append({"page": page, "missing anchor": href})
        searched = None
        if arguments.search and pages:
            browser.open(pages[0].as_uri())
            browser.script(
                "const input = document.getElementById('search-input'); input.value = arguments[0];"
                "input.dispatchEvent(new Event('input'));", arguments.search)
            searched = browser.script(
                "return Array.from(document.querySelectorAll('#search-results li a')).map(a => a.textContent)")
            if not searched:
                failures.append({"search": arguments.search, "results": 0})
        shots = []
        if arguments.screenshots:
            os.makedirs(arguments.screenshots, exist_ok=True)
            lesson = next((p for p in pages if p.name == arguments.screenshot_page), None) \
                or next((p for p in pages if p.name != "index.html"), pages[0] if pages else None)
            if lesson:
                browser.open(lesson.as_uri())
                for width, height, size in ((1280, 900, "wide"), (390, 844, "narrow")):
                    for dark in (False, True):
                        name = f"{lesson.stem}-{size}-{'dark' if dark else 'light'}.png"
                        out = os.path.join(arguments.screenshots, name)
                        browser.screenshot(out, width, height, dark)
                        shots.append(out)
    report = {"pages": [p.name for p in pages], "links": sum(len(v) for v in links.values()),
              "search": searched, "screenshots": shots, "failures": failures}
    print(json.dumps(report, indent=1))
    sys.exit(1 if failures or not pages else 0)


if __name__ == "__main__":
    main()
