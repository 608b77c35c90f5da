"""Exercise checkers: one module of tasks per lesson, named by stable ids.

A learner writes ``from course.checks import l0`` and then ``l0.rd_latest.check(answer)``,
``l0.rd_latest.hint()`` or ``l0.rd_latest.solution()``. Authors declare tasks in
``course/checks/lN.py`` (see :class:`~course.checks.core.Task`); graders find them by
id with :func:`task`. Importing this package loads neither pandas nor matplotlib.
"""

from __future__ import annotations

import importlib
import pkgutil

from course import ids
from course.checks.core import Mistake, Note, Result, Task

__all__ = ["Mistake", "Note", "Result", "Task", "lesson_modules", "registry", "task"]


def lesson_modules() -> list[str]:
    """Names of the lesson checker modules (``l0``, ``l1``, …) in lesson order."""
    return ids.in_order(
        [m.name for m in pkgutil.iter_modules(__path__) if ids.is_lesson_id(m.name)]
    )


def registry() -> dict[str, Task]:
    """Every task of every lesson, by id; raises if two tasks share an id."""
    tasks: dict[str, Task] = {}
    for name in lesson_modules():
        module = importlib.import_module(f"{__name__}.{name}")
        for obj in vars(module).values():
            if isinstance(obj, Task):
                if obj.id in tasks and tasks[obj.id] is not obj:
                    raise ValueError(f"Two tasks share the id {obj.id!r}.")
                tasks[obj.id] = obj
    return tasks


def task(task_id: str) -> Task:
    """The task with this id, e.g. ``task("l0.rd_latest")`` (used by grading)."""
    tasks = registry()
    if task_id not in tasks:
        raise KeyError(f"No task {task_id!r}; known: {', '.join(sorted(tasks))}.")
    return tasks[task_id]
