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

HERE = Path(__file__).parent
"""Where the widget's script and style sheet are (``dashboard.js``, ``dashboard.css``)."""

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

        _esm = HERE / "dashboard.js"
        _css = HERE / "dashboard.css"
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
