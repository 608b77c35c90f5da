"""The course at a glance: every lesson's objectives, time, sources, data, exercise and quiz.

Built from what the course already declares, so it never goes stale: each lesson
notebook's metadata (``metadata.course``: id, title, objectives, minutes, seeds, datasets),
the exercise with the same ``NN_`` prefix in ``solutions/`` (tasks and nbgrader points) and
the lesson's quiz bank (question counts by type). A lesson that cannot be read is listed
with the problem instead of stopping the overview. Used by ``course overview``.
"""

from __future__ import annotations

import html
import os
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from course import ids
from course.instructor import exercise as exercise_mod
from course.instructor.common import atomic_write, course_root
from course.instructor.exercise import Exercise
from course.quiz.model import LEVELS

FORMATS = ("text", "md", "html")


@dataclass
class Lesson:
    """One row of the course map."""

    number: int
    id: str
    title: str = ""
    notebook: str = ""
    objectives: list[str] = field(default_factory=list)
    minutes: int | None = None
    seeds: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    exercise: Exercise | None = None
    questions: Counter[str] = field(default_factory=Counter)
    levels: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    @property
    def total_minutes(self) -> int:
        """Lesson and exercise minutes together."""
        extra = self.exercise.minutes if self.exercise and self.exercise.minutes else 0
        return (self.minutes or 0) + extra


def course_map(*, root: str | os.PathLike[str] | None = None) -> list[Lesson]:
    """Every lesson of the course, in order (see the module docstring)."""
    home = course_root(root)
    lessons: dict[int, Lesson] = {}
    for path in sorted((home / "notebooks").glob(exercise_mod.PATTERN)):
        number = ids.file_number(path)
        lesson = lessons.setdefault(number, Lesson(number, ids.lesson_id(number)))
        lesson.notebook = path.relative_to(home).as_posix()
        try:
            meta = exercise_mod.read_notebook(path).get("metadata", {}).get("course", {})
        except (OSError, ValueError) as error:
            lesson.problems.append(f"{lesson.notebook} could not be read ({error})")
            continue
        lesson.id = str(meta.get("id", lesson.id))
        lesson.title = str(meta.get("title", ""))
        lesson.objectives = [str(o) for o in meta.get("objectives", [])]
        lesson.minutes = meta.get("minutes") if isinstance(meta.get("minutes"), int) else None
        lesson.seeds = [str(s) for s in meta.get("seeds", [])]
        lesson.datasets = [str(d) for d in meta.get("datasets", [])]
    known = exercise_mod.descriptions()
    for path in sorted((home / "solutions").glob(exercise_mod.PATTERN)):
        number = ids.file_number(path)
        lesson = lessons.setdefault(number, Lesson(number, ids.lesson_id(number)))
        try:
            lesson.exercise = exercise_mod.load(path, known)
        except (OSError, ValueError) as error:
            lesson.problems.append(f"solutions/{path.name} could not be read ({error})")
    for lesson in lessons.values():
        lesson.title = lesson.title or (lesson.exercise.title if lesson.exercise else lesson.id)
        lesson.questions, lesson.levels = _questions(lesson)
    return [lessons[n] for n in sorted(lessons)]


def _questions(lesson: Lesson) -> tuple[Counter[str], Counter[str]]:
    """Question counts by type and by level in the lesson's bank (empty if it has none)."""
    from course import quiz

    if lesson.id not in quiz.bank_paths():
        return Counter(), Counter()
    try:
        questions = quiz.load(lesson.id).questions
    except Exception as error:  # a bank being edited must not stop the overview
        lesson.problems.append(f"quiz bank {lesson.id} could not be loaded ({error})")
        return Counter(), Counter()
    return Counter(q.type for q in questions), Counter(q.level for q in questions)


def level_mix(levels: Counter[str]) -> str:
    """``"1/6/3/2"``: how many questions remember / understand / apply / analyse."""
    return "/".join(str(levels[level]) for level in LEVELS) if levels else "–"


def quiz_line(lesson: Lesson) -> str:
    """The line "Quiz: 12 questions (…types…); levels: 1 remember, …" of a lesson's section."""
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(lesson.questions.items()))
    levels = ", ".join(f"{lesson.levels[level]} {level}" for level in LEVELS)
    return f"Quiz: {sum(lesson.questions.values())} questions ({kinds}); levels: {levels}."


def _row(lesson: Lesson) -> dict[str, str]:
    ex = lesson.exercise
    return {
        "#": str(lesson.number),
        "lesson": lesson.title,
        "minutes": str(lesson.minutes or "?") + (f" + {ex.minutes}" if ex and ex.minutes else ""),
        "tasks": str(len(ex.tasks)) if ex else "–",
        "points": f"{ex.max_points:g}" if ex else "–",
        "questions": str(sum(lesson.questions.values())),
        "levels": level_mix(lesson.levels),
        "datasets": ", ".join(lesson.datasets) or "–",
        "seeds": ", ".join(lesson.seeds) or "–",
    }


def text(lessons: list[Lesson], *, width: int | None = None) -> str:
    """The course map as a plain-text table, then each lesson's objectives, data and tasks."""
    import shutil

    width = width or max(80, min(shutil.get_terminal_size().columns, 140))
    columns = ["#", "lesson", "minutes", "tasks", "points", "questions", "levels"]
    rows = [_row(lesson) for lesson in lessons]
    sizes = {c: max([len(c)] + [len(r[c]) for r in rows]) for c in columns}
    room = width - sum(sizes[c] + 2 for c in columns if c != "lesson")
    sizes["lesson"] = max(20, min(sizes["lesson"], room))

    def line(values: dict[str, str]) -> str:
        return "  ".join(values[c].ljust(sizes[c]) for c in columns).rstrip()

    out = [line({c: c for c in columns}), line({c: "-" * sizes[c] for c in columns})]
    for row in rows:
        out.append(line({**row, "lesson": textwrap.shorten(row["lesson"], sizes["lesson"])}))
    total = sum(lesson.total_minutes for lesson in lessons)
    out += ["", f"{len(lessons)} lessons, about {total} minutes with the exercises."]
    out += ["Question levels: remember/understand/apply/analyse.", ""]
    wrap = textwrap.TextWrapper(width=width, subsequent_indent="      ")
    for lesson, row in zip(lessons, rows, strict=True):
        out.append(f"{lesson.number} · {lesson.title}")
        out += [wrap.fill(f"    - {o}") for o in lesson.objectives]
        out.append(f"    data: {row['datasets']} · sources: {row['seeds']}")
        if lesson.exercise:
            out += [
                wrap.fill(f"    task {t.id} ({t.points:g} pt): {t.description}")
                for t in lesson.exercise.tasks
            ]
        out += [f"    ! {p}" for p in lesson.problems]
    return "\n".join(out).rstrip() + "\n"


def markdown(lessons: list[Lesson]) -> str:
    """The course map as Markdown: a table, then a section per lesson."""
    rows = [_row(lesson) for lesson in lessons]
    columns = list(rows[0]) if rows else []
    out = ["# Course overview", ""]
    if columns:
        out += ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
        out += ["| " + " | ".join(r[c].replace("|", "\\|") for c in columns) + " |" for r in rows]
    for lesson in lessons:
        out += ["", f"## {lesson.number} · {lesson.title}", ""]
        if lesson.notebook:
            out.append(f"Notebook: `{lesson.notebook}` · about {lesson.minutes or '?'} minutes")
            out.append("")
        out += ["You will be able to:", ""] + [f"- {o}" for o in lesson.objectives]
        if lesson.exercise:
            ex = lesson.exercise
            out += ["", f"Exercise `{ex.name}` ({ex.max_points:g} points):", ""]
            out += [f"- `{t.id}` ({t.points:g}): {t.description}" for t in ex.tasks]
        if lesson.questions:
            out += ["", quiz_line(lesson)]
        out += [f"\n> {p}" for p in lesson.problems]
    return "\n".join(out) + "\n"


def _esc(text: str) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def to_html(lessons: list[Lesson]) -> str:
    """The course map as a standalone HTML page: the same content as the Markdown."""
    rows = [_row(lesson) for lesson in lessons]
    columns = list(rows[0]) if rows else []
    out = ["<h1>Course overview</h1>", "<table>"]
    out.append("<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in columns) + "</tr>")
    out += ["<tr>" + "".join(f"<td>{_esc(r[c])}</td>" for c in columns) + "</tr>" for r in rows]
    out.append("</table>")
    for lesson in lessons:
        out.append(f"<h2>{lesson.number} · {_esc(lesson.title)}</h2>")
        if lesson.notebook:
            out.append(f"<p>Notebook: <code>{html.escape(lesson.notebook)}</code> · about "
                       f"{lesson.minutes or '?'} minutes</p>")  # fmt: skip
        items = "".join(f"<li>{_esc(o)}</li>" for o in lesson.objectives)
        out.append(f"<p>You will be able to:</p><ul>{items}</ul>")
        if lesson.exercise:
            ex = lesson.exercise
            tasks = "".join(
                f"<li><code>{t.id}</code> ({t.points:g}): {_esc(t.description)}</li>"
                for t in ex.tasks
            )
            out.append(f"<p>Exercise <code>{ex.name}</code> ({ex.max_points:g} points):</p>")
            out.append(f"<ul>{tasks}</ul>")
        if lesson.questions:
            out.append(f"<p>{html.escape(quiz_line(lesson))}</p>")
        out += [f"<p><strong>Problem:</strong> {_esc(p)}</p>" for p in lesson.problems]
    style = (
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;"
        "text-align:left}code{background:#f3f3f3}"
    )
    body = "\n".join(out)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Course overview'
        f"</title><style>{style}</style></head><body>\n{body}\n</body></html>\n"
    )


def overview(
    *, root: str | os.PathLike[str] | None = None, fmt: str = "text", output: str | None = None
) -> str:
    """The course map as ``text``, ``md`` or ``html``; also written to ``output`` if given."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    lessons = course_map(root=root)
    rendered = {"text": text, "md": markdown, "html": to_html}[fmt](lessons)
    if output:
        atomic_write(Path(output), rendered)
    return rendered
