"""Checks for lesson 8's exercise (``solutions/08_capstone_exercise.ipynb``).

The exercise gathers evidence for a brief on a claim of article [001] (2013): Japan's
research spending was stagnating while China's rose. Learners compute a change between
two years, how far the gap between two countries narrowed, and R&D spending in US
dollars, then chart it, and see how much the choice of indicator changes the story.
Used as ``from course.lessons import l8`` then ``l8.rd_growth.check(growth)``. Every
expected answer is computed from ``course.data`` when a check runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course import data
from course.checks.charts import LineChart
from course.checks.compare import Number
from course.checks.core import Mistake, Task
from course.checks.tables import Frame

if TYPE_CHECKING:
    import pandas as pd

RD = "rd_expenditure_pct_gdp"
GDP = "gdp_usd"
FIRST, LAST = 2000, 2023
PAIR = ["JPN", "CHN"]


def _rd(country: str, year: int) -> float:
    return data.value(RD, country, year)


def _gap(year: int) -> float:
    return _rd("JPN", year) - _rd("CHN", year)


def _spending() -> pd.DataFrame:
    """R&D expenditure in current US dollars: the share of GDP (in %) times GDP, ÷ 100."""
    years = (FIRST, LAST)
    return data.table(RD, PAIR, years) / 100 * data.table(GDP, PAIR, years)


rd_growth = Task(
    id="l8.rd_growth",
    description="The per cent change in Japan's R&D expenditure (% of GDP) from 2000 to 2023",
    expected=lambda: (_rd("JPN", LAST) / _rd("JPN", FIRST) - 1) * 100,
    compare=Number(rel=1e-3),
    hints=[
        "A per cent change is (new ÷ old − 1) × 100: look up the two values first.",
        "`data.value('rd_expenditure_pct_gdp', 'Japan', 2000)` is the old value; use 2023 "
        "for the new one.",
        "Divide the 2023 value by the 2000 value, subtract 1, and multiply by 100.",
    ],
    solution_code=(
        "growth = (\n"
        '    data.value("rd_expenditure_pct_gdp", "JPN", 2023)\n'
        '    / data.value("rd_expenditure_pct_gdp", "JPN", 2000)\n'
        "    - 1\n"
        ") * 100"
    ),
    mistakes=[
        Mistake(
            lambda: _rd("JPN", LAST) - _rd("JPN", FIRST),
            "That is the change in percentage points (2023 minus 2000). A per cent change "
            "divides that difference by the 2000 value, then multiplies by 100.",
        ),
        Mistake(
            lambda: _rd("JPN", LAST) / _rd("JPN", FIRST),
            "That is the ratio 2023 ÷ 2000. Subtract 1 and multiply by 100 to turn it "
            "into a per cent change.",
        ),
        Mistake(
            lambda: (_rd("JPN", FIRST) / _rd("JPN", LAST) - 1) * 100,
            "You divided the wrong way round: the new value (2023) goes on top.",
        ),
    ],
    note="Both ways of saying it are true: a rise of well under one percentage point of GDP "
    "is a rise of about a fifth. A brief should say which one it means.",
)

gap_narrowed = Task(
    id="l8.gap_narrowed",
    description="How many percentage points the gap between Japan's and China's R&D "
    "intensity narrowed from 2000 to 2023",
    expected=lambda: _gap(FIRST) - _gap(LAST),
    compare=Number(rel=1e-3),
    hints=[
        "Work out the gap (Japan minus China) in 2000 and in 2023, then compare the two.",
        "The gap in a year is `data.value(..., 'Japan', year) - data.value(..., 'China', "
        "year)`; the indicator is `'rd_expenditure_pct_gdp'`.",
        "The gap narrowed by (gap in 2000) − (gap in 2023): a positive number.",
    ],
    solution_code=(
        "narrowed = (\n"
        '    data.value("rd_expenditure_pct_gdp", "JPN", 2000)\n'
        '    - data.value("rd_expenditure_pct_gdp", "CHN", 2000)\n'
        ") - (\n"
        '    data.value("rd_expenditure_pct_gdp", "JPN", 2023)\n'
        '    - data.value("rd_expenditure_pct_gdp", "CHN", 2023)\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _gap(LAST),
            "That is the gap in 2023 alone. The task asks how much it shrank since 2000: "
            "subtract the 2023 gap from the 2000 gap.",
        ),
        Mistake(
            lambda: _gap(FIRST),
            "That is the gap in 2000 alone; subtract the 2023 gap from it.",
        ),
    ],
    note="Japan still spends a larger share of its GDP on R&D than China, but the lead is "
    "less than half of what it was.",
)

spending = Task(
    id="l8.spending",
    description="Japan's and China's R&D expenditure in current US dollars, 2000–2023",
    expected=_spending,
    compare=Frame(rel=1e-4),
    hints=[
        "R&D expenditure in dollars is its share of GDP times GDP. The share is in per "
        "cent, so divide it by 100 first.",
        "`data.table('rd_expenditure_pct_gdp', ['Japan', 'China'], (2000, 2023))` and "
        "`data.table('gdp_usd', ['Japan', 'China'], (2000, 2023))` have the same years "
        "and columns, so pandas multiplies them cell by cell.",
        "`rd_table / 100 * gdp_table` with the two tables above.",
    ],
    solution_code=(
        "spending = (\n"
        '    data.table("rd_expenditure_pct_gdp", ["Japan", "China"], (2000, 2023))\n'
        "    / 100\n"
        '    * data.table("gdp_usd", ["Japan", "China"], (2000, 2023))\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _spending() * 100,
            "Every value is 100 times too large: the R&D share is a percentage, so divide "
            "it by 100 before multiplying by GDP.",
        ),
        Mistake(
            lambda: _spending() / 1e9,
            "Those are billions. Keep plain US dollars in the table; the chart can show billions.",
        ),
    ],
    note="In current US dollars at market exchange rates, China has spent more on R&D than "
    "Japan since the early 2010s, although Japan still spends the larger share of its GDP.",
)

spending_chart = Task(
    id="l8.spending_chart",
    description="A chart of Japan's and China's R&D expenditure in current US dollars, 2000–2023",
    expected=_spending,
    compare=LineChart(),
    hints=[
        "Draw the table of the previous task with `plots.line(...)`.",
        "`plots.line(table / 1e9, title=..., y_label=..., source=data.citation())`: dividing "
        "by 1e9 shows billions, and the y label must say so.",
        "Use a y label such as 'R&D expenditure (billion current US dollars)'.",
    ],
    solution_code=(
        "chart = plots.line(\n"
        '    data.table("rd_expenditure_pct_gdp", ["Japan", "China"], (2000, 2023))\n'
        "    / 100\n"
        '    * data.table("gdp_usd", ["Japan", "China"], (2000, 2023))\n'
        "    / 1e9,\n"
        '    title="R&D expenditure, Japan and China",\n'
        '    y_label="R&D expenditure (billion current US dollars)",\n'
        "    source=data.citation(),\n"
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: data.table(RD, PAIR, (FIRST, LAST)),
            "Your chart shows R&D as a share of GDP; this one asks for dollars: multiply "
            "the share by GDP and divide by 100.",
        )
    ],
    note="Japan's line falls after 2012 although its R&D share of GDP rose: the yen lost "
    "value against the dollar, and current US dollars at market exchange rates mix that "
    "into the story. Purchasing-power-parity (PPP) dollars, as in the NCSES figures, "
    "compare what the money buys instead.",
)
