"""Lesson 6's widget: a TEACHING MODEL (not data) of one buyer cut off from one supplier.

A chokepoint is bilateral: how much a cut-off hurts depends on the buyer as much as on
the supplier. The learner sets how much of the buyer's supply of one input comes from
the supplier that cuts it off, how much spare capacity other suppliers have, how many
months of stocks the buyer holds, how long rivals need to add (or qualify) new capacity,
and how long the cut-off lasts. The model then runs month by month for two years and
shows what share of its normal use the buyer actually gets, what it draws from stocks,
and what it goes without. The point for lesson 6: a large share of supply is leverage
only when rivals cannot step in and stocks run out before the cut-off ends; a short
delay (as with the 2019 licence requirements) or a buyer with stocks and alternatives
(as sceptics argue of the 2010 rare-earth episode) leaves the supplier little leverage.

Every combination of settings is a valid model (all shares stay between 0 and 100 %),
so the explorer never has nothing to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from course import plots
from course.feedback import and_list
from course.widgets.explorer import Control, explorer

if TYPE_CHECKING:
    import pandas as pd

MONTHS = 24
"""How many months the model runs."""
SOURCE = (
    "Teaching model, not data: every number follows from the settings you chose.\n"
    "Rivals' new capacity grows evenly until it can replace the whole cut."
)
START = {"dependence": 90, "spare": 10, "stocks": 2, "ramp": 12, "duration": 24}
"""The settings the explorer opens with: a heavily dependent buyer facing a long ban."""

SUPPLIED, FROM_STOCKS, SHORT = "From suppliers", "Drawn from stocks", "Shortfall"
STYLES = {
    SUPPLIED: {"color": plots.PALETTE[0], "hatch": ""},
    FROM_STOCKS: {"color": plots.PALETTE[1], "hatch": ".."},
    SHORT: {"color": plots.JAPAN_COLOUR, "hatch": "//"},
}
"""Each part of the bars differs by hatching as well as colour, and is named in the legend."""


@dataclass(frozen=True)
class Outcome:
    """What the buyer gets each month, as % of its normal use (index: months 1 to ``MONTHS``)."""

    supplied: pd.Series
    from_stocks: pd.Series
    shortfall: pd.Series

    @property
    def worst(self) -> float:
        """The largest shortfall in any month (% of normal use)."""
        return float(self.shortfall.max())

    @property
    def short_months(self) -> list[int]:
        """The months in which the buyer goes without part of its normal use."""
        return [int(m) for m, v in self.shortfall.items() if v > 1e-9]

    @property
    def lost(self) -> float:
        """Everything the buyer goes without, in months of normal use."""
        return float(self.shortfall.sum()) / 100


def simulate(dependence: float, spare: float, stocks: float, ramp: int, duration: int) -> Outcome:
    """Run the model month by month.

    ``dependence``: % of the buyer's normal use that came from the supplier who cuts it off.
    ``spare``: % of the buyer's normal use that other suppliers can ship at once.
    ``stocks``: months of normal use the buyer holds in store.
    ``ramp``: months until rivals' added capacity can replace the whole cut (it grows evenly).
    ``duration``: months the cut-off lasts (``MONTHS`` or more: for the whole run).
    In month ``m`` of the cut-off the gap is ``max(0, dependence * (1 - (m - 1) / ramp) - spare)``;
    stocks fill it until they run out, and what is left is the shortfall.
    """
    import pandas as pd

    if not 0 <= dependence <= 100 or not 0 <= spare <= 100:
        raise ValueError("dependence and spare capacity are shares of normal use (0 to 100 %).")
    if stocks < 0 or ramp < 1 or duration < 0:
        raise ValueError("stocks, ramp-up and duration cannot be negative (ramp-up at least 1).")
    store = 100.0 * stocks
    months = range(1, MONTHS + 1)
    supplied, drawn, short = [], [], []
    for month in months:
        gap = 0.0
        if month <= duration:
            gap = max(0.0, dependence * (1 - min(1.0, (month - 1) / ramp)) - spare)
        draw = min(gap, store)
        store -= draw
        supplied.append(100.0 - gap)
        drawn.append(draw)
        short.append(gap - draw)
    index = pd.Index(list(months), name="month")
    return Outcome(
        pd.Series(supplied, index=index),
        pd.Series(drawn, index=index),
        pd.Series(short, index=index),
    )


def cutoff() -> Any:
    """Set a buyer's dependence, its alternatives and the cut-off; see what it goes without."""
    return explorer(
        "A teaching model, not data: one buyer cut off from one supplier",
        controls(),
        _render,
        fit=_allowed,
    )


def controls() -> list[Control]:
    """The explorer's five sliders; every combination of their values is a valid model."""
    return [
        Control("dependence", "Buyer's supply that comes from the supplier who cuts it off (%)",
                "range", START["dependence"], low=0, high=100, step=10),
        Control("spare", "Other suppliers' spare capacity (% of the buyer's normal use)",
                "range", START["spare"], low=0, high=100, step=10),
        Control("stocks", "Buyer's stocks (months of normal use)", "range", START["stocks"],
                low=0, high=12),
        Control("ramp", "Months rivals need to replace the whole cut", "range", START["ramp"],
                low=1, high=24),
        Control("duration", "Months the cut-off lasts", "range", START["duration"],
                low=1, high=MONTHS),
    ]  # fmt: skip


def _allowed(values: dict[str, Any]) -> dict[str, list[int]]:
    """The values each slider may take: a value typed or sent outside them moves back."""
    return {c.name: list(range(c.low, c.high + 1, c.step)) for c in controls()}


def _settings(values: dict[str, Any]) -> tuple[float, float, float, int, int]:
    return (
        float(values["dependence"]),
        float(values["spare"]),
        float(values["stocks"]),
        int(values["ramp"]),
        int(values["duration"]),
    )


def _render(values: dict[str, Any]) -> tuple[plots.Chart, str]:
    settings = _settings(values)
    outcome = simulate(*settings)
    return chart(outcome), finding(*settings)


def chart(outcome: Outcome) -> plots.Chart:
    """Stacked monthly bars: supplied, drawn from stocks, shortfall (each hatched differently)."""
    import matplotlib.pyplot as plt

    parts = {SUPPLIED: outcome.supplied, FROM_STOCKS: outcome.from_stocks, SHORT: outcome.shortfall}
    title = "MODEL: what the buyer gets each month"
    y_label = "Share of normal use (%)"
    with plots._style():
        fig, ax = plt.subplots(figsize=(7.5, 4.2))
        bottom = None
        for name, values in parts.items():
            ax.bar(
                values.index,
                values.values,
                bottom=bottom,
                label=name,
                width=0.85,
                edgecolor="white",
                linewidth=0.5,
                **cast(Any, STYLES[name]),
            )
            bottom = values.values if bottom is None else bottom + values.values
        ax.set_ylim(0, 100)
        ax.set_xlim(0.4, MONTHS + 0.6)
        ax.set_xticks([1, 6, 12, 18, 24])
        ax.set_xlabel("Month after the cut-off begins")
        ax.set_ylabel(y_label)
        ax.set_title(title, loc="left", pad=30)
        ax.grid(axis="x", visible=False)
        ax.legend(
            loc="lower left",
            ncols=3,
            bbox_to_anchor=(0, 1.0),
            borderaxespad=0.3,
            handlelength=2.4,
            handleheight=1.4,
        )
        plots._source_line(fig, ax, SOURCE)
        plt.close(fig)
    return plots.Chart(
        fig=fig, alt=f"Bar chart: {title}. {y_label}. {describe(outcome)}", source=SOURCE
    )


def describe(outcome: Outcome) -> str:
    """The chart in words, for its alt text."""
    stocks = [int(m) for m, v in outcome.from_stocks.items() if v > 1e-9]
    said = [
        f"From suppliers: lowest {_pct(outcome.supplied.min())} % in month "
        f"{int(outcome.supplied.idxmin())}."
    ]
    said.append(f"Stocks drawn in {_which(stocks)}." if stocks else "No stocks drawn.")
    if outcome.short_months:
        said.append(f"Shortfall in {_which(outcome.short_months)}, worst {_pct(outcome.worst)} %.")
    else:
        said.append("No shortfall.")
    return " ".join(said)


def finding(dependence: float, spare: float, stocks: float, ramp: int, duration: int) -> str:
    """What the buyer loses at first, what stocks and rivals do, and what it goes without."""
    outcome = simulate(dependence, spare, stocks, ramp, duration)
    start = "Teaching model, not data: "
    if dependence == 0:
        return (
            start
            + "the buyer takes none of its supply from this supplier: the cut-off changes nothing."
        )
    first_gap = max(0.0, dependence - spare)
    lasting = "for the whole two years" if duration >= MONTHS else f"for {_months(duration)}"
    said = [
        f"a cut-off of {_pct(dependence)} % of the buyer's supply, {lasting}.",
    ]
    if first_gap == 0:
        said.append("Rivals' spare capacity and new output cover it from the first month.")
    else:
        said.append(f"After rivals' spare capacity, {_pct(first_gap)} % is missing in month 1.")
    if not outcome.short_months:
        if first_gap > 0:
            said.append("Stocks fill every gap until rivals catch up or supply resumes.")
        said.append("The buyer never goes short: the supplier has no real leverage here.")
        return start + " ".join(said)
    months = outcome.short_months
    said.append(
        f"The buyer goes short in {len(months)} of {MONTHS} months "
        f"({_which(months)}), at worst by {_pct(outcome.worst)} % of its normal use, "
        f"and loses {outcome.lost:.1f} months' worth of the input in all."
    )
    if stocks > 0:
        said.append(
            f"Its {_months(stocks)} of stocks delay or soften the shortage but do not prevent it."
        )
    return start + " ".join(said)


def _pct(number: float) -> str:
    """A share for a sentence: 70, 16.7 (at most one decimal)."""
    return f"{number:.1f}".removesuffix(".0")


def _months(number: float) -> str:
    text = f"{number:g}"
    return f"{text} month" if text == "1" else f"{text} months"


def _which(months: list[int]) -> str:
    """'month 3' or 'months 3–5 and 9'."""
    return f"month {months[0]}" if len(months) == 1 else f"months {_span(months)}"


def _span(months: list[int]) -> str:
    """Months as runs: [3, 4, 5, 9] -> '3–5 and 9'."""
    runs: list[tuple[int, int]] = []
    for month in months:
        if runs and month == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    words = [f"{a}" if a == b else f"{a}–{b}" for a, b in runs]
    return and_list(words)
