"""What the instructor tools know about one exercise, read from its solution notebook.

``solutions/NN_name.ipynb`` is the single source: its answer cells (cell metadata
``course.role == "answer"`` and nbgrader ``solution: true``) name the tasks, its check cells
carry the points (nbgrader ``points``), and the ``### BEGIN SOLUTION`` block says which
variable holds the answer (``latest = ...``). Notebooks are read with plain :mod:`json`:
importing nbformat costs seconds, which every grading worker would pay.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from course import ids
from course.instructor.generator import assigned_name

PATTERN = ids.FILE_PATTERN
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


@dataclass(frozen=True)
class TaskSpec:
    """One graded task of an exercise."""

    id: str  # the checker's stable id, e.g. "l0.rd_latest"
    name: str  # the variable the answer is assigned to, e.g. "latest"
    points: float
    grade_id: str  # nbgrader grade_id of the answer cell, e.g. "l0-rd_latest"
    cell_id: str
    solution: str  # the solution cell's source, markers removed (matching only; never shown)
    stub: str  # the student's starting source of the answer cell
    check: str  # the student's check cell source (hidden tests removed)
    description: str = ""


@dataclass(frozen=True)
class Exercise:
    """An exercise notebook and its tasks, in notebook order."""

    name: str  # file stem, e.g. "00_practice"
    path: Path
    title: str
    lesson: str  # e.g. "l0"
    minutes: int | None
    tasks: tuple[TaskSpec, ...]
    digest: str  # sha256 of the solution notebook's bytes

    @property
    def max_points(self) -> float:
        """The most points the exercise can give."""
        return sum(task.points for task in self.tasks)


def source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (nbformat stores a string or a list of lines)."""
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def read_notebook(path: Path) -> dict[str, Any]:
    """A notebook file as plain JSON."""
    return cast(dict[str, Any], json.loads(Path(path).read_text(encoding="utf-8")))


def blocks(text: str, begin: str, end: str) -> tuple[list[str], list[str]]:
    """The lines inside ``begin``/``end`` blocks, and the lines outside them."""
    inside: list[str] = []
    outside: list[str] = []
    within = False
    for line in text.splitlines():
        mark = line.strip()
        if mark == begin:
            within = True
        elif mark == end:
            within = False
        else:
            (inside if within else outside).append(line)
    return inside, outside


def task_of(cell: dict[str, Any]) -> tuple[str, str] | None:
    """``(task id, role)`` of a cell from ``course`` metadata, else from nbgrader's grade_id."""
    meta: dict[str, Any] = cell.get("metadata") or {}
    ours: dict[str, Any] = meta["course"] if isinstance(meta.get("course"), dict) else {}
    if isinstance(ours.get("task"), str):
        return ours["task"], str(ours.get("role", "answer"))
    nbg: dict[str, Any] = meta["nbgrader"] if isinstance(meta.get("nbgrader"), dict) else {}
    grade_id = nbg.get("grade_id")
    if isinstance(grade_id, str) and "-" in grade_id:
        role = "check" if grade_id.endswith("-check") else "answer"
        return grade_id.removesuffix("-check").replace("-", ".", 1), role
    return None


def _nbgrader(cell: dict[str, Any]) -> dict[str, Any]:
    meta = (cell.get("metadata") or {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def load(path: Path, descriptions: dict[str, str] | None = None) -> Exercise:
    """The exercise defined by one solution notebook."""
    path = Path(path)
    raw = path.read_bytes()
    notebook = json.loads(raw.decode("utf-8"))
    meta = notebook.get("metadata", {}).get("course", {})
    cells = notebook.get("cells", [])
    points: dict[str, float] = {}
    checks: dict[str, str] = {}
    for cell in cells:
        found = task_of(cell)
        if found and _nbgrader(cell).get("grade"):
            points[found[0]] = points.get(found[0], 0) + float(_nbgrader(cell).get("points", 0))
        if found and found[1] == "check":
            checks[found[0]] = "\n".join(blocks(source(cell), BEGIN_HIDDEN, END_HIDDEN)[1])
    tasks = []
    for cell in cells:
        found = task_of(cell)
        if cell.get("cell_type") != "code" or not found or found[1] != "answer":
            continue
        inside, outside = blocks(source(cell), BEGIN_SOLUTION, END_SOLUTION)
        name = assigned_name(inside) or ""
        stub = [f"{name} = ...  # your code here"] if name else ["# YOUR CODE HERE", "..."]
        task_id = found[0]
        tasks.append(
            TaskSpec(
                id=task_id,
                name=name,
                points=points.get(task_id) or 1.0,
                grade_id=str(_nbgrader(cell).get("grade_id", "")),
                cell_id=str(cell.get("id", "")),
                solution="\n".join(inside + outside),
                stub="\n".join(stub + outside),
                check=checks.get(task_id, ""),
                description=(descriptions or {}).get(task_id, ""),
            )
        )
    lesson = meta.get("id") or (
        tasks[0].id.split(".")[0] if tasks else ids.lesson_id(ids.file_number(path))
    )
    return Exercise(
        name=path.stem,
        path=path,
        title=str(meta.get("title", path.stem)),
        lesson=str(lesson),
        minutes=meta.get("minutes") if isinstance(meta.get("minutes"), int) else None,
        tasks=tuple(tasks),
        digest=hashlib.sha256(raw).hexdigest(),
    )


def descriptions() -> dict[str, str]:
    """Every checker task's one-line description, by id (a lesson whose checker module
    fails to import is left out)."""
    import importlib

    from course import checks, lessons

    found: dict[str, str] = {}
    for name in lessons.packages():
        try:
            module = importlib.import_module(f"course.lessons.{name}.tasks")
        except Exception:
            continue
        for obj in vars(module).values():
            if isinstance(obj, checks.Task):
                found[obj.id] = obj.description
    return found


def load_all(solutions_dir: Path) -> dict[str, Exercise]:
    """Every exercise in ``solutions_dir``, by name (``00_practice``), in order."""
    known = descriptions()
    paths = sorted(Path(solutions_dir).glob(PATTERN))
    return {path.stem: load(path, known) for path in paths}
