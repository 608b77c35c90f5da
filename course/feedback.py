"""The one feedback core: every verdict the course gives, in one voice.

The quiz, the exercise checks, the capstone's self-check and the grader's feedback all say
what they found through this module:

- :data:`TONES`: each kind of verdict's symbol, word and colour. A message starts with the
  symbol and the word (``"✗ Not yet — …"``), so it never relies on colour alone.
- :func:`message` and :func:`to_html`: the message as text and as a small HTML block
  (Markdown rendered with raw HTML escaped, lines kept apart, MathJax kept off so a
  ``US$ 5 … US$ 6`` stays text).
- :func:`explain_number`: why a number is not the expected one, without giving it away.
- :func:`record_attempt`: save an attempt in the learner's progress file; a failure there
  is a warning, never a broken check or quiz.

Imports nothing that loads pandas, matplotlib or a widget.
"""

from __future__ import annotations

import html
import math
import re
import warnings
from functools import cache
from typing import Any

TONES = {
    "correct": ("✓", "Correct", "#1a7f37"),
    "wrong": ("✗", "Not yet", "#b42318"),
    "shown": ("✗", "Answer shown", "#b42318"),
    "unsure": ("?", "Not checked", "#9a6700"),
    "unattempted": ("…", "Not attempted yet", "#57606a"),
    "error": ("⚠", "Couldn't check", "#9a6700"),
    "hint": ("💡", "Hint", "#0969da"),
    "solution": ("🔑", "Solution", "#6639ba"),
}
"""Symbol, word and colour of each kind of message (the word never relies on colour)."""

NO_MATHS = "tex2jax_ignore mathjax_ignore"
"""Classes that keep JupyterLab's MathJax off a block: a "US$ 5 … US$ 6" stays text."""

_BLOCK_P = re.compile(r"<p>(.*?)</p>\s*", re.S)
_CODE = re.compile(r"`([^`\n]+)`")


def message(kind: str, detail: str) -> str:
    """A verdict as text: ``"✓ Correct — 3.4 % is right."``; a detail that starts with a
    newline goes under the verdict (``"✓ Correct\n<explanation>"``)."""
    symbol, word, _ = TONES[kind]
    return f"{symbol} {word}{_dash(detail)}{detail}"


def split(text: str) -> tuple[str, str]:
    """A message back into its kind and detail (``message`` undone); text that is not a
    verdict (an old or foreign message) is an ``error`` with the whole text as detail."""
    for kind, (symbol, word, _) in TONES.items():
        head = f"{symbol} {word}"
        rest = text[len(head) :] if text.startswith(head) else None
        if rest is not None and (not rest or rest.startswith((" — ", "\n"))):
            return kind, rest.removeprefix(" — ")
    return "error", text


def _dash(detail: str) -> str:
    return " — " if detail and not detail.startswith("\n") else ""


@cache
def _markdown() -> Any:
    try:
        import mistune
    except ImportError:  # mistune ships with Jupyter (nbconvert); escaped text if it is absent
        return None
    return mistune.create_markdown(escape=True, plugins=["strikethrough"])


def markdown_html(text: str, *, inline: bool = False) -> str:
    """Markdown to HTML with raw HTML escaped; ``inline`` drops paragraph tags.

    Paragraphs become ``<span class="course-para">`` so a quiz prompt can sit in a
    ``<legend>``, which allows phrasing content only.
    """
    render = _markdown()
    if render is None:
        return _CODE.sub(r"<code>\1</code>", html.escape(text))
    out = str(render(text)).strip()
    if inline:
        return _BLOCK_P.sub(lambda m: m.group(1) + " ", out).strip()
    return _BLOCK_P.sub(lambda m: f'<span class="course-para">{m.group(1)}</span>', out)


def to_html(kind: str, detail: str, code: str = "") -> str:
    """A verdict as a small HTML block: symbol and word first, then the detail (Markdown,
    escaped, each line kept), then ``code`` as a block if given."""
    symbol, word, colour = TONES[kind]
    body = "<br>".join(markdown_html(line, inline=True) for line in detail.split("\n"))
    block = f"<pre><code>{html.escape(code)}</code></pre>" if code else ""
    dash = _dash(detail)
    return (
        f'<div class="course-verdict course-verdict-{kind} {NO_MATHS}" '
        f'style="border-left:4px solid {colour};padding:0.2em 0.7em;margin:0.3em 0">'
        f'<strong style="color:{colour}">{symbol} {word}</strong>{dash}{body}{block}</div>'
    )


# ------------------------------------------------------------------ numbers and lists


def and_list(words: list[str]) -> str:
    """Words as a sentence lists them: ``"A"``, ``"A and B"``, ``"A, B and C"``."""
    words = [str(w) for w in words]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def fmt(number: float) -> str:
    """A number as a learner would write it: ``3.441``, ``5,608``, ``2.7e+10``."""
    if not math.isfinite(number):
        return str(number)
    if number != 0 and (abs(number) >= 1e7 or abs(number) < 1e-3):
        return f"{number:.3g}"
    return f"{number:,.4g}" if abs(number) < 1000 else f"{number:,.0f}"


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


def explain_number(got: float, want: float, *, close: bool | None = None) -> str:
    """Why ``got`` is not ``want``, without giving ``want`` away. ``close`` says whether
    ``got`` is near enough to blame rounding (default: within 2 %)."""
    if got != got:
        return f"Your answer is not right yet: {NAN_ADVICE}"
    if math.isinf(got):
        return "Your answer is infinite: probably a division by zero (a zero or missing value)."
    hint = scale_hint(got / want) if want else None
    if hint:
        return f"Your answer: {hint}"
    if want and abs(want) != 1 and math.isclose(got * want, 1, rel_tol=1e-3):
        return "Your answer is the reciprocal (1 ÷ the answer): did you divide the wrong way round?"
    if close is None:
        close = bool(want) and math.isclose(got, want, rel_tol=0.02)
    if close:
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


# ------------------------------------------------------------------ recording


def record_attempt(
    lesson: str, item: str, *, correct: bool, kind: str, answer: str | None = None
) -> None:
    """Save an attempt in the learner's progress file. A failure there (a full disk, a
    read-only home) is a warning saying progress was not saved, never a broken check."""
    try:
        from course import progress

        progress.record(lesson, item, correct=correct, kind=kind, answer=answer)
    except Exception as error:
        warnings.warn(f"Progress not saved: {error}", RuntimeWarning, stacklevel=3)
