"""Feedback on pandas and chart answers: Series, DataFrame and line charts, on real data."""

from __future__ import annotations

from collections.abc import Callable

import matplotlib
import numpy as np
import pandas as pd
import pytest

from course import data, plots
from course.checks import Task
from course.checks.tables import Frame
from course.lessons.l0 import tasks as l0

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def ip(direction: str, years: tuple[int, int] = (2010, 2025)) -> pd.Series:
    return data.table(f"ip_charges_{direction}_usd", "Japan", years)["JPN"]


def coverage() -> pd.Series:
    return ip("receipts") / ip("payments")


def with_nan(series: pd.Series, year: int) -> pd.Series:
    series = series.copy()
    series[year] = np.nan
    return series


SERIES_CASES: list[tuple[str, Callable[[], object], str, str]] = [
    ("right", coverage, "correct", ""),
    (
        "one-column frame",
        lambda: (
            data.table("ip_charges_receipts_usd", "JPN", (2010, 2025))
            / data.table("ip_charges_payments_usd", "JPN", (2010, 2025))
        ),
        "correct",
        "",
    ),
    ("rounded", lambda: coverage().round(3), "correct", ""),
    ("percent", lambda: coverage() * 100, "wrong", "Your Series: about 100 times too large"),
    ("inverted", lambda: 1 / coverage(), "wrong", "reciprocals"),
    ("negated", lambda: -coverage(), "wrong", "wrong sign"),
    ("year missing", lambda: coverage().loc[2011:], "wrong", "Missing years: 2010."),
    (
        "years extra",
        lambda: ip("receipts", (2008, 2025)) / ip("payments"),
        "wrong",
        "Years not asked for: 2008, 2009",
    ),
    (
        "NaN from missing data",
        lambda: with_nan(coverage(), 2024),
        "wrong",
        "Your Series: NaN for 2024, where the data has numbers",
    ),
    (
        "NaN years to drop",
        lambda: pd.concat([coverage(), pd.Series({2026: np.nan})]),
        "wrong",
        "`.dropna()`",
    ),
    ("reset index", lambda: coverage().reset_index(drop=True), "wrong", "numbered 0, 1, 2"),
    (
        "years as text",
        lambda: coverage().set_axis(coverage().index.astype(str)),
        "wrong",
        "years are text",
    ),
    ("values as text", lambda: coverage().astype(str), "wrong", "where numbers belong"),
    ("list", lambda: coverage().tolist(), "wrong", "instead of `.tolist()`"),
    ("dict", lambda: coverage().to_dict(), "wrong", "`pd.Series(your_dict)`"),
    ("number", lambda: float(coverage().mean()), "wrong", "a float"),
    (
        "two columns",
        lambda: data.table("ip_charges_receipts_usd", ["JPN", "KOR"]),
        "wrong",
        "pick one column",
    ),
    ("empty", lambda: coverage().loc[3000:], "wrong", "Your Series is empty"),
    (
        "duplicated",
        lambda: pd.concat([coverage(), coverage().loc[[2012]]]),
        "wrong",
        "Repeated years: 2012",
    ),
    ("huge", lambda: coverage() * 1e300 * 1e10, "wrong", "Your Series"),
]


@pytest.mark.parametrize(
    ("value", "status", "says"), [c[1:] for c in SERIES_CASES], ids=[c[0] for c in SERIES_CASES]
)
def test_series_feedback(value: Callable[[], object], status: str, says: str) -> None:
    result = l0.ip_coverage.check(value())
    assert result.status == status and says in result.message, result.message


RD = data.table("rd_expenditure_pct_gdp", ["JPN", "KOR"], (2015, 2020))
TABLE = Task(
    "t0.table",
    "R&D intensity, Japan and Korea, 2015–2020",
    lambda: data.table("rd_expenditure_pct_gdp", ["JPN", "KOR"], (2015, 2020)),
    Frame(rel=1e-3),
)


def frame_with_text() -> pd.DataFrame:
    frame = RD.copy().astype(object)
    frame.loc[2016, "KOR"] = "3.99"
    return frame


FRAME_CASES: list[tuple[str, Callable[[], object], str, str]] = [
    ("right", lambda: RD, "correct", ""),
    ("columns reordered", lambda: RD[["KOR", "JPN"]], "correct", ""),
    ("rows reordered", lambda: RD.sort_index(ascending=False), "correct", ""),
    ("missing column", lambda: RD[["JPN"]], "wrong", "Missing columns: 'KOR'"),
    ("extra column", lambda: RD.assign(USA=1.0), "wrong", "Columns not asked for: 'USA'"),
    (
        "lower-case column",
        lambda: RD.rename(columns={"KOR": "kor"}),
        "wrong",
        "Column 'kor' should be named 'KOR'",
    ),
    ("missing rows", lambda: RD.loc[2017:], "wrong", "Missing years: 2015, 2016"),
    (
        "extra rows",
        lambda: data.table("rd_expenditure_pct_gdp", ["JPN", "KOR"], (2013, 2020)),
        "wrong",
        "Years not asked for: 2013, 2014",
    ),
    ("year as a column", lambda: RD.reset_index(), "wrong", "use `.set_index('year')`"),
    ("numbered rows", lambda: RD.reset_index(drop=True), "wrong", "numbered 0, 1, 2"),
    ("transposed", lambda: RD.T, "wrong", "transposed"),
    ("empty", lambda: RD.iloc[0:0], "wrong", "empty"),
    (
        "percent vs share",
        lambda: RD / 100,
        "wrong",
        "Columns 'JPN' and 'KOR': about 100 times too small",
    ),
    ("text values", frame_with_text, "wrong", "Column 'KOR': text ('3.99') where numbers belong"),
    ("NaN", lambda: RD.assign(JPN=RD.JPN.where(RD.index != 2016)), "wrong", "NaN for 2016"),
    (
        "one wrong value",
        lambda: RD.assign(KOR=RD.KOR.where(RD.index != 2018, 9.9)),
        "wrong",
        "Column 'KOR': wrong values for 2018 (e.g. 2018: yours 9.9 is too high, about 2.3 times",
    ),
    ("series", lambda: RD["JPN"], "wrong", "`.to_frame()`"),
    ("dict", lambda: RD.to_dict(), "wrong", "`pd.DataFrame(...)`"),
    ("None", lambda: None, "unattempted", "None"),
]


@pytest.mark.parametrize(
    ("value", "status", "says"), [c[1:] for c in FRAME_CASES], ids=[c[0] for c in FRAME_CASES]
)
def test_frame_feedback(value: Callable[[], object], status: str, says: str) -> None:
    result = TABLE.check(value())
    assert result.status == status and says in result.message, result.message


def test_frame_can_ignore_the_index() -> None:
    top = Task(
        "t0.rank",
        "top 3",
        lambda: data.rank("rd_expenditure_pct_gdp", 2020, n=3),
        Frame(check_index=False),
    )
    shuffled = data.rank("rd_expenditure_pct_gdp", 2020, n=3).set_axis([7, 8, 9])
    assert top.check(shuffled).correct


# ------------------------------------------------------------------ charts

FRAME = data.table("researchers_per_million", ["JPN", "KOR"], (2000, 2023))
Y_LABEL = "Researchers (per million people)"


def good() -> plots.Chart:
    return plots.line(FRAME, title="Researchers", y_label=Y_LABEL, source=data.citation())


def by_hand(
    *,
    title: str = "Researchers",
    y_label: str = Y_LABEL,
    legend: bool = True,
    labels: tuple[str, str] = ("Japan", "Korea"),
    x: object = None,
) -> plt.Figure:
    fig, ax = plt.subplots()
    for column, label in zip(FRAME.columns, labels, strict=True):
        ax.plot(FRAME.index if x is None else x, FRAME[column], label=label)
    ax.set_title(title)
    ax.set_ylabel(y_label)
    if legend:
        ax.legend()
    plt.close(fig)
    return fig


def lines_only() -> list:
    fig, ax = plt.subplots()
    plt.close(fig)
    return ax.plot(FRAME.index, FRAME.JPN, label="Japan")


CHART_CASES: list[tuple[str, Callable[[], object], str, str]] = [
    ("course chart", good, "correct", ""),
    ("its figure", lambda: good().fig, "correct", ""),
    ("its axes", lambda: good().ax, "correct", ""),
    (
        "indicator_chart",
        lambda: plots.indicator_chart("researchers_per_million", ["Japan", "Korea"], (1996, 2023)),
        "correct",
        "",
    ),
    ("by hand, codes as labels", lambda: by_hand(labels=("JPN", "KOR")), "correct", ""),
    ("fig, ax pair", lambda: (by_hand(), by_hand().axes[0]), "correct", ""),
    ("figure without axes", plt.Figure, "wrong", "Your figure has no axes"),
    ("axes without lines", lambda: plt.Figure().add_subplot(), "wrong", "no lines"),
    (
        "missing series",
        lambda: plots.line(FRAME[["JPN"]], title="t", y_label=Y_LABEL, source=""),
        "wrong",
        "No line for 'Korea' (lines found: 'Japan')",
    ),
    (
        "wrong country",
        lambda: plots.indicator_chart("researchers_per_million", ["JPN", "CHN"], (2000, 2023)),
        "wrong",
        "No line for 'Korea'",
    ),
    ("no title", lambda: by_hand(title=""), "wrong", "no title"),
    ("no y label", lambda: by_hand(y_label=""), "wrong", "y axis has no label"),
    (
        "y label without unit",
        lambda: by_hand(y_label="Researchers"),
        "wrong",
        "does not give the unit",
    ),
    ("no legend", lambda: by_hand(legend=False), "wrong", "no legend"),
    ("unlabelled lines", lambda: by_hand(labels=("_a", "_b"), legend=False), "wrong", "no labels"),
    (
        "too few years",
        lambda: plots.line(FRAME.loc[2010:], title="t", y_label=Y_LABEL, source=""),
        "wrong",
        "The Japan and Korea lines: drawn for 2010–2023; the task asks for 2000–2023",
    ),
    ("positions, not years", lambda: by_hand(x=range(len(FRAME))), "wrong", "positions 0, 1, 2"),
    (
        "wrong indicator",
        lambda: plots.line(
            data.table("rd_expenditure_pct_gdp", ["JPN", "KOR"], (2000, 2023)),
            title="t",
            y_label=Y_LABEL,
            source="",
        ),
        "wrong",
        "The Japan line: not the expected data",
    ),
    (
        "thousands",
        lambda: plots.line(FRAME / 1000, title="t", y_label=Y_LABEL, source=""),
        "wrong",
        "The Japan and Korea lines: about 1,000 times too small",
    ),
    (
        "scaled and said so",
        lambda: plots.line(
            FRAME / 1000, title="t", y_label="thousand researchers per million people", source=""
        ),
        "correct",
        "",
    ),
    ("lines from plt.plot", lines_only, "wrong", "pass the figure"),
    ("pyplot module", lambda: plt, "wrong", "`plt.gcf()`"),
    ("a table", lambda: FRAME, "wrong", "You gave a pandas DataFrame (24 rows × 2 columns)"),
]


@pytest.mark.parametrize(
    ("value", "status", "says"), [c[1:] for c in CHART_CASES], ids=[c[0] for c in CHART_CASES]
)
def test_chart_feedback(value: Callable[[], object], status: str, says: str) -> None:
    result = l0.rd_chart.check(value())
    assert result.status == status and says in result.message, result.message
