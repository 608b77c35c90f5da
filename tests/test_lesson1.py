"""Lesson 1 on real data: widget findings, exercise tasks, and the facts the text states."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from course import data, plots, quiz
from course.lessons.l1 import analysis as l1
from course.lessons.l1 import tasks as checks

matplotlib.use("Agg")


def ratio(code: str) -> pd.Series:
    """A coverage ratio computed here, independently of the widget module."""
    receipts = data.table("ip_charges_receipts_usd", code)[code]
    return (receipts / data.table("ip_charges_payments_usd", code)[code]).dropna()


# ---------------------------------------------------------------- the crossover explorer


def test_coverage_and_balance_are_receipts_over_and_minus_payments() -> None:
    table = l1.coverage(["JPN", "KOR"], (1996, 2025))
    assert list(table.columns) == ["JPN", "KOR"] and table.index[0] == 1996
    pd.testing.assert_series_equal(
        table["JPN"].dropna(), ratio("JPN").loc[1996:], check_names=False
    )
    receipts = data.value("ip_charges_receipts_usd", "USA", 2025)
    payments = data.value("ip_charges_payments_usd", "USA", 2025)
    assert l1.balance("USA", 2025)["USA"].iloc[0] == pytest.approx(receipts - payments)


def test_japan_crossed_in_the_first_year_above_one_and_stayed_ahead() -> None:
    japan = ratio("JPN")
    first = int(japan[japan > 1].index[0])
    assert (japan.loc[first:] > 1).all() and (japan.loc[: first - 1] < 1).all()
    text = l1.crossing(l1.coverage("JPN", (1996, 2025))["JPN"], 1996)
    assert text == f"Japan: receipts first exceeded payments in {first} and stayed ahead to 2025"


@pytest.mark.parametrize(
    ("code", "start", "says"),
    [
        ("KOR", 1996, "Korea: receipts never exceeded payments in 1996–2025"),
        ("CHN", 1996, "China (data from 1997): receipts never exceeded payments in 1997–2025"),
        ("USA", 1996, "United States: receipts exceeded payments in every year, 1996–2025"),
        ("SGP", 1996, "Singapore: receipts exceeded payments only in 2023"),
        ("JPN", 1970, "Japan (data from 1996): receipts first exceeded payments in 2003"),
        ("KOR", 1970, "Korea (data from 1976): receipts exceeded payments in 3 of 49 years"),
        ("VNM", 1996, "Viet Nam: no data in 1996–2025"),
    ],
)
def test_crossing_sentences_match_the_data(code: str, start: int, says: str) -> None:
    table = l1.coverage([code], (1970, 2025))
    assert l1.crossing(table[code], start).startswith(says)


def test_the_facts_behind_the_crossing_sentences() -> None:
    singapore, korea = ratio("SGP"), ratio("KOR")
    assert list(singapore[singapore > 1].index) == [2023]
    assert (korea.loc[1996:] < 1).all()
    assert list(korea[korea > 1].index) == [1976, 1978, 1979]
    assert data.value("ip_charges_receipts_usd", "KOR", 1976) < 1e7  # tiny sums


def test_first_above_gives_nan_where_never() -> None:
    found = l1.first_above(l1.coverage(["JPN", "KOR", "SGP"], (1996, 2025)))
    assert found["JPN"] == 2003 and found["SGP"] == 2023 and pd.isna(found["KOR"])
    assert found.index.name == "iso3"


def test_explorer_render_ratio_and_balance() -> None:
    chart, finding = l1._render_crossover(
        {"economies": ["JPN", "KOR"], "start": 1996, "measure": "ratio"}
    )
    assert isinstance(chart, plots.Chart) and chart.ax.get_ylabel().startswith("ratio")
    assert finding.startswith("Japan: receipts first exceeded payments in 2003")
    assert "Korea: receipts never exceeded payments in 1996–2025" in finding
    assert finding.endswith(f"The highest ratio in 2025: Japan ({ratio('JPN')[2025]:.2f}).")
    chart, finding = l1._render_crossover(
        {"economies": ["JPN", "USA"], "start": 1996, "measure": "balance"}
    )
    usa = l1.balance("USA", 2025)["USA"].iloc[0] / 1e9
    assert finding.endswith(
        f"The largest balance in 2025: United States ({usa:+,.1f} billion US$)."
    )
    assert any(line.get_ydata()[0] == 0.0 for line in chart.ax.get_lines())  # reference at 0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"economies": []}, "choose at least one"),
        ({"economies": ["VNM", "LAO"]}, "none of the chosen"),
    ],
)
def test_explorer_bad_choices_give_messages(values: dict, message: str) -> None:
    with pytest.raises(data.DataError, match=message):
        l1._render_crossover({"start": 1996, "measure": "ratio", **values})
    widget = l1.crossover()
    assert widget.finding.startswith("Japan: receipts first exceeded payments in 2003")
    widget.values = {**widget.values, **values}
    assert widget.finding.startswith("Nothing to show for this choice:")
    assert message in widget.finding and widget.image == ""


def test_explorer_widget_follows_its_controls() -> None:
    widget = l1.vintages()
    assert widget.finding.startswith("Japan, 2007–2016:") and widget.image
    widget.values = {**widget.values, "country": "CHN"}
    assert widget.finding.startswith("China, 2007–2016:")


# ---------------------------------------------------------------- the vintages explorer


def test_vintage_table_and_gap_for_japan() -> None:
    frame = l1.vintage_table("JPN", "hightech_exports_usd")
    assert list(frame.columns) == ["2018 vintage", "Current vintage"] and frame.index[0] == 1988
    gap = l1.vintage_gap(frame, in_points=False)
    assert list(gap.index) == list(range(2007, 2017))
    old = data.legacy(2018).query("iso3 == 'JPN' and year == 2010").hightech_exports_usd.iloc[0]
    new = data.value("hightech_exports_usd", "JPN", 2010)
    assert gap[2010] == pytest.approx(100 * (new - old) / old)


def test_naive_splice_takes_old_before_and_new_from_2007() -> None:
    frame = l1.vintage_table("CHN", "hightech_exports_usd")
    joined = l1.splice(frame)
    assert joined[2006] == frame.loc[2006, "2018 vintage"]
    assert joined[2007] == frame.loc[2007, "Current vintage"]
    assert joined.index.max() == frame["Current vintage"].dropna().index.max()


@pytest.mark.parametrize("code", l1.VINTAGE_COUNTRIES)
def test_current_vintage_dollars_are_higher_in_every_overlap_year(code: str) -> None:
    """What the lesson and the quiz say about every economy in the widget."""
    gap = l1.vintage_gap(l1.vintage_table(code, "hightech_exports_usd"), in_points=False)
    assert len(gap) >= 8 and (gap > 0).all()


def test_vintage_findings() -> None:
    frame = l1.vintage_table("JPN", "hightech_exports_usd")
    text = l1.vintage_finding(frame, "JPN", in_points=False)
    gap = l1.vintage_gap(frame, in_points=False)
    assert text.startswith("Japan, 2007–2016: in the years both vintages cover, the current one")
    assert f"by {gap.min():+.1f} to {gap.max():+.1f}%" in text
    old = frame["2018 vintage"]
    change = 100 * (old[2007] - old[2006]) / old[2006]
    assert f"the 2018 vintage alone shows {change:+.1f}%" in text and change < 0
    spliced = l1.splice(frame)
    jump = 100 * (spliced[2007] - spliced[2006]) / spliced[2006]
    assert abs(jump) < abs(change), "the lesson says the splice hides most of the fall"
    china = l1.vintage_table("CHN", "hightech_exports_usd")
    old, joined = china["2018 vintage"], l1.splice(china)
    assert joined[2007] / joined[2006] > old[2007] / old[2006] > 1, "and exaggerates China's rise"
    singapore = l1.vintage_table("SGP", "hightech_exports_pct_manuf_exports")
    assert "sometimes higher, sometimes lower" in l1.vintage_finding(singapore, "SGP", True)
    malaysia = l1.vintage_table("MYS", "hightech_exports_usd")
    assert "naive splice" not in l1.vintage_finding(malaysia, "MYS", False)  # no 2007 value


def test_vintage_render_adds_the_splice_line() -> None:
    chart, _ = l1._render_vintages(
        {"country": "KOR", "series": "hightech_exports_usd", "splice": ["splice"]}
    )
    labels = [line.get_label() for line in chart.ax.get_lines()]
    assert {"2018 vintage", "Current vintage", "Naive splice"} <= set(labels)
    chart, finding = l1._render_vintages(
        {"country": "KOR", "series": "hightech_exports_pct_manuf_exports", "splice": []}
    )
    assert "Naive splice" not in [line.get_label() for line in chart.ax.get_lines()]
    assert "percentage points" in finding


# ---------------------------------------------------------------- the lesson's other facts


def test_asean_table_singapore_leads_and_others_are_far_below_one() -> None:
    table = l1.trade_table("ASEAN", 2024)
    assert table.index[0] == "Singapore"
    assert table["receipts (bn US$)"].idxmax() == "Singapore"
    others = table.drop("Singapore")["ratio"].dropna()
    assert (others < 0.2).all() and {"Laos", "Viet Nam"}.isdisjoint(table.index)


def test_know_how_grew_while_high_tech_goods_shrank_for_japan() -> None:
    frame = data.wide("JPN", ["ip_charges_receipts_usd", "hightech_exports_usd"], (2007, 2024))
    growth = frame.loc[2024] / frame.loc[2007]
    assert growth.iloc[0] > 2 and growth.iloc[1] < 1


def test_japan_resident_share_rose_in_the_catch_up_decades() -> None:
    old = data.legacy(2014).query("iso3 == 'JPN'").set_index("year")
    share = old.patent_apps_residents / (old.patent_apps_residents + old.patent_apps_nonresidents)
    assert share[1963] > 0.5 and share[1990] > share[1970] > share[1963]
    assert old.patent_apps_residents[1990] > 5 * old.patent_apps_residents[1963]


# ---------------------------------------------------------------- the exercise tasks


def test_resident_share_as_a_fraction_is_told_about_the_scale() -> None:
    result = checks.resident_share.check(checks._shares() / 100)
    assert "100 times too small" in result.message


def test_chart_without_reference_line_or_ratio_label_is_wrong() -> None:
    table = checks.coverage_chart.expected()
    no_line = plots.line(table, title="t", y_label="Coverage ratio", source="s")
    assert "no horizontal line at 1" in checks.coverage_chart.check(no_line).message
    bad_label = plots.line(table, title="t", y_label="US$", source="s", reference=(1.0, "x"))
    assert "does not give the unit" in checks.coverage_chart.check(bad_label).message
    two = plots.line(table[["JPN", "KOR"]], title="t", y_label="ratio", source="s")
    assert "No line for 'Singapore'" in checks.coverage_chart.check(two).message


def test_crossovers_expected_values() -> None:
    expected = checks.crossovers.expected()
    assert expected[["JPN", "DEU", "FRA", "SGP"]].tolist() == [2003, 2009, 2001, 2023]
    assert expected[["KOR", "CHN"]].isna().all()


# ---------------------------------------------------------------- the quiz bank against the data


def test_quiz_bank_is_valid_with_enough_questions_and_types() -> None:
    bank = quiz.validate(quiz.bank_path("l1"))
    assert len(bank) >= 8 and len({q.type for q in bank.questions}) >= 3


def test_quiz_statements_match_the_data() -> None:
    bank = quiz.load("l1")
    shows = bank["what-data-show"]
    japan, korea, china, singapore = ratio("JPN"), ratio("KOR"), ratio("CHN"), ratio("SGP")
    first = japan[japan > 1].index[0]
    assert (japan.loc[first:] > 1).all() and 2000 <= first <= 2005  # "early 2000s"
    assert (korea.loc[1996:2025] < 1).all() and korea[2025] > 5 * korea[1996]
    assert (singapore > 1).sum() == 1 and "2023" in shows.choice("singapore-once").feedback
    assert japan[2025] < japan.max() and 2013 <= japan.idxmax() <= 2017  # "mid-2010s"
    assert (china < 1).all()
    assert set(shows.answer) == {"japan-since", "korea-never", "singapore-once"}
    first_years = {c: ratio(c).index[0] for c in ("JPN", "USA", "GBR")}
    assert first_years["JPN"] >= 1990 and first_years["USA"] == first_years["GBR"] == 1970
    assert "2023" in bank["asean-sellers"].explanation
    table = l1.trade_table("ASEAN", 2024)
    assert table["receipts (bn US$)"].idxmax() == "Singapore"
    thailand, indonesia = table.loc["Thailand"], table.loc["Indonesia"]
    assert thailand.ratio < 0.1 and indonesia.ratio < 0.1


def test_quiz_outside_the_group_is_the_published_share() -> None:
    """Statistics Bureau, Statistical Topics No. 28: ¥621.2 bn of ¥2,378.2 bn in FY2006."""
    question = quiz.load("l1")["outside-the-group"]
    assert question.answer == pytest.approx(round(100 * 621.2 / 2378.2, 1))
    assert quiz.grade(question, "26.1").correct
    inside = quiz.grade(question, "73.9")
    assert not inside.correct and "inside" in inside.message


def test_lesson_statements_on_bases_breaks_and_kti() -> None:
    """The figures the new text relies on, from the shipped data."""
    old = data.legacy(2014)
    japan = old[old.iso3 == "JPN"].set_index("year")
    share = (
        100
        * japan.patent_apps_residents
        / (japan.patent_apps_residents + japan.patent_apps_nonresidents)
    )
    assert share[1963] > 50  # "residents already filed most applications in 1963"
    ratio = l1.coverage("JPN")["JPN"].dropna()
    assert int(ratio[ratio > 1].index[0]) == 2003  # the balance-of-payments crossing
    v2018 = data.legacy(2018).pivot(
        index="year", columns="iso3", values="hightech_exports_pct_manuf_exports"
    )
    economies = ["JPN", "KOR", "SGP", "USA", "DEU", "CHN"]
    assert (v2018.loc[2007, economies] < v2018.loc[2006, economies]).all()
    assert v2018.loc[2007, "SGP"] < v2018.loc[2006, "SGP"] / 2
    kti = data.sei("sei_kti_exports", countries=["JPN", "KOR", "DEU", "CHN", "USA"])
    kti = kti.pivot_table(index=["iso3", "year"], columns="indicator", values="value")
    kti_share = (
        100
        * kti["gross_exports_goods_kti_manufacturing"]
        / kti["gross_exports_goods_all_industries"]
    ).unstack("year")
    for year in (2002, 2012, 2022):
        assert kti_share[year].idxmax() == "JPN"
    assert 70 < kti_share.loc["JPN", 2022] < 75 < kti_share.loc["JPN", 2002]


def test_quiz_levels_and_ordering_feedback() -> None:
    bank = quiz.load("l1")
    assert sum(q.level == "remember" for q in bank.questions) <= 2
    assert all(item.feedback for item in bank["stages-in-order"].items)
