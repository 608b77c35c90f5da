"""Comparisons for pandas answers: a Series (one value per year) and a DataFrame.

Feedback names what is off: missing or extra columns, rows (years, countries),
a wrong index, text where numbers belong, NaN from years without data, and
values off by a factor (percent vs share, millions vs units). pandas is
imported when a check runs, not when the module loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from course.checks.compare import RIGHT, Comparison, Verdict, listing, merge
from course.checks.describe import size
from course.feedback import fmt, how_far, scale_hint

if TYPE_CHECKING:
    import pandas as pd

_WORDS = {"year": "years", "iso3": "countries", "country": "countries"}


def _word(index: pd.Index) -> str:
    return _WORDS.get(str(index.name), "rows")


def index_problems(got: pd.Index, want: pd.Index, word: str) -> list[str]:
    """What is wrong with the row (or column) labels: missing, extra, wrong type, duplicated."""
    if got.equals(want):
        return []
    want_set, got_set = set(want), set(got)
    if not want_set & got_set:
        if want_set & {_as_int(label) for label in got}:
            return [f"Your {word} are text (like {got[0]!r}), not numbers: use `.astype(int)`."]
        if list(got) == list(range(len(got))):
            return [
                f"Your rows are numbered 0, 1, 2, … instead of labelled by {word}: "
                f"did you `reset_index()`, or use `.values`? Keep (or `set_index`) the {word}."
            ]
    problems = []
    missing = [label for label in want if label not in got_set]
    extra = [label for label in got if label not in want_set]
    if missing:
        problems.append(f"Missing {word}: {listing(missing, 8)}.")
    if extra:
        problems.append(f"{word.capitalize()} not asked for: {listing(extra, 8)}.")
    repeated = got[got.duplicated()].unique().tolist()
    if repeated:
        problems.append(f"Repeated {word}: {listing(repeated)}.")
    return problems


def _as_int(label: Any) -> Any:
    try:
        return int(str(label).strip())
    except ValueError:
        return label


def value_problems(got: pd.Series, want: pd.Series, rel: float, abs_: float) -> list[str]:
    """Compare values on the labels both have; explain NaN, text and scale errors.

    Each problem is a phrase to follow a subject: ``"Your Series: " + problem``.
    """
    import numpy as np
    import pandas as pd

    got = got[~got.index.duplicated()]
    got_labels = set(got.index)
    extra_nan = list(got.index[~got.index.isin(want.index) & got.isna().to_numpy()])
    common = [label for label in want.index if label in got_labels]
    got = got.reindex(common)
    want = want.reindex(common)
    if not pd.api.types.is_numeric_dtype(want):
        bad = [k for k in common if str(got[k]) != str(want[k])]
        return [f"different values for {listing(bad)}."] if bad else []
    numbers = pd.to_numeric(got, errors="coerce")
    text = [k for k in common if _not_number(got[k], numbers[k])]
    if text:
        example = got[text[0]]
        return [f"text ({example!r}) where numbers belong; convert with `pd.to_numeric`."]
    problems = []
    if extra_nan:
        problems.append(
            f"NaN for {listing(extra_nan)}: those years have no data; drop them with `.dropna()`."
        )
    nan = [k for k in common if pd.isna(numbers[k]) and pd.notna(want[k])]
    if nan:
        problems.append(
            f"NaN for {listing(nan)}, where the data has numbers. A year without data, or two "
            "tables whose years did not line up?"
        )
    has = [k for k in common if pd.notna(numbers[k]) and pd.isna(want[k])]
    if has:
        problems.append(f"a value for {listing(has)}, where the data has none.")
    both = numbers.notna() & want.notna()
    g, w = numbers[both].astype(float), want[both].astype(float)
    ok = np.isclose(g, w, rtol=rel, atol=abs_)
    if ok.all():
        return problems
    bad = list(g.index[~ok])
    first = bad[0]
    problems.append(
        _scale(g, w)
        or f"wrong values for {listing(bad)} (e.g. {first}: yours {fmt(float(g[first]))} is too "
        f"{'high' if g[first] > w[first] else 'low'}{how_far(float(g[first]), float(w[first]))})."
    )
    return problems


def _not_number(raw: Any, number: float) -> bool:
    """True for text, containers and booleans where a number belongs."""
    import pandas as pd

    if isinstance(raw, (str, bool)) or not pd.api.types.is_scalar(raw):
        return True
    return bool(pd.notna(raw)) and bool(pd.isna(number))


def _scale(got: pd.Series, want: pd.Series) -> str | None:
    """One explanation for every wrong value: a common factor or a reciprocal."""
    import numpy as np

    nonzero = (got != 0) & (want != 0)
    if not nonzero.any():
        return None
    ratio = (got[nonzero] / want[nonzero]).to_numpy()
    if np.allclose(ratio, ratio[0], rtol=0.02):
        hint = scale_hint(float(ratio[0]))
        if hint:
            return hint
    if np.allclose(got[nonzero] * want[nonzero], 1, rtol=1e-3):
        return "reciprocals (1 ÷ the answer). Did you divide the wrong way round?"
    return None


@dataclass(frozen=True)
class SeriesOf(Comparison):
    """A pandas Series: same labels (e.g. years) and values within tolerance.

    A one-column DataFrame is accepted as the Series it holds.
    """

    rel: float = 1e-4
    abs: float = 0.0
    expects = "a pandas Series (one value per year)"

    def compare(self, value: Any, expected: pd.Series) -> Verdict:
        """Compare a Series with the expected one."""
        import pandas as pd

        given = value
        if isinstance(value, pd.DataFrame):
            if value.shape[1] != 1:
                return self.wrong_type(value, "pick one column, e.g. `frame['JPN']`")
            value = value.iloc[:, 0]
        if not isinstance(value, pd.Series):
            return self.wrong_type(value, _to_series_advice(value))
        if value.index.nlevels > expected.index.nlevels:
            levels = value.index.nlevels
            return self.wrong_type(
                given,
                f"its index has {levels} levels (e.g. country and year) where one is wanted: "
                "keep one country's rows, e.g. with `.xs('JPN', level=0)`",
            )
        word = _word(expected.index)
        if value.empty:
            return Verdict(
                False, f"Your Series is empty: a filter or the {word} removed everything."
            )
        problems = index_problems(value.index, expected.index, word)
        problems += [
            f"Your Series: {text}" for text in value_problems(value, expected, self.rel, self.abs)
        ]
        return Verdict(False, " ".join(problems)) if problems else RIGHT


def _to_series_advice(value: Any) -> str:
    if isinstance(value, dict):
        return "turn it into one with `pd.Series(your_dict)`"
    if size(value) is not None and not isinstance(value, str):
        return "keep the pandas result (with its index) instead of `.tolist()` or `.values`"
    return "compute it from the data tables, one value per year"


@dataclass(frozen=True)
class Frame(Comparison):
    """A pandas DataFrame: the same columns and rows (any order) and values within tolerance."""

    rel: float = 1e-4
    abs: float = 0.0
    check_index: bool = True
    expects = "a pandas DataFrame"

    def compare(self, value: Any, expected: pd.DataFrame) -> Verdict:
        """Compare a DataFrame with the expected one: columns, then rows, then values."""
        import pandas as pd

        if isinstance(value, pd.Series):
            return self.wrong_type(value, "make it a table with `.to_frame()` or `frame[['col']]`")
        if not isinstance(value, pd.DataFrame):
            advice = "use `pd.DataFrame(...)`" if isinstance(value, (dict, list)) else ""
            return self.wrong_type(value, advice)
        if value.empty:
            return Verdict(
                False, "Your DataFrame is empty: a filter or year range removed every row."
            )
        if not self.check_index:
            value, expected = value.reset_index(drop=True), expected.reset_index(drop=True)
        problems = self._structure(value, expected)
        if problems:
            return Verdict(False, " ".join(problems))
        found = [
            (repr(column), text)
            for column in expected.columns
            for text in value_problems(value[column], expected[column], self.rel, self.abs)
        ]
        problems = merge(found, "Column {}", "Columns {}")
        return Verdict(False, " ".join(problems[:4])) if problems else RIGHT

    def _structure(self, value: pd.DataFrame, expected: pd.DataFrame) -> list[str]:
        cols, rows = set(value.columns), set(value.index)
        if cols == set(expected.index) and rows == set(expected.columns) and cols != rows:
            return ["Your table is transposed (rows and columns swapped): use `.T`."]
        problems = []
        name = expected.index.name
        if name is not None and name in cols and name not in set(expected.columns):
            problems.append(
                f"{name!r} is a column in your table but should be the index: "
                f"use `.set_index({name!r})`."
            )
        missing = [c for c in expected.columns if c not in cols]
        extra = [c for c in value.columns if c not in set(expected.columns) and c != name]
        folded = {str(c).casefold(): c for c in extra}
        for column in list(missing):
            if str(column).casefold() in folded:
                missing.remove(column)
                extra.remove(folded[str(column).casefold()])
                problems.append(
                    f"Column {folded[str(column).casefold()]!r} should be named "
                    f"{column!r} (names are case-sensitive)."
                )
        if missing:
            problems.append(f"Missing columns: {listing(missing, 8)}.")
        if extra:
            problems.append(f"Columns not asked for: {listing(extra, 8)}.")
        if value.columns.duplicated().any():
            problems.append("Some column names appear twice.")
        if not problems and self.check_index:
            problems += index_problems(value.index, expected.index, _word(expected.index))
        return problems
