"""`course export-grades`: a really graded class turned into Canvas, Moodle and plain CSV
files, each read back by a parser written from the LMS's documented import layout."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import nbformat
import pytest

from course import progress
from course.cli import main
from course.instructor.export.grades import export_grades
from course.instructor.grade import grade

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "solutions" / "00_practice.ipynb"
TITLE = "Practice 0: check your answers on real data"  # checked against the solution below
WRONG = 'latest = data.latest("rd_expenditure_pct_gdp", "Korea")'

ROSTER = [
    {"hand-in": "ana", "Student": "Sato, Ana", "ID": "101", "SIS User ID": "S1",
     "SIS Login ID": "ana@uni", "Section": "A", "First name": "Ana", "Last name": "Sato",
     "ID number": "S1", "Email address": "ana@uni.example"},
    {"hand-in": "ben", "Student": "Ito, Ben", "ID": "102", "SIS User ID": "S2",
     "SIS Login ID": "ben@uni", "Section": "A", "First name": "Ben", "Last name": "Ito",
     "ID number": "S2", "Email address": "ben@uni.example"},
    {"hand-in": "cho", "Student": "Cho, Min", "ID": "103", "SIS User ID": "S3",
     "SIS Login ID": "cho@uni", "Section": "B", "First name": "Min", "Last name": "Cho",
     "ID number": "S3", "Email address": "cho@uni.example"},
    {"hand-in": "dan", "Student": "Dan, Kai", "ID": "104", "SIS User ID": "S4",
     "SIS Login ID": "dan@uni", "Section": "B", "First name": "Kai", "Last name": "Dan",
     "ID number": "S4", "Email address": "dan@uni.example"},
]  # fmt: skip


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    """ana right (5), ben one task wrong (4), cho a broken file, =evil right but not in the
    roster, dan in the roster without a hand-in; ana exported her quiz progress."""
    base = tmp_path_factory.mktemp("lms")
    subs, out, prog = base / "subs", base / "out", base / "progress"
    for name in ("ana", "ben", "cho", "=evil"):
        (subs / name).mkdir(parents=True)
    nb = nbformat.read(SOLUTION, as_version=4)
    nbformat.write(nb, subs / "ana" / "00_practice.ipynb")
    nbformat.write(nb, subs / "=evil" / "00_practice.ipynb")
    for cell in nb.cells:
        if cell.metadata.get("course") == {"role": "answer", "task": "l0.rd_latest"}:
            cell.source = WRONG
    nbformat.write(nb, subs / "ben" / "00_practice.ipynb")
    (subs / "cho" / "00_practice.ipynb").write_text("this is not a notebook {")
    grade(submissions=subs, output=out, root=ROOT, quiet=True, workers=2)
    with open(base / "roster.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ROSTER[0]))
        writer.writeheader()
        writer.writerows(ROSTER)
    prog.mkdir()
    when = "2026-01-01T00:00:00.000+00:00"
    entry = {"kind": "quiz", "attempts": 1, "correct": True, "ever_correct": True,
             "first": when, "last": when}  # fmt: skip
    items = {f"l0.{q}": {**entry, "lesson": "l0", "item": q} for q in ("stuck-on-exercise",)}
    state = {"format": progress.FORMAT, "version": 1, "items": items}
    (prog / "ana.json").write_text(json.dumps(state))
    return {"out": out, "roster": base / "roster.csv", "progress": prog, "base": base}


def test_the_title_is_the_solution_notebooks() -> None:
    from course.instructor.exercise import load

    assert load(SOLUTION).title == TITLE


def read_canvas(path: Path) -> tuple[dict[str, float], dict[str, dict[str, str]]]:
    """Canvas's importer, as documented and as gradebook_importer.rb reads a file: a header
    whose first cell names Student and second ID, SIS User ID and SIS Login ID after them,
    Section last of the student columns, assignments `Title` or `Title (id)`; a row starting
    "Points Possible"; then one row per student, found by ID, SIS ids or name."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert "Student" in header[0] and "ID" in header[1]
    people = 3
    if header[2] == "SIS User ID" and header[3] == "SIS Login ID":
        people += 2
    assert header[people - 1] == "Section"
    titles = header[people:]
    assert all(re.fullmatch(r".+?( \(\d+\))?", t) for t in titles)
    points, students = {}, {}
    for row in rows[1:]:
        assert len(row) == len(header)
        if "Points Possible" in row[0]:
            points = {t: float(v) for t, v in zip(titles, row[people:], strict=True)}
            continue
        key = row[1] or row[2] or row[3] or row[0]
        students[key] = dict(zip(titles, row[people:], strict=True))
    return points, students


def test_canvas_file_reads_as_canvas_reads_it(graded, capsys) -> None:
    out = graded["base"] / "canvas.csv"
    status = main(
        ["export-grades", str(graded["out"]), "--format", "canvas", "--roster",
         str(graded["roster"]), "--output", str(out), "--progress", str(graded["progress"]),
         "--assignment-id", "00_practice=555"]
    )  # fmt: skip
    assert status == 0
    points, students = read_canvas(out)
    exercise = f"{TITLE} (555)"
    assert points == {exercise: 5.0, "Quiz l0 (self-reported)": 5.0}
    assert students["101"][exercise] == "5"
    assert students["102"][exercise] == "4"
    assert students["103"][exercise] == ""  # could not be graded: empty, never 0
    assert students["104"][exercise] == ""  # no hand-in
    assert students["'=evil"][exercise] == "5"  # not in the roster: kept, by name, made safe
    assert students["101"]["Quiz l0 (self-reported)"] == "1"
    reasons = list(csv.reader(Path(f"{out}.reasons.csv").read_text("utf-8").splitlines()))
    (cho,) = [r for r in reasons if r[:2] == ["cho", TITLE]]
    assert "not valid JSON" in cho[2]
    assert ["dan", TITLE, "no hand-in found"] in reasons
    err = capsys.readouterr().err
    assert "not in the roster" in err and "=evil" in err
    assert "without a hand-in (empty grade): dan" in err
    assert "no progress file (quiz column empty): ben, cho, dan, =evil" in err


def test_moodle_file_reads_as_moodle_maps_it(graded) -> None:
    """MoodleDocs' grade import: users matched by ID number (or email), a grade column
    `Title (Real)` imported with its `Title (Feedback)` column."""
    out = graded["base"] / "moodle.csv"
    report = export_grades(
        graded["out"], fmt="moodle", roster=graded["roster"], output=out, root=ROOT
    )
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:4] == ["First name", "Last name", "ID number", "Email address"]
    grade_col, feedback_col = f"{TITLE} (Real)", f"{TITLE} (Feedback)"
    by_id = {r["ID number"] or r["First name"]: r for r in rows}
    assert (by_id["S1"][grade_col], by_id["S2"][grade_col]) == ("5", "4")
    assert by_id["S3"][grade_col] == "" and "not valid JSON" in by_id["S3"][feedback_col]
    assert by_id["S4"][grade_col] == "" and by_id["S4"][feedback_col] == "no hand-in found"
    assert by_id["'=evil"][grade_col] == "5"
    assert report.unidentified == ["=evil"] and report.no_hand_in == ["dan"]
    assert report.students == 5


def test_plain_csv_keeps_every_student_and_reason(graded) -> None:
    out = graded["base"] / "plain.csv"
    export_grades(graded["out"], fmt="csv", output=out, root=ROOT)
    rows = {r["student"]: r for r in csv.DictReader(out.read_text("utf-8").splitlines())}
    assert set(rows) == {"ana", "ben", "cho", "'=evil"}
    assert rows["cho"]["00_practice"] == "" and rows["cho"]["00_practice max"] == "5"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "canvas"], "needs --roster"),
        (["--format", "csv", "--assignment-id", "00_practice=abc"], "NN_name=ID"),
    ],
)
def test_usage_errors_are_one_clear_line(graded, capsys, args, message) -> None:
    out = graded["base"] / "x.csv"
    assert main(["export-grades", str(graded["out"]), "--output", str(out), *args]) == 2
    assert message in capsys.readouterr().err


def test_a_roster_without_a_student_column_is_refused(graded, tmp_path, capsys) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("ID,Email address\n1,a@b\n")
    status = main(["export-grades", str(graded["out"]), "--format", "moodle", "--roster",
                   str(roster), "--output", str(tmp_path / "m.csv")])  # fmt: skip
    assert status == 2 and "needs a 'hand-in' column" in capsys.readouterr().err
