"""Checks for lesson 4's exercise (``solutions/04_st_diplomacy_exercise.ipynb``).

Learners use them as ``from course.lessons import l4`` then ``l4.world_share.check(shares)``.
The questions come from the article [001]: is Japan's share of the world's research papers
falling, when did China pass it, and how much research did e-ASIA's founders bring?
Every expected answer is computed from ``course.data`` when a check runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course import data
from course.checks.charts import LineChart
from course.checks.compare import Number, Year
from course.checks.core import Mistake, Task
from course.checks.tables import Frame

if TYPE_CHECKING:
    import pandas as pd

ARTICLES = "sci_tech_journal_articles"
TRIO = ["JPN", "CHN", "KOR"]
FOUNDERS = ["IDN", "LAO", "MYS", "MMR", "PHL", "THA", "VNM"]
"""e-ASIA JRP's founding countries other than Japan, as the article lists them."""
WANTED = ["CHN", "KOR", "SGP", "USA"]
"""The four countries the article says e-ASIA most needed."""
E_ASIA_YEAR = 2012
YEARS = (1996, 2023)
"""The years of the current journal-article series."""


def _shares(world: str = "WLD") -> pd.DataFrame:
    """Shares (%) of the world's journal articles, JPN/CHN/KOR, every year with data."""
    counts = data.table(ARTICLES, [*TRIO, world], YEARS)
    return counts[TRIO].div(counts[world], axis=0) * 100


def _trio_total() -> pd.DataFrame:
    """The typical slip: shares of the three countries' own total instead of the world's."""
    counts = data.table(ARTICLES, TRIO, YEARS)
    return counts.div(counts.sum(axis=1), axis=0) * 100


def _change() -> float:
    shares = _shares()
    return float(shares.loc[2012, "JPN"] - shares.loc[2000, "JPN"])


def _articles(codes: list[str]) -> float:
    return float(data.table(ARTICLES, codes, E_ASIA_YEAR).sum(axis=1).iloc[0])


# Worked answers, exactly as the solution notebook runs them; each one stands alone.
SHARES_SOLUTION = """\
shares = (
    data.table("sci_tech_journal_articles", ["JPN", "CHN", "KOR"], (1996, 2023)).div(
        data.table("sci_tech_journal_articles", "WLD", (1996, 2023))["WLD"], axis=0
    )
    * 100
)"""
CHANGE_SOLUTION = """\
change = (
    data.value("sci_tech_journal_articles", "JPN", 2012)
    / data.value("sci_tech_journal_articles", "WLD", 2012)
    - data.value("sci_tech_journal_articles", "JPN", 2000)
    / data.value("sci_tech_journal_articles", "WLD", 2000)
) * 100"""
PASSED_SOLUTION = """\
passed = (
    data.table("sci_tech_journal_articles", "CHN", (1996, 2023))["CHN"]
    > data.table("sci_tech_journal_articles", "JPN", (1996, 2023))["JPN"]
).idxmax()"""
RATIO_SOLUTION = """\
ratio = (
    data.table("sci_tech_journal_articles", ["CHN", "KOR", "SGP", "USA"], 2012).sum(axis=1)
    / data.table(
        "sci_tech_journal_articles", ["IDN", "LAO", "MYS", "MMR", "PHL", "THA", "VNM"], 2012
    ).sum(axis=1)
).iloc[0]"""
CHART_SOLUTION = """\
chart = plots.line(
    data.table("sci_tech_journal_articles", ["JPN", "CHN", "KOR"], (1996, 2023)).div(
        data.table("sci_tech_journal_articles", "WLD", (1996, 2023))["WLD"], axis=0
    )
    * 100,
    title="Shares of the world's journal articles",
    y_label="Share of world articles (%)",
    source=data.citation(),
)"""

world_share = Task(
    id="l4.world_share",
    description="Japan's, China's and Korea's shares (%) of the world's journal articles, "
    "1996–2023",
    expected=_shares,
    compare=Frame(rel=1e-6),
    hints=[
        "A share of the world is a country's count divided by the world's count (code 'WLD'), "
        "times 100, year by year.",
        "In the table `articles`, `articles[['JPN', 'CHN', 'KOR']]` is the three countries and "
        "`articles['WLD']` the world.",
        "Divide the three columns by the world column row by row, "
        "`articles[['JPN', 'CHN', 'KOR']].div(articles['WLD'], axis=0)`, then multiply by 100.",
    ],
    solution_code=SHARES_SOLUTION,
    mistakes=[
        Mistake(
            _trio_total,
            "Those are shares of the three countries' own total. The article's claim is "
            "about a share of the whole world: divide by the 'WLD' column.",
        ),
        Mistake(
            lambda: _shares().div(100),
            "Those are fractions of one; the task asks for percentages, so multiply by 100.",
        ),
    ],
    note="Japan's share peaks in the late 1990s and then falls in every single year.",
)

share_change = Task(
    id="l4.share_change",
    description="The change in Japan's share of world articles from 2000 to 2012, in points",
    expected=_change,
    compare=Number(rel=1e-6),
    hints=[
        "Take Japan's share in 2012 and subtract its share in 2000: a change in percentage points.",
        "`shares.loc[2012, 'JPN']` is one value of your table from task 1.",
        "`shares.loc[2012, 'JPN'] - shares.loc[2000, 'JPN']`: the answer is negative.",
    ],
    solution_code=CHANGE_SOLUTION,
    mistakes=[
        Mistake(
            lambda: _change() / float(_shares().loc[2000, "JPN"]) * 100,
            "That is the relative change in per cent. The task asks for the difference "
            "of the two shares, in percentage points.",
        ),
        Mistake(
            lambda: float(_shares().loc[2012, "CHN"] - _shares().loc[2000, "CHN"]),
            "That is China's change; the task asks about Japan's column.",
        ),
    ],
    note="A fall of this size in twelve years is what the article calls Japan's relative decline.",
)

china_passes = Task(
    id="l4.china_passes",
    description="The first year China's share of world articles exceeded Japan's",
    expected=lambda: int((_shares()["CHN"] > _shares()["JPN"]).idxmax()),
    compare=Year(),
    hints=[
        "Compare two columns of your table year by year. (Both shares divide by the same "
        "world total, so comparing the counts gives the same answer.)",
        "`shares['CHN'] > shares['JPN']` is a Series of True/False, one per year.",
        "The first True is at `.idxmax()` of that Series.",
    ],
    solution_code=PASSED_SOLUTION,
    mistakes=[
        Mistake(
            lambda: int((_shares()["KOR"] > _shares()["JPN"]).idxmax()),
            "That compares Korea with Japan; Korea never passes Japan in these data, so "
            "`.idxmax()` returns the first year. Compare China's column.",
        )
    ],
    note="It happened years before the 2008 CSTP report; the 2014 download puts it later.",
)

e_asia_ratio = Task(
    id="l4.e_asia_ratio",
    description="How many times as many articles (2012) the four wanted countries published "
    "as e-ASIA's seven other founders",
    expected=lambda: _articles(WANTED) / _articles(FOUNDERS),
    compare=Number(rel=1e-4),
    hints=[
        "Add up the 2012 articles of each group, then divide the four wanted countries' "
        "total by the seven founders' total.",
        "`data.table('sci_tech_journal_articles', countries, 2012)` gives one row; "
        "`.sum(axis=1)` adds the countries up.",
        "Use the lists `wanted` and `founders` in the cell: divide the sum for `wanted` by "
        "the sum for `founders`, then take the single value out with `.iloc[0]`.",
    ],
    solution_code=RATIO_SOLUTION,
    mistakes=[
        Mistake(
            lambda: _articles(WANTED) / _articles([*FOUNDERS, "JPN"]),
            "You counted Japan among the founders. The task compares the four with the "
            "seven founders other than Japan.",
        )
    ],
    note="The countries e-ASIA lacked dwarfed the partners it had: the article's point in numbers.",
)

share_chart = Task(
    id="l4.share_chart",
    description="A line chart of the three shares of world journal articles, 1996–2023",
    expected=_shares,
    compare=LineChart(units=("%", "per cent", "percent")),
    hints=[
        "Your table `shares` from task 1 is ready to plot: `plots.line(table, title=..., "
        "y_label=..., source=...)`.",
        "Put the unit in the y label, e.g. 'Share of world articles (%)'.",
        "`plots.line(shares, title='...', y_label='Share of world articles (%)', "
        "source=data.citation())`.",
    ],
    solution_code=CHART_SOLUTION,
    mistakes=[
        Mistake(
            lambda: data.table(ARTICLES, TRIO, YEARS),
            "Your chart shows numbers of articles. The task asks for shares of the world's "
            "total: divide each country by the 'WLD' count and multiply by 100.",
        )
    ],
    note="Look at where the Japan and China lines cross: the year you found in task 3.",
)
