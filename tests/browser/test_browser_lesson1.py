"""Lesson 1 in a real JupyterLab: Run All is clean, both explorers, the quiz, an exercise check.

The explorers' findings are compared with what ``course.lessons.l1`` computes from the
data for the same choices, so a wrong number on the page fails the test. Set
``COURSE_SCREENSHOTS=/some/folder`` to keep the screenshot of the lesson.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from course import data
from course.lessons.l1 import analysis as widgets_l1
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

LESSON = "notebooks/01_borrowing_to_exporting.ipynb"
EXERCISE = "exercises/01_borrowing_to_exporting_exercise.ipynb"
DEFAULT = ["JPN", "KOR", "DEU", "SGP"]


@pytest.fixture
def lesson(page: Page, lab: Lab) -> Page:
    open_and_run(page, lab, LESSON)
    return page


def test_runs_clean_with_charts_widgets_and_quiz(lesson: Page, tmp_path_factory) -> None:
    charts = lesson.locator("figure.course-chart img")
    expect(charts.first).to_be_visible()
    alts = [charts.nth(i).get_attribute("alt") or "" for i in range(charts.count())]
    assert len(alts) >= 3 and alts[0].startswith("Line chart: Patent applications filed in Japan")
    first = settled(explorer(lesson, 0), widgets_l1.crossover_finding(DEFAULT, 1996))
    assert first.startswith("Japan: receipts first exceeded payments in 2003")
    japan = widgets_l1.vintage_finding(
        widgets_l1.vintage_table("JPN", "hightech_exports_usd"), "JPN", in_points=False
    )
    settled(explorer(lesson, 1), japan)
    assert lesson.locator(".course-q").count() == 10
    folder = os.environ.get("COURSE_SCREENSHOTS")
    target = folder or tmp_path_factory.mktemp("shots")
    print(f"\nscreenshot: {screenshot(lesson, f'{target}/lesson1.png')}")


def test_crossover_explorer_follows_economies_years_and_measure(lesson: Page) -> None:
    root = explorer(lesson, 0)
    settled(root, widgets_l1.crossover_finding(DEFAULT, 1996))

    explorer_check(root, "United States", True)
    chosen = [*DEFAULT, "USA"]
    text = settled(root, widgets_l1.crossover_finding(chosen, 1996))
    assert "United States: receipts exceeded payments in every year, 1996–2025" in text

    explorer_check(root, "Germany", False)
    chosen = ["JPN", "KOR", "SGP", "USA"]
    text = settled(root, widgets_l1.crossover_finding(chosen, 1996))
    assert "Korea: receipts never exceeded payments in 1996–2025" in text

    explorer_range(root, "First year shown", -1)  # 1996 → 1995: before Japan's data begin
    text = settled(root, widgets_l1.crossover_finding(chosen, 1995))
    assert text.startswith("Japan (data from 1996): receipts first exceeded payments in 2003")

    explorer_select(root, "Measure", widgets_l1.MEASURES["balance"])
    text = settled(root, widgets_l1.crossover_finding(chosen, 1995, "balance"))
    usa = (
        data.value("ip_charges_receipts_usd", "USA", 2025)
        - data.value("ip_charges_payments_usd", "USA", 2025)
    ) / 1e9
    assert text.endswith(f"The largest balance in 2025: United States ({usa:+,.1f} billion US$).")
    alt = root.locator(".course-explorer-image").get_attribute("alt") or ""
    assert alt.startswith("Line chart: Charges for the use of IP: balance. billion current US$")

    for code in chosen:
        explorer_check(root, data.country_name(code), False)
    settled(root, "Nothing to show for this choice: choose at least one economy.")
    assert not root.locator(".course-explorer-image").is_visible()


def test_vintage_explorer_compares_and_splices(lesson: Page) -> None:
    root = explorer(lesson, 1)
    explorer_select(root, "Economy", "China")
    china = widgets_l1.vintage_table("CHN", "hightech_exports_usd")
    text = settled(root, widgets_l1.vintage_finding(china, "CHN", in_points=False))
    assert "a naive splice shows +" in text
    image = root.locator(".course-explorer-image")
    before = image.get_attribute("src")
    box = root.get_by_label("a naive splice (2018 vintage to 2006, current from 2007)")
    box.set_checked(True)
    expect(image).not_to_have_attribute("src", before or "", timeout=60_000)
    assert "Naive splice" in (image.get_attribute("alt") or "")
    explorer_select(
        root, "Measure", widgets_l1.VINTAGE_MEASURES["hightech_exports_pct_manuf_exports"]
    )
    shares = widgets_l1.vintage_table("CHN", "hightech_exports_pct_manuf_exports")
    text = settled(root, widgets_l1.vintage_finding(shares, "CHN", in_points=True))
    assert "percentage points" in text


def test_quiz_explains_wrong_answers_then_accepts_right_ones(lesson: Page) -> None:
    wrong = answer_quiz(lesson, "outside-the-group", "73.9")
    assert wrong.startswith("✗") and "inside" in wrong
    assert answer_quiz(lesson, "outside-the-group", "26.1").startswith("✓")

    wrong = answer_quiz(lesson, "technoglobalism-term", "techno-nationalism")
    assert wrong.startswith("✗") and "opposite idea" in wrong
    assert answer_quiz(lesson, "technoglobalism-term", "Technoglobalism").startswith("✓")

    wrong = answer_quiz(lesson, "coverage-meaning", "The country's receipts are growing faster")
    assert wrong.startswith("✗") and "compares levels in one year" in wrong
    assert quiz_score(lesson).startswith("2 of 10 correct")

    order = [
        "Acquiring technology from the United States",
        "Studying the borrowed technology",
        "Building a research and development base",
        "Selling technology abroad",
    ]
    assert answer_quiz(lesson, "stages-in-order", order).startswith("✓")
    assert quiz_score(lesson).startswith("3 of 10 correct")


def test_exercise_check_in_the_exercise_notebook(page: Page, lab: Lab) -> None:
    open_notebook(page, lab, EXERCISE)
    run_all(page)
    assert not cell_errors(page, include_stderr=False)
    mistake = (
        'ratio = data.table("ip_charges_receipts_usd", ["JPN", "DEU", "FRA", "KOR", "SGP", "CHN"],'
        ' (1996, 2025)) / data.table("ip_charges_payments_usd",'
        ' ["JPN", "DEU", "FRA", "KOR", "SGP", "CHN"], (1996, 2025))\n'
        "crossovers = (ratio > 1).idxmax()\nl1.crossovers.check(crossovers)"
    )
    wrong = set_cell_and_run(page, "crossovers = ...", mistake)
    assert "✗ Not yet" in wrong and "idxmax" in wrong
    right = set_cell_and_run(
        page,
        "crossovers = (ratio > 1)",
        mistake.replace("(ratio > 1).idxmax()", "ratio.apply(lambda r: r[r > 1].index.min())"),
    )
    assert "✓ Correct" in right
