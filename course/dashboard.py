"""The learner's progress dashboard: one accessible widget built from ``course.progress``.

``dashboard()`` returns an anywidget. Everything is computed here in Python; the small ES
module below only renders the state it is given (a <table> with a <caption>, <progress>
elements with aria-labels, text buttons, a role=status live region) and sends button presses
back. ``import course.dashboard`` is cheap: anywidget and ipywidgets load inside ``dashboard()``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from course import progress

BAR_WIDTH = 10
KIND_WORDS = {"quiz": "quiz question", "exercise": "exercise"}


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def lesson_catalogue(
    catalogue: list[dict] | None = None, items: dict[str, dict] | None = None
) -> list[dict]:
    """The lessons to show: ``catalogue``, else ``course.lessons.catalogue()`` if that exists,
    else the lessons found in the progress file, each as ``{"id", "title", "items", "labels"}``.

    Items may be ids (``"l0.q1"``; a bare ``"q1"`` gets the lesson prefix) or dicts with ``id``
    and optional ``label`` and ``kind``; labels end up in the lesson's ``labels`` by id.
    """
    if catalogue is None:
        try:
            from course import lessons

            catalogue = lessons.catalogue()
        except (ModuleNotFoundError, AttributeError) as err:
            if getattr(err, "name", None) not in ("course.lessons", "catalogue"):
                raise  # a real bug in course.lessons: do not hide it
            items = progress.load() if items is None else items
            found: dict[str, list[str]] = {}
            for key in sorted(items, key=_natural):
                found.setdefault(items[key]["lesson"], []).append(key)
            catalogue = [{"id": k, "title": "", "items": v} for k, v in found.items()]
    resolved = []
    for lesson in catalogue:
        ids, labels = [], dict(lesson.get("labels") or {})
        for entry in lesson.get("items", []):
            item = str(entry["id"] if isinstance(entry, dict) else entry)
            item = item if "." in item else f"{lesson['id']}.{item}"
            ids.append(item)
            if isinstance(entry, dict) and (entry.get("label") or entry.get("kind")):
                word = KIND_WORDS.get(entry.get("kind"), "item")
                labels[item] = str(entry.get("label") or f"{word} {item.split('.', 1)[1]}")
        resolved.append({**lesson, "title": lesson.get("title") or "", "items": ids})
        resolved[-1]["labels"] = labels
    return resolved


def _lesson_name(lesson: dict) -> str:
    """``"lesson 1 (Science policy)"`` for id ``l1``; other ids are used as they are."""
    match = re.fullmatch(r"[lL](?:esson)?[_-]?(\d+)", lesson["id"])
    name = f"lesson {int(match.group(1))}" if match else lesson["id"]
    return f"{name} ({lesson['title']})" if lesson.get("title") else name


def _item_label(item_id: str, lesson: dict, items: dict[str, dict]) -> str:
    """A readable name: the catalogue's label, else "quiz question q2" from the kind."""
    if item_id in lesson.get("labels", {}):
        return lesson["labels"][item_id]
    short = item_id.split(".", 1)[1] if "." in item_id else item_id
    kind = items[item_id]["kind"] if item_id in items else None
    if kind is None and re.fullmatch(r"q(uiz)?[_-]?\d+.*", short):
        kind = "quiz"
    elif kind is None and re.fullmatch(r"(ex|exercise|e)[_-]?\d+.*", short):
        kind = "exercise"
    return f"{KIND_WORDS.get(kind, 'item')} {short}"


def state(catalogue: list[dict] | None = None, items: dict[str, dict] | None = None) -> dict:
    """Everything the dashboard shows, as plain data (the widget's synced traits)."""
    items = progress.load() if items is None else items
    lessons = lesson_catalogue(catalogue, items)
    rows, next_step = [], ""
    for lesson, row in zip(lessons, progress.summary(lessons, items), strict=True):
        name = _lesson_name(lesson)
        filled = round(BAR_WIDTH * row["done"] / row["total"]) if row["total"] else BAR_WIDTH
        left = [_item_label(i, lesson, items) for i in row["left"]]
        retry = [_item_label(i, lesson, items) for i in row["retry"]]
        rows.append(
            {
                **{k: row[k] for k in ("id", "done", "total", "correct", "percent", "complete")},
                "name": name[:1].upper() + name[1:],
                "percent_text": f"{row['percent']}%",
                "bar": "█" * filled + "░" * (BAR_WIDTH - filled),
                "progress_label": f"{name}: {row['done']} of {row['total']} done "
                f"({row['percent']}%)",
                "left": left,
                "retry": retry,
            }
        )
        if not next_step and left:
            next_step = f"Next: {name}, {left[0]}."
    if not next_step:
        retry_row = next((r for r in rows if r["retry"]), None)
        if retry_row:
            next_step = f"Next: try again, {retry_row['name']}, {retry_row['retry'][0]}."
        elif rows:
            next_step = "All done: you have tried everything in every lesson. Well done!"
        else:
            next_step = "No lessons yet: answer a quiz question in lesson 0 to begin."
    done, total = sum(r["done"] for r in rows), sum(r["total"] for r in rows)
    correct = sum(r["correct"] for r in rows)
    share = f" ({round(100 * done / total)}%)" if total else ""
    return {
        "lessons": rows,
        "next_step": next_step,
        "overall": f"You have tried {done} of {total} items{share}; {correct} answered correctly.",
        "notices": progress.notices(),
        "progress_file": str(progress.progress_path()),
    }


def dashboard(catalogue: list[dict] | None = None) -> Any:
    """A widget showing each lesson's progress, what is left and the next step, with
    Refresh, Export and Import controls. ``catalogue``: see :func:`lesson_catalogue`."""
    widget = _widget_class()(catalogue=catalogue)
    widget.add_class("course-dashboard")
    return widget


@functools.cache
def _widget_class() -> type:
    """Build the widget class on first use, so that importing this module stays cheap."""
    import anywidget
    import traitlets as t

    class ProgressDashboard(anywidget.AnyWidget):
        """Renders :func:`state`; handles the buttons' messages (see ``handle``)."""

        _esm = ESM
        _css = CSS
        lessons = t.List(t.Dict()).tag(sync=True)
        next_step = t.Unicode("").tag(sync=True)
        overall = t.Unicode("").tag(sync=True)
        notices = t.List(t.Unicode()).tag(sync=True)
        progress_file = t.Unicode("").tag(sync=True)
        status = t.Unicode("").tag(sync=True)
        status_seq = t.Int(0).tag(sync=True)  # bumped on every message, so repeats are read
        download_name = t.Unicode(progress.EXPORT_NAME).tag(sync=True)
        download_text = t.Unicode("").tag(sync=True)

        def __init__(self, catalogue: list[dict] | None = None, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.catalogue = catalogue
            self.refresh(announce=False)
            self.on_msg(lambda _widget, content, buffers: self.handle(content, buffers))

        def say(self, message: str) -> None:
            """Put ``message`` in the status region (read out by screen readers)."""
            self.status, self.status_seq = message, self.status_seq + 1

        def refresh(self, *, announce: bool = True) -> None:
            """Recompute everything from the progress file."""
            with self.hold_sync():
                for key, value in state(self.catalogue).items():
                    setattr(self, key, value)
            if announce:
                self.say(f"Progress refreshed. {self.next_step}")

        def handle(self, content: dict, buffers: list | None = None) -> None:
            """One message from the page: refresh, export, import_path or import_file."""
            action = content.get("action")
            try:
                if action == "refresh":
                    self.refresh()
                elif action == "export":
                    path = progress.export(Path.cwd() / progress.EXPORT_NAME)
                    self.download_name, self.download_text = path.name, path.read_text()
                    self.say(
                        f"Saved your progress as {path}. Use the download link to keep a copy "
                        "on your computer, then import it in your next session."
                    )
                elif action == "import_path":
                    source = str(content.get("path", "")).strip()
                    if not source:
                        self.say("Type the path of a progress file first, then press Import.")
                    else:
                        self._bring_in(source, source)
                elif action == "import_file":
                    name = str(content.get("name") or "the chosen file")
                    if not buffers:
                        self.say("Choose a progress file first, then press Import.")
                    else:
                        self._bring_in(bytes(buffers[0]), name)
            except progress.ProgressFileError as err:
                self.say(str(err))
            except OSError as err:
                self.say(f"That did not work ({err.strerror or err}); nothing was changed.")

        def _bring_in(self, source: str | bytes, name: str) -> None:
            count = progress.import_(source, merge=True, name=name)
            self.refresh(announce=False)
            items = "1 item" if count == 1 else f"{count} items"
            self.say(f"Merged {items} from {name} into your progress. {self.next_step}")

    return ProgressDashboard


ESM = """
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}
let views = 0;
function render({ model, el }) {
  const uid = `course-dashboard-${++views}-${Math.random().toString(36).slice(2, 8)}`;
  const button = (cls, text, action) => {
    const b = h("button", { type: "button", class: `course-dashboard-${cls}` }, text);
    b.addEventListener("click", action);
    return b;
  };
  const next = h("p", { class: "course-dashboard-next" });
  const overall = h("p", { class: "course-dashboard-overall" });
  const body = h("tbody");
  const head = h("tr", {}, ...["Lesson", "Done", "Progress", "Correct", "Still to do"]
    .map((text) => h("th", { scope: "col" }, text)));
  const table = h("table", { class: "course-dashboard-table" },
    h("caption", {}, "Your progress by lesson"), h("thead", {}, head), body);
  const download = h("a", { class: "course-dashboard-download", hidden: "" },
    "Download the exported progress file");
  const file = h("input", { type: "file", id: `${uid}-file`, accept: ".json,application/json",
    class: "course-dashboard-file" });
  const path = h("input", { type: "text", id: `${uid}-path`, class: "course-dashboard-path",
    autocomplete: "off", spellcheck: "false" });
  const importFile = async () => {
    const chosen = file.files && file.files[0];
    if (!chosen) return model.send({ action: "import_file", name: "" });
    model.send({ action: "import_file", name: chosen.name }, {}, [await chosen.arrayBuffer()]);
  };
  const importPath = () => model.send({ action: "import_path", path: path.value });
  path.addEventListener("keydown", (e) => { if (e.key === "Enter") importPath(); });
  const fieldset = h("fieldset", { class: "course-dashboard-import" },
    h("legend", {}, "Import progress saved earlier"),
    h("div", {}, h("label", { for: file.id }, "File from your computer: "), file, " ",
      button("import-file", "Import chosen file", importFile)),
    h("div", {}, h("label", { for: path.id }, "Or a path on this server: "), path, " ",
      button("import-path", "Import from path", importPath)));
  const controls = h("div", { class: "course-dashboard-controls" },
    button("refresh", "Refresh", () => model.send({ action: "refresh" })),
    button("export", "Export progress", () => model.send({ action: "export" })), download);
  const notices = h("ul", { class: "course-dashboard-notices" });
  const where = h("p", { class: "course-dashboard-file-path" });
  const status = h("p", { class: "course-dashboard-status", role: "status",
    "aria-live": "polite" });
  el.append(h("section", { class: "course-dashboard-root", "aria-label": "Course progress",
    "data-lm-suppress-shortcuts": "true" }, next, overall, table, controls, fieldset, notices,
    where, status));

  let url = null;
  function update() {
    next.textContent = model.get("next_step");
    overall.textContent = model.get("overall");
    where.textContent = `Progress is saved in ${model.get("progress_file")}`;
    body.replaceChildren(...model.get("lessons").map((row) => {
      const bar = h("progress", { max: String(Math.max(row.total, 1)),
        value: String(row.total ? row.done : 1), "aria-label": row.progress_label });
      const todo = [];
      if (row.left.length) todo.push(row.left.join(", "));
      if (row.retry.length) todo.push(`try again: ${row.retry.join(", ")}`);
      return h("tr", { class: row.complete ? "course-dashboard-complete" : "" },
        h("th", { scope: "row" }, row.name),
        h("td", {}, `${row.done} of ${row.total}`),
        h("td", {}, bar, " ", h("span", { "aria-hidden": "true",
          class: "course-dashboard-bar" }, row.bar), " ", row.percent_text),
        h("td", {}, String(row.correct)),
        h("td", {}, todo.length ? todo.join("; ") : "Nothing left"));
    }));
    notices.replaceChildren(...model.get("notices").map((text) => h("li", {}, text)));
  }
  function showDownload() {
    if (url) URL.revokeObjectURL(url);
    const text = model.get("download_text");
    url = text ? URL.createObjectURL(new Blob([text], { type: "application/json" })) : null;
    download.hidden = !url;
    if (url) { download.href = url; download.download = model.get("download_name"); }
  }
  function announce() {  // clear, then set: a repeated message is read out again
    status.textContent = "";
    setTimeout(() => { status.textContent = model.get("status"); }, 50);
  }
  update(); showDownload();
  status.textContent = model.get("status");
  for (const name of ["lessons", "next_step", "overall", "notices", "progress_file"]) {
    model.on(`change:${name}`, update);
  }
  model.on("change:download_text", showDownload);
  model.on("change:status_seq", announce);
  return () => { if (url) URL.revokeObjectURL(url); };
}
export default { render };
"""

CSS = """
.course-dashboard-root { font-family: var(--jp-ui-font-family); line-height: 1.4; }
.course-dashboard-next { font-weight: bold; font-size: 1.1em; }
.course-dashboard-table { border-collapse: collapse; margin: 0.5em 0; }
.course-dashboard-table caption { text-align: left; font-weight: bold; padding: 0.25em 0; }
.course-dashboard-table th, .course-dashboard-table td {
  border: 1px solid var(--jp-border-color1, #999); padding: 0.25em 0.5em;
  text-align: left; vertical-align: top; }
.course-dashboard-bar { font-family: var(--jp-code-font-family, monospace); }
.course-dashboard-root button, .course-dashboard-root input { font: inherit; margin: 0.2em 0; }
.course-dashboard-root :focus-visible { outline: 3px solid var(--jp-brand-color1, #1a73e8);
  outline-offset: 2px; }
.course-dashboard-import { margin: 0.5em 0; border: 1px solid var(--jp-border-color1, #999); }
.course-dashboard-controls { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }
.course-dashboard-root a.course-dashboard-download { color: var(--jp-content-link-color, #1a0dab);
  text-decoration: underline; }
.course-dashboard-path { min-width: 24em; }
.course-dashboard-status:empty, .course-dashboard-notices:empty { display: none; }
"""
