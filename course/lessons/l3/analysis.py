"""Lesson 3's widget and tables: when did each economy cross the ageing thresholds?

A population is conventionally called "ageing" once 7 % of its people are 65 or older,
"aged" at 14 % and "super-aged" at 21 %. These cut-offs are a convention, not a law of
demography. The explorer lets a learner pick a threshold and some economies and shows
the year each crossed it and how fast each went from 7 % to 14 %, from WDI data
(SP.POP.65UP.TO.ZS, 1960 onwards). Used by lesson 3 (``widgets.l3.ageing()``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from course import data, plots
from course.feedback import and_list
from course.widgets.explorer import Control, economy_choice, explorer

if TYPE_CHECKING:
    import pandas as pd

INDICATOR = "pop_65plus_pct"
THRESHOLDS = {7: "ageing", 14: "aged", 21: "super-aged"}
"""The conventional thresholds (share of people aged 65+, %) and their names."""
ECONOMIES = (
    "JPN",
    "KOR",
    "CHN",
    "SGP",
    "THA",
    "VNM",
    "DEU",
    "FRA",
    "GBR",
    "USA",
    "RUS",
    "IND",
    "OED",
    "WLD",
)
START = ("JPN", "KOR", "CHN", "DEU", "USA")


@dataclass(frozen=True)
class Crossing:
    """When one economy's share of people aged 65+ first reached ``threshold`` %.

    ``year`` is None when it never did in the data; ``before_data`` is True when the
    share was already at or above the threshold in the first year with data, so the
    real crossing happened earlier and the data cannot date it.
    """

    code: str
    threshold: float
    year: int | None
    before_data: bool
    first_year: int
    last_year: int
    last_value: float

    @property
    def name(self) -> str:
        """The economy's readable name."""
        return data.country_name(self.code)


@functools.cache
def _share(code: str) -> pd.Series:
    """One economy's 65+ share, years with data only (read once per kernel)."""
    series = data.table(INDICATOR, code)[code].dropna()
    if series.empty:
        raise data.DataError(f"{data.country_name(code)} has no data on people aged 65+.")
    return series


def crossing(country: str, threshold: float) -> Crossing:
    """The first year ``country``'s share of people aged 65+ was at or above ``threshold`` %."""
    code = data.country_code(country)
    series = _share(code)
    reached = series[series >= threshold]
    year = int(reached.index[0]) if len(reached) else None
    return Crossing(
        code=code,
        threshold=threshold,
        year=year,
        before_data=year is not None and year == int(series.index[0]),
        first_year=int(series.index[0]),
        last_year=int(series.index[-1]),
        last_value=float(series.iloc[-1]),
    )


def years_between(country: str, low: float = 7, high: float = 14) -> int | None:
    """Years from first reaching ``low`` % to first reaching ``high`` %, or None if unknown.

    Unknown when the economy has not reached ``high`` yet, or was already above
    ``low`` when its data begin.
    """
    start, end = crossing(country, low), crossing(country, high)
    if start.year is None or end.year is None or start.before_data:
        return None
    return end.year - start.year


def _year_text(item: Crossing) -> str:
    if item.year is None:
        return "not yet"
    if item.before_data:
        return f"by {item.first_year}"
    return str(item.year)


def ageing_table(countries: list[str], thresholds: tuple[float, ...] = (7, 14, 21)) -> pd.DataFrame:
    """One row per economy: the year it reached each threshold and its years from 7 % to 14 %.

    Text cells: "before 1960" when the data cannot date a crossing, "not yet" when it
    has not happened, "unknown" for a speed the data cannot measure.
    """
    import pandas as pd

    rows = {}
    for country in countries:
        code = data.country_code(country)
        row = {f"reached {t:g} %": _year_text(crossing(code, t)) for t in thresholds}
        gap = years_between(code)
        row["years from 7 % to 14 %"] = "unknown" if gap is None else str(gap)
        rows[data.country_name(code)] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "economy"
    return frame


# ---------------------------------------------------------------- the explorer


def ageing() -> Any:
    """Pick a threshold and economies; see when each crossed it and how fast each aged."""
    controls = [
        Control(
            "threshold",
            "Threshold",
            "select",
            "14",
            options=[
                (str(t), f"{t} % aged 65+: '{name}' society") for t, name in THRESHOLDS.items()
            ],
        ),
        economy_choice(ECONOMIES, list(START)),
    ]
    return explorer("When did each economy grow old, and how fast?", controls, _render)


def _render(values: dict[str, Any]) -> tuple[plots.Chart, str]:
    threshold, economies = int(values["threshold"]), list(values["economies"])
    if threshold not in THRESHOLDS:
        raise data.DataError(f"choose one of the thresholds {', '.join(map(str, THRESHOLDS))} %.")
    if not economies:
        raise data.DataError("choose at least one economy.")
    return chart(threshold, economies), finding(threshold, economies)


def chart(threshold: int, economies: list[str]) -> plots.Chart:
    """The 65+ share of each economy, the threshold as a line, and a ring at each crossing."""
    frame = data.table(INDICATOR, economies)
    drawn = plots.line(
        frame,
        title="Population aged 65 and above",
        y_label="% of total population",
        source=data.citation("wdi") + f" Indicator {data.indicator(INDICATOR).code}.",
        reference=(threshold, f"{threshold} %: '{THRESHOLDS[threshold]}' (a convention)"),
    )
    crossed = [crossing(code, threshold) for code in frame.columns if frame[code].notna().any()]
    dated = [c for c in crossed if c.year is not None and not c.before_data]
    for item in dated:
        drawn.ax.plot(
            cast(int, item.year), frame.loc[item.year, item.code], marker="o", markersize=11,
            markerfacecolor="none", markeredgecolor="#000000", markeredgewidth=1.6,
            linestyle="none", label="_crossing", zorder=4,
        )  # fmt: skip
    if dated:
        marked = ", ".join(f"{c.name} {c.year}" for c in dated)
        drawn.alt += f" Rings mark the year each line first reaches {threshold} %: {marked}."
    return drawn


def finding(threshold: int, economies: list[str]) -> str:
    """Two sentences: when each economy reached ``threshold`` %, and who went fastest 7→14 %."""
    name = THRESHOLDS.get(threshold, "")
    crossed, missing = [], []
    for country in economies:
        try:
            crossed.append(crossing(country, threshold))
        except data.DataError:
            missing.append(data.country_name(country))
    if not crossed:
        return "None of the chosen economies has data on people aged 65 and over."
    order = sorted(crossed, key=lambda c: (c.year is None, c.year or 0, not c.before_data))
    groups: dict[str, list[str]] = {}
    for item in order:
        if item.year is None:
            key = f"not yet ({item.last_value:.1f} % in {item.last_year})"
            groups[f"{item.code}:{key}"] = [f"{item.name} {key}"]
        elif item.before_data:
            groups.setdefault("early", []).append(item.name)
        else:
            groups.setdefault(str(item.year), []).append(item.name)
    parts = []
    for key, names in groups.items():
        if key == "early":
            parts.append(f"{and_list(names)} already by {order[0].first_year}, when the data begin")
        elif ":" in key:
            parts.append(names[0])
        else:
            parts.append(f"{and_list(names)} in {key}")
    first = f"Reached {threshold} % aged 65+ ('{name}'): " + "; ".join(parts) + "."
    return f"{first} {_speed([c.code for c in crossed])}" + (
        f" No data for {', '.join(missing)}." if missing else ""
    )


def _speed(codes: list[str]) -> str:
    """Who went from 7 % to 14 % fastest among ``codes``, and whose speed the data can't give."""
    gaps = {code: years_between(code) for code in codes}
    known = sorted((gap, code) for code, gap in gaps.items() if gap is not None)
    early = [data.country_name(c) for c in codes if crossing(c, 7).before_data]
    young = [
        data.country_name(c)
        for c in codes
        if gaps[c] is None and not crossing(c, 7).before_data and crossing(c, 14).year is None
    ]
    if known:
        listed = ", ".join(f"{data.country_name(code)} {gap}" for gap, code in known)
        sentence = f"Years from 7 % to 14 %, fastest first: {listed}."
    else:
        sentence = "The data cannot time the step from 7 % to 14 % for any of them."
    if early:
        unknown = "so that speed is unknown"
        sentence += f" {and_list(early)} had passed 7 % by the time the data begin, {unknown}."
    if young:
        sentence += (
            f" {and_list(young)} {'has' if len(young) == 1 else 'have'} not reached 14 % yet."
        )
    return sentence
