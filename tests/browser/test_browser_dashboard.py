"""The progress dashboard at a glance: a full progress file fits one 1366 x 900 screen.

Every quiz question and task of the catalogue is recorded (some right, some wrong) through
``course.progress``; a small notebook points its kernel at that file and shows the
dashboard in JupyterLab. The screenshot is kept in /tmp for a person to look at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from course import lessons, progress
from harness.browser import Lab, open_notebook, run_all, run_axe, screenshot

pytestmark = pytest.mark.browser

SCREEN = {"width": 1366, "height": 900}
SHOT = Path("/tmp/course-dashboard-1366x900.png")
SHOT_OPEN = Path("/tmp/course-dashboard-open-1366x900.png")


def _full_progress(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Record every item of the catalogue at ``path``: every third one wrong, the rest right.

    Returns, by lesson id, how many items are not yet right.
    """
    monkeypatch.setenv(progress.ENV_VAR, str(path))
    wrong: dict[str, int] = {}
    for lesson in lessons.catalogue():
        wrong[lesson["id"]] = 0
        for n, item in enumerate(lesson["items"]):
            lesson_id, name = item["id"].split(".", 1)
            right = n % 3 != 1
            progress.record(lesson_id, name, correct=right, kind=item["kind"])
            wrong[lesson["id"]] += not right
    return wrong


def _notebook(path: Path, progress_file: Path) -> None:
    cells = [
        f"import os\nos.environ[{progress.ENV_VAR!r}] = {str(progress_file)!r}",
        "from course.dashboard import dashboard\n\ndashboard()",
    ]
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "source": s,
                "outputs": [],
                "execution_count": None,
            }
            for s in cells
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook))


@pytest.fixture
def shown(page: Page, lab: Lab, monkeypatch: pytest.MonkeyPatch) -> tuple[Page, dict[str, int]]:
    """The dashboard of a full progress file, rendered at 1366 x 900 and scrolled into view."""
    folder = lab.root / "dashboard-test"
    folder.mkdir(exist_ok=True)
    wrong = _full_progress(folder / "progress.json", monkeypatch)
    _notebook(folder / "dashboard.ipynb", folder / "progress.json")
    page.set_viewport_size(SCREEN)
    open_notebook(page, lab, "dashboard-test/dashboard.ipynb")
    run_all(page)
    root = page.locator(".course-dashboard-root")
    root.wait_for()
    page.wait_for_function(
        "el => el.innerText.includes('Next')",
        arg=page.locator(".course-dashboard-next").element_handle(),
    )
    root.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    return page, wrong


def test_full_progress_fits_one_screen(shown: tuple[Page, dict[str, int]]) -> None:
    page, wrong = shown
    root = page.locator(".course-dashboard-root")
    box = root.bounding_box()
    screenshot(page, SHOT, full_page=False)
    print(f"\ndashboard {box['width']:.0f} x {box['height']:.0f} px at 1366 wide; {SHOT}")
    assert box["height"] <= SCREEN["height"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= SCREEN["height"]  # all of it on screen
    next_step = page.locator(".course-dashboard-next").inner_text().strip()
    assert re.fullmatch(r"Next: lesson \d, the (quiz|exercise)\b[^…]*", next_step), next_step
    rows = root.locator("tbody tr:not([hidden])")
    assert rows.count() == len(wrong)  # one row per lesson, no list of prompts
    assert "…" not in root.inner_text()  # no truncated quiz prompt on show
    assert root.locator(".course-dashboard-bar").count() == len(wrong)  # progress drawn once
    first = rows.first.inner_text()
    assert re.search(r"\d+ of \d+", first)  # a text count beside the bar, not colour alone


def test_what_is_left_opens_from_the_keyboard(shown: tuple[Page, dict[str, int]], axe) -> None:
    page, wrong = shown
    root = page.locator(".course-dashboard-root")
    toggle = root.locator(".course-dashboard-show").first
    assert toggle.get_attribute("aria-expanded") == "false"
    panel = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    assert panel.is_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert panel.is_visible()
    assert panel.locator("li").count() == wrong["l0"]
    screenshot(page, SHOT_OPEN, full_page=False)
    violations = run_axe(page, ".course-dashboard-root")
    assert not violations, "; ".join(f"{v['id']}: {v['help']}" for v in violations)
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "false" and panel.is_hidden()
    violations = run_axe(page, ".course-dashboard-root")
    assert not violations, "; ".join(f"{v['id']}: {v['help']}" for v in violations)


def test_refresh_is_announced(shown: tuple[Page, dict[str, int]]) -> None:
    page, _ = shown
    status = page.locator(".course-dashboard-status")
    assert status.get_attribute("role") == "status"
    page.locator(".course-dashboard-refresh").click()
    page.wait_for_function(
        "el => el.innerText.startsWith('Progress refreshed. Next: lesson')",
        arg=status.element_handle(),
    )
