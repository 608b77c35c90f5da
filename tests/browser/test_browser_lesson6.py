"""Lesson 6 in a real JupyterLab: it runs, its model explorer, quiz and checks respond.

Every expected finding is computed in the test from the same model functions
(``course.widgets.l6``) or from ``course.data``. Set ``COURSE_SCREENSHOT_DIR`` to keep a
full-page screenshot of the lesson after the interactions.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from harness import (
    Lab,
    answer_quiz,
    cell_errors,
    explorer,
    explorer_range,
    explorer_select,
    open_notebook,
    quiz_score,
    run_all,
    screenshot,
    set_cell_and_run,
)
from harness import (
    finding_becomes as _settles_on,
)
from playwright.sync_api import Page

from course import data
from course.checks import l6
from course.widgets import l6 as model

pytestmark = pytest.mark.browser

LESSON = "notebooks/06_economic_security.ipynb"
EXERCISE = "exercises/06_economic_security_exercise.ipynb"
JAPAN = "Japan's share of world supply (%)"
CHINA = "China's share of world supply (%)"
OTHERS = "Number of other suppliers"
CUTOFF = "Who cuts supply off?"
MVA = "medhightech_mva_pct_mva"


def test_lesson6_runs_and_responds(
    page: Page, lab: Lab, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Run All is clean; the model explorer, the quiz and the try-it check answer correctly."""
    open_notebook(page, lab, LESSON)
    run_all(page)
    errors = cell_errors(page, include_stderr=False)
    assert not errors, "cells showed errors:\n\n" + "\n\n".join(errors)
    charts = page.locator("figure.course-chart img")
    assert charts.count() >= 3 and all(charts.nth(i).get_attribute("alt") for i in range(3))

    root = explorer(page)
    _settles_on(root, model.finding(70, 10, 4, "none"))
    found = explorer_select(root, CUTOFF, model.CUTOFFS[1][1])
    assert found == model.finding(70, 10, 4, "Japan") and "by 233 %" in found
    explorer_range(root, JAPAN, 2)  # 70 → 80
    assert "by 400 %" in _settles_on(root, model.finding(80, 10, 4, "Japan"))
    explorer_range(root, CHINA, 3)  # 10 → 25: more than 100 % in all
    text = _settles_on(
        root,
        "Nothing to show for this choice: Japan (80 %) and China (25 %) together supply "
        "more than 100 % of the world: lower one of them.",
    )
    assert root.locator(".course-explorer-image").is_hidden(), text
    explorer_range(root, CHINA, -3)  # back to 10
    _settles_on(root, model.finding(80, 10, 4, "Japan"))
    explorer_range(root, OTHERS, 2)  # 4 → 6 rivals: lower HHI, same cost of a cut-off
    many = _settles_on(root, model.finding(80, 10, 6, "Japan"))
    assert "by 400 %" in many

    wrong = answer_quiz(page, "hhi-model", "0.46")
    assert wrong.startswith("✗") and "fractions" in wrong
    assert answer_quiz(page, "hhi-model", "4600").startswith("✓")
    korea = data.value(MVA, "KOR", 2022)
    wrong = answer_quiz(page, "mva-2022", f"{korea:.1f}")
    assert wrong.startswith("✗") and "Korea's share" in wrong
    japan = data.value(MVA, "JPN", 2022)
    assert answer_quiz(page, "mva-2022", f"{japan:.1f}").startswith("✓")
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

    # Last, because it can fail for a reason outside this lesson: explorer.js redraws on
    # change:finding and change:image but not on change:alt, and Python sets alt last, so
    # the image's alt text can lag one choice behind (reported to the lead).
    image = explorer(page).locator(".course-explorer-image")
    deadline = time.monotonic() + 5
    while "Each of 6 others" not in (image.get_attribute("alt") or ""):
        if time.monotonic() > deadline:
            pytest.xfail(f"the chart's alt text lags behind: {image.get_attribute('alt')!r}")
        time.sleep(0.1)
    assert (image.get_attribute("alt") or "").startswith("Bar chart: MODEL:")


def test_lesson6_exercise_runs_unanswered_and_checks_an_answer(page: Page, lab: Lab) -> None:
    """The generated exercise runs top to bottom; a typed HHI gets the right feedback."""
    open_notebook(page, lab, EXERCISE)
    run_all(page)
    assert not cell_errors(page, include_stderr=False)
    checks = page.locator(".course-check-unattempted")
    assert checks.count() == 5, "every check says Not attempted yet"
    fractions = (
        'hhi = ((data.panel(None, "ip_charges_receipts_usd", 2024)["value"]'
        ' / data.value("ip_charges_receipts_usd", "World", 2024)) ** 2).sum()'
        "\nl6.ip_hhi.check(hhi)"
    )
    out = set_cell_and_run(page, "hhi = ...", fractions)
    assert "✗ Not yet" in out and "fractions" in out
    out = set_cell_and_run(page, "hhi = ", f"{l6.ip_hhi.solution_code}\nl6.ip_hhi.check(hhi)")
    assert "✓ Correct" in out
