"""Lesson 4: the timeline explorer, the share helpers, the exercise checks and the quiz facts.

Every statement the lesson, the quiz or a check makes about the data is tested here
against ``course.data``, so a data update that changes the story fails loudly.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

import nbformat
import pytest

from course import data, plots, quiz
from course.lessons.l4 import analysis as l4
from course.lessons.l4 import tasks as checks

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = "sci_tech_journal_articles"


def _share(code: str, year: int) -> float:
    return data.value(ARTICLES, code, year) / data.value(ARTICLES, "WLD", year) * 100


def _first_year(series) -> int:
    return int(series[series].index.min())


# ---------------------------------------------------------------- helpers


def test_world_share_is_count_over_world_times_100() -> None:
    shares = l4.world_share_table(["Japan", "CHN", "Korea"])
    assert list(shares.columns) == ["JPN", "CHN", "KOR"]
    assert shares.index.min() == 1996 and shares.index.max() == 2023
    assert shares.loc[2008, "JPN"] == pytest.approx(_share("JPN", 2008))
    assert not shares.isna().any().any()


def test_world_share_years_and_vintages() -> None:
    assert list(l4.world_share_table("JPN", (2000, 2002)).index) == [2000, 2001, 2002]
    old = l4.world_share_table(["JPN", "CHN"], vintage="2014")
    assert old.index.max() == 2009  # the 2014 download stops there
    legacy = data.legacy(2014)
    row = legacy[(legacy.iso3.isin(["JPN", "WLD"])) & (legacy.year == 2000)].set_index("iso3")
    assert old.loc[2000, "JPN"] == pytest.approx(
        row.loc["JPN", ARTICLES] / row.loc["WLD", ARTICLES] * 100
    )
    with pytest.raises(data.DataError, match="no article shares"):
        l4.world_share_table("JPN", (1970, 1980))
    with pytest.raises(data.DataError, match="'current' or '2014'"):
        l4.world_share_table("JPN", vintage="1999")


def test_milestones_are_ordered_dated_and_sourced() -> None:
    years = [m.year for m in l4.MILESTONES]
    assert years == sorted(years)
    assert all(l4.FIRST <= y <= l4.LAST for y in years)
    assert {m.kind for m in l4.MILESTONES} == {"report", "programme", "event"}
    assert all(m.section and m.detail for m in l4.MILESTONES)
    table = l4.milestones()
    assert len(table) == len(l4.MILESTONES) and list(table.year) == years
    html = l4.milestone_table().to_html()
    assert all(escape(m.detail).replace("&#x27;", "&#39;") in html for m in l4.MILESTONES)
    reports = [m.name for m in l4.milestones_by(2010, "report")]
    assert reports == ["CSTP proposal", "CSTP report", "CSTP proposal", "task-force report"]
    assert [m.name for m in l4.milestones_by(2005, "programme")] == ["SICP"]


def test_charts_are_course_charts() -> None:
    chart = l4.world_share_chart(["JPN", "CHN"])
    assert isinstance(chart, plots.Chart) and chart.ax.get_ylabel() == "Share of world articles (%)"
    bars = l4.e_asia_chart(2012)
    assert "Japan (founder)" in bars.alt and "China (not a member)" in bars.alt


# ---------------------------------------------------------------- the explorer


@pytest.fixture
def widget():
    return l4.timeline()


def test_starts_in_2008_with_chart_and_finding(widget) -> None:
    assert base64.b64decode(widget.image)[:8] == b"\x89PNG\r\n\x1a\n"
    japan, china, korea = (_share(c, 2008) for c in ("JPN", "CHN", "KOR"))
    assert widget.finding == (
        f"2008: share of world journal articles — Japan {japan:.2f} %, China {china:.2f} %, "
        f"Korea {korea:.2f} %. Reports so far: CSTP proposal (2007), CSTP report (2008). "
        "Programmes so far: SICP (2003), SATREPS (2008), Dispatch of researchers (2008). "
        "New this year: G8 summit and TICAD IV, CSTP report, SATREPS, Dispatch of researchers."
    )
    assert "Dotted line at 2008" in widget.alt and "2000, 2003, 2007, 2008" in widget.alt
    assert {c["kind"] for c in widget.controls} == {"range", "checkboxes", "select"}
    vintages = next(c for c in widget.controls if c["name"] == "vintage")["options"]
    assert [label for _, label in vintages] == [
        "Current WDI (Scopus-based counts)",
        "WDI as downloaded in 2014 (NSF-sourced counts)",
    ]
    assert "year" not in widget.heading.casefold()  # the browser finds the slider by "Year"
    assert all(c["label"] for c in widget.controls)


def test_moving_the_year_adds_milestones_and_redraws(widget) -> None:
    before = widget.image
    widget.values = {**widget.values, "year": 2000}
    assert widget.image != before
    assert "Reports so far: none yet. Programmes so far: none yet." in widget.finding
    assert f"Japan {_share('JPN', 2000):.2f} %" in widget.finding
    widget.values = {**widget.values, "year": 2012}
    assert "e-ASIA JRP (2012)" in widget.finding and "4th Basic Plan (2011)" in widget.finding
    assert widget.finding.endswith("New this year: e-ASIA JRP, Abe government.")


def test_the_2014_download_stops_in_2009(widget) -> None:
    widget.values = {**widget.values, "vintage": "2014", "year": 2012}
    assert widget.finding.startswith(
        "2012: no share, because article counts in the 2014 download stop in 2009."
    )
    assert widget.image  # the chart still shows the years it has
    widget.values = {**widget.values, "year": 2009}
    assert widget.finding.startswith("2009: share of world journal articles — Japan ")


def test_ticking_the_united_states_adds_it(widget) -> None:
    widget.values = {**widget.values, "economies": ["JPN", "USA"], "year": 2013}
    assert f"United States {_share('USA', 2013):.2f} %" in widget.finding
    assert "China" not in widget.finding.split(". Reports")[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"economies": []}, "choose at least one economy"),
        ({"vintage": "1999"}, "'current' or '2014'"),
        ({"economies": ["Atlantis"]}, "Unknown country 'Atlantis'"),
    ],
)
def test_bad_choices_give_a_message(widget, change, message) -> None:
    widget.values = {**widget.values, **change}
    assert widget.finding.startswith("Nothing to show for this choice")
    assert message in widget.finding


# ---------------------------------------------------------------- the exercise tasks

SETUP = {
    "articles": lambda: data.table(ARTICLES, ["JPN", "CHN", "KOR", "WLD"], (1996, 2023)),
    "founders": lambda: ["IDN", "LAO", "MYS", "MMR", "PHL", "THA", "VNM"],
    "wanted": lambda: ["CHN", "KOR", "SGP", "USA"],
}
TASKS = [
    checks.world_share,
    checks.share_change,
    checks.china_passes,
    checks.e_asia_ratio,
    checks.share_chart,
]


@pytest.fixture(scope="module")
def solved() -> dict:
    """Run every task's solution code in order, as the solution notebook does."""
    namespace = {"data": data, "plots": plots, **{k: f() for k, f in SETUP.items()}}
    for task in TASKS:
        exec(task.solution_code, namespace)
    return namespace


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_each_solution_is_correct(task, solved, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    name = task.solution_code.split("=")[0].strip()
    result = task.check(solved[name])
    assert result.correct, result.message


@pytest.mark.parametrize("task", [t for t in TASKS if t.mistakes], ids=lambda t: t.id)
def test_typical_mistakes_are_explained(task, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    for mistake in task.mistakes:
        wrong = mistake.value()
        if task is checks.share_chart:  # the mistake is the table a wrong chart shows
            wrong = plots.line(wrong, title="Articles", y_label="Articles (%)", source="")
        result = task.check(wrong)
        assert not result.correct
        assert mistake.says in result.message


def test_unanswered_says_not_attempted(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    for task in TASKS:
        assert task.check(...).status == "unattempted"


def test_wrong_chart_is_explained(solved, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    chart = plots.line(solved["shares"], title="Shares", y_label="Share", source="x")
    assert "does not give the unit" in checks.share_chart.check(chart).message
    counts = plots.line(
        solved["articles"][["JPN", "CHN", "KOR"]], title="t", y_label="(%)", source=""
    )
    assert not checks.share_chart.check(counts).correct


def test_task_answers_and_notes_match_the_data(solved) -> None:
    shares = solved["shares"]
    assert int(shares["JPN"].idxmax()) == 1999  # "peaks in the late 1990s"
    assert (shares["JPN"].diff().loc[2000:] < 0).all()  # "then falls in every single year"
    assert solved["change"] < -3  # a fall of several points
    assert solved["passed"] == 2004 < 2008  # "years before the 2008 CSTP report"
    old = l4.world_share_table(["JPN", "CHN"], vintage="2014")
    assert _first_year(old.CHN > old.JPN) > solved["passed"]  # "the 2014 download puts it later"
    assert (shares["KOR"] < shares["JPN"]).all()  # "Korea never passes Japan"
    assert solved["ratio"] > 10


def test_solution_code_is_what_the_notebook_runs() -> None:
    nb = nbformat.read(ROOT / "solutions" / "04_st_diplomacy_exercise.ipynb", as_version=4)
    answers = [c for c in nb.cells if c.metadata.get("course", {}).get("role") == "answer"]
    assert [c.metadata["course"]["task"] for c in answers] == [t.id for t in TASKS]
    for cell, task in zip(answers, TASKS, strict=True):
        assert task.solution_code in cell.source


# ---------------------------------------------------------------- what the lesson says


def test_lesson_statements_match_the_data() -> None:
    counts = data.table(ARTICLES, ["JPN", "CHN", "KOR", "USA", "WLD"], (1996, 2023))
    shares = l4.world_share_table(["JPN", "CHN", "KOR", "USA"])
    # China passes Japan, and later the United States, in article counts.
    assert _first_year(counts.CHN > counts.JPN) < _first_year(counts.CHN > counts.USA)
    # Japan's count peaks in the mid-2000s and ends lower; the US count ends higher.
    peak = int(counts.JPN.idxmax())
    assert 2004 <= peak <= 2007 and counts.JPN[2023] < counts.JPN[peak]
    assert counts.USA[2023] > counts.USA[2005]
    # Korea grows but stays far below Japan; the world grows faster than Japan.
    assert counts.KOR[2023] > counts.KOR[1996] and (counts.KOR < counts.JPN).all()
    assert counts.WLD[2023] / counts.WLD[1996] > counts.JPN[2023] / counts.JPN[1996]
    # The US share falls too; Japan's keeps falling after 2013.
    assert shares.USA[2023] < shares.USA[1996]
    assert shares.JPN[2023] < shares.JPN[2013]
    # Most reports and programmes come after China's share passed Japan's.
    passed = _first_year(shares.CHN > shares.JPN)
    steps = [m for m in l4.MILESTONES if m.kind in ("report", "programme")]
    assert sum(m.year > passed for m in steps) > len(steps) / 2


def test_researcher_headcount_did_not_fall() -> None:
    japan = data.wide("JPN", ["population", "researchers_per_million"], (2005, 2023))
    people = japan.researchers_per_million * japan.population / 1e6
    assert 2005 < int(japan.population.idxmax()) < 2023  # the peak is inside the window
    assert people[2023] > people[2005]


def test_e_asia_statements_match_the_data() -> None:
    def total(codes) -> float:
        return sum(data.value(ARTICLES, c, 2012) for c in codes)

    others = [c for c in l4.E_ASIA_FOUNDERS if c != "JPN"]
    japan = data.value(ARTICLES, "JPN", 2012)
    assert japan > total(others)  # Japan alone beats the other founders together
    assert total(l4.E_ASIA_WANTED) > 4 * total(l4.E_ASIA_FOUNDERS)  # "many times more"
    assert others == checks.FOUNDERS and list(l4.E_ASIA_WANTED) == checks.WANTED


# ---------------------------------------------------------------- the quiz


def test_quiz_has_enough_questions_and_types() -> None:
    bank = quiz.validate(quiz.bank_path("l4"))
    assert len(bank) >= 8 and len({q.type for q in bank.questions}) >= 3
    notebook = nbformat.read(ROOT / "notebooks" / "04_st_diplomacy.ipynb", as_version=4)
    assert bank.title == notebook.metadata["course"]["title"]


def test_quiz_ordering_follows_the_milestones() -> None:
    years = {
        "sicp": "SICP",
        "cstp-report": "CSTP report",
        "sicorp": "SICORP",
        "task-force": "task-force report",
        "basic-plan": "4th Basic Plan",
        "easia": "e-ASIA JRP",
    }
    by_name = {m.name: m.year for m in l4.MILESTONES}
    question = quiz.load("l4")["timeline-order"]
    order = [item.id for item in question.items]
    assert order == sorted(years, key=lambda key: by_name[years[key]])
    for name in years.values():
        assert str(by_name[name]) in question.explanation


def test_quiz_data_statements_match_the_data() -> None:
    japan = {y: data.value(ARTICLES, "JPN", y) for y in (2000, 2012)}
    world = {y: data.value(ARTICLES, "WLD", y) for y in (2000, 2012)}
    assert japan[2012] > japan[2000]  # "a few more articles"
    assert japan[2012] / japan[2000] < 1.2
    assert 1.8 < world[2012] / world[2000] < 2.0  # "nearly doubled"
    assert _share("KOR", 2012) < _share("JPN", 2012)
    china = data.value(ARTICLES, "CHN", 2012)
    assert 2.8 < china / japan[2012] < 3.2  # "about three times"
    assert quiz.load("l4")["share-claim"].answer == "count-up-share-down"


def test_numeric_question_grades_from_the_data() -> None:
    question = quiz.resolve(quiz.load("l4"))["articles-change"]
    change = (data.value(ARTICLES, "JPN", 2023) - data.value(ARTICLES, "JPN", 2008)) / 1000
    assert change < 0  # the lesson: Japan's own count fell too
    assert quiz.grade(question, f"{change:.1f}").correct
    flipped = quiz.grade(question, f"{-change:.1f}")
    assert not flipped.correct and "wrong sign" in flipped.message


def _top(count: str, code: str) -> dict[int, float]:
    rows = data.sei(f"sei_top1_{count}", countries=[code])
    return dict(zip(rows.year, rows.value, strict=True))


def test_quality_statements_match_the_nsf_tables() -> None:
    """The lesson's and the quiz's figures on the top 1 % most-cited articles."""
    japan, whole = _top("fractional", "JPN"), _top("whole", "JPN")
    assert (min(japan.values()), max(japan.values())) == (0.43, 0.51)
    assert (japan[2020], whole[2020]) == (0.43, 0.97)
    assert all(whole[y] > japan[y] for y in japan) and whole[2020] > 2 * japan[2020]
    china = _top("fractional", "CHN")
    assert china[2020] > 1.0 > max(japan.values())
    assert china[2020] > _top("fractional", "KOR")[2020]
    question = quiz.load("l4")["top-cited"]
    assert "0.43" in question.prompt and "0.97" in question.prompt


def test_researcher_series_dips_in_the_survey_years() -> None:
    """The lesson points to dips in 2002 and 2008, years of NISTEP's time-use surveys."""
    fte = data.table("researchers_per_million", ["JPN"], (2000, 2009))["JPN"]
    assert fte[2002] < fte[2001] and fte[2008] < fte[2007]


def test_at_most_two_remember_questions_and_every_ordering_item_explained() -> None:
    bank = quiz.load("l4")
    assert sum(q.level == "remember" for q in bank.questions) <= 2
    order = bank["timeline-order"]
    assert all(item.feedback for item in order.items)
