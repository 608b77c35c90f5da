"""The explorer widget: what a learner's choices produce, computed from the real data."""

from __future__ import annotations

import base64

import pytest

from course import data
from course.lessons.l0 import analysis as l0


@pytest.fixture
def widget():
    return l0.compare()


def test_starts_with_a_chart_and_a_finding(widget) -> None:
    assert widget.finding.startswith("In 2015, Korea leads the 5 economies")
    assert base64.b64decode(widget.image)[:8] == b"\x89PNG\r\n\x1a\n"
    assert widget.alt.startswith("Line chart: Research and development expenditure.")
    assert "course-explorer" in widget._dom_classes


def test_finding_follows_the_data(widget) -> None:
    widget.values = {**widget.values, "year": 2023, "economies": ["JPN", "USA", "DEU"]}
    japan = data.value("rd_expenditure_pct_gdp", "JPN", 2023)
    usa = data.value("rd_expenditure_pct_gdp", "USA", 2023)
    assert usa > japan  # the United States edged past Japan in 2023
    assert widget.finding == (
        f"In 2023, United States leads the 3 economies with data at {usa:,.2f} % of GDP."
        f" Japan is number 2, at {japan:,.2f}."
    )


def test_changing_indicator_redraws(widget) -> None:
    before = widget.image
    widget.values = {**widget.values, "indicator": "pop_65plus_pct", "year": 2020}
    assert widget.image != before
    assert widget.finding.startswith("In 2020, Japan leads")
    assert "% of total population" in widget.finding


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"economies": []}, "choose at least one economy"),
        ({"year": 1990}, "Year to compare: 1990 is not possible with these choices"),
        ({"indicator": "no_such_thing"}, "Unknown indicator"),
        ({"economies": ["Atlantis"]}, "Unknown country 'Atlantis'"),
    ],
)
def test_bad_choices_give_a_message_not_an_error(widget, change, message) -> None:
    widget.values = {**widget.values, **change}
    assert message in widget.finding


def test_controls_are_labelled(widget) -> None:
    assert all(control["label"] for control in widget.controls)
    kinds = {control["kind"] for control in widget.controls}
    assert kinds == {"select", "checkboxes", "range"}
