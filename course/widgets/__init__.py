"""Interactive widgets the lessons use to let a learner change something and see what follows.

``explorer()`` builds the one generic widget: labelled native controls (check boxes, range
sliders, a select), a chart with alt text, and a sentence that reports the consequence,
announced to screen readers. Each lesson's configured explorers live in ``lNN.py``
beside this file (``from course.widgets import l0; l0.compare()``).
"""

from __future__ import annotations

import importlib
from typing import Any

from course import ids
from course.widgets.explorer import Control, explorer

__all__ = ["Control", "explorer"]


def __getattr__(name: str) -> Any:
    """``widgets.l1`` imports the lesson's widget module on first use."""
    if ids.is_lesson_id(name):
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
