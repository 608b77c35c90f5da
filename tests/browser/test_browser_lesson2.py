"""Lesson 2 in a real JupyterLab: Run All is clean, the growth explorer, the quiz, a check.

The explorer's findings are compared with what ``course.lessons.l2.finding`` computes from
the data for the same choices, so a wrong number on the page fails the test.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from course import data
from course.lessons.l2 import analysis as widgets_l2
from harness.browser import (
    Lab,
    answer_quiz,
    explorer,
    explorer_check,
    explorer_range,
    explorer_select,
    open_and_run,
    quiz_score,
    screenshot,
    set_cell_and_run,
)
from harness.browser import (
    finding_becomes as settled,
)

pytestmark = pytest.mark.browser

LESSON = "notebooks/02_policy_framework.ipynb"
DEFAULT_PEERS = ["USA", "KOR", "DEU", "OED"]


@pytest.fixture
def lesson(page: Page, lab: Lab) -> Page:
    open_and_run(page, lab, LESSON)
    return page


def test_runs_clean_with_charts_and_widgets(lesson: Page, tmp_path_factory) -> None:
    charts = lesson.locator("figure.course-chart img")
    expect(charts.first).to_be_visible()
    assert (charts.first.get_attribute("alt") or "").startswith("Bar chart: Change in R&D")
    root = explorer(lesson)
    start = widgets_l2.finding(DEFAULT_PEERS, 2000, 2022)
    assert settled(root, start) == start
    explorer_check(root, "United Kingdom", True)
    warned = settled(root, widgets_l2.finding([*DEFAULT_PEERS, "GBR"], 2000, 2022))
    assert "break for United Kingdom (2014 and 2018)" in warned
    explorer_check(root, "United Kingdom", False)
    image = root.locator(".course-explorer-image")
    assert (image.get_attribute("alt") or "").startswith("Line chart: R&D intensity.")
    assert lesson.locator(".course-q").count() == 10
    folder = os.environ.get("COURSE_SCREENSHOTS")
    target = folder or tmp_path_factory.mktemp("shots")
    print(f"\nscreenshot: {screenshot(lesson, f'{target}/lesson2.png')}")


def test_explorer_follows_period_peers_and_measure(lesson: Page) -> None:
    root = explorer(lesson)
    settled(root, widgets_l2.finding(DEFAULT_PEERS, 2000, 2022))

    explorer_range(root, "Start year", 8)  # 2000 → 2008
    late = settled(root, widgets_l2.finding(DEFAULT_PEERS, 2008, 2022))
    japan = data.value("rd_expenditure_pct_gdp", "JPN", 2022) - data.value(
        "rd_expenditure_pct_gdp", "JPN", 2008
    )
    assert f"R&D intensity, Japan: {japan:+.2f} points" in late
    assert late.count("Less growth: none.") == 2

    explorer_check(root, "China", True)
    peers = [*DEFAULT_PEERS, "CHN"]
    settled(root, widgets_l2.finding(peers, 2008, 2022))

    explorer_select(root, "Measure change as", "per cent change")
    text = settled(root, widgets_l2.finding(peers, 2008, 2022, "percent"))
    assert text.startswith("2008–2022, measured as per cent change.")

    start = root.get_by_label("Start year")
    expect(start).to_have_attribute("max", "2021")  # the slider stops a year before the end
    start.press("End")
    settled(root, widgets_l2.finding(peers, 2021, 2022, "percent"))
    expect(root.locator(".course-explorer-image")).to_be_visible()


def test_quiz_explains_then_accepts(lesson: Page) -> None:
    wrong = answer_quiz(lesson, "control-tower", "The Digital Agency")
    assert wrong.startswith("✗") and "government's own digital services" in wrong
    right = answer_quiz(lesson, "control-tower", "Council for Science, Technology and Innovation")
    assert right.startswith("✓")
    wrong_measure = answer_quiz(lesson, "points-or-percent", "A grew faster on both measures.")
    assert wrong_measure.startswith("✗") and "B added more" in wrong_measure
    assert answer_quiz(lesson, "points-or-percent", "B added more percentage points").startswith(
        "✓"
    )
    critical = answer_quiz(
        lesson,
        "reading-critically",
        ["anonymous reference-site entry", "Praise words", "Critics are anonymous"],
    )
    assert critical.startswith("✓")
    assert quiz_score(lesson).startswith("3 of 10 correct")


def test_an_exercise_check_runs_in_the_lesson(lesson: Page) -> None:
    source = (
        "from course.checks import l2\n"
        "gap = data.table('rd_expenditure_pct_gdp', ['OED', 'JPN'], (2000, 2023))\n"
        "l2.rd_gap.check(gap.OED - gap.JPN)"
    )
    wrong = set_cell_and_run(lesson, "quiz.show", source)
    assert "✗ Not yet" in wrong and "wrong sign" in wrong
    right = set_cell_and_run(
        lesson, "l2.rd_gap", source.replace("gap.OED - gap.JPN", "gap.JPN - gap.OED")
    )
    assert "✓ Correct" in right
