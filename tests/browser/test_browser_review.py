"""Review mode in JupyterLab: answer lesson 0's quiz with two wrong answers, open the review,
be asked the wrong ones first, answer one right, and see the dashboard's due count fall."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from course import progress
from harness.browser import (
    Lab,
    answer_quiz,
    open_notebook,
    run_all,
    run_axe,
    screenshot,
    set_cell_and_run,
)

pytestmark = pytest.mark.browser
SHOT = Path("/tmp/course-review-1366x900.png")


def _notebook(path: Path, progress_file: Path) -> None:
    cells = [
        f"import os\nos.environ[{progress.ENV_VAR!r}] = {str(progress_file)!r}",
        "from course import quiz\n\nquiz.show('l0', seed=3)",
        "import course\n\ncourse.review(seed=3)",
        "from course.dashboard import dashboard\n\ndashboard()",
    ]
    notebook = {
        "cells": [
            {"cell_type": "code", "metadata": {}, "source": s, "outputs": [],
             "execution_count": None}
            for s in cells
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }  # fmt: skip
    path.write_text(json.dumps(notebook))


def test_review_brings_back_the_wrong_answers_first(page: Page, lab: Lab, axe) -> None:
    folder = lab.root / "review-test"
    folder.mkdir(exist_ok=True)
    _notebook(folder / "review.ipynb", folder / "progress.json")
    page.set_viewport_size({"width": 1366, "height": 900})
    open_notebook(page, lab, "review-test/review.ipynb")
    run_all(page)
    assert "Nothing to review yet" in page.locator(".jp-OutputArea").nth(2).inner_text()
    review_line = page.locator(".course-dashboard-review")
    assert "nothing is due" in review_line.inner_text()

    assert answer_quiz(page, "stuck-on-exercise", "Restart the kernel").startswith("✗")
    assert answer_quiz(page, "rd-change-since-2008", "3.4").startswith("✗")
    # a changed answer marks the shown verdict stale, in words, until the next Check
    numeric = page.locator('.course-q[data-qid="rd-change-since-2008"]')
    numeric.locator(".course-input").fill("3.5")
    note = numeric.locator(".course-stale-note")
    assert note.inner_text() == "Your answer has changed since this feedback: press Check again."
    assert numeric.get_attribute("data-stale") == "true"
    assert answer_quiz(page, "rd-change-since-2008", "3.6").startswith("✗")
    assert note.count() == 0 and numeric.get_attribute("data-stale") is None
    right = ["In 2025 Japan earned", "Japan has one of the oldest", "Japan has more researchers"]
    assert answer_quiz(page, "what-charts-show", right).startswith("✓")

    shown = set_cell_and_run(
        page, "course.review(seed=3)", "import course\n\ncourse.review(seed=3)"
    )
    assert "Review: 3 questions from lesson 0 (2 due now" in shown
    review = page.locator(".course-quiz").nth(1)
    asked = [q.get_attribute("data-qid") for q in review.locator(".course-q").all()]
    assert asked[:2] == ["l0-stuck-on-exercise", "l0-rd-change-since-2008"]
    assert asked[2] == "l0-what-charts-show"  # not due yet: after the due ones

    page.locator(".course-dashboard-refresh").click()
    page.wait_for_function(
        "el => el.innerText.includes('2 questions are due')", arg=review_line.element_handle()
    )
    assert answer_quiz(page, "l0-stuck-on-exercise", "for a nudge").startswith("✓")
    page.locator(".course-dashboard-refresh").click()
    page.wait_for_function(
        "el => el.innerText.includes('1 question is due')", arg=review_line.element_handle()
    )
    review.scroll_into_view_if_needed()
    screenshot(page, SHOT, full_page=False)
    violations = run_axe(page, ".course-quiz")
    assert not violations, "; ".join(f"{v['id']}: {v['help']}" for v in violations)
