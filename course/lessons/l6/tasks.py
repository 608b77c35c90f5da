"""Checks for lesson 6 (economic security): the lesson's try-it cell and its exercise.

Learners use them as ``from course.lessons import l6`` then ``l6.ip_hhi.check(hhi)``.
Shares and the HHI are computed over a constant set of reporting countries.
Every expected answer is computed from ``course.data`` when a check runs. The exercise is
``solutions/06_economic_security_exercise.ipynb``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course import data
from course.checks.compare import Number
from course.checks.core import Mistake, Task
from course.checks.tables import Frame, SeriesOf

if TYPE_CHECKING:
    import pandas as pd

IP = "ip_charges_receipts_usd"
MVA = "medhightech_mva_pct_mva"
SHARE_YEARS = (2000, 2024)
RANK_YEAR = 2022


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


def reporters_every_year(years: tuple[int, int] = SHARE_YEARS) -> pd.DataFrame:
    """IP receipts (rows: years) of the countries that reported in every year of ``years``.

    Holding this set constant keeps shares and the HHI comparable over time: the World
    total is the sum of whoever reported, and far more countries report now than in 2000.
    """
    return data.table(IP, None, years).dropna(axis=1)


reporters = Task(
    id="l6.reporters",
    description=(
        "A table of IP receipts, 2000–2024 (rows: years), of the countries that reported in "
        "every one of those years"
    ),
    expected=reporters_every_year,
    compare=Frame(rel=0.001),
    hints=[
        "Take every country's receipts for 2000–2024, then drop each country (column) that "
        "has a missing value in any year.",
        "`data.table('ip_charges_receipts_usd', None, (2000, 2024))` has one column per "
        "country and one row per year.",
        "`.dropna(axis=1)` drops every column (country) with a missing value; plain "
        "`.dropna()` would drop rows (years) instead.",
    ],
    solution_code=(
        'table = data.table("ip_charges_receipts_usd", None, (2000, 2024)).dropna(axis=1)'
    ),
    mistakes=[
        Mistake(
            lambda: data.table(IP, None, SHARE_YEARS),
            "That keeps every country, including those with missing years, so the set of "
            "countries still changes from year to year: drop them with `.dropna(axis=1)`.",
        )
    ],
    note="55 countries reported in every year; between them they earn most of the World total.",
)


def _ip_share() -> pd.Series:
    table = reporters_every_year()
    return 100 * table["JPN"] / table.sum(axis=1)


def _world_share() -> pd.Series:
    table = data.table(IP, ["JPN", "WLD"], SHARE_YEARS)
    return 100 * table["JPN"] / table["WLD"]


ip_share = Task(
    id="l6.ip_share",
    description=(
        "Japan's share (%) of the IP receipts of the countries that reported in every year, "
        "2000–2024"
    ),
    expected=_ip_share,
    compare=SeriesOf(rel=0.001),
    hints=[
        "Use the table from task 1 (the countries that reported in every year): divide "
        "Japan's column by the row totals, year by year, and multiply by 100.",
        "`table['JPN']` is Japan's receipts; `table.sum(axis=1)` adds up each row (year) "
        "across the countries.",
        "`100 * table['JPN'] / table.sum(axis=1)`.",
    ],
    solution_code=(
        "ip_share = (\n"
        '    data.table("ip_charges_receipts_usd", None, (2000, 2024))\n'
        "    .dropna(axis=1)\n"
        '    .apply(lambda year: 100 * year["JPN"] / year.sum(), axis=1)\n'
        ")"
    ),
    mistakes=[
        Mistake(
            _world_share,
            "That is Japan's share of the World total, the sum over whoever reported, which "
            "grows as more countries report (82 in 2000, 123 in 2024). Keep only the countries "
            "with a value in every year (`.dropna(axis=1)`) and divide by their sum.",
        ),
    ],
    note=(
        "Among the same countries, Japan's share fell from about 12.5 % to about 10 %: a "
        "smaller fall than in its share of the World total, part of which came from new "
        "reporters."
    ),
)


def _hhi() -> pd.Series:
    table = reporters_every_year()
    return ((100 * table.div(table.sum(axis=1), axis=0)) ** 2).sum(axis=1)


def _hhi_all_reporters() -> pd.Series:
    table = data.table(IP, None, SHARE_YEARS)
    world = data.table(IP, "WLD", SHARE_YEARS)["WLD"]
    return ((100 * table.div(world, axis=0)) ** 2).sum(axis=1)


ip_hhi = Task(
    id="l6.ip_hhi",
    description=(
        "The Herfindahl–Hirschman index of IP receipts, 2000–2024, over the countries that "
        "reported in every year"
    ),
    expected=_hhi,
    compare=SeriesOf(rel=0.001),
    hints=[
        "HHI = the sum of every supplier's share squared, with shares in % (0–100). Here the "
        "suppliers are countries; compute one HHI per year over the countries of task 1.",
        "With `table` from task 1, each year's shares are "
        "`100 * table.div(table.sum(axis=1), axis=0)` (each row divided by its own total).",
        "Square the shares and add them up across countries: `(shares ** 2).sum(axis=1)`.",
    ],
    solution_code=(
        "hhi = (\n"
        '    data.table("ip_charges_receipts_usd", None, (2000, 2024))\n'
        "    .dropna(axis=1)\n"
        "    .apply(lambda year: (100 * year / year.sum()) ** 2, axis=1)\n"
        "    .sum(axis=1)\n"
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _hhi() / 10_000,
            "You used shares as fractions (0–1). The HHI squares shares in per cent (0–100), "
            "so a monopoly scores 10,000: multiply the shares by 100 before squaring.",
        ),
        Mistake(
            _hhi_all_reporters,
            "That counts every country that reported in each year, so the set changes "
            "from year to year. Keep the countries with a value in every year, as in task 1.",
        ),
    ],
    note=(
        "Even among the same countries the index halved between 2000 and 2024: income "
        "from technology is less concentrated than it was."
    ),
)
