"""Lesson 4 in a real JupyterLab: Run All is clean, the timeline explorer and quiz respond.

Every expected sentence is computed here from ``course.data`` (through the lesson's own
finding function and the quiz bank), so the test follows the data, not typed numbers.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from course import data, quiz
from course.lessons.l4 import analysis as l4
from harness.browser import (
    REPO,
    Lab,
    answer_quiz,
    cell_errors,
    explorer,
    explorer_check,
    explorer_range,
    explorer_select,
    open_notebook,
    quiz_score,
    run_all,
    screenshot,
    set_cell_and_run,
)

pytestmark = pytest.mark.browser

LESSON = "notebooks/04_st_diplomacy.ipynb"
EXERCISE = "exercises/04_st_diplomacy_exercise.ipynb"
TRIO = ["JPN", "CHN", "KOR"]


def _require(path: str) -> None:
    if not (REPO / path).is_file():
        pytest.skip(f"{path} is not written yet")


def _choice(qid: str, choice_id: str) -> tuple[str, str]:
    """A choice's visible text and its feedback, from the bank."""
    question = quiz.load("l4")[qid]
    choice = question.choice(choice_id)
    return choice.text, choice.feedback


def _settle(root: Locator, quiet_ms: int = 400, timeout_s: float = 15) -> None:
    """Wait until the explorer's image has stopped changing for ``quiet_ms``."""
    image = root.locator(".course-explorer-image")
    deadline = time.monotonic() + timeout_s
    last, since = image.get_attribute("src"), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = image.get_attribute("src")
        if now != last:
            last, since = now, time.monotonic()
        elif (time.monotonic() - since) * 1000 >= quiet_ms:
            return
    raise AssertionError("the explorer's image kept changing")


def _step(root: Locator, _returned: str, expected: str) -> str:
    """After a harness action: wait for ``expected`` and a settled image; return the text."""
    shown = root.locator(".course-explorer-finding")
    expect(shown).to_have_text(expected, timeout=15_000)
    _settle(root)
    return shown.inner_text().strip()


def test_lesson4_runs_and_its_widget_and_quiz_respond(
    page: Page, lab: Lab, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _require(LESSON)
    started = time.monotonic()
    open_notebook(page, lab, LESSON)
    run_s = run_all(page)
    errors = cell_errors(page, include_stderr=False)
    assert not errors, "cells showed errors:\n\n" + "\n\n".join(errors)
    charts = page.locator("figure.course-chart img")
    assert charts.count() >= 3 and all(
        (charts.nth(i).get_attribute("alt") or "").startswith(("Line chart", "Bar chart"))
        for i in range(charts.count())
    )

    # The timeline explorer: start year, then move, add a country, switch the data vintage.
    root = explorer(page, 0)
    shown = root.locator(".course-explorer-finding")
    _settle(root)
    assert shown.inner_text().strip() == l4.finding(2008, TRIO)
    assert root.locator(".course-explorer-image").get_attribute("alt").startswith("Line chart")

    # The harness helpers act and return the first new sentence; the finding and the image
    # arrive as separate messages, so each step also waits for the sentence it expects and
    # for the image to settle before the next step (else a late image looks like a reply).
    # Moves go one key press at a time for the same reason.
    _step(root, explorer_range(root, "Year", 1), l4.finding(2009, TRIO))
    now = _step(root, explorer_range(root, "Year", 1), l4.finding(2010, TRIO))
    assert "task-force report (2010)" in now and "SICORP (2009)" in now

    now = _step(root, explorer_check(root, "United States", True), l4.finding(2010, [*TRIO, "USA"]))
    usa = l4.world_share_table("USA").loc[2010, "USA"]
    assert f"United States {usa:.2f} %" in now

    label = "WDI as downloaded in 2014 (NSF-sourced counts)"
    expected = l4.finding(2010, [*TRIO, "USA"], "2014")
    now = _step(root, explorer_select(root, "Article counts", label), expected)
    assert now.startswith("2010: no share, because article counts in the 2014 download stop in")

    now = _step(root, explorer_range(root, "Year", -1), l4.finding(2009, [*TRIO, "USA"], "2014"))
    old = l4.world_share_table("JPN", vintage="2014").loc[2009, "JPN"]
    assert now.startswith(f"2009: share of world journal articles — Japan {old:.2f} %")

    now = _step(
        root, explorer_check(root, "Japan", False), l4.finding(2009, ["CHN", "KOR", "USA"], "2014")
    )
    assert "Japan" not in now.split(". Reports")[0]
    _step(root, explorer_check(root, "China", False), l4.finding(2009, ["KOR", "USA"], "2014"))
    _step(root, explorer_check(root, "Korea", False), l4.finding(2009, ["USA"], "2014"))
    explorer_check(root, "United States", False)
    expect(shown).to_have_text("Nothing to show for this choice: choose at least one economy.")
    _settle(root)
    _step(root, explorer_check(root, "Japan", True), l4.finding(2009, ["JPN"], "2014"))
    label = "Current WDI (Scopus-based counts)"
    _step(root, explorer_select(root, "Article counts", label), l4.finding(2009, ["JPN"]))
    _step(root, explorer_check(root, "China", True), l4.finding(2009, ["JPN", "CHN"]))

    # The quiz: a wrong answer explains itself, a right one is confirmed.
    wrong_text, wrong_feedback = _choice("definition", "exports")
    feedback = answer_quiz(page, "definition", wrong_text)
    assert feedback.startswith("✗") and wrong_feedback.split(".")[0] in feedback
    right_text, _ = _choice("definition", "mutual")
    assert answer_quiz(page, "definition", right_text).startswith("✓")

    order = [item.text for item in quiz.load("l4")["timeline-order"].items]
    assert answer_quiz(page, "timeline-order", order).startswith("✓")

    articles = "sci_tech_journal_articles"
    change = (data.value(articles, "JPN", 2023) - data.value(articles, "JPN", 2008)) / 1000
    wrong = answer_quiz(page, "articles-change", f"{-change:.1f}")
    assert wrong.startswith("✗") and "wrong sign" in wrong
    assert answer_quiz(page, "articles-change", f"{change:.1f}").startswith("✓")

    assert answer_quiz(page, "which-programme", "SICORP").startswith("✗")
    assert answer_quiz(page, "which-programme", "SATREPS").startswith("✓")
    assert quiz_score(page).startswith("4 of 12 correct")

    folder = os.environ.get("COURSE_SCREENSHOT_DIR")  # keep the picture to look at
    shots = Path(folder) if folder else tmp_path_factory.mktemp("shots")
    shot = screenshot(page, shots / "lesson4.png")
    print(f"\nlesson 4: Run All {run_s:.1f} s, test {time.monotonic() - started:.1f} s; {shot}")


def test_lesson4_exercise_runs_and_a_check_answers(page: Page, lab: Lab) -> None:
    _require(EXERCISE)
    open_notebook(page, lab, EXERCISE)
    run_all(page)
    assert not cell_errors(page, include_stderr=False)
    checks = page.locator(".course-verdict")
    assert checks.count() == 5
    assert all("Not attempted yet" in checks.nth(i).inner_text() for i in range(checks.count()))

    said = set_cell_and_run(page, "passed = ...", "passed = 2008\nl4.china_passes.check(passed)")
    assert "✗ Not yet" in said and "2008 is too late" in said
    said = set_cell_and_run(
        page,
        "passed = 2008",
        "passed = (articles['CHN'] > articles['JPN']).idxmax()\nl4.china_passes.check(passed)",
    )
    assert "✓ Correct" in said
