"""Lesson 8 in a real JupyterLab: it runs, its evidence explorer, quiz and self-check respond.

Every expected finding is computed in the test from ``course.lessons.l8`` and
``course.data``. Set ``COURSE_SCREENSHOT_DIR`` to keep a full-page screenshot of the
lesson after the interactions.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from course import data
from course.lessons import l8
from course.lessons.l8 import analysis as model
from course.lessons.l8 import capstone
from harness.browser import (
    Lab,
    answer_quiz,
    cell_errors,
    explorer,
    explorer_check,
    explorer_range,
    explorer_select,
    open_and_run,
    open_notebook,
    quiz_score,
    run_all,
    screenshot,
    set_cell_and_run,
    write_markdown_cell,
)
from harness.browser import (
    finding_becomes as _settles_on,
)

pytestmark = pytest.mark.browser

LESSON = "notebooks/08_capstone.ipynb"
EXERCISE = "exercises/08_capstone_exercise.ipynb"
RD = "rd_expenditure_pct_gdp"
RECEIPTS = "ip_charges_receipts_usd"


def test_lesson8_runs_and_responds(
    page: Page, lab: Lab, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Run All is clean; the explorer, the quiz and the brief's self-check answer correctly."""
    open_and_run(page, lab, LESSON)
    charts = page.locator("figure.course-chart img")
    assert charts.count() >= 2 and all(charts.nth(i).get_attribute("alt") for i in range(2))
    assert page.locator(".course-brief-check").count() == 1  # the example
    assert "All 8 checks met" in page.locator(".course-brief-check").first.inner_text()
    template = page.locator(".course-verdict-unattempted")  # the empty template
    assert template.count() == 1 and "Not attempted yet" in template.inner_text()

    root = explorer(page)
    economies = list(model.DEFAULT)
    _settles_on(root, model.evidence_sentence(RD, economies, 2000, 2023))
    explorer_range(root, "End year", -14)  # 2023 → 2009
    then = _settles_on(root, model.evidence_sentence(RD, economies, 2000, 2009))
    assert "in 2009 it was the highest of the 5 countries chosen" in then
    explorer_range(root, "Start year", 10)  # 2000 → stops at 2008, a year before the end
    _settles_on(root, model.evidence_sentence(RD, economies, 2008, 2009))
    assert root.locator(".course-explorer-image").is_visible()
    explorer_range(root, "Start year", -8)  # back to 2000
    _settles_on(root, model.evidence_sentence(RD, economies, 2000, 2009))
    found = explorer_check(root, "OECD members", True)
    assert found == model.evidence_sentence(RD, [*economies, "OED"], 2000, 2009)
    assert "OECD members is a group of economies, not a country" in found
    assert "the highest of the 5 countries chosen" in found  # the group is not ranked
    label = data.indicator(RECEIPTS).name
    found = explorer_select(root, "Indicator", label)
    assert found == model.evidence_sentence(RECEIPTS, [*economies, "OED"], 2000, 2009)
    assert "Current US dollars move with exchange rates" in found

    wrong = answer_quiz(page, "fte", "1")
    assert wrong.startswith("✗") and "head count" in wrong
    assert answer_quiz(page, "fte", "0.4").startswith("✓")
    wrong = answer_quiz(page, "points-or-percent", "percent")
    assert wrong.startswith("✗") and "percentage points" in wrong
    assert answer_quiz(page, "points-or-percent", "percentage points").startswith("✓")
    assert quiz_score(page).startswith("2 of 9 correct")

    # the brief is prose in a Markdown cell; the check reads the notebook as saved
    check = "capstone.check_my_brief()  # reads the brief cell above, as last saved"
    short = (
        "## Question\nShould Japan fund more research?\n## Claim\nYes, since "
        "Japan spent 3.9 % of its GDP on R&D in 2023.\n"
    )
    template = r"Question\s+Claim\s+Evidence\s+Counter-argument\s+Recommendation\s+Sources"
    write_markdown_cell(page, template, short)
    out = set_cell_and_run(page, "check_my_brief", check)
    assert "0 of 8 checks met" in out and "✗ Not yet" in out
    assert "too short" in out and "no Counter-argument section yet" in out
    assert "3.9 does not match the shipped data" in out
    assert "Checked the brief as saved at" in out
    write_markdown_cell(
        page, r"Question\s+Should Japan fund more research\?.*", capstone.example_brief()
    )
    assert "All 8 checks met" in set_cell_and_run(page, "check_my_brief", check)

    folder = os.environ.get("COURSE_SCREENSHOT_DIR")
    where = Path(folder) if folder else tmp_path_factory.mktemp("shots")
    print(f"\nlesson 8 screenshot: {screenshot(page, where / 'lesson8.png')}")


def test_lesson8_exercise_runs_unanswered_and_checks_an_answer(page: Page, lab: Lab) -> None:
    """The generated exercise runs top to bottom; a typed answer gets the right feedback."""
    open_notebook(page, lab, EXERCISE)
    run_all(page)
    assert not cell_errors(page, include_stderr=False)
    assert page.locator(".course-verdict-unattempted").count() == 4
    points = (
        'growth = data.value("rd_expenditure_pct_gdp", "Japan", 2023) - '
        'data.value("rd_expenditure_pct_gdp", "Japan", 2000)\nl8.rd_growth.check(growth)'
    )
    out = set_cell_and_run(page, "growth = ...", points)
    assert "✗ Not yet" in out and "percentage points" in out
    right = f"{l8.rd_growth.solution_code}\nl8.rd_growth.check(growth)"
    assert "✓ Correct" in set_cell_and_run(page, "growth = ", right)
