"""Comparison for charts: a ``course.plots.Chart``, a matplotlib Figure or Axes.

The expected value is the table that should be drawn (years down, one column per
series, as ``course.data.table`` returns). The check looks for one line per column
(matched by label: "Japan", "JPN" and "Korea, Rep." all match JPN), lines that
cover the years, values that match the data, a title, and a y label with a unit.
matplotlib is only imported while a check runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from course.checks.compare import RIGHT, Comparison, Verdict, listing, merge
from course.feedback import fmt, scale_hint

if TYPE_CHECKING:
    import pandas as pd

UNIT = re.compile(
    r"\(.+\)|\[.+\]|%|\$|\bper\b|\bpercent|\bshare\b|\bratio\b|\bnumber\b|\bcount\b|\bindex\b"
    r"|\bthousands?\b|\bmillions?\b|\bbillions?\b|\byen\b|\busd\b|\bpeople\b|\bpersons\b",
    re.IGNORECASE,
)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def series_key(label: str) -> str:
    """A line label as an ISO3 code when it names a country, else the label in lower case."""
    from course import data

    return data.economy_key(label)


def find_axes(value: Any) -> list[Any] | str:
    """The axes inside a Chart, Figure, Axes or ``(fig, ax)`` pair; or advice on what to pass."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    figure = getattr(value, "fig", None) if not isinstance(value, (Figure, Axes)) else None
    if isinstance(figure, Figure):
        value = figure
    if isinstance(value, (tuple, list)) and 0 < len(value) <= 3:
        if all(isinstance(item, Line2D) for item in value):
            return "those are the lines `plt.plot` returns: pass the figure (or the Chart) instead"
        figures = [item for item in value if isinstance(item, Figure)]
        value = figures[0] if figures else value
    if isinstance(value, Figure):
        return value.axes
    if isinstance(value, Axes):
        return [value]
    if getattr(value, "__name__", "") == "matplotlib.pyplot":
        return "that is the pyplot module itself: pass the figure, e.g. `plt.gcf()`"
    return ""


@dataclass(frozen=True)
class LineChart(Comparison):
    """A line chart of the expected table's columns over its years.

    ``units``: words of which the y label must contain one (any unit-like text if empty).
    """

    units: tuple[str, ...] = ()
    rel: float = 0.01
    expects = "a chart (the Chart that `course.plots` returns, or a matplotlib Figure)"

    def compare(self, value: Any, expected: pd.DataFrame) -> Verdict:
        """Check the lines, years, values, title and y label of a chart."""
        if _is_empty_figure(value):
            return Verdict(
                False,
                "Your figure has no axes, so nothing is drawn on it: use "
                "`plots.line(...)`, or `fig, ax = plt.subplots()` and `ax.plot`.",
            )
        axes = find_axes(value)
        if isinstance(axes, str):
            return self.wrong_type(value, axes) if axes else self.wrong_type(value)
        lines = [line for ax in axes for line in ax.get_lines()]
        if not lines:
            return Verdict(False, "Your chart has no lines: draw one line per country.")
        labelled = {
            series_key(ln.get_label()): ln for ln in lines if not ln.get_label().startswith("_")
        }
        if not labelled:
            return Verdict(
                False, "Your lines have no labels: give each a `label=` and add a legend."
            )
        missing = [code for code in expected.columns if code not in labelled]
        if missing:
            found = [ln.get_label() for ln in labelled.values()]
            return Verdict(
                False,
                f"No line for {listing([_name(c) for c in missing])} "
                f"(lines found: {listing(found)}).",
            )
        found = [
            (_name(code), text)
            for code in expected.columns
            for text in self._line(labelled[code], expected[code].dropna())
        ]
        problems = merge(found, "The {} line", "The {} lines") + self._labels(axes, lines)
        return Verdict(False, " ".join(problems[:3])) if problems else RIGHT

    def _line(self, line: Any, want: pd.Series) -> list[str]:
        """What is wrong with one line, as phrases to follow "The Japan line: "."""
        import numpy as np
        import pandas as pd

        x = pd.to_numeric(pd.Series(np.asarray(line.get_xdata(), dtype=object)), errors="coerce")
        y = pd.to_numeric(pd.Series(np.asarray(line.get_ydata(), dtype=object)), errors="coerce")
        if x.isna().all() or x.max() < 1800:
            return [
                "drawn against positions 0, 1, 2…, not years. Plot a table whose index is "
                "the years."
            ]
        first, last = int(want.index.min()), int(want.index.max())
        if x.min() > first or x.max() < last:
            return [f"drawn for {int(x.min())}–{int(x.max())}; the task asks for {first}–{last}."]
        keep = x.notna() & y.notna()
        drawn = pd.Series(y[keep].to_numpy(), index=x[keep].round().astype(int))
        drawn = drawn.groupby(level=0).last()
        common = [year for year in want.index if year in drawn.index]
        if not common:
            return [f"no values in {first}–{last}."]
        got, ref = drawn[common].astype(float), want[common].astype(float)
        if np.allclose(got, ref, rtol=self.rel):
            return []
        label = line.axes.get_ylabel().casefold()
        for word, factor in _SCALES.items():
            if word in label and np.allclose(got * factor, ref, rtol=self.rel):
                return []
        ratio = (got / ref).replace([np.inf, -np.inf], np.nan).dropna()
        hint = scale_hint(float(ratio.median())) if len(ratio) else None
        year = next(y for y in common if not np.isclose(got[y], ref[y], rtol=self.rel))
        return [
            hint
            or f"not the expected data (e.g. {year}: {fmt(float(got[year]))}). Check the "
            "indicator and the countries."
        ]

    def _labels(self, axes: list[Any], lines: list[Any]) -> list[str]:
        ax = next(a for a in axes if a.get_lines())
        problems = []
        titles = [a.get_title(loc=loc) for a in axes for loc in ("left", "center", "right")]
        suptitle = getattr(ax.figure, "_suptitle", None)
        if not any(t.strip() for t in titles) and not (suptitle and suptitle.get_text().strip()):
            problems.append("The chart has no title: say what it shows with `title=`.")
        y_label = ax.get_ylabel().strip()
        if not y_label:
            problems.append("The y axis has no label: name what is measured and its unit.")
        elif self.units and not any(u.casefold() in y_label.casefold() for u in self.units):
            problems.append(
                f"The y label {y_label!r} does not give the unit (e.g. {self.units[0]!r})."
            )
        elif not self.units and not UNIT.search(y_label):
            problems.append(f"The y label {y_label!r} names no unit: add it, e.g. in brackets.")
        if len(lines) > 1 and ax.get_legend() is None and not ax.figure.legends:
            problems.append("There is no legend, so the lines can't be told apart: add one.")
        return problems


def _is_empty_figure(value: Any) -> bool:
    """A Figure (or Chart) without any axes."""
    from matplotlib.figure import Figure

    figure = value if isinstance(value, Figure) else getattr(value, "fig", None)
    return isinstance(figure, Figure) and not figure.axes


def _name(code: str) -> str:
    from course import plots

    return plots.label_for(code)


@dataclass(frozen=True)
class ReferenceLineChart(LineChart):
    """A :class:`LineChart` that must also draw a horizontal reference line at ``level``.

    For a chart read against a threshold (a ratio of 1, a balance of 0).
    """

    level: float = 1.0

    def compare(self, value: Any, expected: pd.DataFrame) -> Verdict:
        """Check the lines and labels as LineChart does, then look for the reference line."""
        verdict = super().compare(value, expected)
        if not verdict.correct:
            return verdict
        axes = find_axes(value)
        lines = [line for ax in axes for line in ax.get_lines()] if isinstance(axes, list) else []
        if any(_is_level(line, self.level) for line in lines):
            return RIGHT
        return Verdict(
            False,
            f"The lines are right, but there is no horizontal line at {self.level:g} to read "
            f"them against: pass `reference=({self.level:g}, 'a label')` to `plots.line`, "
            f"or call `ax.axhline({self.level:g})`.",
        )


def _is_level(line: Any, level: float) -> bool:
    """True for a flat line at ``level`` (what ``axhline`` draws)."""
    try:
        ys = {float(y) for y in line.get_ydata()}
    except (TypeError, ValueError):
        return False
    return len(ys) == 1 and abs(ys.pop() - level) < 1e-9
