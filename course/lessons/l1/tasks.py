"""Checks for lesson 1's exercise (``solutions/01_borrowing_to_exporting_exercise.ipynb``).

Learners use them as ``from course.lessons import l1`` then ``l1.resident_share.check(shares)``.
Every expected answer is computed from ``course.data`` when a check runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course import data
from course.checks.charts import ReferenceLineChart
from course.checks.compare import Number
from course.checks.core import Mistake, Task
from course.checks.sequences import Record
from course.checks.tables import Frame, SeriesOf

if TYPE_CHECKING:
    import pandas as pd

RESIDENTS, NONRESIDENTS = "patent_apps_residents", "patent_apps_nonresidents"
RECEIPTS, PAYMENTS = "ip_charges_receipts_usd", "ip_charges_payments_usd"
PATENT_COUNTRIES, PATENT_YEARS = ["JPN", "KOR", "CHN"], (1980, 2021)
ECONOMIES = ["JPN", "DEU", "FRA", "KOR", "SGP", "CHN"]
TRADE_YEARS = (1996, 2025)
CHART_COUNTRIES = ["JPN", "KOR", "SGP"]
GROWTH_FROM, GROWTH_TO = 2007, 2024


# ---------------------------------------------------------------- 1. patents: the catch-up trace


def _patents(indicator: str) -> pd.DataFrame:
    return data.table(indicator, PATENT_COUNTRIES, PATENT_YEARS)


def _shares() -> pd.DataFrame:
    residents = _patents(RESIDENTS)
    return 100 * residents / (residents + _patents(NONRESIDENTS))


resident_share = Task(
    id="l1.resident_share",
    description="Residents' share (%) of patent applications in Japan, Korea and China, 1980–2021",
    expected=_shares,
    compare=Frame(rel=1e-6),
    hints=[
        "A share is a part divided by the whole: here the whole is residents plus non-residents.",
        "`data.table('patent_apps_residents', ['JPN', 'KOR', 'CHN'], (1980, 2021))` is a table "
        "with one column per country; get the non-residents the same way, then combine them.",
        "`100 * residents / (residents + nonresidents)`, where both are such tables: pandas "
        "lines up the years and the countries for you.",
    ],
    solution_code=(
        "shares = (\n"
        "    100\n"
        '    * data.table("patent_apps_residents", ["JPN", "KOR", "CHN"], (1980, 2021))\n'
        "    / (\n"
        '        data.table("patent_apps_residents", ["JPN", "KOR", "CHN"], (1980, 2021))\n'
        '        + data.table("patent_apps_nonresidents", ["JPN", "KOR", "CHN"], (1980, 2021))\n'
        "    )\n"
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: 100 - _shares(),
            "That is the share of NON-residents (foreign applicants); the task asks for the "
            "share filed by residents.",
        ),
        Mistake(
            lambda: _patents(RESIDENTS) / _patents(NONRESIDENTS),
            "That divides residents by non-residents. A share divides residents by ALL "
            "applications, residents plus non-residents, and is multiplied by 100.",
        ),
    ],
    note="Japan's share has drifted down while China's and Korea's rose: who files where has "
    "changed since the catch-up years.",
)


# ---------------------------------------------------------------- 2. who became a net seller, when


def _ratio() -> pd.DataFrame:
    return data.table(RECEIPTS, ECONOMIES, TRADE_YEARS) / data.table(
        PAYMENTS, ECONOMIES, TRADE_YEARS
    )


def _first_above() -> pd.Series:
    import pandas as pd

    ratio = _ratio()
    years = {code: ratio[code][ratio[code] > 1].index.min() for code in ratio.columns}
    return pd.Series(years, dtype="float64").rename_axis("iso3")


crossovers = Task(
    id="l1.crossovers",
    description="The first year (1996–2025) each economy's IP receipts exceeded its payments",
    expected=_first_above,
    compare=SeriesOf(),
    hints=[
        "First make one table of coverage ratios (receipts ÷ payments) for all six economies, "
        "1996–2025; then find, column by column, the first year above 1.",
        "For one column `ratio`, `ratio[ratio > 1]` keeps only the years above 1, and "
        "`.index.min()` gives the first of them, or NaN when there is none.",
        "Apply that to every column: `table.apply(lambda ratio: ratio[ratio > 1].index.min())`.",
    ],
    solution_code=(
        "crossovers = (\n"
        '    data.table("ip_charges_receipts_usd", '
        '["JPN", "DEU", "FRA", "KOR", "SGP", "CHN"], (1996, 2025))\n'
        "    / data.table(\n"
        '        "ip_charges_payments_usd", '
        '["JPN", "DEU", "FRA", "KOR", "SGP", "CHN"], (1996, 2025)\n'
        "    )\n"
        ").apply(lambda ratio: ratio[ratio > 1].index.min())"
    ),
    mistakes=[
        Mistake(
            lambda: (_ratio() > 1).idxmax().astype("float64"),
            "Careful with `.idxmax()` on True/False columns: where receipts NEVER exceeded "
            "payments it still returns the first year (1996). Those economies should get NaN.",
        ),
    ],
    note="Japan crossed early; Germany later; Singapore only recently; Korea and China not yet.",
)


# ---------------------------------------------------------------- 3. know-how versus goods


def _growth(indicator: str) -> float:
    return data.value(indicator, "KOR", GROWTH_TO) / data.value(indicator, "KOR", GROWTH_FROM)


def _pair() -> tuple[float, float]:
    return _growth(RECEIPTS), _growth("hightech_exports_usd")


growth = Task(
    id="l1.growth",
    description="How many times larger Korea's IP receipts and high-tech exports were "
    "in 2024 than in 2007",
    expected=_pair,
    compare=Record(
        ("growth of IP receipts", Number(rel=1e-3)),
        ("growth of high-tech exports", Number(rel=1e-3)),
    ),
    hints=[
        "Two growth factors, each a 2024 value divided by the 2007 value; give them as a pair "
        "`(receipts_factor, hightech_factor)`.",
        "`data.value('ip_charges_receipts_usd', 'Korea', 2024)` is one of the four numbers; "
        "the high-tech indicator is `'hightech_exports_usd'`.",
        "`(data.value(R, 'Korea', 2024) / data.value(R, 'Korea', 2007), "
        "data.value(H, 'Korea', 2024) / data.value(H, 'Korea', 2007))`.",
    ],
    solution_code=(
        "growth = (\n"
        '    data.value("ip_charges_receipts_usd", "Korea", 2024)\n'
        '    / data.value("ip_charges_receipts_usd", "Korea", 2007),\n'
        '    data.value("hightech_exports_usd", "Korea", 2024)\n'
        '    / data.value("hightech_exports_usd", "Korea", 2007),\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _pair()[::-1],
            "The two are swapped: IP receipts first, high-tech exports second.",
        ),
        Mistake(
            lambda: tuple(100 * (f - 1) for f in _pair()),
            "Those are percentage changes. The task asks how many times larger: divide the 2024 "
            "value by the 2007 value and stop there.",
        ),
    ],
    note="Both grew for Korea, unlike Japan, whose high-tech goods exports shrank while its IP "
    "receipts grew.",
)


# ---------------------------------------------------------------- 4. the chart


coverage_chart = Task(
    id="l1.coverage_chart",
    description="A chart of the coverage ratio of Japan, Korea and Singapore, 1996–2025, "
    "with a reference line at 1",
    expected=lambda: (
        data.table(RECEIPTS, CHART_COUNTRIES, TRADE_YEARS)
        / data.table(PAYMENTS, CHART_COUNTRIES, TRADE_YEARS)
    ),
    compare=ReferenceLineChart(units=("ratio", "÷", "receipts"), level=1.0),
    hints=[
        "Make the table of ratios first (receipts ÷ payments, one column per economy), then "
        "hand it to `plots.line`.",
        "`plots.line(table, title=..., y_label=..., source=data.citation(), reference=...)`; "
        "the y label should say it is a ratio.",
        "`reference=(1.0, 'receipts = payments')` draws the line at 1, and "
        "`y_label='Coverage ratio (receipts ÷ payments)'` names the unit.",
    ],
    solution_code=(
        "chart = plots.line(\n"
        '    data.table("ip_charges_receipts_usd", ["JPN", "KOR", "SGP"], (1996, 2025))\n'
        '    / data.table("ip_charges_payments_usd", ["JPN", "KOR", "SGP"], (1996, 2025)),\n'
        '    title="Technology trade: receipts ÷ payments for the use of IP",\n'
        '    y_label="Coverage ratio (receipts ÷ payments)",\n'
        "    source=data.citation(),\n"
        '    reference=(1.0, "receipts = payments"),\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: (
                data.table(PAYMENTS, CHART_COUNTRIES, TRADE_YEARS)
                / data.table(RECEIPTS, CHART_COUNTRIES, TRADE_YEARS)
            ),
            "Your lines are payments ÷ receipts, upside down: the coverage ratio is receipts "
            "÷ payments.",
        )
    ],
    note="Only Japan's line stays above 1 from the early 2000s on; Singapore touches it once.",
)
