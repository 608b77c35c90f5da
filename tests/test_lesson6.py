"""Lesson 6 (economic security): the chokepoint model, the checks, and the lesson's claims.

Real data throughout. The widget is a labelled model, so its arithmetic is tested
exactly; every statement the lesson, the quiz and the check notes make about the World
Bank data is tested against ``course.data``.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from course import data, plots, quiz
from course.checks import Task, l6
from course.widgets import l6 as model

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "06_economic_security.ipynb"
MVA = "medhightech_mva_pct_mva"
EXPORTS = "medhightech_exports_pct_manuf_exports"
IP = "ip_charges_receipts_usd"
PEERS = ["JPN", "CHN", "KOR", "USA", "DEU"]


@pytest.fixture(scope="module", autouse=True)
def progress_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep every recorded attempt in a throwaway file."""
    path = tmp_path_factory.mktemp("progress") / "progress.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSE_PROGRESS_FILE", str(path))
        yield path


# ------------------------------------------------------------------ the model


def test_shares_split_the_rest_equally_and_sum_to_100() -> None:
    shares = model.supply_shares(70, 10, 4)
    assert list(shares.index) == ["Japan", "China", *(f"Other supplier {i}" for i in range(1, 5))]
    assert shares.sum() == pytest.approx(100)
    assert shares["Other supplier 3"] == pytest.approx(5)


def test_no_rest_means_no_other_suppliers() -> None:
    assert list(model.supply_shares(100, 0, 3).index) == ["Japan", "China"]


@pytest.mark.parametrize(
    ("shares", "index"),
    [((60, 30, 1), 4600), ((70, 10, 4), 5100), ((100, 0, 1), 10_000), ((0, 0, 4), 2500)],
)
def test_hhi_is_the_sum_of_squared_percent_shares(shares: tuple, index: float) -> None:
    assert model.hhi(model.supply_shares(*shares)) == pytest.approx(index)


@pytest.mark.parametrize(
    ("withheld", "need"), [(0, 0), (50, 100), (75, 300), (80, 400), (90, 900), (100, math.inf)]
)
def test_make_up_grows_steeply_as_the_share_nears_100(withheld: float, need: float) -> None:
    assert model.make_up(withheld) == pytest.approx(need)


def test_more_small_rivals_lower_the_hhi_but_not_the_cost_of_a_cutoff() -> None:
    few, many = model.finding(70, 10, 1, "Japan"), model.finding(70, 10, 6, "Japan")
    assert model.hhi(model.supply_shares(70, 10, 6)) < model.hhi(model.supply_shares(70, 10, 1))
    assert "by 233 %" in few and "by 233 %" in many


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ((70, 10, 4, "none"), "HHI = 5,100 of 10,000, highly concentrated"),
        ((70, 10, 4, "none"), "The largest supplier, Japan, could withhold 70 %"),
        ((70, 10, 4, "Japan"), "If Japan withholds its 70 %, the other suppliers must raise"),
        ((70, 10, 4, "Japan"), "by 233 % to fill the gap: more than double"),
        ((20, 20, 6, "China"), "by 25 % to fill the gap: hard but conceivable"),
        ((0, 0, 6, "none"), "HHI = 1,667 of 10,000, not highly concentrated"),
        ((0, 0, 6, "none"), "could withhold 16.7 %"),
        ((50, 0, 1, "China"), "China supplies none of this input"),
        ((100, 0, 1, "Japan"), "a perfect chokepoint"),
    ],
)
def test_finding_reports_the_model(args: tuple, says: str) -> None:
    sentence = model.finding(*args)
    assert sentence.startswith("Model, not data: ")
    assert says in sentence


@pytest.fixture
def widget():
    return model.chokepoint()


def test_widget_starts_with_a_labelled_model_chart(widget) -> None:
    assert widget.finding == model.finding(70, 10, 4, "none")
    assert base64.b64decode(widget.image)[:8] == b"\x89PNG\r\n\x1a\n"
    assert widget.alt == (
        "Bar chart: MODEL: shares of world supply of one upstream input. Share of world "
        "supply (%), as set by you. Japan 70; China 10; Each of 4 others 5."
    )
    assert all(control["label"] for control in widget.controls)
    assert {c["kind"] for c in widget.controls} == {"range", "select"}


def test_widget_follows_each_control(widget) -> None:
    widget.values = {**widget.values, "cutoff": "Japan", "japan": 90, "china": 0}
    assert widget.finding == model.finding(90, 0, 4, "Japan")
    assert "by 900 %" in widget.finding
    assert "Japan (withholds) 90" in widget.alt
    widget.values = {**widget.values, "others": 1}
    assert "The other supplier 10" in widget.alt


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"china": 40}, "together supply more than 100 % of the world: lower one of them"),
        ({"japan": -5}, "cannot be negative"),
        ({"others": 0}, "has no supplier: add at least one other supplier"),
        ({"cutoff": "Korea"}, "Unknown cut-off 'Korea'"),
    ],
)
def test_impossible_choices_give_a_message_not_an_error(widget, change, message) -> None:
    widget.values = {**widget.values, **change}
    assert widget.finding.startswith("Nothing to show for this choice: ")
    assert message in widget.finding
    assert widget.image == ""


def test_model_chart_has_one_fixed_scale_and_a_model_source() -> None:
    chart = model.chart(model.supply_shares(30, 30, 2), "China")
    assert isinstance(chart, plots.Chart)
    assert chart.ax.get_xlim() == (0, 110)
    labels = [tick.get_text() for tick in chart.ax.get_yticklabels()]
    assert set(labels) == {"Japan", "China (withholds)", "Each of 2 others"}
    assert chart.source.startswith("Illustrative model, not data")


# ------------------------------------------------------------------ the checks


def solve(task: Task) -> object:
    """Run a task's own solution code and return the value it assigns."""
    namespace = {"data": data, "plots": plots}
    exec(task.solution_code, namespace)
    return namespace[task.solution_code.split("=")[0].strip()]


TASKS = [l6.korea_gap, l6.ip_share, l6.ip_hhi, l6.mva_ranking, l6.exports_chart]


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_solution_is_right(task: Task) -> None:
    result = task.check(solve(task))
    assert result.correct, result.message
    assert len(task.hints) >= 3 and task.mistakes


@pytest.mark.parametrize(
    ("task", "mistake"),
    [(t, m) for t in TASKS for m in t.mistakes],
    ids=lambda x: getattr(x, "id", ""),
)
def test_each_declared_mistake_is_explained(task: Task, mistake) -> None:
    wrong = mistake.value()
    if task is l6.exports_chart:  # the mistake is the table drawn: draw it
        wrong = plots.line(wrong, title="Exports", y_label="Share (%)", source="")
    result = task.check(wrong)
    assert result.status == "wrong"
    assert mistake.says in result.message
    assert f"`{task.id}.hint()`" in result.message


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_placeholder_is_not_attempted(task: Task) -> None:
    assert task.check(...).status == "unattempted"


def test_typical_slips_get_specific_feedback() -> None:
    share = l6.ip_share.expected()
    assert "100" in l6.ip_share.check(share / 100).message  # a fraction, not a percentage
    assert "sign" in l6.korea_gap.check(-l6.korea_gap.expected()).message  # Japan minus Korea
    names = ["Korea", "Germany", "Japan", "United States", "China"]
    assert l6.mva_ranking.check(names).correct  # names or codes both count
    assert "order" in l6.mva_ranking.check(["Germany", "Korea", "Japan", "USA", "China"]).message


def test_notes_shown_after_a_correct_answer_are_true() -> None:
    share = l6.ip_share.expected()
    receipts = data.table(IP, "JPN", (2000, 2024))["JPN"]
    assert receipts[2024] / receipts[2000] > 4  # "grew several times over"
    assert share[2024] < share[2000]  # "its share of the world's fell"
    hhi_2000 = l6._hhi(2000)
    assert l6.ip_hhi.expected() < model.HIGHLY_CONCENTRATED  # "below the 1,800 line"
    assert l6.ip_hhi.expected() < hhi_2000 / 2  # "less than half its level of 2000"
    assert l6.mva_ranking.expected() == ["KOR", "DEU", "JPN", "USA", "CHN"]
    exports = data.table(EXPORTS, ["JPN", "CHN", "KOR"], (1990, 2022))
    assert (exports[["CHN", "KOR"]].max(axis=1) < exports.JPN).all()  # "stayed the highest"
    assert exports.CHN[2022] > 2 * exports.CHN[1990]  # "climbed steeply"
    assert l6.korea_gap.expected() > 0  # "Korea leans more on medium and high technology"


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
    assert bank["hhi-model"].answer == model.hhi(model.supply_shares(60, 30, 1))
    assert bank["make-up"].answer == pytest.approx(model.make_up(75))
    mva = data.snapshot(MVA, PEERS, 2022)["value"]
    # "more than in the United States or China, less than in Korea or Germany"
    assert mva["United States"] < mva["Japan"] and mva["China"] < mva["Japan"]
    assert mva["Korea"] > mva["Japan"] and mva["Germany"] > mva["Japan"]
    assert quiz.grade(bank["mva-2022"], f"{mva['Japan']:.1f}").correct
    assert not quiz.grade(bank["mva-2022"], f"{mva['Korea']:.1f}").correct


def test_lesson_metadata_title_and_try_it_cell() -> None:
    notebook = nbformat.read(LESSON, as_version=4)
    meta = notebook.metadata["course"]
    assert meta["id"] == "l6" and meta["seeds"] == ["004"]
    assert meta["title"] == quiz.load("l6").title
    source = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "widgets.l6.chokepoint()" in source and 'quiz.show("l6")' in source
    assert "gap = ...  # your code here\nl6.korea_gap.check(gap)" in source


def test_model_series_is_a_pandas_series() -> None:
    assert isinstance(model.supply_shares(10, 10, 2), pd.Series)
