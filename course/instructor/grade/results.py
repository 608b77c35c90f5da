"""A graded submission: each task's points, status and the message a learner reads.

Messages are the course checker's own (``course.checks.Result.message``: the words a
learner sees under a check cell); when there was no answer to check the grader says why in
the same form (``⚠ Couldn't check — ...``). Results are stored as JSON, one file per student
and exercise, and everything else (gradebook, feedback, summary) is built from them.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from course import feedback
from course.instructor.exercise import Exercise
from course.instructor.grade.kernel_client import Reply
from course.instructor.grade.runner import Run

GRADER_PROBLEMS = ("missing", "failed", "timeout", "crashed", "not run")
"""Task statuses that mean there was no answer to check (the rest are the checker's)."""


@dataclass
class TaskResult:
    """One task of one submission."""

    id: str
    description: str
    points: float
    max: float
    status: str  # correct, wrong, unattempted, error, or one of GRADER_PROBLEMS
    message: str
    found: str = ""  # how the answer cell was found: metadata, grade_id, cell id, content


@dataclass
class Graded:
    """One submission, graded (``status == "ok"``) or not gradable (``"error"``)."""

    student: str
    exercise: str
    source: str  # the file, relative to the submissions folder
    key: str  # what the cache compares: submission bytes, solution and grader versions
    status: str
    reason: str = ""
    tasks: list[TaskResult] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # what went wrong outside the answer cells

    @property
    def total(self) -> float:
        return sum(t.points for t in self.tasks)

    @property
    def max(self) -> float:
        return sum(t.max for t in self.tasks)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Graded:
        data = json.loads(text)
        data["tasks"] = [TaskResult(**t) for t in data.get("tasks", [])]
        return cls(**data)


def say(detail: str, kind: str = "error") -> str:
    """A message in the checker's form: symbol, word, dash, detail."""
    return feedback.message(kind, detail)


def judge(
    exercise: Exercise, matches: dict[str, tuple[int, str]], run: Run, *, cell_timeout: float
) -> list[TaskResult]:
    """Each task's result from the cells' outcomes and the checker's answers."""
    results = []
    for task in exercise.tasks:
        answer = run.answers.get(task.id) or {}
        index, found = matches.get(task.id, (None, ""))
        outcome = run.outcomes.get(index) if index is not None else None
        var = f"`{task.name}`" if task.name else "the answer"
        if answer.get("slow"):
            status, message = "error", say(f"checking {var} took longer than {cell_timeout:g} s.")
        elif "broken" in answer:
            status, message = (
                "error",
                say(
                    f"the check could not run in your notebook ({answer['broken'] or 'an error'}): "
                    "did a cell change `course` or Python's built-ins?"
                ),
            )
        elif answer.get("defined") and "status" in answer:
            status, message = str(answer["status"]), str(answer.get("message", ""))
        elif index is None:
            status, message = (
                "missing",
                say(
                    "no answer cell for this task was found (was it deleted?), "
                    f"and {var} is not set."
                ),
            )
        else:
            status, message = _why_unset(outcome, var, cell_timeout)
        correct = status == "correct"
        results.append(
            TaskResult(
                id=task.id,
                description=task.description,
                points=task.points if correct else 0.0,
                max=task.points,
                status=status,
                message=message,
                found=found,
            )
        )
    return results


def _why_unset(outcome: Reply | None, var: str, cell_timeout: float) -> tuple[str, str]:
    """Status and message when the answer variable was never set."""
    if outcome is None:
        return "not run", say(
            "the notebook was stopped before your answer cell ran (the time limit, or a "
            "cell that ended the kernel again and again)."
        )
    if outcome.status == "timeout":
        return "timeout", say(
            f"your answer cell ran for more than {cell_timeout:g} s and was stopped, so {var} "
            "was never set. Look for a loop that never ends."
        )
    if outcome.status == "dead":
        return "crashed", say(
            "your answer cell ended the Python kernel (`sys.exit`, `os._exit`, a signal or "
            f"running out of memory), so {var} was never set."
        )
    if outcome.status == "error":
        raised = f"{outcome.ename}: {outcome.evalue}".strip(": ")
        return "failed", say(f"your answer cell raised {raised}, so {var} was never set.")
    return "missing", say(
        f"{var} is not set after your answer cell ran: keep the name the task uses "
        f"({var.strip('`')} = ...)."
    )


def reason(tasks: list[TaskResult], notes: list[str]) -> str:
    """The gradebook's short reason: grader problems by task, and notes."""
    parts = [f"{t.id}: {t.status}" for t in tasks if t.status in GRADER_PROBLEMS]
    parts += [f"{t.id}: found by {t.found}" for t in tasks if t.found == "content"]
    return "; ".join(parts + notes)


def safe_name(name: str) -> str:
    """A file-name-safe version of a student's name (stable, collision-resistant)."""
    clean = re.sub(r"[^A-Za-z0-9._@+-]", "_", name).strip(".") or "student"
    if clean != name:
        import hashlib

        clean += "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
    return clean


def load_all(folder: Path) -> list[Graded]:
    """Every stored result under ``folder`` (unreadable files are skipped)."""
    results = []
    for path in sorted(Path(folder).glob("*/*.json")):
        try:
            results.append(Graded.from_json(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            continue
    return results
