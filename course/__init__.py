"""Japan's science, technology and innovation policy: the course's helper package.

Lessons call small functions from the submodules:

- ``course.data``: the shipped World Bank / OECD data, with provenance.
- ``course.plots``: the house style for every chart.
- ``course.review()``: a short quiz of the questions due again (spaced practice,
  :mod:`course.spaced`).

``import course`` is cheap: pandas, matplotlib and ipywidgets load only when a
submodule that needs them is first used (``course.data`` is imported on first
attribute access, for example).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = (
    "data", "plots", "progress", "dashboard", "quiz", "checks", "widgets", "lessons", "spaced",
    "tables"
)  # fmt: skip


def review(n: int = 7, *, seed: int | None = None) -> Any:
    """Review the quiz questions due again, hardest first (see :mod:`course.spaced`)."""
    from course.spaced import review as _review

    return _review(n, seed=seed)


def _show_tables_plainly() -> None:
    """In a notebook, DataFrames show as accessible tables (:mod:`course.tables`)."""
    from course import tables

    tables.install()


_show_tables_plainly()


_MOVED = {"capstone": "course.lessons.l8.capstone"}
"""Modules that moved into a lesson's package, under the names older notebooks import."""


def __getattr__(name: str) -> Any:
    """Import a submodule the first time ``course.<name>`` is used."""
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _MOVED:
        return importlib.import_module(_MOVED[name])
    raise AttributeError(f"module 'course' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_SUBMODULES])
