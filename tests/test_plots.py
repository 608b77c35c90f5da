"""course.plots: the house style, units, source lines and alt text, on real data."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

from course import data, plots


@pytest.fixture(scope="module")
def rd_chart() -> plots.Chart:
    return plots.indicator_chart("rd_expenditure_pct_gdp", ["JPN", "KOR", "USA", "OED"])


def test_axis_labels_carry_units(rd_chart: plots.Chart) -> None:
    assert rd_chart.ax.get_ylabel() == "% of GDP"
    assert rd_chart.ax.get_xlabel() == "Year"
    assert rd_chart.ax.get_title(loc="left") == "Research and development expenditure"


def test_source_line_under_the_plot(rd_chart: plots.Chart) -> None:
    texts = [t.get_text() for t in rd_chart.fig.texts]
    assert any("World Development Indicators" in t and "GB.XPD.RSDV.GD.ZS" in t for t in texts)


def test_alt_text_states_real_values(rd_chart: plots.Chart) -> None:
    # Japan's series runs from 2.86 % (1996... first year) to 3.44 % in 2023.
    first_year = int(data.table("rd_expenditure_pct_gdp", "JPN").dropna().index[0])
    assert (
        f"Japan {data.value('rd_expenditure_pct_gdp', 'JPN', first_year):.3g} in {first_year}"
        in rd_chart.alt
    )
    assert "to 3.44 in 2023" in rd_chart.alt
    assert rd_chart.alt.startswith("Line chart: Research and development expenditure. % of GDP")


def test_series_differ_by_more_than_colour(rd_chart: plots.Chart) -> None:
    lines = rd_chart.ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["Japan", "Korea", "United States", "OECD members"]
    assert lines[0].get_color() == plots.JAPAN_COLOUR
    assert lines[0].get_linewidth() > max(ln.get_linewidth() for ln in lines[1:])
    styles = {(ln.get_marker(), ln.get_linestyle()) for ln in lines}
    assert len(styles) == len(lines)
    okabe_ito = {plots.JAPAN_COLOUR, *plots.PALETTE}
    assert {ln.get_color() for ln in lines} <= okabe_ito


def test_html_has_image_with_alt(rd_chart: plots.Chart) -> None:
    html = rd_chart._repr_html_()
    assert html.startswith('<figure class="course-chart"')
    assert 'alt="Line chart: Research and development expenditure.' in html
    assert "data:image/png;base64," in html
    assert repr(rd_chart).startswith("Chart: Line chart")


def test_readable_at_100_percent(rd_chart: plots.Chart) -> None:
    width, height = rd_chart.fig.get_size_inches() * rd_chart.fig.dpi
    assert 600 <= width <= 1000 and height >= 350
    assert all(t.get_fontsize() >= 9 for t in rd_chart.ax.get_xticklabels())


def test_money_is_scaled_and_labelled() -> None:
    chart = plots.indicators_chart(["ip_charges_receipts_usd", "ip_charges_payments_usd"], "JPN")
    assert chart.ax.get_ylabel() == "billion current US$ (BoP)"
    receipts = chart.ax.get_lines()[0]
    assert max(receipts.get_ydata()) == pytest.approx(54.528374130)
    assert [ln.get_label() for ln in chart.ax.get_lines()] == ["Receipts", "Payments"]
    title = "Japan: charges for the use of intellectual property, receipts and payments"
    assert chart.ax.get_title(loc="left") == title


def test_no_global_style_change() -> None:
    before = dict(matplotlib.rcParams)
    plots.indicator_chart("pop_65plus_pct", "JPN")
    assert dict(matplotlib.rcParams) == before


def test_all_missing_is_a_clear_error() -> None:
    with pytest.raises(data.DataError, match="every value is missing"):
        plots.indicator_chart("ip_charges_receipts_usd", "VNM")


def test_mixed_units_refused() -> None:
    with pytest.raises(data.DataError, match="different units"):
        plots.indicators_chart(["pop_65plus_pct", "gdp_usd"], "JPN")


def test_bars_rank_and_describe() -> None:
    snap = data.snapshot("pop_65plus_pct", ["JPN", "KOR", "USA", "DEU"], 2025)["value"]
    chart = plots.bars(snap, title="Aged 65+", x_label="% of total population", source="S.")
    labels = [t.get_text() for t in chart.ax.get_yticklabels()]
    assert labels[-1] == "Japan"  # largest at the top
    assert chart.alt.startswith(
        f"Bar chart: Aged 65+. % of total population. Japan {snap['Japan']:.3g}"
    )
    japan_bar = chart.ax.patches[-1]
    assert japan_bar.get_hatch() == "//"


def test_reference_line_is_labelled() -> None:
    ratio = data.table("ip_charges_receipts_usd", "JPN") / data.table(
        "ip_charges_payments_usd", "JPN"
    )
    chart = plots.line(
        ratio, title="Coverage", y_label="ratio", source="S.", reference=(1.0, "even")
    )
    assert any(t.get_text() == "even" for t in chart.ax.texts)


def _styles(chart) -> dict[str, tuple]:
    return {
        line.get_label(): (line.get_color(), line.get_marker(), line.get_linestyle())
        for line in chart.ax.get_lines()
        if not line.get_label().startswith("_")
    }


def test_an_economy_looks_the_same_in_every_chart() -> None:
    """Korea is Korea's colour, marker and line style whatever else is in the chart and in
    whatever order (it once was blue squares in one chart and yellow diamonds in the next)."""
    orders = [
        ["JPN", "KOR", "USA", "DEU", "CHN", "OED"],
        ["JPN", "USA", "CHN", "KOR", "DEU"],
        ["KOR", "JPN"],
        ["CHN", "DEU", "KOR", "USA", "JPN", "WLD"],
    ]
    seen: dict[str, tuple] = {}
    for countries in orders:
        chart = plots.indicator_chart("rd_expenditure_pct_gdp", countries)
        for label, style in _styles(chart).items():
            assert seen.setdefault(label, style) == style, label
    assert seen["Japan"][0] == plots.JAPAN_COLOUR
    assert len(set(seen.values())) == len(seen), "two economies look alike"


def test_every_fixed_economy_has_its_own_look() -> None:
    looks = [tuple(sorted(plots.series_style(code)[1].items())) for code in plots.ECONOMIES]
    assert len(set(looks)) == len(looks)
    assert plots.series_style("Korea") == plots.series_style("KOR")


def test_no_module_but_plots_chooses_series_colours() -> None:
    """Explorers and lesson charts take their styles from ``plots.series_style``; elsewhere
    only grey guide lines get a colour of their own."""
    import re

    package = Path(plots.__file__).parent
    for path in package.rglob("*.py"):
        if path.name == "plots.py":
            continue
        text = path.read_text(encoding="utf-8")
        # dealing colours or markers by position is how an economy changed look between charts
        assert not re.search(r"(PALETTE|MARKERS|LINESTYLES)\[[^\]]*%", text), path
        for colour in re.findall(r"color=\"(#[0-9A-Fa-f]{6})\"", text):
            assert colour.upper() in {"#444444", "#555555", "#999999", "#000000"}, (path, colour)
