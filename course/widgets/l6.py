"""Lesson 6's widget: a MODEL (not data) of dependence on one concentrated upstream input.

The learner sets Japan's and China's shares of world supply of a hypothetical input,
how many other suppliers share the rest, and who (if anyone) cuts supply off. The chart
shows each supplier's share; the finding reports two simple measures: concentration
(the Herfindahl–Hirschman index, HHI) and how much the remaining suppliers would have
to raise output to replace what one supplier withholds. The point for lesson 6: the
second measure explodes as one supplier's share nears 100 %, which is what makes an
upstream "chokepoint" a lever (rare earths in 2010, Japan's 2019 controls on Korea).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from course import data, plots
from course.widgets.explorer import Control, explorer

if TYPE_CHECKING:
    import pandas as pd

HIGHLY_CONCENTRATED = 1800
"""HHI above which the 2023 US Merger Guidelines call a market "highly concentrated"."""

SUPPLIERS = ("Japan", "China")
CUTOFFS = [
    ("none", "Nobody: supply flows normally"),
    ("Japan", "Japan withholds (like the 2019 controls on Korea, taken to the extreme)"),
    ("China", "China withholds (like the 2010 rare-earth stoppage)"),
]
SOURCE = (
    "Illustrative model, not data: the shares are the ones you set. "
    "HHI = sum of the squared % shares (0 to 10,000)."
)
WITHHELD = " (withholds)"


def supply_shares(japan: float, china: float, others: int) -> pd.Series:
    """Each supplier's % share of world supply; ``others`` equal rivals share what is left.

    Raises ``DataError`` when the shares are impossible (negative, or Japan and China
    together above 100 %). Suppliers left with nothing are dropped.
    """
    import pandas as pd

    if min(japan, china) < 0 or others < 0:
        raise data.DataError("shares and the number of suppliers cannot be negative.")
    if japan + china > 100:
        raise data.DataError(
            f"Japan ({japan:g} %) and China ({china:g} %) together supply more than 100 % "
            "of the world: lower one of them."
        )
    rest = 100 - japan - china
    shares = {"Japan": float(japan), "China": float(china)}
    if rest > 0 and others == 0:
        raise data.DataError(
            f"{rest:g} % of world supply has no supplier: add at least one other supplier."
        )
    for number in range(1, others + 1 if rest > 0 else 1):
        shares[f"Other supplier {number}"] = rest / others
    return pd.Series(shares, dtype=float)


def hhi(shares: pd.Series) -> float:
    """Herfindahl–Hirschman index: the sum of squared % shares (10,000 for a monopoly)."""
    return float((shares**2).sum())


def make_up(withheld: float) -> float:
    """How much (%) the other suppliers must raise output to replace ``withheld`` % of supply.

    ``inf`` when the withholding supplier is the only one.
    """
    if withheld >= 100:
        return math.inf
    return 100 * withheld / (100 - withheld)


def chokepoint() -> Any:
    """Set suppliers' shares and a cut-off; see concentration and what a cut-off costs buyers."""
    controls = [
        Control("japan", "Japan's share of world supply (%)", "range", 70, low=0, high=100, step=5),
        Control("china", "China's share of world supply (%)", "range", 10, low=0, high=100, step=5),
        Control("others", "Number of other suppliers", "range", 4, low=1, high=6),
        Control("cutoff", "Who cuts supply off?", "select", "none", options=CUTOFFS),
    ]
    return explorer("A model, not data: who supplies one upstream input?", controls, _render)


def _render(values: dict[str, Any]) -> tuple[plots.Chart, str]:
    japan, china = float(values["japan"]), float(values["china"])
    others, cutoff = int(values["others"]), str(values["cutoff"])
    return chart(supply_shares(japan, china, others), cutoff), finding(japan, china, others, cutoff)


def chart(shares: pd.Series, cutoff: str = "none") -> plots.Chart:
    """Bars of the shares: Japan, China, and one bar for each of the equal other suppliers."""
    rivals = [name for name in shares.index if name not in SUPPLIERS]
    bars = shares.drop(rivals)
    if rivals:
        label = "The other supplier" if len(rivals) == 1 else f"Each of {len(rivals)} others"
        bars[label] = shares[rivals[0]]
    bars = bars.rename(index={cutoff: cutoff + WITHHELD})
    drawn = plots.bars(
        bars,
        title="MODEL: shares of world supply of one upstream input",
        x_label="Share of world supply (%), as set by you",
        source=SOURCE,
        highlight="Japan" + WITHHELD if cutoff == "Japan" else "Japan",
        digits=0 if all(float(v).is_integer() for v in bars) else 1,
    )
    drawn.ax.set_xlim(0, 110)  # one fixed scale: bars compare across settings
    _room_for_source(drawn)
    return drawn


def _room_for_source(chart: plots.Chart) -> None:
    """Lift the axes so the x label clears the source line (short bar charts need it)."""
    height = chart.fig.get_figheight()
    chart.fig.subplots_adjust(bottom=min(0.4, 0.62 / height))


def finding(japan: float, china: float, others: int, cutoff: str) -> str:
    """Two sentences: the HHI and its reading, then what one supplier could withhold."""
    shares = supply_shares(japan, china, others)
    index = hhi(shares)
    if index > HIGHLY_CONCENTRATED:
        line = f"{HIGHLY_CONCENTRATED:,}"
        reading = f"highly concentrated (above the {line} line of US merger guidelines)"
    else:
        reading = f"not highly concentrated (at or below the {HIGHLY_CONCENTRATED:,} line)"
    sentence = f"Model, not data: HHI = {index:,.0f} of 10,000, {reading}."
    if cutoff == "none":
        who = shares.idxmax()
        return sentence + (
            f" The largest supplier, {who}, could withhold {_pct(shares[who])} % of world supply;"
            f" choose a cut-off to see what that would cost buyers."
        )
    if cutoff not in SUPPLIERS:
        raise data.DataError(f"Unknown cut-off {cutoff!r}: choose Japan, China or nobody.")
    withheld = shares[cutoff]
    if withheld == 0:
        return sentence + f" {cutoff} supplies none of this input, so its cut-off changes nothing."
    need = make_up(withheld)
    if math.isinf(need):
        return sentence + (
            f" {cutoff} is the only supplier: if it withholds, buyers have nothing at all,"
            " a perfect chokepoint."
        )
    return sentence + (
        f" If {cutoff} withholds its {_pct(withheld)} %, the other suppliers must raise their"
        f" output by {need:,.0f} % to fill the gap{_scale(need)}."
    )


def _pct(number: float) -> str:
    """A share for a sentence: 70, 16.7 (at most one decimal)."""
    return f"{number:.1f}".removesuffix(".0")


def _scale(need: float) -> str:
    """A plain-words reading of the increase the other suppliers would need."""
    if need > 100:
        return ": more than double, which new plants and qualified materials cannot do quickly"
    return ": hard but conceivable if they have spare capacity"
