"""Lesson 7: the aid explorer, the exercise tasks and the quiz's facts, on the real data."""

from __future__ import annotations

import base64
from pathlib import Path

import pandas as pd
import pytest

from course import data, plots, quiz
from course.lessons.l7 import analysis as l7
from course.lessons.l7 import tasks as checks

AID = "japan_net_bilateral_oda_usd"


def _yearly():
    """Japan's net aid: years down, ISO3 codes across."""
    return data.oda().pivot(index="year", columns="iso3", values=AID)


# ---------------------------------------------------------------- the explorer


@pytest.fixture
def widget():
    return l7.recipients()


def test_starts_with_a_chart_and_china_leading(widget) -> None:
    assert widget.finding.startswith(
        "In 1990–2009, China received the most net aid from Japan among the 5 recipients"
    )
    assert base64.b64decode(widget.image)[:8] == b"\x89PNG\r\n\x1a\n"
    assert widget.alt.startswith("Line chart: Japan's net aid to each recipient, per year.")
    kinds = [control["kind"] for control in widget.controls]
    assert kinds == ["checkboxes", "range", "range", "select"]
    assert all(control["label"] for control in widget.controls)


def test_leader_and_negative_years_follow_the_data() -> None:
    table = _yearly()
    chosen = ["CHN", "IDN", "IND", "VNM", "RUS"]
    period = table.loc[1990:2023, chosen]
    totals = period.sum()
    assert totals.idxmax() == "IND"
    negative = (period < 0).sum()
    text = l7.finding(chosen, 1990, 2023)
    assert text.startswith("In 1990–2023, India received the most net aid from Japan")
    assert f"US$ {totals['IND'] / 1e9:,.1f} billion in total" in text
    assert f"{int(negative.sum())} of the {int(period.notna().sum().sum())} recipient-years" in text
    for code in ("CHN", "IDN"):
        assert f"{data.country_name(code)} {negative[code]}" in text
    assert "repayments of earlier Japanese loans" in text


def test_moving_the_last_year_changes_the_leader(widget) -> None:
    before = widget.finding
    widget.values = {**widget.values, "end": 2023}
    assert widget.finding != before
    assert widget.finding.startswith("In 1990–2023, India")


def test_running_total_redraws_and_ends_at_the_total(widget) -> None:
    before = widget.image
    widget.values = {**widget.values, "measure": "cumulative"}
    assert widget.image != before
    assert "running total since 1990" in widget.alt
    chart = l7.chart(["CHN"], 1990, 2023, "cumulative")
    line = chart.ax.get_lines()[0]
    total = data.oda("CHN", (1990, 2023))[AID].sum()
    assert line.get_ydata()[-1] == pytest.approx(total / 1e9)


def test_russia_and_singapore_coverage_is_reported() -> None:
    text = l7.finding(["RUS", "SGP"], 1996, 2023)
    assert text.startswith("In 1996–2023, Russia (the only recipient with data)")
    assert text.endswith("No data in this period for Singapore.")
    assert (
        l7.coverage(["RUS", "SGP"]) == "Years with data: Russia: 1992–2004; Singapore: 1960–1995."
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"recipients": []}, "tick at least one recipient"),
        ({"recipients": ["SGP"], "start": 2000, "end": 2010}, "Singapore: 1960–1995"),
        ({"recipients": ["JPN"]}, "No ODA from Japan is recorded for JPN"),
        ({"measure": "bogus"}, "choose one of"),
    ],
)
def test_bad_choices_give_a_message_not_an_error(widget, change, message) -> None:
    widget.values = {**widget.values, **change}
    assert widget.finding.startswith("Nothing to show for this choice")
    assert message in widget.finding
    assert widget.image == ""


# ---------------------------------------------------------------- the exercise tasks


def test_expected_values_match_the_data() -> None:
    totals = checks.net_totals.expected()
    assert sorted(totals.index) == ["CHN", "IDN", "IND", "PHL", "THA", "VNM"]
    assert (totals[["CHN", "IDN", "THA"]] < 0).all() and (totals[["IND", "VNM", "PHL"]] > 0).all()
    china = data.oda("CHN").set_index("year")[AID]
    assert checks.china_turn.expected() == 2010
    assert (china.loc[2010:] < 0).all() and china.loc[2009] > 0
    ip = data.table("ip_charges_receipts_usd", list(data.ASEAN), 2023).loc[2023]
    assert checks.singapore_multiple.expected() == pytest.approx(ip["SGP"] / ip.drop("SGP").sum())
    assert checks.singapore_multiple.expected() > 10


def test_other_wrong_answers() -> None:
    assert "too late" in checks.china_turn.check(2011).message
    assert not checks.net_totals.check(checks.net_totals.expected() / 1e9).correct
    chart = plots.line(
        checks._chart_table(), title="t", y_label="current US$", source="s", highlight=None
    )
    assert checks.aid_chart.check(chart).correct
    chart.ax.set_ylabel("")
    assert "no label" in checks.aid_chart.check(chart).message
    all_donors = plots.line(
        checks._chart_table("oda_received_net_usd") / 1e6,
        title="t",
        y_label="million current US$",
        source="s",
        highlight=None,
    )
    assert "from ALL donors" in checks.aid_chart.check(all_donors).message
    assert checks.aid_chart.check(...).status == "unattempted"


# ---------------------------------------------------------------- the quiz and the lesson's facts


def test_quiz_has_nine_questions_of_six_types_and_honest_levels() -> None:
    bank = quiz.load("l7")
    assert len(bank) == 9
    assert {q.type for q in bank.questions} == {
        "single",
        "multiple",
        "numeric",
        "text",
        "ordering",
        "matching",
    }
    levels = [q.level for q in bank.questions]
    assert levels.count("remember") <= 2 and levels.count("analyse") >= 3
    assert not any(getattr(q, "answer_from", None) for q in bank.questions)  # no look-ups


def test_intra_group_share_is_the_published_arithmetic() -> None:
    """The numeric question's answer follows from the Statistics Bureau's two amounts,
    which the lesson quotes in the same words."""
    bank = quiz.load("l7")
    question = bank["intra-group-share"]
    total, outside = 2378.2, 621.2
    assert question.answer == pytest.approx(round(100 * (total - outside) / total, 1))
    text = _lesson_text()
    assert "¥2,378.2 billion" in text and "¥621.2 billion" in text
    assert "roughly three-quarters" in text and "61 %" in text


def test_quiz_facts_match_the_data() -> None:
    bank = quiz.load("l7")
    russia = data.oda("RUS")
    assert (russia.year.min(), russia.year.max()) == (1992, 2004)
    assert russia.oda_received_net_usd.isna().all()  # no ODA received, by the World Bank's count
    for code in ("CHN", "IDN"):
        same_years = data.oda(code, (1992, 2004))[AID].sum()
        assert russia[AID].sum() < 0.02 * same_years  # "a small fraction"
    assert "1992–2004" in bank["data-supports"].choice("russia-years").text
    ip = data.table("ip_charges_receipts_usd", list(data.ASEAN))
    assert (ip.loc[1998:, "SGP"] > ip.loc[1998:].drop(columns="SGP").sum(axis=1)).all()
    assert ip[["VNM", "LAO"]].isna().all().all()  # "reports no IP receipts at all"
    indonesia = data.oda("IDN", (2000, 2023)).set_index("year")[AID]
    assert (indonesia < 0).sum() > 5 and indonesia.loc[2004] < 0
    tech = data.table("techcoop_grants_received_usd", ["RUS", "IDN"], (1990, 2004))
    assert tech.RUS.max() > 1e8 and (tech.RUS > tech.IDN).any()  # "sizeable", "more than Indonesia"
    explanation = bank["events-in-order"].explanation
    assert "2004" in explanation and "Mishchenko wrote after them" in explanation
    assert "Both articles were written before" not in explanation
    hightech = data.table("hightech_exports_usd", ["VNM", "JPN"], 2023).loc[2023]
    assert hightech["VNM"] > hightech["JPN"]  # "the first half is true in 2023"


def test_lesson_prose_matches_the_data() -> None:
    table = _yearly()
    assert table.loc[:2009].sum().idxmax() == "CHN"
    assert table.sum().idxmax() == "IND"
    negative = (table < 0).sum()
    assert {"IDN", "CHN", "THA"} <= set(negative[negative >= 10].index)
    russia = data.oda("RUS").set_index("year")[AID]
    assert russia.idxmax() == 1992 == russia.index.min()
    ip = data.table("ip_charges_receipts_usd", "RUS")["RUS"]
    assert ip.loc[2022] < 0.6 * ip.loc[2021]  # "fell sharply after 2021"
    hightech = data.table("hightech_exports_usd", "RUS")["RUS"].dropna()
    assert hightech.index.max() == 2021


def _lesson_text() -> str:
    import nbformat

    path = Path(__file__).resolve().parent.parent / "notebooks" / "07_partners_russia_asean.ipynb"
    notebook = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def test_technology_table_supports_the_prose() -> None:
    table = l7.technology_table(2023)
    receipts, payments, hightech = l7.TECH_COLUMNS.values()
    assert table.loc["Japan", receipts] > 1.5 * table.loc["Japan", payments]  # "far more"
    for name in ("Thailand", "Indonesia", "Malaysia"):
        assert table.loc[name, payments] > 5 * table.loc[name, receipts]  # "many times"
    asean = table.drop(index=["Japan", "Russia"])
    ratio = asean[receipts] / asean[payments]
    assert 0.8 < ratio["Singapore"] < 1.25  # "about as large as its payments"
    assert (ratio.drop("Singapore").dropna() < 0.5).all()  # "the only ASEAN member"
    for name in ("Viet Nam", "Malaysia"):
        assert table.loc[name, hightech] > table.loc["Japan", hightech]
    assert pd.isna(table.loc["Russia", hightech])
    assert data.table("hightech_exports_usd", "RUS")["RUS"].dropna().index.max() == 2021


def test_kti_shares_support_the_prose() -> None:
    shares = l7.kti_shares([2002, 2022])
    assert len(shares) == 12 and shares.notna().all().all()  # same twelve in both years
    first, last = shares.columns
    assert shares[first].idxmax() == "Japan" and shares[last].idxmax() == "Japan"
    assert shares.loc["Japan", last] < shares.loc["Japan", first]  # "its share fell"
    assert shares.loc["China", last] - shares.loc["China", first] > 10  # "rose steeply"
    economies = set(data.sei("sei_kti_exports").iso3)
    assert "RUS" not in economies and not economies & set(data.ASEAN)


def test_sums_across_decades_say_current_dollars() -> None:
    assert "not adjusted for inflation" in l7.finding(["CHN", "IND"], 1960, 2023)
    text = _lesson_text()
    assert "current US dollars, not adjusted for inflation" in text
    assert "political scientist" not in text
    assert "School of Governance and Politics, MGIMO University" in text
