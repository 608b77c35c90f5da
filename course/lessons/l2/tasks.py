"""Checks for lesson 2's exercise (``solutions/02_policy_framework_exercise.ipynb``).

The exercise tests the article's picture of "disciplined public investment" that keeps
Japan at the forefront against World Bank data on R&D intensity and researchers, and
against the NSF's table of who pays for Japan's R&D.
Learners use ``from course.lessons import l2`` then ``l2.rd_gap.check(gap)``. Every
expected answer is computed from ``course.data`` when a check runs.
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

RD = "rd_expenditure_pct_gdp"
RESEARCHERS = "researchers_per_million"
GAP_YEARS = (2000, 2023)
FIRST, LAST = GAP_YEARS
INDEX_YEARS = (2000, 2022)
INDEX_COUNTRIES = ["JPN", "KOR", "DEU", "OED"]


def _rd(country: str, years: data.Years = GAP_YEARS) -> pd.Series:
    return data.table(RD, country, years)[data.country_code(country)]


def _gap() -> pd.Series:
    return _rd("JPN") - _rd("OED")


rd_gap = Task(
    id="l2.rd_gap",
    description="Japan's R&D intensity minus the OECD aggregate's, each year 2000–2023",
    expected=_gap,
    compare=SeriesOf(rel=1e-4),
    hints=[
        "Make two Series, one for Japan and one for the OECD aggregate, over 2000–2023, "
        "then subtract.",
        "`data.table('rd_expenditure_pct_gdp', 'OECD', (2000, 2023))` gives a table with one "
        "column, `'OED'`; Japan's has the column `'JPN'`.",
        "Subtract the OECD column from the Japan column: pandas lines the years up.",
    ],
    solution_code=(
        "gap = (\n"
        '    data.table("rd_expenditure_pct_gdp", "Japan", (2000, 2023))["JPN"]\n'
        '    - data.table("rd_expenditure_pct_gdp", "OECD", (2000, 2023))["OED"]\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _rd("JPN") / _rd("OED"),
            "That is the ratio of the two intensities; the gap is Japan's value minus the "
            "OECD's, in percentage points.",
        )
    ],
    note="Japan stays above the OECD aggregate in every year, but by how much changes.",
)


def _gap_change() -> float:
    gap = _gap()
    return float(gap.loc[LAST] - gap.loc[FIRST])


gap_change = Task(
    id="l2.gap_change",
    description="How much the gap between Japan and the OECD changed from 2000 to 2023 "
    "(percentage points)",
    expected=_gap_change,
    compare=Number(rel=1e-3),
    hints=[
        "Take the gap in the last year and subtract the gap in the first year.",
        "Recompute the gap, or reuse your Series from task 1, and pick two years with "
        "`.loc[2023]` and `.loc[2000]`.",
        "`gap.loc[2023] - gap.loc[2000]`: negative means Japan's lead has narrowed.",
    ],
    solution_code=(
        "gap_change = (\n"
        '    data.table("rd_expenditure_pct_gdp", ["JPN", "OED"], [2000, 2023])\n'
        '    .pipe(lambda table: table["JPN"] - table["OED"])\n'
        "    .pipe(lambda gap: gap.loc[2023] - gap.loc[2000])\n"
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: float(_gap().loc[LAST] / _gap().loc[FIRST]),
            "That is how many times larger the gap is; the task asks for the difference "
            "between the two gaps, in percentage points.",
        ),
        Mistake(
            lambda: float(_rd("JPN").loc[LAST] - _rd("JPN").loc[FIRST]),
            "That is the change in Japan's own R&D intensity; the task asks how the gap "
            "to the OECD changed.",
        ),
    ],
    note="A small negative number: Japan's lead over the OECD aggregate has narrowed a little.",
)


def _outpaced(*, slower: bool = False) -> list[str]:
    """Comparators whose R&D intensity rose by more points than Japan's (or not, if slower)."""
    table = data.table(RD, ["JPN", *data.COMPARATORS], [FIRST, LAST])
    change = (table.loc[LAST] - table.loc[FIRST]).dropna()
    others = change.drop("JPN")
    chosen = others <= change["JPN"] if slower else others > change["JPN"]
    return list(others[chosen].index)


outpaced = Task(
    id="l2.outpaced",
    description="The comparators whose R&D intensity rose by more percentage points than "
    "Japan's, 2000–2023",
    expected=_outpaced,
    compare=Items(ordered=False, key=lambda name: data.country_code(str(name))),
    hints=[
        "Compute each country's change from 2000 to 2023 in one go, then keep those above "
        "Japan's change.",
        "`data.table(indicator, ['JPN', *data.COMPARATORS], [2000, 2023])` has two rows; "
        "the row for 2023 minus the row for 2000 is a Series of changes. India has no "
        "2023 figure: `.dropna()` removes it.",
        "With `change` that Series: `list(change[change > change['JPN']].index)` lists "
        "them (Japan itself is not above its own change).",
    ],
    solution_code=(
        "outpaced = (\n"
        '    data.table("rd_expenditure_pct_gdp", ["JPN", *data.COMPARATORS], [2000, 2023])\n'
        "    .pipe(lambda table: table.loc[2023] - table.loc[2000])\n"
        '    .pipe(lambda change: list(change[change > change["JPN"]].index))\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _outpaced(slower=True),
            "Those are the comparators whose R&D intensity rose by less than Japan's (or "
            "fell); the task asks for those that rose by more.",
        )
    ],
    note="Most comparators outpaced Japan over this period, Korea and China by far.",
)


def _indexed() -> pd.DataFrame:
    table = data.table(RESEARCHERS, INDEX_COUNTRIES, INDEX_YEARS)
    return table / table.loc[INDEX_YEARS[0]] * 100


researchers_chart = Task(
    id="l2.researchers_chart",
    description="A chart of researchers per million, indexed to 2000 = 100, for Japan, Korea, "
    "Germany and the OECD, 2000–2022",
    expected=_indexed,
    compare=LineChart(units=("index", "2000 = 100")),
    hints=[
        "Get the table first, then divide every row by the row for 2000 and multiply by 100.",
        "`table = data.table('researchers_per_million', ['JPN', 'KOR', 'DEU', 'OED'], "
        "(2000, 2022))`; then `table / table.loc[2000] * 100`.",
        "`plots.line(indexed, title=..., y_label='Index (2000 = 100)', "
        "source=data.citation())` draws it.",
    ],
    solution_code=(
        "chart = plots.line(\n"
        '    data.table("researchers_per_million", ["JPN", "KOR", "DEU", "OED"], (2000, 2022))'
        ".pipe(\n"
        "        lambda table: table / table.loc[2000] * 100\n"
        "    ),\n"
        '    title="Researchers per million people (2000 = 100)",\n'
        '    y_label="Index (2000 = 100)",\n'
        "    source=data.citation(),\n"
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: data.table(RESEARCHERS, INDEX_COUNTRIES, INDEX_YEARS),
            "Those are the raw numbers of researchers per million; divide each country's "
            "column by its 2000 value and multiply by 100 to index it.",
        )
    ],
    note="Indexed, Japan's line is the flattest: the others grew from lower starting points.",
)


GOVERNMENT_SHARE = "gerd_share_funded_by_government"
PUBLIC_YEAR = 2021


def _funding_share(indicator: str = GOVERNMENT_SHARE) -> float:
    rows = data.sei("sei_gerd", indicators=indicator, countries="JPN", years=PUBLIC_YEAR)
    return float(rows.value.iloc[0])


def _public_rd(indicator: str = GOVERNMENT_SHARE) -> float:
    return _funding_share(indicator) / 100 * data.value(RD, "JPN", PUBLIC_YEAR)


public_rd = Task(
    id="l2.public_rd",
    description="Government-funded R&D in Japan in 2021, as a percentage of GDP",
    expected=_public_rd,
    compare=Number(rel=1e-3),
    hints=[
        "Multiply the share of Japan's R&D that the government paid for by Japan's R&D "
        "intensity in the same year. The share is in per cent of R&D: divide it by 100.",
        "`data.sei('sei_gerd', indicators='gerd_share_funded_by_government', "
        "countries='JPN', years=2021)` has one row; its `value` is the share. "
        "`data.value('rd_expenditure_pct_gdp', 'JPN', 2021)` is the intensity.",
        "`share / 100 * intensity`, with `share = rows.value.iloc[0]`.",
    ],
    solution_code=(
        "public_rd = (\n"
        "    data.sei(\n"
        '        "sei_gerd", indicators="gerd_share_funded_by_government", countries="JPN", '
        "years=2021\n"
        "    ).value.iloc[0]\n"
        "    / 100\n"
        '    * data.value("rd_expenditure_pct_gdp", "JPN", 2021)\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _public_rd() * 100,
            "The share is in per cent of R&D: divide it by 100 before multiplying by R&D "
            "intensity.",
        ),
        Mistake(
            lambda: _funding_share(),
            "That is the government's share of Japan's R&D (per cent of R&D); multiply it, as "
            "a fraction, by R&D intensity to get a share of GDP.",
        ),
        Mistake(
            lambda: _public_rd("gerd_share_funded_by_business"),
            "That is the business-funded part; the task asks for the part the government paid for.",
        ),
    ],
    note="About half of one per cent of GDP: the Basic Plans aim at 1 %, counted on a "
    "broader budget basis.",
)
