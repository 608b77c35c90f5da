"""Item analysis: which exercise tasks and quiz questions work.

For every item with at least ``MIN_ANSWERS`` answers, classical test theory's three numbers
(as in PrairieLearn's and most LMSs' item statistics):

- **difficulty** ``p``: the share of answers that were right (for quiz questions, the first
  attempt, since a learner retries until right);
- **discrimination** ``r``: the corrected item–total correlation, Pearson's r between the
  item and each student's *rest score* (their mean on the group's other items they
  answered; with complete answers this is the classical item–rest correlation);
- the **upper–lower index** ``D``: the item's share right among the top 27 % of students by
  their mean on the whole group minus that among the bottom 27 % (Kelley's groups; ties
  broken by the student's name, so the result is reproducible).

A group is one exercise (its tasks, from the graded results) or one lesson's quiz (its
questions, from learners' exported progress files). For choice questions the first answers
are counted per option (distractor analysis). Items that are too easy, too hard or
negatively discriminating are flagged with one plain sentence each.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from course.instructor.common import atomic_write
from course.instructor.grade.results import Graded

MIN_ANSWERS = 5
EASY, HARD = 0.9, 0.2  # difficulty above / below which an item tells students apart poorly
UPPER_LOWER = 0.27

Scores = dict[str, dict[str, float]]  # student -> item id -> score in [0, 1]


@dataclass
class Item:
    """The statistics of one task or question."""

    id: str
    group: str  # the exercise (e.g. "00_practice") or the quiz (e.g. "l0 quiz")
    n: int
    difficulty: float
    discrimination: float | None  # None when a score does not vary
    upper_lower: float
    options: dict[str, int] = field(default_factory=dict)  # first answers per choice id
    right: tuple[str, ...] = ()  # the right choice ids (choice questions)
    flags: list[str] = field(default_factory=list)


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r of two equal-length lists; None when either does not vary."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else None


def analyse(scores: Scores, group: str) -> list[Item]:
    """The statistics of every item of one group with at least ``MIN_ANSWERS`` answers."""
    ids = sorted({item for answers in scores.values() for item in answers})
    means = {s: sum(a.values()) / len(a) for s, a in scores.items() if a}
    items = []
    for item in ids:
        who = sorted(s for s, a in scores.items() if item in a)
        if len(who) < MIN_ANSWERS:
            continue
        own = [scores[s][item] for s in who]
        rest = {
            s: (sum(scores[s].values()) - scores[s][item]) / (len(scores[s]) - 1)
            for s in who
            if len(scores[s]) > 1
        }
        r = pearson([scores[s][item] for s in rest], list(rest.values())) if rest else None
        ranked = sorted(who, key=lambda s: (-means[s], s))
        g = max(1, round(UPPER_LOWER * len(who)))
        upper = sum(scores[s][item] for s in ranked[:g]) / g
        lower = sum(scores[s][item] for s in ranked[-g:]) / g
        found = Item(item, group, len(who), sum(own) / len(own), r, upper - lower)
        found.flags = flags(found)
        items.append(found)
    return items


def flags(item: Item) -> list[str]:
    """One plain sentence per problem with the item."""
    out = []
    if item.difficulty >= EASY:
        out.append(
            f"Too easy: {item.difficulty:.0%} got it right, so it tells students apart "
            "hardly at all."
        )
    if item.difficulty <= HARD:
        out.append(
            f"Too hard: only {item.difficulty:.0%} got it right; check that it was taught "
            "and that its key is right."
        )
    if item.discrimination is not None and item.discrimination < 0:
        out.append(
            "Negatively discriminating: students who did well on the rest did worse on this "
            "one; check the key and the wording."
        )
    return out


def task_scores(results: Iterable[Graded]) -> dict[str, Scores]:
    """Per exercise: each graded student's tasks, 1 right and 0 not."""
    groups: dict[str, Scores] = {}
    for result in results:
        if result.status == "ok":
            tasks = {t.id: float(t.status == "correct") for t in result.tasks}
            groups.setdefault(result.exercise, {})[result.student] = tasks
    return groups


def quiz_scores(progress_dir: Path) -> tuple[dict[str, Scores], dict[str, Counter[str]], list[str]]:
    """Per lesson quiz: each learner's first-attempt verdicts (where known), the first
    answers per question (``lesson.qid`` -> Counter), and notes on unreadable files."""
    from course.instructor.grade.gradebook import read_progress

    groups: dict[str, Scores] = {}
    answers: dict[str, Counter[str]] = {}
    problems = []
    for student, entries, problem in read_progress(progress_dir):
        if problem:
            problems.append(problem)
        for entry in entries:
            if entry["kind"] != "quiz" or entry.get("first_correct") is None:
                continue
            lesson, qid = entry["lesson"], entry["item"]
            groups.setdefault(f"{lesson} quiz", {}).setdefault(student, {})[qid] = float(
                entry["first_correct"]
            )
            if entry.get("first_answer") is not None:
                answers.setdefault(f"{lesson}.{qid}", Counter()).update(
                    entry["first_answer"].split(",")
                )
    return groups, answers, problems


def class_items(results: list[Graded], progress_dir: Path | None) -> tuple[list[Item], list[str]]:
    """Every analysable item of the class, exercise tasks first, and notes on the inputs."""
    items = [it for name, sc in sorted(task_scores(results).items()) for it in analyse(sc, name)]
    if progress_dir is None:
        return items, []
    from course import quiz

    groups, answers, problems = quiz_scores(progress_dir)
    banks = quiz.load_all()
    for name, scores in sorted(groups.items()):
        lesson = name.split()[0]
        bank = banks.get(lesson)
        if bank is None:
            continue
        known = {q.id: q for q in bank.questions}
        scores = {s: {q: v for q, v in a.items() if q in known} for s, a in scores.items()}
        for item in analyse(scores, name):
            q = known[item.id]
            if q.type in ("single", "multiple"):
                counts = answers.get(f"{lesson}.{item.id}", Counter())
                item.options = {c.id: counts.get(c.id, 0) for c in q.choices}
                item.right = (q.answer,) if q.type == "single" else tuple(q.answer)
            items.append(item)
    return items, problems


def _number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def table(items: list[Item]) -> list[str]:
    """The Markdown section of the class summary."""
    if not items:
        return []
    lines = [
        "## Item analysis",
        "",
        f"Items with at least {MIN_ANSWERS} answers. Difficulty p = share right (quiz: first "
        "attempt); r = corrected item–total correlation; D = share right in the top 27 % "
        "minus the bottom 27 %. Flagged: p ≥ "
        f"{EASY:g} (too easy), p ≤ {HARD:g} (too hard), r < 0. See items.png.",
        "",
        "| group | item | n | p | r | D | first answers (right ones marked ✓) | flag |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for it in items:
        options = ", ".join(
            f"{cid}{' ✓' if cid in it.right else ''}: {count}" for cid, count in it.options.items()
        )
        flag = " ".join(it.flags).replace("|", "\\|")
        lines.append(
            f"| {it.group} | `{it.id}` | {it.n} | {_number(it.difficulty)} | "
            f"{_number(it.discrimination)} | {_number(it.upper_lower)} | {options} | {flag} |"
        )
    return [*lines, ""]


def chart(items: list[Item], path: Path) -> Path | None:
    """``items.png``: difficulty against discrimination, flagged items marked by shape."""
    shown = [it for it in items if it.discrimination is not None]
    if not shown:
        Path(path).unlink(missing_ok=True)  # no stale figure from an earlier run
        return None
    from course import plots

    rest = len(items) - len(shown)
    hidden = f" ({rest} more, whose score did not vary, in summary.md)" if rest else ""
    picture = plots.scatter(
        [(it.difficulty, cast(float, it.discrimination), it.id, bool(it.flags)) for it in shown],
        title="Which items work: difficulty against discrimination",
        x_label="Difficulty: share right (0–1)",
        y_label="Discrimination: item–rest r",
        source=(
            f"Item analysis of {len(shown)} items{hidden}; flagged: p ≥ {EASY:g}, "
            f"p ≤ {HARD:g} or r < 0"
        ),
        marked="flagged",
        guides_x=(HARD, EASY),
        guides_y=(0.0,),
        x_range=(-0.03, 1.03),
        y_range=(-1.05, 1.05),
    )
    atomic_write(path, picture.png())
    return Path(path)
