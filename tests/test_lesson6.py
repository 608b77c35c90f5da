"""Lesson 6 (economic security): the cut-off model, the checks, and the lesson's claims.

Real data throughout. The widget is a labelled model, so its arithmetic is tested
exactly; every statement the lesson, the quiz and the check notes make about the World
Bank data is tested against ``course.data``.
"""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from course import data, plots, quiz
from course.lessons.l6 import analysis as model
from course.lessons.l6 import tasks as l6

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "06_economic_security.ipynb"
MVA = "medhightech_mva_pct_mva"
EXPORTS = "medhightech_exports_pct_manuf_exports"
IP = "ip_charges_receipts_usd"
PEERS = ["JPN", "CHN", "KOR", "USA", "DEU"]


# ------------------------------------------------------------------ the model


def test_every_month_adds_up_to_normal_use() -> None:
    outcome = model.simulate(90, 10, 2, 12, 24)
    total = outcome.supplied + outcome.from_stocks + outcome.shortfall
    assert list(total.index) == list(range(1, model.MONTHS + 1))
    assert total.to_numpy() == pytest.approx([100.0] * model.MONTHS)
    assert outcome.supplied.min() == pytest.approx(20)  # 100 − (90 − 10) in month 1
    assert outcome.from_stocks.sum() == pytest.approx(200)  # two months of stocks, all used


@pytest.mark.parametrize(
    ("settings", "months", "lost"),
    [
        ((90, 10, 2, 12, 24), range(3, 12), 2.675),  # the explorer's start
        ((90, 10, 2, 12, 3), [3], 0.175),  # a three-month delay: one month short
        ((90, 10, 2, 12, 2), [], 0),  # a two-month delay: stocks cover it
        ((90, 10, 6, 12, 24), [], 0),  # six months of stocks outlast the gap
        ((50, 30, 2, 12, 24), [], 0),  # a less dependent buyer never goes short
        ((100, 0, 0, 24, 24), range(1, 25), 12.5),  # no stocks, no rivals: two years short
        ((0, 0, 0, 1, 24), [], 0),  # a supplier this buyer does not use
    ],
)
def test_what_the_buyer_goes_without(settings: tuple, months, lost: float) -> None:
    outcome = model.simulate(*settings)
    assert outcome.short_months == list(months)
    assert outcome.lost == pytest.approx(lost)
    assert outcome.shortfall.between(0, 100).all() and outcome.supplied.between(0, 100).all()


def test_leverage_is_bilateral_not_a_world_share() -> None:
    """The same cut-off bites a dependent buyer and misses one with stocks or alternatives."""
    assert model.simulate(90, 10, 2, 12, 24).short_months
    assert model.simulate(50, 10, 2, 12, 24).lost < 0.1 * model.simulate(90, 10, 2, 12, 24).lost
    assert not model.simulate(40, 10, 2, 12, 24).short_months  # lesson: try-it 4
    assert not model.simulate(90, 40, 2, 12, 24).short_months
    assert not model.simulate(90, 10, 6, 12, 24).short_months


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ((90, 10, 2, 12, 24), "80 % is missing in month 1"),
        ((90, 10, 2, 12, 24), "goes short in 9 of 24 months (months 3–11), at worst by 57.5 %"),
        ((90, 10, 2, 12, 24), "loses 2.7 months' worth"),
        ((90, 10, 2, 12, 24), "Its 2 months of stocks delay or soften the shortage"),
        ((90, 10, 2, 12, 3), "for 3 months"),
        ((90, 10, 2, 12, 3), "(month 3)"),
        ((90, 10, 2, 12, 2), "never goes short: the supplier has no real leverage here"),
        ((90, 40, 2, 12, 24), "Stocks fill every gap"),
        ((90, 100, 0, 12, 24), "cover it from the first month"),
        ((0, 0, 0, 1, 24), "the cut-off changes nothing"),
    ],
)
def test_finding_reports_the_model(settings: tuple, says: str) -> None:
    sentence = model.finding(*settings)
    assert sentence.startswith("Teaching model, not data: ")
    assert says in sentence


@pytest.mark.parametrize("bad", [(-10, 0, 0, 1, 1), (90, 110, 0, 1, 1), (90, 0, -1, 1, 1)])
def test_impossible_settings_are_refused(bad: tuple) -> None:
    with pytest.raises(ValueError):
        model.simulate(*bad)


@pytest.fixture
def widget():
    return model.cutoff()


def test_widget_starts_with_a_labelled_model_chart(widget) -> None:
    assert widget.finding == model.finding(90, 10, 2, 12, 24)
    assert base64.b64decode(widget.image)[:8] == b"\x89PNG\r\n\x1a\n"
    assert widget.alt == (
        "Bar chart: MODEL: what the buyer gets each month. Share of normal use (%). From "
        "suppliers: lowest 20 % in month 1. Stocks drawn in months 1–3. Shortfall in months "
        "3–11, worst 57.5 %."
    )
    assert all(control["label"] for control in widget.controls)
    assert {c["kind"] for c in widget.controls} == {"range"}


def test_widget_follows_each_control(widget) -> None:
    widget.values = {**widget.values, "duration": 2}
    assert widget.finding == model.finding(90, 10, 2, 12, 2)
    assert "No shortfall." in widget.alt
    widget.values = {**widget.values, "duration": 24, "stocks": 0, "spare": 0}
    assert widget.finding == model.finding(90, 0, 0, 12, 24)
    assert "No stocks drawn." in widget.alt


def test_every_setting_the_sliders_allow_draws_something() -> None:
    """Never blank: the corners of the control ranges all give a chart and a finding."""
    ranges = {c.name: (c.low, c.high) for c in model.controls()}
    for dependence in ranges["dependence"]:
        for spare in ranges["spare"]:
            for stocks in ranges["stocks"]:
                for ramp in ranges["ramp"]:
                    for duration in ranges["duration"]:
                        values = dict(
                            zip(ranges, (dependence, spare, stocks, ramp, duration), strict=True)
                        )
                        chart, sentence = model._render(values)
                        assert sentence.startswith("Teaching model") and chart.alt


def test_a_value_outside_a_slider_moves_back_and_says_so(widget) -> None:
    widget.values = {**widget.values, "stocks": 20}
    assert widget.values["stocks"] == 12
    assert "12 is shown" in widget.finding and widget.image


def test_model_chart_tells_parts_apart_without_colour() -> None:
    chart = model.chart(model.simulate(90, 10, 2, 12, 24))
    assert isinstance(chart, plots.Chart)
    assert chart.ax.get_ylim() == (0, 100)
    hatches = {patch.get_hatch() for patch in chart.ax.patches}
    assert {"..", "//"} <= hatches  # stocks and shortfall are hatched, supply is plain
    labels = [text.get_text() for text in chart.ax.get_legend().get_texts()]
    assert labels == ["From suppliers", "Drawn from stocks", "Shortfall"]
    assert chart.source.startswith("Teaching model, not data")


# ------------------------------------------------------------------ the checks


def test_typical_slips_get_specific_feedback() -> None:
    share = l6.ip_share.expected()
    assert "100" in l6.ip_share.check(share / 100).message  # a fraction, not a percentage
    assert "sign" in l6.korea_gap.check(-l6.korea_gap.expected()).message  # Japan minus Korea
    assert "empty" in l6.reporters.check(data.table(IP, None, (2000, 2024)).dropna()).message


def test_notes_shown_after_a_correct_answer_are_true() -> None:
    share = l6.ip_share.expected()
    assert round(share[2000], 1) == 12.5 and round(share[2024]) == 10  # "12.5 % to about 10 %"
    world = l6._world_share()
    assert world[2000] - world[2024] > share[2000] - share[2024]  # "a smaller fall"
    reported = data.table(IP, None, (2000, 2024)).count(axis=1)
    assert (reported[2000], reported[2024]) == (82, 123)  # the mistake's message
    hhi = l6.ip_hhi.expected()
    assert 0.45 < hhi[2024] / hhi[2000] < 0.55  # "the index halved"
    table = l6.reporters.expected()
    assert table.shape == (25, 55)  # "55 countries reported in every year"
    world = data.table(IP, ["WLD"], (2000, 2024))["WLD"]
    assert (table.sum(axis=1) / world > 0.9).all()  # "most of the World total"
    assert l6.korea_gap.expected() > 0  # "Korea leans more on medium and high technology"


def test_the_constant_set_is_what_the_exercise_says() -> None:
    table = l6.reporters_every_year()
    assert table.notna().all().all() and "JPN" in table.columns
    assert "WLD" not in table.columns  # countries only: the World total is their sum
    world = data.table(IP, ["WLD"], (2000, 2024))["WLD"]
    assert data.table(IP, None, (2000, 2024)).sum(axis=1).to_numpy() == pytest.approx(
        world.to_numpy()
    )


# ------------------------------------------------------------------ the lesson's claims


def test_what_the_mva_chart_is_said_to_show() -> None:
    mva = data.table(MVA, PEERS, (1990, 2022))
    assert mva.JPN.between(45, 60).all()  # "about half"
    assert mva.loc[2013:, "JPN"].mean() > mva.loc[1990:1999, "JPN"].mean()  # "a little more"
    assert (mva.JPN > mva.CHN).all()  # "more than in China throughout"
    assert (mva.loc[2000:].JPN > mva.loc[2000:].USA).all()  # "... the United States since 2000"
    assert (mva.loc[1997:1999].USA > mva.loc[1997:1999].JPN).all()  # and not before
    assert (mva.loc[1994:].DEU > mva.loc[1994:].JPN).all()  # "since the mid-1990s"
    assert mva.loc[1990, "JPN"] > mva.loc[1990, "DEU"]  # but not in 1990
    assert mva.loc[2022, "KOR"] > max(mva.loc[2022, "DEU"], mva.loc[2022, "JPN"])  # past both
    flat = mva.loc[2013:, "CHN"]
    assert flat.max() - flat.min() < 1e-6  # "flat over the last decade", the same value


def test_what_the_exports_chart_is_said_to_show() -> None:
    exports = data.table(EXPORTS, PEERS, (1990, 2022))
    others = exports.drop(columns="JPN").max(axis=1)
    assert (others < exports.JPN).all()  # "most technology-intensive ... in every year"
    assert (exports.JPN > 75).all()  # "the great majority"
    assert exports.loc[2022, "CHN"] > 2 * exports.loc[1990, "CHN"]  # "more than doubled"


def test_what_the_ip_chart_is_said_to_show() -> None:
    reported = data.table(IP, None, (2024, 2025)).count(axis=1)
    assert reported[2025] < reported[2024] * 0.75  # "far fewer economies have reported"
    receipts = data.panel(None, IP, 2024).set_index("country")["value"]
    top = (100 * receipts / receipts.sum()).nlargest(10)
    assert top.index[0] == "United States" and top.iloc[0] > 2 * top.iloc[1]  # "far more"
    assert list(top.index[1:5]) == ["Netherlands", "Japan", "United Kingdom", "Germany"]
    assert {"Switzerland", "Ireland"} <= set(top.index)
    world = data.value(IP, "WLD", 2024)
    assert receipts.sum() == pytest.approx(world)  # the shares are shares of the world


# ------------------------------------------------------------------ quiz and notebook


def test_quiz_numbers_agree_with_the_model_and_the_data() -> None:
    bank = quiz.load("l6")
    assert len(bank) >= 8 and len({q.type for q in bank.questions}) >= 3
    shares = pd.Series([60.0, 30.0, 10.0])
    assert bank["hhi-model"].answer == float((shares**2).sum())
    # model-change: only the two-month delay leaves the buyer never short
    start = {"dependence": 90, "spare": 10, "stocks": 2, "ramp": 12, "duration": 24}
    changes = {
        "delay": {"duration": 2},
        "stocks": {"stocks": 4},
        "spare": {"spare": 20},
        "dependence": {"dependence": 80},
    }
    never_short = [
        k for k, c in changes.items() if not model.simulate(**{**start, **c}).short_months
    ]
    assert never_short == [bank["model-change"].answer]
    assert model.simulate(**start).short_months  # "goes short for months"
    stocks = model.simulate(**{**start, "stocks": 4})
    assert max(m for m, v in stocks.from_stocks.items() if v > 0) == 7  # "last into month 7"
    # ip-evidence: the numbers in the prompt and the feedback
    receipts = data.table(IP, None, (2000, 2024))
    assert round(receipts.loc[2024, "JPN"] / receipts.loc[2000, "JPN"]) == 5  # "fivefold"
    world = l6._world_share()
    assert (round(world[2000]), round(world[2024])) == (12, 9)  # "about 12 % to about 9 %"
    counts = receipts.count(axis=1)
    assert (counts[2000], counts[2024]) == (82, 123)
    constant = l6.ip_share.expected()
    assert constant[2024] < constant[2000]  # "Japan's share fell too"
    assert set(bank["ip-evidence"].answer) == {"reporters", "constant"}


def test_lesson_metadata_title_and_try_it_cell() -> None:
    notebook = nbformat.read(LESSON, as_version=4)
    meta = notebook.metadata["course"]
    assert meta["id"] == "l6" and meta["seeds"] == ["004"]
    assert meta["title"] == quiz.load("l6").title
    source = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "l6.cutoff()" in source and 'quiz.show("l6")' in source
    assert "gap = ...  # your code here\nl6.korea_gap.check(gap)" in source


def test_model_series_are_pandas_series() -> None:
    assert isinstance(model.simulate(10, 10, 2, 3, 4).shortfall, pd.Series)
