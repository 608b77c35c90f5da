"""Lesson 8's capstone: a self-check for a policy brief, and a worked example.

``self_check(brief)`` reads the learner's brief (plain text or Markdown) and lists, with
✓/✗ and a word each, what it can judge: the six section headings, a length of
800–1,200 words, prose rather than filler or a list of keywords, citations that are
real course articles ([000]–[004]) and are listed under Sources with a named dataset,
figures that match the shipped data (a number written with an economy, a measure and a
year is compared with ``course.data``), a counter-argument that cites an article, and a
recommendation that names who should act. It never raises, and records the attempt in
the learner's progress as ``l8.brief`` (done only when every line is met).
``example_brief()`` is a model brief whose numbers are computed from the data.
Used by lesson 8 (``notebooks/08_capstone.ipynb``).
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

from course import feedback
from course.feedback import NO_MATHS

SECTIONS = {
    "Question": r"questions?",
    "Claim": r"claims?",
    "Evidence": r"evidence",
    "Counter-argument": r"counter[- ]?arguments?",
    "Recommendation": r"recommendations?",
    "Sources": r"sources?|references",
}
"""Each section's heading as shown, and the pattern that finds it (any case)."""

WORDS = (800, 1200)
"""The length a brief should have, in words (headings not counted): a take-home brief."""

ARTICLES = ("000", "001", "002", "003", "004")
CITATION = re.compile(r"\[\s*00[0-4]\b[^\]\n]*\]")
BRACKETED = re.compile(r"\[\s*(\d{1,4})\b[^\]\n]*\]")
YEAR = re.compile(r"(?<!\d)(?<!\d[.,])(?:19[5-9]\d|20[0-4]\d)(?!\d|[.,]\d)")
NUMBER = re.compile(r"(?<![\w.])[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\w)")
DATASET = re.compile(
    r"world bank|world development indicators|\bwdi\b|\bncses\b|science and engineering "
    r"indicators|\bsei\b|national science foundation|\boecd\b|\bunesco\b|\bimf\b|\bwipo\b"
    r"|e-stat|statistics bureau|\bnistep\b|un comtrade|data\.citation"
    r"|\b[A-Z]{2}\.[A-Z]{3}(?:\.[A-Z0-9]+)+\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[^\W_][\w'’-]*")
ACTOR = re.compile(
    r"\b(?:government|ministry|ministries|minister|cabinet|diet|parliament|council|agency"
    r"|agencies|office|METI|MEXT|MOFA|CSTI|CSTP|JST|JSPS|JICA|AMED|NEDO|Keidanren"
    r"|universit(?:y|ies)|compan(?:y|ies)|firms?|industry|business(?:es)?|employers"
    r"|prefectures?|bank|embassy|embassies|regulators?)\b",
    re.IGNORECASE,
)
OBLIGE = re.compile(r"\b(?:should|must|needs? to|ought to|recommend\w*|propose\w*)\b", re.I)
_SMALL = """a an the of to in on at by for with from as and or but not no nor so than that this
these those it its is are was were be been being has have had do does did will would can could
may might should must if then when while which who whom whose what where why how there their
they them we our us you your he she his her i my me more most less also only into over under
about between after before since because though"""
FUNCTION_WORDS = frozenset(re.findall(r"\S+", _SMALL))

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
    saved: str = ""  # when the checked text was saved (check_my_brief)

    @property
    def all_ok(self) -> bool:
        """True when every line is met (False for a message: nothing was checked)."""
        return bool(self.lines) and all(line.ok for line in self.lines)

    @property
    def missing(self) -> list[str]:
        """The labels of the lines not met yet."""
        return [line.label for line in self.lines if not line.ok]

    def line(self, label: str) -> Line:
        """The line with this label (KeyError if there is none)."""
        for line in self.lines:
            if line.label == label:
                return line
        raise KeyError(label)

    def summary(self) -> str:
        """One sentence: how many lines are met."""
        if not self.lines:
            return self.message
        met = sum(line.ok for line in self.lines)
        if self.all_ok:
            return f"✓ All {met} checks met. Now read it once more as your reader would."
        return f"{met} of {len(self.lines)} checks met; the ✗ lines say what to change."

    def __repr__(self) -> str:
        rows = [self.summary()] + ([self.saved] if self.saved else [])
        for line in self.lines:
            mark = "✓ Yes    " if line.ok else "✗ Not yet"
            rows.append(f"{mark}  {line.label}: {line.detail}")
        return "\n".join(rows)

    def _repr_html_(self) -> str:
        if not self.lines:
            return feedback.to_html("unattempted", self.message)
        items = []
        for line in self.lines:
            symbol, word, colour = feedback.TONES["correct" if line.ok else "wrong"]
            word = "Yes" if line.ok else word
            items.append(
                f'<li style="margin:0.15em 0"><strong style="color:{colour}">{symbol} {word}'
                f"</strong> · <strong>{_escape(line.label)}</strong>: "
                f"{_escape(line.detail)}</li>"
            )
        saved = f'<p style="margin:0.2em 0;font-size:90%">{_escape(self.saved)}</p>' * bool(
            self.saved
        )
        return (
            f'<div class="course-brief-check {NO_MATHS}" '
            'style="border-left:4px solid #0969da;padding:0.2em 0.7em">'
            '<p style="margin:0.2em 0"><strong>Self-check of your brief.'
            f"</strong> {_escape(self.summary())}</p>{saved}"
            f'<ul style="list-style:none;padding-left:0;margin:0.3em 0">{"".join(items)}</ul>'
            '<p style="margin:0.2em 0;font-size:90%">The self-check can test form, sources '
            "and whether your figures match the shipped data; it cannot judge how well you "
            "argue. The instructor's rubric asks more.</p></div>"
        )


def _escape(text: str) -> str:
    """HTML-escape, and keep a dollar sign from starting MathJax maths."""
    return html.escape(text).replace("$", "&#36;")


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


def _without_headings(text: str) -> str:
    places = sorted(headings(text).values())
    kept, last = [], 0
    for begin, end in places:
        kept.append(text[last:begin])
        last = end
    kept.append(text[last:])
    return "\n".join(kept)


def body_words(text: str) -> int:
    """Words in the brief, without the section headings and Markdown marks."""
    return len(WORD.findall(_without_headings(text)))


def sentences(text: str) -> list[str]:
    """The text cut into sentences (and list items), Markdown marks removed."""
    plain = re.sub(r"[*_`#>]+", " ", text)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\[(“\"'])|\n\s*\n|\n\s*[-•]\s+", plain)
    return [" ".join(part.split()) for part in parts if part.strip()]


def prose(text: str) -> tuple[bool, str]:
    """Whether the brief reads as sentences, not filler or a heap of keywords.

    Three signs, each met by ordinary English: small words (the, of, to …) make up at
    least a fifth of the words; in every run of 50 words at least half are different
    words; and no more than one sentence in ten is a repeat.
    """
    words = [word.lower() for word in WORD.findall(_without_headings(text))]
    if len(words) < 20:
        return False, "too few words to read as sentences yet"
    small = sum(word in FUNCTION_WORDS for word in words) / len(words)
    if small < 0.2:
        return False, (
            f"only {small:.0%} of the words are small linking words (the, of, to …); a list "
            "of keywords or filler is not a brief: write full sentences"
        )
    window = min(50, len(words))
    variety = min(
        len(set(words[i : i + window])) / window for i in range(0, len(words) - window + 1, 10)
    )
    if variety < 0.5:
        return False, (
            f"some stretches repeat the same words (only {variety:.0%} different in 50 words): "
            "say each thing once, in your own sentences"
        )
    long = [s.lower() for s in sentences(text) if len(s.split()) >= 5]
    repeats = sum(count - 1 for count in Counter(long).values())
    if long and repeats / len(long) > 0.1:
        return False, f"{repeats} of {len(long)} sentences are repeats: cut the copies"
    return True, "full sentences with varied wording"


# ---------------------------------------------------------------- figures against the data


@dataclass(frozen=True)
class Measure:
    """A measure a sentence can name: its label, the words that name it, and its values.

    ``values(code, year)`` gives the figures a writer may quote for that economy and year,
    in plain units (dollars, people, per cent): more than one when a measure has several
    forms (a ratio and the count behind it, receipts and payments).
    """

    label: str
    words: re.Pattern[str]
    values: Callable[[str, int], list[float]]


def _wdi(*names: str) -> Callable[[str, int], list[float]]:
    def values(code: str, year: int) -> list[float]:
        return [_value(name, code, year) for name in names]

    return values


def _value(name: str, code: str, year: int) -> float:
    from course import data

    try:
        return float(data.value(name, code, year))
    except Exception:  # an economy or year the panel lacks
        return math.nan


@cache
def _sei(dataset: str) -> dict[tuple[str, int, str], float]:
    """One NCSES table as {(iso3, year, indicator or industry): value in plain units}."""
    from course import data

    scale = {"billions": 1e9, "millions": 1e6}
    table = {}
    for row in data.sei(dataset).itertuples():
        if not row.iso3 or not isinstance(row.value, float) or math.isnan(row.value):
            continue
        unit = str(row.unit).lower()
        factor = next((f for word, f in scale.items() if word in unit), 1.0)
        key = getattr(row, "industry", "") or row.indicator
        table[(row.iso3, int(row.year), str(row.indicator))] = row.value * factor
        table[(row.iso3, int(row.year), str(key))] = row.value * factor
    return table


def _sei_values(dataset: str, *prefixes: str) -> Callable[[str, int], list[float]]:
    def values(code: str, year: int) -> list[float]:
        table = _sei(dataset)
        return [
            v
            for (c, y, k), v in table.items()
            if c == code and y == year and k.startswith(prefixes)
        ]

    return values


def _researchers(code: str, year: int) -> list[float]:
    """Researchers per million people (FTE), and the number they imply (× population)."""
    per_million = _value("researchers_per_million", code, year)
    return [per_million, per_million * _value("population", code, year) / 1e6]


def _rd(code: str, year: int) -> list[float]:
    """R&D as % of GDP, in current US dollars (share × GDP), and GERD in PPP dollars."""
    share = _value("rd_expenditure_pct_gdp", code, year)
    return [
        share,
        share / 100 * _value("gdp_usd", code, year),
        *_sei_values("sei_gerd", "gerd")(code, year),
    ]


def _ip(code: str, year: int) -> list[float]:
    receipts = _value("ip_charges_receipts_usd", code, year)
    payments = _value("ip_charges_payments_usd", code, year)
    return [receipts, payments, receipts - payments, receipts / payments if payments else math.nan]


def _kti_exports(code: str, year: int) -> list[float]:
    table = _sei("sei_kti_exports")
    kti = table.get((code, year, "gross_exports_goods_kti_manufacturing"), math.nan)
    goods = table.get((code, year, "gross_exports_goods_all_industries"), math.nan)
    return [kti, goods, 100 * kti / goods, *_sei_values("sei_kti_value_added", "")(code, year)]


def _top1(code: str, year: int) -> list[float]:
    """The top-1 % share of an economy's articles, fractional and whole counts."""
    return [
        *_sei_values("sei_top1_fractional", "top1")(code, year),
        *_sei_values("sei_top1_whole", "top1")(code, year),
    ]


MEASURES = (
    Measure("R&D expenditure", re.compile(r"\bR\s*&\s*D\b|research and development|research "
            r"(?:spending|effort|budget)|\bGERD\b", re.I), _rd),
    Measure("researchers in R&D (FTE)", re.compile(r"\bresearchers?\b", re.I), _researchers),
    Measure("technicians in R&D", re.compile(r"\btechnicians?\b", re.I),
            _wdi("rd_technicians_per_million")),
    Measure("population", re.compile(r"\bpopulation\b|\binhabitants\b|\bpeople aged\b", re.I),
            _wdi("population", "pop_65plus_pct")),
    Measure("share aged 65 and above", re.compile(r"\b65\b|\belderly\b|\bolder people\b", re.I),
            _wdi("pop_65plus_pct")),
    Measure("journal articles", re.compile(r"\barticles\b|\bpapers\b|\bpublications\b", re.I),
            _wdi("sci_tech_journal_articles")),
    Measure("patent applications", re.compile(r"\bpatent", re.I),
            _wdi("patent_apps_residents", "patent_apps_nonresidents")),
    Measure("charges for intellectual property", re.compile(r"intellectual property|royalt|"
            r"licen[cs]e|\bIP\b", re.I), _ip),
    Measure("high-tech exports", re.compile(r"high[- ]tech", re.I),
            _wdi("hightech_exports_usd", "hightech_exports_pct_manuf_exports",
                 "medhightech_exports_pct_manuf_exports", "medhightech_mva_pct_mva")),
    Measure("GDP", re.compile(r"\bGDP\b|\beconomy\b"), _wdi("gdp_usd")),
    Measure("aid received", re.compile(r"\baid\b|\bODA\b|development assistance|technical "
            r"cooperation", re.I), _wdi("oda_received_net_usd", "techcoop_grants_received_usd")),
    Measure("R&D by source of funds or sector", re.compile(r"funded|\bfunds?\b|\bperformed\b|"
            r"\bbusiness\b|\bPPP\b", re.I), _sei_values("sei_gerd", "gerd")),
    Measure("government R&D budgets", re.compile(r"\bGBARD\b|defen[cs]e|budget", re.I),
            _sei_values("sei_gbard", "gbard", "nondefense")),
    Measure("top 1 % most-cited articles", re.compile(r"most[- ]cited|highly cited|top[- ]?1\b|"
            r"top one per ?cent", re.I), _top1),
    Measure("knowledge- and technology-intensive industries", re.compile(r"\bKTI\b|knowledge[- ]"
            r"and technology[- ]intensive", re.I), _kti_exports),
)  # fmt: skip
"""What a sentence can measure, and where the self-check looks its figures up."""


ALIASES = {
    "Japan": "JPN", "Japanese": "JPN", "China": "CHN", "Chinese": "CHN", "Korea": "KOR",
    "South Korea": "KOR", "Korean": "KOR", "United States": "USA", "US": "USA", "U.S.": "USA",
    "USA": "USA", "America": "USA", "American": "USA", "Germany": "DEU", "German": "DEU",
    "France": "FRA", "United Kingdom": "GBR", "UK": "GBR", "Britain": "GBR", "Russia": "RUS",
    "India": "IND", "Singapore": "SGP", "Indonesia": "IDN", "Thailand": "THA",
    "Vietnam": "VNM", "Viet Nam": "VNM", "Malaysia": "MYS", "Philippines": "PHL",
    "Taiwan": "TWN", "OECD": "OED",
}  # fmt: skip
"""Economy names a brief may use, besides the World Bank's own country names."""

SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_SCALED = re.compile(
    r"(?<![\w.])[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*(thousand|million|billion|bn|"
    r"trillion)\b)?",
    re.IGNORECASE,
)
_NOT_A_FIGURE = re.compile(
    r"\b(?:aged|ages?)\s+\d+\s*(?:to|–|-|and)\s*\d+|\d+\s*[–-]\s*\d+[- ]year|\d+[- ]year[- ]olds?"
    r"|\b\d+\s*(?:and|or)\s*(?:over|above|older)|\b\d+\+|\btop[- ]?\d+\s*(?:%|per ?cent)"
    r"|\b(?:table|section|chapter|issue|no\.?|SRD|RD|SPBS)[- ]?[\d.-]+|\b\d+(?:st|nd|rd|th)\b"
    r"|\b\d+(?:\.\d+)+\.\d+\b|\b[A-Z]+-\d+\b|\b\d{4}/\d+\b",
    re.IGNORECASE,
)


@cache
def _economy_pattern() -> re.Pattern[str]:
    from course import data

    names = sorted(set(ALIASES) | set(data.countries().country), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")


def _economy_code(name: str) -> str | None:
    from course import data

    if name in ALIASES:
        return ALIASES[name]
    try:
        return data.country_code(name)
    except Exception:
        return None


@dataclass(frozen=True)
class Figure:
    """A sentence that quotes a figure for an economy, a measure and a year, as checked:
    ``wrong`` holds the numbers that match nothing in the data (empty when it matches)."""

    sentence: str
    wrong: tuple[str, ...]
    expected: str

    @property
    def matched(self) -> bool:
        """True when the sentence's figures agree with the shipped data."""
        return not self.wrong


def figures(text: str) -> list[Figure]:
    """Each sentence that names an economy, a measure and a year and states a number,
    compared with the shipped data.

    A number matches when it equals a figure of the data (or a change, gap or ratio
    between two of them) to the precision written: ``3.4`` matches 3.44, ``700
    thousand`` matches 682,000. A sentence agrees with the data when at least one of its
    numbers matches and so does every number tied to a year or a change ("3.9 % of GDP
    in 2023", "from 5,102 to 5,609"); other numbers (5,000 posts, 23 years) may stand
    beside them. Numbers credited to a source in the same sentence (an article key such
    as [001], or a parenthesis with a name and a year) are not compared, nor is the
    Sources section.
    """
    sources = section(text, "Sources")
    body = text.replace(sources, "\n") if sources else text
    found = []
    for sentence in sentences(_without_headings(body)):
        checked = _check_sentence(sentence)
        if checked is not None:
            found.append(checked)
    return found


_TIED = re.compile(
    r"\s*(?:%|per ?cent)?(?:\s+[\w'’&$-]+){0,3}?,?\s+(?:in|by|for)\s+(?:19|20)\d\d\b", re.I
)


def _check_sentence(sentence: str) -> Figure | None:
    if CITATION.search(sentence) or re.search(r"\([A-Z][^()]*\b(?:19|20)\d\d\b[^()]*\)", sentence):
        return None
    masked = _NOT_A_FIGURE.sub(" ", CITATION.sub(" ", sentence))
    years = sorted({int(y) for y in YEAR.findall(masked)})
    measures = [m for m in MEASURES if m.words.search(sentence)]
    economies = []
    for match in _economy_pattern().finditer(sentence):
        code = _economy_code(match.group(0))
        if code and code not in economies:
            economies.append(code)
    written = [
        (match.group(0), *_read_number(match), _tied(masked, match))
        for match in _SCALED.finditer(masked)
        if not YEAR.fullmatch(match.group(0).lstrip("+-−"))
    ]
    if not (years and measures and economies and written):
        return None
    known = [
        (f"{m.label}#{form}", code, year, value)
        for m in measures
        for code in economies
        for year in years
        for form, value in enumerate(m.values(code, year))
        if not math.isnan(value)
    ]
    numbers = tuple(w[0] for w in written)
    if not known:
        missing = f"{', '.join(m.label for m in measures)} for {', '.join(economies)} in " + (
            ", ".join(map(str, years))
        )
        return Figure(sentence, numbers, f"no figure for {missing}")
    candidates = _candidates(known)
    fits = [any(_close(number[1:4], c) for c in candidates) for number in written]
    if not any(fits):
        return Figure(sentence, numbers, _describe(known))
    wrong = tuple(w[0] for w, fit in zip(written, fits, strict=True) if w[4] and not fit)
    return Figure(sentence, wrong, _describe(known))


def _tied(text: str, match: re.Match[str]) -> bool:
    """Whether a number is tied to a year ("3.44 % of GDP in 2023") or is one end of a
    change ("from 5,102 to 5,609"), so that it must match the data."""
    before = text[: match.start()].rstrip().lower()
    if before.endswith("from") or (
        before.endswith(" to") and re.search(r"\bfrom\s+[-+−]?\d", before)
    ):
        return True
    after_year = re.search(
        r"\b(?:in|by|for)\s+(?:19|20)\d\d(?:\s+[\w'’&-]+){0,3}\s*$", before, re.I
    )
    return bool(after_year or _TIED.match(text, match.end()))


def _read_number(match: re.Match[str]) -> tuple[float, float, bool]:
    """The value written (scale word applied), the size of its last written digit, and
    whether a scale word (thousand, million, billion …) followed it."""
    found = re.match(r"[-+−]?[\d,]+(?:\.\d+)?", match.group(0))
    assert found is not None, "the figure pattern always starts with digits"
    digits = found.group(0)
    plain = digits.replace(",", "").replace("−", "-").lstrip("+")
    scale = SCALE.get((match.group(1) or "").lower(), 1.0)
    if "." in plain:
        unit = 10.0 ** -len(plain.split(".")[1])
    else:
        stripped = plain.lstrip("-")
        zeros = len(stripped) - len(stripped.rstrip("0")) if stripped.strip("0") else 0
        unit = 10.0**zeros
    return abs(float(plain)) * scale, unit * scale, bool(match.group(1))


def _candidates(known: list[tuple[str, str, int, float]]) -> set[float]:
    """Each figure, and the changes, gaps and ratios between two figures of one measure in
    one form (``label#form``), for one economy in two years or two economies in one year."""
    values = {abs(value) for *_, value in known}
    for (label_a, code_a, year_a, a), (label_b, code_b, year_b, b) in combinations(known, 2):
        if label_a != label_b or (code_a != code_b and year_a != year_b):
            continue
        values |= {abs(a - b)}
        for top, bottom in ((a, b), (b, a)):
            if bottom:
                values |= {abs(top / bottom), abs((top / bottom - 1) * 100)}
    return values


def _close(number: tuple[float, float, bool], candidate: float) -> bool:
    """Equal to the precision written (half the last digit), with 1 % slack for rounding.

    A plain number may also give a large figure in millions or billions ("177.4" for
    177.4 billion PPP dollars when the sentence says billions elsewhere)."""
    value, unit, scaled = number
    forms = [candidate]
    if not scaled and candidate >= 1e6:
        forms += [candidate / 1e9, candidate / 1e6]
    return any(abs(value - form) <= unit / 2 + 0.01 * abs(form) for form in forms)


def _describe(known: list[tuple[str, str, int, float]]) -> str:
    """'researchers in R&D (FTE), Japan 2023: 5,609': the first form of each measure."""
    from course import data

    shown: dict[tuple[str, str, int], float] = {}
    for label, code, year, value in known:
        shown.setdefault((label.split("#")[0], code, year), value)
    return "; ".join(
        f"{label}, {data.country_name(code) if code != 'OED' else 'OECD'} {year}: {_short(v)}"
        for (label, code, year), v in list(shown.items())[:4]
    )


def _short(value: float) -> str:
    size = abs(value)
    for word, factor in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if size >= factor:
            return f"{value / factor:,.2f} {word}"
    return f"{value:,.0f}" if size >= 100 else f"{value:,.2f}"


# ---------------------------------------------------------------- the self-check


def self_check(text: Any, *, record: bool = True) -> Checklist:
    """Check a brief against what a good brief has; never raises.

    ``text`` is the brief as a string (Markdown welcome). Returns a :class:`Checklist`
    that shows itself in a notebook, and records the attempt as ``l8.brief`` unless
    ``record=False`` (for the lesson's worked example) or there is nothing to check.
    The brief counts as done only when every line is met.
    """
    try:
        result = _check(text)
    except Exception as error:  # a learner's text must never crash the cell
        return Checklist(message=f"The self-check could not read this brief ({error}).")
    if result.lines and record:
        feedback.record_attempt(*PROGRESS, correct=result.all_ok, kind="exercise")
    return result


BRIEF_ROLE = "brief"  # metadata.course.role of the Markdown cell that holds the brief
LESSON_FILE = "08_capstone.ipynb"


def check_my_brief(notebook: str | Path | None = None, *, record: bool = True) -> Checklist:
    """Self-check the brief written in this notebook's brief cell (a Markdown cell), as last
    saved: the learner writes prose where prose is written, and the saved notebook keeps it
    whatever happens to the kernel. ``notebook`` defaults to the notebook this kernel runs
    (``$JPY_SESSION_NAME``, set by Jupyter Server), else ``08_capstone.ipynb`` here."""
    import json
    import os
    from datetime import datetime

    path = Path(notebook or os.environ.get("JPY_SESSION_NAME") or LESSON_FILE).expanduser()
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        saved = datetime.fromtimestamp(path.stat().st_mtime).strftime("%H:%M:%S")
    except (OSError, ValueError, KeyError, TypeError) as error:
        return Checklist(
            message=f"Your notebook could not be read ({error}). Save it (Ctrl+S) and pass "
            f"its path: capstone.check_my_brief('notebooks/{LESSON_FILE}')."
        )
    brief = next(
        (
            "".join(c.get("source", ""))
            for c in cells
            if c.get("cell_type") == "markdown"
            and c.get("metadata", {}).get("course", {}).get("role") == BRIEF_ROLE
        ),
        None,
    )
    if brief is None:
        return Checklist(
            message=f"No brief cell was found in {path.name}: it is the Markdown cell that "
            "starts with '## Question' under 'Your brief'. If you deleted it, copy the "
            "headings from the lesson into a new Markdown cell."
        )
    result = self_check(brief, record=record)
    result.saved = (
        f"Checked the brief as saved at {saved}: press Ctrl+S first to check your latest words."
    )
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
    return Checklist(
        [
            _headings_line(text),
            _length_line(words),
            Line(*prose(text)[:1], "Written in sentences", prose(text)[1]),
            _citations_line(text),
            _sources_line(text),
            _figures_line(text),
            _counter_line(text),
            _recommendation_line(text),
        ]
    )


def _headings_line(text: str) -> Line:
    missing = [name for name in SECTIONS if name not in headings(text)]
    if not missing:
        return Line(True, "Six headings", "all found")
    add = ", ".join(f"“## {name}”" for name in missing)
    return Line(False, "Six headings", f"add a line that reads {add}")


def _length_line(words: int) -> Line:
    low, high = WORDS
    ok = low <= words <= high
    size = "a good length" if ok else "too short" if words < low else "too long"
    return Line(ok, "Length", f"{words} words, {size} (aim for {low:,}–{high:,})")


def _citations_line(text: str) -> Line:
    cited = sorted({m.group(0) for m in CITATION.finditer(text)})
    unknown = sorted(
        {m.group(0) for m in BRACKETED.finditer(text) if m.group(1).zfill(3) not in ARTICLES}
    )
    if unknown:
        return Line(
            False,
            "Cites the course's articles",
            f"{', '.join(unknown)} is not one of the course's articles ([000]–[004]); cite an "
            "outside source by its author, title and date instead",
        )
    if not cited:
        return Line(
            False,
            "Cites the course's articles",
            "cite at least one of the course's articles as [000]–[004]",
        )
    return Line(True, "Cites the course's articles", f"cites {', '.join(cited)}")


def _sources_line(text: str) -> Line:
    listed = section(text, "Sources")
    if listed is None or not listed.strip():
        return Line(
            False, "Sources listed", "list the articles and the data you used under Sources"
        )
    cited = {re.sub(r"\D", "", m.group(0))[:3] for m in CITATION.finditer(_without(text, listed))}
    unlisted = sorted(key for key in cited if f"[{key}" not in listed.replace("[ ", "["))
    if unlisted:
        keys = ", ".join(f"[{key}]" for key in unlisted)
        return Line(False, "Sources listed", f"add {keys} to the Sources section: you cite it")
    dataset = DATASET.search(listed)
    if not dataset:
        return Line(
            False,
            "Sources listed",
            "name the data under Sources, e.g. World Bank, World Development Indicators, or "
            "NCSES, Science and Engineering Indicators",
        )
    return Line(
        True, "Sources listed", f"every article you cite is listed; names {dataset.group(0)}"
    )


def _without(text: str, part: str) -> str:
    return text.replace(part, "\n")


def _figures_line(text: str) -> Line:
    found = figures(text)
    wrong = [f for f in found if not f.matched]
    if wrong:
        first = wrong[0]
        numbers = ", ".join(first.wrong[:4])
        more = (
            f" ({len(wrong) - 1} more sentence{'s' if len(wrong) > 2 else ''} too)"
            if len(wrong) > 1
            else ""
        )
        return Line(
            False,
            "Figures match the data",
            f"in “{_clip(first.sentence)}”, {numbers} does not match the shipped data, which "
            f"say: {first.expected}{more}. Correct the figure, or name its other source in "
            "the same sentence",
        )
    if not found:
        return Line(
            False,
            "Figures match the data",
            "quote at least one figure with its economy, what it measures and its year, e.g. "
            "“Japan spent 3.44 % of its GDP on R&D in 2023”, computed with course.data",
        )
    return Line(
        True,
        "Figures match the data",
        f"{len(found)} sentence{'s' if len(found) > 1 else ''} with figures checked against "
        f"course.data, all match (e.g. “{_clip(found[0].sentence)}”)",
    )


def _counter_line(text: str) -> Line:
    counter = section(text, "Counter-argument")
    cites = bool(counter and CITATION.search(counter))
    if cites:
        return Line(True, "Counter-argument cites an article", "it does")
    if counter is None:
        return Line(False, "Counter-argument cites an article", "no Counter-argument section yet")
    return Line(
        False,
        "Counter-argument cites an article",
        "base the counter-argument on an article and cite it, e.g. [004]",
    )


def _recommendation_line(text: str) -> Line:
    advice = section(text, "Recommendation")
    if advice is None or not advice.strip():
        return Line(False, "Recommendation names who acts", "no Recommendation yet")
    actor, oblige = ACTOR.search(advice), OBLIGE.search(advice)
    if actor and oblige:
        return Line(True, "Recommendation names who acts", f"names {actor.group(0)}")
    return Line(
        False,
        "Recommendation names who acts",
        "say who should do what, e.g. “MEXT should fund …”, and with which instrument and "
        "at what cost",
    )


def _clip(sentence: str, limit: int = 90) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


# ---------------------------------------------------------------- a worked example


def example_numbers() -> dict[str, Any]:
    """The figures of the worked example, computed from the shipped data."""
    from course import data

    def count(code: str, year: int) -> float:  # FTE researchers = per million × people / 1e6
        return data.value(RESEARCHERS, code, year) * data.value("population", code, year) / 1e6

    def sei(dataset: str, indicator: str, code: str, year: int) -> float:
        rows = data.sei(dataset, indicators=[indicator], countries=[code], years=[year])
        return float(rows.value.iloc[0])

    first, last, money = 2000, 2023, 2021
    gerd = sei("sei_gerd", "gerd", "JPN", money) * 1e9  # PPP dollars
    per_researcher = gerd / count("JPN", money)
    cost = POSTS * per_researcher
    government = sei("sei_gerd", "gerd_share_funded_by_government", "JPN", money)
    heads = [count("JPN", year) for year in (first, last)]
    return {
        "per_million": {
            code: [data.value(RESEARCHERS, code, year) for year in (first, last)]
            for code in ("JPN", "KOR", "DEU", "CHN")
        },
        "heads": heads,
        "growth": (heads[1] / heads[0] - 1) * 100,
        "yearly": ((heads[1] / heads[0]) ** (1 / (last - first)) - 1) * 100,
        "korea_heads": [count("KOR", year) for year in (first, last)],
        "population": [data.value("population", "JPN", year) for year in (first, last)],
        "old": [data.value("pop_65plus_pct", "JPN", year) for year in (first, last)],
        "top1": [sei("sei_top1_fractional", "top1pct_cited_share_fractional", "JPN", y)
                 for y in (2003, 2020)],
        "top1_china": sei("sei_top1_fractional", "top1pct_cited_share_fractional", "CHN", 2020),
        "gerd": gerd,
        "per_researcher": per_researcher,
        "cost": cost,
        "cost_share": 100 * cost / gerd,
        "government": government,
        "cost_government": 100 * cost / (gerd * government / 100),
    }  # fmt: skip


RESEARCHERS = "researchers_per_million"
POSTS = 5000
"""Research posts for researchers recruited from abroad that the worked example proposes."""


def example_brief() -> str:
    """A model brief on Japan's research workforce, its numbers computed from the data.

    Shown in lesson 8 as a model answer of the take-home length; every attribution in it
    was checked against the seed articles, and ``self_check(example_brief())`` meets
    every line.
    """
    n = example_numbers()
    jpn, kor, deu, chn = (n["per_million"][c] for c in ("JPN", "KOR", "DEU", "CHN"))
    heads = [f"{value / 1e3:,.0f}" for value in n["heads"]]
    korea = [f"{value / 1e3:,.0f}" for value in n["korea_heads"]]
    people = [f"{value / 1e6:,.1f}" for value in n["population"]]
    return f"""## Question
Should the Ministry of Education, Culture, Sports, Science and Technology (MEXT) pay for
more research posts for scientists recruited from abroad, so that Japan's research
workforce keeps growing while its population shrinks? The reader is the minister, who
must decide what to put in the next budget request.

## Claim
Japan's research workforce has not shrunk, but it has grown far more slowly than Korea's
or Germany's, and a smaller share of Japanese papers than before is among the world's
most cited. The
pool of young adults from which Japan recruits its researchers is itself getting smaller,
so domestic recruitment alone is unlikely to close the gap. A modest programme of posts
for researchers from abroad is worth its cost, provided that posts in sensitive fields
are screened rather than closed.

## Evidence
The World Bank's series, taken from the UNESCO Institute for Statistics, counts
researchers in full-time equivalents (FTE): someone who spends half of their working
time on research counts as one half. From 2000 to 2023, Japan's
FTE researchers per million people rose from {jpn[0]:,.0f} to {jpn[1]:,.0f}, a rise of
{(jpn[1] / jpn[0] - 1) * 100:.0f} %. Over the same years, 2000 to 2023, Korea went
from {kor[0]:,.0f} to
{kor[1]:,.0f} FTE researchers per million people, Germany from {deu[0]:,.0f} to
{deu[1]:,.0f} and China from {chn[0]:,.0f} to {chn[1]:,.0f}. In 2023 Japan ranked third
of these four countries, behind Korea and Germany.

A ratio per million people can rise simply because the population falls, so I multiplied
it by the population. Japan had about {heads[0]} thousand FTE researchers in 2000 and
{heads[1]} thousand in 2023, a rise of {n["growth"]:.0f} % in 23 years, or about
{n["yearly"]:.2f} % a year. In the same years Korea's FTE researchers grew from about
{korea[0]} thousand to {korea[1]} thousand. Japan's population fell from {people[0]}
million in 2000 to {people[1]} million in 2023.

The source of new researchers is narrowing. The 2013 article on science and technology
diplomacy [001] cited an estimate that Japan's population aged 20 to 39 would shrink to
almost three quarters of its 2005 size by 2020, and expected fewer researchers as a
result. The shipped data cannot test that estimate: they give the whole population and
the share aged 65 and over, not the 20–39 age group. Japan's share aged 65 and over rose
from {n["old"][0]:.1f} % in 2000 to {n["old"][1]:.1f} % in 2023; that shows a
country ageing, but it does not count the young adults from whom researchers come, so I
do not use it as evidence on recruitment.

Output points the same way. The NSF's indicators measure how often a country's articles
are among the world's top 1 % most cited, with the world average set at 1.00. In 2003
Japan's top-1 % figure (fractional count) was {n["top1"][0]:.2f}; by 2020 it was
{n["top1"][1]:.2f}, against {n["top1_china"]:.2f} for China. Fewer of Japan's articles,
for their number, reach the most-cited group than in 2003.

Two charts go with this brief: FTE researchers per million people as an index, 2000 = 100,
for the four countries (the lesson's Chart 2), and the number of FTE researchers in Japan
and Korea, 2000–2023. Limits: the figures count research time, not its quality, and the
shipped data do not say how many researchers in Japan came from abroad, so this brief
cannot show that recruiting from abroad works, only what it would have to achieve.

## Counter-argument
The strongest objection comes from economic security. The paper on the US–China rivalry
[004] describes the economic security legislation of 2022 and its rules against sensitive
technology leaking abroad, including proposed limits on which foreign students and
researchers may join sensitive programmes. On that view, more researchers from abroad
means a wider channel for leaks. Yet the same paper judges that such rules are likely to
hurt research, which gains from varied input and a free flow of ideas, and it notes that
emerging technologies often come out of joint work with researchers from abroad [004].
The answer is to screen posts in sensitive fields and keep the rest open.

A second objection is that there is no crisis, since Japan's number of FTE researchers
rose. But the claim rests on the gap, not on a fall: [001] worried about Japan's relative
strength in science, and on the data Korea and Germany have moved ahead while Japan's
share of highly cited papers slipped.

## Recommendation
MEXT should ask the Japan Society for the Promotion of Science (JSPS) and the Japan
Science and Technology Agency (JST), the funding agencies that [001] describes running
Japan's international research programmes, to fund 1,000 five-year posts a
year for researchers recruited from abroad, reaching {POSTS:,} posts after five years, with
a security review only for posts in fields that the economic security legislation treats
as sensitive. This fits aims that others already state: the policy overview [002] lists
easier pathways for skilled international talent, and Kuznetsov [003] counts a shortage
of skilled labour among the "five walls" that could hold Society 5.0 back.

What it would cost: in 2021 Japan spent {n["gerd"] / 1e9:.1f} billion PPP dollars on
R&D, about {round(n["per_researcher"], -3):,.0f} PPP dollars per FTE researcher. At that average,
{POSTS:,} posts would cost about {n["cost"] / 1e9:.2f} billion PPP dollars a year:
{n["cost_share"]:.1f} % of Japan's R&D spending in 2021, or {n["cost_government"]:.1f} %
of the part the government funded ({n["government"]:.1f} % of the total). The average
covers all R&D spending, not salaries alone, so it is only a rough guide.

The Council for Science, Technology and Innovation (CSTI) should set a target for the
number of FTE researchers, not only for the ratio, and report it every year. The
programme works if Japan's number of FTE researchers grows faster than the
{n["yearly"]:.2f} % a year of 2000–2023, and if Japan's top-1 % figure climbs back
towards {n["top1"][0]:.2f}, its 2003 level.

## Sources
- [001] Atsushi Sunami, Tomoko Hamachi and Shigeru Kitaba, "The Rise of Science and
  Technology Diplomacy in Japan", *Science & Diplomacy* (AAAS), March 2013.
- [002] "Technology Policy of Japan", an anonymous reference-site entry (no author or date).
- [003] Vadim B. Kuznetsov (MGIMO University), "Society 5.0: Japan's innovative governance
  strategy …", on its prospects for Russian–Japanese relations.
- [004] A paper on Japan's technology strategy in the US–China rivalry; it appears to be a
  revised version of Kazuto Suzuki, "U.S.-China Technological Hegemony and Japan's
  Economic Security", EU-Asia project Policy Brief 2021/13, March 2021.
- World Bank, World Development Indicators (CC BY 4.0): SP.POP.SCIE.RD.P6, SP.POP.TOTL
  and SP.POP.65UP.TO.ZS.
- UN Statistics Division, SDG Indicators e-Handbook, indicator 9.5.2: researchers in
  full-time equivalent per million inhabitants (unstats.un.org).
- NCSES, Science and Engineering Indicators: tables SRD-2 (R&D and its sources of funds,
  2021, PPP dollars) and SPBS-54 (top 1 % most-cited articles, fractional count).
"""


def show(text: str) -> Any:
    """Display a brief as formatted text in a framed box (its headings at level 3, under the
    lesson's level-2 sections)."""
    return BriefView(text if isinstance(text, str) else str(text))


@dataclass(frozen=True)
class BriefView:
    """A brief shown in a notebook: Markdown rendered to safe HTML (raw HTML escaped)."""

    text: str

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        demoted = re.sub(r"^[ \t]*#{1,5}[ \t]+", "### ", self.text, flags=re.MULTILINE)
        try:
            import mistune

            body = str(mistune.create_markdown(escape=True)(demoted))
        except ImportError:  # mistune ships with Jupyter; plain text without it
            body = f"<pre>{html.escape(self.text)}</pre>"
        return (
            f'<div class="course-brief {NO_MATHS}" style="border:1px solid #8c959f;'
            f'border-radius:6px;padding:0.3em 1em;max-width:48em">{body}</div>'
        )
