"""Safe, short descriptions of whatever a learner passes to a checker.

Every function here must work on any object: huge numbers, recursive lists,
generators, and objects whose ``__repr__``, ``__len__`` or ``__eq__`` raise.
Used by every comparison in :mod:`course.checks`.
"""

from __future__ import annotations

import inspect
import math
import numbers
import reprlib
from typing import Any

_REPR = reprlib.Repr()
_REPR.maxstring = 40
_REPR.maxother = 40
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = 4
_REPR.maxdict = 3
_REPR.maxlevel = 2
_BIG_INT = 10**30


def preview(value: Any, width: int = 60) -> str:
    """A short, never-failing repr of ``value``."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _BIG_INT:
        return f"a {digits(value):,}-digit number"
    try:
        text = _REPR.repr(value)
    except Exception:
        return f"<{type_name(value)} that cannot be shown>"
    return text if len(text) <= width else text[: width - 1] + "…"


def digits(number: int) -> int:
    """Decimal digits of a (possibly huge) int, without converting it to text."""
    return max(1, int(abs(number).bit_length() * math.log10(2)) + 1)


def type_name(value: Any) -> str:
    """``str``, ``pandas DataFrame``, ``NumPy float64``, ``matplotlib Figure``…"""
    kind = type(value)
    module = getattr(kind, "__module__", "") or ""
    library = {"pandas": "pandas", "numpy": "NumPy", "matplotlib": "matplotlib"}
    prefix = library.get(module.split(".")[0])
    return f"{prefix} {kind.__name__}" if prefix else kind.__name__


def article(phrase: str) -> str:
    """``a`` or ``an`` before ``phrase``."""
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


def size(value: Any) -> int | None:
    """``len(value)``, or None when it has none or asking fails."""
    try:
        return len(value)
    except Exception:
        return None


def describe(value: Any) -> str:
    """What the learner gave, in words: ``a str ('3.4')``, ``a list of 3 items ([1, 2, 3])``."""
    try:
        return _describe(value)
    except Exception:
        return article(type_name(value))


def _describe(value: Any) -> str:
    name = type_name(value)
    if value is None:
        return "None"
    if value is Ellipsis:
        return "the placeholder `...`"
    if inspect.isfunction(value) or inspect.ismethod(value) or inspect.isbuiltin(value):
        label = getattr(value, "__name__", "function")
        return f"the function `{label}` itself (call it with brackets, `{label}(...)`)"
    if inspect.ismodule(value):
        return f"the module `{value.__name__}`"
    if inspect.isgenerator(value) or name in {"map", "filter", "zip", "range_iterator"}:
        return f"{article(name)} (not yet a list: wrap it in `list(...)`)"
    shape: Any = getattr(value, "shape", None) if name.startswith(("pandas", "NumPy")) else None
    if name == "pandas DataFrame":
        return f"a pandas DataFrame ({shape[0]} rows × {shape[1]} columns)"
    if name == "pandas Series":
        return f"a pandas Series of {shape[0]} value{'s' * (shape[0] != 1)}"
    if isinstance(value, (str, numbers.Number)) or name.startswith("NumPy"):
        return f"{article(name)} ({preview(value)})"
    count = size(value)
    if count is not None and isinstance(value, (list, tuple, set, frozenset, dict)):
        unit = "key" if isinstance(value, dict) else "item"
        return f"{article(name)} of {count:,} {unit}{'s' * (count != 1)} ({preview(value)})"
    return article(name)


def is_nan(value: Any) -> bool:
    """True for float NaN, ``pd.NA`` and ``pd.NaT``; never raises."""
    if type(value).__name__ in {"NAType", "NaTType"}:
        return True
    try:
        return isinstance(value, numbers.Real) and not isinstance(value, bool) and value != value
    except Exception:
        return False


def is_placeholder(value: Any) -> bool:
    """True when the answer is still ``...`` (or a short tuple/list holding ``...``)."""
    if value is Ellipsis:
        return True
    if isinstance(value, (tuple, list)) and size(value) is not None and len(value) <= 20:
        return any(item is Ellipsis for item in value)
    return False
