"""The instructor toolkit's parts: exercise reading, submission discovery and matching, the
gradebook merge, the overview, the sandbox rules, and the learner side's independence."""

from __future__ import annotations

import copy
import csv
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course.instructor import exercise
from course.instructor import generator as assign
from course.instructor.grade import gradebook, sandbox, submissions
from course.instructor.grade.results import Graded, TaskResult
from course.instructor.overview import course_map, markdown, text, to_html

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob(exercise.PATTERN))
LEARNER_SIDE = ["quiz", "checks", "widgets", "progress", "dashboard", "data", "plots", "lessons"]


def test_learner_modules_never_import_the_instructor_code() -> None:
    code = (
        "import sys\n"
        f"for name in {LEARNER_SIDE!r}:\n"
        "    __import__('course.' + name)\n"
        "from course.checks import registry\n"
        "registry()\n"
        "bad = [m for m in sys.modules if m.startswith('course.instructor') or m == 'course.cli']\n"
        "print(bad)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def test_every_solution_defines_checkable_tasks(path: Path) -> None:
    """Each answer cell names a checker task, a variable and points; our reading of the
    solution block agrees with the exercise generator's."""
    from course import checks

    ex = exercise.load(path, exercise.descriptions())
    assert ex.tasks, path.name
    solution = nbformat.read(path, as_version=4)
    for task in ex.tasks:
        assert task.id in checks.registry()
        assert task.points > 0 and task.description
        cell = next(c for c in solution.cells if c.get("id") == task.cell_id)
        block, _ = exercise.blocks(cell.source, exercise.BEGIN_SOLUTION, exercise.END_SOLUTION)
        assert task.name == (assign.assigned_name(block) or "")
        generated = assign.to_exercise(solution).cells[solution.cells.index(cell)].source
        assert f"{task.name} = {assign.PLACEHOLDER}" in generated if task.name else True


def test_lesson_0_points_come_from_nbgrader_metadata() -> None:
    ex = exercise.load(ROOT / "solutions" / "00_practice.ipynb")
    assert [(t.id, t.name, t.points) for t in ex.tasks] == [
        ("l0.rd_latest", "latest", 1),
        ("l0.ip_coverage", "coverage", 1),
        ("l0.ip_crossover", "crossover", 1),
        ("l0.rd_chart", "chart", 2),
    ]
    assert ex.lesson == "l0" and ex.max_points == 5
    assert ex.tasks[0].check.strip() == "l0.rd_latest.check(latest)"


def test_discover_every_layout(tmp_path: Path) -> None:
    names = ["00_practice", "01_borrowing_to_exporting_exercise"]
    files = {
        "ann/00_practice.ipynb": "{}",
        "ann/00_practice-Copy1.ipynb": "{}",
        "ann/.ipynb_checkpoints/00_practice-checkpoint.ipynb": "{}",
        "ann/notes.txt": "",
        "bo/hw1/01_borrowing_to_exporting_exercise.ipynb": "{}",
        "cy__00_practice.ipynb": "{}",
        "dee.ipynb": "{}",
        "eve/99_other.ipynb": "{}",
    }
    for rel, content in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(content)
    found, skipped = submissions.discover(submissions_dir=tmp_path, exercises=names)
    got = {(s.student, s.exercise, s.rel) for s in found}
    assert got == {
        ("ann", "00_practice", "ann/00_practice.ipynb"),
        ("bo", names[1], f"bo/hw1/{names[1]}.ipynb"),
        ("cy", "00_practice", "cy__00_practice.ipynb"),
        ("dee", None, "dee.ipynb"),
        ("eve", None, "eve/99_other.ipynb"),
    }  # fmt: skip
    ann = next(s for s in found if s.student == "ann")
    assert "00_practice-Copy1.ipynb" in ann.note
    hidden = "ann/.ipynb_checkpoints/ (a hidden folder)"
    assert skipped == [hidden, "ann/notes.txt (not a notebook)"]
    found, _ = submissions.discover(
        submissions_dir=tmp_path, exercises=names, exercise="00_practice"
    )
    assert ("dee", "00_practice") in {(s.student, s.exercise) for s in found}


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"  \n", "empty"), (b"[1, 2]", "no cells"), (b"{'a': 1}", "not valid JSON"),
     (b"\xff\xfe\x00", "not valid JSON"), (b"[" * 100000, "not valid JSON")],
)  # fmt: skip
def test_unreadable_notebooks_say_why(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "x.ipynb"
    path.write_bytes(data)
    with pytest.raises(submissions.Unreadable, match=reason):
        submissions.code_cells(submissions.read_bytes(path, max_bytes=10**6))


def test_size_cap_and_special_files(tmp_path: Path) -> None:
    big = tmp_path / "big.ipynb"
    big.write_bytes(b"{" + b" " * 2000 + b"}")
    with pytest.raises(submissions.Unreadable, match="too large"):
        submissions.read_bytes(big, max_bytes=1000)
    with pytest.raises(submissions.Unreadable, match="not a regular file"):
        submissions.read_bytes(tmp_path, max_bytes=1000)


def test_nbformat_3_cells_are_read() -> None:
    v4 = nbformat.read(ROOT / "solutions" / "00_practice.ipynb", as_version=4)
    v3 = nbformat.writes(nbformat.convert(copy.deepcopy(v4), 3)).encode()
    cells = submissions.code_cells(v3)
    assert [c.source for c in cells] == [c.source for c in v4.cells if c.cell_type == "code"]
    assert cells[1].task == ("l0.rd_latest", "answer")


def _cells(*sources: str) -> list[submissions.Cell]:
    return [submissions.Cell(i, s, None, "", f"c{i}") for i, s in enumerate(sources)]


def test_match_falls_back_from_metadata_to_content() -> None:
    ex = exercise.load(ROOT / "solutions" / "00_practice.ipynb")
    cells = _cells(
        "from course import data, plots",
        'latest = data.latest("rd_expenditure_pct_gdp", "Korea")',
        'latest = data.latest("rd_expenditure_pct_gdp", "Japan")',
        "l0.rd_latest.check(latest)",
        "coverage: float = 1",
        "chart = plots.line(data.table('researchers_per_million', ['Japan'], (2000, 2023)))\nchart",
    )
    found = submissions.match(ex, cells)
    assert found["l0.rd_latest"] == (2, "content")  # the last one that assigns it
    assert found["l0.ip_coverage"] == (4, "content")
    assert found["l0.rd_chart"] == (5, "content")
    assert "l0.ip_crossover" not in found  # deleted
    tagged = [*cells[:1], submissions.Cell(1, "x = 1", ("l0.rd_latest", "answer"), "", "z")]
    assert submissions.match(ex, tagged)["l0.rd_latest"] == (1, "metadata")
    by_id = [submissions.Cell(0, "y = 2", None, "l0-ip_coverage", "")]
    assert submissions.match(ex, by_id)["l0.ip_coverage"] == (0, "grade_id")


def _result(student: str, points: list[float], status: str = "ok") -> Graded:
    ids = ["l0.rd_latest", "l0.ip_coverage", "l0.ip_crossover", "l0.rd_chart"]
    tasks = [
        TaskResult(i, "", p, m, "correct" if p else "wrong", "")
        for i, p, m in zip(ids, points, [1, 1, 1, 2], strict=True)
    ]
    return Graded(student, "00_practice", f"{student}.ipynb", "k", status, "", tasks)


def test_gradebook_merges_without_losing_rows(tmp_path: Path) -> None:
    exercises = {"00_practice": exercise.load(ROOT / "solutions" / "00_practice.ipynb")}
    book = tmp_path / "gradebook.csv"
    book.write_text(
        "student,exercise,l9.old,total,max,status,reason,comment\nzoe,09_old,3,3,3,ok,,keep me\n"
    )
    gradebook.write(book, results=[_result("amy", [1, 0, 1, 2]), _result("bob", [0, 0, 0, 0])],
                    exercises=exercises)  # fmt: skip
    first = book.read_bytes()
    gradebook.write(book, results=[_result("amy", [1, 1, 1, 2])], exercises=exercises)
    with open(book, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = {r["student"]: r for r in reader}
        columns = reader.fieldnames
    assert columns[:2] == ["student", "exercise"] and "l9.old" in columns and "comment" in columns
    assert rows["zoe"]["comment"] == "keep me" and rows["zoe"]["l9.old"] == "3"
    assert (rows["amy"]["total"], rows["amy"]["l0.ip_coverage"]) == ("5", "1")
    assert rows["bob"]["total"] == "0"
    gradebook.write(book, results=[_result("amy", [1, 0, 1, 2]), _result("bob", [0, 0, 0, 0])],
                    exercises=exercises)  # fmt: skip
    assert book.read_bytes() == first
    assert not list(tmp_path.glob("*.tmp"))


def test_overview_lists_every_lesson_with_its_numbers() -> None:
    lessons = course_map()
    notebooks = sorted((ROOT / "notebooks").glob(exercise.PATTERN))
    assert len(lessons) >= len(notebooks)
    plain, md, page = text(lessons), markdown(lessons), to_html(lessons)
    for lesson in lessons:
        meta = json.loads((ROOT / lesson.notebook).read_text(encoding="utf-8"))["metadata"]
        assert (
            lesson.title == meta["course"]["title"] and lesson.minutes == meta["course"]["minutes"]
        )
        assert lesson.title in plain and lesson.title in md
        if lesson.exercise:
            for task in lesson.exercise.tasks:
                assert task.id in plain and task.id in md and task.id in page
    from course import quiz

    assert sum(lessons[0].questions.values()) == len(quiz.load("l0").questions)
    assert "l0.rd_latest (1 pt)" in plain


def test_readable_rules_hide_only_the_protected(tmp_path: Path) -> None:
    for rel in ("a/secret/x", "a/open/y", "b/z"):
        (tmp_path / rel).mkdir(parents=True)
    rules = sandbox.readable_rules([tmp_path / "a" / "secret"])
    assert tmp_path / "a" / "open" in rules and tmp_path / "b" in rules
    assert not [
        r for r in rules if r == tmp_path / "a" / "secret" or tmp_path / "a" / "secret" in r.parents
    ]
    assert tmp_path not in rules and tmp_path / "a" not in rules


def test_similarity_matching_is_bounded_in_huge_notebooks() -> None:
    """A retyped answer cell is found by similarity in a normal notebook, never by comparing
    every cell of a 10,000-cell one (which once cost the grader 92 s of CPU)."""
    ex = exercise.load(ROOT / "solutions" / "00_practice.ipynb")
    task = ex.tasks[0]
    retyped = task.solution.replace(task.name, task.name + "_v2", 1)  # similar, other name
    small = _cells("from course import data", retyped)
    assert submissions.match(ex, small).get(task.id) == (1, "content")
    filler = [f"x{i} = {i}" for i in range(10_000)]
    huge = _cells("from course import data", *filler, retyped, f"{ex.tasks[1].name} = 1")
    found = submissions.match(ex, huge)
    assert task.id not in found  # no similarity search over 10,002 cells
    assert found[ex.tasks[1].id] == (len(huge) - 1, "content")  # assignments still found
    long = _cells("from course import data", retyped + "\n# " + "x" * submissions.FUZZY_CHARS)
    assert task.id not in submissions.match(ex, long)
