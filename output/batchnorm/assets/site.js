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