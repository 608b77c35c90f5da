"""Comparisons for collections: a list or set of items, and a fixed record like (year, value).

Used for answers such as "the three countries with the highest R&D intensity" (a list
whose order matters) or ``data.latest(...)`` (a ``(year, value)`` pair).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from course.checks.compare import RIGHT, Comparison, Verdict, listing, same
from course.checks.describe import size


@dataclass(frozen=True)
class Items(Comparison):
    """A list (``ordered=True``: order matters) or a set of numbers or strings.

    Extra items are named; missing ones are only counted unless ``reveal_missing``.
    """

    ordered: bool = True
    rel: float = 1e-6
    key: Callable[[Any], Any] | None = None
    reveal_missing: bool = False

    @property
    def expects(self) -> str:  # type: ignore[override]
        """What kind of answer this wants."""
        return "a list (in the order the task asks)" if self.ordered else "a list or set"

    def compare(self, value: Any, expected: Any) -> Verdict:
        """Compare two collections item by item."""
        got = self._as_list(value)
        if isinstance(got, Verdict):
            return got
        want = [self._norm(item) for item in expected]
        if len(got) > 10 * len(want) + 100:
            return Verdict(False, f"Your list has {len(got):,} items; far fewer are expected.")
        given, got = got, [self._norm(item) for item in got]
        missing_at, extra_at = _difference(want, got, self.rel)
        missing = [list(expected)[i] for i in missing_at]
        extra = [given[i] for i in extra_at]
        problems = []
        if extra:
            problems.append(f"Not expected: {listing(extra)}.")
        if missing:
            named = f": {listing(missing)}" if self.reveal_missing else ""
            problems.append(
                f"{len(missing)} expected item{'s' * (len(missing) > 1)} missing{named}."
            )
        if problems:
            return Verdict(False, " ".join(problems))
        wrong = [
            i for i, (g, w) in enumerate(zip(got, want, strict=True)) if not same(g, w, self.rel)
        ]
        if self.ordered and wrong:
            first = wrong[0]
            return Verdict(
                False,
                f"The items are right but their order is not (first difference at position "
                f"{first}): sort them as the task asks.",
            )
        return RIGHT

    def _as_list(self, value: Any) -> list[Any] | Verdict:
        name = type(value).__name__
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
            example = [part[:20] for part in parts[:3]]  # never echo a long string whole
            return self.wrong_type(value, f"write a list in square brackets, e.g. {example!r}")
        if isinstance(value, (set, frozenset)) and self.ordered:
            return self.wrong_type(value, "a set has no order; give a list")
        if isinstance(value, dict) or name == "DataFrame":
            return self.wrong_type(value, "take one column or the keys out as a list")
        if isinstance(value, (list, tuple, set, frozenset)) or name in {
            "Series",
            "Index",
            "ndarray",
        }:
            if getattr(value, "ndim", 1) != 1:
                return self.wrong_type(value, "flatten it to one list")
            return list(value)
        return self.wrong_type(value)

    def _norm(self, item: Any) -> Any:
        if self.key is not None:
            try:
                return self.key(item)
            except Exception:
                pass
        return " ".join(item.split()).casefold() if isinstance(item, str) else item


def _difference(want: list[Any], got: list[Any], rel: float) -> tuple[list[int], list[int]]:
    """Positions of ``want`` items not in ``got``, and of ``got`` items not in ``want``
    (repeats count)."""
    unmatched = list(range(len(got)))
    missing = []
    for position, item in enumerate(want):
        index = next((i for i in unmatched if same(got[i], item, rel)), None)
        if index is None:
            missing.append(position)
        else:
            unmatched.remove(index)
    return missing, unmatched


class Record(Comparison):
    """A fixed tuple of named parts, each with its own comparison: ``(year, value)``."""

    def __init__(self, *fields: tuple[str, Comparison]) -> None:
        self.fields = fields
        kind = "a pair" if len(fields) == 2 else "a tuple"
        self.expects = f"{kind} ({', '.join(name for name, _ in fields)})"

    def __repr__(self) -> str:
        return f"Record{self.fields!r}"

    def compare(self, value: Any, expected: Any) -> Verdict:
        """Compare each part; name the parts that are wrong."""
        names = ", ".join(name for name, _ in self.fields)
        if not isinstance(value, (tuple, list)) and type(value).__name__ != "Series":
            for (name, rule), want in zip(self.fields, expected, strict=False):
                if rule.compare(value, want).correct:
                    return self.wrong_type(
                        value, f"that is the right {name}; now give both, as ({names})"
                    )
            return self.wrong_type(value)
        if size(value) != len(self.fields):
            return self.wrong_type(value, f"give exactly {len(self.fields)} items: ({names})")
        problems = []
        for (name, rule), got, want in zip(self.fields, list(value), expected, strict=False):
            verdict = rule.compare(got, want)
            if not verdict.correct:
                problems.append(f"The {name}: {verdict.detail}")
        return Verdict(not problems, " ".join(problems))
