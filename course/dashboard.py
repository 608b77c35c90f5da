"""The learner's progress dashboard: one accessible widget built from ``course.progress``.

One screen at a glance: per lesson one bar (right, tried, not tried) with the counts in text
beside it, what is left behind a "show" toggle, and one plain next step ("Next: lesson 2, the
quiz."). ``dashboard()`` returns an anywidget; everything is computed here in Python and the
small ES module below only renders the state it is given (a <table> with a <caption>, text
buttons with ``aria-expanded``, a role=status live region) and sends button presses back.
``import course.dashboard`` is cheap: anywidget and ipywidgets load inside ``dashboard()``.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

from course import progress

KIND_WORDS: dict[str | None, str] = {"quiz": "quiz question", "exercise": "exercise"}
PART_WORDS = {"quiz": ("the quiz", "question"), "exercise": ("the exercise", "task")}
"""What the next step calls a lesson's part, and one item of it."""


def _natural(text: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def lesson_catalogue(
    catalogue: list[dict[str, Any]] | None = None, items: dict[str, dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The lessons to show: ``catalogue``, else ``course.lessons.catalogue()`` if that exists,
    else the lessons found in the progress file, each as
    ``{"id", "title", "items", "labels", "kinds"}``.

    Items may be ids (``"l0.q1"``; a bare ``"q1"`` gets the lesson prefix) or dicts with ``id``
    and optional ``label`` and ``kind``; these end up in the lesson's ``labels`` and ``kinds``.
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
        ids, labels, kinds = [], dict(lesson.get("labels") or {}), {}
        for entry in lesson.get("items", []):
            item = str(entry["id"] if isinstance(entry, dict) else entry)
            item = item if "." in item else f"{lesson['id']}.{item}"
            ids.append(item)
            if isinstance(entry, dict) and entry.get("kind"):
                kinds[item] = entry["kind"]
            if isinstance(entry, dict) and (entry.get("label") or entry.get("kind")):
                word = KIND_WORDS.get(entry.get("kind"), "item")
                labels[item] = str(entry.get("label") or f"{word} {item.split('.', 1)[1]}")
        resolved.append({**lesson, "title": lesson.get("title") or "", "items": ids})
        resolved[-1].update(labels=labels, kinds=kinds)
    return resolved


def _lesson_name(lesson: dict[str, Any]) -> str:
    """``"lesson 1"`` for id ``l1``; other ids are used as they are."""
    match = re.fullmatch(r"[lL](?:esson)?[_-]?(\d+)", lesson["id"])
    return f"lesson {int(match.group(1))}" if match else lesson["id"]


def _kind(item_id: str, lesson: dict[str, Any], items: dict[str, dict[str, Any]]) -> str | None:
    """``"quiz"``, ``"exercise"`` or None: from the catalogue, the progress file or the id."""
    kind = lesson.get("kinds", {}).get(item_id) or items.get(item_id, {}).get("kind")
    short = item_id.split(".", 1)[1] if "." in item_id else item_id
    if kind is None and re.fullmatch(r"q(uiz)?[_-]?\d+.*", short):
        kind = "quiz"
    elif kind is None and re.fullmatch(r"(ex|exercise|e)[_-]?\d+.*", short):
        kind = "exercise"
    return kind


def _item_label(item_id: str, lesson: dict[str, Any], items: dict[str, dict[str, Any]]) -> str:
    """A readable name: the catalogue's label, else "quiz question q2" from the kind."""
    if item_id in lesson.get("labels", {}):
        return str(lesson["labels"][item_id])
    short = item_id.split(".", 1)[1] if "." in item_id else item_id
    return f"{KIND_WORDS.get(_kind(item_id, lesson, items), 'item')} {short}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _next_step(
    lessons: list[dict[str, Any]], rows: list[dict[str, Any]], items: dict[str, dict[str, Any]]
) -> str:
    """One plain sentence: the first lesson with something not tried, else not yet right."""
    for key, again in (("left", False), ("retry", True)):
        for lesson, row in zip(lessons, rows, strict=True):
            if not row[key]:
                continue
            kind = _kind(row[key][0], lesson, items)
            if kind not in PART_WORDS:
                label = _item_label(row[key][0], lesson, items)
                return f"Next: {_lesson_name(lesson)}, {'try again: ' * again}{label}."
            part, word = PART_WORDS[kind]
            if not again:
                return f"Next: {_lesson_name(lesson)}, {part}."
            count = sum(_kind(i, lesson, items) == kind for i in row[key])
            return f"Next: {_lesson_name(lesson)}, {part} again ({_plural(count, word)} to redo)."
    if rows:
        return "All done: every item of every lesson is right. Well done!"
    return "No lessons yet: answer a quiz question in lesson 0 to begin."


def _todo(
    item_id: str, lesson: dict[str, Any], items: dict[str, dict[str, Any]], status: str
) -> str:
    """One line of what is left: "Quiz question: Which body… (not yet right)"."""
    label, kind = _item_label(item_id, lesson, items), _kind(item_id, lesson, items)
    word = KIND_WORDS.get(kind, "")
    if word and not label.startswith(word):
        label = f"{word}: {label}"
    return f"{label[:1].upper()}{label[1:]} ({status})"


def _review_line(items: dict[str, dict[str, Any]]) -> str:
    """How many quiz questions are due for review, and how to start."""
    from course import spaced

    try:
        due = spaced.due_count(items)
    except Exception:  # a bank that cannot load must not break the dashboard
        return ""
    if not due:
        return "Review: nothing is due; questions you answer come back here when it is time."
    what = "1 question is" if due == 1 else f"{due} questions are"
    return f"Review: {what} due. Run course.review() in a cell to practise them."


def state(
    catalogue: list[dict[str, Any]] | None = None,
    items: dict[str, dict[str, Any]] | None = None,
    only: list[str] | None = None,
) -> dict[str, Any]:
    """Everything the dashboard shows, as plain data (the widget's synced traits).

    ``only``: lesson ids whose rows to show (the next step still looks at every lesson).
    """
    items = progress.load() if items is None else items
    lessons = lesson_catalogue(catalogue, items)
    summary = progress.summary(lessons, items)
    rows = []
    for lesson, row in zip(lessons, summary, strict=True):
        if only is not None and lesson["id"] not in only:
            continue
        name = _lesson_name(lesson)
        left = row["total"] - row["correct"]
        rows.append(
            {
                **{k: row[k] for k in ("id", "done", "total", "correct", "percent", "complete")},
                "name": name[:1].upper() + name[1:],
                "title": lesson["title"].split(":")[0].strip(),
                "tried_text": f"{row['done']} of {row['total']}",
                "right_text": f"{row['correct']} of {row['total']}",
                "left": left,
                "left_text": f"{left} left" if left else "Nothing left",
                "todo": [_todo(i, lesson, items, "not tried") for i in row["left"]]
                + [_todo(i, lesson, items, "not yet right") for i in row["retry"]],
            }
        )
    done, total = sum(r["done"] for r in rows), sum(r["total"] for r in rows)
    correct = sum(r["correct"] for r in rows)
    share = f" ({round(100 * done / total)}%)" if total else ""
    return {
        "lessons": rows,
        "next_step": _next_step(lessons, summary, items),
        "overall": f"You have tried {done} of {total} items{share}; {correct} answered correctly.",
        "review": _review_line(items),
        "notices": progress.notices(),
        "progress_file": str(progress.progress_path()),
    }


def dashboard(catalogue: list[dict[str, Any]] | None = None, only: list[str] | None = None) -> Any:
    """A widget showing each lesson's progress, what is left and the next step, with
    Refresh, Export and Import controls. ``catalogue``: see :func:`lesson_catalogue`;
    ``only``: the lesson ids to show (say ``["l3"]`` at the end of lesson 3's exercise).

    Where nothing is recorded (``$COURSE_PROGRESS_OFF``: the grader's kernels) it returns a
    one-line note instead, so a graded notebook does not pay for a widget nobody sees."""
    if os.environ.get(progress.OFF_VAR):
        return NotRecorded()
    widget = _widget_class()(catalogue=catalogue, only=only)
    widget.add_class("course-dashboard")
    return widget


class NotRecorded:
    """What ``dashboard()`` shows where progress is not recorded."""

    text = "Progress is not recorded here (a grading run), so there is no dashboard to show."

    def __repr__(self) -> str:
        return self.text


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
        review = t.Unicode("").tag(sync=True)
        notices = t.List(t.Unicode()).tag(sync=True)
        progress_file = t.Unicode("").tag(sync=True)
        status = t.Unicode("").tag(sync=True)
        status_seq = t.Int(0).tag(sync=True)  # bumped on every message, so repeats are read
        download_name = t.Unicode(progress.EXPORT_NAME).tag(sync=True)
        download_text = t.Unicode("").tag(sync=True)

        def __init__(
            self,
            catalogue: list[dict[str, Any]] | None = None,
            only: list[str] | None = None,
            **kw: Any,
        ) -> None:
            super().__init__(**kw)
            self.catalogue, self.only = catalogue, only
            self.refresh(announce=False)
            self.on_msg(lambda _widget, content, buffers: self.handle(content, buffers))

        def say(self, message: str) -> None:
            """Put ``message`` in the status region (read out by screen readers)."""
            self.status, self.status_seq = message, self.status_seq + 1

        def refresh(self, *, announce: bool = True) -> None:
            """Recompute everything from the progress file."""
            with self.hold_sync():
                for key, value in state(self.catalogue, only=self.only).items():
                    setattr(self, key, value)
            if announce:
                self.say(f"Progress refreshed. {self.next_step}")

        def handle(self, content: dict[str, Any], buffers: list[Any] | None = None) -> None:
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
  const review = h("p", { class: "course-dashboard-review" });
  const body = h("tbody");
  const head = h("tr", {}, ...["Lesson", "Progress", "Tried", "Right", "Left to do"]
    .map((text) => h("th", { scope: "col" }, text)));
  const table = h("table", { class: "course-dashboard-table" },
    h("caption", {}, "Your progress by lesson"), h("thead", {}, head), body);
  const swatch = (kind) => h("span", { class: `course-dashboard-swatch ${kind}`,
    "aria-hidden": "true" });
  const legend = h("p", { class: "course-dashboard-legend" }, "Each bar: ",
    swatch("right"), " right, ", swatch("tried"), " tried but not yet right, ",
    swatch("none"), " not tried.");
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
    h("span", {}, h("label", { for: file.id }, "File from your computer: "), file, " ",
      button("import-file", "Import chosen file", importFile)),
    h("span", {}, h("label", { for: path.id }, "or a path on this server: "), path, " ",
      button("import-path", "Import from path", importPath)));
  const controls = h("div", { class: "course-dashboard-controls" },
    button("refresh", "Refresh", () => model.send({ action: "refresh" })),
    button("export", "Export progress", () => model.send({ action: "export" })), download);
  const notices = h("ul", { class: "course-dashboard-notices" });
  const where = h("p", { class: "course-dashboard-file-path" });
  const status = h("p", { class: "course-dashboard-status", role: "status",
    "aria-live": "polite" });
  el.append(h("section", { class: "course-dashboard-root tex2jax_ignore mathjax_ignore",
    "aria-label": "Course progress", "data-lm-suppress-shortcuts": "true" },
  next, review, overall, table, legend, controls, fieldset, notices, where, status));

  const open = new Set();  // lessons whose "left to do" list is shown, kept across updates
  function rowsOf(row, index) {
    const share = (n) => `${(100 * n) / Math.max(row.total, 1)}%`;
    const bar = h("span", { class: "course-dashboard-bar", "aria-hidden": "true" },
      h("span", { class: "right", style: `width: ${share(row.correct)}` }),
      h("span", { class: "tried", style: `width: ${share(row.done - row.correct)}` }));
    const left = h("td", {}, row.left_text);
    const main = h("tr", { class: row.complete ? "course-dashboard-complete" : "" },
      h("th", { scope: "row" }, row.name, h("span", { class: "course-dashboard-title" },
        row.title ? ` · ${row.title}` : "")),
      h("td", {}, bar), h("td", {}, row.tried_text), h("td", {}, row.right_text), left);
    if (!row.todo.length) return [main];
    const id = `${uid}-left-${index}`;
    const detail = h("tr", { id, class: "course-dashboard-detail" },
      h("td", { colspan: "5" }, h("ul", { "aria-label": `Left to do in ${row.name}` },
        ...row.todo.map((text) => h("li", {}, text)))));
    const toggle = button("show", "", () => {
      if (open.has(row.id)) open.delete(row.id); else open.add(row.id);
      shown();
    });
    toggle.setAttribute("aria-controls", id);
    const shown = () => {
      const isOpen = open.has(row.id);
      detail.hidden = !isOpen;
      toggle.setAttribute("aria-expanded", String(isOpen));
      toggle.textContent = isOpen ? "hide" : "show";
      toggle.setAttribute("aria-label", `${isOpen ? "Hide" : "Show"} what is left in ${row.name}`);
    };
    shown();
    left.append(" ", toggle);
    return [main, detail];
  }

  let url = null;
  function update() {
    next.textContent = model.get("next_step");
    overall.textContent = model.get("overall");
    review.textContent = model.get("review");
    where.textContent = `Progress is saved in ${model.get("progress_file")}`;
    body.replaceChildren(...model.get("lessons").flatMap(rowsOf));
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
  for (const name of ["lessons", "next_step", "review", "overall", "notices", "progress_file"]) {
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
.course-dashboard-root p { margin: 0.3em 0; }
.course-dashboard-next { font-weight: bold; font-size: 1.15em; }
.course-dashboard-table { border-collapse: collapse; margin: 0.4em 0 0.2em; }
.course-dashboard-table caption { text-align: left; font-weight: bold; padding: 0.2em 0; }
.course-dashboard-table th, .course-dashboard-table td {
  border-bottom: 1px solid var(--jp-border-color2, #ccc); padding: 0.15em 0.6em;
  text-align: left; vertical-align: middle; white-space: nowrap; }
.course-dashboard-table thead th { border-bottom: 2px solid var(--jp-border-color1, #999); }
.course-dashboard-title { font-weight: normal; }
.course-dashboard-detail td { white-space: normal; }
.course-dashboard-detail ul { margin: 0.2em 0 0.4em; padding-left: 1.5em; }
.course-dashboard-bar, .course-dashboard-swatch { display: inline-flex; vertical-align: middle;
  box-sizing: border-box; border: 1px solid var(--jp-ui-font-color1, #333);
  background: var(--jp-layout-color0, #fff); }
.course-dashboard-bar { width: 12em; height: 0.9em; }
.course-dashboard-swatch { width: 1.2em; height: 0.9em; }
.course-dashboard-bar .right, .course-dashboard-swatch.right {
  background: var(--jp-brand-color0, #0d47a1); }
.course-dashboard-bar .tried, .course-dashboard-swatch.tried {
  background: repeating-linear-gradient(-45deg, var(--jp-brand-color0, #0d47a1) 0 2px,
    var(--jp-layout-color0, #fff) 2px 5px); }
.course-dashboard-legend { font-size: 0.9em; }
.course-dashboard-root button, .course-dashboard-root input { font: inherit; margin: 0.1em 0; }
.course-dashboard-show { margin-left: 0.3em; padding: 0 0.5em; }
.course-dashboard-root :focus-visible { outline: 3px solid var(--jp-brand-color1, #1a73e8);
  outline-offset: 2px; }
.course-dashboard-import { margin: 0.4em 0; border: 1px solid var(--jp-border-color1, #999);
  display: flex; flex-wrap: wrap; gap: 0.2em 1.5em; align-items: center; }
.course-dashboard-controls { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }
.course-dashboard-root a.course-dashboard-download { color: var(--jp-content-link-color, #1a0dab);
  text-decoration: underline; }
.course-dashboard-path { width: 16em; }
.course-dashboard-file-path { font-size: 0.9em; }
.course-dashboard-status:empty, .course-dashboard-notices:empty { display: none; }
"""
