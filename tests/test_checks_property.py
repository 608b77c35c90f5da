"""Property test: no value a learner can produce makes any checker raise.

Every registered task, plus one task per comparison kind, is fed arbitrary values:
integers (huge ones too), floats with NaN and infinities, text, lists, dicts, None,
nested containers and small DataFrames and Series.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course import data
from course.checks import Result, Task, registry
from course.checks.compare import Number, Text, Year
from course.checks.sequences import Items
from course.checks.tables import Frame, SeriesOf

EXTRA = [
    Task("t0.number", "n", lambda: data.value("rd_expenditure_pct_gdp", "JPN", 2020), Number()),
    Task("t0.year", "y", lambda: 1996, Year()),
    Task("t0.text", "t", lambda: "Korea", Text(key=data.country_code)),
    Task("t0.items", "i", lambda: ["KOR", "ISR", "TWN"], Items()),
    Task("t0.set", "s", lambda: ["KOR", "JPN"], Items(ordered=False)),
    Task("t0.series", "s", lambda: data.table("gdp_usd", "JPN", (2018, 2020))["JPN"], SeriesOf()),
    Task("t0.frame", "f", lambda: data.table("gdp_usd", ["JPN", "KOR"], (2018, 2020)), Frame()),
]
TASKS = [*registry().values(), *EXTRA]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**6000), max_value=10**6000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.just(...),
)
containers = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=5), inner, max_size=3),
    ),
    max_leaves=10,
)
labels = st.one_of(st.integers(1990, 2030), st.sampled_from(["JPN", "KOR", "year", "a"]))
cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 5), st.text(max_size=3)
)
series = st.lists(st.tuples(labels, cells), max_size=6).map(
    lambda pairs: pd.Series([v for _, v in pairs], index=[k for k, _ in pairs], dtype=object)
)
frames = st.dictionaries(labels, st.lists(cells, min_size=3, max_size=3), max_size=3).map(
    lambda columns: pd.DataFrame(columns, index=[2018, 2019, 2020])
)
numbers = st.dictionaries(st.integers(2005, 2030), st.floats(allow_nan=True), max_size=20).map(
    lambda values: pd.Series(values, dtype=float)
)
values = st.one_of(containers, series, numbers, frames)


@pytest.mark.parametrize("task", TASKS, ids=[t.id for t in TASKS])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values)
def test_no_value_makes_a_checker_raise(task: Task, value: object) -> None:
    result = task.check(value)
    assert isinstance(result, Result)
    assert result.status in {"correct", "wrong", "unattempted", "error"}
    assert repr(result) == result.message and result.message[:1] in "✓✗…⚠"
    assert result.correct == (result.status == "correct")
