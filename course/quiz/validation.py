"""Checking a raw bank (as parsed from YAML): the JSON Schema, then what a schema can't say.

Every fault becomes an :class:`~course.quiz.model.Issue` naming the file, the question
id and the field. Used by :mod:`course.quiz.bank` when loading and by ``validate``.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from importlib import resources
from typing import Any, cast

from . import schemalite
from .model import Issue
from .normalize import text_key

SCHEMA_FILE = "schema.json"


@cache
def schema() -> dict[str, Any]:
    """The bank schema (``course/quiz/schema.json``), read once."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text("utf-8")
    return cast(dict[str, Any], json.loads(text))


@cache
def indicator_codes() -> dict[str, str]:
    """Indicator column -> WDI code, read from the data's metadata file without pandas."""
    meta = resources.files("course").joinpath("data").joinpath("wdi_indicators_metadata.csv")
    with meta.open("r", encoding="utf-8") as handle:
        return {row["column"]: row["wdi_code"] for row in csv.DictReader(handle)}


# ------------------------------------------------------------------ the schema


def schema_issues(file: str, raw: Any, *, full: bool = False) -> list[Issue]:
    """Schema faults of ``raw``; the fast gate first, ``jsonschema`` to word them.

    With ``full=True`` the gate is skipped and ``jsonschema`` always runs (tests, CLI).
    """
    if not full and not any(schemalite.iter_errors(raw, schema())):
        return []
    import jsonschema

    validator = jsonschema.Draft7Validator(schema())
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(map(str, e.absolute_path)))
    issues: list[Issue] = []
    for error in errors:
        issue = _issue(file, raw, error)
        if issue not in issues:
            issues.append(issue)
    return issues


def _field(parts: list[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


def _issue(file: str, raw: Any, error: Any) -> Issue:
    """Turn one ``jsonschema`` error into file / question id / field / message."""
    path = list(error.absolute_path)
    qid = None
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        question = raw["questions"][path[1]]
        given = question.get("id") if isinstance(question, dict) else None
        qid = given if isinstance(given, str) and given else f"#{path[1] + 1}"
        path = path[2:]
    message = error.message
    if error.validator == "required":
        name = re.match(r"'(.+?)' is a required property", message)
        path.append(name.group(1) if name else "?")
        message = "is required but missing"
    elif error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        path.append(extra[0] if extra else "?")
        message = f"is not a field of this question type (allowed: {', '.join(allowed)})"
    elif error.validator == "oneOf" and all(
        set(sub) == {"required"} for sub in error.validator_value
    ):
        names = [sub["required"][0] for sub in error.validator_value]
        path.append("/".join(names))
        message = f"give exactly one of {', '.join(names)}"
    elif error.validator in ("minLength", "pattern") and error.validator_value in (1, r"\S"):
        message = "must not be empty"
    elif error.validator == "pattern" and path and path[-1] == "id":
        message = f"{error.instance!r}: ids use lower-case letters, digits, '-' and '_'"
    if len(message) > 200:
        message = message[:197] + "..."
    return Issue(file, qid, _field(path) or "(bank)", message)


# ------------------------------------------------------------------ beyond the schema


def semantic_issues(file: str, raw: dict[str, Any], stem: str) -> list[Issue]:
    """Checks a schema cannot express; ``raw`` must already satisfy the schema."""
    issues = []
    if raw["lesson"] != stem:
        issues.append(
            Issue(file, None, "lesson", f"is {raw['lesson']!r} but the bank is lesson {stem}'s")
        )
    seen: dict[str, int] = {}
    for n, question in enumerate(raw["questions"], 1):
        qid = question["id"]
        if qid in seen:
            issues.append(Issue(file, qid, "id", f"duplicate id: question #{seen[qid]} has it too"))
        seen.setdefault(qid, n)
        for fld, message in _question_faults(question):
            issues.append(Issue(file, qid, fld, message))
    return issues


def _duplicates(values: list[Any]) -> list[int]:
    """Indices of values that repeat an earlier one."""
    return [i for i, v in enumerate(values) if v in values[:i]]


def _question_faults(q: dict[str, Any]) -> list[tuple[str, str]]:
    kind = q["type"]
    faults: list[tuple[str, str]] = []
    if kind in ("single", "multiple"):
        ids = [c["id"] for c in q["choices"]]
        faults += [(f"choices[{i}].id", "duplicate choice id") for i in _duplicates(ids)]
        texts = [text_key(c["text"]) for c in q["choices"]]
        faults += [(f"choices[{i}].text", "duplicate choice text") for i in _duplicates(texts)]
        answers = [q["answer"]] if kind == "single" else q["answer"]
        for answer in answers:
            if answer not in ids:
                faults.append(
                    ("answer", f"{answer!r} is not the id of any choice ({', '.join(ids)})")
                )
    elif kind == "ordering":
        items = q["items"]
        faults += [
            (f"items[{i}].id", "duplicate item id") for i in _duplicates([x["id"] for x in items])
        ]
        keys = [text_key(x["text"]) for x in items]
        faults += [(f"items[{i}].text", "duplicate item text") for i in _duplicates(keys)]
    elif kind == "matching":
        pairs = q["pairs"]
        for key in ("id", "term", "match"):
            values = [text_key(p[key]) for p in pairs]
            faults += [(f"pairs[{i}].{key}", f"duplicate {key}") for i in _duplicates(values)]
        matches = {text_key(p["match"]) for p in pairs}
        extra = [text_key(d) for d in q.get("distractors", [])]
        for i, d in enumerate(extra):
            if d in matches or d in extra[:i]:
                faults.append((f"distractors[{i}]", "repeats a meaning already offered"))
    elif kind == "text":
        accepted = {text_key(a) for a in [q["answer"], *q.get("accept", [])]}
        for i, wrong in enumerate(q.get("wrong", [])):
            if text_key(wrong["answer"]) in accepted:
                faults.append((f"wrong[{i}].answer", "is also an accepted answer"))
    elif kind == "numeric":
        faults += _numeric_faults(q)
    return faults


def _numeric_faults(q: dict[str, Any]) -> list[tuple[str, str]]:
    faults = []
    tolerance = q["tolerance"]
    for key in ("abs", "rel"):
        if tolerance.get(key, 0) < 0:
            faults.append((f"tolerance.{key}", "must be 0 or more"))
    codes = indicator_codes()
    refs = [("answer_from", q.get("answer_from"))]
    refs += [
        (f"wrong[{i}].value_from", w.get("value_from")) for i, w in enumerate(q.get("wrong", []))
    ]
    for fld, ref in refs:
        if ref and ref["indicator"] not in codes:
            faults.append((f"{fld}.indicator", f"unknown indicator {ref['indicator']!r}"))
    ref = q.get("answer_from")
    if ref and ref["indicator"] in codes and codes[ref["indicator"]] not in q["source"]:
        code = codes[ref["indicator"]]
        faults.append(
            ("source", f"should name the dataset, e.g. 'World Bank WDI, indicator {code}'")
        )
    if "answer" in q:
        faults += wrong_overlaps(q["answer"], tolerance, q.get("wrong", []))
    return faults


def wrong_overlaps(
    answer: float, tolerance: dict[str, float], wrongs: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """Typical wrong answers that would be graded as right (checked again once data resolve)."""
    allowed = max(tolerance.get("abs", 0), tolerance.get("rel", 0) * abs(answer))
    faults = []
    for i, wrong in enumerate(wrongs):
        value = answer * wrong["times"] if "times" in wrong else wrong.get("value")
        if value is not None and abs(value - answer) <= allowed:
            faults.append(
                (f"wrong[{i}]", f"{value:g} would be accepted as right (answer {answer:g})")
            )
    return faults
