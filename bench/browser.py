"""Click-to-feedback latency in a real JupyterLab (headless Chromium), timed in the page.

    .venv/bin/python bench/browser.py [--clicks 25]

From a capturing listener on the control (performance.now() at the click or key) to
the DOM mutation that shows the new feedback, so Playwright's own overhead is left out.
Prints the median and the spread for the quiz's Check button and the explorer's slider.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.browser import (  # noqa: E402
    find_chromium,
    launch_browser,
    open_notebook,
    quiz_question,
    run_all,
    start_lab,
    stop_lab,
)

ARM = """([target, feedback]) => {
  window.__lat = [];
  const control = document.querySelector(target);
  const out = document.querySelector(feedback);
  let started = null;
  const event = control.type === 'range' ? 'keydown' : 'click';
  control.addEventListener(event, () => { started = performance.now(); }, {capture: true});
  new MutationObserver(() => {
    if (started !== null) { window.__lat.push(performance.now() - started); started = null; }
  }).observe(out, {childList: true, characterData: true, subtree: true});
}"""


def measure_quiz(page, clicks: int) -> list[float]:
    question = quiz_question(page, "rd-change-since-2008")
    qsel = '.course-q[data-qid="rd-change-since-2008"]'
    page.evaluate(ARM, [f"{qsel} .course-check", f"{qsel} .course-feedback"])
    box = question.locator(".course-input")
    for i in range(clicks):
        box.fill("0.15" if i % 2 else "1.5")  # alternate, so the feedback text changes
        question.locator(".course-check").click()
        page.wait_for_function(f"() => window.__lat.length >= {i + 1}", timeout=10_000)
    return page.evaluate("() => window.__lat")


def measure_explorer(page, presses: int) -> list[float]:
    root = page.locator(".course-explorer-root").first
    root.scroll_into_view_if_needed()
    page.evaluate(ARM, [".course-explorer-root input[type=range]", ".course-explorer-finding"])
    slider = root.locator("input[type=range]")
    slider.focus()
    for i in range(presses):
        slider.press("ArrowLeft" if (i // 5) % 2 else "ArrowRight")
        page.wait_for_function(f"() => window.__lat.length >= {i + 1}", timeout=10_000)
        page.wait_for_timeout(150)
    return page.evaluate("() => window.__lat")


def report(name: str, values: list[float]) -> None:
    q = statistics.quantiles(values, n=10)
    print(
        f"{name}: median {statistics.median(values):.0f} ms over {len(values)}"
        f" (10th–90th percentile {q[0]:.0f}–{q[-1]:.0f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=25)
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        sys.exit("Chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        lab = start_lab(Path(tmp))
        try:
            browser = launch_browser(playwright, chromium)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            open_notebook(page, lab, "notebooks/00_start_here.ipynb")
            run_all(page)
            report("quiz Check → feedback shown", measure_quiz(page, args.clicks))
            report("explorer slider key → new finding", measure_explorer(page, args.clicks))
            browser.close()
        finally:
            stop_lab(lab)


if __name__ == "__main__":
    main()
