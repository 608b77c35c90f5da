"""Lesson 3 (Society 5.0): the ageing explorer, the exercise tasks and the quiz's facts.

Everything is computed from the shipped data, so a data update that changes a fact the
lesson or the quiz states fails here first.
"""

from __future__ import annotations

import base64

import pandas as pd
import pytest
from kit import solve

from course import data, plots, quiz
from course.lessons.l3 import analysis as l3
from course.lessons.l3 import tasks as checks

SHARE = "pop_65plus_pct"


def first_year(code: str, threshold: float) -> int | None:
    series = data.table(SHARE, code)[code].dropna()
    reached = series[series >= threshold]
    return int(reached.index[0]) if len(reached) else None


# ---------------------------------------------------------------- crossings and the table


@pytest.mark.parametrize("code", ["JPN", "KOR", "CHN", "THA", "SGP", "RUS"])
def test_crossing_years_match_the_data(code: str) -> None:
    for threshold in (7, 14, 21):
        item = l3.crossing(code, threshold)
        assert item.year == first_year(code, threshold)
        assert not item.before_data
    assert l3.years_between(code) == first_year(code, 14) - first_year(code, 7)


def test_japan_ageing_dates() -> None:
    assert (l3.crossing("Japan", 7).year, l3.crossing("JPN", 14).year) == (1970, 1994)
    assert l3.crossing("JPN", 21).year == 2007
    assert l3.years_between("JPN") == 24


def test_early_ageing_economies_cannot_be_timed() -> None:
    for code in ("DEU", "FRA", "GBR", "USA"):
        item = l3.crossing(code, 7)
        assert item.before_data and item.year == item.first_year == 1960
        assert l3.years_between(code) is None


def test_not_yet_reached() -> None:
    item = l3.crossing("IND", 14)
    assert item.year is None and item.last_year == 2025
    assert item.last_value == pytest.approx(data.value(SHARE, "IND", 2025))
    assert l3.years_between("IND") is None


def test_table_says_what_the_lesson_reads_from_it() -> None:
    table = l3.ageing_table(["JPN", "KOR", "CHN", "THA", "DEU", "FRA", "USA"])
    assert list(table.index) == [
        "Japan",
        "Korea",
        "China",
        "Thailand",
        "Germany",
        "France",
        "United States",
    ]
    assert table.loc["Germany", "reached 7 %"] == "by 1960"
    assert table.loc["Korea", "reached 21 %"] == "not yet"
    assert table.loc["United States", "years from 7 % to 14 %"] == "unknown"
    # "Germany and France ... both became 'aged' before Japan did"
    assert first_year("DEU", 14) < first_year("JPN", 14)
    assert first_year("FRA", 14) < first_year("JPN", 14)
    # "became 'super-aged' before any of the others"
    others = ["KOR", "CHN", "THA", "DEU", "FRA", "USA"]
    assert all((first_year(c, 21) or 9999) > first_year("JPN", 21) for c in others)
    # "Korea, China and Thailand are now making the same journey even faster"
    for code in ("KOR", "CHN", "THA"):
        assert l3.years_between(code) < l3.years_between("JPN")
        assert table.loc[data.country_name(code), "years from 7 % to 14 %"] == str(
            l3.years_between(code)
        )


def test_lesson_claims_about_population_and_manufacturing() -> None:
    population = data.table("population", "JPN")["JPN"].dropna()
    peak = int(population.idxmax())
    assert peak > 2000 and population[1960] < population[peak], "grew for decades"
    assert (population.loc[peak + 1 :].diff().dropna() < 0).all(), "falling since the peak"
    latest = data.snapshot("medhightech_mva_pct_mva", ["JPN", "DEU", "KOR", "USA", "CHN"])
    value = latest["value"]
    assert min(value["Japan"], value["Germany"]) > max(value["United States"], value["China"])
    assert value["Korea"] > max(value["Japan"], value["Germany"])
    # "since the early 1990s, when the United States was level with Japan and Germany"
    early = data.table("medhightech_mva_pct_mva", ["JPN", "DEU", "USA"], 1990).iloc[0]
    assert min(early.JPN, early.DEU) < early.USA < max(early.JPN, early.DEU)
    # "two of the oldest large economies" (50 million people or more)
    ranked = data.rank(SHARE, 2025, n=40)
    big = [c for c in ranked.iso3 if data.value("population", c, 2025) >= 5e7]
    assert big[0] == "JPN" and "DEU" in big[:3]


# ---------------------------------------------------------------- the explorer


@pytest.fixture
def widget():
    return l3.ageing()


def test_explorer_starts_with_chart_and_finding(widget) -> None:
    assert base64.b64decode(widget.image)[:8] == b"\x89PNG\r\n\x1a\n"
    assert widget.alt.startswith("Line chart: Population aged 65 and above.")
    assert "Rings mark the year each line first reaches 14 %" in widget.alt
    assert widget.finding == l3.finding(14, list(l3.START))
    assert widget.finding.startswith("Reached 14 % aged 65+ ('aged'): Germany in 1972;")
    assert {c["kind"] for c in widget.controls} == {"select", "checkboxes"}
    assert all(c["label"] for c in widget.controls)


def test_finding_states_years_and_speed(widget) -> None:
    widget.values = {**widget.values, "threshold": "21", "economies": ["JPN", "KOR", "DEU"]}
    korea = data.value(SHARE, "KOR", 2025)
    assert widget.finding == (
        "Reached 21 % aged 65+ ('super-aged'): Japan in 2007; Germany in 2015; "
        f"Korea not yet ({korea:.1f} % in 2025). Years from 7 % to 14 %, fastest first: "
        "Korea 18, Japan 24. Germany had passed 7 % by the time the data begin, so that "
        "speed is unknown."
    )


def test_finding_groups_early_and_same_year(widget) -> None:
    widget.values = {**widget.values, "threshold": "7", "economies": ["DEU", "USA", "KOR", "CHN"]}
    assert widget.finding.startswith(
        "Reached 7 % aged 65+ ('ageing'): Germany and United States already by 1960, "
        "when the data begin; Korea and China in 2000."
    )


def test_finding_for_economies_still_young() -> None:
    text = l3.finding(14, ["IND", "VNM"])
    assert "The data cannot time the step from 7 % to 14 % for any of them." in text
    assert "India and Viet Nam have not reached 14 % yet." in text


def test_chart_marks_crossings_with_rings() -> None:
    chart = l3.chart(14, ["JPN", "KOR", "DEU"])
    rings = [ln for ln in chart.ax.get_lines() if ln.get_label() == "_crossing"]
    assert sorted(int(r.get_xdata()[0]) for r in rings) == [1972, 1994, 2018]
    legend = [t.get_text() for t in chart.ax.get_legend().get_texts()]
    assert legend == ["Japan", "Korea", "Germany"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"economies": []}, "choose at least one economy"),
        ({"threshold": "9"}, "choose one of the thresholds 7, 14, 21 %"),
        ({"economies": ["Atlantis"]}, "Unknown country 'Atlantis'"),
    ],
)
def test_bad_choices_give_a_message_not_an_error(widget, change, message) -> None:
    widget.values = {**widget.values, **change}
    assert widget.finding.startswith("Nothing to show for this choice")
    assert message in widget.finding


# ---------------------------------------------------------------- the exercise tasks


@pytest.mark.parametrize(
    "task",
    [checks.older_people, checks.population_peak, checks.aged_to_superaged, checks.ageing_chart],
    ids=lambda t: t.id,
)
def test_every_task_accepts_its_solution(task) -> None:
    result = task.check(solve(task))
    assert result.correct, result.message
    assert len(task.hints) == 3


def test_task_answers_are_what_the_lesson_says() -> None:
    assert checks.population_peak.expected() == 2010
    speed = checks.aged_to_superaged.expected()
    assert speed.to_dict() == {"JPN": 13, "DEU": 43, "FRA": 30, "ITA": 25}
    older = checks.older_people.expected()
    assert older.is_monotonic_increasing and len(older) == 66


def test_older_people_typical_mistakes() -> None:
    population = data.table("population", "JPN", (1960, 2025))["JPN"]
    share = data.table(SHARE, "JPN", (1960, 2025))["JPN"]
    forgot = checks.older_people.check(population * share)
    assert not forgot and "100 times too large" in forgot.message
    fraction = checks.older_people.check(share / 100)
    assert not fraction and "multiply by the total population" in fraction.message
    assert checks.older_people.check(...).status == "unattempted"


def test_population_peak_typical_mistakes() -> None:
    last = checks.population_peak.check(2025)
    assert not last and "aged 65+" in last.message
    smallest = checks.population_peak.check(1960)
    assert not smallest and "idxmin" in smallest.message
    total = data.table("population", "JPN")["JPN"].max()
    value = checks.population_peak.check(total)
    assert not value


def test_speed_typical_mistakes() -> None:
    shares = data.table(SHARE, ["JPN", "DEU", "FRA", "ITA"])
    reversed_ = (shares >= 14).idxmax() - (shares >= 21).idxmax()
    assert "wrong sign" in checks.aged_to_superaged.check(reversed_).message
    earlier = (shares >= 14).idxmax() - (shares >= 7).idxmax()
    assert "from 7 % to 14 %" in checks.aged_to_superaged.check(earlier).message
    names = pd.Series([13, 43, 30, 25], index=["Japan", "Germany", "France", "Italy"])
    assert not checks.aged_to_superaged.check(names)


def test_chart_typical_mistakes() -> None:
    three = data.table(SHARE, ["JPN", "DEU", "FRA"], (1960, 2025))
    chart = plots.line(three, title="t", y_label="% of total population", source="")
    assert "Some countries are missing" in checks.ageing_chart.check(chart).message
    four = data.table(SHARE, ["JPN", "DEU", "FRA", "ITA"], (1960, 2025))
    unlabelled = plots.line(four, title="t", y_label="Older people", source="")
    assert "does not give the unit" in checks.ageing_chart.check(unlabelled).message


# ---------------------------------------------------------------- the quiz's facts


def test_quiz_bank_size_and_types() -> None:
    bank = quiz.load("l3")
    assert len(bank) >= 8
    assert len({q.type for q in bank.questions}) >= 3


def test_quiz_aged_order_matches_the_data() -> None:
    question = quiz.load("l3")["aged-order"]
    codes = {"deu": "DEU", "gbr": "GBR", "jpn": "JPN", "usa": "USA", "kor": "KOR", "chn": "CHN"}
    years = {item: first_year(code, 14) for item, code in codes.items()}
    assert [i.id for i in question.items] == sorted(years, key=years.get)
    for year in years.values():
        assert str(year) in question.explanation


def test_quiz_speed_feedback_matches_the_data() -> None:
    question = quiz.load("l3")["speed"]
    right = question.choice("korea-faster").feedback
    assert l3.years_between("KOR") < l3.years_between("JPN")
    assert f"{l3.years_between('KOR')} years (2000 to 2018)" in right
    assert f"Japan {l3.years_between('JPN')} (1970 to 1994)" in right
    first = question.choice("japan-first").feedback
    assert "1972" in first and "1975" in first and "1994" in first
    assert first_year("DEU", 14) == 1972 and first_year("GBR", 14) == 1975
    assert l3.crossing("DEU", 7).before_data
    population = data.table("population", "JPN")["JPN"].dropna()
    assert int(population.idxmax()) == 2010
    assert (population.loc[2011:].diff().dropna() < 0).all() and population[2011] < population[2010]


def test_quiz_frozen_series_facts() -> None:
    """The lesson and the quiz: values repeated at the end of the series."""
    china = data.table("medhightech_mva_pct_mva", ["CHN"], (2008, 2022))["CHN"].round(2)
    japan = data.table("medhightech_mva_pct_mva", ["JPN"], (2019, 2022))["JPN"].round(2)
    assert set(china.loc[2008:2010]) == {41.38} and set(china.loc[2011:2022]) == {41.45}
    assert set(japan.loc[2020:2022]) == {54.67} and japan[2019] != 54.67
    question = quiz.load("l3")["frozen-series"]
    assert "41.45" in question.prompt and "54.67" in question.prompt


def test_quiz_levels_and_ordering_feedback() -> None:
    bank = quiz.load("l3")
    assert sum(q.level == "remember" for q in bank.questions) <= 2
    for q in bank.questions:
        if q.type == "ordering":
            assert all(item.feedback for item in q.items), q.id
    aged = bank["aged-order"]
    for item in aged.items:
        code = {"deu": "DEU", "gbr": "GBR", "jpn": "JPN", "usa": "USA", "kor": "KOR", "chn": "CHN"}
        assert str(first_year(code[item.id], 14)) in item.feedback


def test_population_peak_is_close_to_2008() -> None:
    """The lesson warns that the peak year depends on the source: 2008 is only a few
    thousand below the peak in these data."""
    population = data.table("population", "JPN")["JPN"].dropna()
    assert int(population.idxmax()) == 2010
    assert 0 < population[2010] - population[2008] < 10_000
