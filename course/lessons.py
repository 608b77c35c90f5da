"""The course catalogue: each lesson's quiz questions and exercise tasks, by stable id.

Built from the question banks (``course/quizzes``) and the checker modules
(``course/checks``), so it never lists an item that does not exist. The progress
dashboard uses it to say what is done and what is left.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from course import checks, quiz

if TYPE_CHECKING:
    import pandas as pd

PROMPT_WORDS = 9

SELF_CHECKS = {
    "l8": [{"id": "l8.brief", "kind": "exercise", "label": "Your brief passes the self-check"}]
}
"""Items recorded by other means than a quiz or a Task (``course.capstone.self_check``)."""


def _short(prompt: str) -> str:
    """The first words of a question's prompt, without Markdown: a label for the dashboard."""
    words = re.sub(r"[*_`>#]", "", prompt).split()
    text = " ".join(words[:PROMPT_WORDS])
    return text + ("…" if len(words) > PROMPT_WORDS else "")


def catalogue() -> list[dict]:
    """Every lesson, in order: ``{"id", "title", "items": [{"id", "kind", "label"}]}``."""
    banks = quiz.load_all()
    tasks = checks.registry()
    lesson_ids = set(banks) | {task_id.split(".")[0] for task_id in tasks}
    lessons = []
    for lesson in sorted(lesson_ids, key=lambda name: int(name[1:])):
        bank = banks.get(lesson)
        items = [
            {"id": f"{lesson}.{q.id}", "kind": "quiz", "label": _short(q.prompt)}
            for q in (bank.questions if bank else ())
        ]
        items += [
            {"id": t.id, "kind": "exercise", "label": t.description}
            for t in tasks.values()
            if t.id.startswith(f"{lesson}.")
        ]
        items += SELF_CHECKS.get(lesson, [])
        lessons.append({"id": lesson, "title": bank.title if bank else lesson, "items": items})
    return lessons


def notebooks_dir(start: Path | None = None) -> Path:
    """The lessons folder: ``start`` (or the current folder) if it holds lessons, else its
    ``notebooks/`` subfolder, else the one beside the installed package (a source checkout)."""
    here = Path.cwd() if start is None else Path(start)
    for candidate in (here, here / "notebooks", Path(__file__).resolve().parents[1] / "notebooks"):
        if any(candidate.glob("[0-9][0-9]_*.ipynb")):
            return candidate
    raise FileNotFoundError(f"No lesson notebooks (NN_*.ipynb) in {here} or its notebooks/ folder.")


def lesson_metadata(folder: Path | None = None) -> list[dict]:
    """Each lesson notebook's ``metadata.course`` with its file name, in lesson order.

    Read as plain JSON (no nbformat import). Used by lesson 8's course map and by the
    instructor's overview.
    """
    lessons = []
    for path in sorted(notebooks_dir(folder).glob("[0-9][0-9]_*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("course")
        if meta:
            lessons.append({**meta, "file": path.name})
    return lessons


def course_map(folder: Path | None = None) -> pd.DataFrame:
    """The whole course at a glance: lesson, title, minutes, objectives, questions and tasks."""
    import pandas as pd

    items = {lesson["id"]: lesson["items"] for lesson in catalogue()}
    rows = []
    for meta in lesson_metadata(folder):
        kinds = [item["kind"] for item in items.get(meta["id"], [])]
        rows.append(
            {
                "lesson": int(meta["id"][1:]),
                "title": meta["title"],
                "minutes": meta["minutes"],
                "you will be able to": "; ".join(meta["objectives"]),
                "quiz questions": kinds.count("quiz"),
                "exercise tasks": kinds.count("exercise"),
            }
        )
    return pd.DataFrame(rows).set_index("lesson")
