"""Quizzes: question banks as YAML data, pure-Python grading, and one accessible widget.

Learners::

    from course import quiz
    quiz.show("l0")                      # every question of lesson 0, Check buttons, score

Authors and maintainers::

    quiz.load("l0")                      # a Bank, checked against schema.json and more
    quiz.validate("course/lessons/l0/quiz.yaml")   # full check, data references resolved
    quiz.grade(quiz.load("l0")["rd-2023"], "3.44 %")   # Feedback(correct=True, ...)

Importing this package loads no widget library, pandas or YAML parser; ``show`` does.
Banks live in ``course/lessons/<lesson>/quiz.yaml``; their format is ``quiz/schema.json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .bank import bank_dir, bank_path, bank_paths, load, load_all, resolve, validate
from .grading import answer_text, grade
from .model import Bank, BankError, Feedback, Issue, Question

if TYPE_CHECKING:
    from .widget import QuizWidget, show

__all__ = [
    "Bank",
    "BankError",
    "Feedback",
    "Issue",
    "Question",
    "QuizWidget",
    "answer_text",
    "bank_dir",
    "bank_path",
    "bank_paths",
    "grade",
    "load",
    "load_all",
    "resolve",
    "show",
    "validate",
]


def __getattr__(name: str) -> Any:
    """Import the widget module (anywidget, ipywidgets) only when ``show`` is first used."""
    if name in ("show", "QuizWidget"):
        from . import widget

        return getattr(widget, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
