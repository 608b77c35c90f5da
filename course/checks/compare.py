"""The comparison protocol, and comparisons for single values: numbers, years, text.

A comparison knows what kind of answer it expects and, when the answer is wrong,
says why in words a learner can act on. Lists and records live in
:mod:`course.checks.sequences`, tables in :mod:`course.checks.tables`, charts in
:mod:`course.checks.charts`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from course.checks.describe import describe, is_nan, preview, size
from course.feedback import NAN_ADVICE, explain_number


@dataclass(frozen=True)
class Verdict:
    """What a comparison found: right or not, and why not."""

    correct: bool
    detail: str = ""


RIGHT = Verdict(True)


class Comparison:
    """Base class: what an answer should be and how to tell a learner it isn't."""

    expects = "an answer"

    def compare(self, value: Any, expected: Any) -> Verdict:
        """Compare a learner's ``value`` with the ``expected`` one."""
        raise NotImplementedError

    def wrong_type(self, value: Any, advice: str = "") -> Verdict:
        """The standard 'you gave X; Y is expected' message."""
        tail = f": {advice}." if advice else "."
        return Verdict(False, f"You gave {describe(value)}; {self.expects} is expected{tail}")


def close(got: float, want: float, rel: float, abs_: float) -> bool:
    """``math.isclose`` that treats two NaNs as equal."""
    if is_nan(got) and is_nan(want):
        return True
    return math.isclose(got, want, rel_tol=rel, abs_tol=abs_)


def merge(problems: list[tuple[str, str]], one: str, many: str) -> list[str]:
    """Say each problem once for all the parts that share it.

    ``[("JPN", "NaN for 2016."), ("KOR", "NaN for 2016.")]`` with ``one="Column {}"``
    and ``many="Columns {}"`` gives ``["Columns JPN and KOR: NaN for 2016."]``.
    """
    groups: dict[str, list[str]] = {}
    for part, text in problems:
        groups.setdefault(text, []).append(part)
    return [
        f"{(one if len(parts) == 1 else many).format(' and '.join(parts))}: {text}"
        for text, parts in groups.items()
    ]


@dataclass(frozen=True)
class Number(Comparison):
    """A single number, right within ``rel`` (relative) or ``abs`` (absolute) tolerance."""

    rel: float = 1e-4
    abs: float = 0.0
    expects = "a number"

    def compare(self, value: Any, expected: Any) -> Verdict:
        """Compare one number with the expected one."""
        got = self.as_number(value, expected)
        if isinstance(got, Verdict):
            return got
        if close(got, float(expected), self.rel, self.abs) and not is_nan(got):
            return RIGHT
        return Verdict(False, explain_number(got, float(expected)))

    def as_number(self, value: Any, expected: Any) -> float | Verdict:
        """The learner's value as a float, or a Verdict saying why it isn't one."""
        if isinstance(value, bool):
            return self.wrong_type(value, "True and False answer yes/no questions")
        if is_nan(value):
            return Verdict(False, f"Your answer is not right yet: {NAN_ADVICE}")
        if isinstance(value, numbers.Real) or (
            isinstance(value, numbers.Number) and not isinstance(value, numbers.Complex)
        ):
            try:
                return float(cast(Any, value))
            except (OverflowError, ValueError, TypeError):
                return Verdict(False, f"Your answer ({preview(value)}) is far too large.")
        if isinstance(value, str):
            return self.wrong_type(value, _text_advice(value))
        if getattr(value, "shape", None) == () and hasattr(value, "item"):
            return self.as_number(value.item(), expected)
        return self._container(value, expected)

    def _container(self, value: Any, expected: Any) -> Verdict:
        count = size(value)
        name = type(value).__name__
        if count is None or name in {"dict", "set", "frozenset"} or isinstance(value, str):
            return self.wrong_type(value)
        if count == 1:
            how = {"Series": "`.iloc[0]` or `.item()`", "DataFrame": "`.iloc[0, 0]`"}
            return self.wrong_type(
                value, f"take the single value out with {how.get(name, '`[0]`')}"
            )
        if isinstance(value, (list, tuple)) and count <= 10:
            for position, item in enumerate(value):
                if same(item, expected, self.rel):
                    return self.wrong_type(
                        value,
                        f"item {position} is the right one, take it out with `[{position}]`",
                    )
        return self.wrong_type(value, "pick the one value the task asks for")


@dataclass(frozen=True)
class Year(Number):
    """A calendar year: a whole number, exactly right."""

    rel: float = 0.0
    expects = "a year (a whole number such as 1990)"

    def compare(self, value: Any, expected: Any) -> Verdict:
        """Compare a year with the expected one; say early or late."""
        got = self.as_number(value, expected)
        if isinstance(got, Verdict):
            return got
        if not math.isfinite(got) or got != int(got):
            return Verdict(False, f"{preview(value)} is not a whole year.")
        if int(got) == int(expected):
            return RIGHT
        side = "late" if got > expected else "early"
        return Verdict(False, f"{int(got)} is too {side}.")


def _text_advice(text: str) -> str:
    cleaned = text.strip().replace(",", "").rstrip("%").strip()
    try:
        float(cleaned)
    except ValueError:
        return "give the number itself, computed from the data"
    extra = " and the % sign" if text.strip().endswith("%") else ""
    extra += " and the commas" if "," in text else ""
    return f"remove the quotes{extra}"


@dataclass(frozen=True)
class Text(Comparison):
    """A string, compared after trimming spaces; case-insensitive unless ``case=True``.

    ``key`` normalises both sides first (e.g. a country name to its ISO3 code).
    """

    case: bool = False
    key: Callable[[str], Any] | None = None
    expects = "text (a string in quotes)"

    def compare(self, value: Any, expected: Any) -> Verdict:
        """Compare two strings."""
        if not isinstance(value, str):
            if isinstance(value, numbers.Number):
                return self.wrong_type(value, "put it in quotes if you mean it as text")
            if size(value) == 1 and isinstance(value, (list, tuple)):
                return self.wrong_type(value, "take the text out with `[0]`")
            return self.wrong_type(value)
        if self._norm(value) == self._norm(expected):
            return RIGHT
        if value.strip().casefold() == str(expected).strip().casefold():
            return Verdict(False, "Right words, but upper and lower case matter here.")
        if not value.strip():
            return Verdict(False, "Your text is empty.")
        return Verdict(False, f"{preview(value)} is not the answer.")

    def _norm(self, text: str) -> Any:
        text = " ".join(str(text).split())
        if self.key is not None:
            try:
                return self.key(text)
            except Exception:
                pass
        return text if self.case else text.casefold()


def same(a: Any, b: Any, rel: float) -> bool:
    """Two items are the same: numbers within tolerance, anything else by ``==``."""
    try:
        if isinstance(a, numbers.Real) and isinstance(b, numbers.Real):
            if isinstance(a, bool) or isinstance(b, bool):
                return a is b
            return close(float(a), float(b), rel, 0.0)
        if isinstance(a, numbers.Real) or isinstance(b, numbers.Real):
            return False
        return bool(a == b)
    except Exception:
        return False


def listing(items: list[Any], limit: int = 5) -> str:
    """A few items for a message: ``2024, 2025 and 3 more``."""
    shown = ", ".join(preview(item, 30) for item in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
