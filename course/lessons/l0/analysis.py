"""Lesson 0's widget: compare economies on any indicator, year by year."""

from __future__ import annotations

from typing import Any

from course import data, plots
from course.widgets.explorer import (
    Control,
    economy_choice,
    explorer,
    indicator_choice,
    years_with_data,
)

INDICATORS = (
    "rd_expenditure_pct_gdp",
    "researchers_per_million",
    "hightech_exports_pct_manuf_exports",
    "medhightech_exports_pct_manuf_exports",
    "pop_65plus_pct",
)
ECONOMIES = ("JPN", "USA", "CHN", "KOR", "DEU", "FRA", "GBR", "IND", "RUS", "SGP", "OED", "WLD")


def compare() -> Any:
    """Pick an indicator, economies and a year; see the chart and who leads that year."""
    controls = [
        indicator_choice(INDICATORS),
        economy_choice(ECONOMIES, ["JPN", "USA", "CHN", "KOR", "DEU"]),
        Control("year", "Year to compare", "range", 2015, low=1996, high=2024),
    ]
    return explorer("Compare Japan with other economies", controls, _render, fit=_years)


def _years(values: dict[str, Any]) -> dict[str, list[int]]:
    """The year slider offers the years in which a chosen economy has the indicator."""
    return {"year": years_with_data(values["indicator"], values["economies"])}


def _render(values: dict[str, Any]) -> tuple[plots.Chart, str]:
    indicator, economies, year = values["indicator"], values["economies"], int(values["year"])
    if not economies:
        raise data.DataError("choose at least one economy.")
    chart = plots.indicator_chart(indicator, economies)
    chart.ax.axvline(year, color="#444444", linestyle=":", linewidth=1.5)
    return chart, finding(indicator, economies, year)


def finding(indicator: str, economies: list[str], year: int) -> str:
    """One sentence: who leads in ``year`` among the chosen economies, and where Japan stands."""
    unit = data.indicator(indicator).unit
    table = data.snapshot(indicator, economies, year).dropna(subset=["value"])
    if table.empty:
        return f"None of the chosen economies reports this indicator for {year}."
    table = table.sort_values("value", ascending=False)
    leader, top = table.index[0], table["value"].iloc[0]
    count = len(table)
    sentence = f"In {year}, {leader} leads the {count} economies with data at {top:,.2f} {unit}."
    if "Japan" in table.index and leader != "Japan":
        place = list(table.index).index("Japan") + 1
        sentence += f" Japan is number {place}, at {table.loc['Japan', 'value']:,.2f}."
    elif "Japan" not in table.index and "JPN" in economies:
        sentence += f" Japan reports no figure for {year}."
    return sentence
