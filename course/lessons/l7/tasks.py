"""Checks for lesson 7's exercise (``solutions/07_partners_russia_asean_exercise.ipynb``).

Learners use them as ``from course.lessons import l7`` then ``l7.net_totals.check(totals)``.
Every expected answer is computed from ``course.data`` when a check runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course import data
from course.checks.charts import LineChart
from course.checks.compare import Number, Year
from course.checks.core import Mistake, Task
from course.checks.tables import SeriesOf

if TYPE_CHECKING:
    import pandas as pd

AID = "japan_net_bilateral_oda_usd"
IP = "ip_charges_receipts_usd"
PARTNERS = ["CHN", "IND", "IDN", "PHL", "THA", "VNM"]
PERIOD = (2000, 2023)
CHART = ["CHN", "IDN", "VNM"]
CHART_YEARS = (1990, 2023)
IP_YEAR = 2023


def _totals(column: str = AID, years: data.Years = PERIOD) -> pd.Series:
    """Sum of ``column`` over ``years`` for each of the six partners, indexed by ISO3 code."""
    return data.oda(PARTNERS, years).groupby("iso3")[column].sum()


net_totals = Task(
    id="l7.net_totals",
    description="Japan's total net aid to six Asian partners, 2000–2023, by ISO3 code",
    expected=_totals,
    compare=SeriesOf(rel=1e-6),
    hints=[
        "`data.oda(recipients, years)` gives one row per recipient and year; add up the "
        "aid column for each recipient.",
        "Group the rows by the `'iso3'` column and sum `'japan_net_bilateral_oda_usd'`.",
        "`data.oda([...], (2000, 2023)).groupby('iso3')['japan_net_bilateral_oda_usd'].sum()`.",
    ],
    solution_code=(
        "totals = (\n"
        '    data.oda(["China", "India", "Indonesia", "Philippines", "Thailand", "Viet Nam"], '
        "(2000, 2023))\n"
        '    .groupby("iso3")["japan_net_bilateral_oda_usd"]\n'
        "    .sum()\n"
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _totals(years=None),
            "Those are totals over every year in the file; the task asks for 2000–2023 only.",
        ),
        Mistake(
            lambda: _totals("oda_received_net_usd"),
            "That column is the aid each country received from ALL donors; the task asks for "
            "Japan's aid, `'japan_net_bilateral_oda_usd'`.",
        ),
    ],
    note="Some totals are negative: over these years those partners repaid Japan more than "
    "they received.",
)


def _china() -> pd.Series:
    frame = data.oda("CHN")
    return frame.set_index("year")[AID]


def _turn() -> int:
    """First year from which China's net aid from Japan stayed below zero."""
    aid = _china()
    positive = aid[aid >= 0]
    return int(aid[aid.index > positive.index.max()].index.min())


china_turn = Task(
    id="l7.china_turn",
    description="The year from which Japan's net aid to China has been negative every year",
    expected=_turn,
    compare=Year(),
    hints=[
        "Look at China's rows of `data.oda` year by year: where does the aid column drop below "
        "zero and stay there? The answer is the year after the last year it was zero or above.",
        "Keep only China's rows with `japan_net_bilateral_oda_usd >= 0` (a boolean filter or "
        "`.query(...)`), then take the largest `year`.",
        "`data.oda('China').query('japan_net_bilateral_oda_usd >= 0').year.max()` is the last "
        "year that was not negative; add 1.",
    ],
    solution_code=(
        'turn = data.oda("China").query("japan_net_bilateral_oda_usd >= 0").year.max() + 1'
    ),
    mistakes=[
        Mistake(
            lambda: int(_china()[_china() >= 0].index.max()),
            "That is the last year in which net aid to China was still positive; the task asks "
            "for the first year of the negative run.",
        ),
    ],
    note="From then on, China's repayments of earlier yen loans have exceeded anything new.",
)


def _ip_year(codes: list[str] | tuple[str, ...]) -> pd.Series:
    return data.table(IP, list(codes), IP_YEAR).loc[IP_YEAR].dropna()


def _singapore_multiple() -> float:
    others = _ip_year([c for c in data.ASEAN if c != "SGP"])
    return float(_ip_year(["SGP"]).iloc[0] / others.sum())


singapore_multiple = Task(
    id="l7.singapore_multiple",
    description="How many times larger Singapore's IP receipts were in 2023 than those of the "
    "other ASEAN members combined",
    expected=_singapore_multiple,
    compare=Number(rel=1e-3),
    hints=[
        "You need two numbers for 2023: Singapore's receipts, and the sum of the receipts of "
        "the nine other ASEAN members (several have no data: leave them out).",
        "`data.table('ip_charges_receipts_usd', codes, 2023)` gives one row; `data.ASEAN` "
        "lists the ten codes. `.sum(axis=1)` skips missing values.",
        "Divide Singapore's value by the sum over the other nine: "
        "`others = [c for c in data.ASEAN if c != 'SGP']`.",
    ],
    solution_code=(
        "multiple = (\n"
        '    data.value("ip_charges_receipts_usd", "Singapore", 2023)\n'
        "    / (\n"
        '        data.table("ip_charges_receipts_usd", list(data.ASEAN), 2023)\n'
        '        .drop(columns="SGP")\n'
        "        .sum(axis=1)\n"
        "        .iloc[0]\n"
        "    )\n"
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: float(_ip_year(["SGP"]).iloc[0] / _ip_year(data.ASEAN).sum()),
            "Your total includes Singapore itself: divide by the other nine members only.",
        ),
        Mistake(
            lambda: float(
                _ip_year(["SGP"]).iloc[0] / _ip_year([c for c in data.ASEAN if c != "SGP"]).mean()
            ),
            "You divided by the other members' average; the task compares with their sum.",
        ),
    ],
    note="Singapore earns many times more from its intellectual property than the rest of "
    "ASEAN together: the exception the article names.",
)


def _chart_table(column: str = AID) -> pd.DataFrame:
    frame = data.oda(CHART, CHART_YEARS)
    table = frame.pivot(index="year", columns="iso3", values=column)
    table.columns.name = None
    return table[CHART]


aid_chart = Task(
    id="l7.aid_chart",
    description="A chart of Japan's net aid to China, Indonesia and Viet Nam, 1990–2023",
    expected=_chart_table,
    compare=LineChart(units=("US$", "dollar")),
    hints=[
        "Make a table with years down and one column per recipient, then give it to `plots.line`.",
        "`data.oda([...], (1990, 2023)).pivot(index='year', columns='iso3', "
        "values='japan_net_bilateral_oda_usd')` is that table.",
        "Then `plots.line(table / 1e6, title=..., y_label='million current US$', "
        "source=data.citation('oda'), highlight=None, reference=(0, 'net zero'))`.",
    ],
    solution_code=(
        "chart = plots.line(\n"
        '    data.oda(["China", "Indonesia", "Viet Nam"], (1990, 2023)).pivot(\n'
        '        index="year", columns="iso3", values="japan_net_bilateral_oda_usd"\n'
        "    )\n"
        "    / 1e6,\n"
        '    title="Japan\'s net aid to China, Indonesia and Viet Nam",\n'
        '    y_label="million current US$",\n'
        '    source=data.citation("oda"),\n'
        "    highlight=None,\n"
        '    reference=(0, "net zero"),\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _chart_table("oda_received_net_usd"),
            "Your lines show the ODA each country received from ALL donors; the task asks for "
            "Japan's net aid, `'japan_net_bilateral_oda_usd'`.",
        ),
    ],
    note="China and Indonesia cross below zero while Viet Nam stays above it for most years.",
)
