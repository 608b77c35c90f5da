"""Checks for lesson 6 (economic security): the lesson's try-it cell and its exercise.

Learners use them as ``from course.checks import l6`` then ``l6.ip_hhi.check(hhi)``.
Every expected answer is computed from ``course.data`` when a check runs. The exercise is
``solutions/06_economic_security_exercise.ipynb``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course import data
from course.checks.charts import LineChart
from course.checks.compare import Number
from course.checks.core import Mistake, Task
from course.checks.sequences import Items
from course.checks.tables import SeriesOf

if TYPE_CHECKING:
    import pandas as pd

IP = "ip_charges_receipts_usd"
MVA = "medhightech_mva_pct_mva"
EXPORTS = "medhightech_exports_pct_manuf_exports"
PEERS = ("JPN", "CHN", "KOR", "USA", "DEU")
SHARE_YEARS = (2000, 2024)
HHI_YEAR = 2024
RANK_YEAR = 2022
CHART_YEARS = (1990, 2022)


def _code(name: str) -> str:
    """A country name or code as its ISO3 code (what the ranking is compared by)."""
    return data.country_code(name)


# ---------------------------------------------------------------- the lesson's try-it task


def _mva(country: str) -> float:
    return data.value(MVA, country, RANK_YEAR)


korea_gap = Task(
    id="l6.korea_gap",
    description=(
        "How many percentage points Korea's medium- and high-tech share of manufacturing "
        "value added exceeded Japan's in 2022"
    ),
    expected=lambda: _mva("KOR") - _mva("JPN"),
    compare=Number(rel=0.001),
    hints=[
        "Look up two numbers with `data.value(indicator, country, year)` and subtract.",
        "The indicator is `'medhightech_mva_pct_mva'`; you need Korea and Japan in 2022.",
        "Korea's value minus Japan's: `data.value(..., 'Korea', 2022) - data.value(..., "
        "'Japan', 2022)`.",
    ],
    solution_code=(
        'gap = data.value("medhightech_mva_pct_mva", "Korea", 2022) - data.value(\n'
        '    "medhightech_mva_pct_mva", "Japan", 2022\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _mva("KOR") / _mva("JPN"),
            "That is a ratio (how many times larger); the task asks for the difference in "
            "percentage points, so subtract.",
        )
    ],
    note="Korea's manufacturing leans more on medium and high technology than Japan's.",
)


# ---------------------------------------------------------------- the exercise


def _ip_share() -> pd.Series:
    table = data.table(IP, ["JPN", "WLD"], SHARE_YEARS)
    return 100 * table["JPN"] / table["WLD"]


ip_share = Task(
    id="l6.ip_share",
    description="Japan's share (%) of world receipts for the use of IP, 2000–2024",
    expected=_ip_share,
    compare=SeriesOf(rel=0.001),
    hints=[
        "Make two Series for 2000–2024, Japan's receipts and the world's, then divide and "
        "multiply by 100.",
        "`data.table('ip_charges_receipts_usd', ['Japan', 'World'], (2000, 2024))` gives both "
        "as columns `'JPN'` and `'WLD'`.",
        "`100 * table['JPN'] / table['WLD']`, with `table` the result of the call above.",
    ],
    solution_code=(
        "ip_share = (\n"
        "    100\n"
        '    * data.table("ip_charges_receipts_usd", "Japan", (2000, 2024))["JPN"]\n'
        '    / data.table("ip_charges_receipts_usd", "World", (2000, 2024))["WLD"]\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: (
                100
                * data.table(IP, "JPN", SHARE_YEARS)["JPN"]
                / data.table(IP, "USA", SHARE_YEARS)["USA"]
            ),
            "That divides by the United States' receipts; the task asks for Japan's share "
            "of the world's, so divide by the World series (code WLD).",
        )
    ],
    note="Japan's receipts grew several times over, yet its share of the world's fell.",
)


def _hhi(year: int = HHI_YEAR, *, aggregates: bool = False) -> float:
    receipts = data.panel(None, IP, year, aggregates=aggregates)["value"]
    return float(((100 * receipts / data.value(IP, "WLD", year)) ** 2).sum())


def _top10_hhi() -> float:
    receipts = data.panel(None, IP, HHI_YEAR)["value"].nlargest(10)
    return float(((100 * receipts / data.value(IP, "WLD", HHI_YEAR)) ** 2).sum())


ip_hhi = Task(
    id="l6.ip_hhi",
    description="The Herfindahl–Hirschman index of countries' IP receipts in 2024",
    expected=_hhi,
    compare=Number(rel=0.001),
    hints=[
        "HHI = the sum of every supplier's share squared, with shares in % (0–100). Here the "
        "suppliers are countries and the market is the world's receipts for IP.",
        "`data.panel(None, 'ip_charges_receipts_usd', 2024)` has one row per country (no "
        "aggregates) and a `'value'` column; the world total is "
        "`data.value('ip_charges_receipts_usd', 'World', 2024)`.",
        "Shares: `100 * values / world`; then square them and `.sum()` (missing values are "
        "skipped).",
    ],
    solution_code=(
        "hhi = (\n"
        "    (\n"
        "        100\n"
        '        * data.panel(None, "ip_charges_receipts_usd", 2024)["value"]\n'
        '        / data.value("ip_charges_receipts_usd", "World", 2024)\n'
        "    )\n"
        "    ** 2\n"
        ").sum()"
    ),
    mistakes=[
        Mistake(
            lambda: _hhi() / 10_000,
            "You used shares as fractions (0–1). The HHI squares shares in per cent (0–100), "
            "so a monopoly scores 10,000: multiply the shares by 100 before squaring.",
        ),
        Mistake(
            lambda: _hhi(aggregates=True),
            "Your sum includes regional and income aggregates such as World or OECD, which "
            "are not suppliers: keep countries only (`data.panel(None, ...)` does).",
        ),
        Mistake(
            _top10_hhi,
            "That counts only the ten largest countries; the HHI sums over every supplier.",
        ),
    ],
    note="Below the 1,800 'highly concentrated' line, and less than half its level of 2000.",
)


def _ranking(indicator: str = MVA) -> list[str]:
    values = data.snapshot(indicator, list(PEERS), RANK_YEAR)["value"]
    return [_code(name) for name in values.sort_values(ascending=False).index]


mva_ranking = Task(
    id="l6.mva_ranking",
    description=(
        "Japan, China, Korea, the United States and Germany ranked by medium- and high-tech "
        "share of manufacturing value added in 2022, highest first"
    ),
    expected=_ranking,
    compare=Items(ordered=True, key=_code),
    hints=[
        "Get the five values for 2022 in one table, then sort from highest to lowest.",
        "`data.snapshot('medhightech_mva_pct_mva', [...five countries...], 2022)` has a "
        "`'value'` column indexed by country name.",
        "`.sort_values('value', ascending=False)` puts the highest first; `.index.tolist()` "
        "gives the country names as a list.",
    ],
    solution_code=(
        "ranking = (\n"
        '    data.snapshot("medhightech_mva_pct_mva", ["Japan", "China", "Korea", "USA", '
        '"Germany"], 2022)\n'
        '    .sort_values("value", ascending=False)\n'
        "    .index.tolist()\n"
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _ranking()[::-1],
            "That is lowest first; the task asks for the highest share first (`ascending=False`).",
        ),
        Mistake(
            lambda: _ranking(EXPORTS),
            "That ranks the share of medium- and high-tech goods in *exports*; the task asks "
            "about manufacturing value added (`'medhightech_mva_pct_mva'`).",
        ),
    ],
    note="Japan is in the middle: above the United States and China, below Korea and Germany.",
)

exports_chart = Task(
    id="l6.exports_chart",
    description=(
        "A chart of the medium- and high-tech share of manufactured exports, Japan, China and "
        "Korea, 1990–2022"
    ),
    expected=lambda: data.table(EXPORTS, ["JPN", "CHN", "KOR"], CHART_YEARS),
    compare=LineChart(units=("%", "per cent", "percent", "share")),
    hints=[
        "Get the table first with `data.table(indicator, countries, years)`, then give it to "
        "`plots.line`.",
        "The indicator is `'medhightech_exports_pct_manuf_exports'`, the countries "
        "`['Japan', 'China', 'Korea']` and the years `(1990, 2022)`.",
        "`plots.line(table, title=..., y_label=..., source=data.citation())`; put the unit "
        "in the y label, e.g. 'Share of manufactured exports (%)'.",
    ],
    solution_code=(
        "chart = plots.line(\n"
        '    data.table("medhightech_exports_pct_manuf_exports", ["Japan", "China", "Korea"], '
        "(1990, 2022)),\n"
        '    title="Medium- and high-tech exports, Japan, China and Korea",\n'
        '    y_label="Share of manufactured exports (%)",\n'
        "    source=data.citation(),\n"
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: data.table(MVA, ["JPN", "CHN", "KOR"], CHART_YEARS),
            "Those look like shares of manufacturing value added; the task asks for the "
            "share of manufactured exports.",
        )
    ],
    note="China's share has climbed steeply; Japan's has stayed the highest of the three.",
)
