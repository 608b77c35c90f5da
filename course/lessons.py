"""The course catalogue: each lesson's quiz questions and exercise tasks, by stable id.

Built from the question banks (``course/quizzes``) and the checker modules
(``course/checks``), so it never lists an item that does not exist. The progress
dashboard uses it to say what is done and what is left.
"""

from __future__ import annotations

import re

from course import checks, quiz

PROMPT_WORDS = 9


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
        lessons.append({"id": lesson, "title": bank.title if bank else lesson, "items": items})
    return lessons
