"""The quiz's data: questions and banks as frozen dataclasses, feedback, and bank errors.

Built by :mod:`course.quiz.bank` from the YAML file in each lesson package
(``course/lessons/lN/quiz.yaml``); read by :mod:`course.quiz.grading` and
:mod:`course.quiz.session`. Nothing here imports a widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["correct", "wrong", "unsure"]
QUESTION_TYPES = ("single", "multiple", "numeric", "text", "ordering", "matching")


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``kind`` correct, wrong or unsure (not an answer).

    ``message`` starts with the kind's symbol and word (``"✓ Correct — …"``,
    ``"✗ Not yet — …"``, ``"? Not checked — …"``; :mod:`course.feedback`), so the verdict
    never depends on colour alone.
    """

    correct: bool
    kind: Kind
    detail: str

    @property
    def message(self) -> str:
        """The verdict and its detail, as text."""
        from course.feedback import message

        return message(self.kind, self.detail)

    @property
    def symbol(self) -> str:
        """✓, ✗ or ?."""
        from course.feedback import TONES

        return TONES[self.kind][0]

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Choice:
    """An option of a single- or multiple-choice question, with its own feedback."""

    id: str
    text: str
    feedback: str


@dataclass(frozen=True)
class DataRef:
    """A number read through ``course.data.value`` when the quiz is shown: the value in
    ``year``, or with ``since`` its change from that year (in the indicator's unit)."""

    indicator: str
    country: str
    year: int
    scale: float = 1.0
    since: int | None = None

    def describe(self) -> str:
        """Readable reference for error messages: ``rd_expenditure_pct_gdp/JPN/2023``."""
        since = f" since {self.since}" if self.since is not None else ""
        return f"{self.indicator}/{self.country}/{self.year}{since}"


@dataclass(frozen=True)
class Wrong:
    """A typical wrong answer and what to tell a learner who gives it.

    Text questions set ``answer``; numeric ones set exactly one of ``value``,
    ``value_from`` (a data reference) or ``times`` (the right answer times a factor).
    """

    feedback: str
    answer: str | None = None
    value: float | None = None
    value_from: DataRef | None = None
    times: float | None = None


@dataclass(frozen=True)
class Item:
    """An event (ordering) or a term with its meaning (matching)."""

    id: str
    text: str
    match: str = ""
    feedback: str = ""


LEVELS = ("remember", "understand", "apply", "analyse")
"""What a question asks of a learner (its ``level``), from recall to judging evidence."""


@dataclass(frozen=True)
class Question:
    """One question of any type; fields a type does not use stay empty.

    ``answer`` holds the key: a choice id (single), a tuple of ids (multiple), a
    float (numeric, ``None`` until ``answer_from`` is resolved) or the canonical text.
    Ordering items are stored in the right order; matching pairs as items with ``match``.
    """

    id: str
    type: str
    prompt: str
    source: str
    explanation: str
    level: str = "understand"
    answer: Any = None
    choices: tuple[Choice, ...] = ()
    shuffle: bool = True
    answer_from: DataRef | None = None
    tol_abs: float = 0.0
    tol_rel: float = 0.0
    unit: str = ""
    digits: int | None = None
    accept: tuple[str, ...] = ()
    wrong: tuple[Wrong, ...] = ()
    items: tuple[Item, ...] = ()
    distractors: tuple[str, ...] = ()
    match_label: str = "meaning"  # what the right-hand column of a matching question holds
    vary: tuple[tuple[str, ...], str, str] | None = None  # review variants: codes, prompt, why
    lesson: str = ""
    file: str = ""

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with this id, or ``None``."""
        return next((c for c in self.choices if c.id == choice_id), None)

    def item(self, item_id: str) -> Item | None:
        """The ordering item or matching pair with this id, or ``None``."""
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class Bank:
    """The questions of one lesson, in the order the bank lists them."""

    lesson: str
    title: str
    questions: tuple[Question, ...]
    path: str = ""

    @property
    def ids(self) -> list[str]:
        """Question ids in bank order."""
        return [q.id for q in self.questions]

    def __getitem__(self, qid: str) -> Question:
        for question in self.questions:
            if question.id == qid:
                return question
        raise KeyError(f"No question {qid!r} in bank {self.lesson!r}; ids: {', '.join(self.ids)}")

    def __len__(self) -> int:
        return len(self.questions)


@dataclass(frozen=True)
class Issue:
    """One fault in a bank: the file, the question id (if any), the field and what is wrong."""

    file: str
    qid: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"question {self.qid!r}, " if self.qid else ""
        return f"{self.file}: {where}field {self.field!r}: {self.message}"


@dataclass
class BankError(ValueError):
    """A bank that cannot be used; ``issues`` lists every fault found (file, id, field)."""

    issues: list[Issue] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        if len(self.issues) == 1:
            return str(self.issues[0])
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        return f"{len(self.issues)} problems in the question bank:\n{lines}"
