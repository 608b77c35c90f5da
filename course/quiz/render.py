"""Turning bank text into what a front end shows: Markdown to safe HTML, and a plain-text listing.

Used by :mod:`course.quiz.session` (the widget's question views) and by the widget's
``text/plain`` fallback. Never includes an answer.
"""

from __future__ import annotations

import random
from typing import Any

from .model import Question


def shuffled(values: list[Any], seed: str) -> list[Any]:
    """A stable shuffle for ``seed`` that never returns the original order (2+ values)."""
    out = list(values)
    random.Random(seed).shuffle(out)
    if len(out) > 1 and out == list(values):
        out = out[1:] + out[:1]
    return out


HINTS = {
    "single": "Choose one.",
    "multiple": "Select all that apply.",
    "numeric": "Type a number.",
    "text": "Type a short answer.",
    "ordering": "Use the Move buttons to put the items in order, top first.",
    "matching": "Choose the matching meaning for each term.",
}


def hint(q: Question) -> str:
    """The one-line instruction under a question's prompt."""
    if q.type == "matching":
        return f"Choose the matching {q.match_label} for each term."
    return HINTS[q.type]


def plain_text(title: str, lesson: str, questions: list[Question]) -> str:
    """The quiz as plain text, answers left out (for nbval and text-only front ends)."""
    lines = [
        f"Quiz {lesson}: {title} ({len(questions)} questions).",
        "Open this notebook in JupyterLab or Jupyter Notebook to answer and check.",
    ]
    for n, q in enumerate(questions, 1):
        unit = f" (in {q.unit})" if q.unit else ""
        lines += ["", f"{n}. {' '.join(q.prompt.split())}{unit}", f"   [{hint(q)}]"]
        if q.type in ("single", "multiple"):
            options = [c.text for c in q.choices]
            options = options if not q.shuffle else sorted(options, key=str.casefold)
            lines += [f"   - {text}" for text in options]
        elif q.type == "ordering":
            lines += [
                f"   - {text}" for text in sorted((i.text for i in q.items), key=str.casefold)
            ]
        elif q.type == "matching":
            lines += [f"   - {item.text}" for item in q.items]
            meanings = sorted([*(i.match for i in q.items), *q.distractors], key=str.casefold)
            lines.append(f"   {q.match_label}s: {'; '.join(meanings)}")
    return "\n".join(lines)
