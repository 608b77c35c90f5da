"""axe-core over every lesson after Run All, with its quiz in each state a learner can
reach: unanswered, "?" (nothing to check), wrong and right. The course's own outputs
(tables, charts, explorers, quizzes, checks, dashboard) must cause no violation; what
JupyterLab itself draws is outside `.jp-OutputArea` and not counted here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from harness import Lab, answer_quiz, open_notebook, quiz_question, run_all, run_axe
from playwright.sync_api import Page

from course import quiz

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
