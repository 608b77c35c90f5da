"""Every explorer of every lesson, driven through a grid of control values: each choice shows
a chart or a one-line reason, never an empty area, and range controls keep to the values that
have data (a year without data moves to the nearest one, and the finding says so)."""

from __future__ import annotations

import importlib
import itertools

import pytest

from course import lessons

EXPLORERS = [
    (lesson, name)
    for lesson in (f"l{n}" for n in range(9))
    for name in sorted(lessons._explorer_names(lesson))
]


def _grid(controls: list[dict]) -> list[dict]:
    """The defaults, then each control through its extremes and options, one at a time, then
    a few combinations of extremes."""
    default = {c["name"]: c["value"] for c in controls}
    choices: dict[str, list] = {}
    for c in controls:
        if c["kind"] == "select":
            choices[c["name"]] = [value for value, _ in c["options"]]
        elif c["kind"] == "checkboxes":
            options = [value for value, _ in c["options"]]
            choices[c["name"]] = [[], options[:1], options[-1:], options]
        else:
            low, high = c["low"], c["high"]
            choices[c["name"]] = [low, high, (low + high) // 2, low - 5, high + 5]
    grid = [default]
    for name, values in choices.items():
        grid += [{**default, name: value} for value in values]
    ranges = [c["name"] for c in controls if c["kind"] == "range"]
    for ends in itertools.product(*[(choices[r][0], choices[r][1]) for r in ranges]):
        grid.append({**default, **dict(zip(ranges, ends, strict=True))})
    return grid


@pytest.mark.parametrize(
    ("lesson", "name"), EXPLORERS, ids=[f"{lesson}.{name}" for lesson, name in EXPLORERS]
)
def test_every_choice_shows_a_chart_or_a_reason(lesson: str, name: str) -> None:
    widget = getattr(importlib.import_module(f"course.lessons.{lesson}.analysis"), name)()
    for values in _grid(list(widget.controls)):
        widget.values = values
        finding = widget.finding.strip()
        assert finding and "\n" not in finding, (values, finding)
        if not widget.image:
            assert "Nothing to show for this choice" in finding, (values, finding)
        assert widget.alt or not widget.image, values
        for control in widget.controls:
            if control["kind"] == "range":
                value = widget.values[control["name"]]
                assert control["low"] <= value <= control["high"], (values, control)


def test_explorers_are_found() -> None:
    assert {"l0", "l2", "l5", "l7"} <= {lesson for lesson, _ in EXPLORERS}


def test_a_year_without_data_moves_and_says_so() -> None:
    from course.lessons.l5 import analysis as l5

    widget = l5.leaders()
    widget.values = {**widget.values, "measure": "medhightech_exports_pct_manuf_exports"}
    year = next(c for c in widget.controls if c["name"] == "year")
    assert widget.values["year"] == year["high"] < 2024
    assert widget.finding.startswith("Year: 2024 is not possible") and widget.image
