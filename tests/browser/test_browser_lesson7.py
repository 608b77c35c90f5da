"""Lesson 7 in a real JupyterLab: it runs, and its aid explorer, quiz and exercise respond.

Every expected finding is computed in the test from ``course.lessons.l7`` or
``course.data``. Set ``COURSE_SCREENSHOT_DIR`` to keep a full-page screenshot of the
lesson after the interactions.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from course import data
from course.lessons.l7 import analysis as model
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
    finding_becomes as _settles_on,
)

pytestmark = pytest.mark.browser

LESSON = "notebooks/07_partners_russia_asean.ipynb"
EXERCISE = "exercises/07_partners_russia_asean_exercise.ipynb"


def _alt_starts(image: Locator, prefix: str, timeout: float = 20) -> str:
    """Wait until the explorer chart's alt text starts with ``prefix``; return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alt = image.get_attribute("alt") or ""
        if alt.startswith(prefix):
            return alt
        time.sleep(0.05)
    raise AssertionError(f"alt stayed {image.get_attribute('alt')!r}, expected {prefix!r}…")


def _ticked(codes: list[str]) -> list[str]:
    """The recipients in the order the page sends them (the order of the check boxes)."""
    return [code for code in model.RECIPIENTS if code in codes]


def test_lesson7_runs_and_responds(
    page: Page, lab: Lab, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Run All is clean; the explorer, the quiz and the charts answer as the data says."""
    open_and_run(page, lab, LESSON)
    charts = page.locator("figure.course-chart img")
    assert charts.count() >= 3
    tables = page.locator(".jp-OutputArea-output table")
    assert tables.filter(has_text="IP receipts (US$ bn)").count() == 1  # the technology table
    assert tables.filter(has_text="2022 (%)").count() == 1  # the KTI shares
    assert all(charts.nth(i).get_attribute("alt") for i in range(charts.count()))

    root = explorer(page)
    start = _ticked(model.START)
    first = _settles_on(root, model.finding(start, 1990, 2009))
    assert first.startswith("In 1990–2009, China received the most")
    explorer_range(root, "Last year", 14)  # 2009 → 2023: repayments turn the ranking round
    later = _settles_on(root, model.finding(start, 1990, 2023))
    assert later.startswith("In 1990–2023, India received the most") and "China 14" in later

    explorer_select(root, "Show", dict(model.MEASURES)["cumulative"])
    image = root.locator(".course-explorer-image")
    _alt_starts(image, "Line chart: Japan's net aid, running total since 1990.")
    assert root.locator(".course-explorer-finding").inner_text().strip() == later

    without_china = explorer_check(root, "China", False)
    expected = model.finding(_ticked(["IDN", "IND", "VNM", "RUS"]), 1990, 2023)
    assert _settles_on(root, expected) and "China" not in without_china.split(":")[0]

    explorer_range(root, "Last year", -40)  # stops at 1990, the first year: never before it
    expected = model.finding(_ticked(["IDN", "IND", "VNM", "RUS"]), 1990, 1990)
    message = _settles_on(root, expected)
    assert image.is_visible(), message

    wrong = answer_quiz(page, "intra-group-share", "26.1")
    assert wrong.startswith("✗") and "outside" in wrong
    assert answer_quiz(page, "intra-group-share", "73.9").startswith("✓")
    proof = answer_quiz(page, "thailand-evidence", "It proves the claim")
    assert proof.startswith("✗") and "do not say where Thailand's payments go" in proof
    assert answer_quiz(page, "official-aid", "official aid").startswith("✓")
    assert quiz_score(page).startswith("2 of 9 correct")

    folder = os.environ.get("COURSE_SCREENSHOT_DIR")
    where = Path(folder) if folder else tmp_path_factory.mktemp("shots")
    print(f"\nlesson 7 screenshot: {screenshot(page, where / 'lesson7.png')}")


def test_lesson7_exercise_runs_unanswered_and_checks_an_answer(page: Page, lab: Lab) -> None:
    """The generated exercise runs top to bottom; a typical mistake and the answer are judged."""
    open_notebook(page, lab, EXERCISE)
    run_all(page)
    assert not cell_errors(page, include_stderr=False)
    assert page.locator(".course-verdict-unattempted").count() == 4

    last_positive = int(data.oda("CHN").query("japan_net_bilateral_oda_usd >= 0").year.max())
    out = set_cell_and_run(page, "turn = ...", f"turn = {last_positive}\nl7.china_turn.check(turn)")
    assert "✗ Not yet" in out and "still positive" in out
    right = set_cell_and_run(
        page, "turn = ", f"turn = {last_positive + 1}\nl7.china_turn.check(turn)"
    )
    assert "✓ Correct" in right
