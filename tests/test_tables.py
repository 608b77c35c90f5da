"""DataFrames in a course notebook: one header row, no empty header cell, separators,
a caption naming the indicators; the frame itself unchanged."""

from __future__ import annotations

import html
import re
import subprocess
import sys

import pandas as pd

from course import data, tables


def test_a_data_table_has_no_empty_header_and_names_its_corner() -> None:
    frame = data.table("rd_expenditure_pct_gdp", ["Japan", "Korea"], (2020, 2022))
    shown = tables.html(frame)
    headers = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", shown)
    assert headers[:3] == ["year", "JPN", "KOR"] and all(h.strip() for h in headers)
    assert shown.count("<tr>") == 1 + len(frame)  # one header row
    assert '<th scope="row">2020</th>' in shown  # years without separators
    assert frame.index.name == "year" and list(frame.columns) == ["JPN", "KOR"]  # unchanged


def test_large_numbers_get_separators_and_indicators_a_caption() -> None:
    frame = pd.DataFrame(
        {"researchers_per_million": [5608.7, 5925.9], "gdp_usd": [4.2e12, 4.4e12]},
        index=pd.Index(["JPN", "DEU"], name="iso3"),
    )
    shown = tables.html(frame)
    assert "<td>4,200,000,000,000</td>" in shown and "<td>5608.7</td>" in shown
    mixed = tables.html(pd.DataFrame({"v": [17.6, 18.0, 36.25]}))
    assert "<td>18.00</td>" in mixed and "<td>17.60</td>" in mixed  # one number of decimals
    caption = re.search(r"<caption>(.*)</caption>", shown).group(1)
    name = html.escape(data.indicator("researchers_per_million").name)
    assert f"researchers_per_million: {name}" in caption
    assert "gdp_usd: " in caption


def test_what_a_plain_table_cannot_show_keeps_pandas_display() -> None:
    multi = pd.DataFrame({"v": [1, 2]}, index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)]))
    assert tables.html(multi) == multi._repr_html_()
    long = pd.DataFrame({"v": range(tables.MAX_ROWS + 1)})
    assert tables.html(long) == long._repr_html_()


def test_import_course_registers_it_in_a_kernel_without_importing_pandas() -> None:
    code = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "import sys\n"
        "shell = InteractiveShell.instance()\n"
        "import course\n"
        "print('pandas' in sys.modules)\n"
        "import pandas as pd\n"
        "frame = pd.DataFrame({'a': [12345.0]}, index=pd.Index([2020], name='year'))\n"
        "data, _ = shell.display_formatter.format(frame)\n"
        "print(data['text/html'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, shown = out.stdout.split("\n", 1)
    assert first == "False"
    assert 'class="dataframe course-table"' in shown and "<td>12,345</td>" in shown
