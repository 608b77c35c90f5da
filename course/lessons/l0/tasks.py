"""Checks for lesson 0's practice exercise (``solutions/00_practice.ipynb``).

Learners use them as ``from course.lessons import l0`` then ``l0.rd_latest.check(latest)``.
Every expected answer is computed from ``course.data`` when a check runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course import data
from course.checks.charts import LineChart
from course.checks.compare import Number, Year
from course.checks.core import Mistake, Task
from course.checks.sequences import Record
from course.checks.tables import SeriesOf

if TYPE_CHECKING:
    import pandas as pd

RD = "rd_expenditure_pct_gdp"
IP_YEARS = (2010, 2025)
CHART_YEARS = (2000, 2023)


def _ip(direction: str, years: data.Years = IP_YEARS) -> pd.Series:
    return data.table(f"ip_charges_{direction}_usd", "JPN", years)["JPN"]


def _coverage() -> pd.Series:
    return _ip("receipts") / _ip("payments")


rd_latest = Task(
    id="l0.rd_latest",
    description="Japan's latest R&D expenditure (% of GDP), with its year",
    expected=lambda: data.latest(RD, "Japan"),
    compare=Record(("year", Year()), ("value", Number(rel=0.002))),
    hints=[
        "`course.data` has a function that returns the most recent year with data "
        "together with its value.",
        "The indicator is called `'rd_expenditure_pct_gdp'`; `data.latest` takes it and a country.",
        "`data.latest('rd_expenditure_pct_gdp', 'Japan')` gives `(year, value)`.",
    ],
    solution_code='latest = data.latest("rd_expenditure_pct_gdp", "Japan")',
    mistakes=[
        Mistake(
            lambda: data.latest(RD, "Korea"), "That is Korea's figure; the task asks for Japan."
        )
    ],
    note="Japan has spent over 3% of GDP on R&D for most of this century.",
)

ip_coverage = Task(
    id="l0.ip_coverage",
    description="Japan's IP-charges coverage ratio (receipts ÷ payments), 2010–2025",
    expected=_coverage,
    compare=SeriesOf(rel=0.001),
    hints=[
        "Make two Series, receipts and payments, for Japan and 2010–2025, then divide.",
        "`data.table('ip_charges_receipts_usd', 'Japan', (2010, 2025))` is a table with one "
        "column, `'JPN'`; do the same for payments.",
        "Divide the receipts column by the payments column: pandas lines the years up.",
    ],
    solution_code=(
        "coverage = (\n"
        '    data.table("ip_charges_receipts_usd", "Japan", (2010, 2025))["JPN"]\n'
        '    / data.table("ip_charges_payments_usd", "Japan", (2010, 2025))["JPN"]\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _ip("receipts") - _ip("payments"),
            "That is the balance (receipts minus payments, in US$); "
            "the coverage ratio divides receipts by payments.",
        )
    ],
    note="Every year is above 1: Japan earns more for its technology than it pays for others'.",
)

ip_crossover = Task(
    id="l0.ip_crossover",
    description="The first year Japan's IP receipts exceeded its payments",
    expected=lambda: int((_ip("receipts", None) > _ip("payments", None)).idxmax()),
    compare=Year(),
    hints=[
        "Use every year of data this time, not only 2010–2025.",
        "`receipts > payments` gives a Series of True/False, one per year.",
        "The first True in a True/False Series is at `.idxmax()`.",
    ],
    solution_code=(
        "crossover = (\n"
        '    data.table("ip_charges_receipts_usd", "Japan")["JPN"]\n'
        '    > data.table("ip_charges_payments_usd", "Japan")["JPN"]\n'
        ").idxmax()"
    ),
    note="Receipts have stayed above payments every year since.",
)

rd_chart = Task(
    id="l0.rd_chart",
    description="A chart of researchers per million people in Japan and Korea, 2000–2023",
    expected=lambda: data.table("researchers_per_million", ["JPN", "KOR"], CHART_YEARS),
    compare=LineChart(units=("per million",)),
    hints=[
        "Get the table first: `data.table(indicator, countries, years)`, then give it to a "
        "function in `course.plots`.",
        "The indicator is `'researchers_per_million'`, the countries `['Japan', 'Korea']` and "
        "the years `(2000, 2023)`.",
        "`plots.line(table, title=..., y_label=..., source=data.citation())` draws it; "
        "put the unit in the y label, e.g. 'Researchers (per million people)'.",
    ],
    solution_code=(
        "chart = plots.line(\n"
        '    data.table("researchers_per_million", ["Japan", "Korea"], (2000, 2023)),\n'
        '    title="Researchers in R&D, Japan and Korea",\n'
        '    y_label="Researchers (per million people)",\n'
        "    source=data.citation(),\n"
        ")"
    ),
    note="Look where the lines cross: Korea passes Japan around 2010.",
)


def _aged(year: int) -> float:
    return data.value("pop_65plus_pct", "JPN", year)


ageing_factor = Task(
    id="l0.ageing_factor",
    description="How many times larger Japan's share of people aged 65+ was in 2025 than in 1960",
    expected=lambda: _aged(2025) / _aged(1960),
    compare=Number(rel=0.001),
    hints=[
        "Look up two numbers with `data.value(indicator, country, year)`, then divide.",
        "The indicator is `'pop_65plus_pct'`; you need Japan in 2025 and in 1960.",
        "Divide the 2025 share by the 1960 share: `data.value(..., 2025) / data.value(..., 1960)`.",
    ],
    solution_code=(
        'ageing = data.value("pop_65plus_pct", "Japan", 2025) / '
        'data.value("pop_65plus_pct", "Japan", 1960)'
    ),
    mistakes=[
        Mistake(
            lambda: _aged(2025) - _aged(1960),
            "That is the difference in percentage points; the task asks how many times "
            "larger, so divide instead of subtracting.",
        )
    ],
    note="Few countries have aged so far so fast; lesson 3 asks what Society 5.0 offers for it.",
)
