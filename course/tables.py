"""How a DataFrame shows in a course notebook: a plain, accessible HTML table.

pandas' own HTML leaves header cells empty (the corner, and a second header row for the
index's name), which screen readers announce as blank and axe-core reports; it prints
large numbers without thousands separators; and indicator ids such as
``researchers_per_million`` say little to a newcomer. ``html(frame)`` draws the same
table with the index's name in the corner, one header row, separators, and a caption that
spells out the indicators it shows. Only the display changes: the frame, its labels and
``print(frame)`` stay exactly as pandas has them, so the names a learner types still match
what they see. ``install()`` registers it with IPython (``import course`` does this);
frames too large or too complex for a plain table keep pandas' own display.
"""

from __future__ import annotations

import html as _html
import math
import numbers
import sys
from typing import Any, cast

MAX_ROWS, MAX_COLUMNS = 60, 20  # beyond these, pandas' own (truncated) display


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _column(values: list[Any]) -> list[str]:
    """A column's values as text, all numbers with the same decimals (six significant digits
    at most), separators when the column reaches 10,000; years stay 2023."""
    real = [float(v) for v in values if _is_number(v) and not math.isnan(v)]
    whole = all(isinstance(v, numbers.Integral) or float(v).is_integer() for v in real)
    decimals = 0
    if not whole:
        shown = [f"{v:.6g}" for v in real]
        decimals = max(
            (len(t.split(".")[1]) for t in shown if "." in t and "e" not in t), default=0
        )
    comma = "," if real and max(abs(v) for v in real) >= 1e4 else ""
    return [
        (f"{float(v):{comma}.{decimals}f}" if not math.isnan(v) else "NaN")
        if _is_number(v)
        else ("NaN" if str(v) in ("nan", "NaT", "<NA>", "None") else str(v))
        for v in values
    ]


def _caption(frame: Any) -> str:
    """Names of the indicators a frame shows, by id, for its caption ('' if none)."""
    from course import data

    try:
        known = set(data.indicators().index)
    except Exception:
        return ""
    ids = [str(c) for c in frame.columns if str(c) in known]
    if "indicator" in frame.columns:
        ids += [str(v) for v in frame["indicator"].drop_duplicates()[:10] if str(v) in known]
    named = [f"{i}: {data.indicator(i).name}" for i in dict.fromkeys(ids)]
    return "; ".join(named)


def html(frame: Any) -> str:
    """The frame as a plain HTML table (pandas' own HTML for large or multi-level frames;
    columns of two levels get a grouped header)."""
    import pandas as pd

    columns = frame.columns
    grouped = isinstance(columns, pd.MultiIndex) and columns.nlevels == 2
    simple = not isinstance(frame.index, pd.MultiIndex) and (
        grouped or not isinstance(columns, pd.MultiIndex)
    )
    if not simple or len(frame) > MAX_ROWS or len(columns) > MAX_COLUMNS:
        return cast(str, frame._repr_html_())
    esc = _html.escape
    corner = esc(str(frame.index.name or (None if grouped else columns.name) or "row"))
    if grouped:
        tops: list[tuple[str, int]] = []
        for top, _ in columns:
            if tops and tops[-1][0] == top:
                tops[-1] = (top, tops[-1][1] + 1)
            else:
                tops.append((top, 1))
        head = f'<tr><th scope="col" rowspan="2">{corner}</th>' + "".join(
            f'<th scope="colgroup" colspan="{n}">{esc(str(top))}</th>' for top, n in tops
        )
        head += (
            "</tr><tr>"
            + "".join(f'<th scope="col">{esc(str(sub))}</th>' for _, sub in columns)
            + "</tr>"
        )
    else:
        head = (
            f'<tr><th scope="col">{corner}</th>'
            + "".join(f'<th scope="col">{esc(str(c))}</th>' for c in columns)
            + "</tr>"
        )
    values = [_column(frame.iloc[:, i].tolist()) for i in range(len(columns))]
    labels = _column(list(frame.index))
    rows = []
    for n, label in enumerate(labels):
        cells = "".join(f"<td>{esc(column[n])}</td>" for column in values)
        rows.append(f'<tr><th scope="row">{esc(label)}</th>{cells}</tr>')
    caption = _caption(frame) if not grouped else ""
    caption = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        '<table class="dataframe course-table" style="font-variant-numeric: tabular-nums">'
        f"{caption}<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def install() -> bool:
    """Show DataFrames with :func:`html` in this IPython kernel; False outside IPython.

    Registered by type name, so pandas is not imported until a frame is shown."""
    if "IPython" not in sys.modules:  # not in a kernel: nothing to do, nothing to import
        return False
    shell = sys.modules["IPython"].get_ipython()
    if shell is None:
        return False
    formatter = shell.display_formatter.formatters["text/html"]
    for module in ("pandas", "pandas.core.frame"):  # pandas 3 names its classes' module so
        formatter.for_type_by_name(module, "DataFrame", html)
    return True
