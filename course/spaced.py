"""``course.review()``: spaced retrieval practice of the quiz questions a learner has answered.

``course.review()`` shows a short quiz of the questions due again, scheduled from the
progress file with **Leitner boxes**: an item answered wrong at first, or right only after
several tries (the course does not time answers, so "slow" means "needed more than one
try"), starts in box 0 and is due at once; one answered right at the first try starts in
box 1. A right answer in a review moves an item up one box, and each box waits longer
(``INTERVALS``: now, 1, 3, 7, 16, 35 days); a wrong one sends it back to box 0. We chose
Leitner boxes over SM-2 because SM-2 grades each answer on a 0–5 scale of effort that a
Check button cannot ask for without slowing every question, and because a box number is a
schedule a learner can read and trust. Due items come lowest box first, the lessons taken
in turn (interleaved); if fewer are due than asked for, the soonest-due follow, and a right
answer to one of those before its time keeps its box (no credit for reviewing early).

A numeric question whose answer comes from the data and whose bank marks it (``vary``) comes
back about another economy, so a retry means working the answer out again, not recalling a
number; the attempt still counts for the original question.

The schedule (``box``, ``due``) lives in each item's entry of the progress file, so it
travels with an export to a new session; entries without it (older files) get one from
their history.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

from course import ids, progress

INTERVALS = (0, 1, 3, 7, 16, 35)  # days an item waits in each box
SESSION = 7  # questions in one review


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def box_of(entry: dict[str, Any]) -> tuple[int, datetime]:
    """An item's Leitner box and due time: stored, or from its history when not yet stored."""
    if "box" in entry and "due" in entry:
        return min(entry["box"], len(INTERVALS) - 1), _when(entry["due"])
    last = _when(entry["last"])
    shaky = entry.get("first_correct") is False or not entry["ever_correct"]
    if shaky or entry["attempts"] > 1:
        return 0, last
    return 1, last + timedelta(days=INTERVALS[1])


def schedule(
    items: dict[str, dict[str, Any]] | None = None, now: datetime | None = None
) -> list[tuple[str, str, int, datetime]]:
    """Every answered quiz question still in the banks as ``(lesson, id, box, due)``: due
    ones first (lowest box, then earliest, lessons interleaved), then the rest, soonest
    first."""
    from course import quiz

    items = progress.load() if items is None else items
    now = now or datetime.now(timezone.utc)
    known = {lesson: set(bank.ids) for lesson, bank in quiz.load_all().items()}
    rows = [
        (e["lesson"], e["item"], *box_of(e))
        for e in items.values()
        if e["kind"] == "quiz" and e["item"] in known.get(e["lesson"], ())
    ]
    due = sorted((r for r in rows if r[3] <= now), key=lambda r: (r[2], r[3], r[0], r[1]))
    later = sorted((r for r in rows if r[3] > now), key=lambda r: (r[3], r[0], r[1]))
    return _interleave(due) + later


def _interleave(rows: list[Any]) -> list[Any]:
    """Within each box, take the lessons in turn (keeping each lesson's own order)."""
    out = []
    for box in sorted({r[2] for r in rows}):
        queues: dict[str, list[Any]] = {}
        for row in rows:
            if row[2] == box:
                queues.setdefault(row[0], []).append(row)
        while any(queues.values()):
            for lesson in sorted(queues):
                if queues[lesson]:
                    out.append(queues[lesson].pop(0))
    return out


def due_count(items: dict[str, dict[str, Any]] | None = None, now: datetime | None = None) -> int:
    """How many answered questions are due for review now."""
    now = now or datetime.now(timezone.utc)
    return sum(row[3] <= now for row in schedule(items, now))


def after_answer(
    lesson: str, qid: str, correct: bool, answer: str | None = None, *, now: datetime | None = None
) -> None:
    """Record a review attempt and move the question between boxes."""
    now = now or datetime.now(timezone.utc)
    entry = progress.load().get(f"{lesson}.{qid}")
    box, due = box_of(entry) if entry else (0, now)
    if not correct:
        box = 0
    elif due <= now:
        box = min(box + 1, len(INTERVALS) - 1)
    progress.record(lesson, qid, correct=correct, kind="quiz", answer=answer)
    progress.schedule(lesson, qid, box=box, due=now + timedelta(days=INTERVALS[box]))


def variant(q: Any, seed: int | None = None) -> Any:
    """The question to ask again: for a data-backed numeric question whose bank marks it
    (``vary``), the same question about another economy, so that the answer is worked out
    again rather than remembered; otherwise the question itself. Resolved from the data."""
    import random

    from course import data
    from course.quiz.bank import resolve_question
    from course.quiz.model import DataRef

    if q.vary is None or q.answer_from is None:
        return resolve_question(q)
    codes, prompt, explanation = q.vary
    code = random.Random(f"{seed}:{q.lesson}:{q.id}").choice(codes)
    name = data.country_name(code)
    ref = q.answer_from
    fresh = replace(
        q,
        prompt=prompt.format(country=name),
        explanation=explanation.format(country=name),
        answer=None,
        answer_from=DataRef(ref.indicator, code, ref.year, ref.scale, ref.since),
        wrong=tuple(w for w in q.wrong if w.times is not None),  # the rest name the original
    )
    return resolve_question(fresh)


class Nothing:
    """What ``review()`` shows when no question has been answered yet."""

    text = (
        "Nothing to review yet: answer a lesson's quiz first. Questions you get wrong come "
        "back here soonest."
    )

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def review(n: int = SESSION, *, seed: int | None = None) -> Any:
    """A quiz of up to ``n`` questions due for review (see the module docstring)."""
    from course import quiz
    from course.quiz.model import Bank
    from course.quiz.session import QuizSession
    from course.quiz.widget import QuizWidget

    rows = schedule()[: max(int(n), 1)]
    if not rows:
        return Nothing()
    banks = quiz.load_all()
    # ids are unique within a lesson only: in the review each is prefixed with its lesson
    questions = tuple(
        replace(variant(banks[lesson][qid], seed), id=f"{lesson}-{qid}") for lesson, qid, *_ in rows
    )
    original = {q.id: qid for q, (_, qid, *_) in zip(questions, rows, strict=True)}
    due = sum(row[3] <= datetime.now(timezone.utc) for row in rows)
    lessons = ", ".join(
        str(ids.number(lesson)) for lesson in ids.in_order(list({r[0] for r in rows}))
    )
    title = (
        f"Review: {len(rows)} question{'s' * (len(rows) != 1)} from lesson"
        f"{'s' * (',' in lessons)} {lessons} ({due} due now, the ones you found hardest first)"
    )
    bank = Bank(lesson="review", title=title, questions=questions)
    session = QuizSession(
        bank,
        seed=seed,
        record=False,  # after_answer records, under the question's own id
        after=lambda q, ok, answer: after_answer(q.lesson, original[q.id], ok, answer),
    )
    return QuizWidget(session, intro=title + ".")
