"""Question banks: find, load, check and resolve the YAML file in each lesson's package
(``course/lessons/lN/quiz.yaml``).

``load("l0")`` reads and checks one bank (cached until the file changes);
``load_all()`` every bank; ``validate(path)`` the full check for tests and maintainers;
``resolve(bank)`` reads ``answer_from`` numbers through ``course.data`` (imports pandas,
so it runs when a quiz is shown, not when a bank is loaded).
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any, cast

from course import ids

from .model import Bank, BankError, Choice, DataRef, Issue, Item, Question, Wrong
from .validation import schema_issues, semantic_issues, wrong_overlaps

BANK_FILE = "quiz.yaml"


def bank_dir() -> Path:
    """The folder of the lesson packages, each holding its bank (``course/lessons/``)."""
    return Path(str(resources.files("course").joinpath("lessons")))


def bank_paths() -> dict[str, Path]:
    """Every shipped bank's file, by lesson id, in lesson order."""
    paths = {path.parent.name: path for path in bank_dir().glob(f"*/{BANK_FILE}")}
    return {lesson: paths[lesson] for lesson in ids.in_order(list(paths))}


def bank_path(lesson: str | Path) -> Path:
    """The file of a lesson's bank (``"l0"`` -> ``.../lessons/l0/quiz.yaml``), or a path."""
    text = str(lesson)
    if isinstance(lesson, Path) or text.endswith((".yaml", ".yml")) or "/" in text:
        return Path(lesson)
    paths = bank_paths()
    if text not in paths:
        have = ", ".join(paths) or "none"
        raise FileNotFoundError(f"No question bank for lesson {text!r}; banks: {have}.")
    return paths[text]


def load(lesson: str | Path) -> Bank:
    """Load and check one bank by lesson id (``"l0"``) or path; raises :class:`BankError`."""
    path = bank_path(lesson)
    stat = path.stat()
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size)


def load_all() -> dict[str, Bank]:
    """Every shipped bank, keyed by lesson id, in lesson order."""
    return {lesson: load(path) for lesson, path in bank_paths().items()}


def validate(path: str | Path, *, resolve_data: bool = True) -> Bank:
    """Fully check a bank file: schema (with ``jsonschema``), semantics and data references.

    Returns the resolved bank, or raises :class:`BankError` listing every fault.
    """
    path = Path(path)
    raw = _read(path)
    issues = schema_issues(_shown(path)[0], raw, full=True)
    if issues:
        raise BankError(issues)
    bank = _build(path, raw)
    return resolve(bank) if resolve_data else bank


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, mtime_ns: int, size: int) -> Bank:
    raw = _read(Path(path))
    issues = schema_issues(Path(path).name, raw)
    if issues:
        raise BankError(issues)
    return _build(Path(path), raw)


@functools.cache
def _loader() -> type:
    """YAML's safe loader, refusing a key given twice in one mapping (YAML would silently
    keep the last: a second ``feedback:`` would hide the first)."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader where built

    class Strict(base):  # type: ignore[misc]  # a base chosen at run time
        def construct_mapping(self, node: Any, deep: bool = False) -> dict[str, Any]:
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} is given twice", key_node.start_mark
                    )
                seen.add(key)
            return cast(dict[str, Any], super().construct_mapping(node, deep=deep))

    return Strict


def _read(path: Path) -> Any:
    import yaml

    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        problem = getattr(error, "problem", None) or str(error)
        raise BankError([Issue(_shown(path)[0], None, where, f"YAML syntax: {problem}")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise BankError([Issue(_shown(path)[0], None, "(file)", str(error))]) from None


def _shown(path: Path) -> tuple[str, str]:
    """How a bank file is named in messages (``l3/quiz.yaml``) and the lesson it must hold."""
    if path.name == BANK_FILE:
        return f"{path.parent.name}/{path.name}", path.parent.name
    return path.name, path.stem


def _build(path: Path, raw: dict[str, Any]) -> Bank:
    shown, lesson = _shown(path)
    issues = semantic_issues(shown, raw, lesson)
    if issues:
        raise BankError(issues)
    questions = tuple(_question(q, raw["lesson"], shown) for q in raw["questions"])
    return Bank(raw["lesson"], raw["title"], questions, str(path))


def _ref(raw: dict[str, Any] | None) -> DataRef | None:
    return DataRef(**raw) if raw else None


def _question(q: dict[str, Any], lesson: str, file: str) -> Question:
    kind = q["type"]
    fields: dict[str, Any] = {
        key: q[key] for key in ("id", "type", "prompt", "source", "explanation", "level")
    }
    fields.update(lesson=lesson, file=file, answer=q.get("answer"))
    if kind in ("single", "multiple"):
        fields["choices"] = tuple(Choice(**c) for c in q["choices"])
        fields["shuffle"] = q.get("shuffle", True)
        if kind == "multiple":
            fields["answer"] = tuple(q["answer"])
    elif kind == "numeric":
        tolerance = q["tolerance"]
        fields.update(
            answer=float(q["answer"]) if "answer" in q else None,
            answer_from=_ref(q.get("answer_from")),
            tol_abs=float(tolerance.get("abs", 0)),
            tol_rel=float(tolerance.get("rel", 0)),
            unit=q.get("unit", ""),
            digits=q.get("digits"),
            vary=(
                (tuple(q["vary"]["countries"]), q["vary"]["prompt"], q["vary"]["explanation"])
                if "vary" in q
                else None
            ),
            wrong=tuple(
                Wrong(
                    feedback=w["feedback"],
                    value=w.get("value"),
                    value_from=_ref(w.get("value_from")),
                    times=w.get("times"),
                )
                for w in q.get("wrong", [])
            ),
        )
    elif kind == "text":
        fields["accept"] = tuple(q.get("accept", []))
        fields["wrong"] = tuple(
            Wrong(w["feedback"], answer=w["answer"]) for w in q.get("wrong", [])
        )
    elif kind == "ordering":
        fields["items"] = tuple(
            Item(i["id"], i["text"], feedback=i.get("feedback", "")) for i in q["items"]
        )
    else:
        fields["items"] = tuple(
            Item(p["id"], p["term"], p["match"], p.get("feedback", "")) for p in q["pairs"]
        )
        fields["distractors"] = tuple(q.get("distractors", []))
        fields["match_label"] = q.get("match_label", "meaning")
    return Question(**fields)


# ------------------------------------------------------------------ data references


@functools.cache
def _data_value(ref: DataRef) -> float:
    from course import data

    value = data.value(ref.indicator, ref.country, ref.year)
    if ref.since is not None:
        value -= data.value(ref.indicator, ref.country, ref.since)
    return value * ref.scale


def _lookup(q: Question, fld: str, ref: DataRef | None) -> float:
    if ref is None:
        raise BankError([Issue(q.file, q.id, fld, "is missing: no number and no data reference")])
    try:
        value = _data_value(ref)
    except ValueError as error:  # course.data.DataError
        raise BankError([Issue(q.file, q.id, fld, str(error))]) from None
    if math.isnan(value):
        message = f"course.data has no value for {ref.describe()}"
        raise BankError([Issue(q.file, q.id, fld, message)])
    return value


def resolve_question(q: Question) -> Question:
    """The question with every ``answer_from``/``value_from`` number read from ``course.data``."""
    if q.type != "numeric" or (q.answer is not None and all(w.value_from is None for w in q.wrong)):
        return q
    answer = q.answer if q.answer is not None else _lookup(q, "answer_from", q.answer_from)
    wrong = tuple(
        replace(w, value=_lookup(q, f"wrong[{i}].value_from", w.value_from), value_from=None)
        if w.value_from
        else w
        for i, w in enumerate(q.wrong)
    )
    raw_wrong = [{"times": w.times} if w.times is not None else {"value": w.value} for w in wrong]
    tolerance = {"abs": q.tol_abs, "rel": q.tol_rel}
    faults = wrong_overlaps(answer, tolerance, raw_wrong)
    if faults:
        raise BankError([Issue(q.file, q.id, fld, message) for fld, message in faults])
    return replace(q, answer=answer, wrong=wrong)


def resolve(bank: Bank) -> Bank:
    """The bank with all data references read (see :func:`resolve_question`)."""
    issues: list[Issue] = []
    questions = []
    for question in bank.questions:
        try:
            questions.append(resolve_question(question))
        except BankError as error:
            issues += error.issues
    if issues:
        raise BankError(issues)
    return replace(bank, questions=tuple(questions))
