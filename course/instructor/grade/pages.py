"""One feedback page per student: ``feedback/<student>.html`` (or ``.md``).

Each task shows its description, the points, and the checker's own message: the same words
the learner's check cell shows in the notebook. Nothing else is read from the solutions:
no solution code, no hidden tests, no expected values beyond what the checker says.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from course import feedback
from course.instructor.common import atomic_write
from course.instructor.exercise import Exercise
from course.instructor.grade.gradebook import number
from course.instructor.grade.results import Graded, safe_name

_CODE = re.compile(r"`([^`\n]+)`")
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;"
    "padding:.4rem;text-align:left;vertical-align:top}code{background:#f3f3f3;padding:0 .2em}"
)


def _inline(text: str) -> str:
    """Escaped text with `code` spans kept as <code>."""
    return _CODE.sub(r"<code>\1</code>", html.escape(text))


def _title(result: Graded, exercises: dict[str, Exercise]) -> str:
    exercise = exercises.get(result.exercise)
    return f"{exercise.title} ({result.exercise})" if exercise else result.exercise or "?"


def _problem(result: Graded) -> str:
    return (
        f"Your file {result.source} could not be graded: {result.reason}. Hand it in again "
        "or ask your instructor."
    )


def page_html(student: str, results: list[Graded], exercises: dict[str, Exercise]) -> str:
    """The feedback page of one student, as HTML."""
    parts = [
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Feedback: '
        f"{html.escape(student)}</title><style>{STYLE}</style></head><body>",
        f"<h1>Feedback for {html.escape(student)}</h1>",
    ]
    for result in results:
        parts.append(f"<h2>{html.escape(_title(result, exercises))}</h2>")
        if result.status != "ok":
            parts.append(f"<p>{_inline(_problem(result))}</p>")
            continue
        parts.append(
            f"<p><strong>{number(result.total)} of {number(result.max)} points</strong></p>"
        )
        parts.append("<table><tr><th>Task</th><th>Points</th><th>What the check says</th></tr>")
        for task in result.tasks:
            label = _inline(task.description or task.id)
            parts.append(
                f"<tr><td>{label}<br><small><code>{html.escape(task.id)}</code></small></td>"
                f"<td>{number(task.points)} / {number(task.max)}</td>"
                f"<td>{feedback.to_html(*feedback.split(task.message))}</td></tr>"
            )
        parts.append("</table>")
        if result.notes:
            items = "".join(f"<li>{_inline(note)}</li>" for note in result.notes)
            parts.append(f"<p>While your notebook ran:</p><ul>{items}</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def page_md(student: str, results: list[Graded], exercises: dict[str, Exercise]) -> str:
    """The feedback page of one student, as Markdown."""
    lines = [f"# Feedback for {student}", ""]
    for result in results:
        lines += [f"## {_title(result, exercises)}", ""]
        if result.status != "ok":
            lines += [_problem(result), ""]
            continue
        lines += [f"**{number(result.total)} of {number(result.max)} points**", ""]
        lines += ["| Task | Points | What the check says |", "| --- | --- | --- |"]
        for task in result.tasks:
            cells = [
                f"{task.description or task.id} (`{task.id}`)",
                f"{number(task.points)} / {number(task.max)}",
                task.message,
            ]
            lines.append(
                "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"
            )
        lines.append("")
        if result.notes:
            lines += ["While your notebook ran:", ""] + [f"- {n}" for n in result.notes] + [""]
    return "\n".join(lines)


def write(
    folder: Path, *, results: Iterable[Graded], exercises: dict[str, Exercise], fmt: str = "html"
) -> list[Path]:
    """Write one feedback file per student into ``folder``; return the paths."""
    by_student: dict[str, list[Graded]] = {}
    for result in results:
        by_student.setdefault(result.student, []).append(result)
    render = page_md if fmt == "md" else page_html
    paths = []
    for student, theirs in sorted(by_student.items()):
        theirs.sort(key=lambda r: r.exercise)
        path = Path(folder) / f"{safe_name(student)}.{'md' if fmt == 'md' else 'html'}"
        atomic_write(path, render(student, theirs, exercises))
        paths.append(path)
    return paths
