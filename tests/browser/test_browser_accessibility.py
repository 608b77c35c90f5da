"""axe-core over every lesson after Run All, with its quiz in each state a learner can
reach: unanswered, "?" (nothing to check), wrong and right. The course's own outputs
(tables, charts, explorers, quizzes, checks, dashboard) must cause no violation; what
JupyterLab itself draws is outside `.jp-OutputArea` and not counted here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from course import quiz
from harness.browser import Lab, answer_quiz, open_notebook, quiz_question, run_all, run_axe

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
NOTEBOOKS.append("reference/pandas_you_need.ipynb")


def _visible(text: str) -> str:
    """The start of an option's text as the page shows it (Markdown marks removed)."""
    plain = re.sub(r"[`*]", "", text)
    return plain[:40]


def _put_quiz_in_every_state(page: Page, lesson: str) -> None:
    bank = quiz.resolve(quiz.load(lesson))
    single = [q for q in bank.questions if q.type == "single"]
    if single:
        q = single[0]
        wrong = next(c for c in q.choices if c.id != q.answer)
        assert answer_quiz(page, q.id, _visible(wrong.text)).startswith("✗")
    if len(single) > 1:
        q = single[1]
        assert answer_quiz(page, q.id, _visible(q.choice(q.answer).text)).startswith("✓")
    unanswered = next((q for q in bank.questions if q.type in ("numeric", "text")), None)
    if unanswered is not None:
        question = quiz_question(page, unanswered.id)
        question.locator(".course-check").click()
        page.wait_for_function(
            "el => el.innerText.trim().startsWith('?')",
            arg=question.locator(".course-feedback").element_handle(),
        )


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_no_accessibility_violation_from_the_course(page: Page, lab: Lab, axe, notebook) -> None:
    open_notebook(page, lab, f"notebooks/{notebook}")
    run_all(page)
    before = run_axe(page, ".jp-OutputArea")
    after = []
    if notebook[:2].isdigit():
        _put_quiz_in_every_state(page, f"l{int(notebook[:2])}")
        after = run_axe(page, ".jp-OutputArea")
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in before + after
    ]
    assert not found, "\n".join(found)


def test_ordering_and_matching_work_from_the_keyboard_alone(page: Page, lab: Lab) -> None:
    """Move an item with Enter on its button and hear where it went; choose a meaning with
    the arrow keys; Check with Enter: no mouse."""
    open_notebook(page, lab, "notebooks/00_start_here.ipynb")
    run_all(page)
    order = quiz_question(page, "events-in-order")
    first = order.locator(".course-order-item").first
    name = first.locator(".course-item-text").inner_text().strip()
    first.locator(".course-down").focus()
    page.keyboard.press("Enter")
    announced = order.locator(".course-sr-only")
    page.wait_for_function("el => el.textContent.includes('moved to position 2')",
                           arg=announced.element_handle())  # fmt: skip
    assert name in announced.text_content()
    assert order.locator(".course-order-item").nth(1).inner_text().find(name) >= 0
    assert page.evaluate("document.activeElement.classList.contains('course-down')")
    page.keyboard.press("Tab")  # to the next item's up button and on to Check
    order.locator(".course-check").focus()
    page.keyboard.press("Enter")
    feedback = order.locator(".course-feedback")
    page.wait_for_function("el => el.innerText.trim().length > 0", arg=feedback.element_handle())
    assert feedback.inner_text().strip()[0] in "✓✗?"

    matching = quiz_question(page, "indicator-units")
    select = matching.locator("select").first
    select.focus()
    page.keyboard.press("ArrowDown")
    assert select.input_value() != ""
    matching.locator(".course-check").focus()
    page.keyboard.press("Enter")
    said = matching.locator(".course-feedback")
    page.wait_for_function("el => el.innerText.trim().length > 0", arg=said.element_handle())
    assert said.inner_text().strip()[0] in "✓✗?"
