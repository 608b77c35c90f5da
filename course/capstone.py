"""Lesson 8's capstone: a self-check for a short policy brief, and a worked example.

``self_check(brief)`` reads the learner's brief (plain text or Markdown) and lists, with
✓/✗ and a word each, what a good brief has: the six section headings, a length of
250–700 words, a citation of one of the course's articles ([000]–[004]), a number tied
to a year, a named data source, and a counter-argument that cites an article. It never
raises, and records the attempt in the learner's progress as ``l8.brief``.
``example_brief()`` is a complete brief whose numbers are computed from the data.
Used by lesson 8 (``notebooks/08_capstone.ipynb``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

SECTIONS = {
    "Question": r"questions?",
    "Claim": r"claims?",
    "Evidence": r"evidence",
    "Counter-argument": r"counter[- ]?arguments?",
    "Recommendation": r"recommendations?",
    "Sources": r"sources?|references",
}
"""Each section's heading as shown, and the pattern that finds it (any case)."""

WORDS = (250, 700)
"""The length a brief should have, in words (headings not counted)."""

CITATION = re.compile(r"\[\s*00[0-4]\b[^\]\n]*\]")
YEAR = re.compile(r"(?<!\d)(?<!\d[.,])(?:19[5-9]\d|20[0-4]\d)(?!\d|[.,]\d)")
NUMBER = re.compile(r"(?<![\w.])[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\w)")
SOURCE = re.compile(
    r"world bank|world development indicators|\bwdi\b|\boecd\b|\bunesco\b|\bimf\b|\bwipo\b"
    r"|e-stat|statistics bureau|\bnistep\b|un comtrade|data\.citation"
    r"|\b[A-Z]{2}\.[A-Z]{3}(?:\.[A-Z0-9]+)+\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[^\W_][\w'’-]*")

_HEADING = r"^[ \t]*(?:#{{1,6}}[ \t]*)?(?:\*\*|__)?[ \t]*(?:{name})[ \t]*(?:\*\*|__)?[ \t]*(?::|$)"
PROGRESS = ("l8", "brief")
"""Lesson and item under which a self-check is recorded."""


@dataclass(frozen=True)
class Line:
    """One line of the checklist: met or not, what is checked, and what was found."""

    ok: bool
    label: str
    detail: str


@dataclass
class Checklist:
    """The self-check's answer: a list of lines, or one message when there is nothing to check.

    Shows as HTML in a notebook (symbol and word, never colour alone) and as text in a console.
    """

    lines: list[Line] = field(default_factory=list)
    message: str = ""

    @property
    def all_ok(self) -> bool:
        """True when every line is met (False for a message: nothing was checked)."""
        return bool(self.lines) and all(line.ok for line in self.lines)

    @property
    def missing(self) -> list[str]:
        """The labels of the lines not met yet."""
        return [line.label for line in self.lines if not line.ok]

    def summary(self) -> str:
        """One sentence: how many lines are met."""
        if not self.lines:
            return self.message
        met = sum(line.ok for line in self.lines)
        if self.all_ok:
            return f"✓ All {met} checks met. Now read it once more as your reader would."
        return f"{met} of {len(self.lines)} checks met; the ✗ lines say what to add."

    def __repr__(self) -> str:
        rows = [self.summary()]
        for line in self.lines:
            mark = "✓ Yes    " if line.ok else "✗ Not yet"
            rows.append(f"{mark}  {line.label}: {line.detail}")
        return "\n".join(rows)

    def _repr_html_(self) -> str:
        if not self.lines:
            return (
                '<div class="course-brief-check" style="border-left:4px solid #57606a;'
                f'padding:0.2em 0.7em"><strong>…</strong> {html.escape(self.message)}</div>'
            )
        items = []
        for line in self.lines:
            symbol, word, colour = (
                ("✓", "Yes", "#1a7f37") if line.ok else ("✗", "Not yet", "#b42318")
            )
            items.append(
                f'<li style="margin:0.15em 0"><strong style="color:{colour}">{symbol} {word}'
                f"</strong> · <strong>{html.escape(line.label)}</strong>: "
                f"{html.escape(line.detail)}</li>"
            )
        return (
            '<div class="course-brief-check" style="border-left:4px solid #0969da;'
            f'padding:0.2em 0.7em"><p style="margin:0.2em 0"><strong>Self-check of your brief.'
            f"</strong> {html.escape(self.summary())}</p>"
            f'<ul style="list-style:none;padding-left:0;margin:0.3em 0">{"".join(items)}</ul>'
            '<p style="margin:0.2em 0;font-size:90%">The self-check looks at form, not at how '
            "well you argue: the instructor's rubric asks more.</p></div>"
        )


# ---------------------------------------------------------------- reading a brief


def headings(text: str) -> dict[str, tuple[int, int]]:
    """Where each section's heading is: ``{"Claim": (start, end of heading), ...}``.

    A heading is a line that starts with the section's name, as a Markdown heading
    (``## Claim``), in bold (``**Claim**``) or followed by a colon (``Claim: ...``).
    """
    found = {}
    for name, pattern in SECTIONS.items():
        match = re.search(_HEADING.format(name=pattern), text, re.IGNORECASE | re.MULTILINE)
        if match:
            found[name] = (match.start(), match.end())
    return found


def section(text: str, name: str) -> str | None:
    """The text under one section's heading, up to the next section (None if absent)."""
    places = headings(text)
    if name not in places:
        return None
    start = places[name][1]
    ends = [begin for begin, _ in places.values() if begin >= start]
    return text[start : min(ends, default=len(text))]


def body_words(text: str) -> int:
    """Words in the brief, without the section headings and Markdown marks."""
    places = sorted(headings(text).values())
    kept, last = [], 0
    for begin, end in places:
        kept.append(text[last:begin])
        last = end
    kept.append(text[last:])
    return len(WORD.findall(" ".join(kept)))


def numbers_with_years(text: str) -> list[str]:
    """Sentences that state a number (not only a year) together with a year."""
    plain = CITATION.sub(" ", text)
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", plain):
        if not YEAR.search(sentence):
            continue
        others = [n for n in NUMBER.findall(sentence) if not YEAR.fullmatch(n.lstrip("+-−"))]
        if others:
            found.append(sentence.strip())
    return found


# ---------------------------------------------------------------- the self-check


def self_check(text: Any, *, record: bool = True) -> Checklist:
    """Check a brief against what a good brief has; never raises.

    ``text`` is the brief as a string (Markdown welcome). Returns a :class:`Checklist`
    that shows itself in a notebook, and records the attempt as ``l8.brief`` unless
    ``record=False`` (for the lesson's worked example) or there is nothing to check.
    """
    try:
        result = _check(text)
    except Exception as error:  # a learner's text must never crash the cell
        return Checklist(message=f"The self-check could not read this brief ({error}).")
    if result.lines and record:
        _record(result.all_ok)
    return result


def _check(text: Any) -> Checklist:
    if text is None or text is Ellipsis:
        return Checklist(
            message="Nothing to check yet: write your brief between the triple quotes "
            '(brief = """ ... """), then run the cell again.'
        )
    if not isinstance(text, str):
        return Checklist(
            message=f"The brief should be text (a string between triple quotes), not a "
            f'{type(text).__name__}: write it as brief = """ ... """.'
        )
    words = body_words(text)
    if words == 0:
        return Checklist(
            message="Not attempted yet: the brief has no words under its headings. Write a "
            "sentence or two under each one, then run the cell again."
        )
    found = headings(text)
    lines = [
        Line(
            name in found,
            f"Heading “{name}”",
            "found" if name in found else f"add a line that reads “## {name}”",
        )
        for name in SECTIONS
    ]
    low, high = WORDS
    size = "a good length" if low <= words <= high else "too short" if words < low else "too long"
    lines.append(
        Line(low <= words <= high, "Length", f"{words} words, {size} (aim for {low}–{high})")
    )
    cited = sorted({m.group(0) for m in CITATION.finditer(text)})
    lines.append(
        Line(
            bool(cited),
            "Cites an article",
            f"cites {', '.join(cited)}"
            if cited
            else "cite at least one of the course's articles as [000]–[004]",
        )
    )
    stated = numbers_with_years(text)
    lines.append(
        Line(
            bool(stated),
            "A number with its year",
            f"e.g. “{_clip(stated[0])}”"
            if stated
            else "state at least one figure and the year it is for, e.g. “3.44 % of GDP in 2023”",
        )
    )
    source = SOURCE.search(text)
    lines.append(
        Line(
            bool(source),
            "Names a data source",
            f"names {source.group(0)}"
            if source
            else "say where your numbers come from, e.g. World Bank, World Development Indicators",
        )
    )
    counter = section(text, "Counter-argument")
    cites = bool(counter and CITATION.search(counter))
    lines.append(
        Line(
            cites,
            "Counter-argument cites an article",
            "it does"
            if cites
            else "no Counter-argument section yet"
            if counter is None
            else "base the counter-argument on an article and cite it, e.g. [004]",
        )
    )
    return Checklist(lines)


def _clip(sentence: str, limit: int = 90) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def _record(correct: bool) -> None:
    """Save the attempt in the learner's progress; a failure here never breaks the check."""
    try:
        from course import progress

        progress.record(*PROGRESS, correct=correct, kind="exercise")
    except Exception:
        pass


# ---------------------------------------------------------------- a worked example


def example_brief() -> str:
    """A complete brief on Japan's research workforce, its numbers computed from the data.

    Shown in lesson 8 as a model; ``self_check(example_brief())`` meets every line.
    """
    from course import data
    from course.widgets.l8 import evidence_sentence

    peers = ["JPN", "KOR", "DEU", "CHN"]
    per_million = evidence_sentence("researchers_per_million", peers, 2000, 2023)
    ageing = evidence_sentence("pop_65plus_pct", ["JPN"], 2000, 2025)
    korea = [data.value("researchers_per_million", "KOR", year) for year in (2000, 2023)]
    heads = [
        data.value("researchers_per_million", "JPN", year) * data.value("population", "JPN", year)
        for year in (2000, 2023)
    ]
    count = [f"{value / 1e9:,.0f}" for value in heads]  # per million × people ÷ 1e6, in thousands
    growth = (heads[1] / heads[0] - 1) * 100
    return f"""## Question
Can Japan keep a strong research workforce while its population ages and shrinks?

## Claim
So far Japan has kept its researchers, but only just. Its research workforce has grown
slowly while Korea's has grown fast, and the population it recruits from is getting older.
Unless Japan draws in more researchers from abroad, its research base will keep losing
ground to its neighbours, as the 2013 article on science and technology diplomacy [001]
feared.

## Evidence
{per_million} Korea went from {korea[0]:,.0f} to {korea[1]:,.0f} researchers per million
people over the same years. A ratio per million people can rise simply because the
population falls, so I also multiplied it by the population: Japan had about {count[0]}
thousand researchers in 2000 and {count[1]} thousand in 2023, a rise of {growth:.0f} %
in more than two decades. Meanwhile the country aged quickly. {ageing}

Data: World Bank, World Development Indicators, indicators SP.POP.SCIE.RD.P6,
SP.POP.TOTL and SP.POP.65UP.TO.ZS. Limits: the figures count people, not what they
discover, and countries count researchers in somewhat different ways.

## Counter-argument
Kuznetsov [003] presents Society 5.0 as Japan's answer to ageing: digital tools such
as artificial intelligence, big data and connected machines could let fewer people do
more, so the number of researchers may matter less than how well they are equipped.
The paper on the US–China rivalry [004] adds that Japan's weakness lies in turning
research into competitive products, not in the size of its research effort. Both
points are fair, yet building those tools needs researchers too, and a workforce that
barely grows cannot staff new fields.

## Recommendation
Make Japan easier to join for researchers and doctoral students from abroad, in the
spirit of the "brain circulation" that [001] wants Japan to be part of; the policy
overview [002] already lists easier entry for skilled foreign talent among Japan's aims.
Set a goal for the number of researchers, not only for a ratio, and report it every year.

## Sources
- [001] The Rise of Science and Technology Diplomacy in Japan, March 2013.
- [002] Technology Policy of Japan (encyclopedia-style overview).
- [003] V. B. Kuznetsov (MGIMO University), article on Society 5.0.
- [004] Paper on Japan's technology strategy in the US–China rivalry.
- World Bank, World Development Indicators (CC BY 4.0), snapshot of 2026-07-01.
"""


def show(text: str) -> Any:
    """Display a brief as formatted text in a framed box (its headings one size smaller)."""
    return BriefView(text if isinstance(text, str) else str(text))


@dataclass(frozen=True)
class BriefView:
    """A brief shown in a notebook: Markdown rendered to safe HTML (raw HTML escaped)."""

    text: str

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        demoted = re.sub(r"^[ \t]*#{1,5}[ \t]+", "#### ", self.text, flags=re.MULTILINE)
        try:
            import mistune

            body = str(mistune.create_markdown(escape=True)(demoted))
        except ImportError:  # mistune ships with Jupyter; plain text without it
            body = f"<pre>{html.escape(self.text)}</pre>"
        return (
            '<div class="course-brief" style="border:1px solid #8c959f;border-radius:6px;'
            f'padding:0.3em 1em;max-width:48em">{body}</div>'
        )
