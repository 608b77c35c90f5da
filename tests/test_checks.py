"""The exercise checkers: every task's right and wrong answers, and the feedback they give.

Real data throughout; no mocks. Table-driven tests feed each comparison kind the
mistakes learners make and assert the message names the problem.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from course import data, plots
from course.checks import Mistake, Result, Task, registry, task
from course.checks.compare import Number, Text, Year
from course.checks.core import PANDAS_HELP
from course.checks.sequences import Items
from course.lessons.l0 import tasks as l0

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from kit import solve

pytestmark = pytest.mark.usefixtures("progress_file")  # a fresh file per test

STATUSES = {"correct", "wrong", "unattempted", "error"}


def right_coverage() -> pd.Series:
    receipts = data.table("ip_charges_receipts_usd", "JPN", (2010, 2025))
    payments = data.table("ip_charges_payments_usd", "JPN", (2010, 2025))
    return (receipts / payments)["JPN"]


def researchers(countries: list[str], years: tuple[int, int] = (2000, 2023)) -> pd.DataFrame:
    return data.table("researchers_per_million", countries, years)


def chart(frame: pd.DataFrame, *, title: str = "Researchers", y_label: str = "") -> plots.Chart:
    y_label = y_label or "Researchers (per million people)"
    return plots.line(frame, title=title, y_label=y_label, source=data.citation())


# ------------------------------------------------------------------ registry and tasks


def test_registry_ids_are_stable_names() -> None:
    tasks = registry()
    assert set(tasks) >= {"l0.rd_latest", "l0.ip_coverage", "l0.ip_crossover", "l0.rd_chart"}
    for task_id, t in tasks.items():
        module = sys.modules[f"course.lessons.{t.lesson}.tasks"]
        assert getattr(module, t.item) is t, "a task's name in its module is its id"
        assert task(task_id) is t
        assert len(t.hints) >= 2 and t.solution_code and t.description


@pytest.mark.parametrize("bad", ["rd_latest", "L0.rd", "l0.", "l0.Rd", "l0 .x"])
def test_task_ids_are_checked(bad: str) -> None:
    with pytest.raises(ValueError, match=r"l0\.rd_latest"):
        Task(id=bad, description="x", expected=lambda: 1, compare=Number())


def test_unknown_task_id_lists_the_known() -> None:
    with pytest.raises(KeyError, match=r"l0\.rd_latest"):
        task("l0.nope")


KNOWN_WRONG = {
    "l0.rd_latest": lambda: (2022, data.value("rd_expenditure_pct_gdp", "JPN", 2022)),
    "l0.ip_coverage": lambda: right_coverage() * 100,
    "l0.ip_crossover": lambda: 2002,
    "l0.rd_chart": lambda: chart(researchers(["JPN", "CHN"])),
}


@pytest.mark.parametrize("task_id", sorted(registry()))
def test_every_task_has_a_known_right_and_wrong_answer(task_id: str) -> None:
    t = task(task_id)
    right = t.check(solve(t))
    assert right.correct and right.status == "correct", right.message
    assert right.message.startswith("✓ Correct — ")
    assert len(t.hints) >= 3, "a nudge, a pointer and a near-answer"
    if task_id in KNOWN_WRONG:
        wrong = t.check(KNOWN_WRONG[task_id]())
    else:  # every other task declares its typical mistakes: the first must be caught
        assert t.mistakes, f"{task_id} needs a known-wrong answer (KNOWN_WRONG or mistakes)"
        wrong = t.check(t.mistakes[0].value())
    assert not wrong.correct and wrong.status == "wrong"
    assert wrong.message.startswith("✗ Not yet — ")
    assert f"`{task_id}.hint()`" in wrong.message


MISTAKES = [(t.id, n) for t in registry().values() for n in range(len(t.mistakes))]


@pytest.mark.parametrize(("task_id", "n"), MISTAKES)
def test_every_declared_mistake_is_caught_and_explained(task_id: str, n: int) -> None:
    """Each typical mistake a task declares is marked wrong with its own explanation and the
    way to a hint. A chart task's mistake is the table that would be drawn: it is drawn."""
    from course.checks.charts import LineChart

    t = task(task_id)
    mistake = t.mistakes[n]
    wrong = mistake.value()
    if isinstance(t.compare, LineChart):
        level = getattr(t.compare, "level", None)
        reference = (level, "reference") if level is not None else None
        unit = t.compare.units[0] if t.compare.units else "%"
        wrong = plots.line(wrong, title="t", y_label=f"y ({unit})", source="s", reference=reference)
    result = t.check(wrong)
    assert result.status == "wrong", result.message
    assert mistake.says in result.message and f"`{task_id}.hint()`" in result.message


@pytest.mark.parametrize("task_id", sorted(registry()))
@pytest.mark.parametrize("placeholder", [..., None, (..., ...)])
def test_placeholders_are_not_attempted(task_id: str, placeholder: object) -> None:
    result = task(task_id).check(placeholder)
    assert result.status == "unattempted" and not result.attempted and not result.correct
    assert result.message.startswith("… Not attempted yet — ")
    assert "`...`" in result.message


def test_check_without_argument_is_not_attempted() -> None:
    assert l0.rd_latest.check().status == "unattempted"


# ------------------------------------------------------------------ feedback, kind by kind

R_AND_D = data.value("rd_expenditure_pct_gdp", "JPN", 2020)
NUMBER = Task("t0.number", "Japan's R&D intensity in 2020", lambda: R_AND_D, Number(rel=1e-3))

NUMBER_CASES = [
    (R_AND_D, "correct", "Correct"),
    (round(R_AND_D, 3), "correct", "Correct"),
    (
        str(round(R_AND_D, 2)),
        "wrong",
        "You gave a str ('3.27'); a number is expected: remove the quotes",
    ),
    ("3.27%", "wrong", "remove the quotes and the % sign"),
    ("about three", "wrong", "give the number itself"),
    (float("nan"), "wrong", "`.dropna()`"),
    (pd.NA, "wrong", "NaN"),
    (math.inf, "wrong", "infinite"),
    (R_AND_D * 100, "wrong", "100 times too large"),
    (R_AND_D / 100, "wrong", "100 times too small"),
    (R_AND_D * 1e6, "wrong", "about a million times too large. Did you give millions"),
    (R_AND_D / 1e9, "wrong", "about a billion times too small. Did you give billions"),
    (R_AND_D * 1000, "wrong", "about 1,000 times too large"),
    (-R_AND_D, "wrong", "wrong sign"),
    (1 / R_AND_D, "wrong", "reciprocal"),
    (R_AND_D * 1.01, "wrong", "close but not close enough"),
    (R_AND_D * 2, "wrong", "too high"),
    (True, "wrong", "a bool (True)"),
    ([R_AND_D], "wrong", "`[0]`"),
    ((2020, R_AND_D), "wrong", "item 1 is the right one"),
    (pd.Series([R_AND_D]), "wrong", "`.iloc[0]`"),
    (data.table("rd_expenditure_pct_gdp", "JPN"), "wrong", "DataFrame"),
    (10**5000, "wrong", "far too large"),
    (1 + 2j, "wrong", "a complex"),
    ((x for x in [R_AND_D]), "wrong", "wrap it in `list(...)`"),
    (data.latest, "wrong", "call it with brackets"),
    ({"value": R_AND_D}, "wrong", "a dict"),
]


@pytest.mark.parametrize(
    ("value", "status", "says"), NUMBER_CASES, ids=[c[2] for c in NUMBER_CASES]
)
def test_number_feedback(value: object, status: str, says: str) -> None:
    result = NUMBER.check(value)
    assert result.status == status
    assert says in result.message, result.message


YEAR = Task("t0.year", "First year of Japan's R&D data", lambda: 1996, Year())


@pytest.mark.parametrize(
    ("value", "status", "says"),
    [
        (1996, "correct", "Correct"),
        (1996.0, "correct", "Correct"),
        (1995, "wrong", "1995 is too early"),
        (2000, "wrong", "2000 is too late"),
        (1996.5, "wrong", "not a whole year"),
        ("1996", "wrong", "remove the quotes"),
    ],
)
def test_year_feedback(value: object, status: str, says: str) -> None:
    result = YEAR.check(value)
    assert (result.status, says in result.message) == (status, True), result.message


TEXT = Task("t0.text", "Japan's neighbour", lambda: data.country_name("KOR"), Text())
CODE = Task("t0.code", "a country", lambda: "KOR", Text(key=data.country_code))
CASED = Task("t0.cased", "a code", lambda: "KOR", Text(case=True))


@pytest.mark.parametrize(
    ("t", "value", "status", "says"),
    [
        (TEXT, "Korea", "correct", ""),
        (TEXT, "  korea ", "correct", ""),
        (TEXT, "Japan", "wrong", "'Japan' is not the answer"),
        (TEXT, "", "wrong", "empty"),
        (TEXT, 5, "wrong", "put it in quotes"),
        (TEXT, ["Korea"], "wrong", "`[0]`"),
        (CODE, "Korea, Rep.", "correct", ""),
        (CODE, "south korea", "correct", ""),
        (CODE, "Kroea", "wrong", "not the answer"),
        (CASED, "kor", "wrong", "upper and lower case"),
    ],
)
def test_text_feedback(t: Task, value: object, status: str, says: str) -> None:
    result = t.check(value)
    assert result.status == status and says in result.message, result.message


TOP3 = data.rank("rd_expenditure_pct_gdp", 2020, n=3).iso3.tolist()
RANKING = Task("t0.top3", "Top three by R&D intensity, 2020", lambda: TOP3, Items())
GROUP = Task("t0.group", "The same three, any order", lambda: TOP3, Items(ordered=False))


@pytest.mark.parametrize(
    ("t", "value", "status", "says"),
    [
        (RANKING, TOP3, "correct", ""),
        (RANKING, tuple(TOP3), "correct", ""),
        (RANKING, pd.Series(TOP3), "correct", ""),
        (RANKING, [c.lower() for c in TOP3], "correct", ""),
        (RANKING, TOP3[::-1], "wrong", "order is not (first difference at position 0)"),
        (RANKING, set(TOP3), "wrong", "a set has no order"),
        (RANKING, ", ".join(TOP3), "wrong", "square brackets"),
        (RANKING, [*TOP3[:2], "JPN"], "wrong", "Not expected: 'JPN'. 1 expected item missing"),
        (RANKING, TOP3[:2], "wrong", "1 expected item missing"),
        (RANKING, [*TOP3, TOP3[0]], "wrong", "Not expected"),
        (RANKING, iter(TOP3), "wrong", "a list"),
        (RANKING, {"a": 1}, "wrong", "keys"),
        (RANKING, list(range(10**5)), "wrong", "far fewer"),
        (GROUP, set(TOP3), "correct", ""),
        (GROUP, TOP3[::-1], "correct", ""),
        (GROUP, TOP3[:1], "wrong", "2 expected items missing"),
    ],
)
def test_items_feedback(t: Task, value: object, status: str, says: str) -> None:
    result = t.check(value)
    assert result.status == status and says in result.message, result.message


# ------------------------------------------------------------------ results, hints, solutions


def test_result_repr_is_the_message_and_html_is_escaped() -> None:
    result = TEXT.check("<script>alert(1)</script>")
    assert isinstance(result, Result) and repr(result) == result.message
    assert not result and result.attempted
    page = result._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "✗ Not yet" in page and "<code>t0.text.hint()</code>" in page


def test_hints_go_from_nudge_to_specific_then_repeat() -> None:
    t = Task("t0.hints", "x", lambda: 1, Number(), hints=["nudge", "closer", "almost"])
    shown = [repr(t.hint()) for _ in range(5)]
    assert shown[0] == "💡 Hint — 1 of 3: nudge"
    assert shown[2] == shown[3] == shown[4] == f"💡 Hint — 3 of 3: almost {PANDAS_HELP}"
    assert "pandas_you_need" not in shown[0]  # the pointer comes with the last, fullest hint
    assert "No hints" in repr(Task("t0.bare", "x", lambda: 1, Number()).hint())


def test_solution_shows_the_code() -> None:
    note = l0.ip_coverage.solution()
    assert 'data.table("ip_charges_receipts_usd"' in repr(note)
    assert "<pre><code>" in note._repr_html_()


def test_declared_mistakes_explain_themselves() -> None:
    balance = right_coverage() * 0 + (
        data.table("ip_charges_receipts_usd", "JPN", (2010, 2025))["JPN"]
        - data.table("ip_charges_payments_usd", "JPN", (2010, 2025))["JPN"]
    )
    assert "balance" in l0.ip_coverage.check(balance).message
    korea = data.latest("rd_expenditure_pct_gdp", "Korea")
    assert "Korea's figure" in l0.rd_latest.check(korea).message


def test_record_names_the_wrong_part() -> None:
    year, value = data.latest("rd_expenditure_pct_gdp", "JPN")
    assert "The year: " in l0.rd_latest.check((year - 1, value)).message
    assert "The value: " in l0.rd_latest.check((year, value * 100)).message
    assert "100 times too large" in l0.rd_latest.check((year, value * 100)).message
    alone = l0.rd_latest.check(value).message
    assert "that is the right value; now give both" in alone
    assert "give exactly 2 items" in l0.rd_latest.check([year, value, 0]).message


# ------------------------------------------------------------------ never a traceback


class Hostile:
    """An object that fails at everything a checker might try."""

    def __repr__(self) -> str:
        raise RuntimeError("repr")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __len__(self) -> int:
        raise RuntimeError("len")

    def __iter__(self) -> Iterator[int]:
        raise RuntimeError("iter")

    def __bool__(self) -> bool:
        raise RuntimeError("bool")

    def __float__(self) -> float:
        raise RuntimeError("float")

    def __getattr__(self, name: str) -> object:
        raise RuntimeError(name)

    __hash__ = object.__hash__


def odd_values() -> list[object]:
    loop: list = [1]
    loop.append(loop)
    deep: list = []
    for _ in range(10_000):
        deep = [deep]
    return [
        Hostile(),
        loop,
        deep,
        {"a": loop},
        10**100_000,
        -(10**5000),
        1e308 * 10,
        list(range(200_000)),
        (i for i in range(3)),
        b"3.4",
        3 + 4j,
        object(),
        Exception("boom"),
        int,
        print,
        sys,
        pd.NaT,
        pd.DataFrame(),
        pd.Series(dtype=object),
        pd.DataFrame({"a": [[1], {2: 3}]}),
        pd.Series([Hostile()]),
        pd.Series([1, 2], index=[float("nan"), float("nan")]),
        plt.figure(),
        plt.subplots()[1],
    ]


@pytest.mark.parametrize("task_id", sorted(registry()))
def test_odd_values_never_raise(task_id: str) -> None:
    t = task(task_id)
    for value in odd_values():
        result = t.check(value)
        assert isinstance(result, Result) and result.status in STATUSES
        assert isinstance(repr(result), str) and result.message[:1] in "✓✗…⚠"
        assert not result.correct


def test_a_broken_expected_function_is_the_course_s_fault() -> None:
    broken = Task("t0.broken", "x", lambda: data.value("no_such", "JPN", 2020), Number())
    result = broken.check(3.4)
    assert result.status == "error" and "problem in the course" in result.message


def test_a_crashing_comparison_becomes_a_kind_message() -> None:
    class Crashing(Number):
        def compare(self, value: object, expected: object) -> None:
            raise ZeroDivisionError

    result = Task("t0.crash", "x", lambda: 1, Crashing()).check(1)
    assert result.status == "error" and result.message.startswith("⚠ Couldn't check — ")
    assert "raised ZeroDivisionError. A number is expected" in result.message


def test_a_crashing_mistake_is_skipped() -> None:
    t = Task("t0.m", "x", lambda: 1.0, Number(), mistakes=[Mistake(lambda: 1 / 0, "never")])
    assert t.check(2.0).status == "wrong"


# ------------------------------------------------------------------ progress


def read_progress(path: Path) -> dict:
    return json.loads(path.read_text())["items"] if path.exists() else {}


def test_checks_record_progress_but_not_unattempted(progress_file: Path) -> None:
    t = Task("t9.progress", "x", lambda: 1.0, Number())
    t.check(...)
    t.check(None)
    assert "t9.progress" not in read_progress(progress_file)
    t.check(2.0)
    t.check(1.0)
    entry = read_progress(progress_file)["t9.progress"]
    assert entry["attempts"] == 2 and entry["ever_correct"] and entry["kind"] == "exercise"


def test_a_broken_progress_file_never_breaks_a_check(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSE_PROGRESS_FILE", str(blocker / "progress.json"))
        assert l0.ip_crossover.check(2003).correct


# ------------------------------------------------------------------ module hygiene


def test_importing_the_checks_loads_neither_pandas_nor_matplotlib() -> None:
    code = (
        "import sys; import course.checks; from course.lessons import l0; l0.rd_latest.hint; "
        "print([m for m in ('pandas', 'matplotlib', 'numpy') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_notes_shown_after_a_correct_answer_are_true() -> None:
    rd = data.table("rd_expenditure_pct_gdp", "JPN", (2000, 2023))["JPN"]
    assert (rd > 3).sum() > len(rd) / 2  # "over 3% ... for most of this century"
    assert (right_coverage() > 1).all()  # "every year is above 1"
    receipts = data.table("ip_charges_receipts_usd", "JPN")["JPN"]
    payments = data.table("ip_charges_payments_usd", "JPN")["JPN"]
    since = (receipts / payments).dropna().loc[l0.ip_crossover.expected() :]
    assert (since > 1).all()  # "stayed above payments every year since"
    people = researchers(["JPN", "KOR"])
    first = int((people.KOR > people.JPN).idxmax())
    assert 2008 <= first <= 2012  # "Korea passes Japan around 2010"


def test_awkward_answers_get_a_kind_message_for_every_task() -> None:
    """A MultiIndex frame is told what is expected (not "raised ValueError"), and a huge
    string is never echoed whole."""
    import pandas as pd

    from course.checks.core import MAX_DETAIL

    frame = pd.DataFrame(
        {"v": [1.0, 2.0]}, index=pd.MultiIndex.from_tuples([("JPN", 2000), ("JPN", 2001)])
    )
    for task_id, item in registry().items():
        message = item.check(frame).message
        assert "raised" not in message, (task_id, message)
        assert len(item.check("x" * 1_000_000).message) <= MAX_DETAIL + 80, task_id


def test_every_rendered_message_keeps_mathjax_off() -> None:
    """Hints, solutions, mistakes and verdicts of every task render inside a block MathJax
    skips, so "US$ 5 … US$ 6" is never typeset as maths (tests/browser/test_browser_maths.py
    shows it in JupyterLab)."""
    from course.feedback import NO_MATHS

    for task_id, item in registry().items():
        rendered = [item.check(...), item.check("a wrong answer"), item.solution()]
        given = item._hints_given
        rendered += [item.hint() for _ in item.hints]
        item._hints_given = given  # leave the task as other tests expect it
        for piece in rendered:
            page = piece._repr_html_()
            assert f"{NO_MATHS}" in page, (task_id, page[:120])


@pytest.mark.parametrize(
    ("got", "want", "said"),
    [
        (0, 3.44, "0 is not right: it is too low (the answer is positive and between 1 and 10)."),
        (3.9, 3.44, "3.9 is not right: it is too high, by about 13%."),
        (1.2, 3.44, "too low, about 2.9 times smaller than the answer, which is between 1 and 10."),
        (
            2.67e10,
            33.2,
            "more than 1,000 times larger than the answer, which is in the tens: check",
        ),
    ],
)
def test_an_unforeseen_number_is_told_how_far_off_it_is(got, want, said) -> None:
    """Not only "too low": how far, and the size of the answer (never its digits)."""
    from course.feedback import explain_number

    message = explain_number(got, want)
    assert said in message and "3.44" not in message and "33.2" not in message
