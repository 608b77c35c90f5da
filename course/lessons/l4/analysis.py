"""Lesson 4's widget and helpers: Japan's S&T-diplomacy timeline against journal-article shares.

The milestones are data taken from the lesson's source article, [001] *The Rise of Science
and Technology Diplomacy in Japan* (March 2013, no author named); the shares are computed
from World Bank WDI indicator IP.JRN.ARTC.SC (current vintage, or the 2014 download).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from course import data, plots
from course.widgets.explorer import Control, economy_choice, explorer

if TYPE_CHECKING:
    import pandas as pd

ARTICLES = "sci_tech_journal_articles"
ARTICLES_CODE = "IP.JRN.ARTC.SC"
SOURCE = "[001] The Rise of Science and Technology Diplomacy in Japan (March 2013)"
FIRST, LAST = 2000, 2013
"""The slider's years: the decade the article looks back on, up to its publication."""
CHART_YEARS = (1996, 2013)
VINTAGES = {
    "current": ("wdi", "current WDI (Scopus-based counts)", "the current WDI counts"),
    "2014": ("wdi_2014", "WDI as downloaded in 2014 (NSF-sourced counts)", "the 2014 download"),
}
"""Vintage key -> (course dataset, description, short name)."""
ECONOMIES = ("JPN", "CHN", "KOR", "USA")
E_ASIA_FOUNDERS = ("IDN", "JPN", "LAO", "MYS", "MMR", "PHL", "THA", "VNM")
"""The eight founding countries of the e-ASIA Joint Research Program, as the article lists them."""
E_ASIA_WANTED = ("CHN", "KOR", "SGP", "USA")
"""The four countries the article says e-ASIA most needed to bring in."""


@dataclass(frozen=True)
class Milestone:
    """One dated step in the article's story: a report, a programme or an event."""

    year: int
    kind: str
    name: str
    detail: str
    section: str


MILESTONES = (
    Milestone(
        2000, "event", "24 agreements so far",
        "a running total, not an event of this year: the article counts 24 S&T cooperation "
        "agreements with 34 countries by 2000",
        "Japanese Science Diplomacy before 2008",
    ),
    Milestone(
        2003, "programme", "SICP",
        "JST starts the Strategic International Cooperative Program, mostly with advanced "
        "countries", "Research Cooperation in the Field of Cutting-Edge Technology",
    ),
    Milestone(
        2007, "report", "CSTP proposal",
        "executive members of the CSTP call for linking S&T with diplomacy",
        "Japanese Science Diplomacy before 2008",
    ),
    Milestone(
        2008, "event", "G8 summit and TICAD IV",
        "Japan hosts the G8 summit, the G8 S&T ministers and TICAD IV",
        "The Emergence of Science and Technology Diplomacy in Japan",
    ),
    Milestone(
        2008, "report", "CSTP report",
        "'Toward the Reinforcement of Science and Technology Diplomacy' defines the idea",
        "The Emergence of Science and Technology Diplomacy in Japan",
    ),
    Milestone(
        2008, "programme", "SATREPS",
        "JST and JICA fund joint research with developing countries on global issues",
        "Research Cooperation with the Developing Countries",
    ),
    Milestone(
        2008, "programme", "Dispatch of researchers",
        "JICA and JSPS send Japanese researchers abroad as JICA experts",
        "Research Cooperation with the Developing Countries",
    ),
    Milestone(
        2009, "report", "CSTP proposal",
        "CSTP executive members ask for a stronger S&T diplomacy as Japan's paper share falls",
        "Developing the Concept of Science and Technology Diplomacy",
    ),
    Milestone(
        2009, "programme", "SICORP",
        "JST funds larger joint projects with technologically advanced countries",
        "Research Cooperation in the Field of Cutting-Edge Technology",
    ),
    Milestone(
        2010, "report", "task-force report",
        "developing countries as equal partners; diplomacy for national interest",
        "Developing the Concept of Science and Technology Diplomacy",
    ),
    Milestone(
        2011, "report", "4th Basic Plan",
        "the first Basic Plan to make S&T diplomacy a national issue",
        "Japan's History with Science and Technology Diplomacy",
    ),
    Milestone(
        2011, "event", "East Asia Summit in Bali",
        "the summit's chair welcomes Japan's e-ASIA initiative",
        "Cooperation Based on Equal Partnerships with Asian Countries",
    ),
    Milestone(
        2012, "programme", "e-ASIA JRP",
        "the multilateral East Asian programme is inaugurated in Singapore",
        "Cooperation Based on Equal Partnerships with Asian Countries",
    ),
    Milestone(
        2012, "event", "Abe government",
        "the LDP returns to power; the article asks it to tie S&T to foreign policy",
        "introduction",
    ),
)  # fmt: skip
"""The article's milestones in time order (all from [001]; `section` says where)."""


def milestones_by(year: int, kind: str | None = None) -> list[Milestone]:
    """The milestones up to and including ``year``, optionally of one ``kind`` only."""
    return [m for m in MILESTONES if m.year <= year and (kind is None or m.kind == kind)]


# ---------------------------------------------------------------- shares of the world


def _counts(codes: list[str], vintage: str) -> pd.DataFrame:
    """Article counts, years down and ISO3 codes across, from one vintage of WDI."""
    if vintage == "current":
        return data.table(ARTICLES, codes)
    if vintage != "2014":
        raise data.DataError(f"the article counts come as 'current' or '2014', not {vintage!r}.")
    legacy = data.legacy(2014)
    frame = legacy[legacy.iso3.isin(codes)].pivot(index="year", columns="iso3", values=ARTICLES)
    frame = frame.reindex(columns=codes)
    frame.columns.name = None
    return frame


def world_share_table(
    countries: str | list[str] | tuple[str, ...],
    years: int | tuple[int, int] | None = None,
    *,
    vintage: str = "current",
) -> pd.DataFrame:
    """Each economy's journal articles as a percentage of the world's (WLD), by year.

    Years down, ISO3 codes across; years without a world total are dropped. ``vintage``
    is "current" (Scopus-based, 1996 on) or "2014" (the 2014 download, NSF-sourced, to
    2009). Used by lesson 4.
    """
    names = [countries] if isinstance(countries, str) else list(countries)
    codes = [data.country_code(name) for name in names]
    counts = _counts([*codes, "WLD"], vintage).dropna(subset=["WLD"])
    shares = (counts[codes].div(counts["WLD"], axis=0) * 100).dropna(how="all")
    if years is None:
        return shares
    first, last = years if isinstance(years, tuple) else (years, years)
    picked = shares.loc[(shares.index >= first) & (shares.index <= last)]
    if picked.empty:
        span = f"{shares.index.min()}–{shares.index.max()}"
        raise data.DataError(f"no article shares for {years}: these counts cover {span}.")
    return picked


def world_share_chart(
    countries: str | list[str] | tuple[str, ...],
    years: int | tuple[int, int] | None = None,
    *,
    vintage: str = "current",
) -> plots.Chart:
    """Line chart of :func:`world_share_table`, in the course style. Used by lesson 4."""
    dataset, described, _ = VINTAGES.get(vintage, ("wdi", vintage, vintage))
    return plots.line(
        world_share_table(countries, years, vintage=vintage),
        title="Share of the world's scientific and technical journal articles",
        y_label="Share of world articles (%)",
        source=f"{data.citation(dataset)}\nIndicator {ARTICLES_CODE}, {described}.",
    )


def e_asia_chart(year: int = 2012) -> plots.Chart:
    """Bars of journal articles in ``year``: e-ASIA's founders and the four it lacked."""
    import pandas as pd

    values = {}
    for code in (*E_ASIA_FOUNDERS, *E_ASIA_WANTED):
        role = "founder" if code in E_ASIA_FOUNDERS else "not a member"
        values[f"{data.country_name(code)} ({role})"] = data.value(ARTICLES, code, year)
    return plots.bars(
        pd.Series(values),
        title=f"Journal articles in {year}: e-ASIA's founders and the four it lacked",
        x_label="Scientific and technical journal articles (number)",
        source=f"{data.citation()} Indicator {ARTICLES_CODE}.",
        highlight="Japan (founder)",
        digits=0,
    )


# ---------------------------------------------------------------- the explorer


def timeline() -> Any:
    """Move through 2000–2013: the milestones so far, and article shares up to that year."""
    controls = [
        Control("year", "Year", "range", 2008, low=FIRST, high=LAST),
        economy_choice(ECONOMIES, ["JPN", "CHN", "KOR"]),
        Control(
            "vintage",
            "Article counts",
            "select",
            "current",
            options=[
                (key, label[0].upper() + label[1:]) for key, (_, label, _) in VINTAGES.items()
            ],
        ),
    ]
    return explorer("Japan's S&T diplomacy: the timeline against the data", controls, _render)


def _render(values: dict[str, Any]) -> tuple[plots.Chart, str]:
    year, economies, vintage = int(values["year"]), list(values["economies"]), values["vintage"]
    if not economies:
        raise data.DataError("choose at least one economy.")
    full = world_share_table(economies, vintage=vintage)
    full = full.loc[(full.index >= CHART_YEARS[0]) & (full.index <= CHART_YEARS[1])]
    shown = full.loc[full.index <= year]
    if shown.dropna(how="all").empty:
        raise data.DataError(f"no article counts for these economies up to {year}.")
    dataset, described, _ = VINTAGES[vintage]
    chart = plots.line(
        shown,
        title="Share of the world's journal articles, with the article's milestones",
        y_label="Share of world articles (%)",
        source=f"{data.citation(dataset)}\nIndicator {ARTICLES_CODE}, {described}. "
        "Milestones: article [001], March 2013.",
    )
    _decorate(chart, year, float(full.max().max()))
    return chart, finding(year, economies, vintage)


def _decorate(chart: plots.Chart, year: int, top: float) -> None:
    """Fix the axes, mark the chosen year and put a triangle under each milestone year."""
    ax = chart.ax
    ax.set_xlim(CHART_YEARS[0] - 0.5, CHART_YEARS[1] + 0.5)
    ax.set_ylim(0, top * 1.12)
    ax.axvline(year, color="#444444", linestyle=":", linewidth=1.5)
    ax.annotate(
        str(year), (year, top * 1.1), xytext=(3, 0), textcoords="offset points",
        fontsize=9, color="#444444", va="top",
    )  # fmt: skip
    years = sorted({m.year for m in milestones_by(year)})
    ax.plot(
        years, [top * 0.02] * len(years), linestyle="none", marker="^", markersize=8,
        color="#555555", label="Milestone in the article",
    )  # fmt: skip
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    chart.alt += (
        f" Dotted line at {year}; triangles mark the years with milestones in the article"
        f" up to then: {', '.join(map(str, years)) or 'none'}."
    )


def milestones() -> pd.DataFrame:
    """The milestones as a table: year, kind, name, what happened, and where in the article."""
    import pandas as pd

    return pd.DataFrame(
        [(m.year, m.kind, m.name, m.detail, m.section) for m in MILESTONES],
        columns=["year", "kind", "milestone", "what the article says", "article section"],
    )


def milestone_table() -> Any:
    """:func:`milestones` for reading in a notebook: full text, left-aligned, no row numbers."""
    return (
        milestones()
        .style.format(escape="html")
        .hide(axis="index")
        .set_properties(**{"text-align": "left", "vertical-align": "top"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
    )


def _names(items: list[Milestone]) -> str:
    return ", ".join(f"{m.name} ({m.year})" for m in items) if items else "none yet"


def finding(year: int, economies: list[str], vintage: str = "current") -> str:
    """The chosen economies' shares in ``year``, and what existed by then in the article."""
    shares = world_share_table(economies, vintage=vintage)
    if year in shares.index:
        row = shares.loc[year].dropna()
        parts = [f"{data.country_name(code)} {value:.2f} %" for code, value in row.items()]
        sentence = f"{year}: share of world journal articles — {', '.join(parts)}."
    else:
        last, short = int(shares.index.max()), VINTAGES[vintage][2]
        sentence = f"{year}: no share, because article counts in {short} stop in {last}."
    reports, programmes = milestones_by(year, "report"), milestones_by(year, "programme")
    sentence += f" Reports so far: {_names(reports)}. Programmes so far: {_names(programmes)}."
    new = [m.name for m in MILESTONES if m.year == year]
    return sentence + (f" New this year: {', '.join(new)}." if new else "")
