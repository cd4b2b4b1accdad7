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
})();(function () {
  document.querySelectorAll("form[data-quiz]").forEach(function (form) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
    var feedback = form.querySelector(".quiz-feedback");
    var retry = form.querySelector(".quiz-retry");
    var check = form.querySelector(".quiz-check");
    function explanation(input) { return document.getElementById(input.id + "-why"); }
    function reset() {
      inputs.forEach(function (input) {
        input.disabled = false;
        input.checked = false;
        var why = explanation(input);
        why.hidden = true;
        why.classList.remove("quiz-right", "quiz-wrong");
      });
      feedback.textContent = "";
      feedback.classList.remove("quiz-right", "quiz-wrong");
      retry.hidden = true;
      check.disabled = false;
      if (inputs.length > 0) { inputs[0].focus(); }
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = inputs.filter(function (input) { return input.checked; });
      if (chosen.length === 0) {
        feedback.textContent = "Choose an answer first.";
        feedback.classList.remove("quiz-right", "quiz-wrong");
        return;
      }
      var right = inputs.every(function (input) { return input.checked === (input.dataset.right === "true"); });
      chosen.forEach(function (input) {
        var why = explanation(input);
        why.hidden = false;
        why.classList.add(input.dataset.right === "true" ? "quiz-right" : "quiz-wrong");
      });
      inputs.forEach(function (input) { input.disabled = true; });
      feedback.classList.remove("quiz-right", "quiz-wrong");
      feedback.classList.add(right ? "quiz-right" : "quiz-wrong");
      if (right) {
        feedback.textContent = "Right.";
      } else {
        var rightChosen = chosen.some(function (input) { return input.dataset.right === "true"; });
        feedback.textContent = rightChosen ? "Partly right: read the explanations, then try again." : "Not quite: read the explanation, then try again.";
      }
      check.disabled = true;
      retry.hidden = false;
      retry.focus();
    });
    retry.addEventListener("click", reset);
  });

  document.querySelectorAll("figure[data-explorer]").forEach(function (figure) {
    var images = Array.prototype.slice.call(figure.querySelectorAll(".explorer-frames img"));
    var slider = figure.querySelector("input[type=range]");
    var sliderBox = figure.querySelector(".explorer-slider");
    var output = figure.querySelector("output.explorer-value");
    var groupButtons = Array.prototype.slice.call(figure.querySelectorAll("button.explorer-group"));
    var animate = figure.querySelector("button.explorer-animate");
    var timer = null;
    var current = images.filter(function (image) { return !image.hidden; })[0] || images[0];
    var group = current ? current.dataset.group : "0";
    function framesOf(name) { return images.filter(function (image) { return image.dataset.group === name; }); }
    function show(position) {
      var frames = framesOf(group);
      var frame = frames[Math.max(0, Math.min(frames.length - 1, position))];
      images.forEach(function (image) { image.hidden = image !== frame; });
      if (output) { output.textContent = frame.dataset.value; }
      if (slider) {
        slider.value = frame.dataset.position;
        slider.setAttribute("aria-valuetext", frame.dataset.value);
      }
    }
    function stop() {
      if (timer !== null) { clearInterval(timer); timer = null; }
      if (animate) { animate.setAttribute("aria-pressed", "false"); animate.textContent = "Animate"; }
    }
    if (slider) {
      slider.addEventListener("input", function () { stop(); show(Number(slider.value)); });
    }
    groupButtons.forEach(function (button) {
      button.addEventListener("click", function () {
        stop();
        group = button.dataset.group;
        groupButtons.forEach(function (other) { other.setAttribute("aria-pressed", other === button ? "true" : "false"); });
        var count = framesOf(group).length;
        if (slider) { slider.max = String(count - 1); }
        if (sliderBox) { sliderBox.hidden = count < 2; }
        if (animate) { animate.hidden = count < 2; }
        show(0);
      });
    });
    if (animate) {
      animate.addEventListener("click", function () {
        if (timer !== null) { stop(); return; }
        animate.setAttribute("aria-pressed", "true");
        animate.textContent = "Stop";
        timer = setInterval(function () {
          var count = framesOf(group).length;
          show((Number(slider.value) + 1) % count);
        }, 700);
      });
    }
  });
})();