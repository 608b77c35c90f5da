"""grade(): tables of right, wrong and bad answers per question type, and a fuzz test."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_quiz_sample import sample_bank

from course import quiz
from course.quiz import Bank, Feedback, Question, answer_text, grade
from course.quiz.normalize import format_number, parse_number, text_key

OK, NO, ASK = "✓", "✗", "?"


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    return sample_bank(tmp_path_factory.mktemp("bank"))


def check(bank: Bank, qid: str, answer: Any, symbol: str, phrase: str) -> None:
    feedback = grade(bank[qid], answer)
    assert isinstance(feedback, Feedback)
    assert feedback.symbol == symbol, feedback.message
    assert feedback.correct is (symbol == OK)
    assert re.match(r"[✓✗?] [A-Z][a-z]", feedback.message), feedback.message  # symbol, word
    assert phrase.lower() in feedback.message.lower(), feedback.message


BAD_COMMON = [
    (None, "no answer yet"),
    ("", "no answer yet"),
    ([], "no answer yet"),
]

SINGLE = [
    ("kor", OK, "EXPLAIN-S1"),
    (["kor"], OK, "Korea tops"),
    ("chn", NO, "China spends a smaller share"),
    ("deu", NO, "try again"),
    ("xyz", ASK, "not one of the options"),
    ("Korea", ASK, "not one of the options"),
    (3, ASK, "exactly one"),
    (["kor", "chn"], ASK, "exactly one"),
    ({"a": 1}, ASK, "exactly one"),
    (float("nan"), ASK, "exactly one"),
    ("한국", ASK, "not one of the options"),
    *[(a, ASK, p) for a, p in BAD_COMMON],
]

MULTIPLE = [
    (["meti", "jst"], OK, "all 2 that apply"),
    (("jst", "meti"), OK, "EXPLAIN-M1"),
    ({"meti", "jst"}, OK, "right to tick"),
    (["meti"], NO, "1 more option applies"),
    (["meti", "darpa"], NO, "darpa is american"),
    (["meti", "jst", "erc"], NO, "should not be ticked"),
    (["darpa", "erc"], NO, "0 of your 2 ticks are right"),
    ("meti", NO, "your tick is right"),
    (["meti", "nope"], ASK, "not among the options"),
    ([1, 2], ASK, "tick the options"),
    (42, ASK, "tick the options"),
    *[(a, ASK, "no answer yet") for a, _ in BAD_COMMON],
]

NUMERIC = [
    (3.44, OK, "EXPLAIN-N1"),
    ("3.44", OK, "3.44 % is right"),
    ("3.44 %", OK, "is right"),
    ("3.44%", OK, "is right"),
    (" 3.44 percent ", OK, "is right"),
    ("３.４４", OK, "is right"),
    ("3.444", OK, "is right"),
    (0.0344, NO, "share of one"),
    ("4.94", NO, "Korea's value"),
    ("344", NO, "100 times too large"),
    ("3.4", NO, "close"),
    ("2", NO, "too low"),
    ("−9", NO, "too low"),
    ("9e2", NO, "too high"),
    (1e300, NO, "too high"),
    ("3,4", ASK, "use a point for decimals"),
    ("3,44", ASK, "write 3.44"),
    ("abc", ASK, "doesn't look like a number"),
    ("3.44.1", ASK, "doesn't look like a number"),
    ("1e400", ASK, "too large"),
    (10**400, ASK, "too large"),
    (float("inf"), ASK, "too large"),
    (float("nan"), ASK, "not a number that can be checked"),
    ("nan", ASK, "doesn't look like a number"),
    ("inf", ASK, "doesn't look like a number"),
    (True, ASK, "not true or false"),
    ([3.44], ASK, "one number"),
    ({"value": 3.44}, ASK, "one number"),
    ("   ", ASK, "no answer yet"),
    (None, ASK, "no answer yet"),
    ("", ASK, "no answer yet"),
    ("x" * 10_000, ASK, "doesn't look like a number"),
]

NUMERIC_REL = [
    ("54.5", OK, "is right"),
    ("54.5 bn US$", OK, "is right"),
    ("54.5bn", OK, "is right"),
    ("55", OK, "is right"),
    ("54,500,000,000", NO, "dollars; the unit is billions"),
    ("54500000000 US$", NO, "billions"),
    ("5,450", NO, "100 times too large"),
    ("56", NO, "close"),
]

TEXT = [
    ("Society 5.0", OK, "EXPLAIN-T1"),
    ("society 5.0", OK, "correct"),
    ("  SOCIETY   5.0 ", OK, "correct"),
    ("Society5.0", OK, "correct"),
    ("society 5-0!", OK, "correct"),
    ("The Society 5.0", OK, "correct"),
    ("Ｓｏｃｉｅｔｙ ５.０", OK, "correct"),
    ("society five", OK, "correct"),
    ("Industry 4.0", NO, "germany's programme"),
    ("industry-4.0", NO, "germany's programme"),
    ("Societi 5.0", NO, "close: check the spelling"),
    ("Cyber society", NO, "try again"),
    (5, NO, "try again"),
    ("!!!", ASK, "not only punctuation"),
    (["Society 5.0"], ASK, "as a few words"),
    ({"a": "b"}, ASK, "as a few words"),
    ("word " * 100, ASK, "very long"),
    (None, ASK, "no answer yet"),
    ("", ASK, "no answer yet"),
]

TEXT_DIACRITICS = [
    ("Tokyo", OK, "correct"),
    ("tōkyō", OK, "correct"),
    ("TÔKYÔ", OK, "correct"),
    ("東京", NO, "try again"),
    ("Kyoto", NO, "try again"),
]

ORDERING = [
    (["a", "b", "c", "d"], OK, "EXPLAIN-O1"),
    (("a", "b", "c", "d"), OK, "correct"),
    (["b", "a", "c", "d"], NO, "positions 1 and 2"),
    (["a", "b", "d", "c"], NO, "in the right place: 2 of 4"),
    (["d", "c", "b", "a"], NO, "positions 1, 2, 3 and 4"),
    (["a", "a", "c", "d"], ASK, "exactly once"),
    (["a", "b", "c"], ASK, "exactly once"),
    (["a", "b", "c", "d", "e"], ASK, "exactly once"),
    ("abcd", ASK, "exactly once"),
    ({"a", "b", "c", "d"}, ASK, "exactly once"),
    ([1, 2, 3, 4], ASK, "exactly once"),
    (None, ASK, "no answer yet"),
    ([], ASK, "no answer yet"),
]

RIGHT_PAIRS = {
    "csti": "Council for Science, Technology and Innovation",
    "meti": "Ministry of Economy, Trade and Industry",
    "jst": "Japan Science and Technology Agency",
}
SWAPPED = {**RIGHT_PAIRS, "csti": RIGHT_PAIRS["jst"], "jst": RIGHT_PAIRS["csti"]}

MATCHING = [
    (RIGHT_PAIRS, OK, "EXPLAIN-P1"),
    ({k: v.upper() for k, v in RIGHT_PAIRS.items()}, OK, "correct"),
    (SWAPPED, NO, "1 of 3 pairs is right"),
    (SWAPPED, NO, "it advises the cabinet"),
    ({**RIGHT_PAIRS, "meti": "Japan Space Technology Office"}, NO, "“METI” does not go with"),
    ({**RIGHT_PAIRS, "meti": None}, ASK, "1 still without one"),
    ({"csti": RIGHT_PAIRS["csti"]}, ASK, "2 still without one"),
    ({**RIGHT_PAIRS, "meti": "Ministry of Magic"}, ASK, "still without one"),
    ([("csti", "x")], ASK, "choose a full name"),
    ({1: "x"}, ASK, "choose a full name"),
    ("csti", ASK, "choose a full name"),
    (None, ASK, "no answer yet"),
    ({}, ASK, "no answer yet"),
]


@pytest.mark.parametrize(("answer", "symbol", "phrase"), SINGLE)
def test_single(bank: Bank, answer: Any, symbol: str, phrase: str) -> None:
    check(bank, "s1", answer, symbol, phrase)


@pytest.mark.parametrize(("answer", "symbol", "phrase"), MULTIPLE)
def test_multiple(bank: Bank, answer: Any, symbol: str, phrase: str) -> None:
    check(bank, "m1", answer, symbol, phrase)


def test_multiple_wrong_feedback_does_not_name_the_missed_choice(bank: Bank) -> None:
    message = grade(bank["m1"], ["meti"]).message
    assert "JST" not in message and "1 more option applies" in message


@pytest.mark.parametrize(("answer", "symbol", "phrase"), NUMERIC)
def test_numeric_absolute_tolerance(bank: Bank, answer: Any, symbol: str, phrase: str) -> None:
    check(bank, "n1", answer, symbol, phrase)


@pytest.mark.parametrize(("answer", "symbol", "phrase"), NUMERIC_REL)
def test_numeric_relative_tolerance_and_unit(
    bank: Bank, answer: Any, symbol: str, phrase: str
) -> None:
    check(bank, "n2", answer, symbol, phrase)


def test_numeric_thousands_comma_that_means_a_decimal_asks(bank: Bank) -> None:
    check(bank, "n1", "3,441", ASK, "did you mean 3.441")
    check(bank, "n2", "54,500", ASK, "did you mean 54.5")
    check(bank, "n2", "56,500", NO, "too high")


@pytest.mark.parametrize(("answer", "symbol", "phrase"), TEXT)
def test_text(bank: Bank, answer: Any, symbol: str, phrase: str) -> None:
    check(bank, "t1", answer, symbol, phrase)


@pytest.mark.parametrize(("answer", "symbol", "phrase"), TEXT_DIACRITICS)
def test_text_forgives_diacritics(bank: Bank, answer: Any, symbol: str, phrase: str) -> None:
    check(bank, "t2", answer, symbol, phrase)


@pytest.mark.parametrize(("answer", "symbol", "phrase"), ORDERING)
def test_ordering(bank: Bank, answer: Any, symbol: str, phrase: str) -> None:
    check(bank, "o1", answer, symbol, phrase)


@pytest.mark.parametrize(("answer", "symbol", "phrase"), MATCHING)
def test_matching(bank: Bank, answer: Any, symbol: str, phrase: str) -> None:
    check(bank, "p1", answer, symbol, phrase)


def test_a_misplaced_ordering_item_says_why_it_belongs_elsewhere(bank: Bank) -> None:
    message = grade(bank["o1"], ["b", "a", "c", "d"]).message
    assert "Positions 1 and 2" in message
    assert "Think again about:\n– “IP surplus”: Receipts first passed payments in 2003." in message
    # items without a why are counted, not explained; a right order explains the whole
    assert "“Aged society”:" not in message


def test_matching_names_its_right_hand_column(bank: Bank) -> None:
    from course.quiz.render import hint

    assert hint(bank["p1"]) == "Choose the matching full name for each term."
    assert "choose a full name for each term" in grade(bank["p1"], {}).message


def test_wrong_answers_never_show_the_explanation(bank: Bank) -> None:
    for qid, answer in [
        ("s1", "chn"),
        ("m1", ["meti"]),
        ("n1", "2"),
        ("t1", "x"),
        ("o1", list("dcba")),
        ("p1", SWAPPED),
    ]:
        assert "EXPLAIN" not in grade(bank[qid], answer).message


@pytest.mark.parametrize(
    ("qid", "phrase"),
    [
        ("s1", "“Korea”"),
        ("m1", "“METI” “JST”"),
        ("n1", "3.44 %"),
        ("t1", "“Society 5.0”"),
        ("o1", "(1) Aged society → (2) IP surplus"),
        ("p1", "“CSTI” = “Council for Science"),
    ],
)
def test_answer_text(bank: Bank, qid: str, phrase: str) -> None:
    assert phrase in answer_text(bank[qid])


def test_a_broken_question_gives_a_question_mark_not_an_error() -> None:
    broken = Question("x", "numeric", "p", "s", "e", answer="not a number", tol_abs=1.0)
    feedback = grade(broken, "3")
    assert feedback.symbol == ASK and "could not be checked" in feedback.message
    assert grade(Question("y", "nonsense", "p", "s", "e"), "a").symbol == ASK


# ---------------------------------------------------------------- the helpers


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("3.44 %", 3.44),
        ("3,441", 3441.0),
        ("3 441", 3441.0),
        ("-2", -2.0),
        ("−2", -2.0),
        ("+.5", 0.5),
        ("1e3", 1000.0),
        ("1_000", 1000.0),
        ("３", 3.0),
        (7, 7.0),
        ("12 per cent", 12.0),
        (Decimal("3.44"), 3.44),
        (Fraction(86, 25), 3.44),
    ],
)
def test_parse_number(raw: Any, value: float) -> None:
    assert parse_number(raw).value == value


def test_parse_number_strips_the_questions_unit() -> None:
    assert parse_number("5,609 per million people", "per million people").value == 5609.0
    assert parse_number("54.5 bn US$", "bn US$").value == 54.5


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tōkyō", "tokyo"),
        ("Society 5.0", "society50"),
        ("The CSTI", "csti"),
        ("Ｊａｐａｎ", "japan"),
        ("hint()", "hint"),
        ("e-ASIA  JRP", "easiajrp"),
    ],
)
def test_text_key(a: str, b: str) -> None:
    assert text_key(a) == b


def test_text_key_keeps_japanese_voicing_marks() -> None:
    assert text_key("かがく") != text_key("かかく")


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (3.44125, 2, "3.44"),
        (5608.63, None, "5,609"),
        (0.0344, None, "0.0344"),
        (3.44125, None, "3.44"),
    ],
)
def test_format_number(value: float, digits: int | None, text: str) -> None:
    assert format_number(value, digits) == text


# ---------------------------------------------------------------- fuzz: grade never raises

json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5)
    ),
    max_leaves=12,
)
answers = st.one_of(
    json_like,
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.complex_numbers(),
    st.binary(max_size=10),
    st.sampled_from([object(), Ellipsis, type, print, range(3), frozenset({"a"}), b"3.44"]),
    st.text(alphabet=st.characters(), max_size=50),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**500), max_value=10**500),
    st.lists(st.sampled_from(["a", "b", "c", "d", "kor", "meti", "jst", "csti"]), max_size=6),
    st.dictionaries(st.sampled_from(["csti", "meti", "jst", "x"]), st.text() | st.none()),
    st.sampled_from(["3.44", "3,44", "3,441", "∞", "1e999", "-0", "٣٫٤٤", "3.44 %", "Society 5.0"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=answers, qid=st.sampled_from(["s1", "m1", "n1", "n2", "t1", "t2", "o1", "p1"]))
def test_grade_never_raises(
    tmp_path_factory: pytest.TempPathFactory, answer: Any, qid: str
) -> None:
    bank = _fuzz_bank(tmp_path_factory)
    feedback = grade(bank[qid], answer)
    assert feedback.symbol in (OK, NO, ASK)
    assert re.match(r"[✓✗?] [A-Z][a-z]", feedback.message), feedback.message  # symbol, word
    assert feedback.correct is (feedback.symbol == OK)
    assert "could not be checked" not in feedback.message  # no grader bug was hit
    assert not (isinstance(answer, float) and math.isnan(answer) and feedback.correct)


_FUZZ: dict[str, Bank] = {}


def _fuzz_bank(factory: pytest.TempPathFactory) -> Bank:
    if "bank" not in _FUZZ:
        _FUZZ["bank"] = sample_bank(Path(factory.mktemp("fuzz")))
    return _FUZZ["bank"]


class _Awkward:
    """An object that refuses comparison, as some library types do."""

    def __eq__(self, other):
        raise ValueError("ambiguous")

    __hash__ = object.__hash__


def test_answers_of_unexpected_kinds_say_what_is_expected() -> None:
    """numpy arrays, pandas objects and odd objects get "this question expects …", never a
    "(ValueError); please try again" that no retry fixes."""
    import numpy as np
    import pandas as pd

    from course.quiz import grading

    odd = [np.array([1, 2]), pd.DataFrame({"a": [1]}), pd.Series([1.0]), _Awkward()]
    for bank in quiz.load_all().values():
        for question in quiz.resolve(bank).questions:
            for answer in odd:
                text = str(grading.grade(question, answer))
                assert "try again" not in text, (question.id, text)
                if "could not be checked" in text:
                    assert grading.EXPECTED[question.type] in text, (question.id, text)
