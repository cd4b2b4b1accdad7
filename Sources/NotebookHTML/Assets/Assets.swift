/// The stylesheet and script every page loads from `assets/`. They ship with the pages (no CDN,
/// no web font: the system's serif and monospace faces, MathML in the browser's math font).
enum Assets {
    /// Light and dark themes (`prefers-color-scheme`), a narrow layout without the sidebar, and a
    /// print stylesheet without navigation. Text colours meet WCAG AA contrast on their
    /// backgrounds in both themes.
    static let stylesheet = #"""
:root {
  --text: #1b1b1b; --muted: #4a4a4a; --background: #ffffff; --panel: #f4f5f7; --rule: #d0d4da;
  --link: #0b57b0; --code: #f2f3f5; --takeaway: #1f7a3d; --pitfall: #b3261e; --exam-tip: #7a4cc2;
  --note: #0b57b0; --figure-background: #ffffff;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #e8e8e8; --muted: #b8b8b8; --background: #15171a; --panel: #1f2226; --rule: #3a3f46;
    --link: #8cb8ff; --code: #23272c; --takeaway: #6fd08f; --pitfall: #ff8a80; --exam-tip: #c7a6ff;
    --note: #8cb8ff; --figure-background: #ffffff;
  }
}
* { box-sizing: border-box; }
html { font-size: 17px; }
body { margin: 0; color: var(--text); background: var(--background);
  font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; line-height: 1.55; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, pre:focus-visible, [tabindex]:focus-visible {
  outline: 3px solid var(--link); outline-offset: 2px; }
.skip { position: absolute; left: -1000px; top: 0; background: var(--background); padding: .5rem; }
.skip:focus { left: .5rem; z-index: 10; }
.topbar { display: flex; align-items: center; justify-content: space-between; gap: 1rem;
  padding: .5rem 1.25rem; border-bottom: 1px solid var(--rule); background: var(--panel); }
.site-title { margin: 0; font-weight: bold; }
.search label { margin-right: .5rem; }
.search input { font: inherit; padding: .2rem .4rem; width: 14rem; max-width: 50vw;
  color: var(--text); background: var(--background); border: 1px solid var(--muted); border-radius: 3px; }
.search-results { margin: 0 auto; max-width: 48rem; padding: .5rem 1.25rem; border-bottom: 1px solid var(--rule); }
.search-results ol { padding-left: 1.25rem; }
.layout { display: grid; grid-template-columns: 16rem minmax(0, 1fr); max-width: 76rem; margin: 0 auto; }
.sidebar { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto;
  padding: 1rem .75rem 2rem 1.25rem; font-size: .85rem; border-right: 1px solid var(--rule); }
.sidebar ul { list-style: none; margin: 0; padding-left: 0; }
.sidebar ul ul { padding-left: .75rem; margin: .25rem 0 .5rem; }
.sidebar li { margin: .2rem 0; }
.sidebar .level2 { padding-left: .75rem; }
.sidebar a { text-decoration: none; }
.sidebar a[aria-current="page"] { font-weight: bold; }
main { padding: 1rem 2rem 3rem; min-width: 0; }
article { max-width: 46rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 1rem 0 .25rem; }
h2 { font-size: 1.4rem; margin-top: 2.2rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1.15rem; margin-top: 1.6rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
.subtitle { color: var(--muted); font-size: 1.1rem; margin-top: 0; }
.number { color: var(--muted); margin-right: .35rem; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85em; }
:not(pre) > code { background: var(--code); padding: .05rem .25rem; border-radius: 3px; }
figure { margin: 1.5rem 0; }
figcaption { font-size: .9rem; color: var(--muted); margin-top: .4rem; }
.caption-label { font-weight: bold; color: var(--text); }
.figure img { display: block; max-width: 100%; height: auto; background: var(--figure-background);
  border-radius: 4px; }
.listing figcaption { margin: 0 0 .3rem; }
.listing .source { font-family: "DejaVu Sans Mono", monospace; font-size: .8rem; }
.code { position: relative; }
.code pre { background: var(--code); padding: .75rem 1rem; overflow-x: auto; border-radius: 4px; margin: 0;
  line-height: 1.4; }
.copy { position: absolute; top: .35rem; right: .35rem; font: inherit; font-size: .8rem; padding: .1rem .5rem;
  color: var(--text); background: var(--background); border: 1px solid var(--muted); border-radius: 3px; cursor: pointer; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .4rem 0; font-size: .9rem; }
th, td { padding: .25rem .7rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--muted); }
.right { text-align: right; font-variant-numeric: tabular-nums; }
.center { text-align: center; }
.table figcaption { margin: 0 0 .3rem; }
.equation { display: flex; align-items: center; margin: 1rem 0; }
.equation .formula { flex: 1; overflow-x: auto; }
.equation .eqno { margin-left: 1rem; }
math { font-size: 1.05em; }
math[display="block"] { margin: .35rem 0; }
.bold { font-weight: bold; }
.callout { border-left: 5px solid var(--note); background: var(--panel); padding: .4rem 1rem; margin: 1.25rem 0;
  border-radius: 0 4px 4px 0; }
.callout-title { font-weight: bold; margin: .3rem 0; }
.callout.takeaway { border-color: var(--takeaway); }
.callout.pitfall { border-color: var(--pitfall); }
.callout.exam-tip { border-color: var(--exam-tip); }
.exercise { border: 1px solid var(--rule); border-radius: 4px; padding: .25rem 1rem; margin: 1.25rem 0; }
ol.references { list-style: none; padding-left: 2.6em; font-size: .95em; }
ol.references li { margin: .35rem 0; overflow-wrap: anywhere; }
.reference-number { display: inline-block; width: 2.4em; margin-left: -2.6em; text-align: right; padding-right: .2em; }
.pager { display: flex; justify-content: space-between; gap: 1rem; margin-top: 3rem; padding-top: 1rem;
  border-top: 1px solid var(--rule); max-width: 46rem; }
.pager .next { margin-left: auto; text-align: right; }
.provenance { border-top: 1px solid var(--rule); padding: 1rem 1.25rem 2rem; font-size: .8rem; color: var(--muted);
  max-width: 76rem; margin: 0 auto; }
.provenance p { margin: 0 0 .3rem; }
.provenance dl { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: 0; }
.provenance dt { display: inline; font-weight: bold; }
.provenance dt::after { content: ":"; }
.provenance dd { display: inline; margin: 0 0 0 .3rem; }
.lesson-subtitle { color: var(--muted); font-size: .9rem; }
.lesson-list li { margin: .5rem 0; }
@media (max-width: 50rem) {
  .layout { display: block; }
  .sidebar { position: static; max-height: none; border-right: none; border-bottom: 1px solid var(--rule); }
  .sidebar ul ul { display: none; }
  main { padding: .5rem 1rem 2rem; }
  .topbar { flex-wrap: wrap; }
}
@media print {
  html { font-size: 11pt; }
  .topbar, .sidebar, .pager, .copy, .skip, .search-results { display: none !important; }
  .layout { display: block; }
  main { padding: 0; }
  a { color: inherit; text-decoration: none; }
  figure, .equation, .callout, table { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .code pre { white-space: pre-wrap; }
}
"""#

    /// The page script: copy buttons on listings, and the search over `window.REGULARIZE_SEARCH`.
    /// It makes no request and reads nothing but the page and the index.
    static let script = #"""
"use strict";
(function () {
  function copyText(button) {
    var code = button.parentElement.querySelector("code");
    var text = code ? code.textContent : "";
    function done(ok) {
      button.textContent = ok ? "Copied" : "Select and copy";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(code)); });
    } else {
      done(fallback(code));
    }
  }
  function fallback(code) {
    if (!code) { return false; }
    var range = document.createRange();
    range.selectNodeContents(code);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try { return document.execCommand("copy"); } catch (error) { return false; }
  }
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () { copyText(button); });
  });

  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var form = input ? input.form : null;
  function search(query) {
    var words = query.toLowerCase().split(/\s+/).filter(function (word) { return word.length > 0; });
    results.textContent = "";
    if (words.length === 0) { results.hidden = true; return; }
    var entries = window.REGULARIZE_SEARCH || [];
    var matches = entries.filter(function (entry) {
      var haystack = (entry.title + " " + entry.text).toLowerCase();
      return words.every(function (word) { return haystack.indexOf(word) >= 0; });
    });
    var heading = document.createElement("p");
    heading.textContent = matches.length + (matches.length === 1 ? " place matches " : " places match ") + "\u201C" + query + "\u201D";
    results.appendChild(heading);
    var list = document.createElement("ol");
    matches.slice(0, 30).forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.title;
      item.appendChild(link);
      var text = entry.text;
      var at = text.toLowerCase().indexOf(words[0]);
      if (at >= 0) {
        var excerpt = document.createElement("div");
        excerpt.className = "excerpt";
        excerpt.textContent = (at > 60 ? "\u2026" : "") + text.slice(Math.max(0, at - 60), at + 100) + "\u2026";
        item.appendChild(excerpt);
      }
      list.appendChild(item);
    });
    results.appendChild(list);
    results.hidden = false;
  }
  if (input && results) {
    input.addEventListener("input", function () { search(input.value); });
    if (form) { form.addEventListener("submit", function (event) { event.preventDefault(); search(input.value); }); }
  }
})();
"""#
}
