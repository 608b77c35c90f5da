"""One learner's run through a bank: shuffled views, opaque tokens, attempts, score, progress.

The widget (:mod:`course.quiz.widget`) is a thin layer over a :class:`QuizSession`;
everything here is plain Python and testable without a front end. The views sent to
the browser hold prompts, option texts and opaque tokens only, never an answer.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from course import feedback

from .grading import answer_text, grade
from .model import Bank, Question
from .render import hint, plain_text, shuffled

_PROCESS_KEY = secrets.token_bytes(16)
"""Keys the opaque tokens: they mean nothing outside this kernel."""
_PROCESS_SEED = secrets.randbelow(2**31)
"""Default shuffle seed: the same order on every re-run within one kernel session."""


@dataclass
class _State:
    attempts: int = 0
    correct: bool = False
    revealed: bool = False


class QuizSession:
    """Attempts and score for the questions of one bank (all, or those in ``ids``)."""

    def __init__(
        self,
        bank: Bank,
        ids: Iterable[str] | None = None,
        *,
        seed: int | None = None,
        record: bool = True,
        after: Callable[[Question, bool, str], None] | None = None,
    ) -> None:
        """``record``: save attempts in the progress file; ``after(question, correct,
        answer)`` is called after each real attempt (the review reschedules with it)."""
        self.bank = bank
        self.after = after
        self.questions = [bank[i] for i in ids] if ids is not None else list(bank.questions)
        self.seed = _PROCESS_SEED if seed is None else seed
        self.record = record
        self._by_id = {q.id: q for q in self.questions}
        self._state = {q.id: _State() for q in self.questions}
        self._tokens: dict[str, dict[str, str]] = {}

    # ------------------------------------------------------------- tokens and views

    def token(self, qid: str, key: str, kind: str = "") -> str:
        """The opaque token standing for option ``key`` (of ``kind``) of question ``qid``."""
        data = f"{qid}\0{kind}\0{key}".encode()
        digest = hashlib.blake2s(data, key=_PROCESS_KEY, digest_size=5)
        token = "o" + digest.hexdigest()
        self._tokens.setdefault(qid, {})[token] = key
        return token

    def _decode(self, qid: str, value: Any) -> Any:
        """Tokens back to bank keys (unknown tokens pass through and grade as "?")."""
        table = self._tokens.get(qid, {})
        if isinstance(value, str):
            return table.get(value, value)
        if isinstance(value, list):
            return [self._decode(qid, v) for v in value]
        if isinstance(value, dict):
            return {str(self._decode(qid, k)): self._decode(qid, v) for k, v in value.items()}
        return value

    def view(self, q: Question, number: int) -> dict[str, Any]:
        """What the browser needs to draw question ``q``: no answer, no feedback text."""
        seed = f"{self.seed}:{self.bank.lesson}:{q.id}"
        view: dict[str, Any] = {
            "id": q.id,
            "type": q.type,
            "number": number,
            "prompt": feedback.markdown_html(q.prompt),
            "hint": hint(q),
            "unit": q.unit,
        }

        def option(key: str, text: str, kind: str = "") -> dict[str, str]:
            return {
                "token": self.token(q.id, key, kind),
                "html": feedback.markdown_html(text, inline=True),
            }

        if q.type in ("single", "multiple"):
            choices = shuffled(list(q.choices), seed) if q.shuffle else list(q.choices)
            view["choices"] = [option(c.id, c.text) for c in choices]
        elif q.type == "ordering":
            view["items"] = [option(i.id, i.text) for i in shuffled(list(q.items), seed)]
        elif q.type == "matching":
            view["terms"] = [option(i.id, i.text) for i in q.items]
            targets = shuffled([*(i.match for i in q.items), *q.distractors], seed)
            view["targets"] = [option(t, t, "meaning") for t in targets]
            view["match_label"] = q.match_label
        return view

    def views(self) -> list[dict[str, Any]]:
        """Views of every question, numbered from 1."""
        return [self.view(q, n) for n, q in enumerate(self.questions, 1)]

    def plain_text(self) -> str:
        """The questions as plain text, without answers."""
        return plain_text(self.bank.title, self.bank.lesson, self.questions)

    # ------------------------------------------------------------- answering

    def check(self, qid: str, answer: Any) -> dict[str, Any]:
        """Grade one answer (in tokens, as the browser sends it); record real attempts."""
        q = self._by_id.get(qid)
        if q is None:
            return feedback_entry("unsure", "This question is not part of the quiz shown here.")
        decoded = self._decode(qid, answer)
        verdict = grade(q, decoded)
        state = self._state[qid]
        if verdict.kind != "unsure":
            state.attempts += 1
            state.correct = verdict.correct
            if self.record:
                feedback.record_attempt(
                    q.lesson, q.id, correct=verdict.correct, kind="quiz", answer=given(q, decoded)
                )
            if self.after is not None:
                _best_effort(self.after, q, verdict.correct, given(q, decoded))
        return self.entry(qid, verdict.kind, verdict.detail)

    def reveal(self, qid: str) -> dict[str, Any]:
        """Show the answer and the explanation, once the learner has tried at least once."""
        q = self._by_id.get(qid)
        if q is None:
            return feedback_entry("unsure", "This question is not part of the quiz shown here.")
        state = self._state[qid]
        if state.attempts == 0:
            return self.entry(qid, "unsure", "Try an answer first; then Show answer tells you.")
        state.revealed = True
        return self.entry(qid, "shown", f"{answer_text(q)}\n{q.explanation}")

    def entry(self, qid: str, kind: str, detail: str) -> dict[str, Any]:
        """The feedback record the widget syncs for one question."""
        state = self._state[qid]
        can_reveal = state.attempts > 0 and not state.correct and not state.revealed
        return feedback_entry(kind, detail, state.correct, state.attempts, can_reveal)

    def score(self) -> dict[str, Any]:
        """Questions right (at their latest attempt), answered, and in total, with a sentence."""
        right = sum(s.correct for s in self._state.values())
        answered = sum(s.attempts > 0 for s in self._state.values())
        total = len(self.questions)
        text = f"{right} of {total} correct so far"
        text += ". All done, well done!" if right == total else f" ({answered} answered)."
        return {"correct": right, "answered": answered, "total": total, "text": text}


def feedback_entry(
    kind: str, detail: str, correct: bool = False, attempts: int = 0, can_reveal: bool = False
) -> dict[str, Any]:
    return {
        "symbol": feedback.TONES[kind][0],
        "message": feedback.message(kind, detail),
        "html": feedback.to_html(kind, detail),
        "correct": kind == "correct" and correct,
        "attempts": attempts,
        "can_reveal": can_reveal,
    }


def given(q: Question, answer: Any) -> str:
    """What a learner answered, as short stable text for the progress file: a choice id,
    choice ids joined by commas (sorted), ordering ids joined by ``>``, matching pairs as
    ``term=meaning`` joined by ``;``, or the number or text given."""
    if q.type == "multiple" and isinstance(answer, list):
        return ",".join(sorted(map(str, answer)))
    if q.type == "ordering" and isinstance(answer, list):
        return ">".join(map(str, answer))
    if q.type == "matching" and isinstance(answer, dict):
        return ";".join(f"{term}={meaning}" for term, meaning in sorted(answer.items()))
    return str(answer)


def _best_effort(action: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Run ``action``; a failure (a full disk) is a warning, never a broken quiz."""
    try:
        action(*args, **kwargs)
    except Exception as error:
        import warnings

        warnings.warn(f"Quiz progress not saved: {error}", RuntimeWarning, stacklevel=3)
