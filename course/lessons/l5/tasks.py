"""Checks for lesson 5's exercise (``solutions/05_tech_superiority_exercise.ipynb``).

Learners use them as ``from course.lessons import l5`` then ``l5.china_multiple.check(x)``.
Every expected answer is computed from ``course.data`` when a check runs; the tasks ask
what high-tech export figures say, and do not say, about technological superiority.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course import data
from course.checks.charts import LineChart
from course.checks.compare import Number, Year
from course.checks.core import Mistake, Task
from course.checks.sequences import Items
from course.checks.tables import SeriesOf

if TYPE_CHECKING:
    import pandas as pd

VALUE = "hightech_exports_usd"
SHARE = "hightech_exports_pct_manuf_exports"
FIVE = ["JPN", "CHN", "USA", "KOR", "DEU"]
YEARS = (2007, 2024)
LATEST = 2024
CHART = ["JPN", "CHN", "KOR", "USA"]


def _multiple(indicator: str) -> float:
    return data.value(indicator, "CHN", LATEST) / data.value(indicator, "JPN", LATEST)


china_multiple = Task(
    id="l5.china_multiple",
    description="How many times larger China's high-tech exports were than Japan's in 2024",
    expected=lambda: _multiple(VALUE),
    compare=Number(rel=1e-3),
    hints=[
        "Look up two values of the same indicator and year, then divide one by the other.",
        "The value of high-tech exports is `'hightech_exports_usd'`; use "
        "`data.value(indicator, country, 2024)` for China and for Japan.",
        "Divide China's value by Japan's: `data.value(..., 'China', 2024) / "
        "data.value(..., 'Japan', 2024)`.",
    ],
    solution_code=(
        'multiple = data.value("hightech_exports_usd", "China", 2024) / data.value(\n'
        '    "hightech_exports_usd", "Japan", 2024\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _multiple(SHARE),
            "That compares the two shares of manufactured exports (a percentage of each "
            "country's own exports). The task compares the values in US dollars: use "
            "`'hightech_exports_usd'`.",
        ),
    ],
    note="China sells more than eight times as much; the paper calls this production "
    "capacity, which is not the same as superiority.",
)


def _five(indicator: str = VALUE) -> pd.DataFrame:
    return data.table(indicator, FIVE, YEARS)


def _japan_share() -> pd.Series:
    five = _five()
    return 100 * five["JPN"] / five.sum(axis=1)


def _japan_vs_others() -> pd.Series:
    five = _five()
    return 100 * five["JPN"] / five.drop(columns="JPN").sum(axis=1)


japan_share = Task(
    id="l5.japan_share",
    description="Japan's share (%) of the five economies' combined high-tech exports, 2007–2024",
    expected=_japan_share,
    compare=SeriesOf(rel=1e-4),
    hints=[
        "Get one table with all five economies, add up each year's row, then divide "
        "Japan's column by that total.",
        "`data.table('hightech_exports_usd', ['JPN', 'CHN', 'USA', 'KOR', 'DEU'], "
        "(2007, 2024))` has one column per economy; `.sum(axis=1)` adds across a row.",
        "`100 * table['JPN'] / table.sum(axis=1)` gives a percentage for every year.",
    ],
    solution_code=(
        "japan_share = data.table(\n"
        '    "hightech_exports_usd", ["JPN", "CHN", "USA", "KOR", "DEU"], (2007, 2024)\n'
        ').apply(lambda year: 100 * year["JPN"] / year.sum(), axis=1)'
    ),
    mistakes=[
        Mistake(
            _japan_vs_others,
            "You divided by the other four economies only. The total of the group "
            "includes Japan itself: add all five columns.",
        ),
    ],
    note="Japan's part of the group's total roughly halved over these years, while its "
    "own sales in dollars changed much less.",
)


def _order(indicator: str) -> list[str]:
    row = data.table(indicator, FIVE, LATEST).iloc[0]
    return list(row.sort_values(ascending=False).index)


share_order = Task(
    id="l5.share_order",
    description="The five economies ordered by high-tech share of manufactured exports, 2024",
    expected=lambda: _order(SHARE),
    compare=Items(ordered=True, key=data.economy_key),
    hints=[
        "Take the 2024 row of the share indicator for the five economies and sort it "
        "from the largest value down.",
        "`data.table('hightech_exports_pct_manuf_exports', [...five codes...], 2024)` has "
        "one row; `.iloc[0]` turns it into a Series with the economies as its index.",
        "`.sort_values(ascending=False).index` gives the economies in order; wrap it in "
        "`list(...)`.",
    ],
    solution_code=(
        "share_order = list(\n"
        '    data.table("hightech_exports_pct_manuf_exports", ["JPN", "CHN", "USA", "KOR", '
        '"DEU"], 2024)\n'
        "    .iloc[0]\n"
        "    .sort_values(ascending=False)\n"
        "    .index\n"
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _order(VALUE),
            "That is the order by value in US dollars. The task asks for the order by "
            "share of manufactured exports: use `'hightech_exports_pct_manuf_exports'`.",
        ),
        Mistake(
            lambda: _order(SHARE)[::-1],
            "That is the order from the smallest share up; the task asks for the largest first.",
        ),
    ],
    note="By share Korea leads and China is second; by value China leads by far. "
    "Japan comes last on both measures.",
)


def _legacy_year(country: str) -> int:
    frame = data.legacy(2018)
    series = frame[frame.iso3 == country].set_index("year")[VALUE].dropna()
    return int(series.index.min())


def _overtake() -> int:
    table = data.legacy(2018).pivot(index="year", columns="iso3", values=VALUE)
    return int((table["CHN"] > table["JPN"]).idxmax())


overtake_year = Task(
    id="l5.overtake_year",
    description="The first year China's high-tech exports exceeded Japan's (2018 vintage of WDI)",
    expected=_overtake,
    compare=Year(),
    hints=[
        "The current series starts in 2007, when China was already ahead; the older "
        "file from `data.legacy(2018)` goes back to 1988.",
        "`data.legacy(2018)` is a long table; `.pivot(index='year', columns='iso3', "
        "values='hightech_exports_usd')` gives one column per economy.",
        "Compare the columns, `table['CHN'] > table['JPN']` (or `table.eval('CHN > JPN')`), "
        "and take the first True with `.idxmax()`.",
    ],
    solution_code=(
        "overtake = (\n"
        "    data.legacy(vintage=2018)\n"
        '    .pivot(index="year", columns="iso3", values="hightech_exports_usd")\n'
        '    .eval("CHN > JPN")\n'
        "    .idxmax()\n"
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: int(data.table(VALUE, "CHN").dropna().index.min()),
            "That is the first year of the current series, in which China is already "
            "ahead. Use the 2018 vintage (`data.legacy(2018)`), which starts earlier.",
        ),
        Mistake(
            lambda: _legacy_year("CHN"),
            "That is the first year China reports at all in the 2018 vintage, when its "
            "exports were still far below Japan's.",
        ),
    ],
    note="China passed Japan years before the current series begins: the 2018 vintage "
    "shows the moment the current one cannot.",
)


hightech_chart = Task(
    id="l5.hightech_chart",
    description="A chart of high-tech exports (US$) of Japan, China, Korea and the US, 2007–2024",
    expected=lambda: data.table(VALUE, CHART, YEARS),
    compare=LineChart(),
    hints=[
        "`course.plots` has a function that charts one indicator for several countries.",
        "`plots.indicator_chart(indicator, countries, years)` with `'hightech_exports_usd'`, "
        "four countries and `(2007, 2024)`.",
        "`plots.indicator_chart('hightech_exports_usd', ['Japan', 'China', 'Korea', "
        "'United States'], (2007, 2024))`.",
    ],
    solution_code=(
        "chart = plots.indicator_chart(\n"
        '    "hightech_exports_usd", ["Japan", "China", "Korea", "United States"], (2007, 2024)\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: data.table(SHARE, CHART, YEARS),
            "Your chart shows the share of manufactured exports. The task asks for the "
            "value in US dollars: `'hightech_exports_usd'`.",
        ),
    ],
    note="Japan's line drifts down while China's climbs steeply; a share of "
    "manufactured exports would tell a different story.",
)
