"""The shipped banks: valid, fast to load, cheap to import, and true to the data."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from course import data, quiz

BANKS = list(quiz.bank_paths())


@pytest.mark.parametrize("lesson", BANKS)
def test_shipped_bank_is_fully_valid(lesson: str) -> None:
    bank = quiz.validate(quiz.bank_path(lesson))
    assert bank.lesson == lesson


def test_every_question_has_source_prompt_explanation_and_answers_itself() -> None:
    for bank in quiz.load_all().values():
        for q in quiz.resolve(bank).questions:
            assert q.source.strip() and q.prompt.strip() and q.explanation.strip(), q.id
            assert quiz.answer_text(q), q.id


@pytest.mark.parametrize("lesson", sorted(quiz.load_all()))
def test_every_ordering_item_says_why_it_belongs_where_it_does(lesson: str) -> None:
    """A misplaced item's feedback says why it goes elsewhere, not only that it does."""
    bank = quiz.load(lesson)
    for q in bank.questions:
        if q.type == "ordering":
            assert all(item.feedback.strip() for item in q.items), (lesson, q.id)


def test_l0_has_five_questions_of_at_least_four_types() -> None:
    bank = quiz.load("l0")
    assert len(bank) == 5
    assert len({q.type for q in bank.questions}) >= 4


def _cold(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_import_is_cheap_and_load_all_is_fast() -> None:
    heavy = ("pandas", "numpy", "anywidget", "ipywidgets", "yaml", "jsonschema", "mistune")
    result = _cold(
        "import json, sys, time\n"
        "import course.quiz as quiz\n"
        f"after_import = [m for m in {heavy!r} if m in sys.modules]\n"
        "t = time.perf_counter(); banks = quiz.load_all(); cold = time.perf_counter() - t\n"
        f"after_load = [m for m in {heavy!r} if m in sys.modules]\n"
        "result = dict(after_import=after_import, after_load=after_load, cold=cold)\n"
        "print(json.dumps(result))"
    )
    assert result["after_import"] == []
    assert result["after_load"] == ["yaml"]  # no pandas, no jsonschema for a valid bank
    # Its time is a benchmark figure (bench/run.py), not a test: the machine is shared.


# ---------------------------------------------------------------- l0 facts against the data


def _first_year(series, test) -> int:
    return int(series[test(series)].index.min())


def test_l0_ordering_matches_the_data() -> None:
    ip = (
        data.table("ip_charges_receipts_usd", "JPN")["JPN"]
        / data.table("ip_charges_payments_usd", "JPN")["JPN"]
    )
    ip = ip.dropna()
    rd = data.table("rd_expenditure_pct_gdp", ["JPN", "KOR", "USA"]).dropna()
    older = data.table("pop_65plus_pct", ["JPN", "DEU"]).dropna()
    people = data.table("researchers_per_million", ["JPN", "DEU"]).dropna()
    years = {
        "older-than-germany": _first_year(older, lambda t: t.JPN > t.DEU),
        "ip-surplus": _first_year(ip, lambda s: s > 1),
        "germany-researchers": _first_year(people, lambda t: t.DEU > t.JPN),
        "korea-rd": _first_year(rd, lambda t: t.KOR > t.JPN),
        "usa-rd": _first_year(rd, lambda t: t.USA > t.JPN),
    }
    assert years == {
        "older-than-germany": 1997,
        "ip-surplus": 2003,
        "korea-rd": 2010,
        "germany-researchers": 2019,
        "usa-rd": 2020,
    }
    assert all((ip.loc[2003:] > 1).values)  # "first exceed" and stayed above
    assert all((rd.loc[2020:].USA > rd.loc[2020:].JPN).values)
    assert all((older.loc[1997:].JPN > older.loc[1997:].DEU).values)
    question = quiz.load("l0")["events-in-order"]
    assert [i.id for i in question.items] == sorted(years, key=years.get)
    for year in years.values():
        assert str(year) in question.explanation


def test_l0_statements_match_the_data() -> None:
    question = quiz.load("l0")["what-charts-show"]
    receipts = data.value("ip_charges_receipts_usd", "JPN", 2025) / 1e9
    payments = data.value("ip_charges_payments_usd", "JPN", 2025) / 1e9
    assert receipts > payments and f"{receipts:.1f}" == "54.5" and f"{payments:.1f}" == "34.8"
    assert "54.5" in question.choice("ip-net-exporter").feedback
    assert list(data.rank("pop_65plus_pct", 2025, n=2).iso3) == ["MCO", "JPN"]
    researchers = data.table("researchers_per_million", ["JPN", "OED"]).dropna()
    assert (researchers.JPN > researchers.OED).all()
    top = data.rank("rd_expenditure_pct_gdp", 2023, n=10)
    above = list(top.iso3[: list(top.iso3).index("JPN")])
    assert {"ISR", "KOR", "SWE", "USA"} <= set(above)
    hightech = data.table("hightech_exports_pct_manuf_exports", ["JPN", "KOR"], 2024).iloc[0]
    assert 1.8 < hightech.KOR / hightech.JPN < 2.3  # "about twice"
    assert set(question.answer) == {"ip-net-exporter", "oldest", "researchers-oecd"}


def test_l0_units_match_the_indicator_metadata() -> None:
    units = {
        "rd": ("rd_expenditure_pct_gdp", "% of GDP"),
        "researchers": ("researchers_per_million", "per million people"),
        "ip": ("ip_charges_receipts_usd", "current US$"),
        "hightech": ("hightech_exports_pct_manuf_exports", "% of manufactured exports"),
        "ageing": ("pop_65plus_pct", "% of total population"),
    }
    question = quiz.load("l0")["indicator-units"]
    for pair in question.items:
        column, unit = units[pair.id]
        assert data.indicator(column).unit.startswith(unit)
        spelled = (
            unit.replace("%", "per cent")
            .replace("US$", "US dollars")
            .replace("of total", "of the total")
        )
        assert pair.match == spelled
