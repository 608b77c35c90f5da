"""Grades into the school's LMS without a server: ``course export-grades``.

Reads ``gradebook.csv`` of a grading folder (what ``course grade`` wrote) and a roster that
maps the student names of the hand-in folder to the LMS's identifiers, and writes a file the
LMS's own gradebook import reads:

- ``canvas``: Canvas's gradebook import CSV. Header ``Student, ID, SIS User ID, SIS Login
  ID, Section``, then one column per assignment named ``Title`` (a new assignment) or
  ``Title (id)`` (an existing one), then a row whose first cell is ``Points Possible``. As
  documented in the Canvas Instructor Guide, "How do I import grades in the Gradebook?"
  (https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807)
  and the Ohio State guide to it (https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades),
  and as Canvas's importer reads it (instructure/canvas-lms, ``app/models/gradebook_importer.rb``:
  ``row_has_student_headers?``, ``update_column_count``, ``check_for_non_student_row``).
  Canvas imports no comments: the reasons go into a side file ``<output>.reasons.csv``.
- ``moodle``: Moodle's grade import CSV: ``First name, Last name, ID number, Email
  address``, then per assignment ``Title (Real)`` and ``Title (Feedback)``, the column names
  Moodle's own export writes (``grade/export/lib.php``, ``format_column_name``); on import
  the user is matched by "ID number" or "Email address" and each column mapped to a grade
  item or its feedback (MoodleDocs, "Grade import", https://docs.moodle.org/en/Grade_import;
  its Note 3: import a grade column with its feedback column).
- ``csv``: a plain wide table for any other system or a spreadsheet.

Every student is kept: those in the gradebook but not in the roster (written with their name
only, and listed), those in the roster without a hand-in (empty grade, "no hand-in found").
A submission that could not be graded is exported empty with its reason, never as 0.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.instructor import exercise as exercises_mod
from course.instructor.common import UsageError, atomic_write, course_root
from course.instructor.grade import gradebook

FORMATS = ("canvas", "moodle", "csv")
Cells = dict[tuple[str, str], tuple[str, str]]  # (student, column key) -> (score, reason)
CANVAS_PEOPLE = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_PEOPLE = ("First name", "Last name", "ID number", "Email address")
NO_HAND_IN = "no hand-in found"
HAND_IN = "hand-in"  # the roster's column of names as the hand-in folder has them


@dataclass
class Column:
    """One graded thing in the export: an exercise, or a lesson's self-reported quiz."""

    key: str  # the exercise name ("00_practice") or "quiz l0"
    title: str
    points: float


@dataclass
class Export:
    """What an export wrote and what the instructor should know."""

    written: list[Path] = field(default_factory=list)
    students: int = 0
    not_in_roster: list[str] = field(default_factory=list)
    no_hand_in: list[str] = field(default_factory=list)
    not_graded: list[tuple[str, str, str]] = field(default_factory=list)  # student, what, why
    unidentified: list[str] = field(default_factory=list)  # in the roster without an LMS id
    notes: list[str] = field(default_factory=list)


def read_roster(path: Path) -> list[dict[str, str]]:
    """The roster's rows: a ``hand-in`` column (the names as the hand-in folder has them) and
    any LMS columns, their names put in the LMS's spelling (case, spaces, ``-``, ``_`` aside),
    each row returned with the hand-in name under ``student``."""
    known = {_plain_name(name): name for name in (HAND_IN, *CANVAS_PEOPLE, *MOODLE_PEOPLE)}
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError(f"The roster {path} could not be read ({error}).") from None
    out = []
    for row in rows:
        clean = {known.get(_plain_name(k or ""), k): (v or "").strip() for k, v in row.items()}
        if HAND_IN not in clean:
            raise UsageError(
                f"The roster {path} needs a '{HAND_IN}' column: the names used in the "
                "hand-in folder (beside the LMS's columns, e.g. ID or Email address)."
            )
        if clean[HAND_IN]:
            out.append({**clean, "student": clean[HAND_IN]})
    return out


def _plain_name(column: str) -> str:
    return re.sub(r"[\s_-]", "", column.lower())


def export_grades(
    grading_dir: str | os.PathLike[str],
    *,
    fmt: str,
    output: str | os.PathLike[str],
    roster: str | os.PathLike[str] | None = None,
    progress_dir: str | os.PathLike[str] | None = None,
    assignment_ids: dict[str, str] | None = None,
    root: str | os.PathLike[str] | None = None,
) -> Export:
    """Write the grades of ``grading_dir`` for an LMS; see the module's docstring."""
    if fmt not in FORMATS:
        raise UsageError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    if fmt != "csv" and roster is None:
        raise UsageError(f"A {fmt} export needs --roster: the LMS finds students by its own ids.")
    book_path = Path(grading_dir) / "gradebook.csv"
    if not book_path.is_file():
        raise UsageError(f"No gradebook.csv in {grading_dir}: run `course grade` first.")
    _, rows = gradebook.read(book_path)
    exercises = exercises_mod.load_all(course_root(root) / "solutions")
    people = read_roster(Path(roster)) if roster else []
    report = Export()

    names = [p["student"] for p in people]
    graded = sorted({_unsafe(r["student"]) for r in rows} - set(names))
    report.not_in_roster = graded if people else []
    people += [{"student": name} for name in graded]
    report.students = len(people)

    done = sorted({r["exercise"] for r in rows if r["exercise"] in exercises})
    columns = [Column(n, exercises[n].title, exercises[n].max_points) for n in done]
    cells: dict[tuple[str, str], tuple[str, str]] = {}  # (student, key) -> (score, reason)
    for r in rows:
        if r["exercise"] not in exercises:
            report.notes.append(f"{r['student']}: {r['exercise']} is not an exercise of the course")
            continue
        ok = r["status"] == "ok"
        cells[(_unsafe(r["student"]), r["exercise"])] = (r["total"] if ok else "", r["reason"])
    if progress_dir is not None:
        quiz, problems = gradebook.quiz_scores(Path(progress_dir))
        report.notes += [f"progress file not read: {p}" for p in problems]
        lessons = sorted({exercises[n].lesson for n in done})
        for lesson in lessons:
            size = max((n for (_, les), (_, _, n) in quiz.items() if les == lesson), default=0)
            columns.append(Column(f"quiz {lesson}", f"Quiz {lesson} (self-reported)", size))
            for (student, les), (_, correct, _) in quiz.items():
                if les == lesson:
                    cells[(student, f"quiz {lesson}")] = (str(correct), "")

    for person in people:
        student = person["student"]
        if not any((student, c.key) in cells for c in columns if not c.key.startswith("quiz")):
            report.no_hand_in.append(student)
        for column in columns:
            score, why = cells.get((student, column.key), ("", _missing(column)))
            if score == "":
                report.not_graded.append((student, column.title, why))
    report.no_hand_in = [s for s in report.no_hand_in if s in names]
    ids = assignment_ids or {}
    writer = {"canvas": _canvas, "moodle": _moodle, "csv": _plain}[fmt]
    text, unidentified = writer(people, columns, cells, ids)
    report.unidentified = unidentified
    atomic_write(output, text)
    report.written.append(Path(output))
    if fmt == "canvas" and report.not_graded:
        side = Path(f"{output}.reasons.csv")
        atomic_write(side, _table(["student", "assignment", "reason"], report.not_graded))
        report.written.append(side)
    return report


def _unsafe(text: str) -> str:
    """A name as the hand-in folder has it (the gradebook guards leading formula signs)."""
    return text[1:] if text[:2] in ("'=", "'+", "'-", "'@") else text


def _missing(column: Column) -> str:
    return "no progress file" if column.key.startswith("quiz") else NO_HAND_IN


def _table(header: list[str], rows: list[Any]) -> str:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(header)
    out.writerows([[gradebook.spreadsheet_safe(str(v)) for v in row] for row in rows])
    return buffer.getvalue()


def _canvas(
    people: list[dict[str, str]], columns: list[Column], cells: Cells, ids: dict[str, str]
) -> tuple[str, list[str]]:
    heads = [f"{c.title} ({ids[c.key]})" if c.key in ids else c.title for c in columns]
    rows = [["Points Possible", "", "", "", "", *(gradebook.number(c.points) for c in columns)]]
    unidentified = []
    for p in people:
        if not any(p.get(k) for k in ("ID", "SIS User ID", "SIS Login ID")):
            unidentified.append(p["student"])
        who = [p.get("Student") or p["student"], *(p.get(k, "") for k in CANVAS_PEOPLE[1:])]
        rows.append([*who, *(cells.get((p["student"], c.key), ("", ""))[0] for c in columns)])
    return _table([*CANVAS_PEOPLE, *heads], rows), unidentified


def _moodle(
    people: list[dict[str, str]], columns: list[Column], cells: Cells, ids: dict[str, str]
) -> tuple[str, list[str]]:
    heads = [h for c in columns for h in (f"{c.title} (Real)", f"{c.title} (Feedback)")]
    rows, unidentified = [], []
    for p in people:
        if not (p.get("ID number") or p.get("Email address")):
            unidentified.append(p["student"])
        first = p.get("First name") or ("" if p.get("Last name") else p["student"])
        who = [first, p.get("Last name", ""), p.get("ID number", ""), p.get("Email address", "")]
        marks = []
        for c in columns:
            score, why = cells.get((p["student"], c.key), ("", _missing(c)))
            marks += [score, why]
        rows.append(who + marks)
    return _table([*MOODLE_PEOPLE, *heads], rows), unidentified


def _plain(
    people: list[dict[str, str]], columns: list[Column], cells: Cells, ids: dict[str, str]
) -> tuple[str, list[str]]:
    extra = [k for k in (*CANVAS_PEOPLE, *MOODLE_PEOPLE) if any(p.get(k) for p in people)]
    heads = [h for c in columns for h in (c.key, f"{c.key} max", f"{c.key} reason")]
    rows = []
    for p in people:
        marks = []
        for c in columns:
            score, why = cells.get((p["student"], c.key), ("", _missing(c)))
            marks += [score, gradebook.number(c.points), why]
        rows.append([p["student"], *(p.get(k, "") for k in extra), *marks])
    return _table(["student", *extra, *heads], rows), []
