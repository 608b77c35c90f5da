"""Lesson 5's widget: who exports the most high-tech goods in a year, and how big is Japan's part?

The learner picks a measure (the value of high-tech exports, or the high-tech or
medium-and-high-tech share of manufactured exports), the economies and a year, and sees
one bar per economy for that year with a sentence on who leads and where Japan stands.
Switching between value and share changes the leader, which is the lesson's point:
neither number measures "technological superiority". ``compare`` builds the lesson's
one-year tables that set two measures side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course import data, plots
from course.widgets.explorer import Control, economy_choice, explorer, years_with_data

if TYPE_CHECKING:
    import pandas as pd

VALUE = "hightech_exports_usd"
MEASURES = {
    VALUE: "High-tech exports: value (billion current US$)",
    "hightech_exports_pct_manuf_exports": "High-tech exports: share of manufactured exports (%)",
    "medhightech_exports_pct_manuf_exports": (
        "Medium- and high-tech exports: share of manufactured exports (%)"
    ),
}
"""The measures a learner can choose, with the label the select shows."""

ECONOMIES = ("JPN", "CHN", "USA", "KOR", "DEU", "FRA", "GBR", "SGP", "MYS", "VNM", "HKG")
START = ["JPN", "CHN", "USA", "KOR", "DEU"]
YEARS = (2007, 2024)
"""The years of the current high-tech export series."""


def leaders() -> Any:
    """Pick a measure, economies and a year; see who leads and Japan's part of the total."""
    controls = [
        Control("measure", "Measure", "select", VALUE, options=list(MEASURES.items())),
        economy_choice(ECONOMIES, START),
        Control("year", "Year", "range", YEARS[1], low=YEARS[0], high=YEARS[1]),
    ]
    return explorer("Who exports the most high technology?", controls, _render, fit=_years)


def _years(values: dict[str, Any]) -> dict[str, list[int]]:
    """The year slider offers the years in which a chosen economy has the measure."""
    return {"year": years_with_data(values["measure"], values["economies"])}


def _render(values: dict[str, Any]) -> tuple[plots.Chart, str]:
    measure, economies, year = values["measure"], values["economies"], int(values["year"])
    table = year_values(measure, economies, year)
    info = data.indicator(measure)
    scaled = table / 1e9 if measure == VALUE else table
    chart = plots.bars(
        scaled,
        title=f"{info.short_name}, {year}",
        x_label=_unit(measure),
        source=data.citation("wdi") + f" Indicator {info.code}.",
    )
    return chart, finding(measure, economies, year)


def _unit(measure: str) -> str:
    return "billion current US$" if measure == VALUE else data.indicator(measure).unit


def year_values(measure: str, economies: list[str], year: int) -> pd.Series:
    """The measure in ``year`` for the chosen economies that report it, by readable name.

    Raises ``DataError`` with the years that do exist when none of them reports ``year``.
    """
    if measure not in MEASURES:
        raise data.DataError(f"choose one of the measures in the list, not {measure!r}.")
    if not economies:
        raise data.DataError("choose at least one economy.")
    series = data.snapshot(measure, economies, year)["value"].dropna()
    if series.empty:
        years = data.table(measure, economies).dropna(how="all").index
        span = f"{years.min()}–{years.max()}" if len(years) else "no year at all"
        raise data.DataError(
            f"none of the chosen economies reports this measure for {year}; "
            f"it has data for {span}. Move the year slider."
        )
    return series


def finding(measure: str, economies: list[str], year: int) -> str:
    """One sentence: who leads in ``year``, and where Japan stands (its part of the total)."""
    series = year_values(measure, economies, year).sort_values(ascending=False)
    leader, count = series.index[0], len(series)
    group = f"the {count} economies with data" if count > 1 else "the one economy with data"
    if measure == VALUE:
        sentence = (
            f"In {year}, {leader} exported the most high-tech goods of {group}: "
            f"US${series.iloc[0] / 1e9:,.0f} billion."
        )
    else:
        kind = "high-tech" if measure.startswith("hightech") else "medium- and high-tech"
        sentence = (
            f"In {year}, of {group}, {leader} had the highest {kind} share: "
            f"{series.iloc[0]:.1f}% of its manufactured exports."
        )
    if "Japan" in series.index and count > 1:
        place = f"number {list(series.index).index('Japan') + 1} of {count}"
        part = 100 * series["Japan"] / series.sum()
        if measure == VALUE and leader == "Japan":
            sentence += f" That is {part:.1f}% of the group's total."
        elif measure == VALUE:
            sentence += (
                f" Japan's US${series['Japan'] / 1e9:,.0f} billion is {part:.1f}% of the "
                f"group's total ({place})."
            )
        elif leader != "Japan":
            sentence += f" Japan's is {series['Japan']:.1f}% ({place})."
    elif "Japan" not in series.index:
        codes = [data.country_code(economy) for economy in economies]
        sentence += (
            f" Japan reports no figure for {year}."
            if "JPN" in codes
            else " Tick Japan to see where it stands."
        )
    return sentence


def compare(economies: list[str], year: int, columns: dict[str, str]) -> pd.DataFrame:
    """One row per economy (readable name), one column per indicator, for ``year``.

    ``columns`` maps a column label to an indicator; values in US$ are shown in billions
    (say so in the label). Used by lesson 5 to set high-tech exports beside their share
    and beside receipts for intellectual property.
    """
    import pandas as pd

    frame = pd.DataFrame(
        {label: data.snapshot(name, economies, year)["value"] for label, name in columns.items()}
    )
    for label, name in columns.items():
        if data.indicator(name).unit.startswith("current US$"):
            frame[label] = frame[label] / 1e9
    frame.index.name = None
    return frame
