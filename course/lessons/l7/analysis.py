"""Lesson 7's widget: compare what Japan's aid recipients received, net of repayments.

``recipients()`` lets a learner tick recipients and choose a period; the chart shows
Japan's net bilateral aid each year (or its running total) and the finding names the
recipient that received the most over the period and counts the negative years, the
years in which repayments of earlier loans exceeded new aid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course import data, plots
from course.widgets.explorer import Control, economy_choice, explorer, period

if TYPE_CHECKING:
    import pandas as pd

COLUMN = "japan_net_bilateral_oda_usd"
RECIPIENTS = (
    "CHN", "IDN", "IND", "VNM", "THA", "PHL", "MYS", "MMR",
    "KHM", "LAO", "MNG", "TLS", "KOR", "SGP", "BRN", "RUS",
)  # fmt: skip
"""The 16 recipients of the ODA file, largest historical partners first."""
START = ["CHN", "IDN", "IND", "VNM", "RUS"]
FIRST, LAST = 1960, 2023
NOMINAL = " (current dollars, not adjusted for inflation)"
"""Said wherever the explorer adds up dollars across years."""
MEASURES = (
    ("yearly", "Net aid in each year"),
    ("cumulative", "Running total from the first year chosen"),
)


def net_aid(recipients: list[str], start: int, end: int) -> pd.DataFrame:
    """Japan's net bilateral aid (current US$): years ``start``–``end`` down, ISO3 codes across.

    Recipients without any value in the period are left out. Raises ``DataError``
    with a message a learner can act on.
    """
    if not recipients:
        raise data.DataError("tick at least one recipient.")
    if start > end:
        raise data.DataError(
            f"the first year ({start}) is after the last year ({end}): move one of the sliders."
        )
    if start < FIRST or end > LAST:
        raise data.DataError(f"the aid data covers {FIRST}–{LAST}; choose years inside it.")
    frame = data.oda(recipients)  # each recipient's own years; the period is cut below
    frame = frame[frame.year.between(start, end)]
    table = frame.pivot(index="year", columns="iso3", values=COLUMN)
    codes = [data.country_code(name) for name in recipients]
    table = table.reindex(columns=[c for c in codes if c in table.columns]).dropna(
        how="all", axis=1
    )
    if table.empty:
        raise data.DataError(
            f"none of the chosen recipients has aid from Japan recorded in {start}–{end}. "
            + coverage(codes)
        )
    return table


def coverage(codes: list[str]) -> str:
    """'Russia: 1992–2004; Singapore: 1960–1995.': the years each recipient has data."""
    frame = data.oda(codes)
    spans = frame.groupby("iso3").year.agg(["min", "max"])
    parts = [f"{data.country_name(c)}: {spans.loc[c, 'min']}–{spans.loc[c, 'max']}" for c in codes]
    return "Years with data: " + "; ".join(parts) + "."


def finding(recipients: list[str], start: int, end: int) -> str:
    """Who got the most net aid from Japan in ``start``–``end``; how many years were negative."""
    table = net_aid(recipients, start, end)
    totals = table.sum().sort_values(ascending=False)
    leader = totals.index[0]
    divisor, word = plots.scale_for([totals.iloc[0]])
    period = f"{start}–{end}" if start != end else str(start)
    amount = f"US$ {totals.iloc[0] / divisor:,.1f} {word}".strip()
    name = data.country_name(leader)
    if len(totals) == 1:
        sentence = f"In {period}, {name} (the only recipient with data) received {amount} net"
        sentence += " from Japan in total" + NOMINAL + "."
    else:
        sentence = (
            f"In {period}, {name} received the most net aid from Japan among the "
            f"{len(totals)} recipients with data: {amount} in total{NOMINAL}."
        )
    negative = (table < 0).sum()
    negative = negative[negative > 0].sort_values(ascending=False)
    years = int(table.notna().sum().sum())
    if negative.empty:
        sentence += f" None of the {years} recipient-years with data was negative."
    else:
        which = ", ".join(f"{data.country_name(c)} {n}" for c, n in negative.items())
        count = int(negative.sum())
        verb = "was" if count == 1 else "were"
        sentence += (
            f" {count} of the {years} recipient-years {verb} negative ({which}): "
            "years in which repayments of earlier Japanese loans exceeded new aid."
        )
    missing = [c for c in (data.country_code(r) for r in recipients) if c not in table.columns]
    if missing:
        names = ", ".join(data.country_name(c) for c in missing)
        sentence += f" No data in this period for {names}."
    return sentence


def chart(recipients: list[str], start: int, end: int, measure: str = "yearly") -> plots.Chart:
    """Japan's net aid to the chosen recipients, each year or as a running total."""
    if measure not in dict(MEASURES):
        raise data.DataError(f"choose one of: {', '.join(dict(MEASURES).values())}.")
    table = net_aid(recipients, start, end)
    if measure == "cumulative":
        table = table.cumsum()
        title = f"Japan's net aid, running total since {start}"
    else:
        title = "Japan's net aid to each recipient, per year"
    divisor, word = plots.scale_for(table.to_numpy().ravel())
    drawn = plots.line(
        table / divisor,
        title=title,
        y_label=f"{word} current US$".strip(),
        source=data.citation("oda"),
        highlight=None,
        reference=(0.0, "net zero"),
    )
    label: Any = drawn.ax.texts[-1]  # the reference label: right-hand end, clear of early lines
    label.xy = (0.99, 0.0)
    label.set_horizontalalignment("right")
    return drawn


def recipients() -> Any:
    """Tick recipients and choose the years; see who received the most and when flows reversed."""
    controls = [
        economy_choice(RECIPIENTS, START, name="recipients", label="Recipients"),
        Control("start", "First year", "range", 1990, low=FIRST, high=LAST),
        Control("end", "Last year", "range", 2009, low=FIRST, high=LAST),
        Control("measure", "Show", "select", "yearly", options=list(MEASURES)),
    ]
    return explorer(
        "Who received most from Japan, net of repayments?", controls, _render, fit=_years
    )


def _years(values: dict[str, Any]) -> dict[str, list[int]]:
    """The first year stays at or before the last one."""
    return period(range(FIRST, LAST + 1), values, same_year=True)


def _render(values: dict[str, Any]) -> tuple[plots.Chart, str]:
    chosen, start, end = list(values["recipients"]), int(values["start"]), int(values["end"])
    return chart(chosen, start, end, values["measure"]), finding(chosen, start, end)


# ---------------------------------------------------------------- technology exports (tables)

TECH_COLUMNS = {
    "ip_charges_receipts_usd": "IP receipts (US$ bn)",
    "ip_charges_payments_usd": "IP payments (US$ bn)",
    "hightech_exports_usd": "high-tech exports (US$ bn)",
}
"""World Bank series that each catch one side of technology trade (current US$, all partners)."""


def technology_table(
    year: int, codes: tuple[str, ...] = (*data.ASEAN, "JPN", "RUS")
) -> pd.DataFrame:
    """IP receipts, IP payments and high-tech exports in ``year``, billions of current US$.

    One row per economy (ASEAN, Japan, Russia), named in full, sorted by IP receipts;
    missing values stay missing. Used by lesson 7.
    """
    import pandas as pd

    columns = {
        label: data.table(name, list(codes), year).loc[year] / 1e9
        for name, label in TECH_COLUMNS.items()
    }
    table = pd.DataFrame(columns)
    table.index = [data.country_name(code) for code in table.index]
    table.index.name = None
    return table.sort_values(TECH_COLUMNS["ip_charges_receipts_usd"], ascending=False)


def kti_shares(years: list[int]) -> pd.DataFrame:
    """Knowledge- and technology-intensive (KTI) manufacturing as % of each economy's goods exports.

    From the NSF's Science and Engineering Indicators table SKTI-3 (``data.sei("sei_kti_exports")``,
    gross exports, current US$): 12 economies, one column per year in ``years``, sorted by
    the last year. Used by lesson 7.
    """
    frame = data.sei(
        "sei_kti_exports",
        indicators=["gross_exports_goods_kti_manufacturing", "gross_exports_goods_all_industries"],
        years=years,
    )
    wide = frame.pivot_table(index=["economy", "year"], columns="indicator", values="value")
    kti, goods = wide.gross_exports_goods_kti_manufacturing, wide.gross_exports_goods_all_industries
    share = 100 * kti / goods
    table = share.unstack("year")
    table.columns = [f"{year} (%)" for year in table.columns]
    table.index.name = None
    return table.sort_values(table.columns[-1], ascending=False).round(1)
