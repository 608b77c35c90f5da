"""Broken banks: every error names the file, the question id and the field at fault.

Also: the fast schema gate agrees with ``jsonschema`` (shipped banks, broken banks and
randomly mutated ones), and the schema uses only keywords the gate implements.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_quiz_sample import sample, write_bank

from course import quiz
from course.quiz import BankError, schemalite, validation


def q(data: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(x for x in data["questions"] if x.get("id") == qid)


Mutation = Callable[[dict[str, Any]], None]
REF = {"indicator": "rd_expenditure_pct_gdp", "country": "JPN", "year": 2023}


def put(qid: str, *where: Any, **values: Any) -> Mutation:
    """Set ``values`` on question ``qid`` (or on the part of it at ``where``)."""

    def mutate(d: dict[str, Any]) -> None:
        node = q(d, qid)
        for key in where:
            node = node[key]
        node.update(values)

    return mutate


def drop(qid: str, *where: Any) -> Mutation:
    """Delete the field at ``where`` from question ``qid``."""

    def mutate(d: dict[str, Any]) -> None:
        node = q(d, qid)
        for key in where[:-1]:
            node = node[key]
        del node[where[-1]]

    return mutate


def both(*mutations: Mutation) -> Mutation:
    return lambda d: [m(d) for m in mutations] and None


# (what is broken, mutation, question id named, field named, phrase of the message)
BROKEN: list[tuple[str, Mutation, str | None, str, str]] = [
    (
        "choice without feedback",
        drop("s1", "choices", 1, "feedback"),
        "s1",
        "choices[1].feedback",
        "required",
    ),
    (
        "blank feedback",
        put("s1", "choices", 0, feedback="  "),
        "s1",
        "choices[0].feedback",
        "must not be empty",
    ),
    (
        "answer not a choice",
        put("s1", answer="usa"),
        "s1",
        "answer",
        "'usa' is not the id of any choice",
    ),
    ("multiple answer not a choice", put("m1", answer=["meti", "nasa"]), "m1", "answer", "'nasa'"),
    ("duplicate question id", put("m1", id="s1"), "s1", "id", "duplicate id"),
    (
        "duplicate choice id",
        put("s1", "choices", 2, id="kor"),
        "s1",
        "choices[2].id",
        "duplicate choice id",
    ),
    (
        "duplicate ordering item",
        put("o1", "items", 1, text="aged SOCIETY"),
        "o1",
        "items[1].text",
        "duplicate",
    ),
    ("duplicate ordering id", put("o1", "items", 3, id="a"), "o1", "items[3].id", "duplicate"),
    ("negative tolerance", put("n1", tolerance={"abs": -1}), "n1", "tolerance.abs", "minimum"),
    ("empty tolerance", put("n1", tolerance={}), "n1", "tolerance", "non-empty"),
    ("no tolerance", drop("n1", "tolerance"), "n1", "tolerance", "required"),
    (
        "answer and answer_from",
        put("n1", answer_from=REF),
        "n1",
        "answer/answer_from",
        "exactly one",
    ),
    ("neither answer", drop("n1", "answer"), "n1", "answer/answer_from", "exactly one"),
    (
        "unknown indicator",
        both(drop("n1", "answer"), put("n1", answer_from={**REF, "indicator": "rd"})),
        "n1",
        "answer_from.indicator",
        "unknown indicator",
    ),
    (
        "country not a code",
        both(drop("n1", "answer"), put("n1", answer_from={**REF, "country": "Japan"})),
        "n1",
        "answer_from.country",
        "does not match",
    ),
    (
        "wrong value inside tolerance",
        put("n1", "wrong", 1, value=3.443),
        "n1",
        "wrong[1]",
        "would be accepted",
    ),
    (
        "wrong without feedback",
        drop("t1", "wrong", 0, "feedback"),
        "t1",
        "wrong[0].feedback",
        "required",
    ),
    (
        "wrong equals an accepted text",
        put("t1", "wrong", 0, answer="society-5.0"),
        "t1",
        "wrong[0].answer",
        "also an accepted answer",
    ),
    ("unknown type", put("s1", type="singel"), "s1", "type", "is not one of"),
    (
        "typo in a field",
        put("s1", anwser="kor"),
        "s1",
        "anwser",
        "not a field of this question type",
    ),
    ("field of another type", put("t1", tolerance={"abs": 1}), "t1", "tolerance", "not a field"),
    ("id with capitals", put("p1", id="Pairs One"), "Pairs One", "id", "lower-case"),
    ("id a number", put("p1", id=7), "#8", "id", "not of type 'string'"),
    ("missing source", drop("o1", "source"), "o1", "source", "required"),
    ("empty prompt", put("o1", prompt=""), "o1", "prompt", "must not be empty"),
    (
        "duplicate match",
        put("p1", "pairs", 1, match="Japan Science and Technology Agency"),
        "p1",
        "pairs[2].match",
        "duplicate",
    ),
    (
        "distractor repeats a match",
        put("p1", distractors=["Ministry of Economy, Trade and Industry"]),
        "p1",
        "distractors[0]",
        "repeats",
    ),
    (
        "one pair only",
        lambda d: q(d, "p1").update(pairs=q(d, "p1")["pairs"][:1]),
        "p1",
        "pairs",
        "too short",
    ),
    (
        "question not a mapping",
        lambda d: d["questions"].append("text"),
        "#9",
        "(bank)",
        "not of type 'object'",
    ),
    (
        "lesson does not match the file",
        lambda d: d.update(lesson="l7"),
        None,
        "lesson",
        "the bank is lesson l99's",
    ),
    ("no questions", lambda d: d.update(questions=[]), None, "questions", "non-empty"),
    ("unknown top-level field", lambda d: d.update(author="me"), None, "author", "not a field"),
]


@pytest.mark.parametrize("loader", [quiz.load, quiz.validate], ids=["load", "validate"])
@pytest.mark.parametrize(
    ("mutate", "qid", "field", "phrase"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_bank_names_file_id_and_field(
    tmp_path: Path,
    loader: Callable[[Path], quiz.Bank],
    mutate: Mutation,
    qid: str | None,
    field: str,
    phrase: str,
) -> None:
    data = sample()
    mutate(data)
    path = write_bank(tmp_path, data)
    with pytest.raises(BankError) as caught:
        loader(path)
    issues = caught.value.issues
    match = [i for i in issues if i.qid == qid and i.field == field]
    assert match, f"no issue for {qid}/{field} in: {[str(i) for i in issues]}"
    assert phrase.lower() in match[0].message.lower(), str(match[0])
    text = str(caught.value)
    assert "l99.yaml" in text and field in text
    assert qid is None or repr(qid) in text


def test_issue_reads_well() -> None:
    issue = quiz.Issue("l0.yaml", "rd-2023", "choices[1].feedback", "is required but missing")
    assert (
        str(issue)
        == "l0.yaml: question 'rd-2023', field 'choices[1].feedback': is required but missing"
    )


def test_every_fault_is_listed(tmp_path: Path) -> None:
    data = sample()
    drop("s1", "choices", 0, "feedback")(data)
    q(data, "t1")["explanation"] = ""
    with pytest.raises(BankError) as caught:
        quiz.load(write_bank(tmp_path, data))
    assert {(i.qid, i.field) for i in caught.value.issues} >= {
        ("s1", "choices[0].feedback"),
        ("t1", "explanation"),
    }
    assert "2 problems" in str(caught.value)


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "l99.yaml"
    path.write_text("lesson: l99\ntitle: x\nquestions:\n  - id: a\n    prompt: [unclosed\n")
    with pytest.raises(BankError) as caught:
        quiz.load(path)
    issue = caught.value.issues[0]
    assert issue.file == "l99.yaml" and issue.field.startswith("line ")
    assert "YAML syntax" in issue.message


def test_a_key_given_twice_is_refused_with_its_line(tmp_path: Path) -> None:
    """YAML keeps the last of two equal keys silently; a second feedback would hide the first."""
    path = tmp_path / "l99.yaml"
    path.write_text("lesson: l99\ntitle: x\nquestions:\n  - id: a\n    id: b\n")
    with pytest.raises(BankError) as caught:
        quiz.load(path)
    issue = caught.value.issues[0]
    assert issue.field == "line 5" and "the key 'id' is given twice" in issue.message


def test_missing_data_for_answer_from_is_named_at_resolve(tmp_path: Path) -> None:
    data = sample()
    n1 = q(data, "n1")
    del n1["answer"]
    n1["answer_from"] = {"indicator": "rd_expenditure_pct_gdp", "country": "JPN", "year": 1961}
    path = write_bank(tmp_path, data)
    quiz.load(path)  # loading does not touch the data
    with pytest.raises(BankError) as caught:
        quiz.validate(path)
    issue = caught.value.issues[0]
    assert (issue.file, issue.qid, issue.field) == ("l99.yaml", "n1", "answer_from")
    assert "no value for rd_expenditure_pct_gdp/JPN/1961" in issue.message


def test_data_wrong_answer_that_equals_the_answer_is_caught(tmp_path: Path) -> None:
    data = sample()
    n1 = q(data, "n1")
    n1["answer"] = 3.44125
    n1["wrong"] = [{"value_from": REF, "feedback": "x"}]
    with pytest.raises(BankError) as caught:
        quiz.validate(write_bank(tmp_path, data))
    assert caught.value.issues[0].field == "wrong[0]"


def test_unknown_lesson_says_which_banks_exist() -> None:
    with pytest.raises(FileNotFoundError, match=r"banks: .*l0"):
        quiz.load("l42")


def test_load_notices_an_edited_file(tmp_path: Path) -> None:
    data = sample()
    path = write_bank(tmp_path, data)
    assert quiz.load(path).title == "Sample bank"
    data["title"] = "Renamed, and a longer title so the size changes"
    write_bank(tmp_path, data)
    assert quiz.load(path).title.startswith("Renamed")


# ---------------------------------------------------------------- the fast gate


def test_schema_is_valid_draft7_and_uses_only_gate_keywords() -> None:
    jsonschema.Draft7Validator.check_schema(validation.schema())
    assert schemalite.unsupported(validation.schema()) == set()


def _agree(instance: Any) -> None:
    full = [
        list(e.absolute_path)
        for e in jsonschema.Draft7Validator(validation.schema()).iter_errors(instance)
    ]
    fast = list(schemalite.iter_errors(instance, validation.schema()))
    assert bool(full) == bool(fast), (full, fast)


def test_gate_agrees_on_shipped_and_broken_banks() -> None:
    for path in quiz.bank_paths().values():
        import yaml

        _agree(yaml.safe_load(path.read_text(encoding="utf-8")))
    for _, mutate, *_ in BROKEN:
        data = sample()
        mutate(data)
        _agree(data)
    _agree(sample())


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


SAMPLE_PATHS = _paths(sample())[1:]
KEYS = st.sampled_from(["id", "text", "feedback", "abs", "x"])
WORDS = st.sampled_from(["", " ", "single", "kor", "Abc", "l99", "rd_expenditure_pct_gdp", "JPN"])
values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 3000) | st.floats() | st.text(max_size=8) | WORDS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(SAMPLE_PATHS), value=values, delete=st.booleans())
def test_gate_agrees_with_jsonschema_on_mutated_banks(
    path: tuple[Any, ...], value: Any, delete: bool
) -> None:
    data = sample()
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    _agree(json.loads(json.dumps(data)) if _jsonable(data) else data)


def _jsonable(data: Any) -> bool:
    try:
        json.dumps(data, allow_nan=False)
    except ValueError:
        return False
    return True
