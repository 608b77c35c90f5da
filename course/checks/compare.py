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
from typing import Any

from course.checks.describe import describe, is_nan, preview, size

NAN_ADVICE = (
    "it is NaN (not a number), which usually means a year with no data. "
    "Drop missing values with `.dropna()` or choose a year that has data."
)

_EITHER = ", or the other way round?"
_FACTORS = (
    (
        100,
        "100",
        f"a percentage where a share or ratio is expected{_EITHER} (percent = share × 100)",
    ),
    (1e3, "1,000", f"thousands where units are expected{_EITHER} Check the unit"),
    (1e6, "a million", f"millions where units are expected{_EITHER} The data is in plain units"),
    (1e9, "a billion", f"billions where units are expected{_EITHER} The data is in plain units"),
)
"""Common scale slips: the factor, how to say it, and what probably happened."""


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


def fmt(number: float) -> str:
    """A number as a learner would write it: ``3.441``, ``5,608``, ``2.7e+10``."""
    if not math.isfinite(number):
        return str(number)
    if number != 0 and (abs(number) >= 1e7 or abs(number) < 1e-3):
        return f"{number:.3g}"
    return f"{number:,.4g}" if abs(number) < 1000 else f"{number:,.0f}"


def close(got: float, want: float, rel: float, abs_: float) -> bool:
    """``math.isclose`` that treats two NaNs as equal."""
    if is_nan(got) and is_nan(want):
        return True
    return math.isclose(got, want, rel_tol=rel, abs_tol=abs_)


def scale_hint(ratio: float) -> str | None:
    """Why an answer might be ``ratio`` times the expected one (100, 1,000, 1e6, 1e9, -1, …).

    A phrase to follow a subject and a colon: ``"Your answer: " + scale_hint(100)``.
    """
    if not math.isfinite(ratio) or ratio == 0:
        return None
    if math.isclose(ratio, -1, rel_tol=0.01):
        return "right size, wrong sign. Check the order of a subtraction."
    for factor, said, why in _FACTORS:
        for times, word in ((factor, "large"), (1 / factor, "small")):
            if math.isclose(abs(ratio), times, rel_tol=0.02):
                return f"about {said} times too {word}. Did you give {why}."
    return None


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


def explain_number(got: float, want: float) -> str:
    """Why ``got`` is not ``want``, without giving ``want`` away."""
    if is_nan(got):
        return f"Your answer is not right yet: {NAN_ADVICE}"
    if math.isinf(got):
        return "Your answer is infinite: probably a division by zero (a zero or missing value)."
    hint = scale_hint(got / want) if want else None
    if hint:
        return f"Your answer: {hint}"
    if want and abs(want) != 1 and math.isclose(got * want, 1, rel_tol=1e-3):
        return "Your answer is the reciprocal (1 ÷ the answer): did you divide the wrong way round?"
    if want and math.isclose(got, want, rel_tol=0.02):
        return f"{fmt(got)} is close but not close enough: don't round, and check the year."
    side = "high" if got > want else "low"
    return f"{fmt(got)} is not right: it is too {side}{how_far(got, want)}."


def order_of(number: float) -> str:
    """The size of a number in words, without its digits: ``"in the thousands"``."""
    size = abs(number)
    for limit, words in _ORDERS:
        if size < limit:
            return words
    return "in the trillions or more"


_ORDERS = (
    (1, "below 1"),
    (10, "between 1 and 10"),
    (100, "in the tens"),
    (1e3, "in the hundreds"),
    (1e6, "in the thousands"),
    (1e9, "in the millions"),
    (1e12, "in the billions"),
)


def how_far(got: float, want: float) -> str:
    """How far ``got`` is from ``want``, as a phrase after "too high" (never the answer)."""
    if not want or not math.isfinite(got):
        return ""
    if got == 0 or got / want < 0:
        sign = "negative" if want < 0 else "positive"
        return f" (the answer is {sign}{',' if got else ' and'} {order_of(want)})"
    ratio = got / want
    if ratio >= 1.5 or ratio <= 2 / 3:
        times = ratio if ratio > 1 else 1 / ratio
        word = "larger" if ratio > 1 else "smaller"
        unit = ": check the unit" if times >= 20 else ""
        size = "more than 1,000" if times >= 1000 else f"about {times:,.{1 if times < 10 else 0}f}"
        return f", {size} times {word} than the answer, which is {order_of(want)}{unit}"
    return f", by about {abs(ratio - 1):.0%}"


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
                return float(value)
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


def listing(items: list, limit: int = 5) -> str:
    """A few items for a message: ``2024, 2025 and 3 more``."""
    shown = ", ".join(preview(item, 30) for item in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
