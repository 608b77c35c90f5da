"""Lesson 1's widgets: when did receipts overtake payments, and why vintages don't splice.

``crossover()`` charts the technology trade (charges for the use of intellectual
property) of chosen economies as a coverage ratio or a balance, and says for each
when receipts first exceeded payments in the years shown. ``vintages()`` sets the
2018 World Bank vintage of high-tech exports beside the current one and shows what
a naive splice of the two would invent. The helpers are used by the lesson too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course import data, plots
from course.widgets.explorer import Control, economy_choice, explorer

if TYPE_CHECKING:
    import pandas as pd

RECEIPTS = "ip_charges_receipts_usd"
PAYMENTS = "ip_charges_payments_usd"
ECONOMIES = (
    "JPN", "USA", "DEU", "FRA", "GBR", "KOR", "CHN", "IND", "RUS",
    "SGP", "MYS", "THA", "IDN", "PHL",
)  # fmt: skip
LAST_YEAR = 2025
MEASURES = {
    "ratio": "Coverage ratio (receipts ÷ payments)",
    "balance": "Balance (receipts − payments, billion US$)",
}
VINTAGE_COUNTRIES = ("JPN", "KOR", "CHN", "USA", "DEU", "SGP", "MYS", "THA")
VINTAGE_MEASURES = {
    "hightech_exports_usd": "High-tech exports (billion current US$)",
    "hightech_exports_pct_manuf_exports": "High-tech exports (% of manufactured exports)",
}
SPLICE_YEAR = 2007
"""The first year of the current high-tech series: where a naive splice joins the two."""


# ---------------------------------------------------------------- technology trade


def coverage(countries: data.Names, years: data.Years = None) -> pd.DataFrame:
    """Receipts ÷ payments for the use of IP: years down, ISO3 codes across (NaN if missing)."""
    return data.table(RECEIPTS, countries, years) / data.table(PAYMENTS, countries, years)


def balance(countries: data.Names, years: data.Years = None) -> pd.DataFrame:
    """Receipts − payments for the use of IP, in current US$: years down, ISO3 codes across."""
    return data.table(RECEIPTS, countries, years) - data.table(PAYMENTS, countries, years)


def trade_table(countries: data.Names, year: int) -> pd.DataFrame:
    """Receipts and payments (billion US$) and their ratio for some economies in one year.

    One row per economy with data that year, by readable name. Used by lesson 1's ASEAN section.
    """
    import pandas as pd

    frame = pd.DataFrame(
        {
            "receipts (bn US$)": data.table(RECEIPTS, countries, year).iloc[0] / 1e9,
            "payments (bn US$)": data.table(PAYMENTS, countries, year).iloc[0] / 1e9,
        }
    )
    frame["ratio"] = frame.iloc[:, 0] / frame.iloc[:, 1]
    frame.index = [data.country_name(code) for code in frame.index]
    return frame.dropna(how="all").sort_values("payments (bn US$)", ascending=False)


def crossing(ratio: pd.Series, start: int, end: int = LAST_YEAR) -> str:
    """One clause: when (if ever) a coverage ratio was above 1 between ``start`` and ``end``.

    ``ratio`` is one economy's column of :func:`coverage`; its name is the ISO3 code.
    """
    name = data.country_name(str(ratio.name))
    series = ratio.loc[start:end].dropna()
    if series.empty:
        return f"{name}: no data in {start}–{end}"
    first, last = int(series.index[0]), int(series.index[-1])
    label = name if first == start else f"{name} (data from {first})"
    above = series[series > 1]
    if above.empty:
        return f"{label}: receipts never exceeded payments in {first}–{last}"
    if len(above) == len(series):
        return f"{label}: receipts exceeded payments in every year, {first}–{last}"
    crossed = int(above.index[0])
    if len(above) == 1:
        return f"{label}: receipts exceeded payments only in {crossed}"
    if (series.loc[crossed:] > 1).all():
        return f"{label}: receipts first exceeded payments in {crossed} and stayed ahead to {last}"
    count, years = len(above), len(series)
    return (
        f"{label}: receipts exceeded payments in {count} of {years} years, "
        f"first in {crossed}, last in {int(above.index[-1])}"
    )


def first_above(ratio: pd.DataFrame) -> pd.Series:
    """The first year each column exceeds 1 (NaN where it never does), indexed by ISO3."""
    import pandas as pd

    years = {code: ratio[code][ratio[code] > 1].index.min() for code in ratio.columns}
    return pd.Series(years, dtype="float64").rename_axis("iso3")


def crossover() -> Any:
    """Pick economies, a first year and a measure; see when receipts overtook payments."""
    controls = [
        economy_choice(ECONOMIES, ["JPN", "KOR", "DEU", "SGP"]),
        Control("start", "First year shown", "range", 1996, low=1970, high=2020),
        Control("measure", "Measure", "select", "ratio", options=list(MEASURES.items())),
    ]
    return explorer("When did receipts overtake payments?", controls, _render_crossover)


def _render_crossover(values: dict[str, Any]) -> tuple[plots.Chart, str]:
    start, measure = int(values["start"]), values["measure"]
    economies = sorted(values["economies"], key=_position)
    if not economies:
        raise data.DataError("choose at least one economy.")
    years = (start, LAST_YEAR)
    ratio = coverage(economies, years)
    if ratio.dropna(how="all").empty:
        raise data.DataError(f"none of the chosen economies has data in {start}–{LAST_YEAR}.")
    source = data.citation("wdi") + " Indicators BX.GSR.ROYL.CD, BM.GSR.ROYL.CD."
    shown, level, y_label = ratio, 1.0, "ratio (receipts ÷ payments)"
    if measure == "balance":
        shown, level, y_label = balance(economies, years) / 1e9, 0.0, "billion current US$"
    chart = plots.line(
        shown.dropna(how="all"),
        title=f"Charges for the use of IP: {MEASURES[measure].split(' (')[0].lower()}",
        y_label=y_label,
        source=source,
        reference=(level, "receipts = payments"),
    )
    return chart, crossover_finding(economies, start, measure)


def crossover_finding(economies: list[str], start: int, measure: str = "ratio") -> str:
    """The explorer's sentence: each economy's crossing clause, then who leads in the last year.

    Economies are taken in the explorer's order (:data:`ECONOMIES`), whatever order they come in.
    """
    economies = sorted(economies, key=_position)
    ratio = coverage(economies, (start, LAST_YEAR))
    shown = balance(economies, (start, LAST_YEAR)) / 1e9 if measure == "balance" else ratio
    clauses = [crossing(ratio[code], start) for code in ratio.columns]
    return "; ".join(clauses) + ". " + _leader(shown, measure)


def _position(code: str) -> int:
    """Where an economy stands in the explorer's list (unknown codes go last)."""
    return ECONOMIES.index(code) if code in ECONOMIES else len(ECONOMIES)


def _leader(shown: pd.DataFrame, measure: str) -> str:
    """Who is highest in the last year any chosen economy reports."""
    rows = shown.dropna(how="all")
    year = int(rows.index[-1])
    last = rows.loc[year].dropna()
    code = str(last.idxmax())
    number = f"{last[code]:+,.1f} billion US$" if measure == "balance" else f"{last[code]:.2f}"
    word = "largest balance" if measure == "balance" else "highest ratio"
    return f"The {word} in {year}: {data.country_name(code)} ({number})."


# ---------------------------------------------------------------- data vintages


def vintage_table(country: str, indicator: str) -> pd.DataFrame:
    """One economy's high-tech exports in the 2018 vintage and the current one, side by side.

    Columns ``"2018 vintage"`` and ``"Current vintage"``, years down (1988 onwards).
    """
    import pandas as pd

    code = data.country_code(country)
    column = data.indicator(indicator).column
    old = data.legacy(2018)
    old = old[old.iso3 == code].set_index("year")[column]
    new = data.table(column, code).iloc[:, 0]
    frame = pd.DataFrame({"2018 vintage": old, "Current vintage": new}).sort_index()
    frame = frame.loc[1988:].dropna(how="all")
    if frame.empty:
        raise data.DataError(f"{data.country_name(code)} has no high-tech export data.")
    frame.index.name = "year"
    return frame


def splice(frame: pd.DataFrame, year: int = SPLICE_YEAR) -> pd.Series:
    """A naive splice: the 2018 vintage before ``year``, the current vintage from ``year``."""
    old = frame["2018 vintage"].loc[: year - 1]
    return old.combine_first(frame["Current vintage"].loc[year:]).rename("Naive splice")


def vintage_gap(frame: pd.DataFrame, in_points: bool) -> pd.Series:
    """Current minus 2018 vintage in the overlap years: in % of the old value, or in points."""
    both = frame.dropna()
    difference = both["Current vintage"] - both["2018 vintage"]
    return difference if in_points else 100 * difference / both["2018 vintage"]


def vintages() -> Any:
    """Pick an economy and a measure; compare two World Bank vintages and a naive splice."""
    # Control names differ from crossover()'s: the page builds element ids from them.
    countries = [(code, data.country_name(code)) for code in VINTAGE_COUNTRIES]
    series = list(VINTAGE_MEASURES.items())
    splice_option = [("splice", "a naive splice (2018 vintage to 2006, current from 2007)")]
    controls = [
        Control("country", "Economy", "select", "JPN", options=countries),
        Control("series", "Measure", "select", "hightech_exports_usd", options=series),
        Control("splice", "Add", "checkboxes", [], options=splice_option),
    ]
    return explorer("Two vintages of one indicator", controls, _render_vintages)


def _render_vintages(values: dict[str, Any]) -> tuple[plots.Chart, str]:
    country, measure = values["country"], values["series"]
    frame = vintage_table(country, measure)
    in_points = measure.endswith("_pct_manuf_exports")
    shown = frame if in_points else frame / 1e9
    if "splice" in values["splice"]:
        shown = shown.assign(**{"Naive splice": splice(shown)})
    chart = plots.line(
        shown,
        title=f"{data.country_name(country)}: {VINTAGE_MEASURES[measure].split(' (')[0].lower()}",
        y_label=VINTAGE_MEASURES[measure].split(" (")[1].rstrip(")"),
        source="Source: World Bank, WDI, 2018 vintage and snapshot of 2026-07-01 (CC BY 4.0).",
        highlight=None,
    )
    chart.ax.axvline(SPLICE_YEAR, color="#444444", linestyle=":", linewidth=1.2)
    chart.ax.annotate(
        "current series begins", (SPLICE_YEAR, 1.0), xycoords=("data", "axes fraction"),
        xytext=(4, -12), textcoords="offset points", fontsize=9, color="#444444",
    )  # fmt: skip
    return chart, vintage_finding(frame, country, in_points)


def vintage_finding(frame: pd.DataFrame, country: str, in_points: bool) -> str:
    """Two sentences: how far the vintages disagree, and the step a naive splice invents."""
    name = data.country_name(country)
    gap = vintage_gap(frame, in_points)
    if gap.empty:
        return f"{name}: the two vintages share no year, so they cannot be compared."
    unit = " percentage points" if in_points else "%"
    span = f"{int(gap.index[0])}–{int(gap.index[-1])}"
    low, high = gap.min(), gap.max()
    side = "higher" if low > 0 else "lower" if high < 0 else "sometimes higher, sometimes lower"
    sentence = (
        f"{name}, {span}: in the years both vintages cover, the current one is {side} "
        f"than the 2018 one, by {low:+.1f} to {high:+.1f}{unit}."
    )
    before, at = SPLICE_YEAR - 1, SPLICE_YEAR
    old, spliced = frame["2018 vintage"], splice(frame)
    if any(_missing(s.get(y)) for s in (old, spliced) for y in (before, at)):
        return sentence
    change = _change(old[before], old[at], in_points)
    jump = _change(spliced[before], spliced[at], in_points)
    return (
        f"{sentence} From {before} to {at} a naive splice shows {jump}; "
        f"the 2018 vintage alone shows {change}."
    )


def _change(before: float, after: float, in_points: bool) -> str:
    if in_points:
        return f"{after - before:+.1f} percentage points"
    return f"{100 * (after - before) / before:+.1f}%"


def _missing(value: Any) -> bool:
    """True for None and NaN."""
    return value is None or value != value
