"""Lesson 2 on real data: the growth explorer, the exercise tasks, and the facts the text states."""

from __future__ import annotations

import base64
import math

import matplotlib
import pandas as pd
import pytest
from kit import solve

from course import data, plots, quiz
from course.checks import Task
from course.lessons.l2 import analysis as widget_module
from course.lessons.l2 import tasks as l2

matplotlib.use("Agg")

RD = "rd_expenditure_pct_gdp"
RESEARCHERS = "researchers_per_million"
ECONOMIES = ["JPN", "USA", "KOR", "DEU", "FRA", "GBR", "CHN", "OED"]


def change(code: str, start: int, end: int, indicator: str = RD) -> float:
    return data.value(indicator, code, end) - data.value(indicator, code, start)


# ------------------------------------------------------------------ the explorer


@pytest.fixture
def widget():
    return widget_module.growth()


def test_starts_with_a_two_panel_chart_and_a_finding(widget) -> None:
    assert widget.finding.startswith(
        "2000–2022, measured as difference (end minus start). R&D intensity, Japan: +"
    )
    assert base64.b64decode(widget.image)[:8] == b"\x89PNG\r\n\x1a\n"
    assert widget.alt.startswith("Line chart: R&D intensity.")
    assert "Line chart: Researchers." in widget.alt and "2000–2022 is shaded" in widget.alt
    assert {c["kind"] for c in widget.controls} == {"checkboxes", "range", "select"}
    assert all(c["label"] for c in widget.controls)


def test_default_finding_matches_the_data(widget) -> None:
    japan = change("JPN", 2000, 2022)
    assert f"R&D intensity, Japan: {japan:+.2f} points" in widget.finding
    peers = {code: change(code, 2000, 2022) for code in ["USA", "KOR", "DEU", "OED"]}
    assert all(value > japan for value in peers.values())  # every default peer grew more
    assert "More growth: Korea (+" in widget.finding
    assert widget.finding.count("Less growth: none.") == 2
    korea = change("KOR", 2000, 2022, RESEARCHERS)
    assert f"Korea (+{korea:,.0f})" in widget.finding


def test_the_answer_depends_on_the_period(widget) -> None:
    widget.values = {**widget.values, "start": 1996, "end": 2008}
    japan = change("JPN", 1996, 2008)
    assert change("KOR", 1996, 2008) > japan > change("USA", 1996, 2008)
    assert japan > max(change("DEU", 1996, 2008), change("OED", 1996, 2008))
    assert f"Japan: {japan:+.2f} points" in widget.finding
    assert "More growth: Korea (+0.73). Less growth: Germany (+0.43)" in widget.finding


def test_per_cent_change_and_missing_years(widget) -> None:
    widget.values = {**widget.values, "peers": ["CHN", "USA"], "end": 2023, "measure": "percent"}
    japan = (data.value(RD, "JPN", 2023) / data.value(RD, "JPN", 2000) - 1) * 100
    china = (data.value(RD, "CHN", 2023) / data.value(RD, "CHN", 2000) - 1) * 100
    assert f"Japan: {japan:+.0f}%" in widget.finding and f"China (+{china:.0f}%)" in widget.finding
    assert math.isnan(data.value(RESEARCHERS, "USA", 2023))
    assert "No figure for 2000 or 2023: United States." in widget.finding


@pytest.mark.parametrize(
    ("change_to", "message"),
    [
        ({"peers": []}, "choose at least one economy"),
        ({"peers": ["JPN"]}, "choose at least one economy"),
        ({"measure": "ratio"}, "measure change as one of: difference, percent"),
        ({"peers": ["Atlantis"]}, "Unknown country 'Atlantis'"),
    ],
)
def test_bad_choices_give_a_message_not_an_error(widget, change_to, message) -> None:
    widget.values = {**widget.values, **change_to}
    assert widget.finding.startswith("Nothing to show for this choice:")
    assert message in widget.finding


def test_start_stays_before_end(widget) -> None:
    """Moving the end year before the start moves the start, and the finding says so."""
    widget.values = {**widget.values, "end": 1999}
    assert widget.values["start"] == 1998 and widget.values["end"] == 1999
    assert widget.finding.startswith("Start year: 2000 is not possible with these choices")
    start = next(c for c in widget.controls if c["name"] == "start")
    assert start["high"] == 1998 and widget.image


def test_changes_table_is_the_data() -> None:
    table = widget_module.changes(RD, ECONOMIES, 2000, 2023)
    assert list(table.columns) == ["2000", "2023", "difference", "percent"]
    assert table.index[0] == "Japan" and table.index[-1] == "OECD members"
    assert table.loc["Korea", "difference"] == pytest.approx(change("KOR", 2000, 2023))
    researchers = widget_module.changes(RESEARCHERS, ["JPN", "USA"], 2000, 2023)
    assert math.isnan(researchers.loc["United States", "difference"])  # no figure, not zero


def test_side_by_side_chart_has_both_panels() -> None:
    chart = widget_module.side_by_side(["JPN", "KOR"], (2005, 2015))
    assert isinstance(chart, plots.Chart) and len(chart.fig.axes) == 2
    left, right = chart.fig.axes
    assert left.get_ylabel() == "R&D expenditure (% of GDP)"
    assert right.get_ylabel() == "Researchers (per million people)"
    japan = next(line for line in left.get_lines() if line.get_label() == "Japan")
    assert japan.get_color() == plots.JAPAN_COLOUR
    assert "Korea" in chart.alt and "GB.XPD.RSDV.GD.ZS" in chart.source


# ------------------------------------------------------------------ the exercise tasks


TASKS = [l2.rd_gap, l2.gap_change, l2.outpaced, l2.researchers_chart, l2.public_rd]


@pytest.mark.parametrize("t", TASKS, ids=[t.id for t in TASKS])
def test_each_solution_is_right(t: Task) -> None:
    result = t.check(solve(t))
    assert result.correct, result.message


@pytest.mark.parametrize("t", TASKS, ids=[t.id for t in TASKS])
def test_each_unanswered_task_is_not_attempted(t: Task) -> None:
    assert t.check(...).status == "unattempted"


def gap() -> pd.Series:
    table = data.table(RD, ["JPN", "OED"], (2000, 2023))
    return table.JPN - table.OED


def test_gap_mistakes_are_explained() -> None:
    table = data.table(RD, ["JPN", "OED"], (2000, 2023))
    assert "sign" in l2.rd_gap.check(table.OED - table.JPN).message
    assert "ratio" in l2.rd_gap.check(table.JPN / table.OED).message
    assert "Series" in l2.rd_gap.check(gap().tolist()).message


def test_gap_change_mistakes_are_explained() -> None:
    g = gap()
    assert l2.gap_change.check(g[2023] - g[2000]).correct
    assert "wrong sign" in l2.gap_change.check(g[2000] - g[2023]).message
    assert "times larger" in l2.gap_change.check(g[2023] / g[2000]).message
    assert "Japan's own" in l2.gap_change.check(change("JPN", 2000, 2023)).message


def test_outpaced_accepts_names_and_explains_mistakes() -> None:
    right = ["Korea", "China", "United Kingdom", "United States", "Germany"]
    assert l2.outpaced.check(right).correct
    assert l2.outpaced.check(["KOR", "CHN", "GBR", "USA", "DEU"]).correct
    slower = l2.outpaced.check(["FRA", "RUS"])
    assert not slower.correct and "rose by less" in slower.message
    assert "Not expected: 'France'" in l2.outpaced.check([*right, "France"]).message
    assert "1 expected item missing" in l2.outpaced.check(right[:-1]).message


def test_researchers_chart_mistakes_are_explained() -> None:
    table = data.table(RESEARCHERS, ["JPN", "KOR", "DEU", "OED"], (2000, 2022))
    raw = plots.line(table, title="Researchers", y_label="Index (2000 = 100)", source="WDI")
    assert "raw numbers" in l2.researchers_chart.check(raw).message
    indexed = table / table.loc[2000] * 100
    unlabelled = plots.line(indexed, title="Researchers", y_label="Researchers", source="WDI")
    assert "does not give the unit" in l2.researchers_chart.check(unlabelled).message
    short = plots.line(indexed[["JPN", "KOR"]], title="R", y_label="Index", source="WDI")
    assert "No line for 'Germany', 'OECD members'" in l2.researchers_chart.check(short).message


# ------------------------------------------------------------------ facts the lesson states


def test_reading_the_bar_chart_matches_the_data() -> None:
    """'only France added less' than Japan in 2000–2023, among the economies shown."""
    japan = change("JPN", 2000, 2023)
    less = [code for code in ECONOMIES[1:] if change(code, 2000, 2023) < japan]
    assert less == ["FRA"]


def test_the_two_periods_match_the_explorer_text() -> None:
    """Step 2: 'Japan kept pace before 2008 and stalled after it' (default peers)."""
    peers = ["USA", "KOR", "DEU", "OED"]
    japan_early, japan_late = change("JPN", 1996, 2008), change("JPN", 2008, 2022)
    assert [c for c in peers if change(c, 1996, 2008) > japan_early] == ["KOR"]
    assert all(change(c, 2008, 2022) > japan_late for c in peers)


def test_quiz_gap_statements_match_the_data() -> None:
    g = gap()
    assert (g > 0).all(), "Japan above the OECD aggregate in every year"
    assert change("JPN", 2000, 2023) < change("OED", 2000, 2023)
    assert int(g.idxmax()) == 2007 and int(g.idxmin()) == 2020
    explanation = quiz.load("l2")["gap-since-2000"].explanation
    assert "widest in 2007" in explanation and "narrowest in 2020" in explanation
    assert data.value(RD, "JPN", 2000) > data.value(RD, "OED", 2000)


def test_exercise_notes_match_the_data() -> None:
    assert l2.gap_change.expected() < 0, "the lead narrowed"
    assert len(l2.outpaced.expected()) > len(data.COMPARATORS) / 2, "most comparators"
    indexed = l2.researchers_chart.expected()
    assert indexed.loc[2022].idxmin() == "JPN", "Japan's indexed line is the flattest"


def test_population_shrinks_as_the_text_says() -> None:
    population = data.table("population", "JPN", (2010, 2024))["JPN"]
    assert population.loc[2024] < population.max()


def test_quiz_bank_has_enough_questions_and_types() -> None:
    bank = quiz.validate(quiz.bank_path("l2"))
    assert len(bank) >= 8 and len({q.type for q in bank.questions}) >= 3
    order = [item.id for item in bank["timeline"].items]
    assert order == ["cst", "basic-law", "cstp", "nuc", "csti", "fund"]
    levels = [q.level for q in bank.questions]
    assert levels.count("remember") <= 2 and levels.count("analyse") >= 3


# ------------------------------------------------------------------ targets and who pays


def test_the_four_per_cent_target_was_never_reached() -> None:
    """'Japan never reached 4 %; among these economies only Korea did.'"""
    rd = data.table(RD, ["JPN", "KOR", "USA", "DEU", "OED"], (2010, 2023))
    reached = rd.columns[(rd >= 4).any()].tolist()
    assert reached == ["KOR"]


def test_public_share_matches_the_text() -> None:
    table = widget_module.public_share(["JPN", "USA", "KOR", "DEU", "FRA", "GBR", "CHN"])
    assert (table["year"] == 2021).all()
    business = table["funded by business (%)"]
    assert business.idxmax() == "Japan" and business["Japan"] > 75  # "over three quarters"
    assert business["Japan"] - business["China"] < 0.5  # "level with China's"
    public = table["government-funded R&D (% of GDP)"]
    assert public["Japan"] == pytest.approx(0.155 * data.value(RD, "JPN", 2021))
    assert 0.45 < public["Japan"] < 0.55  # "about half of one per cent"
    assert public["Japan"] < 0.6 * min(public["Korea"], public["Germany"])  # "well below"
    assert abs(public["Japan"] - public["United Kingdom"]) < 0.1  # "close to"
    assert abs(public["Japan"] - public["China"]) < 0.1
    quiz_text = quiz.load("l2")["public-share"].explanation
    assert "78 %" in quiz_text and "15 %" in quiz_text


def test_budget_share_matches_the_text() -> None:
    shares = widget_module.budget_share("JPN", 2019)
    assert 0.4 < shares["R&D funded by government"] < 0.5  # "a little under half"
    assert 0.7 < shares["government R&D budget (GBARD)"] < 0.8  # "about three quarters"
    assert shares["all R&D"] == pytest.approx(data.value(RD, "JPN", 2019))


def test_public_rd_task_agrees_with_the_lesson_table() -> None:
    table = widget_module.public_share(["JPN"])
    assert l2.public_rd.expected() == pytest.approx(
        table.loc["Japan", "government-funded R&D (% of GDP)"]
    )
    assert "divide it by 100" in l2.public_rd.check(l2.public_rd.expected() * 100).message


def test_points_and_per_cent_for_china_and_japan() -> None:
    """'China added a few times as many points as Japan, but grew many times faster in per cent.'"""
    table = widget_module.changes(RD, ["JPN", "CHN"], 2000, 2023)
    points = table.loc["China", "difference"] / table.loc["Japan", "difference"]
    per_cent = table.loc["China", "percent"] / table.loc["Japan", "percent"]
    assert 2 < points < 4 and per_cent > 6


def test_uk_rise_happened_in_its_two_break_years() -> None:
    """'Almost all of the UK's rise since 2000 happened in those two single years.'"""
    steps = sum(change("GBR", year - 1, year) for year in widget_module.BREAKS["GBR"])
    assert steps > 0.9 * change("GBR", 2000, 2023)
    labels = widget_module.mark_breaks(
        widget_module.changes(RD, ["JPN", "GBR"], 2000, 2023)["difference"], 2000, 2023
    ).index
    assert list(labels) == ["Japan", "United Kingdom (break)"]


def test_the_finding_warns_about_breaks_only_when_they_fall_inside() -> None:
    assert "break for United Kingdom (2014 and 2018)" in widget_module.finding(["GBR"], 2000, 2022)
    assert "break for United Kingdom (2018)" in widget_module.finding(["GBR"], 2015, 2022)
    assert "Caution" not in widget_module.finding(["GBR", "USA"], 2000, 2013)
    assert "Caution" not in widget_module.finding(["USA"], 2000, 2022)
