"""Lesson 5 on real data: the explorer's findings, the exercise tasks, and every claim the
lesson, the quiz and the checks' notes make about the data."""

from __future__ import annotations

import base64
from pathlib import Path

import matplotlib
import nbformat
import pandas as pd
import pytest
from kit import solve

from course import data, plots, quiz
from course.checks import Task
from course.lessons.l5 import analysis as widgets_l5
from course.lessons.l5 import tasks as l5

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "05_tech_superiority.ipynb"
VALUE = "hightech_exports_usd"
SHARE = "hightech_exports_pct_manuf_exports"
BROAD = "medhightech_exports_pct_manuf_exports"
FIVE = ["JPN", "CHN", "USA", "KOR", "DEU"]
TASKS = [l5.china_multiple, l5.japan_share, l5.share_order, l5.overtake_year, l5.hightech_chart]


def value(indicator: str, country: str, year: int) -> float:
    return data.value(indicator, country, year)


# ------------------------------------------------------------------ the explorer


@pytest.fixture
def widget():
    return widgets_l5.leaders()


def test_starts_in_the_latest_year_with_china_ahead_and_japan_s_part(widget) -> None:
    china, japan = value(VALUE, "CHN", 2024), value(VALUE, "JPN", 2024)
    total = sum(value(VALUE, code, 2024) for code in FIVE)
    assert widget.finding == (
        f"In 2024, China exported the most high-tech goods of the 5 economies with data: "
        f"US${china / 1e9:,.0f} billion. Japan's US${japan / 1e9:,.0f} billion is "
        f"{100 * japan / total:.1f}% of the group's total (number 5 of 5)."
    )
    assert base64.b64decode(widget.image)[:8] == b"\x89PNG\r\n\x1a\n"
    assert widget.alt.startswith("Bar chart: High-technology exports, 2024.")
    assert {control["kind"] for control in widget.controls} == {"select", "checkboxes", "range"}
    assert all(control["label"] for control in widget.controls)


def test_switching_to_the_share_changes_the_leader(widget) -> None:
    widget.values = {**widget.values, "measure": SHARE}
    korea, japan = value(SHARE, "KOR", 2024), value(SHARE, "JPN", 2024)
    assert widget.finding == (
        f"In 2024, of the 5 economies with data, Korea had the highest high-tech share: "
        f"{korea:.1f}% of its manufactured exports. Japan's is {japan:.1f}% (number 5 of 5)."
    )


def test_japan_s_part_of_the_total_was_larger_in_2007(widget) -> None:
    def part(year: int) -> float:
        return 100 * value(VALUE, "JPN", year) / sum(value(VALUE, c, year) for c in FIVE)

    widget.values = {**widget.values, "year": 2007}
    assert f"is {part(2007):.1f}% of the group's total (number 4 of 5)" in widget.finding
    assert part(2007) > 2 * part(2024) * 0.9  # "roughly halved" (checks' note)


def test_the_broad_share_puts_japan_first_and_says_which_years_exist(widget) -> None:
    widget.values = {**widget.values, "measure": BROAD}
    assert widget.finding.startswith("Year: 2024 is not possible with these choices")
    assert widget.values["year"] == 2022 and widget.image
    assert (
        "In 2022, of the 5 economies with data, Japan had the highest medium- and high-tech share"
        in widget.finding
    )


def test_hong_kong_jumps_between_2016_and_2017() -> None:
    before = widgets_l5.finding(SHARE, [*FIVE, "HKG"], 2016)
    after = widgets_l5.finding(SHARE, [*FIVE, "HKG"], 2017)
    assert "Korea had the highest" in before
    assert "Hong Kong SAR, China had the highest" in after
    jump = value(VALUE, "HKG", 2017) / value(VALUE, "HKG", 2016)
    assert 200 < jump < 1000  # "several hundredfold" (lesson and quiz)


@pytest.mark.parametrize(
    ("economies", "says"),
    [
        (["CHN", "USA"], "Tick Japan to see where it stands."),
        (["JPN"], "of the one economy with data"),
        (["VNM", "JPN"], "Japan's US$"),
    ],
)
def test_findings_for_small_choices(economies: list[str], says: str) -> None:
    assert says in widgets_l5.finding(VALUE, economies, 2023)


def test_economies_without_data_are_left_out_of_the_count() -> None:
    frame = data.table(VALUE, ["RUS", "JPN", "CHN"], 2023)
    assert frame["RUS"].isna().all()  # Russia reports no high-tech exports after 2021
    text = widgets_l5.finding(VALUE, ["RUS", "JPN", "CHN"], 2023)
    assert text.startswith("In 2023, China exported the most high-tech goods of the 2 economies")
    assert text.endswith("(number 2 of 2).")
    alone = widgets_l5.finding(VALUE, ["RUS", "JPN"], 2023)
    assert alone.startswith("In 2023, Japan exported the most") and "group" not in alone


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"economies": []}, "choose at least one economy"),
        ({"measure": "gdp_usd"}, "choose one of the measures"),
        ({"economies": ["Atlantis"]}, "Unknown country 'Atlantis'"),
    ],
)
def test_bad_choices_give_a_message_not_an_error(widget, change, message) -> None:
    widget.values = {**widget.values, **change}
    assert widget.finding.startswith("Nothing to show for this choice:")
    assert message in widget.finding


# ------------------------------------------------------------------ the exercise tasks


def share_chart() -> plots.Chart:
    return plots.indicator_chart(SHARE, ["JPN", "CHN", "KOR", "USA"], (2007, 2024))


KNOWN_WRONG = {
    "l5.china_multiple": (lambda: 1 / l5.china_multiple.expected(), "reciprocal"),
    "l5.japan_share": (lambda: l5.japan_share.expected() / 100, "100 times too small"),
    "l5.share_order": (lambda: ["CHN", "DEU", "USA", "KOR", "JPN"], "order by value"),
    "l5.overtake_year": (lambda: 2007, "first year of the current series"),
    "l5.hightech_chart": (share_chart, "share of manufactured exports"),
}


@pytest.mark.parametrize("t", TASKS, ids=[t.id for t in TASKS])
def test_each_task_is_right_with_its_solution_and_wrong_with_a_typical_mistake(t: Task) -> None:
    right = t.check(solve(t))
    assert right.correct, right.message
    wrong_value, says = KNOWN_WRONG[t.id]
    wrong = t.check(wrong_value())
    assert wrong.status == "wrong" and says in wrong.message, wrong.message
    assert len(t.hints) >= 3 and t.mistakes


@pytest.mark.parametrize("t", TASKS, ids=[t.id for t in TASKS])
def test_every_declared_mistake_is_wrong_and_explained(t: Task) -> None:
    for mistake in t.mistakes:
        got = mistake.value()
        if t.id == "l5.hightech_chart":
            got = share_chart()
        result = t.check(got)
        assert result.status == "wrong" and mistake.says in result.message


def test_share_order_accepts_names_and_codes() -> None:
    names = ["Korea", "China", "United States", "Germany", "Japan"]
    assert l5.share_order.check(names).correct
    assert l5.share_order.check(["Korea, Rep.", "CHN", "USA", "Germany", "JPN"]).correct


def test_the_notes_shown_after_a_correct_answer_are_true() -> None:
    assert l5.china_multiple.expected() > 8  # "more than eight times"
    share = l5.japan_share.expected()
    assert 0.4 < share[2024] / share[2007] < 0.6  # "roughly halved"
    sales = value(VALUE, "JPN", 2024) / value(VALUE, "JPN", 2007)
    assert 0.7 < sales < 1  # "its own sales ... changed much less"
    assert l5.share_order.expected()[:2] == ["KOR", "CHN"]
    by_value = data.table(VALUE, FIVE, 2024).iloc[0].sort_values(ascending=False)
    assert by_value.index[0] == "CHN" and by_value.index[-1] == "JPN"
    assert l5.share_order.expected()[-1] == "JPN"  # "Japan comes last on both"
    assert l5.overtake_year.expected() < 2007  # "years before the current series begins"
    table = data.table(VALUE, ["JPN", "CHN"], (2007, 2024))
    assert table.JPN.iloc[-1] < table.JPN.iloc[0] and table.CHN.iloc[-1] > 2 * table.CHN.iloc[0]


# ------------------------------------------------------------------ the lesson's claims


def old_vintage() -> pd.DataFrame:
    frame = data.legacy(2018)
    return frame.pivot(index="year", columns="iso3", values=VALUE)


def test_reading_notes_match_the_data() -> None:
    latest = data.table(VALUE, FIVE, 2024).iloc[0]
    assert latest.idxmax() == "CHN" and latest.idxmin() == "JPN"
    assert all(latest.CHN / latest[c] > 3 for c in ("DEU", "USA", "KOR"))  # "several times"
    assert latest.CHN > 8 * latest.JPN  # "many times as much as Japan"
    share = data.table(SHARE, FIVE, 2024).iloc[0].sort_values(ascending=False)
    assert list(share.index) == ["KOR", "CHN", "USA", "DEU", "JPN"]
    assert share.DEU - share.JPN < 1  # "just behind Germany"
    top = data.rank(SHARE, 2024, n=6)
    assert "JPN" not in set(top.iso3) and {"HKG", "SGP"} <= set(top.iso3)
    broad = data.rank(BROAD, 2022, n=5)
    assert "JPN" in list(broad.iso3)[:3]  # "near the top of the world"
    assert data.latest(BROAD, "JPN")[0] == 2022


def test_the_older_vintage_chart_notes() -> None:
    old = old_vintage()
    assert old.loc[1992, "JPN"] > 10 * old.loc[1992, "CHN"]  # "far more ... early 1990s"
    china_japan = int((old.CHN > old.JPN).idxmax())
    china_usa = int((old.CHN > old.USA).idxmax())
    assert 1998 < china_japan < china_usa <= china_japan + 4  # "a little later"
    assert int(old.CHN.first_valid_index()) in range(1990, 1995)  # "from the early 1990s"
    assert old.loc[2007, "JPN"] != pytest.approx(value(VALUE, "JPN", 2007), rel=0.01)
    japan = old.JPN.loc[1992:2016]
    assert japan.max() / japan.min() < old.CHN.loc[1992:2016].max() / old.CHN.loc[1992:2016].min()


def test_taiwan_is_not_in_the_world_bank_data() -> None:
    with pytest.raises(data.DataError):
        data.country_code("Taiwan")


def test_the_lesson_shows_its_quiz_and_widget_and_stores_its_numbers() -> None:
    notebook = nbformat.read(LESSON, as_version=4)
    source = "\n".join(cell.source for cell in notebook.cells)
    assert 'quiz.show("l5")' in source and "l5.leaders()" in source
    kept = [c for c in notebook.cells if c.metadata.get("keep_output")]
    assert len(kept) >= 5 and all(c.outputs for c in kept)
    assert notebook.metadata.course.title == quiz.load("l5").title


# ------------------------------------------------------------------ the new evidence


def test_defence_share_of_government_rd_budgets() -> None:
    rows = data.sei("sei_gbard", indicators="gbard_share_defense")
    share = rows.pivot(index="iso3", columns="year", values="value")
    assert share.loc["JPN", 2019] == pytest.approx(3.0)  # "about 3 %"
    assert 45 < share.loc["USA", 2019] < 50  # "almost half"
    assert 15 < share.loc["KOR", 2019] < 18  # "about a sixth"
    assert share.loc["JPN"].max() < 5  # "just as small in 2000 and 2010"
    assert share.loc["FRA", 2019] == pytest.approx(1.2)  # the doubtful value left out
    assert share.loc["FRA", 2010] == pytest.approx(14.7)


def test_ip_receipts_turn_the_picture_round() -> None:
    exports = value(VALUE, "CHN", 2024) / value(VALUE, "JPN", 2024)
    assert 7.5 < exports < 9  # "about eight times"
    receipts = "ip_charges_receipts_usd"
    part = value(receipts, "CHN", 2024) / value(receipts, "JPN", 2024)
    assert 1 / 8 < part < 1 / 6.5  # "about a seventh"
    table = data.table(receipts, ["JPN", "CHN"], (2007, 2025)).dropna()
    assert len(table) == 19 and (table.JPN > 3 * table.CHN).all()  # "several times, every year"
    frame = widgets_l5.compare(["JPN", "CHN"], 2024, {"x": VALUE, "ip": receipts})
    assert frame.loc["Japan", "x"] == pytest.approx(value(VALUE, "JPN", 2024) / 1e9)
    assert list(frame.index) == ["Japan", "China"]


def test_the_central_african_republic_outlier() -> None:
    broad = data.rank(BROAD, 2022, n=5)
    assert list(broad.iso3)[1] == "CAF"  # "in second place"
    caf = data.table(BROAD, "CAF", (2012, 2022))["CAF"]
    assert caf[2014] < 1 and 75 < caf[2015] < 90  # "almost nothing in 2014 ... four fifths in 2015"
    assert caf.loc[2016:].std() > 8  # "keeps swinging"


# ------------------------------------------------------------------ the quiz's data claims


def test_quiz_statements_match_the_data() -> None:
    bank = quiz.resolve(quiz.load("l5"))
    assert len(bank) >= 8 and len({q.type for q in bank.questions}) >= 3
    assert "remember" in {q.level for q in bank.questions}
    rd = data.table("rd_expenditure_pct_gdp", ["JPN", "OED"]).dropna()
    assert (rd.JPN > rd.OED).all()  # "well above the OECD average"
    people = data.table("researchers_per_million", ["JPN", "OED"]).dropna()
    assert (people.JPN > people.OED).all()
    limits = bank["indicator-limits"]
    assert set(limits.answer) == {"classification", "assembly", "dollars", "reexports"}
    # ip-receipts-evidence: "about eight times", "several times as much"
    assert 7.5 < value(VALUE, "CHN", 2024) / value(VALUE, "JPN", 2024) < 9
    receipts = "ip_charges_receipts_usd"
    assert value(receipts, "JPN", 2024) > 3 * value(receipts, "CHN", 2024)
    # gbard-evidence: "a few per cent" and "almost half"
    rows = data.sei("sei_gbard", indicators="gbard_share_defense", years=2019)
    share = rows.set_index("iso3")["value"]
    assert share["JPN"] < 5 and 45 < share["USA"] < 50
