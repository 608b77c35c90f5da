"""One house style for every chart in the course.

A chart is a :class:`Chart`: a matplotlib figure plus a text description (alt
text) and the source line drawn under the plot. In a notebook it shows as an
image whose ``alt`` attribute a screen reader reads. Colours come from the
Okabe–Ito palette, which stays distinguishable with colour-vision deficiency,
and every series also differs by marker and line style, so no line is told
apart by colour alone. Japan is always drawn in the same colour, thickest.

Used by every lesson; lessons call :func:`indicator_chart` or :func:`line`, never
matplotlib boilerplate.
"""

from __future__ import annotations

import base64
import html
import io
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from course import data

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

JAPAN = "JPN"
JAPAN_COLOUR = "#D55E00"  # Okabe–Ito vermillion
PALETTE = ("#0072B2", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#000000", "#999999")
"""Okabe–Ito colours for the other series (yellow left out: too pale on white)."""
MARKERS = ("s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", "-.", ":")
ECONOMIES = (
    "USA", "CHN", "KOR", "DEU", "FRA", "GBR", "IND",
    "RUS", "OED", "WLD", "EAS", "THA", "IDN", "VNM",
    "SGP", "MYS", "PHL", "KHM", "LAO", "MMR", "BRN",
    "ISR", "SWE", "CHE", "TWN", "ITA", "CAN", "EUU",
)  # fmt: skip
"""Economies with a fixed line style, in the order their styles are dealt (Japan apart)."""


def series_style(key: str, taken: Iterable[int] = ()) -> tuple[int, dict[str, Any]]:
    """The style of one economy's line, the same in every chart and explorer of the course.

    Japan is always the thick vermillion line with round markers. The economies in
    ``ECONOMIES`` get fixed colour, marker and line-style combinations; any other series a
    stable one from its name, moved on if ``taken`` (slots already used in this chart) holds
    it. Returns the slot and the matplotlib keyword arguments.
    """
    code = _code(key)
    if code == JAPAN:
        return -1, {"color": JAPAN_COLOUR, "linewidth": 3.0, "marker": "o", "zorder": 3}
    slots = len(PALETTE) * len(LINESTYLES)
    known = code in ECONOMIES
    slot = ECONOMIES.index(code) if known else zlib.crc32(code.encode()) % slots
    while slot in set(taken):
        slot = (slot + 1) % slots
    colours, rounds = len(PALETTE), slot // len(PALETTE)
    return slot, {
        "color": PALETTE[slot % colours],
        "marker": MARKERS[(slot + rounds) % len(MARKERS)],
        "linestyle": LINESTYLES[rounds % len(LINESTYLES)],
        "linewidth": 1.8,
    }


def _code(key: str) -> str:
    """The ISO3 code of a series key that names an economy, else the key itself."""
    try:
        return data.country_code(str(key))
    except data.DataError:
        return str(key)


def draw_lines(
    ax: Axes, frame: pd.DataFrame, labels: dict[str, str], highlight: str | None = JAPAN
) -> None:
    """Every column of ``frame`` as a line on ``ax``, each economy in its own course style
    (``highlight``, and any Japan column, in Japan's)."""
    taken: list[int] = []
    for column in frame.columns:
        series = frame[column].dropna()
        slot, style = series_style(JAPAN if column == highlight else column, taken)
        taken.append(slot)
        step = max(1, len(series) // 8)
        ax.plot(series.index, series.values, label=labels[column], markevery=step, **style)


STYLE = {
    "figure.figsize": (7.5, 4.2),
    "figure.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "legend.fontsize": 10,
}
"""Matplotlib settings applied inside each chart (never globally)."""

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


@dataclass
class Chart:
    """A finished figure with its description and source line."""

    fig: Figure
    alt: str
    source: str

    @property
    def ax(self) -> Axes:
        """The chart's main axes (what exercise checkers inspect)."""
        return self.fig.axes[0]

    def png(self) -> bytes:
        """The figure as PNG bytes."""
        buffer = io.BytesIO()
        self.fig.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()

    def _repr_html_(self) -> str:
        encoded = base64.b64encode(self.png()).decode("ascii")
        return (
            f'<figure class="course-chart" style="margin:0">'
            f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(self.alt)}" '
            f'style="max-width:100%;height:auto"></figure>'
        )

    def __repr__(self) -> str:
        return f"Chart: {self.alt}"


def _source_line(fig: Figure, ax: Axes, source: str) -> None:
    """Write ``source`` under the x-axis label, whatever the figure's height."""
    from matplotlib.transforms import ScaledTranslation

    below = ScaledTranslation(0, -46 / 72, fig.dpi_scale_trans)  # 46 points under the axes
    fig.text(0, 0, source, fontsize=9, color="#444444", ha="left", va="top",
             transform=ax.transAxes + below)  # fmt: skip


def _style() -> Any:
    import matplotlib

    return matplotlib.rc_context(cast(Any, STYLE))


def scale_for(values: Iterable[float]) -> tuple[float, str]:
    """Divisor and word for large numbers: (1e9, "billion") when values reach billions."""
    import numpy as np

    array = np.abs(np.asarray(list(values), dtype=float))
    top = np.nanmax(array) if np.isfinite(array).any() else 0.0
    for divisor, word in _SCALES:
        if top >= divisor:
            return divisor, word
    return 1.0, ""


def label_for(code: str) -> str:
    """Legend label: a country's short name when ``code`` is a country, else ``code`` itself."""
    try:
        return data.country_name(code)
    except data.DataError:
        return code


def line(
    frame: pd.DataFrame,
    *,
    title: str,
    y_label: str,
    source: str,
    highlight: str | None = JAPAN,
    labels: dict[str, str] | None = None,
    reference: tuple[float, str] | None = None,
) -> Chart:
    """Line chart of every column of ``frame`` against its index (years).

    ``y_label`` must name the unit, e.g. ``"R&D expenditure (% of GDP)"``; the
    ``source`` line is drawn under the plot. The ``highlight`` column (Japan by
    default) is drawn thickest in vermillion. ``reference=(1.0, "receipts = payments")``
    draws a labelled horizontal line.
    """
    import matplotlib.pyplot as plt

    if frame.empty or frame.dropna(how="all").empty:
        raise data.DataError(f"Nothing to plot for {title!r}: every value is missing.")
    labels = {**{c: label_for(c) for c in frame.columns}, **(labels or {})}
    with _style():
        fig, ax = plt.subplots()
        draw_lines(ax, frame, labels, highlight)
        if reference is not None:
            ax.axhline(reference[0], color="#444444", linestyle=":", linewidth=1.2)
            ax.annotate(
                reference[1], (0.01, reference[0]), xycoords=("axes fraction", "data"),
                xytext=(0, 4), textcoords="offset points", fontsize=9, color="#444444",
            )  # fmt: skip
        ax.set_title(title, loc="left")
        ax.set_xlabel("Year")
        ax.set_ylabel(y_label)
        cast(Any, ax.xaxis.get_major_locator()).set_params(integer=True)
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
        _source_line(fig, ax, source)
        plt.close(fig)
    return Chart(
        fig=fig, alt=describe(frame, title=title, y_label=y_label, labels=labels), source=source
    )


def describe(
    frame: pd.DataFrame, *, title: str, y_label: str, labels: dict[str, str] | None = None
) -> str:
    """Alt text for a line chart: what it shows and each series' first and last value."""
    labels = labels or {}
    parts = []
    for column in frame.columns:
        series = frame[column].dropna()
        if series.empty:
            parts.append(f"{labels.get(column, column)}: no data")
            continue
        first, last = series.index[0], series.index[-1]
        parts.append(
            f"{labels.get(column, column)} {_fmt(series.iloc[0])} in {first}"
            f" to {_fmt(series.iloc[-1])} in {last}"
        )
    years = frame.dropna(how="all").index
    return f"Line chart: {title}. {y_label}, {years.min()}–{years.max()}. " + "; ".join(parts) + "."


def _fmt(number: float) -> str:
    return f"{number:,.3g}" if abs(number) < 1000 else f"{number:,.0f}"


def indicator_chart(
    indicator: str,
    countries: str | Iterable[str],
    years: data.Years = None,
    *,
    title: str | None = None,
) -> Chart:
    """Chart one WDI indicator for some countries, with its unit and source.

    Large money values are shown in billions (or millions) and the axis says so.
    Used by lesson 0 and most lessons after it.
    """
    info = data.indicator(indicator)
    frame = data.table(info.column, countries, years)
    divisor, word = scale_for(frame.to_numpy().ravel())
    y_label = f"{word} {info.unit}".strip()
    return line(
        frame / divisor,
        title=title or info.short_name,
        y_label=y_label,
        source=data.citation("wdi") + f" Indicator {info.code}.",
    )


def indicators_chart(
    indicators: Iterable[str],
    country: str,
    years: data.Years = None,
    *,
    title: str | None = None,
) -> Chart:
    """Chart several indicators sharing one unit for one country (e.g. IP receipts and payments).

    Used by lessons 0, 1 and 6.
    """
    infos = [data.indicator(name) for name in indicators]
    units = {info.unit for info in infos}
    if len(units) > 1:
        raise data.DataError(f"These indicators have different units ({', '.join(units)}).")
    frame = data.wide(country, [info.column for info in infos], years)
    divisor, word = scale_for(frame.to_numpy().ravel())
    labels = {info.column: _short(info.short_name).capitalize() for info in infos}
    codes = ", ".join(info.code for info in infos)
    return line(
        frame / divisor,
        title=title or f"{data.country_name(country)}: {_joint_name(infos)}",
        y_label=f"{word} {infos[0].unit}".strip(),
        source=data.citation("wdi") + f" Indicators {codes}.",
        highlight=None,
        labels=labels,
    )


def _joint_name(infos: list[data.Indicator]) -> str:
    """'charges for the use of IP, receipts and payments' from two such indicator names."""
    prefixes = {info.short_name.rsplit(", ", 1)[0] for info in infos}
    parts = " and ".join(_short(info.short_name) for info in infos)
    if len(prefixes) == 1 and all(", " in info.short_name for info in infos):
        return f"{prefixes.pop().lower()}, {parts}"
    return parts


def _short(name: str) -> str:
    """The part of an indicator name after its last comma ("receipts")."""
    return name.rsplit(", ", 1)[-1]


def bars(
    values: pd.Series,
    *,
    title: str,
    x_label: str,
    source: str,
    highlight: str | None = "Japan",
    digits: int = 1,
) -> Chart:
    """Horizontal bar chart of ``values`` (index = labels), largest at the top, values written.

    The ``highlight`` bar (Japan by default) is vermillion and hatched, so it stands out
    without colour too. Used for rankings and one-year comparisons.
    """
    import matplotlib.pyplot as plt

    series = values.dropna().sort_values()
    if series.empty:
        raise data.DataError(f"Nothing to plot for {title!r}: every value is missing.")
    with _style():
        fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(series) + 1.4))
        colours = [JAPAN_COLOUR if label == highlight else PALETTE[0] for label in series.index]
        hatches = ["//" if label == highlight else "" for label in series.index]
        drawn = ax.barh([str(i) for i in series.index], series.values, color=colours)
        for patch, hatch in zip(drawn, hatches, strict=True):
            patch.set_hatch(hatch)
        ax.bar_label(drawn, labels=[f"{v:,.{digits}f}" for v in series.values], padding=3)
        ax.set_title(title, loc="left")
        ax.set_xlabel(x_label)
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.12)
        _source_line(fig, ax, source)
        plt.close(fig)
    ranked = "; ".join(f"{label} {_fmt(v)}" for label, v in series[::-1].items())
    return Chart(fig=fig, alt=f"Bar chart: {title}. {x_label}. {ranked}.", source=source)


def scatter(
    points: list[tuple[float, float, str, bool]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    source: str,
    marked: str,
    guides_x: Iterable[float] = (),
    guides_y: Iterable[float] = (),
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
) -> Chart:
    """Labelled points ``(x, y, label, is_marked)``; marked points differ by shape (a cross),
    size and colour, so no point is told apart by colour alone. Dotted guide lines at
    ``guides_x`` and ``guides_y``. Used for the item analysis."""
    import matplotlib.pyplot as plt

    if not points:
        raise data.DataError(f"Nothing to plot for {title!r}: no points.")
    with _style():
        fig, ax = plt.subplots(figsize=(7.5, 5.0))
        for flag, colour, marker, name in (
            (False, PALETTE[0], "o", "not flagged"),
            (True, JAPAN_COLOUR, "X", marked),
        ):
            chosen = [p for p in points if p[3] == flag]
            if chosen:
                ax.scatter([p[0] for p in chosen], [p[1] for p in chosen], c=colour,
                           marker=marker, s=90 if flag else 50, label=name, zorder=3)  # fmt: skip
        for x, y, label, _ in points:
            ax.annotate(label, (x, y), xytext=(5, 4), textcoords="offset points", fontsize=8)
        for x in guides_x:
            ax.axvline(x, color="#444444", linestyle=":", linewidth=1)
        for y in guides_y:
            ax.axhline(y, color="#444444", linestyle=":", linewidth=1)
        ax.set_title(title, loc="left")
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        ax.set_xlim(x_range)
        ax.set_ylim(y_range)
        ax.legend(loc="best")
        _source_line(fig, ax, source)
        plt.close(fig)
    listed = "; ".join(
        f"{label} ({_fmt(x)}, {_fmt(y)}){' ' + marked if flag else ''}"
        for x, y, label, flag in points
    )
    return Chart(
        fig=fig, alt=f"Scatter chart: {title}. {x_label}; {y_label}. {listed}.", source=source
    )
