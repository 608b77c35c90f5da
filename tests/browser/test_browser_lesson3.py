"""Lesson 3 (Society 5.0) in a real JupyterLab: Run All, the ageing explorer, the quiz, a check.

Set ``COURSE_SHOTS=/some/folder`` to keep the lesson's full-page screenshot there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from course import data
from course.lessons.l3 import analysis as l3
from harness.browser import (
    Lab,
    answer_quiz,
    cell_errors,
    explorer,
    explorer_check,
    explorer_select,
    open_and_run,
    open_notebook,
    quiz_score,
    run_all,
    screenshot,
    set_cell_and_run,
)

pytestmark = pytest.mark.browser

LESSON = "notebooks/03_society5.ipynb"
EXERCISE = "exercises/03_society5_exercise.ipynb"


def alt_text(root: Locator, has: str = "", lacks: str = "") -> str:
    """The chart's alt text once it has ``has`` and lacks ``lacks``.

    The finding, the image and its alt text can reach the page one after another, so
    each step waits for the alt text too before the next interaction starts.
    """
    image = root.locator(".course-explorer-image")
    image.page.wait_for_function(
        """([el, has, lacks]) => {
          const alt = el.getAttribute('alt') || '';
          return alt.includes(has) && (!lacks || !alt.includes(lacks));
        }""",
        arg=[image.element_handle(), has, lacks],
        timeout=15_000,
    )
    return image.get_attribute("alt") or ""


def chosen(*codes: str) -> list[str]:
    """Economies in the order the page sends them: the order of the check boxes."""
    return [code for code in l3.ECONOMIES if code in codes]


@pytest.fixture
def lesson(page: Page, lab: Lab) -> Page:
    open_and_run(page, lab, LESSON)
    return page


def test_lesson_runs_and_renders(lesson: Page, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every cell runs; the charts and the explorer's chart have alt text; the table is shown."""
    images = lesson.locator("figure.course-chart img")
    assert images.count() >= 2
    for index in range(images.count()):
        assert (images.nth(index).get_attribute("alt") or "").startswith("Line chart:")
    table = lesson.locator(".jp-OutputArea-output table").first
    assert "years from 7 % to 14 %" in table.inner_text()
    folder = Path(os.environ.get("COURSE_SHOTS") or tmp_path_factory.mktemp("shots"))
    shot = screenshot(lesson, folder / "lesson3.png")
    print(f"\nlesson 3 screenshot: {shot}")


def test_explorer_reports_the_crossings(lesson: Page) -> None:
    root = explorer(lesson)
    start = root.locator(".course-explorer-finding").inner_text().strip()
    assert start == l3.finding(14, list(l3.START))

    finding = explorer_select(root, "Threshold", "21 % aged 65+: 'super-aged' society")
    assert finding == l3.finding(21, chosen(*l3.START))
    assert "Japan in 2007" in finding
    alt = alt_text(root, has="first reaches 21 %")
    assert alt.endswith("first reaches 21 %: Japan 2007, Germany 2015.")

    finding = explorer_check(root, "Thailand", True)
    first = data.value("pop_65plus_pct", "THA", 1960)
    assert f"Thailand {first:.3g} in 1960" in alt_text(root, has="Thailand")
    assert finding == l3.finding(21, chosen(*l3.START, "THA"))
    share = data.value("pop_65plus_pct", "THA", 2025)
    assert f"Thailand not yet ({share:.1f} % in 2025)" in finding

    finding = explorer_select(root, "Threshold", "7 % aged 65+: 'ageing' society")
    alt_text(root, has="first reaches 7 %")
    assert finding == l3.finding(7, chosen(*l3.START, "THA"))
    assert "by the time the data begin" in finding

    codes = ["JPN", "KOR", "CHN", "DEU", "USA", "THA"]
    for code in codes[:-1]:
        finding = explorer_check(root, data.country_name(code), False)
        alt_text(root, has="Line chart", lacks=f"{data.country_name(code)} ")
    assert finding == l3.finding(7, ["THA"])
    finding = explorer_check(root, "Thailand", False)
    assert finding == "Nothing to show for this choice: choose at least one economy."


def test_quiz_explains_then_accepts(lesson: Page) -> None:
    wrong = answer_quiz(lesson, "which-instrument", "A Moonshot goal")
    assert wrong.startswith("✗") and "2050" in wrong
    assert answer_quiz(lesson, "which-instrument", "A regulatory sandbox").startswith("✓")

    wrong = answer_quiz(lesson, "kaizen", "The craft of making things")
    assert wrong.startswith("✗") and "monozukuri" in wrong
    right = answer_quiz(lesson, "kaizen", "Continuous, step-by-step improvement")
    assert right.startswith("✓")

    wrong = answer_quiz(lesson, "frozen-series", "remarkably stable")
    assert wrong.startswith("✗") and "filled-in series" in wrong
    assert answer_quiz(lesson, "frozen-series", "carried forward").startswith("✓")

    order = ["Germany", "United Kingdom", "Japan", "United States", "Korea", "China"]
    wrong = answer_quiz(lesson, "aged-order", [order[2], order[0], order[1], *order[3:]])
    assert wrong.startswith("✗") and "Think again about" in wrong and "1994" in wrong
    assert answer_quiz(lesson, "aged-order", order).startswith("✓")
    assert quiz_score(lesson).startswith("4 of 12 correct")

    wrong = answer_quiz(lesson, "speed", "Germany went from 7 % to 14 % faster")
    assert wrong.startswith("✗") and "already above 7 % in 1960" in wrong
    if os.environ.get("COURSE_SHOTS"):
        question = lesson.locator('.course-q[data-qid="speed"]')
        question.screenshot(path=str(Path(os.environ["COURSE_SHOTS"]) / "lesson3-feedback.png"))


def test_exercise_check_in_the_browser(page: Page, lab: Lab) -> None:
    open_notebook(page, lab, EXERCISE)
    run_all(page)
    assert not cell_errors(page, include_stderr=False)
    said = page.locator(".jp-OutputArea-output", has_text="Not attempted yet")
    assert said.count() == 4
    wrong = set_cell_and_run(
        page,
        "peak = ...",
        'peak = data.table("population", "Japan")["JPN"].idxmin()\nl3.population_peak.check(peak)',
    )
    assert "✗ Not yet" in wrong and "idxmin" in wrong
    right = set_cell_and_run(
        page,
        "peak = data.table",
        'peak = data.table("population", "Japan")["JPN"].idxmax()\nl3.population_peak.check(peak)',
    )
    assert "✓ Correct" in right
