"""Student notebooks (notebooks/ and exercises/) hold no answer key, in source or outputs."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from course import checks, quiz

ROOT = Path(__file__).resolve().parent.parent
STUDENT = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "exercises").glob("*.ipynb")
)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _solution_lines() -> set[str]:
    lines = set()
    for task in checks.registry().values():
        for line in task.solution_code.splitlines():
            line = line.strip()
            if len(line) > 12 and "data." in line:  # a line that computes the answer
                lines.add(line)
    return lines


@pytest.mark.parametrize("path", STUDENT, ids=[p.name for p in STUDENT])
def test_no_solution_code(path: Path) -> None:
    text = json.dumps(json.loads(_text(path)))
    for line in _solution_lines():
        assert json.dumps(line)[1:-1] not in text, f"solution line in {path.name}: {line}"
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text


@pytest.mark.parametrize("path", STUDENT, ids=[p.name for p in STUDENT])
def test_no_quiz_key_or_widget_state(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    assert "widgets" not in notebook.metadata, "saved widget state could carry quiz state"
    outputs = json.dumps([c.get("outputs", []) for c in notebook.cells])
    for bank in quiz.load_all().values():
        for question in bank.questions:
            assert question.explanation[:60] not in outputs, question.id
