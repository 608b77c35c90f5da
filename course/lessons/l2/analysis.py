"""Lesson 2's widget: did Japan's research effort grow faster or slower than its peers'?

The learner picks peer economies, a start and an end year, and how to measure change;
the widget draws R&D intensity and researchers per million side by side, shades the
chosen period, and says which peers grew faster than Japan over it. The answer turns
on the period and the measure chosen, which is the lesson's point about reading claims
of "disciplined public investment" against data.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from course import data, plots
from course.feedback import and_list
from course.widgets.explorer import Control, economy_choice, explorer, period

if TYPE_CHECKING:
    import pandas as pd

RD = "rd_expenditure_pct_gdp"
RESEARCHERS = "researchers_per_million"
PEERS = ("USA", "KOR", "DEU", "FRA", "GBR", "CHN", "OED")
START, END = 2000, 2022
"""The starting period: the last year in which every default peer has both indicators."""
FIRST, LAST = 1996, 2023
"""The years with R&D data for Japan in the shipped panel."""
MEASURES = {
    "difference": "difference (end minus start)",
    "percent": "per cent change",
}
SHORT = {RD: "R&D intensity", RESEARCHERS: "researchers per million"}
PANELS = {
    RD: ("R&D intensity", "R&D expenditure (% of GDP)"),
    RESEARCHERS: ("Researchers", "Researchers (per million people)"),
}
"""Each panel's title and y label (with its unit)."""
BREAKS = {
    "GBR": {
        2014: "a step whose cause the course has not traced",
        2018: "the ONS's 2022 re-weighting of its business R&D survey, applied from 2018",
    }
}
"""Years in which an economy's R&D-intensity series steps because of how it is measured."""


def growth() -> Any:
    """Pick peers, a period and a measure; see both indicators and who outpaced Japan."""
    controls = [
        economy_choice(
            PEERS, ["USA", "KOR", "DEU", "OED"], name="peers", label="Compare Japan with"
        ),
        Control("start", "Start year", "range", START, low=FIRST, high=LAST - 1),
        Control("end", "End year", "range", END, low=FIRST + 1, high=LAST),
        Control(
            "measure",
            "Measure change as",
            "select",
            "difference",
            options=list(MEASURES.items()),
        ),
    ]
    return explorer(
        "Did Japan's research effort grow faster than its peers'?", controls, _render, fit=_years
    )


def _years(values: dict[str, Any]) -> dict[str, list[int]]:
    """Start stays before end, both within the years with Japan's R&D data."""
    return period(range(FIRST, LAST + 1), values)


def _render(values: dict[str, Any]) -> tuple[plots.Chart, str]:
    peers = [code for code in values["peers"] if code != "JPN"]
    start, end, measure = int(values["start"]), int(values["end"]), values["measure"]
    if not peers:
        raise data.DataError("choose at least one economy to compare Japan with.")
    if start >= end:
        raise data.DataError(f"the start year ({start}) must come before the end year ({end}).")
    if measure not in MEASURES:
        raise data.DataError(f"measure change as one of: {', '.join(MEASURES)}.")
    chart = side_by_side(["JPN", *peers], (start, end))
    return chart, finding(peers, start, end, measure)


# ---------------------------------------------------------------- computing change


def changes(indicator: str, countries: list[str], start: int, end: int) -> pd.DataFrame:
    """Each economy's value in ``start`` and ``end``, their difference and per cent change.

    Rows are named by readable country names; missing years stay NaN (no figure, not
    zero). Used by lesson 2's text and widget.
    """
    import pandas as pd

    table = data.table(indicator, countries, [start, end])
    frame = pd.DataFrame({str(start): table.loc[start], str(end): table.loc[end]})
    frame["difference"] = frame[str(end)] - frame[str(start)]
    frame["percent"] = (frame[str(end)] / frame[str(start)] - 1) * 100
    frame.index = [data.country_name(code) for code in frame.index]
    return frame


def _amount(number: float, measure: str, unit: str = "", digits: int = 2) -> str:
    """+0.58 points, +506 or +10%: how a change is written in the finding."""
    if measure == "percent":
        return f"{number:+.0f}%"
    return f"{number:+,.{digits}f} {unit}".strip()


def compare_sentence(indicator: str, peers: list[str], start: int, end: int, measure: str) -> str:
    """A few short sentences: Japan's change in ``indicator``, then who grew more and less.

    E.g. "R&D intensity, Japan: +0.54 points (2.86 → 3.40). More growth: Korea (+2.80).
    Less growth: none." Peers without a figure for either year are named at the end.
    """
    table = changes(indicator, ["JPN", *peers], start, end)
    column = "difference" if measure == "difference" else "percent"
    unit = "points" if indicator == RD else ""
    japan = table[column].iloc[0]
    name = SHORT[indicator][:1].upper() + SHORT[indicator][1:]
    if math.isnan(japan):
        return f"{name}: Japan has no figure for {start} or {end}."
    rest = table.iloc[1:]
    missing = [n for n, v in rest[column].items() if math.isnan(v)]
    rest = rest[rest[column].notna()].sort_values(column, ascending=False)
    digits = 2 if indicator == RD else 0
    more = [
        f"{n} ({_amount(v, measure, digits=digits)})" for n, v in rest[column].items() if v > japan
    ]
    less = [
        f"{n} ({_amount(v, measure, digits=digits)})" for n, v in rest[column].items() if v <= japan
    ]
    before, after = table[str(start)].iloc[0], table[str(end)].iloc[0]
    sentence = (
        f"{name}, Japan: {_amount(japan, measure, unit, digits)} "
        f"({before:,.{digits}f} → {after:,.{digits}f}). "
        f"More growth: {and_list(more) or 'none'}. Less growth: {and_list(less) or 'none'}."
    )
    if missing:
        sentence += f" No figure for {start} or {end}: {and_list(missing)}."
    return sentence


def finding(peers: list[str], start: int, end: int, measure: str = "difference") -> str:
    """The widget's finding: both indicators, Japan against each chosen peer."""
    how = "difference (end minus start)" if measure == "difference" else "per cent change"
    first = compare_sentence(RD, peers, start, end, measure)
    second = compare_sentence(RESEARCHERS, peers, start, end, measure)
    return f"{start}–{end}, measured as {how}. {first} {second}{break_note(peers, start, end)}"


def breaks_in(code: str, start: int, end: int) -> list[int]:
    """Years after ``start`` and up to ``end`` in which ``code``'s R&D series has a break."""
    return [year for year in BREAKS.get(data.country_code(code), {}) if start < year <= end]


def break_note(codes: list[str], start: int, end: int) -> str:
    """ " Caution: ..." naming each chosen economy whose R&D series breaks inside the period."""
    notes = [
        f"{data.country_name(code)} ({and_list(list(map(str, breaks_in(code, start, end))))})"
        for code in codes
        if breaks_in(code, start, end)
    ]
    if not notes:
        return ""
    return (
        f" Caution: R&D series break for {and_list(notes)}, so a change read across it "
        "is partly a change in measurement."
    )


def mark_breaks(values: pd.Series, start: int, end: int) -> pd.Series:
    """``values`` indexed by country name, with " (break)" added where the series breaks.

    Used by lesson 2's bar chart so that a change read across a break carries its warning.
    """
    names = {data.country_name(code): code for code in BREAKS}
    return values.rename(
        lambda name: (
            f"{name} (break)" if name in names and breaks_in(names[name], start, end) else name
        )
    )


# ---------------------------------------------------------------- who pays for R&D


def public_share(countries: list[str]) -> pd.DataFrame:
    """Who funds each economy's R&D, and the government-funded part as a share of GDP.

    From NCSES table SRD-2 (2021 or latest year): the shares of R&D performed in the economy
    funded by business and by government; times R&D intensity (World Bank, same year)
    this gives government-funded R&D in % of GDP. Used by lesson 2 and its exercise.
    """
    import pandas as pd

    rows = data.sei(
        "sei_gerd",
        indicators=["gerd_share_funded_by_business", "gerd_share_funded_by_government"],
        countries=countries,
    )
    rows = rows[rows.sei_table == "SRD-2"]
    table = rows.pivot_table(index="iso3", columns="indicator", values="value")
    years = rows.groupby("iso3").year.first()
    frame = pd.DataFrame(
        {
            "year": years,
            "funded by business (%)": table["gerd_share_funded_by_business"],
            "funded by government (%)": table["gerd_share_funded_by_government"],
        }
    ).reindex([data.country_code(c) for c in countries])
    frame["R&D (% of GDP)"] = [
        data.value(RD, code, int(year)) for code, year in frame["year"].items()
    ]
    frame["government-funded R&D (% of GDP)"] = (
        frame["funded by government (%)"] / 100 * frame["R&D (% of GDP)"]
    )
    frame["year"] = frame["year"].astype(int)
    frame.index = [data.country_name(code) for code in frame.index]
    return frame


def budget_share(country: str = "JPN", year: int = 2019) -> pd.Series:
    """Government R&D measured two ways for one economy and year, each in % of GDP.

    *Funded*: R&D performed in the economy and paid for by government (NCSES RD-7 share
    times World Bank R&D intensity). *Budget*: the government's R&D budget (GBARD, NCSES
    RD-18) divided by total R&D spending (RD-7), both in current PPP dollars from the same
    OECD edition, times R&D intensity. Used by lesson 2.
    """
    import pandas as pd

    code = data.country_code(country)
    gerd = data.sei("sei_gerd", countries=code, years=year)
    gerd = gerd[gerd.sei_table == "RD-7"].set_index("indicator").value
    gbard = data.sei("sei_gbard", indicators="gbard", countries=code, years=year).value.iloc[0]
    intensity = data.value(RD, code, year)
    return pd.Series(
        {
            "all R&D": intensity,
            "R&D funded by government": gerd["gerd_share_funded_by_government"] / 100 * intensity,
            "government R&D budget (GBARD)": gbard / (gerd["gerd"] * 1000) * intensity,
        },
        name=f"{data.country_name(code)}, {year} (% of GDP)",
    )


# ---------------------------------------------------------------- the chart


def side_by_side(countries: list[str], period: tuple[int, int]) -> plots.Chart:
    """R&D intensity and researchers per million, side by side, with ``period`` shaded.

    A two-panel version of ``plots.line`` in the same house style (Japan thick and
    vermillion, other series told apart by marker and line style too). Generic enough
    to move into ``course.plots`` as a panel chart.
    """
    import matplotlib.pyplot as plt

    frames = [data.table(name, countries, (FIRST, LAST)) for name in (RD, RESEARCHERS)]
    infos = [data.indicator(name) for name in (RD, RESEARCHERS)]
    labels = {code: plots.label_for(code) for code in countries}
    source = data.citation("wdi") + f" Indicators {infos[0].code}, {infos[1].code}."
    with plots._style():
        fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
        for ax, frame, info in zip(axes, frames, infos, strict=True):
            _draw(ax, frame, labels)
            ax.axvspan(period[0], period[1], color="#999999", alpha=0.15, zorder=0)
            title, y_label = PANELS[info.column]
            ax.set_title(title, loc="left")
            ax.set_xlabel("Year")
            ax.set_ylabel(y_label)
            ax.xaxis.get_major_locator().set_params(integer=True)
        handles, names = axes[0].get_legend_handles_labels()
        fig.legend(handles, names, loc="lower center", ncol=len(names), bbox_to_anchor=(0.5, -0.1))
        fig.text(0.01, -0.14, source, fontsize=9, color="#444444", ha="left", va="top")
        fig.subplots_adjust(left=0.07, right=0.98, wspace=0.25)
        plt.close(fig)
    alts = [
        plots.describe(frame, title=PANELS[name][0], y_label=PANELS[name][1], labels=labels)
        for frame, name in zip(frames, (RD, RESEARCHERS), strict=True)
    ]
    shaded = f" The period {period[0]}–{period[1]} is shaded."
    return plots.Chart(fig=fig, alt=" ".join(alts) + shaded, source=source)


def _draw(ax: Any, frame: pd.DataFrame, labels: dict[str, str]) -> None:
    """One panel's lines, styled as ``plots.line`` styles them."""
    plots.draw_lines(ax, frame, labels)
