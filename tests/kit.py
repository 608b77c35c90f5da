"""Helpers the unit tests share (imported as ``from kit import solve``)."""

from __future__ import annotations

import ast

from course import data, plots
from course.checks import Task


def solve(task: Task) -> object:
    """Run a task's own solution code, as a learner's cell would, and return the value of the
    name it assigns."""
    namespace = {"data": data, "plots": plots}
    exec(task.solution_code, namespace)
    body = ast.parse(task.solution_code).body
    assigned = [n.targets[0].id for n in body if isinstance(n, ast.Assign)]
    return namespace[assigned[-1]]
