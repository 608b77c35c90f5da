"""What the grader evaluates inside a student's kernel: one course check, as JSON.

The grader asks for :func:`expression` as a ``user_expression`` after the student's cells
have run; it fetches the answer variable by name and calls the course checker on it, the
same ``task.check(value)`` a learner calls in the notebook. Only ``correct``, ``status`` and
``message`` come back; no hidden test code is ever sent to the kernel. Imports nothing
heavy: the checker module itself loads what it needs.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course.checks import Task

MESSAGE_MAX = 2000


def check(task_id: str, name: str, namespace: dict[str, Any]) -> str:
    """Check ``namespace[name]`` against task ``task_id``; a JSON object as text."""
    if name not in namespace:
        return json.dumps({"defined": False})
    try:
        result = find(task_id).check(namespace[name])
        answer = {
            "defined": True,
            "correct": result.correct is True,
            "status": str(result.status),
            "message": str(result.message)[:MESSAGE_MAX],
        }
    except Exception as error:  # the checker itself failed: not the student's fault
        answer = {
            "defined": True,
            "correct": False,
            "status": "error",
            "message": f"⚠ Couldn't check — the checker failed ({type(error).__name__}).",
        }
    return json.dumps(answer)


def find(task_id: str) -> Task:
    """The checker task with this id, from its own lesson module (another lesson's broken
    checker module must not stop this one), else through the course registry."""
    import importlib

    from course import checks

    try:
        module = importlib.import_module(f"course.lessons.{task_id.split('.')[0]}.tasks")
        for obj in vars(module).values():
            if isinstance(obj, checks.Task) and obj.id == task_id:
                return obj
    except Exception:
        pass
    return checks.task(task_id)


def expression(task_id: str, name: str) -> str:
    """The ``user_expression`` that runs :func:`check` in a kernel."""
    return (
        f"__import__('course.instructor.grade.probe', fromlist=['check'])"
        f".check({task_id!r}, {name!r}, globals())"
    )
