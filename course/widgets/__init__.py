"""Interactive widgets the lessons use to let a learner change something and see what follows.

``explorer()`` builds the one generic widget: labelled native controls (check boxes, range
sliders, a select), a chart with alt text, and a sentence that reports the consequence,
announced to screen readers. Each lesson's configured explorers live in its package,
``course/lessons/lN/analysis.py`` (``from course.lessons import l0; l0.compare()``);
``widgets.l0``, as notebooks written before then say, still gives the lesson.
"""

from __future__ import annotations

from typing import Any

from course import ids, lessons
from course.widgets.explorer import Control, explorer

__all__ = ["Control", "explorer"]


def __getattr__(name: str) -> Any:
    """``widgets.l1`` is lesson 1's package (``course.lessons.l1``)."""
    if ids.is_lesson_id(name):
        return getattr(lessons, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
