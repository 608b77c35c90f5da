"""Lesson 8 (the capstone): the evidence explorer, the checks, the quiz and the lesson's claims.

Real data throughout. The explorer's evidence sentence is tested against values read
with ``course.data``; every statement the lesson, the quiz and the check notes make
about the data is tested here too. The brief's self-check is in ``test_capstone.py``.
"""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pytest

from course import data, lessons, plots, quiz
from course.lessons.l8 import analysis as model
from course.lessons.l8 import capstone
from course.lessons.l8 import tasks as l8

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "08_capstone.ipynb"
RD = "rd_expenditure_pct_gdp"
RESEARCHERS = "researchers_per_million"
FIVE = ["JPN", "USA", "CHN", "KOR", "DEU"]


# ------------------------------------------------------------------ the evidence sentence


def test_sentence_for_the_default_choice_matches_the_data() -> None:
    sentence = model.evidence_sentence(RD, FIVE, 2000, 2023)
    old, new = data.value(RD, "JPN", 2000), data.value(RD, "JPN", 2023)
    assert sentence.startswith(
        f"From 2000 to 2023, Japan's R&D expenditure rose from {old:.2f} to {new:.2f} % of GDP"
    )
    assert f"+{new - old:.2f} percentage points" in sentence
    assert f"+{(new / old - 1) * 100:.0f} %" in sentence
    ranked = data.snapshot(RD, FIVE, 2023)["value"].sort_values(ascending=False)
    place = list(ranked.index).index("Japan") + 1
    assert place == 3 and "in 2023 it was the 3rd highest of the 5 countries chosen." in sentence
    assert "Note" not in sentence


def test_subject_is_japan_when_ticked_else_the_first_economy() -> None:
    assert model.evidence_sentence(RD, ["KOR", "JPN"], 2000, 2023).count("Japan's") == 1
    sentence = model.evidence_sentence(RESEARCHERS, ["KOR", "DEU"], 2000, 2023)
    assert sentence.startswith(
        "From 2000 to 2023, Korea's full-time-equivalent (FTE) researchers rose"
    )
    assert "it was the highest of the 2 countries chosen" in sentence


def test_missing_years_at_either_end_are_named_and_skipped() -> None:
    sentence = model.evidence_sentence(RD, ["JPN", "KOR"], 1990, 2025)
    first = int(data.table(RD, "JPN").dropna().index[0])
    last, _ = data.latest(RD, "JPN")
    assert sentence.startswith(f"From {first} to {last}, Japan's")
    assert f"Japan has no figure for 1990–{first - 1} and {last + 1}–2025" in sentence


def test_economies_without_a_figure_in_the_last_year_are_counted_apart() -> None:
    assert data.value(RESEARCHERS, "USA", 2023) != data.value(RESEARCHERS, "USA", 2023)  # NaN
    sentence = model.evidence_sentence(RESEARCHERS, ["JPN", "KOR", "USA"], 2000, 2023)
    assert "the lowest of the 2 countries chosen that report a figure for that year" in sentence
    assert "(you chose 3)" in sentence


def test_money_is_scaled_and_carries_the_dollar_warning() -> None:
    sentence = model.evidence_sentence("gdp_usd", ["JPN"], 2012, 2015)
    old, new = data.value("gdp_usd", "JPN", 2012), data.value("gdp_usd", "JPN", 2015)
    assert f"fell from {old / 1e12:.2f} to {new / 1e12:.2f} trillion current US dollars" in sentence
    assert "(-28 %)" in sentence and "exchange rates" in sentence
    assert "ranked" not in sentence and "highest" not in sentence  # one economy: no ranking


def test_groups_are_left_out_of_the_ranking_and_flagged() -> None:
    sentence = model.evidence_sentence(RD, ["JPN", "KOR", "OED"], 2000, 2023)
    assert "it was the lowest of the 2 countries chosen" in sentence
    assert "OECD members is a group of economies, not a country, so the ranking" in sentence
    two = model.evidence_sentence(RD, ["JPN", "KOR", "OED", "WLD"], 2000, 2023)
    assert "OECD members and World are groups of economies, not countries" in two
    alone = model.evidence_sentence(RD, ["OED", "JPN"], 2000, 2023)
    assert "it was" not in alone  # Japan is the subject, but there is no other country
    group = model.evidence_sentence(RD, ["OED", "WLD"], 2000, 2023)
    assert group.startswith("From 2000 to 2023, OECD members' R&D") and "it was" not in group


def test_a_country_alone_with_data_says_so() -> None:
    sentence = model.evidence_sentence(RESEARCHERS, ["KOR", "USA"], 2000, 2023)
    assert "no other country chosen reports a figure for 2023" in sentence


def test_a_net_flow_that_turns_negative_gets_no_per_cent_change() -> None:
    sentence = model.evidence_sentence("oda_received_net_usd", ["CHN"], 1990, 2023)
    assert data.value("oda_received_net_usd", "CHN", 2023) < 0
    assert "%" not in sentence.split(".")[0] + sentence.split(".")[1].split(";")[0]
    assert model.percent_change(2.0, -1.0) != model.percent_change(2.0, -1.0)  # NaN


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [(2.0, 3.0, "+1.00 percentage points, or +50 %"), (20.0, 21.0, "+1.0 percentage points")],
)
def test_points_and_per_cent_are_both_given(old: float, new: float, says: str) -> None:
    assert says in model._change("Japan", "share", "% of GDP", 2000, 2001, old, new)


def test_too_few_years_says_so_instead_of_failing() -> None:
    sentence = model.evidence_sentence("sci_tech_journal_articles", ["JPN"], 2024, 2025)
    assert sentence.startswith("Japan has no figure for its output of scientific")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((RD, FIVE, 2020, 2010), "the start year (2020) must come before the end year (2010)"),
        ((RD, FIVE, 2015, 2015), "must come before"),
        ((RD, [], 2000, 2023), "tick at least one economy"),
        (("rd_spending", FIVE, 2000, 2023), "Unknown indicator 'rd_spending'"),
    ],
)
def test_impossible_choices_raise_a_kind_data_error(args: tuple, message: str) -> None:
    with pytest.raises(data.DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        model.evidence_sentence(*args)


@pytest.mark.parametrize(
    ("number", "word"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (21, "21st")],
)
def test_ordinals(number: int, word: str) -> None:
    assert model._ordinal(number) == word


# ------------------------------------------------------------------ the widget


@pytest.fixture
def widget():
    return model.evidence()


def test_widget_starts_with_the_default_sentence_and_a_chart(widget) -> None:
    assert widget.finding == model.evidence_sentence(RD, FIVE, 2000, 2023)
    assert base64.b64decode(widget.image)[:8] == b"\x89PNG\r\n\x1a\n"
    assert widget.alt.startswith("Line chart: Research and development expenditure. % of GDP")
    assert [c["kind"] for c in widget.controls] == ["select", "checkboxes", "range", "range"]
    assert all(control["label"] for control in widget.controls)
    options = dict(widget.controls[0]["options"])
    assert set(options) == set(model.INDICATORS) and set(options) <= set(data.indicators().index)


def test_widget_follows_each_control(widget) -> None:
    widget.values = {**widget.values, "indicator": RESEARCHERS, "economies": ["KOR", "DEU"]}
    assert widget.finding == model.evidence_sentence(RESEARCHERS, ["KOR", "DEU"], 2000, 2023)
    widget.values = {**widget.values, "start": 2010, "end": 2020}
    assert widget.finding.startswith("From 2010 to 2020, Korea's full-time-equivalent (FTE)")
    assert "2010–2020" in widget.alt


def test_widget_orders_economies_as_listed_whatever_the_tick_order(widget) -> None:
    widget.values = {**widget.values, "economies": ["KOR", "USA"]}
    assert widget.finding.startswith("From 2000 to 2023, the United States' R&D expenditure")
    sentence = model.evidence_sentence(RD, ["USA"], 1990, 2025)
    assert "The United States has no figure for 1990–1995" in sentence
    assert model.evidence_sentence(RD, ["OED"], 2000, 2023).startswith(
        "From 2000 to 2023, OECD members' R&D"
    )


def test_start_stays_before_end(widget) -> None:
    widget.values = {**widget.values, "end": 1999}
    assert widget.values["start"] < widget.values["end"] == 1999 and widget.image
    assert widget.finding.startswith("Start year: 2000 is not possible with these choices")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"economies": []}, "tick at least one economy"),
    ],
)
def test_bad_choices_give_a_message_and_no_chart(widget, change, message) -> None:
    widget.values = {**widget.values, **change}
    assert widget.finding.startswith("Nothing to show for this choice: ")
    assert message in widget.finding and widget.image == ""


def test_chart_marks_the_chosen_years() -> None:
    chart, _ = model._render({"indicator": RD, "economies": FIVE, "start": 2005, "end": 2015})
    assert isinstance(chart, plots.Chart)
    marks = [line.get_xdata() for line in chart.ax.get_lines() if line.get_color() == "#444444"]
    marked = sorted(int(x[0]) for x in marks if len(x) == 2 and x[0] == x[1])
    assert marked == [2005, 2015]


# ------------------------------------------------------------------ the checks


TASKS = [l8.rd_growth, l8.gap_narrowed, l8.spending, l8.spending_chart]


def test_other_slips_get_specific_feedback() -> None:
    assert "sign" in l8.gap_narrowed.check(-l8.gap_narrowed.expected()).message
    assert "100 times too small" in l8.rd_growth.check(l8.rd_growth.expected() / 100).message
    table = l8.spending.expected()
    assert l8.spending.check(table.rename(columns={"JPN": "Japan"})).status == "wrong"
    in_billions = plots.line(
        table / 1e9, title="R&D", y_label="R&D (billion current US$)", source=""
    )
    assert l8.spending_chart.check(in_billions).correct
    unlabelled = plots.line(table / 1e9, title="R&D", y_label="R&D (current US$)", source="")
    assert "billion times too small" in l8.spending_chart.check(unlabelled).message


def test_notes_shown_after_a_correct_answer_are_true() -> None:
    growth = l8.rd_growth.expected()
    points = data.value(RD, "JPN", 2023) - data.value(RD, "JPN", 2000)
    assert points < 1 and 15 < growth < 25  # "well under one point ... about a fifth"
    gap = {year: data.value(RD, "JPN", year) - data.value(RD, "CHN", year) for year in (2000, 2023)}
    assert gap[2023] > 0 and gap[2023] < gap[2000] / 2  # "larger share ... less than half"
    spending = l8.spending.expected()
    passed = int((spending.CHN > spending.JPN).idxmax())
    assert 2010 <= passed <= 2014 and (spending.loc[passed:].CHN > spending.loc[passed:].JPN).all()
    assert spending.JPN[2015] < spending.JPN[2012]  # "falls after 2012"
    assert data.value(RD, "JPN", 2015) > data.value(RD, "JPN", 2012)  # "although ... rose"


# ------------------------------------------------------------------ the lesson's claims


def test_what_the_dollar_example_is_said_to_show() -> None:
    gdp = data.table("gdp_usd", "JPN", (2012, 2015))["JPN"]
    assert gdp[2015] < 0.75 * gdp[2012]  # "more than a quarter"
    assert data.value(RD, "JPN", 2015) > data.value(RD, "JPN", 2012)  # "rose"


def test_what_chart_1_is_said_to_show() -> None:
    rd = data.table(RD, FIVE, (2000, 2023))
    assert rd.JPN[2023] > rd.JPN[2000]  # "rose gently"
    assert int((rd.KOR > rd.JPN).idxmax()) == 2010  # "passed Japan's around 2010"
    assert (rd.loc[2010:].KOR > rd.loc[2010:].JPN).all()
    assert (rd.CHN < rd.JPN).all()  # "stays below Japan's"
    assert abs(rd.USA[2023] - rd.JPN[2023]) < 0.05  # "drew level by the end"


def test_what_chart_2_is_said_to_show() -> None:
    table = data.table(RESEARCHERS, ["JPN", "KOR", "CHN", "DEU"], (2000, 2023))
    index = 100 * table / table.loc[2000]
    assert index.JPN.between(90, 115).all()  # "stays close to 100 ... grew only a little"
    assert index.KOR[2023] > 300 and index.CHN[2023] > 300  # "climb far above it"
    assert index.DEU.is_monotonic_increasing or index.DEU[2023] > 150  # "grows steadily"
    assert table.CHN[2023] < table.JPN[2023] / 2  # "still far fewer ... than Japan"


def test_questions_table_names_real_indicators() -> None:
    notebook = nbformat.read(LESSON, as_version=4)
    table = next(c.source for c in notebook.cells if "## Questions the course raised" in c.source)
    named = set(__import__("re").findall(r"`([a-z0-9_]+)`", table))
    assert named - {"oda"} <= set(data.indicators().index)


# ------------------------------------------------------------------ quiz and notebook


def test_quiz_has_many_types_levels_and_true_premises() -> None:
    bank = quiz.load("l8")
    assert len(bank) >= 8 and len({q.type for q in bank.questions}) >= 5
    levels = [q.level for q in bank.questions]
    assert levels.count("remember") <= 2 and levels.count("analyse") >= 3
    assert not any(q.type == "numeric" and q.answer_from for q in bank.questions)  # no look-ups
    market = model.market_and_ppp(["JPN", "CHN"], 2021)
    at_market, in_ppp = market.iloc[:, 0], market.iloc[:, 1]
    assert round(at_market.China / at_market.Japan, 1) == 2.5  # "about 2.5 times"
    assert round(in_ppp.China / in_ppp.Japan, 1) == 3.8  # "about 3.8 times"
    old = [data.value("pop_65plus_pct", "JPN", year) for year in (2000, 2023)]
    assert 16.5 < old[0] < 17.5 and 29 < old[1] < 30  # "about 17 % to almost 30 %"
    numbers = capstone.example_numbers()
    assert numbers["cost_share"] < 1  # the feasible choice: "under 1 % of what Japan spends"
    assert quiz.grade(bank["fte"], "0.4").correct and not quiz.grade(bank["fte"], "1").correct


def test_the_market_and_ppp_table_is_read_right() -> None:
    table = model.market_and_ppp(["JPN", "CHN", "KOR", "USA", "DEU"], 2021)
    ratio = table["PPP ÷ market"]
    assert abs(ratio.Japan - 1) < 0.05  # "Japan's two figures are close"
    assert 1.4 < ratio.China < 1.6  # "about half as large again"
    assert 1.25 < ratio.Korea < 1.4  # "about a third larger"
    assert "$" not in " ".join(table.columns)


def test_the_worked_example_keeps_to_what_its_sources_say() -> None:
    text = capstone.example_brief()
    numbers = capstone.example_numbers()
    assert "65+ share" not in text and "cannot test that estimate" in text
    assert numbers["heads"][1] > numbers["heads"][0]  # "has not shrunk"
    assert numbers["top1"][1] < numbers["top1"][0]  # "has slipped"
    korea = numbers["per_million"]["KOR"]
    assert korea[1] / korea[0] > numbers["per_million"]["JPN"][1] / numbers["per_million"]["JPN"][0]
    ranks = sorted(numbers["per_million"], key=lambda c: -numbers["per_million"][c][1])
    assert ranks[:3] == ["KOR", "DEU", "JPN"]  # "ranked third ... behind Korea and Germany"


def test_text_question_accepts_points_not_per_cent() -> None:
    question = quiz.load("l8")["points-or-percent"]
    assert quiz.grade(question, "percentage points").correct
    assert quiz.grade(question, "Percentage point").correct
    assert not quiz.grade(question, "percent").correct


def test_lesson_metadata_cells_and_course_map() -> None:
    notebook = nbformat.read(LESSON, as_version=4)
    meta = notebook.metadata["course"]
    assert meta["id"] == "l8" and meta["seeds"] == ["000", "001", "002", "003", "004"]
    assert meta["title"] == quiz.load("l8").title
    source = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    calls = ["l8.evidence()", 'quiz.show("l8")', "lessons.course_map()"]
    calls += ["capstone.check_my_brief()", "plots.indicator_chart(", "plots.line("]
    for call in calls:
        assert call in source, call
    (brief,) = [c for c in notebook.cells if c.metadata.get("course", {}).get("role") == "brief"]
    assert brief.cell_type == "markdown" and brief.source.startswith("## Question")
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    for heading in ("Question", "Claim", "Evidence", "Counter-argument", "Recommendation"):
        assert f"#### {heading}" in markdown
    assert "../course/rubrics/capstone.md" in markdown
    assert (ROOT / "course" / "rubrics" / "capstone.md").is_file()
    course = lessons.course_map(ROOT / "notebooks")
    assert 8 in course.index and course.loc[8, "exercise tasks"] == len(TASKS) + 1  # + the brief
    assert course.loc[8, "quiz questions"] == len(quiz.load("l8"))


def test_what_the_things_to_try_lead_to() -> None:
    rd = data.snapshot(RD, FIVE, 2009)["value"]
    assert rd.idxmax() == "Japan"  # end year 2009: Japan was then the highest of the five
    sentence = model.evidence_sentence("patent_apps_residents", ["JPN"], 2000, 2025)
    last, _ = data.latest("patent_apps_residents", "JPN")
    assert last == 2021 and sentence.startswith("From 2000 to 2021")  # "stop in 2021"
    receipts = model.evidence_sentence("ip_charges_receipts_usd", FIVE, 2000, 2023)
    assert "Current US dollars move with exchange rates" in receipts
