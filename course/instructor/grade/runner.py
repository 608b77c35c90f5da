"""Run one submission's cells in a fresh kernel and check each task's answer there.

The student's code cells run in order, each with a time-out. After the cell that holds a
task's answer, the course checker is asked about the answer variable (see
:mod:`course.instructor.grade.probe`); at the end, tasks not yet right are asked once more (an
answer may be defined later in the notebook). Failures cost only the cell they happen in:

- a cell that runs too long is interrupted (KeyboardInterrupt) and the next cell runs;
- if it does not stop, or a cell ends the kernel (``os._exit``, a signal, ``exit()``), a new
  kernel replays the cells that had worked and the run goes on after the bad cell;
- the whole run has an overall cap; cells after it are reported as not run.

Unchanged copies of the exercise's own check cells are skipped: the grader checks anyway.
"""

from __future__ import annotations

import ast
import json
import time
from dataclasses import dataclass, field
from typing import Any

from course.instructor.exercise import Exercise
from course.instructor.grade import probe
from course.instructor.grade.kernel_client import Kernel, Reply
from course.instructor.grade.launcher import Launcher
from course.instructor.grade.submissions import Cell

MAX_RESTARTS = 3


@dataclass
class Run:
    """What happened: each cell's outcome and each probed task's answer."""

    outcomes: dict[int, Reply] = field(default_factory=dict)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # task id -> probe JSON
    notes: list[str] = field(default_factory=list)
    restarts: int = 0
    seconds: float = 0.0


class _Session:
    """The kernel of one run, replaced (and replayed) when it dies."""

    def __init__(self, launcher: Launcher, cells: list[Cell], deadline: float) -> None:
        self.launcher, self.cells, self.deadline = launcher, cells, deadline
        self.kernel: Kernel | None = launcher.start()
        self.run = Run()

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def execute(self, cell: Cell, timeout: float) -> Reply:
        assert self.kernel is not None
        reply = self.kernel.run(cell.source, timeout=min(timeout, max(self.left(), 0)))
        self.run.outcomes[cell.index] = reply
        if reply.status == "dead" or (reply.status == "timeout" and not self.kernel.alive()):
            self.replace(upto=cell.index, timeout=timeout)
        return reply

    def replace(self, *, upto: int, timeout: float) -> None:
        """A new kernel with the cells before ``upto`` that had worked run again."""
        if self.kernel is not None:
            self.launcher.discard(self.kernel)
        self.kernel = None
        if self.run.restarts >= MAX_RESTARTS or self.left() <= 0:
            self.run.notes.append(f"stopped after {self.run.restarts} kernel restarts")
            return
        self.run.restarts += 1
        self.kernel = self.launcher.start()
        for cell in self.cells:
            if cell.index >= upto:
                break
            if self.run.outcomes.get(cell.index, Reply("skip")).status in ("ok", "error"):
                replay = self.kernel.run(cell.source, timeout=min(timeout, max(self.left(), 0)))
                if replay.status in ("timeout", "dead"):
                    self.launcher.discard(self.kernel)
                    self.kernel = None
                    self.run.notes.append("the cells before a crash gave a different result "
                                          "when run again")  # fmt: skip
                    return

    def ask(self, task_id: str, name: str, timeout: float) -> dict[str, Any] | None:
        """The checker's verdict on ``name`` in the kernel, or None if it could not be had."""
        if self.kernel is None or not name:
            return None
        key = "answer"
        reply = self.kernel.run(
            "", timeout=timeout, silent=True, expressions={key: probe.expression(task_id, name)}
        )
        if reply.status in ("timeout", "dead"):
            if reply.status == "dead" or not self.kernel.alive():
                self.launcher.discard(self.kernel)
                self.kernel = None
            return {"defined": True, "correct": False, "status": "error", "slow": True}
        value = (reply.expressions or {}).get(key, {})
        if value.get("status") == "error":  # the notebook broke what the check needs
            return {"defined": True, "correct": False, "broken": str(value.get("ename", ""))}
        try:
            answer = json.loads(ast.literal_eval(value["data"]["text/plain"]))
        except (KeyError, TypeError, ValueError, SyntaxError):
            return None
        return answer if isinstance(answer, dict) else None


def run(
    *,
    exercise: Exercise,
    cells: list[Cell],
    matches: dict[str, tuple[int, str]],
    launcher: Launcher,
    cell_timeout: float,
    total_timeout: float,
) -> Run:
    """Execute ``cells`` in a new kernel and probe every task (see the module docstring)."""
    start = time.monotonic()
    session = _Session(launcher, cells, start + total_timeout)
    after: dict[int, list[Any]] = {}
    for task in exercise.tasks:
        if task.id in matches:
            after.setdefault(matches[task.id][0], []).append(task)
    skip = {t.check.strip() for t in exercise.tasks if t.check.strip()}
    try:
        for cell in cells:
            if session.left() <= 0:
                session.run.notes.append(f"stopped after the overall limit of {total_timeout:g} s")
                break
            if session.kernel is None:
                break
            if cell.source.strip() in skip and cell.index not in after:
                continue
            session.execute(cell, cell_timeout)
            for task in after.get(cell.index, []):
                answer = session.ask(task.id, task.name, cell_timeout)
                if answer is not None:
                    session.run.answers[task.id] = answer
        for task in exercise.tasks:
            done = session.run.answers.get(task.id)
            if done and done.get("correct"):
                continue
            answer = session.ask(task.id, task.name, cell_timeout)
            if answer and (answer.get("correct") or not (done and done.get("defined"))):
                session.run.answers[task.id] = answer
    finally:
        if session.kernel is not None:
            launcher.discard(session.kernel)
    answer_cells = {index for index, _ in matches.values()}
    session.run.notes[:0] = [
        note
        for cell in cells
        if cell.index not in answer_cells
        and (note := _what_went_wrong(cell, session.run.outcomes.get(cell.index), cell_timeout))
    ]
    session.run.seconds = time.monotonic() - start
    return session.run


def _what_went_wrong(cell: Cell, reply: Reply | None, cell_timeout: float) -> str:
    """One line on a cell outside the answer cells that did not finish well ("" if it did)."""
    if reply is None or reply.status == "ok":
        return ""
    where = f"code cell {cell.index + 1}"
    lines = [line.strip() for line in cell.source.splitlines()]
    first = next((line for line in lines if line and not line.startswith("#")), "")
    quote = first and "`" not in first and "HIDDEN TESTS" not in cell.source  # never test code
    starts = f" (it starts `{first[:40]}`)" if quote else ""
    if reply.status == "timeout":
        return f"{where} ran for more than {cell_timeout:g} s and was stopped{starts}"
    if reply.status == "dead":
        return f"{where} ended the Python kernel, which was started again{starts}"
    raised = reply.ename or "an error"
    return f"{where} raised {raised}{starts}"
