"""The quiz widget: an ``anywidget`` drawing semantic, accessible HTML, graded in Python.

The browser gets prompts, option texts and opaque tokens (``questions``); on Check it
sends ``{"type": "check", "id", "answer"}`` with the controls' values read at that
moment, and Python answers by updating ``feedback`` and ``score``. Imported by
:func:`course.quiz.show` only, so ``import course.quiz`` stays free of widget libraries.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from .bank import load, resolve
from .model import Bank
from .session import QuizSession, feedback_entry

HERE = Path(__file__).parent
log = logging.getLogger(__name__)


class QuizWidget(anywidget.AnyWidget):
    """Every question of a bank with a Check button each, and a running score."""

    _esm = HERE / "widget.js"
    _css = HERE / "widget.css"

    lesson = traitlets.Unicode("").tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    intro = traitlets.Unicode("").tag(sync=True)  # a visible line above the questions
    questions: Any = traitlets.List([]).tag(sync=True)
    feedback = traitlets.Dict({}).tag(sync=True)
    score = traitlets.Dict({}).tag(sync=True)

    def __init__(self, session: QuizSession, **kwargs: Any) -> None:
        super().__init__(
            lesson=session.bank.lesson,
            title=session.bank.title,
            questions=session.views(),
            score=session.score(),
            **kwargs,
        )
        self._session = session
        self.on_msg(self._on_custom_msg)

    def _on_custom_msg(self, _widget: Any, content: Any, _buffers: Any = None) -> None:
        """Answer a front-end message; never raises (a bug shows as a "?" feedback)."""
        if not isinstance(content, dict) or not isinstance(content.get("id"), str):
            return
        qid = content["id"]
        try:
            if content.get("type") == "check":
                entry = self._session.check(qid, content.get("answer"))
            elif content.get("type") == "reveal":
                entry = self._session.reveal(qid)
            else:
                return
        except Exception:
            log.exception("quiz message failed: %r", content)
            entry = feedback_entry("error", "Sorry, that could not be checked; try again.")
        entry["seq"] = self.feedback.get(qid, {}).get("seq", 0) + 1
        with self.hold_sync():  # feedback and score reach the page in one message
            self.feedback = {**self.feedback, qid: entry}
            self.score = self._session.score()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The widget view, with the questions (no answers) as the ``text/plain`` fallback."""
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if isinstance(data, dict):
            data["text/plain"] = self._session.plain_text()
        return bundle


def show(
    lesson: str | Path | Bank, ids: list[str] | None = None, *, seed: int | None = None
) -> QuizWidget:
    """Show a lesson's quiz: ``show("l0")`` or ``show("l0", ids=["rd-2023"])``.

    ``seed`` fixes the shuffle (tests); by default the order is stable within a kernel.
    """
    bank = lesson if isinstance(lesson, Bank) else load(lesson)
    return QuizWidget(QuizSession(resolve(bank), ids, seed=seed))
