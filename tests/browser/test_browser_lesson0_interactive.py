"""Lesson 0 as a learner uses it: quiz, checked task, dashboard and explorer, in JupyterLab.

Also the accessibility bars of the course's own widgets: axe-core finds nothing inside
them, feedback regions are live, and an answer typed and checked at once is judged whole.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from course import data
from course.lessons.l0 import analysis as widgets_l0
from harness.browser import (
    Lab,
    answer_quiz,
    cell_errors,
    explorer,
    explorer_check,
    explorer_range,
    explorer_select,
    open_notebook,
    quiz_question,
    quiz_score,
    run_all,
    run_axe,
    set_cell_and_run,
)

pytestmark = pytest.mark.browser

LESSON = "notebooks/00_start_here.ipynb"
COURSE_WIDGETS = (".course-quiz", ".course-explorer-root", ".course-dashboard-root")


@pytest.fixture
def lesson(page: Page, lab: Lab) -> Page:
    open_notebook(page, lab, LESSON)
    run_all(page)
    assert not cell_errors(page, include_stderr=False)
    return page


def test_quiz_explains_a_wrong_answer_then_accepts_the_right_one(lesson: Page) -> None:
    level = data.value("rd_expenditure_pct_gdp", "JPN", 2023)
    change = level - data.value("rd_expenditure_pct_gdp", "JPN", 2008)
    wrong = answer_quiz(lesson, "rd-change-since-2008", f"{level:.2f}")
    assert wrong.startswith("✗") and "not the change" in wrong
    right = answer_quiz(lesson, "rd-change-since-2008", f"{change:.2f}")
    assert right.startswith("✓")
    assert quiz_score(lesson).startswith("1 of 5 correct")
    single = answer_quiz(lesson, "stuck-on-exercise", "Restart the kernel")
    assert single.startswith("✗") and "fresh start" in single


def test_exercise_check_and_dashboard(lesson: Page) -> None:
    dashboard = lesson.locator(".course-dashboard-overall")
    before = dashboard.inner_text()
    wrong = set_cell_and_run(
        lesson,
        "ageing = ...",
        'from course.checks import l0\nageing = data.value("pop_65plus_pct", "Japan", 2025)'
        ' - data.value("pop_65plus_pct", "Japan", 1960)\nl0.ageing_factor.check(ageing)',
    )
    assert "✗ Not yet" in wrong and "percentage points" in wrong
    right = set_cell_and_run(
        lesson,
        "ageing = ",
        'from course.checks import l0\nageing = data.value("pop_65plus_pct", "Japan", 2025)'
        ' / data.value("pop_65plus_pct", "Japan", 1960)\nl0.ageing_factor.check(ageing)',
    )
    assert "✓ Correct" in right
    lesson.locator(".course-dashboard-refresh").click()
    lesson.wait_for_function(
        "([sel, old]) => document.querySelector(sel).innerText !== old",
        arg=[".course-dashboard-overall", before],
    )
    assert _tried(dashboard.inner_text()) == _tried(before) + 1


def _tried(overall: str) -> int:
    """The N of "You have tried N of M items …"."""
    return int(re.search(r"tried (\d+) of", overall).group(1))


def test_explorer_responds_with_the_data(lesson: Page) -> None:
    root = explorer(lesson)
    finding = explorer_range(root, "Year to compare", 5)  # 2015 → 2020
    assert finding == widgets_l0.finding(
        "rd_expenditure_pct_gdp", ["JPN", "USA", "CHN", "KOR", "DEU"], 2020
    )
    finding = explorer_check(root, "Korea", False)
    assert finding == widgets_l0.finding(
        "rd_expenditure_pct_gdp", ["JPN", "USA", "CHN", "DEU"], 2020
    )
    finding = explorer_select(root, "Indicator", data.indicator("pop_65plus_pct").name)
    assert finding.startswith("In 2020, Japan leads")
    alt = root.locator(".course-explorer-image").get_attribute("alt") or ""
    assert alt.startswith("Line chart: Population ages 65 and above")


def test_course_widgets_are_accessible(lesson: Page, axe) -> None:
    for selector in COURSE_WIDGETS:
        lesson.locator(selector).first.scroll_into_view_if_needed()
        violations = run_axe(lesson, selector)
        assert not violations, f"{selector}: " + "; ".join(
            f"{v['id']}: {v['help']}" for v in violations
        )
    live = lesson.locator(".course-feedback[aria-live=polite], .course-explorer-finding[aria-live]")
    assert live.count() >= 6
    # Every question is a fieldset named by its legend (the prompt).
    fieldsets = lesson.locator(".course-quiz fieldset")
    assert fieldsets.count() == lesson.locator(".course-quiz legend").count() == 5


def test_typed_and_checked_at_once_is_judged_whole(lesson: Page) -> None:
    question = quiz_question(lesson, "rd-change-since-2008")
    box = question.locator(".course-input")
    box.click()
    box.press_sequentially("0.15", delay=0)
    box.press("Enter")  # no pause: the whole typed value must be judged
    feedback = question.locator(".course-feedback")
    lesson.wait_for_function("el => el.innerText.trim().length > 0", arg=feedback.element_handle())
    assert feedback.inner_text().startswith("✓")
