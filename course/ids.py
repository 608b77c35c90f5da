"""Lesson ids and numbers: the one place the course's naming rule is written.

A lesson has a number (0-8), an id ``"l<number>"`` (its quiz bank, checker module and
widget module are named by it, and its tasks ``"l3.<name>"``), and files whose names
start with the number in two digits (``notebooks/03_society5.ipynb``,
``solutions/03_society5_exercise.ipynb``). Imports nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

ID_TEXT = r"l\d+"  # a lesson id inside a larger regular expression (no group)
ID = re.compile(r"l(\d+)")
FILE_PATTERN = "[0-9][0-9]_*.ipynb"  # a lesson's notebook, solution or exercise


def lesson_id(number: int) -> str:
    """``3`` -> ``"l3"``."""
    return f"l{int(number)}"


def is_lesson_id(name: str) -> bool:
    """Whether ``name`` is a lesson id (``"l3"``), not any other name."""
    return ID.fullmatch(name) is not None


def number(lesson: str) -> int:
    """``"l3"`` -> ``3``; a ValueError for anything else."""
    found = ID.fullmatch(lesson)
    if found is None:
        raise ValueError(f"{lesson!r} is not a lesson id (l0, l1, …)")
    return int(found.group(1))


def prefix(number: int) -> str:
    """The start of a lesson's file names: ``3`` -> ``"03_"``."""
    return f"{int(number):02d}_"


def file_number(path: str | Path) -> int:
    """The lesson number a course file is named by: ``03_society5.ipynb`` -> ``3``."""
    return int(Path(path).name[:2])


def in_order(lessons: list[str]) -> list[str]:
    """Lesson ids sorted by number (``l10`` after ``l9``)."""
    return sorted(lessons, key=number)
