"""A generic, accessible explorer: controls in, chart and one-sentence finding out.

Plain ipywidgets fall short for screen-reader and keyboard users (see the course's
browser notes): group labels tied to nothing, unnamed slider handles, images without
alt text, feedback never announced. This anywidget renders native HTML controls with
real labels, an ``<img>`` with alt text and a ``role=status`` live region, and keeps
JupyterLab's shortcuts from stealing arrow keys. All computing happens in Python: the
page sends the control values, ``render(values)`` returns a chart and a sentence.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course.plots import Chart

Render = Callable[[dict[str, Any]], "tuple[Chart, str]"]
Fit = Callable[[dict[str, Any]], dict[str, list[int]]]
"""For the current values, the values each range control may take (e.g. the years with data)."""


@dataclass
class Control:
    """One control: ``kind`` is "checkboxes", "range" or "select".

    ``options`` are (value, label) pairs for check boxes and selects; ``low``, ``high``
    and ``step`` bound a range. ``value`` is the starting value (a list for check boxes).
    """

    name: str
    label: str
    kind: str
    value: Any
    options: list[tuple[str, str]] = field(default_factory=list)
    low: int = 0
    high: int = 0
    step: int = 1


def economy_choice(
    economies: Iterable[str],
    chosen: Iterable[str],
    *,
    name: str = "economies",
    label: str = "Economies",
) -> Control:
    """Check boxes for ``economies`` by their short names, ``chosen`` ticked."""
    from course import data

    options = [(code, data.country_name(code)) for code in economies]
    return Control(name, label, "checkboxes", list(chosen), options=options)


def indicator_choice(indicators: Iterable[str]) -> Control:
    """A select of ``indicators`` by their names, the first one chosen."""
    from course import data

    options = [(code, data.indicator(code).name) for code in indicators]
    return Control("indicator", "Indicator", "select", options[0][0], options=options)


def _asset(name: str) -> str:
    return resources.files("course.widgets").joinpath(name).read_text(encoding="utf-8")


def _widget_class() -> type:
    """Build the anywidget class on first use, so importing this module stays cheap."""
    import anywidget
    import traitlets

    class ExplorerWidget(anywidget.AnyWidget):
        _esm = _asset("explorer.js")
        _css = _asset("explorer.css")
        heading = traitlets.Unicode("").tag(sync=True)
        controls: Any = traitlets.List([]).tag(sync=True)
        values = traitlets.Dict({}).tag(sync=True)
        image = traitlets.Unicode("").tag(sync=True)
        alt = traitlets.Unicode("").tag(sync=True)
        finding = traitlets.Unicode("").tag(sync=True)
        rendered = traitlets.Int(0).tag(sync=True)  # counts finished updates (tests, aria-busy)
        notice = traitlets.Unicode("")  # why a value moved: said with the next finding

    return ExplorerWidget


def years_with_data(indicator: str, economies: list[str]) -> list[int]:
    """The years in which at least one of ``economies`` (Japan if none) has ``indicator``:
    what a year slider should offer. Used by lessons 0, 5 and 8."""
    from course import data

    table = data.table(indicator, economies or ["JPN"]).dropna(how="all")
    return [int(year) for year in table.index]


def period(
    years: Iterable[int], values: dict[str, Any], *, same_year: bool = False
) -> dict[str, list[int]]:
    """Start and end sliders over ``years`` that keep start before end (or at most equal,
    with ``same_year``): the ``fit`` of a period's two range controls named start and end."""
    start, end, gap = int(values["start"]), int(values["end"]), 0 if same_year else 1
    years = list(years)
    return {
        "start": [y for y in years if y <= end - gap],
        "end": [y for y in years if y >= start + gap],
    }


def fitted(
    values: dict[str, Any], allowed: dict[str, list[int]], labels: dict[str, str]
) -> tuple[dict[str, Any], list[str]]:
    """``values`` with each range value moved to the nearest allowed one, and a sentence for
    each move ("Year: 2024 is not possible with these choices …, so 2022 is shown.")."""
    values, moves = dict(values), []
    for name, options in allowed.items():
        if options and values.get(name) not in options:
            wanted = int(values[name])
            values[name] = min(options, key=lambda option: (abs(option - wanted), -option))
            moves.append(
                f"{labels.get(name, name)}: {wanted} is not possible with these choices "
                f"(no data, or past the other end), so {values[name]} is shown."
            )
    return values, moves


def explorer(heading: str, controls: list[Control], render: Render, fit: Fit | None = None) -> Any:
    """An explorer widget: ``render(values)`` is called at once and after every change.

    With ``fit``, range controls only offer values that have data for the other choices:
    the slider's ends follow them and a value without data moves to the nearest one, saying
    so. A failing ``render`` never raises into the notebook: its message becomes the finding.
    """
    widget = _widget_class()(
        heading=heading,
        controls=[asdict(c) for c in controls],
        values={c.name: c.value for c in controls},
    )
    widget.add_class("course-explorer")

    def refit(changed: set[str]) -> bool:
        """Fit the controls' ends and values to ``fit``, the control just ``changed`` last (so
        it keeps the learner's choice where it can); True when a value had to move (the
        change of ``values`` then starts the update that draws, with the reason)."""
        labels = {c["name"]: c["label"] for c in widget.controls}
        ends = {  # without a fit, a range keeps to its own ends
            c["name"]: list(range(c["low"], c["high"] + 1, c["step"]))
            for c in widget.controls
            if c["kind"] == "range"
        }

        def allowed_for(values: dict[str, Any]) -> dict[str, list[int]]:
            return {**ends, **fit(values)} if fit is not None else ends

        values, moves = dict(widget.values), []
        try:
            for name in sorted(allowed_for(values), key=lambda name: name in changed):
                values, moved = fitted(values, {name: allowed_for(values)[name]}, labels)
                moves += moved
            allowed = allowed_for(values)
        except Exception:  # a failing fit leaves the controls as they are
            return False
        widget.controls = [
            {**c, "low": min(allowed[c["name"]]), "high": max(allowed[c["name"]]),
             "value": values[c["name"]]} if allowed.get(c["name"]) else c
            for c in widget.controls
        ]  # fmt: skip
        if not moves:
            return False
        widget.notice = " ".join([widget.notice, *moves]).strip()
        widget.values = values
        return True

    def update(change: Any = None) -> None:
        old, new = (change["old"], change["new"]) if change else ({}, {})
        if refit({name for name in new if old.get(name) != new[name]}):
            return
        notice, widget.notice = widget.notice, ""
        try:
            chart, finding = render(dict(widget.values))
            finding = f"{notice} {finding}".strip()
        except Exception as error:  # a learner's choice must never crash the widget
            with widget.hold_sync():
                widget.finding = f"{notice} Nothing to show for this choice: {error}".strip()
                widget.image, widget.alt = "", ""
                widget.rendered += 1
            return
        widget.finding = finding  # at once: the sentence is the feedback, the picture follows
        image = base64.b64encode(chart.png()).decode("ascii")
        with widget.hold_sync():  # one message: never a new chart with the old alt text
            widget.alt, widget.image = chart.alt, image
            widget.rendered += 1

    widget.observe(update, names="values")
    update()
    return widget
