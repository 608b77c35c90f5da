"""The exercise task: what to check, hints, a solution, and feedback a learner can act on.

A lesson's checker module declares its tasks as :class:`Task` objects; a learner
calls ``task.check(answer)``, ``task.hint()`` and ``task.solution()``. Nothing a
learner passes in can make a check raise: every failure becomes a message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from course import feedback
from course.checks.compare import Comparison, Verdict
from course.checks.describe import describe, is_placeholder

ID_PATTERN = re.compile(r"[a-z][a-z0-9]*\.[a-z][a-z0-9_]*")

PANDAS_HELP = (
    "A pandas step you have not met? `notebooks/reference/pandas_you_need.ipynb` teaches each "
    "one the exercises use."
)


@dataclass(frozen=True)
class Result:
    """The outcome of one check. Its repr is the message, so a cell shows it once."""

    correct: bool
    message: str
    status: str = "wrong"
    task: str = ""

    @property
    def attempted(self) -> bool:
        """False while the answer is still the ``...`` placeholder (or None)."""
        return self.status != "unattempted"

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        return feedback.to_html(*feedback.split(self.message))


@dataclass(frozen=True)
class Note:
    """A hint or a solution, shown like a check result."""

    kind: str
    text: str
    code: str = ""

    def __repr__(self) -> str:
        code = "".join(f"\n    {line}" for line in self.code.splitlines())
        return feedback.message(self.kind, self.text) + ("\n" + code if code else "")

    def _repr_html_(self) -> str:
        return feedback.to_html(self.kind, self.text, self.code)


@dataclass(frozen=True)
class Mistake:
    """A common wrong answer: ``value`` computes it from the data, ``says`` explains it."""

    value: Callable[[], Any]
    says: str


MAX_DETAIL = 1200
"""The longest message a check prints, in characters."""


@dataclass(eq=False)
class Task:
    """One exercise task with a stable id such as ``l0.rd_latest``.

    ``expected`` is a function that derives the right answer from ``course.data``;
    ``compare`` says how answers are compared; ``hints`` go from a nudge to a
    near-answer; ``solution_code`` is what :meth:`solution` shows.
    """

    id: str
    description: str
    expected: Callable[[], Any]
    compare: Comparison
    hints: Sequence[str] = ()
    solution_code: str = ""
    mistakes: Sequence[Mistake] = ()
    note: str = ""
    _hints_given: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        if not ID_PATTERN.fullmatch(self.id):
            raise ValueError(f"Task id {self.id!r} should look like 'l0.rd_latest'.")
        self.hints = tuple(self.hints)
        self.mistakes = tuple(self.mistakes)

    @property
    def lesson(self) -> str:
        """The lesson part of the id: ``l0``."""
        return self.id.split(".")[0]

    @property
    def item(self) -> str:
        """The task part of the id: ``rd_latest``."""
        return self.id.split(".", 1)[1]

    def __repr__(self) -> str:
        return f"<task {self.id}: {self.description}. Use .check(answer), .hint(), .solution()>"

    def check(self, value: Any = ...) -> Result:
        """Check an answer and say what is right or wrong; never raises."""
        try:
            result = self._check(value)
        except Exception as error:
            expects = str(getattr(self.compare, "expects", "an answer"))
            result = self._result(
                "error",
                f"reading your answer ({describe(value)}) raised {type(error).__name__}. "
                f"{expects[:1].upper() + expects[1:]} is expected; if yours is one, re-run "
                "the cell or ask for help.",
            )
        if result.status in {"correct", "wrong"}:
            feedback.record_attempt(self.lesson, self.item, correct=result.correct, kind="exercise")
        return result

    def _check(self, value: Any) -> Result:
        if is_placeholder(value):
            return self._result(
                "unattempted", "replace the `...` with your answer, then run this cell again."
            )
        if value is None:
            return self._result(
                "unattempted",
                "your answer is `None`. Replace the `...` with your answer. (If you did write "
                "code: `print(...)`, and methods with `inplace=True`, give back None.)",
            )
        try:
            expected = self.expected()
        except Exception as error:
            return self._result(
                "error",
                f"the checker could not work out the expected answer from the data "
                f"({type(error).__name__}). This is a problem in the course, not in your answer.",
            )
        try:
            verdict = self.compare.compare(value, expected)
        except Exception:
            if isinstance(value, type(expected)):
                raise
            verdict = self.compare.wrong_type(value)  # an answer of another kind: say which
        if verdict.correct:
            return self._result("correct", f"{self.description}. {self.note}".strip())
        return self._result("wrong", self._explain(value, verdict))

    def _explain(self, value: Any, verdict: Verdict) -> str:
        detail = verdict.detail
        for mistake in self.mistakes:
            try:
                if self.compare.compare(value, mistake.value()).correct:
                    detail = mistake.says
                    break
            except Exception:
                continue
        return f"{detail} Need a hint? Run `{self.id}.hint()`."

    def _result(self, status: str, detail: str) -> Result:
        if len(detail) > MAX_DETAIL:  # a huge answer is never echoed whole
            detail = detail[: MAX_DETAIL - 1] + "…"
        message = feedback.message(status, detail)
        return Result(correct=status == "correct", message=message, status=status, task=self.id)

    def hint(self) -> Note:
        """The next hint (a nudge first, then more specific); the last one repeats."""
        if not self.hints:
            return Note("hint", f"No hints for this task; `{self.id}.solution()` shows one answer.")
        index = min(self._hints_given, len(self.hints) - 1)
        self._hints_given = index + 1
        text = f"{index + 1} of {len(self.hints)}: {self.hints[index]}"
        if index == len(self.hints) - 1:
            text += f" {PANDAS_HELP}"
        return Note("hint", text)

    def solution(self) -> Note:
        """One worked answer, as code (compare it with yours)."""
        return Note("solution", f"one way to answer {self.id}:", self.solution_code)
