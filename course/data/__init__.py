"""The course's real data: World Bank WDI indicators, Japan's bilateral ODA, and tables of
the U.S. NSF's Science and Engineering Indicators (``sei``).

Every lesson and exercise reads data through these functions, never through a
CSV path. Files ship inside the package (see ``SOURCES.md`` beside this file);
each is read once per kernel and cached. Countries are accepted as ISO3 codes
(``"JPN"``), World Bank names (``"Korea, Rep."``) or short names (``"Korea"``);
regional and income aggregates (World, OECD, …) are never mixed into country
lists or rankings unless asked for by name.

This module imports nothing else from ``course``.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas loads on first use, not at import
    import pandas as pd

__all__ = [
    "ASEAN",
    "COMPARATORS",
    "DATASETS",
    "DataError",
    "Indicator",
    "citation",
    "countries",
    "country_code",
    "country_name",
    "economy_key",
    "indicator",
    "indicators",
    "latest",
    "legacy",
    "oda",
    "panel",
    "rank",
    "sei",
    "snapshot",
    "table",
    "value",
    "wide",
]

Years = int | range | tuple[int, int] | list[int] | None
Names = str | Iterable[str] | None

ASEAN = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM")
"""The ten ASEAN members, as in the focus file of ``shared/data``."""

COMPARATORS = ("USA", "CHN", "KOR", "DEU", "FRA", "GBR", "IND", "RUS")
"""Japan's comparators in the course (the focus file's ``comparator`` group)."""

GROUPS = {"ASEAN": ASEAN, "COMPARATORS": COMPARATORS}

SHORT_NAMES = {
    "KOR": "Korea",
    "RUS": "Russia",
    "USA": "United States",
    "GBR": "United Kingdom",
    "VNM": "Viet Nam",
    "LAO": "Laos",
    "OED": "OECD members",
    "EAS": "East Asia & Pacific",
    "WLD": "World",
    "BRN": "Brunei",
}
"""Readable names for charts; also accepted as input."""

_ALIASES = {
    "south korea": "KOR",
    "republic of korea": "KOR",
    "us": "USA",
    "u.s.": "USA",
    "united states of america": "USA",
    "america": "USA",
    "uk": "GBR",
    "britain": "GBR",
    "vietnam": "VNM",
    "oecd": "OED",
    "turkey": "TUR",
}


@dataclass(frozen=True)
class Dataset:
    """One shipped file and how to cite it."""

    file: str
    title: str
    citation: str


NCSES = "U.S. National Science Foundation, NCSES, Science and Engineering Indicators"

DATASETS = {
    "wdi": Dataset(
        "wdi_sti_panel_all_economies.csv",
        "WDI science, technology and innovation panel (current vintage)",
        "World Bank, World Development Indicators (CC BY 4.0), snapshot of 2026-07-01",
    ),
    "wdi_2018": Dataset(
        "wdi_legacy_2018vintage_hightech_patents.csv",
        "WDI high-tech exports and resident patents (2018 vintage)",
        "World Bank, World Development Indicators, 2018 vintage (CC BY 4.0)",
    ),
    "wdi_2014": Dataset(
        "wdi_legacy_2014vintage_topic14_sti_panel.csv",
        "WDI topic 14 'Science & Technology' (2014 download)",
        "World Bank, World Development Indicators, 2014 download",
    ),
    "oda": Dataset(
        "japan_bilateral_oda_by_recipient.csv",
        "Japan's net bilateral ODA by recipient (DC.DAC.JPNL.CD)",
        "OECD DAC via World Bank WDI (DC.DAC.JPNL.CD), CC BY 4.0",
    ),
    "sei_gerd": Dataset(
        "ncses_sei_gerd_by_sector_and_funds.csv",
        "R&D by performing sector and by source of funds (three snapshots, 2017-2021)",
        f"{NCSES}, tables SRD-2 (2024), RD-7 (2022) and 4-7 (2020), from OECD MSTI; public domain",
    ),
    "sei_gbard": Dataset(
        "ncses_sei_gbard_by_socioeconomic_objective.csv",
        "Government R&D budgets by objective, defence and civil (2000, 2010, 2019)",
        f"{NCSES} 2022, table RD-18, from OECD MSTI; public domain",
    ),
    "sei_top1_fractional": Dataset(
        "ncses_sei_top1pct_cited_share_fractional.csv",
        "Share of an economy's articles among the world's top 1 % most cited, fractional count",
        f"{NCSES} 2024, table SPBS-54, from Scopus via Science-Metrix",
    ),
    "sei_top1_whole": Dataset(
        "ncses_sei_top1pct_cited_share_whole.csv",
        "Share of an economy's articles among the world's top 1 % most cited, whole count",
        f"{NCSES} 2024, table SPBS-70, from Scopus via Science-Metrix",
    ),
    "sei_kti_value_added": Dataset(
        "ncses_sei_kti_value_added.csv",
        "Value added of knowledge- and technology-intensive (KTI) industries, current US$",
        f"{NCSES} 2024, table SKTI-2, from S&P Global Comparative Industry Service",
    ),
    "sei_kti_by_industry": Dataset(
        "ncses_sei_kti_value_added_by_industry.csv",
        "Value added of the 13 KTI industries, current US$",
        f"{NCSES} 2024, table SKTI-2, from S&P Global Comparative Industry Service",
    ),
    "sei_kti_exports": Dataset(
        "ncses_sei_kti_goods_exports.csv",
        "Gross goods exports: all, manufacturing, KTI manufacturing, current US$",
        f"{NCSES} 2024, table SKTI-3, from S&P Global Comparative Industry Service",
    ),
}


class DataError(ValueError):
    """A request the data cannot answer, with a message that says what would work."""

    def _render_traceback_(self) -> list[str]:
        """In a notebook, IPython shows these lines instead of a traceback through the
        course's own code: the message is the help, the call stack is noise."""
        return [f"DataError: {self}"]


@dataclass(frozen=True)
class Indicator:
    """One indicator of the WDI panel: its column, code, name, unit and definition."""

    column: str
    code: str
    name: str
    unit: str
    definition: str
    source: str

    @property
    def short_name(self) -> str:
        """The name without its trailing unit in brackets: a chart title."""
        return self.name.split(" (")[0]


# ---------------------------------------------------------------- loading


@functools.cache
def _read(file: str) -> pd.DataFrame:
    """Read a shipped CSV once per kernel."""
    import pandas as pd

    with resources.files(__name__).joinpath(file).open("rb") as handle:
        return pd.read_csv(handle)


def _wdi() -> pd.DataFrame:
    return _read(DATASETS["wdi"].file)


def _suggest(word: str, options: Iterable[str], n: int = 3) -> str:
    close = difflib.get_close_matches(word, list(options), n=n, cutoff=0.5)
    return f" Did you mean: {', '.join(close)}?" if close else ""


# ---------------------------------------------------------------- indicators


@functools.cache
def _indicator_table() -> dict[str, Indicator]:
    meta = _read("wdi_indicators_metadata.csv")
    return {
        row.column: Indicator(
            column=row.column,
            code=row.wdi_code,
            name=row.indicator_name,
            unit=row.unit,
            definition=row.description,
            source=DATASETS["wdi"].citation,
        )
        for row in meta.itertuples()
    }


def indicators() -> pd.DataFrame:
    """The indicator dictionary: column, WDI code, name, unit and definition."""
    import pandas as pd

    return pd.DataFrame([vars(i) for i in _indicator_table().values()]).set_index("column")


def indicator(name: str) -> Indicator:
    """Look up an indicator by column name (``"rd_expenditure_pct_gdp"``) or WDI code."""
    table = _indicator_table()
    if not isinstance(name, str):
        raise DataError(f"An indicator is named by a string, not {type(name).__name__}.")
    if name in table:
        return table[name]
    by_code = {i.code.lower(): i for i in table.values()}
    if name.strip().lower() in by_code:
        return by_code[name.strip().lower()]
    hint = _suggest(name, [*table, *(i.code for i in table.values())])
    raise DataError(f"Unknown indicator {name!r}.{hint} `course.data.indicators()` lists all.")


def _indicator_columns(names: Names) -> list[str]:
    if names is None:
        return list(_indicator_table())
    if isinstance(names, str):
        names = [names]
    return [indicator(n).column for n in names]


# ---------------------------------------------------------------- countries


@functools.cache
def _country_index() -> dict[str, str]:
    """Every accepted spelling (lower case) mapped to its ISO3 code."""
    frame = _wdi()[["iso3", "country"]].drop_duplicates()
    index = {code.lower(): code for code in frame.iso3}
    index.update({name.lower(): code for code, name in zip(frame.iso3, frame.country, strict=True)})
    index.update({name.lower(): code for code, name in SHORT_NAMES.items()})
    index.update(_ALIASES)
    return index


def country_code(name: str) -> str:
    """ISO3 code for a code, World Bank name or short name (any case)."""
    if not isinstance(name, str):
        raise DataError(f"A country is named by a string such as 'Japan' or 'JPN', not {name!r}.")
    index = _country_index()
    key = " ".join(name.split()).lower()
    if key in index:
        return index[key]
    names = {country_name(code) for code in index.values()}
    hint = _suggest(name, sorted(names)) or _suggest(name.upper(), sorted(set(index.values())))
    raise DataError(f"Unknown country {name!r}.{hint} `course.data.countries()` lists all.")


def economy_key(label: object) -> str:
    """An economy's ISO3 code when ``label`` names one ("Korea", "KOR", "Korea, Rep."),
    else the label with spaces collapsed, in lower case: a key for comparing labels."""
    try:
        return country_code(str(label))
    except DataError:
        return " ".join(str(label).split()).casefold()


def country_name(name: str) -> str:
    """Readable name for a code or name: the short form where the World Bank's is long."""
    code = country_code(name)
    return SHORT_NAMES.get(code) or _names()[code]


@functools.cache
def _names() -> dict[str, str]:
    frame = _wdi()[["iso3", "country"]].drop_duplicates()
    return dict(zip(frame.iso3, frame.country, strict=True))


def countries(*, aggregates: bool = False) -> pd.DataFrame:
    """The economies in the panel: ISO3 code, World Bank name, and whether it is a country."""
    frame = _wdi()[["iso3", "country", "is_country"]].drop_duplicates("iso3")
    if not aggregates:
        frame = frame[frame.is_country]
    return frame.reset_index(drop=True)


def _country_codes(names: Names) -> list[str]:
    """Resolve names, codes and group names (``"ASEAN"``) to a list of ISO3 codes."""
    if names is None:
        return list(countries().iso3)
    if isinstance(names, str):
        names = [names]
    codes: list[str] = []
    for name in names:
        group = GROUPS.get(name.upper()) if isinstance(name, str) else None
        for code in group or [country_code(name)]:
            if code not in codes:
                codes.append(code)
    return codes


# ---------------------------------------------------------------- years


def _year_list(years: Years, available: Iterable[int]) -> list[int] | None:
    """Check requested years against the data and say which exist when they don't."""
    if years is None:
        return None
    have = sorted(set(int(y) for y in available))
    if not have:
        raise DataError("There is no data for this selection in any year.")
    first, last = have[0], have[-1]
    if isinstance(years, tuple) and len(years) == 2:
        wanted = list(range(years[0], years[1] + 1))
    elif isinstance(years, int) and not isinstance(years, bool):
        wanted = [years]
    else:
        try:
            wanted = [int(y) for y in years]  # type: ignore[union-attr]
        except (TypeError, ValueError):
            raise DataError(
                f"Years are given as a year (2020), a pair (2000, 2020) or a list, not {years!r}."
            ) from None
    outside = [y for y in wanted if y < first or y > last]
    if outside:
        raise DataError(
            f"No data for {', '.join(map(str, outside[:5]))}: this dataset covers {first}–{last}."
        )
    return wanted


# ---------------------------------------------------------------- the panel


def panel(
    countries: Names = None,
    indicators: Names = None,
    years: Years = None,
    *,
    aggregates: bool = False,
) -> pd.DataFrame:
    """Tidy (long) panel: one row per country, year and indicator, missing values kept as NaN.

    ``countries`` takes codes, names or ``"ASEAN"``; without it, every country (and
    every aggregate too with ``aggregates=True``). Used by lessons 0–8.
    """
    frame = _select(countries, years, aggregates)
    columns = _indicator_columns(indicators)
    long = frame.melt(
        id_vars=["country", "iso3", "year"],
        value_vars=columns,
        var_name="indicator",
        value_name="value",
    )
    return long.sort_values(["iso3", "indicator", "year"]).reset_index(drop=True)


def _select(countries: Names, years: Years, aggregates: bool) -> pd.DataFrame:
    frame = _wdi()
    if countries is None:
        if not aggregates:
            frame = frame[frame.is_country]
    else:
        frame = frame[frame.iso3.isin(_country_codes(countries))]
    wanted = _year_list(years, _wdi().year)
    if wanted is not None:
        frame = frame[frame.year.isin(wanted)]
    return frame


def table(indicator_name: str, countries: Names, years: Years = None) -> pd.DataFrame:
    """Wide table of one indicator: years down, ISO3 codes across, NaN where missing.

    Columns keep the order the countries were given in. Used for charts and exercises.
    """
    column = indicator(indicator_name).column
    codes = _country_codes(countries)
    frame = _select(codes, years, aggregates=True)
    wide = frame.pivot(index="year", columns="iso3", values=column)
    wide = wide.reindex(columns=codes)
    wide.columns.name = None
    return wide


def wide(country: str, indicators: Names, years: Years = None) -> pd.DataFrame:
    """Several indicators of one country: years down, indicator columns across."""
    columns = _indicator_columns(indicators)
    frame = _select(country_code(country), years, aggregates=True)
    return frame.set_index("year")[columns]


def snapshot(indicator_name: str, countries: Names, year: int | None = None) -> pd.DataFrame:
    """One indicator for several countries in ``year``, or each one's latest year with data.

    A small table for lesson text: country, year, value (missing shown as NaN).
    """
    import pandas as pd

    rows = []
    for code in _country_codes(countries):
        if year is None:
            try:
                when, number = latest(indicator_name, code)
            except DataError:
                when, number = None, float("nan")
        else:
            when, number = year, value(indicator_name, code, year)
        rows.append({"country": country_name(code), "year": when, "value": number})
    frame = pd.DataFrame(rows).set_index("country")
    frame["year"] = frame["year"].astype("Int64")
    return frame


def value(indicator_name: str, country: str, year: int) -> float:
    """One value; ``nan`` (not zero) when the World Bank has none for that year."""
    column = indicator(indicator_name).column
    code = country_code(country)
    _year_list(year, _wdi().year)
    rows = _wdi()[(_wdi().iso3 == code) & (_wdi().year == year)]
    return float(rows[column].iloc[0]) if len(rows) else float("nan")


def latest(indicator_name: str, country: str) -> tuple[int, float]:
    """The most recent year with data and its value, e.g. ``(2023, 3.44125)``."""
    series = table(indicator_name, country).iloc[:, 0].dropna()
    if series.empty:
        name = indicator(indicator_name).name
        raise DataError(f"{country_name(country)} has no data at all for {name}.")
    return int(series.index[-1]), float(series.iloc[-1])


def rank(indicator_name: str, year: int, *, n: int = 10, ascending: bool = False) -> pd.DataFrame:
    """Top ``n`` countries (never aggregates) for one indicator and year, with their rank."""
    column = indicator(indicator_name).column
    frame = _select(None, year, aggregates=False)[["iso3", "country", column]].dropna()
    frame = frame.sort_values(column, ascending=ascending).head(n)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame.rename(columns={column: "value"}).reset_index(drop=True)


# ---------------------------------------------------------------- other files


def oda(recipients: Names = None, years: Years = None) -> pd.DataFrame:
    """Japan's net bilateral ODA to 16 Asian recipients (current US$), with its share.

    Net means disbursements minus loan repayments, so years of large repayments are
    negative. Used by lesson 7.
    """
    frame = _read(DATASETS["oda"].file)
    if recipients is not None:
        codes = _country_codes(recipients)
        unknown = sorted(set(codes) - set(frame.iso3))
        if unknown:
            listed = ", ".join(sorted(set(frame.country)))
            missing = ", ".join(unknown)
            raise DataError(f"No ODA from Japan is recorded for {missing}; recipients: {listed}.")
        frame = frame[frame.iso3.isin(codes)]
    wanted = _year_list(years, frame.year)
    if wanted is not None:
        frame = frame[frame.year.isin(wanted)]
    return frame.reset_index(drop=True)


def legacy(vintage: int) -> pd.DataFrame:
    """An older WDI download: 2014 (patents from 1963, IP charges) or 2018 (high-tech from 1988).

    Columns that match a current indicator carry its readable name. These are
    different vintages, not continuations of the current panel. Used by lesson 1.
    """
    key = {2014: "wdi_2014", 2018: "wdi_2018"}.get(vintage)
    if key is None:
        raise DataError(f"There are legacy files for 2014 and 2018, not {vintage!r}.")
    codes = {i.code: i.column for i in _indicator_table().values()}
    return _read(DATASETS[key].file).rename(columns=codes)


def sei(
    dataset: str,
    *,
    indicators: Names = None,
    countries: Names = None,
    years: Years = None,
) -> pd.DataFrame:
    """A table of the NSF's Science and Engineering Indicators, tidy: one value per row.

    ``dataset`` is one of the ``sei_*`` keys of ``DATASETS`` (``"sei_gerd"``, ``"sei_gbard"``,
    ``"sei_top1_fractional"``, ``"sei_top1_whole"``, ``"sei_kti_value_added"``,
    ``"sei_kti_by_industry"``, ``"sei_kti_exports"``). ``countries`` takes ISO3 codes or
    names (aggregates such as ``"World"`` or ``"EU-27"`` by their label in the table).
    ``value`` is a float, NaN where the table has a flag (``na``, ``ne``…) instead of a
    number. Read ``SOURCES.md`` before comparing across the three ``sei_gerd`` snapshots
    (three editions, not a series). Used by lessons 1, 2, 4, 5 and 7.
    """
    keys = [key for key in DATASETS if key.startswith("sei_")]
    if dataset not in keys:
        raise DataError(
            f"Unknown SEI table {dataset!r}.{_suggest(dataset, keys)} Tables: {', '.join(keys)}."
        )
    frame = _read(DATASETS[dataset].file)
    frame = frame.assign(iso3=frame.iso3.fillna(""), value=frame.value.astype(float))
    if indicators is not None:
        wanted = [indicators] if isinstance(indicators, str) else list(indicators)
        have = sorted(set(frame.indicator))
        for name in wanted:
            if name not in have:
                hint = _suggest(name, have)
                raise DataError(f"{dataset} has no {name!r}.{hint} It has: {', '.join(have)}.")
        frame = frame[frame.indicator.isin(wanted)]
    if countries is not None:
        names = [countries] if isinstance(countries, str) else list(countries)
        labels = set(frame.economy)
        codes = [name if name in labels else country_code(name) for name in names]
        frame = frame[frame.iso3.isin(codes) | frame.economy.isin(codes)]
        if frame.empty:
            raise DataError(f"{dataset} has no rows for {', '.join(map(str, names))}.")
    wanted_years = _year_list(years, frame.year)
    if wanted_years is not None:
        frame = frame[frame.year.isin(wanted_years)]
    return frame.reset_index(drop=True)


def citation(dataset: str = "wdi") -> str:
    """The line to print under a chart or table made from ``dataset``."""
    if dataset not in DATASETS:
        raise DataError(f"Unknown dataset {dataset!r}; the course ships {', '.join(DATASETS)}.")
    return f"Source: {DATASETS[dataset].citation}."
