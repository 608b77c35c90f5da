"""How the package is put together: one rule for lesson ids, and the layers kept apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course import ids

COURSE = Path(__file__).resolve().parent.parent / "course"
NUMBERING = [
    r'f"l\{',  # building "l3" by hand
    r'r"l\\d',  # matching "l3" by hand
    r"name\[:2\]\)",  # reading "03_" by hand
    r"\[1:\], key=int|int\(\w+\[1:\]\)|lesson\[1:\]",  # "l3" -> 3 by hand
    r'"\[0-9\]\[0-9\]_',  # the file pattern by hand
]


def test_lesson_numbering_lives_only_in_course_ids() -> None:
    found = [
        f"{path.relative_to(COURSE)}:{n}: {line.strip()}"
        for path in sorted(COURSE.rglob("*.py"))
        if path.name != "ids.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(re.search(pattern, line) for pattern in NUMBERING)
    ]
    assert not found, "use course.ids instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: ids.lesson_id(3), "l3"),
        (lambda: ids.number("l12"), 12),
        (lambda: ids.file_number("notebooks/03_society5.ipynb"), 3),
        (lambda: ids.prefix(4), "04_"),
        (lambda: ids.in_order(["l10", "l2", "l0"]), ["l0", "l2", "l10"]),
        (lambda: ids.is_lesson_id("l3x"), False),
    ],
)
def test_the_naming_rule(call, expected) -> None:
    assert call() == expected


def test_a_name_that_is_not_a_lesson_id_is_refused() -> None:
    with pytest.raises(ValueError, match="not a lesson id"):
        ids.number("lesson3")
