"""Lesson 5 in a real JupyterLab: Run All is clean, the explorer follows the data, the quiz
explains, and a check in the exercise notebook answers.

Set ``COURSE_SHOTS_DIR`` to keep the screenshots somewhere you can look at them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from course import data, quiz
from course.lessons.l5 import analysis as widgets_l5
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
)
from harness.browser import (
    finding_becomes as settled,
)

pytestmark = pytest.mark.browser

LESSON = "notebooks/05_tech_superiority.ipynb"
EXERCISE = "exercises/05_tech_superiority_exercise.ipynb"
VALUE, SHARE = "hightech_exports_usd", "hightech_exports_pct_manuf_exports"
BROAD = "medhightech_exports_pct_manuf_exports"
START = widgets_l5.START
HONG_KONG = "Hong Kong SAR, China"


def shots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("COURSE_SHOTS_DIR")
    return Path(chosen) if chosen else tmp_path_factory.mktemp("shots")


@pytest.fixture
def lesson(page: Page, lab: Lab) -> Page:
    open_and_run(page, lab, LESSON)
    return page


def test_lesson5_runs_and_renders(lesson: Page, tmp_path_factory) -> None:
    images = lesson.locator("figure.course-chart img")
    images.first.wait_for(state="visible")
    assert images.count() >= 4
    alts = [images.nth(i).get_attribute("alt") or "" for i in range(images.count())]
    assert all(alt.startswith(("Line chart:", "Bar chart:")) for alt in alts)
    assert any(alt.startswith("Bar chart: Defence share of government R&D budgets") for alt in alts)
    assert any("intellectual property" in alt for alt in alts)
    assert lesson.locator(".course-explorer-root").count() == 1
    assert lesson.locator(".course-quiz fieldset").count() == len(quiz.load("l5").questions)
    path = screenshot(lesson, shots_dir(tmp_path_factory) / "lesson5.png")
    print(f"\nlesson 5 screenshot: {path}")


def test_explorer_follows_the_data(lesson: Page, tmp_path_factory) -> None:
    # Each helper returns at the page's first change; under load that can be a step
    # before the last, so every finding is then awaited until it reads what the data say.
    root = explorer(lesson)
    finding = settled(root, widgets_l5.finding(VALUE, START, 2024))
    assert "China exported the most" in finding and "of the group's total" in finding

    explorer_select(root, "Measure", widgets_l5.MEASURES[SHARE])
    finding = settled(root, widgets_l5.finding(SHARE, START, 2024))
    assert "Korea had the highest high-tech share" in finding

    explorer_range(root, "Year", -8)  # 2024 → 2016
    settled(root, widgets_l5.finding(SHARE, START, 2016))

    explorer_check(root, HONG_KONG, True)
    finding = settled(root, widgets_l5.finding(SHARE, [*START, "HKG"], 2016))
    assert finding.startswith("In 2016, of the 6 economies with data, Korea")

    explorer_range(root, "Year", 1)  # 2016 → 2017: the recording change
    finding = settled(root, widgets_l5.finding(SHARE, [*START, "HKG"], 2017))
    assert f"{HONG_KONG} had the highest" in finding

    explorer_select(root, "Measure", widgets_l5.MEASURES[BROAD])
    settled(root, widgets_l5.finding(BROAD, [*START, "HKG"], 2017))
    lesson.wait_for_function(
        "el => (el.getAttribute('alt') || '').startsWith('Bar chart: Medium and high-tech')",
        arg=root.locator(".course-explorer-image").element_handle(),
    )

    last = data.latest(BROAD, "JPN")[0]
    year = root.get_by_label("Year")
    expect(year).to_have_attribute("max", str(last))  # the slider ends where the series does
    explorer_range(root, "Year", 7)  # 2017 → stops at the last year with data
    six = [*START, "HKG"]
    settled(root, widgets_l5.finding(BROAD, six, last))

    explorer_select(root, "Measure", widgets_l5.MEASURES[VALUE])
    explorer_range(root, "Year", 10)  # the value series goes on to 2024
    settled(root, widgets_l5.finding(VALUE, six, 2024))
    explorer_select(root, "Measure", widgets_l5.MEASURES[BROAD])  # no 2024: moves, says so
    moved = (
        f"Year: 2024 is not possible with these choices (no data, or past the other end), "
        f"so {last} is shown. "
    )
    settled(root, moved + widgets_l5.finding(BROAD, six, last))
    expect(year).to_have_value(str(last))
    root.scroll_into_view_if_needed()
    screenshot(lesson, shots_dir(tmp_path_factory) / "lesson5_explorer.png", full_page=False)


def test_quiz_explains_then_accepts(lesson: Page, tmp_path_factory) -> None:
    wrong = answer_quiz(lesson, "ip-receipts-evidence", "Japan is technologically superior")
    assert wrong.startswith("✗") and "subsidiaries" in wrong
    right = answer_quiz(lesson, "ip-receipts-evidence", "It fits the paper's picture")
    assert right.startswith("✓")

    wrong = answer_quiz(lesson, "five-g-risk", "China is technologically years ahead")
    assert wrong.startswith("✗") and "Nokia" in wrong
    right = answer_quiz(lesson, "five-g-risk", "Many firms master 5G already")
    assert right.startswith("✓")

    wrong = answer_quiz(lesson, "gbard-evidence", ["It is consistent", "It proves"])
    assert wrong.startswith("✗") and "individual researchers" in wrong
    right = answer_quiz(
        lesson, "gbard-evidence", ["It is consistent", "It cannot show", "Because the US"]
    )
    assert right.startswith("✓")
    total = len(quiz.load("l5").questions)
    assert quiz_score(lesson).startswith(f"3 of {total} correct")
    lesson.locator('.course-q[data-qid="five-g-risk"]').scroll_into_view_if_needed()
    screenshot(lesson, shots_dir(tmp_path_factory) / "lesson5_quiz.png", full_page=False)


def test_exercise_runs_unanswered_and_checks_an_answer(page: Page, lab: Lab) -> None:
    open_notebook(page, lab, EXERCISE)
    run_all(page)
    assert not cell_errors(page, include_stderr=False)
    assert page.locator(".course-verdict-unattempted").count() == 5
    wrong = set_cell_and_run(
        page,
        "multiple = ...",
        'multiple = data.value("hightech_exports_usd", "Japan", 2024) / data.value(\n'
        '"hightech_exports_usd", "China", 2024)\nl5.china_multiple.check(multiple)',
    )
    assert "✗ Not yet" in wrong and "reciprocal" in wrong
    right = set_cell_and_run(
        page,
        "multiple = ",
        "china = data.value('hightech_exports_usd', 'CHN', 2024)\n"
        "multiple = china / data.value('hightech_exports_usd', 'JPN', 2024)\n"
        "l5.china_multiple.check(multiple)",
    )
    assert "✓ Correct" in right
