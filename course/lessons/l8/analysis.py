"""Lesson 8's widget: gather evidence for a policy brief, as a sentence you can reuse.

The learner picks an indicator, ticks economies and chooses a start and an end year.
The chart shows the series over that period; the finding is an *evidence sentence*
computed from the data: how the first economy (Japan when ticked) changed between the
first and last years with data, and where it ranked among the countries chosen. The
sentence says so when years are missing and when a value is in current US dollars, and
it leaves groups (OECD members, World) out of the ranking, since they contain the
countries they would be ranked against.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from course import data, plots
from course.widgets.explorer import (
    Control,
    economy_choice,
    explorer,
    indicator_choice,
    period,
    years_with_data,
)

if TYPE_CHECKING:
    import pandas as pd

INDICATORS = (
    "rd_expenditure_pct_gdp",
    "researchers_per_million",
    "rd_technicians_per_million",
    "sci_tech_journal_articles",
    "patent_apps_residents",
    "ip_charges_receipts_usd",
    "ip_charges_payments_usd",
    "hightech_exports_usd",
    "hightech_exports_pct_manuf_exports",
    "medhightech_exports_pct_manuf_exports",
    "medhightech_mva_pct_mva",
    "pop_65plus_pct",
    "population",
    "gdp_usd",
    "oda_received_net_usd",
    "techcoop_grants_received_usd",
)
"""Every country-level indicator of the WDI panel except nonresident patents."""

ECONOMIES = (
    "JPN", "USA", "CHN", "KOR", "DEU", "FRA", "GBR", "RUS", "IND",
    "SGP", "IDN", "THA", "VNM", "OED", "WLD",
)  # fmt: skip
START, END, FIRST, LAST = 2000, 2023, 1960, 2025
DEFAULT = ["JPN", "USA", "CHN", "KOR", "DEU"]

PHRASES = {
    "rd_expenditure_pct_gdp": "R&D expenditure",
    "researchers_per_million": "full-time-equivalent (FTE) researchers",
    "rd_technicians_per_million": "full-time-equivalent (FTE) technicians in R&D",
    "sci_tech_journal_articles": "output of scientific and technical journal articles",
    "patent_apps_residents": "patent applications by residents",
    "ip_charges_receipts_usd": "receipts for the use of intellectual property",
    "ip_charges_payments_usd": "payments for the use of intellectual property",
    "hightech_exports_usd": "high-technology exports",
    "hightech_exports_pct_manuf_exports": "high-technology exports",
    "medhightech_exports_pct_manuf_exports": "medium- and high-tech exports",
    "medhightech_mva_pct_mva": "medium- and high-tech manufacturing",
    "pop_65plus_pct": "share of people aged 65 and above",
    "population": "population",
    "gdp_usd": "GDP",
    "oda_received_net_usd": "net official development assistance received",
    "techcoop_grants_received_usd": "technical cooperation grants received",
}
"""How each indicator reads inside a sentence ("Japan's R&D expenditure rose ...")."""

UNITS = {
    "persons": "people",
    "current US$": "current US dollars",
    "current US$ (BoP)": "current US dollars",
    "number of applications": "applications",
    "number of articles": "articles",
}
"""Units as a sentence writes them after a number (dollars in words: two dollar signs in
one message would start MathJax maths in JupyterLab)."""


def evidence() -> Any:
    """Pick an indicator, economies and a period; get a chart and an evidence sentence."""
    controls = [
        indicator_choice(INDICATORS),
        economy_choice(
            ECONOMIES,
            DEFAULT,
            label="Economies (the sentence is about Japan, or else the first one ticked)",
        ),
        Control("start", "Start year", "range", START, low=FIRST, high=LAST),
        Control("end", "End year", "range", END, low=FIRST, high=LAST),
    ]
    return explorer("Gather evidence for your brief", controls, _render, fit=_years)


def _years(values: dict[str, Any]) -> dict[str, list[int]]:
    """Both sliders offer the years with data for the indicator; start stays before end."""
    return period(years_with_data(values["indicator"], values["economies"]), values)


def _render(values: dict[str, Any]) -> tuple[plots.Chart, str]:
    indicator, start, end = values["indicator"], int(values["start"]), int(values["end"])
    economies = [code for code in ECONOMIES if code in values["economies"]]
    sentence = evidence_sentence(indicator, economies, start, end)
    chart = plots.indicator_chart(indicator, economies, (start, end))
    for year in (start, end):
        chart.ax.axvline(year, color="#444444", linestyle=":", linewidth=1.2)
    return chart, sentence


# ---------------------------------------------------------------- the sentence


def evidence_sentence(indicator: str, economies: list[str], start: int, end: int) -> str:
    """An evidence sentence for a brief, computed from the data.

    E.g. "From 2000 to 2023, Japan's R&D expenditure rose from 2.86 to 3.44 % of GDP
    (+0.58 percentage points, or +20 %); in 2023 it was the 3rd highest of the 5 countries
    chosen."
    The subject is Japan when chosen, else the first economy. Raises ``DataError`` with
    a kind message for a period that runs backwards or an empty choice.
    """
    if start >= end:
        raise data.DataError(
            f"the start year ({start}) must come before the end year ({end}): "
            "move the start year back or the end year forward."
        )
    if not economies:
        raise data.DataError("tick at least one economy.")
    codes = [data.country_code(name) for name in economies]
    subject = "JPN" if "JPN" in codes else codes[0]
    info = data.indicator(indicator)
    table = data.table(info.column, codes, (start, end))
    series = table[subject].dropna()
    name, what = _name(subject), PHRASES.get(info.column, info.short_name.lower())
    if len(series) < 2:
        has = "no figure" if series.empty else "a figure for only one year"
        return (
            f"{_capital(name)} has {has} for its {what} between {start} and {end}: choose a "
            "longer period or another indicator."
        )
    first, last = int(series.index[0]), int(series.index[-1])
    parts = [_change(name, what, info.unit, first, last, series.loc[first], series.loc[last])]
    parts.append(_rank(table.loc[last], subject, last))
    sentence = "".join(parts) + "."
    return sentence + _cautions(info, codes, name, (start, end), (first, last))


def _change(name: str, what: str, unit: str, first: int, last: int, old: float, new: float) -> str:
    """'From 2000 to 2023, Japan's R&D expenditure rose from 2.86 to 3.44 % of GDP (…)'."""
    divisor, word = plots.scale_for([old, new])
    unit_text = " ".join(filter(None, [word, UNITS.get(unit, unit)]))
    verb = "rose" if new > old else "fell" if new < old else "stayed"
    top = max(abs(old), abs(new)) / divisor
    amounts = f"from {_number(old / divisor, top)} to {_number(new / divisor, top)} {unit_text}"
    if verb == "stayed":
        amounts = f"at {_number(new / divisor, top)} {unit_text}"
    details = []
    if unit.startswith("%"):
        sign = "+" if new >= old else "-"
        details.append(f"{sign}{_number(abs(new - old), top)} percentage points")
    percent = percent_change(old, new)
    if not math.isnan(percent):
        details.append(f"{percent:+.0f} %" if abs(percent) >= 10 else f"{percent:+.1f} %")
    bracket = f" ({', or '.join(details)})" if details and verb != "stayed" else ""
    owner = f"{name}'" if name.endswith("s") else f"{name}'s"
    return f"From {first} to {last}, {owner} {what} {verb} {amounts}{bracket}"


def _name(code: str) -> str:
    """A readable name to use inside a sentence: 'Japan', 'the United States'."""
    name = data.country_name(code)
    plural = name.startswith("United ") or name in {"Philippines", "Netherlands"}
    return f"the {name}" if plural else name


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(value: float, top: float) -> str:
    """2.86, 14.2 or 5,102: two decimals when ``top`` (the larger of a pair) is below 10,
    one below 1,000, none above, so both numbers of a pair have the same precision."""
    if top >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.2f}" if top < 10 else f"{value:,.1f}"


def _rank(values: pd.Series, subject: str, year: int) -> str:
    """'; in 2023 it was the 3rd highest of the 5 countries chosen'.

    Only countries are ranked: a group such as OECD members contains the countries it
    would be ranked against. Empty when fewer than two countries were chosen.
    """
    countries = values[[code for code in values.index if _is_country(code)]]
    if subject not in countries.index or len(countries) < 2:
        return ""
    have = countries.dropna().sort_values(ascending=False)
    if len(have) < 2:
        return f"; no other country chosen reports a figure for {year}"
    place = list(have.index).index(subject) + 1
    where = (
        "the highest"
        if place == 1
        else "the lowest"
        if place == len(have)
        else f"the {_ordinal(place)} highest"
    )
    if len(have) == len(countries):
        return f"; in {year} it was {where} of the {len(countries)} countries chosen"
    return (
        f"; in {year} it was {where} of the {len(have)} countries chosen that report a "
        f"figure for that year (you chose {len(countries)})"
    )


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _cautions(
    info: data.Indicator,
    codes: list[str],
    name: str,
    asked: tuple[int, int],
    used: tuple[int, int],
) -> str:
    """Short warnings a careful brief would add: missing years, dollars, group averages."""
    notes = []
    if used != asked:
        notes.append(
            f"{_capital(name)} has no figure for {_missing(asked, used)}, so the sentence "
            "uses the nearest years with data."
        )
    if "US$" in info.unit:
        notes.append(
            "Current US dollars move with exchange rates and prices, not only with real "
            "activity; to compare what R&D money buys across countries, use PPP dollars "
            "(data.sei('sei_gerd'))."
        )
    groups = [data.country_name(c) for c in codes if not _is_country(c)]
    if groups:
        what = "is a group" if len(groups) == 1 else "are groups"
        notes.append(
            f"{' and '.join(groups)} {what} of economies, not a country, so the ranking "
            "leaves it out."
            if len(groups) == 1
            else f"{' and '.join(groups)} {what} of economies, not countries, so the "
            "ranking leaves them out."
        )
    if not notes:
        return ""
    return f" {'Notes' if len(notes) > 1 else 'Note'}: " + " ".join(notes)


def _missing(asked: tuple[int, int], used: tuple[int, int]) -> str:
    """'1990–1995 and 2024–2025': the years at either end with no value."""
    spans = []
    if used[0] > asked[0]:
        spans.append((asked[0], used[0] - 1))
    if used[1] < asked[1]:
        spans.append((used[1] + 1, asked[1]))
    return " and ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def _is_country(code: str) -> bool:
    return code in set(data.countries().iso3)


def percent_change(old: float, new: float) -> float:
    """Per cent change from ``old`` to ``new``; NaN unless both are positive (a net flow
    that turns negative has no meaningful per cent change)."""
    if not (old > 0 and new >= 0):
        return math.nan
    return (new / old - 1) * 100


# ---------------------------------------------------------------- market rates or PPP


def market_and_ppp(economies: list[str], year: int = 2021) -> pd.DataFrame:
    """R&D spending in one year two ways, in billions: current US dollars at market
    exchange rates (World Bank: R&D share × GDP) and PPP dollars (NCSES table SRD-2).

    One row per economy; a third column divides the PPP figure by the market-rate one
    (above 1: money buys more at home than its exchange rate says). Lesson 8 uses it to
    show why R&D compared in current dollars needs a word on PPP.
    """
    import pandas as pd

    codes = [data.country_code(name) for name in economies]
    gerd = data.sei("sei_gerd", indicators=["gerd"], countries=codes, years=[year])
    ppp = gerd.set_index("iso3")["value"]
    rows = []
    for code in codes:
        market = (
            data.value("rd_expenditure_pct_gdp", code, year)
            / 100
            * data.value("gdp_usd", code, year)
        ) / 1e9
        rows.append(
            {
                "economy": data.country_name(code),
                "at market rates (billion US dollars)": market,
                "in PPP (billion PPP dollars)": ppp.get(code, math.nan),
                "PPP ÷ market": ppp.get(code, math.nan) / market,
            }
        )
    return pd.DataFrame(rows).set_index("economy").round(2)
