"""Reading what a learner typed: numbers ("3.44 %", "3,441", "３.４") and forgiving text keys.

Used by :mod:`course.quiz.grading`; pure functions, no imports beyond the standard library.
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
import unicodedata
from typing import Any, NamedTuple

_MINUSES = dict.fromkeys(map(ord, "−–—‒﹣－"), "-")
_PERCENT_WORDS = re.compile(r"%|\bper\s*cent\b|\bpercent\b|\bpct\b")
_THOUSANDS_COMMA = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_THOUSANDS_SPACE = re.compile(r"[+-]?\d{1,3}( \d{3})+(\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_ARTICLES = ("the", "a", "an")


class Parsed(NamedTuple):
    """A number read from an answer: ``value``, or ``problem`` saying why there is none.

    ``comma_decimal`` is the other reading of an ambiguous "3,441" (3.441), so the
    grader can ask "did you mean…?" when only that reading is right.
    """

    value: float | None
    problem: str | None = None
    comma_decimal: float | None = None


def _finite(value: float, shown: str) -> Parsed:
    if math.isnan(value):
        return Parsed(None, f"Not a number that can be checked ({shown!r}); type digits.")
    if math.isinf(value):
        return Parsed(None, "That number is too large to check; type the value itself.")
    return Parsed(value)


def parse_number(raw: Any, unit: str = "") -> Parsed:
    """Read a number from a learner's answer; never raises.

    Accepts ints and floats, and strings with a unit or % sign ("3.44 %"), thousands
    separators ("3,441", "3 441"), full-width digits and a Unicode minus.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Parsed(None, "No answer yet: type a number in the box.")
    if isinstance(raw, bool):
        return Parsed(None, "Type a number, not True or False.")
    if isinstance(raw, (numbers.Real, decimal.Decimal)):
        try:
            return _finite(float(raw), str(raw))
        except (OverflowError, ValueError, TypeError):
            return Parsed(None, "That number is too large to check; type the value itself.")
    if not isinstance(raw, str):
        return Parsed(None, "Type one number, for example 3.14.")
    text = unicodedata.normalize("NFKC", raw).translate(_MINUSES).strip().lower()
    text = _strip_unit(text, unit)
    if _THOUSANDS_SPACE.fullmatch(text):
        text = text.replace(" ", "")
    comma_decimal = None
    if _THOUSANDS_COMMA.fullmatch(text):
        if text.count(",") == 1 and "." not in text:
            comma_decimal = float(text.replace(",", "."))
        text = text.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(text):
        point = text.replace(",", ".")
        return Parsed(None, f"Use a point for decimals: write {point}, not {text}.")
    if len(text) > 60 or not re.fullmatch(r"[+-]?(\d[\d_]*)?(\.\d*)?(e[+-]?\d+)?", text):
        return Parsed(None, f"That doesn't look like a number ({raw.strip()[:40]!r}); type digits.")
    try:
        value = float(text)
    except ValueError:
        return Parsed(None, f"That doesn't look like a number ({raw.strip()[:40]!r}); type digits.")
    parsed = _finite(value, raw)
    return parsed._replace(comma_decimal=comma_decimal) if parsed.value is not None else parsed


def _strip_unit(text: str, unit: str) -> str:
    """Drop the question's unit, its words and percent signs from a typed answer."""
    unit = unicodedata.normalize("NFKC", unit).lower().strip()
    if unit and unit in text:
        text = text.replace(unit, " ")
    for word in unit.split():
        if len(word) > 1 or not word.isalnum():
            text = re.sub(rf"(?<![a-z]){re.escape(word)}(?![a-z])", " ", text)
    return " ".join(_PERCENT_WORDS.sub(" ", text).split())


def format_number(value: float, digits: int | None = None) -> str:
    """Show a number as a person would write it: ``3.44``, ``5,609``, ``0.0344``."""
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1e15 or (value and abs(value) < 1e-6):
        return f"{value:.3g}"
    if digits is None:
        magnitude = math.floor(math.log10(abs(value))) if value else 0
        digits = max(0, 2 - magnitude)
    return f"{value:,.{digits}f}"


_ASCII_GAPS = {i: " " for i in range(128) if unicodedata.category(chr(i))[0] in "PZC"}
"""ASCII punctuation, separators and controls: what ``text_key`` turns into spaces."""


def text_key(text: str) -> str:
    """A forgiving key for text answers: case, spaces, punctuation and accents removed.

    Accents are dropped from Latin letters only ("Tōkyō" → "tokyo"); Japanese kana keep
    their voicing marks, which change the word. A leading "the"/"a"/"an" is ignored.
    """
    if text.isascii():  # the common case, without Unicode normalisation (bank loading)
        words = text.casefold().translate(_ASCII_GAPS).split()
        if len(words) > 1 and words[0] in _ARTICLES:
            words = words[1:]
        return "".join(words)
    text = unicodedata.normalize("NFKC", text)
    kept: list[str] = []
    latin = False
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if latin:
                continue
        else:
            latin = char < "\u0250"
        kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept)).casefold()
    words = "".join(" " if unicodedata.category(c)[0] in "PZC" else c for c in text).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return "".join(words)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, cut off at ``limit`` (enough to say "nearly right")."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) >= limit:
            return limit
        previous = current
    return min(previous[-1], limit)
