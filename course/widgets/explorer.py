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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course.plots import Chart

Render = Callable[[dict[str, Any]], "tuple[Chart, str]"]


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
        controls = traitlets.List([]).tag(sync=True)
        values = traitlets.Dict({}).tag(sync=True)
        image = traitlets.Unicode("").tag(sync=True)
        alt = traitlets.Unicode("").tag(sync=True)
        finding = traitlets.Unicode("").tag(sync=True)
        rendered = traitlets.Int(0).tag(sync=True)  # counts finished updates (tests, aria-busy)

    return ExplorerWidget


def explorer(heading: str, controls: list[Control], render: Render) -> Any:
    """An explorer widget: ``render(values)`` is called at once and after every change.

    A failing ``render`` never raises into the notebook: its message becomes the finding.
    """
    widget = _widget_class()(
        heading=heading,
        controls=[asdict(c) for c in controls],
        values={c.name: c.value for c in controls},
    )
    widget.add_class("course-explorer")

    def update(_: Any = None) -> None:
        try:
            chart, finding = render(dict(widget.values))
        except Exception as error:  # a learner's choice must never crash the widget
            with widget.hold_sync():
                widget.finding = f"Nothing to show for this choice: {error}"
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
