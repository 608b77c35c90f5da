"""course.data against real values read from the shipped files."""

from __future__ import annotations

import hashlib
import math
import re
from importlib import resources

import pytest

from course import data

SOURCES = resources.files("course.data").joinpath("SOURCES.md").read_text(encoding="utf-8")


def test_sanity_table_values() -> None:
    # The figures of SOURCES.md's sanity table, read back through the API.
    assert data.value("rd_expenditure_pct_gdp", "JPN", 2023) == pytest.approx(3.44125)
    assert data.value("rd_expenditure_pct_gdp", "Japan", 2000) == pytest.approx(2.85841)
    assert data.value("ip_charges_receipts_usd", "JPN", 2010) == pytest.approx(26_680_317_334)
    assert data.value("ip_charges_payments_usd", "JPN", 2000) == pytest.approx(11_006_793_150)
    assert data.latest("ip_charges_receipts_usd", "JPN") == (2025, pytest.approx(54_528_374_130))


def test_missing_is_nan_not_zero() -> None:
    # Japan's IP charges start in 1996: 1990 is missing, and must stay missing.
    assert math.isnan(data.value("ip_charges_receipts_usd", "JPN", 1990))
    assert data.table("ip_charges_receipts_usd", "JPN", (1990, 1996)).JPN.isna().sum() == 6


@pytest.mark.parametrize("name", ["JPN", "jpn", "Japan", " japan ", "JAPAN"])
def test_country_spellings(name: str) -> None:
    assert data.country_code(name) == "JPN"


@pytest.mark.parametrize(
    ("name", "code"),
    [("Korea, Rep.", "KOR"), ("Korea", "KOR"), ("South Korea", "KOR"), ("Viet Nam", "VNM"),
     ("Vietnam", "VNM"), ("Russian Federation", "RUS"), ("Russia", "RUS"), ("OECD", "OED")],
)  # fmt: skip
def test_world_bank_and_short_names(name: str, code: str) -> None:
    assert data.country_code(name) == code


@pytest.mark.parametrize(
    ("call", "phrases"),
    [
        (lambda: data.country_code("Japn"), ["Unknown country 'Japn'", "Japan"]),
        (lambda: data.table("rd_expend", "JPN"), ["Unknown indicator", "rd_expenditure_pct_gdp"]),
        (lambda: data.table("pop_65plus_pct", "JPN", 1950), ["1950", "1960–2025"]),
        (lambda: data.table("pop_65plus_pct", "JPN", "recent"), ["a pair (2000, 2020)"]),
        (lambda: data.country_code(81), ["string such as 'Japan'"]),
        (lambda: data.legacy(2016), ["2014 and 2018"]),
        (lambda: data.citation("imf"), ["wdi", "oda"]),
        (lambda: data.oda("China", 1950), ["1979–2023"]),
        (lambda: data.oda("Japan"), ["No ODA from Japan is recorded for JPN", "Viet Nam"]),
    ],
)  # fmt: skip
def test_bad_input_says_what_would_work(call, phrases: list[str]) -> None:
    with pytest.raises(data.DataError) as caught:
        call()
    for phrase in phrases:
        assert phrase in str(caught.value)


def test_rankings_exclude_aggregates() -> None:
    top = data.rank("rd_expenditure_pct_gdp", 2022, n=30)
    aggregates = set(data.countries(aggregates=True).query("not is_country").iso3)
    assert not set(top.iso3) & aggregates
    assert list(top["rank"]) == list(range(1, 31))
    assert top.value.is_monotonic_decreasing
    assert "JPN" in set(top.iso3)


def test_default_panel_has_countries_only_but_aggregates_by_name() -> None:
    assert "WLD" not in set(data.panel(indicators="pop_65plus_pct", years=2020).iso3)
    assert set(data.panel(["JPN", "WLD"], "pop_65plus_pct", 2020).iso3) == {"JPN", "WLD"}


def test_tidy_panel_shape() -> None:
    tidy = data.panel(["JPN", "KOR"], ["rd_expenditure_pct_gdp", "pop_65plus_pct"], (2000, 2009))
    assert list(tidy.columns) == ["country", "iso3", "year", "indicator", "value"]
    assert len(tidy) == 2 * 2 * 10


def test_groups_expand() -> None:
    assert data.table("pop_65plus_pct", "ASEAN", 2020).columns.tolist() == list(data.ASEAN)


def test_indicator_dictionary() -> None:
    info = data.indicator("GB.XPD.RSDV.GD.ZS")
    assert info.column == "rd_expenditure_pct_gdp"
    assert info.unit == "% of GDP"
    assert "Gross domestic expenditures" in info.definition
    assert len(data.indicators()) == 17


def test_oda_net_flows_can_be_negative() -> None:
    china = data.oda("China", (2010, 2023))
    assert (china.japan_net_bilateral_oda_usd < 0).any()
    assert set(data.oda("ASEAN").iso3) == set(data.ASEAN)


def test_legacy_vintages_reach_back() -> None:
    old = data.legacy(2014)
    japan = old[old.iso3 == "JPN"].dropna(subset=["patent_apps_nonresidents"])
    assert japan.year.min() == 1963
    assert (
        data.legacy(2018).query("iso3 == 'JPN'").dropna(subset=["hightech_exports_usd"]).year.min()
        == 1988
    )


def test_shipped_files_match_their_checksums() -> None:
    listed = dict(re.findall(r"`([\w.]+\.csv)` \|[^\n]*sha256 `([0-9a-f]{64})`", SOURCES))
    shipped = {d.file for d in data.DATASETS.values()} | {"wdi_indicators_metadata.csv"}
    assert set(listed) == shipped
    for name, digest in listed.items():
        content = resources.files("course.data").joinpath(name).read_bytes()
        assert hashlib.sha256(content).hexdigest() == digest, name


def test_loaded_once() -> None:
    first = data.table("pop_65plus_pct", "JPN")
    assert data._read.cache_info().currsize >= 1
    hits = data._read.cache_info().hits
    data.table("pop_65plus_pct", "KOR")
    assert data._read.cache_info().hits > hits
    assert not first.empty


def test_citation_lines() -> None:
    assert "World Development Indicators" in data.citation()
    assert "DC.DAC.JPNL.CD" in data.citation("oda")


def test_a_misspelt_country_in_a_notebook_shows_the_message_only() -> None:
    """IPython shows the course's own errors as their message, not 12 lines of traceback
    through course/data; a learner's own mistakes keep their traceback."""
    import subprocess
    import sys

    code = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        "shell.run_cell(\"from course import data\\ndata.table('rd_expenditure_pct_gdp', "
        "'Japn', (2000, 2020))\")\n"
        "print('@@split@@')\n"
        "shell.run_cell('1/0')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    ours, theirs = done.stdout.split("@@split@@")
    assert ours.strip() == (
        "DataError: Unknown country 'Japn'. Did you mean: Japan, Jordan, Oman? "
        "`course.data.countries()` lists all."
    )
    assert "Traceback" in theirs and "ZeroDivisionError" in theirs
