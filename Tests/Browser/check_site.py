"""Checks a static HTML site in headless Chromium and prints a JSON report; exits 1 on a failure.

    python Tests/Browser/check_site.py SITE_FOLDER [--screenshots DIR] [--search TERM]

For every *.html page under SITE_FOLDER, loaded from file://:
- no console error and no failed request; no request leaves file:// (no CDN, no network);
- every <img> loaded (complete, natural width > 0);
- every internal link (same page or another page of the site) points to an existing page and
  an existing element id;
- the page is valid HTML: html5lib's strict parser (the WHATWG parsing algorithm) reports no
  parse error;
- basic accessibility: the page has a lang, every image an alt text, headings start at h1 and
  never skip a level, and body text, links, captions and muted text reach WCAG AA contrast
  (4.5:1) in the light and the dark theme;
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


ACCESSIBILITY = """
const problems = [];
if (!document.documentElement.lang) problems.push("no lang on <html>");
for (const image of document.images) if (!image.hasAttribute("alt")) problems.push("image without alt: " + image.src);
let previous = 0;
for (const heading of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
  const level = Number(heading.tagName[1]);
  if (level > previous + 1) problems.push("heading skips from h" + previous + " to h" + level + ": " + heading.textContent.slice(0, 60));
  previous = level;
}
function rgb(text) { const m = text.match(/[\\d.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? null : m.slice(0, 3); }
function luminance(c) { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; }
function background(element) {
  for (let e = element; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c) return c; }
  return [255, 255, 255];
}
for (const selector of ["p", "a", "figcaption", ".subtitle", ".number", ".provenance", "code", "th", "td", ".callout p",
                        ".tk-keyword", ".tk-type", ".tk-string", ".tk-comment", ".tk-number", ".tk-attribute",
                        ".quiz legend", ".quiz-hint", ".explorer-value", ".explorer-slider label"]) {
  const element = document.querySelector(selector);
  if (!element) continue;
  const fg = rgb(getComputedStyle(element).color), bg = background(element);
  const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
  const ratio = (l1 + 0.05) / (l2 + 0.05);
  if (ratio < 4.5) problems.push("contrast " + ratio.toFixed(2) + " < 4.5 for " + selector);
}
return problems;
"""


def check_accessibility(browser, path, failures):
    for dark in (False, True):
        browser.set_dark(dark)
        for problem in browser.script(ACCESSIBILITY):
            failures.append({"page": path.name, "theme": "dark" if dark else "light", "accessibility": problem})
    browser.set_dark(False)


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
    check_accessibility(browser, path, failures)
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
