"""The gradebook: ``gradebook.csv``, one row per student and exercise, merged, atomic.

Columns: ``student``, ``exercise``, one column of points per task (named by task id, e.g.
``l0.rd_latest``; empty when the submission could not be graded), ``total``, ``max``,
``status`` (``ok``/``error``), ``reason``, and with learners' exported progress files the
quiz columns ``self_reported_quiz_answered``, ``self_reported_quiz_correct``,
``quiz_questions`` (named so because they come from the learner's own progress file, which
a learner can edit; the exercise's
lesson's quiz: questions tried, questions ever answered right, questions in the bank).

Writing merges with the gradebook already there: a row for the same student and exercise is
replaced, every other row is kept, unknown columns too. Rows are sorted and numbers written
the same way each time, so grading again without changes rewrites the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from course.instructor.common import atomic_write
from course.instructor.exercise import Exercise
from course.instructor.grade.results import Graded

FIRST = ["student", "exercise"]
LAST = ["total", "max", "status", "reason"]
QUIZ = ["self_reported_quiz_answered", "self_reported_quiz_correct", "quiz_questions"]
Quiz = dict[tuple[str, str], tuple[int, int, int]]  # (student, lesson) -> answered, correct, n


def number(value: float) -> str:
    """Points as text: ``2`` rather than ``2.0``, at most three decimals."""
    value = round(float(value), 3)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The columns and rows of an existing gradebook (nothing if there is none)."""
    if not Path(path).exists():
        return [], []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), [dict(row) for row in reader]


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as text: a leading ``=``, ``+``, ``-`` or ``@`` (a formula to
    Excel, LibreOffice and Google Sheets) gets an apostrophe in front (OWASP, CSV Injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def row(result: Graded, exercises: dict[str, Exercise], quiz: Quiz | None) -> dict[str, str]:
    """The gradebook row of one result; names and reasons are made spreadsheet-safe."""
    out = {"student": spreadsheet_safe(result.student)}
    out["exercise"] = spreadsheet_safe(result.exercise)
    if result.status == "ok":
        out.update({t.id: number(t.points) for t in result.tasks})
    exercise = exercises.get(result.exercise)
    most = result.max if result.tasks else (exercise.max_points if exercise else 0)
    out.update(
        total=number(result.total),
        max=number(most),
        status=result.status,
        reason=spreadsheet_safe(result.reason),
    )
    if quiz is not None and exercise is not None:
        answered, correct, questions = quiz.get((result.student, exercise.lesson), (0, 0, 0))
        out.update(self_reported_quiz_answered=str(answered))
        out.update(self_reported_quiz_correct=str(correct))
        out["quiz_questions"] = str(questions)
    return out


def write(
    path: Path,
    *,
    results: Iterable[Graded],
    exercises: dict[str, Exercise],
    quiz: Quiz | None = None,
) -> Path:
    """Merge ``results`` into the gradebook at ``path`` (atomically); return the path."""
    old_columns, old_rows = read(path)
    merged = {(r.get("student", ""), r.get("exercise", "")): r for r in old_rows}
    for result in results:
        new = row(result, exercises, quiz)
        previous = merged.get((new["student"], new["exercise"]), {})
        keep = {k: v for k, v in previous.items() if k in QUIZ and quiz is None}
        merged[(new["student"], new["exercise"])] = {**keep, **new}
    tasks = [t.id for ex in exercises.values() for t in ex.tasks]
    tasks += [c for c in old_columns if c not in tasks and c not in FIRST + LAST + QUIZ]
    used = {key for r in merged.values() for key in r}
    columns = FIRST + [t for t in tasks if t in used] + LAST
    columns += [c for c in QUIZ if c in used]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for key in sorted(merged):
        writer.writerow({c: merged[key].get(c, "") for c in columns})
    atomic_write(path, buffer.getvalue())
    return Path(path)


def read_progress(progress_dir: Path) -> Iterator[tuple[str, list[dict[str, Any]], str]]:
    """``(student, entries, problem)`` for each exported progress file ``<student>.json``
    (problem empty when the file was read in full; the good entries of a damaged one are
    kept, an unusable one gives none)."""
    from course import progress

    for path in sorted(Path(progress_dir).glob("*.json")):
        try:
            items, problem = progress.read_export(path, name=path.name, strict=False)
            problem = f"{path.name}: {problem}" if problem else ""
        except progress.ProgressFileError as error:
            items, problem = {}, str(error).replace("; nothing was changed.", ".")
        yield path.stem, list(items.values()), problem


def quiz_scores(progress_dir: Path) -> tuple[Quiz, list[str]]:
    """Quiz counts per (student, lesson) from exported progress files ``<student>.json``.

    Only questions that exist in the course's banks count. Also returns a note for each
    file that could not be read in full.
    """
    from course import quiz

    banks = quiz.load_all()
    questions = {lesson: {q.id for q in bank.questions} for lesson, bank in banks.items()}
    scores: Quiz = {}
    problems = []
    for student, entries, problem in read_progress(progress_dir):
        if problem:
            problems.append(problem)
        for lesson, ids in questions.items():
            tried = [
                e
                for e in entries
                if e["kind"] == "quiz" and e["lesson"] == lesson and e["item"] in ids
            ]
            correct = sum(entry["ever_correct"] for entry in tried)
            scores[(student, lesson)] = (len(tried), correct, len(ids))
    return scores, problems
