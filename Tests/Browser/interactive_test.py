"""Drives the quick checks and interactive figures of HTML pages in headless Chromium, the way a
reader would (mouse and keyboard), and prints a JSON report; exits 1 on a failure.

    python Tests/Browser/interactive_test.py PAGE.html [PAGE.html ...] [--screenshots DIR]
                                             [--expect-explorers N] [--expect-quizzes N]
                                             [--expect PAGE:EXPLORERS:QUIZZES]

On every page, for every explorer (figure[data-explorer]):
- exactly one frame is visible and it loaded; the <output> shows that frame's value;
- the slider, moved with the keyboard (End, Home, ArrowRight), shows another frame each time, and
  the output and aria-valuetext follow;
- every group button, pressed with the keyboard, shows a frame of its group and is the only
  button with aria-pressed="true";
- Animate steps through frames on its own and Stop (the same button) stops it.
For every quick check (form[data-quiz]):
- a wrong answer chosen with the keyboard and submitted with Enter says "Not quite" or "Partly",
  shows the explanation of the chosen option marked "Wrong" and offers Try again;
- Try again clears it; the right answer(s), clicked and checked with the mouse, say "Right." and
  show the explanations marked "Right";
- a page script never ran from lesson text (window.__injected stays undefined).
No console error on any page. With --screenshots, writes each page with its first quiz answered
and its first explorer in view, light and dark, wide and narrow.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
from browser import Browser  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402


def visible_frames(figure):
    return [image for image in figure.find_elements(By.CSS_SELECTOR, ".explorer-frames img")
            if image.get_attribute("hidden") is None]


def state(browser, figure, failures, where):
    frames = visible_frames(figure)
    if len(frames) != 1:
        failures.append({"explorer": where, "visible frames": len(frames)})
        return None
    frame = frames[0]
    loaded = browser.script("return arguments[0].complete && arguments[0].naturalWidth > 0", frame)
    if not loaded:
        failures.append({"explorer": where, "frame not loaded": frame.get_attribute("src")})
    output = figure.find_elements(By.CSS_SELECTOR, "output.explorer-value")
    value = frame.get_attribute("data-value")
    if output and output[0].text != value:
        failures.append({"explorer": where, "output": output[0].text, "frame value": value})
    sliders = figure.find_elements(By.CSS_SELECTOR, "input[type=range]")
    if sliders and sliders[0].is_displayed() and sliders[0].get_attribute("aria-valuetext") != value:
        failures.append({"explorer": where, "aria-valuetext": sliders[0].get_attribute("aria-valuetext"), "frame value": value})
    return frame.get_attribute("src")


def check_explorer(browser, figure, where, failures, counts):
    shown = state(browser, figure, failures, where)
    groups = figure.find_elements(By.CSS_SELECTOR, "button.explorer-group")
    for button in groups:
        browser.script("arguments[0].focus()", button)
        button.send_keys(Keys.SPACE)
        pressed = [b.get_attribute("data-group") for b in groups if b.get_attribute("aria-pressed") == "true"]
        if pressed != [button.get_attribute("data-group")]:
            failures.append({"explorer": where, "group": button.text, "pressed": pressed})
        frames = visible_frames(figure)
        if len(frames) != 1 or frames[0].get_attribute("data-group") != button.get_attribute("data-group"):
            failures.append({"explorer": where, "group": button.text, "shows a frame of another group": True})
        state(browser, figure, failures, where)
        counts["group presses"] += 1
    if groups:  # back to the first group, which has the slider in the dropout demo
        browser.script("arguments[0].click()", groups[0])
    sliders = [s for s in figure.find_elements(By.CSS_SELECTOR, "input[type=range]") if s.is_displayed()]
    if sliders:
        slider = sliders[0]
        label = browser.script(
            "return document.querySelector('label[for=\"' + arguments[0].id + '\"]')?.textContent || ''", slider)
        if not label.strip():
            failures.append({"explorer": where, "slider without label": slider.get_attribute("id")})
        seen = [state(browser, figure, failures, where)]
        for key in (Keys.END, Keys.HOME, Keys.ARROW_RIGHT):
            slider.send_keys(key)
            seen.append(state(browser, figure, failures, where))
            counts["slider moves"] += 1
        if seen[1] == seen[0] and seen[2] == seen[0]:
            failures.append({"explorer": where, "slider": "End and Home showed the same frame as before"})
        if seen[3] == seen[2]:
            failures.append({"explorer": where, "slider": "ArrowRight from the first frame did not change the frame"})
    animate = figure.find_elements(By.CSS_SELECTOR, "button.explorer-animate")
    if animate and animate[0].is_displayed():
        button = animate[0]
        before = state(browser, figure, failures, where)
        button.click()
        if button.get_attribute("aria-pressed") != "true":
            failures.append({"explorer": where, "animate": "not pressed after a click"})
        changes = set()
        for _ in range(8):  # only the visible frame: the animation may step between two reads
            time.sleep(0.25)
            changes.add(browser.script(
                "return Array.from(arguments[0].querySelectorAll('.explorer-frames img'))"
                ".filter(i => !i.hidden).map(i => i.src).join(' ')", figure))
        if not (changes - {before}):
            failures.append({"explorer": where, "animate": "the frame did not change in 2 s"})
        button.click()
        stopped = state(browser, figure, failures, where)
        time.sleep(1.0)
        if state(browser, figure, failures, where) != stopped or button.get_attribute("aria-pressed") != "false":
            failures.append({"explorer": where, "animate": "did not stop"})
        counts["animations"] += 1
    counts["explorers"] += 1
    return shown


def explanations(form):
    return [(p.get_attribute("id"), p.text) for p in form.find_elements(By.CSS_SELECTOR, ".quiz-explanation")
            if p.get_attribute("hidden") is None]


def check_quiz(browser, form, where, failures, counts, leave_answered=False):
    inputs = form.find_elements(By.CSS_SELECTOR, "input")
    right = [i for i in inputs if i.get_attribute("data-right") == "true"]
    wrong = [i for i in inputs if i.get_attribute("data-right") != "true"]
    feedback = form.find_element(By.CSS_SELECTOR, ".quiz-feedback")
    retry = form.find_element(By.CSS_SELECTOR, ".quiz-retry")
    legend = form.find_elements(By.CSS_SELECTOR, "fieldset > legend")
    if not legend or not legend[0].text.strip():
        failures.append({"quiz": where, "no legend": True})
    if not right or not wrong:
        failures.append({"quiz": where, "right options": len(right), "wrong options": len(wrong)})
        return
    if explanations(form):
        failures.append({"quiz": where, "explanations shown before checking": explanations(form)})
    # A wrong answer, by keyboard: focus, Space to choose, Enter to submit.
    browser.script("arguments[0].focus()", wrong[0])
    wrong[0].send_keys(Keys.SPACE)
    if not wrong[0].is_selected():
        failures.append({"quiz": where, "keyboard": "Space did not choose the option"})
    wrong[0].send_keys(Keys.ENTER)
    text = feedback.text
    shown = explanations(form)
    if not (text.startswith("Not quite") or text.startswith("Partly")):
        failures.append({"quiz": where, "wrong answer feedback": text})
    if [i for i, _ in shown] != [wrong[0].get_attribute("id") + "-why"] or not shown[0][1].startswith("Wrong:"):
        failures.append({"quiz": where, "wrong answer explanations": shown})
    if not retry.is_displayed():
        failures.append({"quiz": where, "try again": "not offered"})
    active = browser.script("return document.activeElement === arguments[0]", retry)
    if not active:
        failures.append({"quiz": where, "focus": "not on Try again after checking"})
    retry.send_keys(Keys.ENTER)
    if feedback.text or explanations(form) or any(i.is_selected() for i in inputs):
        failures.append({"quiz": where, "try again": "did not clear the answer"})
    # The right answer(s), by mouse.
    for option in right:
        browser.script("arguments[0].scrollIntoView({block: 'center'})", option)
        form.find_element(By.CSS_SELECTOR, f"label[for='{option.get_attribute('id')}']").click()
    form.find_element(By.CSS_SELECTOR, ".quiz-check").click()
    shown = explanations(form)
    if feedback.text != "Right.":
        failures.append({"quiz": where, "right answer feedback": feedback.text})
    if sorted(i for i, _ in shown) != sorted(o.get_attribute("id") + "-why" for o in right) \
            or not all(t.startswith("Right:") for _, t in shown):
        failures.append({"quiz": where, "right answer explanations": shown})
    aligned = browser.script(
        "return Array.from(arguments[0].querySelectorAll('.quiz-explanation:not([hidden]), .quiz-feedback'))"
        ".map(e => getComputedStyle(e).textAlign)", form)
    if any(a not in ("start", "left", "justify") for a in aligned):
        failures.append({"quiz": where, "explanation or feedback not set from the left": aligned})
    if not leave_answered:
        retry.click()
    counts["quizzes"] += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--screenshots")
    parser.add_argument("--expect-explorers", type=int, default=0)
    parser.add_argument("--expect-quizzes", type=int, default=0)
    parser.add_argument("--expect", action="append", default=[],
                        help="PAGE:EXPLORERS:QUIZZES, the least a page must have, e.g. dropout.html:2:3")
    arguments = parser.parse_args()
    failures = []
    counts = {"explorers": 0, "slider moves": 0, "group presses": 0, "animations": 0, "quizzes": 0}
    shots = []
    per_page = {}
    with Browser() as browser:
        for page in arguments.pages:
            path = Path(page).resolve()
            browser.open(path.as_uri())
            figures = browser.driver.find_elements(By.CSS_SELECTOR, "figure[data-explorer]")
            per_page[path.name] = [len(figures), len(browser.driver.find_elements(By.CSS_SELECTOR, "form[data-quiz]"))]
            for index in range(len(figures)):
                figure = browser.driver.find_elements(By.CSS_SELECTOR, "figure[data-explorer]")[index]
                where = f"{path.name}#{figure.get_attribute('id')}"
                browser.script("arguments[0].scrollIntoView()", figure)
                try:
                    check_explorer(browser, figure, where, failures, counts)
                except WebDriverException as error:
                    failures.append({"explorer": where, "error": error.msg})
                    browser.open(path.as_uri())
            quiz_count = len(browser.driver.find_elements(By.CSS_SELECTOR, "form[data-quiz]"))
            for index in range(quiz_count):
                form = browser.driver.find_elements(By.CSS_SELECTOR, "form[data-quiz]")[index]
                where = f"{path.name}#{form.get_attribute('id')}"
                browser.script("arguments[0].scrollIntoView()", form)
                try:
                    check_quiz(browser, form, where, failures, counts, leave_answered=index == 0)
                except WebDriverException as error:
                    # e.g. the form really submitted and the page reloaded: the script did not handle it.
                    failures.append({"quiz": where, "wrong answer feedback": "the page changed under the quiz", "error": error.msg})
                    browser.open(path.as_uri())
            figures = browser.driver.find_elements(By.CSS_SELECTOR, "figure[data-explorer]")
            forms = browser.driver.find_elements(By.CSS_SELECTOR, "form[data-quiz]")
            if browser.script("return typeof window.__injected !== 'undefined'"):
                failures.append({"page": path.name, "lesson text ran a script": True})
            for message in browser.console_errors():
                failures.append({"page": path.name, "console": message.get("message")})
            if arguments.screenshots and (figures or forms):
                os.makedirs(arguments.screenshots, exist_ok=True)
                for target, kind in ((forms[0] if forms else None, "quiz"), (figures[0] if figures else None, "explorer")):
                    if target is None:
                        continue
                    for width, height, size in ((1280, 900, "wide"), (390, 844, "narrow")):
                        for dark in (False, True):
                            browser.set_size(width, height)
                            browser.script("arguments[0].scrollIntoView()", target)
                            out = os.path.join(arguments.screenshots,
                                               f"{path.stem}-{kind}-{size}-{'dark' if dark else 'light'}.png")
                            browser.screenshot(out, width, height, dark)
                            shots.append(out)
    if counts["explorers"] < arguments.expect_explorers:
        failures.append({"explorers": counts["explorers"], "expected at least": arguments.expect_explorers})
    if counts["quizzes"] < arguments.expect_quizzes:
        failures.append({"quizzes": counts["quizzes"], "expected at least": arguments.expect_quizzes})
    for expectation in arguments.expect:
        name, explorers, quizzes = expectation.rsplit(":", 2)
        found = per_page.get(name, [0, 0])
        if found[0] < int(explorers) or found[1] < int(quizzes):
            failures.append({"page": name, "explorers and quizzes": found, "expected at least": [int(explorers), int(quizzes)]})
    print(json.dumps({"counts": counts, "pages": per_page, "screenshots": shots, "failures": failures}, indent=1))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
