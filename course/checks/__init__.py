"""Exercise checkers: the engine (:class:`~course.checks.core.Task` and its comparisons).

Each lesson declares its tasks in ``course/lessons/lN/tasks.py``; a learner writes
``from course.lessons import l0`` and then ``l0.rd_latest.check(answer)``,
``l0.rd_latest.hint()`` or ``l0.rd_latest.solution()``. Graders find tasks by id with
:func:`task`. ``from course.checks import l0``, as notebooks written before the lessons
had their own packages say, still gives the lesson. Importing this package loads neither
pandas nor matplotlib.
"""

from __future__ import annotations

import importlib
from typing import Any

from course import ids, lessons
from course.checks.core import Mistake, Note, Result, Task

__all__ = ["Mistake", "Note", "Result", "Task", "registry", "task"]


def registry() -> dict[str, Task]:
    """Every task of every lesson, by id; raises if two tasks share an id."""
    tasks: dict[str, Task] = {}
    for name in lessons.packages():
        module = importlib.import_module(f"course.lessons.{name}.tasks")
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


def __getattr__(name: str) -> Any:
    """``checks.l0`` is lesson 0's package (``course.lessons.l0``)."""
    if ids.is_lesson_id(name):
        return getattr(lessons, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
