"""Lesson 6 in a real JupyterLab: it runs, its teaching-model explorer, quiz and checks respond.

Every expected finding is computed in the test from the same model functions
(``course.lessons.l6``) or from ``course.data``. Set ``COURSE_SCREENSHOT_DIR`` to keep a
full-page screenshot of the lesson after the interactions.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from course.lessons import l6
from course.lessons.l6 import analysis as model
from harness.browser import (
    Lab,
    answer_quiz,
    cell_errors,
    explorer,
    explorer_range,
    open_and_run,
    open_notebook,
    quiz_score,
    run_all,
    screenshot,
    set_cell_and_run,
)
from harness.browser import (
    finding_becomes as _settles_on,
)

pytestmark = pytest.mark.browser

LESSON = "notebooks/06_economic_security.ipynb"
EXERCISE = "exercises/06_economic_security_exercise.ipynb"
DEPENDENCE = "Buyer's supply that comes from the supplier who cuts it off (%)"
STOCKS = "Buyer's stocks (months of normal use)"
DURATION = "Months the cut-off lasts"
MVA = "medhightech_mva_pct_mva"


def test_lesson6_runs_and_responds(
    page: Page, lab: Lab, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Run All is clean; the model explorer (from the keyboard), the quiz and the try-it check
    answer correctly."""
    open_and_run(page, lab, LESSON)
    charts = page.locator("figure.course-chart img")
    assert charts.count() >= 3 and all(charts.nth(i).get_attribute("alt") for i in range(3))

    root = explorer(page)
    start = model.START
    _settles_on(root, model.finding(*start.values()))
    # try-it 2: a three-month delay, then two months: stocks absorb it
    explorer_range(root, DURATION, -21)
    _settles_on(root, model.finding(90, 10, 2, 12, 3))
    found = explorer_range(root, DURATION, -1)
    assert found == model.finding(90, 10, 2, 12, 2) and "never goes short" in found
    image = root.locator(".course-explorer-image")
    assert image.is_visible() and "No shortfall." in (image.get_attribute("alt") or "")
    # try-it 3: back to a long ban, more stocks
    explorer_range(root, DURATION, 22)
    _settles_on(root, model.finding(90, 10, 2, 12, 24))
    explorer_range(root, STOCKS, 2)
    assert "months 7–11" in _settles_on(root, model.finding(90, 10, 4, 12, 24))
    # try-it 4: a less dependent buyer (90 → 40 %) is never short
    explorer_range(root, STOCKS, -2)
    explorer_range(root, DEPENDENCE, -5)
    assert "never goes short" in _settles_on(root, model.finding(40, 10, 2, 12, 24))
    assert image.is_visible(), "the explorer never goes blank"

    wrong = answer_quiz(page, "hhi-model", "0.46")
    assert wrong.startswith("✗") and "fractions" in wrong
    assert answer_quiz(page, "hhi-model", "4600").startswith("✓")
    wrong = answer_quiz(page, "model-change", "The buyer doubles its stocks")
    assert wrong.startswith("✗") and "month 7" in wrong
    assert answer_quiz(page, "model-change", "only delays shipments").startswith("✓")
    single = answer_quiz(page, "clearance-left-out", "thought clearance rules were unnecessary")
    assert single.startswith("✗") and "the opposite" in single
    assert quiz_score(page).startswith("2 of 12 correct")

    swapped = (
        'from course.checks import l6\ngap = data.value("medhightech_mva_pct_mva", "Japan", 2022)'
        ' - data.value("medhightech_mva_pct_mva", "Korea", 2022)\nl6.korea_gap.check(gap)'
    )
    out = set_cell_and_run(page, "gap = ...", swapped)
    assert "✗ Not yet" in out and "wrong sign" in out
    right = f"from course.checks import l6\n{l6.korea_gap.solution_code}\nl6.korea_gap.check(gap)"
    assert "✓ Correct" in set_cell_and_run(page, "gap = ", right)

    folder = os.environ.get("COURSE_SCREENSHOT_DIR")
    where = Path(folder) if folder else tmp_path_factory.mktemp("shots")
    print(f"\nlesson 6 screenshot: {screenshot(page, where / 'lesson6.png')}")


def test_lesson6_exercise_runs_unanswered_and_checks_an_answer(page: Page, lab: Lab) -> None:
    """The generated exercise runs top to bottom; a typed answer gets the right feedback."""
    open_notebook(page, lab, EXERCISE)
    run_all(page)
    assert not cell_errors(page, include_stderr=False)
    checks = page.locator(".course-verdict-unattempted")
    assert checks.count() == 3, "every check says Not attempted yet"
    every = (
        'table = data.table("ip_charges_receipts_usd", None, (2000, 2024))\n'
        "l6.reporters.check(table)"
    )
    out = set_cell_and_run(page, "table = ...", every)
    assert "✗ Not yet" in out and "dropna(axis=1)" in out
    out = set_cell_and_run(
        page, "table = ", f"{l6.reporters.solution_code}\nl6.reporters.check(table)"
    )
    assert "✓ Correct" in out
    fractions = (
        "hhi = (table.div(table.sum(axis=1), axis=0) ** 2).sum(axis=1)\nl6.ip_hhi.check(hhi)"
    )
    out = set_cell_and_run(page, "hhi = ...", fractions)
    assert "✗ Not yet" in out and "fractions" in out
    out = set_cell_and_run(page, "hhi = ", f"{l6.ip_hhi.solution_code}\nl6.ip_hhi.check(hhi)")
    assert "✓ Correct" in out
