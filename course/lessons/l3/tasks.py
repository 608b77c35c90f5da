"""Checks for lesson 3's exercise (``solutions/03_society5_exercise.ipynb``).

Four tasks on the ageing of Japan's population, the challenge Society 5.0 is meant to
answer: count the older people, find the year the population peaked, compare how fast
Japan and three European countries went from "aged" to "super-aged", and chart it.
Learners use them as ``from course.lessons import l3`` then ``l3.older_people.check(x)``.
Every expected answer is computed from ``course.data`` when a check runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course import data
from course.checks.charts import LineChart
from course.checks.compare import Year
from course.checks.core import Mistake, Task
from course.checks.tables import SeriesOf

if TYPE_CHECKING:
    import pandas as pd

SHARE = "pop_65plus_pct"
POPULATION = "population"
YEARS = (1960, 2025)
EUROPE = ["JPN", "DEU", "FRA", "ITA"]


def _older(divide: float = 100) -> pd.Series:
    """People aged 65+ in Japan: total population × share (%) ÷ 100."""
    population = data.table(POPULATION, "JPN", YEARS)["JPN"]
    return population * data.table(SHARE, "JPN", YEARS)["JPN"] / divide


def _first(threshold: float) -> pd.Series:
    """The first year each of Japan, Germany, France and Italy reached ``threshold`` %."""
    shares = data.table(SHARE, EUROPE)
    return (shares >= threshold).idxmax()


older_people = Task(
    id="l3.older_people",
    description="The number of people aged 65 and over in Japan, each year 1960–2025",
    expected=_older,
    compare=SeriesOf(rel=1e-6),
    hints=[
        "The data has the total population and the share (in %) aged 65+; combine the two.",
        "Take Japan's column from `data.table('population', 'Japan', (1960, 2025))` and from "
        "`data.table('pop_65plus_pct', 'Japan', (1960, 2025))`.",
        "Multiply the population by the share and divide by 100, because the share is a "
        "percentage: pandas lines the years up for you.",
    ],
    solution_code=(
        "older = (\n"
        '    data.table("population", "Japan", (1960, 2025))["JPN"]\n'
        '    * data.table("pop_65plus_pct", "Japan", (1960, 2025))["JPN"]\n'
        "    / 100\n"
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _older() / data.table(POPULATION, "JPN", YEARS)["JPN"],
            "That is the share as a fraction of one; the task asks for a number of people, "
            "so multiply by the total population.",
        )
    ],
    note="The number of older Japanese has kept rising every year, even as the total fell.",
)

population_peak = Task(
    id="l3.population_peak",
    description="The year Japan's total population was at its largest",
    expected=lambda: int(data.table(POPULATION, "JPN")["JPN"].idxmax()),
    compare=Year(),
    hints=[
        "Get Japan's population for every year, then ask pandas where the largest value is.",
        "`data.table('population', 'Japan')['JPN']` is a Series indexed by year.",
        "`.idxmax()` gives the index label (here: the year) of the largest value; `.max()` "
        "would give the population itself.",
    ],
    solution_code='peak = data.table("population", "Japan")["JPN"].idxmax()',
    mistakes=[
        Mistake(
            lambda: int(_older().idxmax()),
            "That is the year with the most people aged 65+ (the last year of the data); "
            "the task asks when the total population peaked.",
        ),
        Mistake(
            lambda: int(data.table(POPULATION, "JPN")["JPN"].idxmin()),
            "That is the year of the smallest population (`idxmin`); you need the largest.",
        ),
    ],
    note=(
        "Since then Japan's population has shrunk while its older share kept growing: fewer "
        "workers for more people to care for, which is the gap Society 5.0 hopes to fill."
    ),
)

aged_to_superaged = Task(
    id="l3.aged_to_superaged",
    description="Years from 14 % ('aged') to 21 % ('super-aged') for Japan, Germany, France, Italy",
    expected=lambda: _first(21) - _first(14),
    compare=SeriesOf(rel=0),
    hints=[
        "For each country, find the first year its share was at or above 21 % and the first "
        "year it was at or above 14 %, then subtract.",
        "`shares = data.table('pop_65plus_pct', ['Japan', 'Germany', 'France', 'Italy'])` "
        "has one column per country; `shares >= 14` turns it into a True/False table.",
        "`.idxmax()` on a True/False table gives each column's first True year: "
        "`(shares >= 21).idxmax() - (shares >= 14).idxmax()` (`shares.ge(21)` is the same "
        "as `shares >= 21`).",
    ],
    solution_code=(
        "speed = (\n"
        '    data.table("pop_65plus_pct", ["JPN", "DEU", "FRA", "ITA"]).ge(21).idxmax()\n'
        '    - data.table("pop_65plus_pct", ["JPN", "DEU", "FRA", "ITA"]).ge(14).idxmax()\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: _first(14) - _first(7),
            "That is the time from 7 % to 14 %. Germany, France and Italy were already above "
            "7 % in 1960, so that step cannot be timed; the task asks from 14 % to 21 %.",
        )
    ],
    note=(
        "Japan went from 'aged' to 'super-aged' far faster than the three European countries "
        "that had grown old first."
    ),
)

ageing_chart = Task(
    id="l3.ageing_chart",
    description="A chart of the 65+ share in Japan, Germany, France and Italy, 1960–2025",
    expected=lambda: data.table(SHARE, EUROPE, YEARS),
    compare=LineChart(units=("%", "per cent", "percent")),
    hints=[
        "Get the table with `data.table(indicator, countries, years)` and give it to a "
        "function in `course.plots`.",
        "The indicator is `'pop_65plus_pct'`, the countries `['Japan', 'Germany', 'France', "
        "'Italy']`, the years `(1960, 2025)`.",
        "`plots.line(table, title=..., y_label=..., source=data.citation(), reference=(21, "
        "'super-aged'))` draws it; put the unit in the y label, e.g. '% of total population'.",
    ],
    solution_code=(
        "chart = plots.line(\n"
        '    data.table("pop_65plus_pct", ["Japan", "Germany", "France", "Italy"], (1960, 2025)),\n'
        '    title="Population aged 65 and above",\n'
        '    y_label="% of total population",\n'
        "    source=data.citation(),\n"
        '    reference=(21, "21 %: super-aged"),\n'
        ")"
    ),
    mistakes=[
        Mistake(
            lambda: data.table(SHARE, "JPN", YEARS),
            "Some countries are missing: the chart needs one line each for Japan, Germany, "
            "France and Italy. Pass all four to `data.table`.",
        )
    ],
    note="Japan starts as the youngest of the four and ends as clearly the oldest.",
)
