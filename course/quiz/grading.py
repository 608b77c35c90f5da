"""Grading: ``grade(question, answer) -> Feedback`` for every question type; pure, never raises.

Answers are given in the bank's own terms (choice ids, item ids, meaning texts, a
number or a string); the widget turns its opaque tokens back into these before calling.
Used by :mod:`course.quiz.session` and directly in tests.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from course.feedback import explain_number

from .model import Feedback, Question
from .normalize import edit_distance, format_number, parse_number, text_key


def _join(parts: tuple[str, ...]) -> str:
    """Sentences of a verdict's detail; a part starting with a newline starts a new line."""
    text = ""
    for part in filter(None, parts):
        text += part if part.startswith("\n") or not text else f" {part}"
    return text


def _ok(*parts: str) -> Feedback:
    return Feedback(True, "correct", _join(parts))


def _no(*parts: str) -> Feedback:
    return Feedback(False, "wrong", _join(parts))


def _explain(q: Question) -> str:
    return f"\n{q.explanation}"


def _echo(x: float) -> str:
    """The learner's number as typed: ``3.4``, ``344``, ``0.0344``, ``54,500,000,000``."""
    if abs(x) >= 1e15 or (x and abs(x) < 1e-9):
        return f"{x:.6g}"
    return f"{x:,.9f}".rstrip("0").rstrip(".")


def _ask(text: str) -> Feedback:
    return Feedback(False, "unsure", text)


def _quote(text: str) -> str:
    """Quote an option's text for plain-text feedback, without Markdown's code and bold marks."""
    return "“" + text.replace("`", "").replace("**", "") + "”"


def _ids(answer: Any) -> list[str] | None:
    """A list of ids from a list, tuple or set of strings; ``None`` for anything else."""
    if isinstance(answer, (list, tuple, set, frozenset)) and all(
        isinstance(a, str) for a in answer
    ):
        return list(answer)
    return None


# ------------------------------------------------------------------ per type


def _single(q: Question, answer: Any) -> Feedback:
    if isinstance(answer, (list, tuple)) and len(answer) == 1:
        answer = answer[0]
    if answer is None or answer == "" or answer == []:
        return _ask("No answer yet: choose one of the options.")
    if not isinstance(answer, str):
        return _ask("Choose exactly one of the options.")
    choice = q.choice(answer)
    if choice is None:
        return _ask("That is not one of the options; choose one from the list.")
    if choice.id == q.answer:
        return _ok(choice.feedback, _explain(q))
    return _no(choice.feedback, "Try again.")


def _multiple(q: Question, answer: Any) -> Feedback:
    chosen = [answer] if isinstance(answer, str) and answer else _ids(answer)
    if chosen is None and answer not in (None, ""):
        return _ask("Tick the options that apply (a list of choices).")
    if not chosen:
        return _ask("No answer yet: tick every option that applies.")
    if any(q.choice(c) is None for c in chosen):
        return _ask("One of your ticks is not among the options; tick from the list.")
    right = set(q.answer)
    notes = []
    for choice in q.choices:
        if choice.id in chosen:
            verdict = "right to tick" if choice.id in right else "should not be ticked"
            notes.append(f"\n• {_quote(choice.text)} ({verdict}) {choice.feedback}")
    if set(chosen) == right:
        return _ok(f"You ticked all {len(right)} that apply.", *notes, _explain(q))
    hits = len(right & set(chosen))
    missed = len(right - set(chosen))
    ticks = len(set(chosen))
    if ticks == 1:
        summary = f"Your tick is {'right' if hits else 'wrong'}"
    else:
        summary = f"{hits} of your {ticks} ticks {'is' if hits == 1 else 'are'} right"
    summary += (
        f", and {missed} more option{'s' if missed > 1 else ''} appl{'y' if missed > 1 else 'ies'}."
        if missed
        else "."
    )
    return _no(summary, *notes)


def _close(x: float, target: float, q: Question, factor: float = 1.0) -> bool:
    allowed = max(q.tol_abs * factor, q.tol_rel * abs(target)) * (1 + 1e-9)  # float slack
    return abs(x - target) <= allowed or math.isclose(x, target, rel_tol=1e-12)


def _numeric(q: Question, answer: Any) -> Feedback:
    if q.answer is None:
        from .bank import resolve_question

        q = resolve_question(q)
    parsed = parse_number(answer, q.unit)
    if parsed.value is None:
        return _ask(parsed.problem or "Type a number.")
    x, right = parsed.value, float(q.answer)
    unit = f" {q.unit}" if q.unit else ""
    shown = _echo(x)
    if _close(x, right, q):
        return _ok(f"{shown}{unit} is right.", _explain(q))
    alt = parsed.comma_decimal
    if alt is not None and _close(alt, right, q):
        return _ask(f"Did you mean {alt:g}? Use a point for decimals: a comma separates thousands.")
    for wrong in q.wrong:
        target = right * wrong.times if wrong.times is not None else wrong.value
        factor = abs(wrong.times) if wrong.times is not None else 1.0
        if target is not None and _close(x, target, q, factor):
            return _no(wrong.feedback, "Try again.")
    near = abs(x - right) <= 10 * max(q.tol_abs, q.tol_rel * abs(right), 1e-12)
    why = explain_number(x, right, close=near)
    return _no(why, "Try again.")


def _text(q: Question, answer: Any) -> Feedback:
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        answer = str(answer)
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return _ask("No answer yet: type your answer in the box.")
    if not isinstance(answer, str):
        return _ask("Type your answer as a few words of text.")
    if len(answer) > 300:
        return _ask("That is very long: the answer is a few words.")
    key = text_key(answer)
    if not key:
        return _ask("Type a word or a name, not only punctuation.")
    accepted = {text_key(a) for a in (q.answer, *q.accept)}
    if key in accepted:
        return _ok(_explain(q))
    for wrong in q.wrong:
        if key == text_key(wrong.answer or ""):
            return _no(wrong.feedback, "Try again.")
    if any(len(k) >= 5 and edit_distance(key, k) <= 2 for k in accepted):
        return _no("You are close: check the spelling.")
    return _no("That is not the answer this question looks for. Try again.")


def _ordering(q: Question, answer: Any) -> Feedback:
    order = _ids(answer) if not isinstance(answer, (set, frozenset)) else None
    if answer is None or answer == [] or answer == ():
        return _ask("No answer yet: put the items in order.")
    right = [item.id for item in q.items]
    if order is None or sorted(order) != sorted(right):
        return _ask("Use each item exactly once, in the order you think is right.")
    wrong = [str(n) for n, (a, b) in enumerate(zip(order, right, strict=True), 1) if a != b]
    if not wrong:
        return _ok(_explain(q))
    places = ", ".join(wrong[:-1]) + f" and {wrong[-1]}" if len(wrong) > 1 else wrong[0]
    noun = "Positions" if len(wrong) > 1 else "Position"
    misplaced = [q.item(order[int(n) - 1]) for n in wrong]
    why = tuple(f"\n– {_quote(i.text)}: {i.feedback}" for i in misplaced if i and i.feedback)
    return _no(
        f"{noun} {places} (counting from the top) {'are' if len(wrong) > 1 else 'is'} wrong;",
        f"in the right place: {len(right) - len(wrong)} of {len(right)}.",
        *(("\nThink again about:", *why) if why else ()),
    )


def _matching(q: Question, answer: Any) -> Feedback:
    label = q.match_label
    if answer is None or (isinstance(answer, dict) and not answer):
        return _ask(f"No answer yet: choose a {label} for each term.")
    if not isinstance(answer, dict) or not all(isinstance(k, str) for k in answer):
        return _ask(f"Choose a {label} for each term.")
    options = {text_key(t): t for t in (*(p.match for p in q.items), *q.distractors)}
    chosen = {}
    for pair in q.items:
        value = answer.get(pair.id)
        if isinstance(value, str) and text_key(value) in options:
            chosen[pair.id] = options[text_key(value)]
    missing = len(q.items) - len(chosen)
    if missing:
        return _ask(f"Choose a {label} for every term: {missing} still without one.")
    wrong = [p for p in q.items if text_key(chosen[p.id]) != text_key(p.match)]
    if not wrong:
        return _ok(_explain(q))
    notes = [
        f"\n• {_quote(p.text)} does not go with {_quote(chosen[p.id])}."
        + (f" {p.feedback}" if p.feedback else "")
        for p in wrong
    ]
    good = len(q.items) - len(wrong)
    return _no(f"{good} of {len(q.items)} pairs {'is' if good == 1 else 'are'} right.", *notes)


GRADERS: dict[str, Callable[[Question, Any], Feedback]] = {
    "single": _single,
    "multiple": _multiple,
    "numeric": _numeric,
    "text": _text,
    "ordering": _ordering,
    "matching": _matching,
}


def grade(question: Question, answer: Any) -> Feedback:
    """Judge ``answer`` to ``question``; a bad or empty answer gives a "?" feedback, never an error.

    Answers: single, a choice id; multiple, a list of choice ids; numeric, a number or
    a string such as "3.44 %"; text, a string; ordering, the item ids in order; matching,
    a dict from each pair's id to the meaning (text) chosen for it.
    """
    try:
        return GRADERS[question.type](question, answer)
    except Exception:  # an answer of an unexpected kind (or a grader bug) never raises
        kind = type(answer).__module__.split(".")[0] + " " + type(answer).__name__
        kind = kind.removeprefix("builtins ")
        expected = EXPECTED.get(question.type, "please tell your instructor")
        return _ask(f"This answer (a {kind}) could not be checked: {expected}.")


EXPECTED = {
    "single": "this question expects one choice, given by its id as a string",
    "multiple": "this question expects a list of the ids of the choices that apply",
    "numeric": "this question expects a number, such as 3.44 (or a string like '3.44 %')",
    "text": "this question expects a short text, as a string",
    "ordering": "this question expects a list of the item ids, in order",
    "matching": "this question expects a dict from each term's id to the meaning you chose",
}
"""What each type of question takes as an answer, said when an answer is of another kind."""


def answer_text(q: Question) -> str:
    """The right answer in words, for "Show answer" (never sent before an attempt)."""
    if q.type == "single":
        choice = q.choice(q.answer)
        return f"The answer: {_quote(choice.text if choice else q.answer)}"
    if q.type == "multiple":
        texts = [_quote(c.text) for c in q.choices if c.id in q.answer]
        return f"The options that apply: {' '.join(texts)}"
    if q.type == "numeric":
        if q.answer is None:
            from .bank import resolve_question

            q = resolve_question(q)
        unit = f" {q.unit}" if q.unit else ""
        return f"The answer: {format_number(float(q.answer), q.digits)}{unit}."
    if q.type == "text":
        return f"The answer: {_quote(q.answer)}"
    if q.type == "ordering":
        steps = " → ".join(f"({n}) {item.text}" for n, item in enumerate(q.items, 1))
        return f"The right order: {steps}"
    pairs = " ".join(f"{_quote(p.text)} = {_quote(p.match)}." for p in q.items)
    return f"The pairs: {pairs}"
