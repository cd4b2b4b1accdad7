/// Styles and behaviour of quick checks (`form.quiz`) and interactive figures
/// (`figure.explorer`), and the colours of Swift listings (`.tk-*`, light and dark themes, each
/// at least 4.5:1 against the code background), appended to `style.css` and `site.js`. The script only shows and hides
/// what the page already holds (explanations, pre-rendered frames); it computes no result.
extension Assets {
    static let interactiveStylesheet = #"""
.quiz { border: 1px solid var(--rule); border-left: 5px solid var(--exam-tip); border-radius: 4px;
  padding: .5rem 1rem .75rem; margin: 1.5rem 0; background: var(--panel); }
.quiz fieldset { border: none; margin: 0; padding: 0; min-width: 0; }
.quiz legend { padding: 0; margin-bottom: .5rem; }
.quiz-label { font-weight: bold; margin-right: .35rem; }
.quiz-hint { margin: 0 0 .4rem; font-size: .9rem; color: var(--muted); }
.quiz-option { display: grid; grid-template-columns: auto 1fr; column-gap: .5rem; margin: .35rem 0; align-items: baseline; }
.quiz-option input { margin: 0; width: 1.1rem; height: 1.1rem; }
.quiz-explanation { grid-column: 2; margin: .25rem 0 .2rem; padding: .3rem .6rem; border-radius: 3px;
  background: var(--background); border-left: 4px solid var(--muted); font-size: .92rem; }
.quiz-explanation.quiz-right { border-color: var(--takeaway); }
.quiz-explanation.quiz-wrong { border-color: var(--pitfall); }
.quiz-verdict { font-weight: bold; }
.quiz-actions { display: flex; gap: .6rem; margin-top: .6rem; }
.quiz button, .explorer button { font: inherit; font-size: .9rem; padding: .2rem .8rem; cursor: pointer;
  color: var(--text); background: var(--background); border: 1px solid var(--muted); border-radius: 3px; }
.quiz-feedback { margin: .5rem 0 0; font-weight: bold; min-height: 1.2em; }
.quiz-feedback.quiz-right { color: var(--takeaway); }
.quiz-feedback.quiz-wrong { color: var(--pitfall); }
.explorer-controls { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; margin-bottom: .5rem;
  font-size: .9rem; }
.explorer-groups { display: inline-flex; gap: 0; }
.explorer-groups button { border-radius: 0; }
.explorer-groups button:first-child { border-radius: 3px 0 0 3px; }
.explorer-groups button:last-child { border-radius: 0 3px 3px 0; }
.explorer button[aria-pressed="true"] { background: var(--link); color: var(--background); border-color: var(--link); }
.explorer-slider { display: inline-flex; align-items: center; gap: .5rem; }
.explorer-slider[hidden], .explorer-animate[hidden] { display: none; }
.explorer-slider input { width: 12rem; max-width: 40vw; accent-color: var(--link); }
.explorer-value { font-variant-numeric: tabular-nums; font-weight: bold; min-width: 6rem; }
.explorer-frames img { display: block; max-width: 100%; height: auto; background: var(--figure-background); border-radius: 4px; }
.explorer-frames img[hidden] { display: none; }
.tk-keyword, .tk-directive { color: #9b2393; }
.tk-type { color: #0b4f79; }
.tk-string { color: #b01a16; }
.tk-comment { color: #55636f; font-style: italic; }
.tk-number { color: #1c00cf; }
.tk-attribute { color: #7a5903; }
@media (prefers-color-scheme: dark) {
  .tk-keyword, .tk-directive { color: #ff7ab2; }
  .tk-type { color: #6bd3f5; }
  .tk-string { color: #ff8f80; }
  .tk-comment { color: #a3adb8; }
  .tk-number { color: #d9c97c; }
  .tk-attribute { color: #f0b56f; }
}
@media print {
  .quiz-actions, .quiz-feedback, .explorer-controls { display: none !important; }
}
"""#

    static let interactiveScript = #"""
(function () {
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
"""#
}
