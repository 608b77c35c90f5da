"""`course grade` end to end: real notebooks, real kernels, every hostile case, no mocks.

A class of synthetic submissions is built from the lesson 0 solution: right, wrong and
unanswered notebooks, and each broken or hostile case the grader must survive. The class is
graded once (module fixture) and the gradebook and feedback are checked cell by cell
against what each submission deserves.
"""

from __future__ import annotations

import copy
import csv
import html
import json
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from course import progress, quiz
from course.instructor.common import UsageError
from course.instructor.grade import grade, sandbox
from course.instructor.grade.watch import changes, snapshot

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "solutions" / "00_practice.ipynb"
EXERCISE = ROOT / "exercises" / "00_practice.ipynb"
TASKS = ["l0.rd_latest", "l0.ip_coverage", "l0.ip_crossover", "l0.rd_chart"]
POINTS = {"l0.rd_latest": 1, "l0.ip_coverage": 1, "l0.ip_crossover": 1, "l0.rd_chart": 2}
CELL_TIMEOUT = 4.0
LIMITS = {"cell_timeout": CELL_TIMEOUT, "total_timeout": 60.0, "max_mb": 2.0, "workers": 2}

WRONG = {
    "l0.rd_latest": 'latest = data.latest("rd_expenditure_pct_gdp", "Korea")',
    "l0.ip_coverage": (
        'coverage = (data.table("ip_charges_receipts_usd", "Japan", (2010, 2025))["JPN"]\n'
        '    - data.table("ip_charges_payments_usd", "Japan", (2010, 2025))["JPN"])'
    ),
    "l0.ip_crossover": "crossover = 1960",
    "l0.rd_chart": (
        'chart = plots.line(data.table("researchers_per_million", ["Japan"], (2000, 2023)),\n'
        '    title="Researchers", y_label="Researchers", source=data.citation())'
    ),
}


SIDE_TROUBLE = {
    "sideloop": "while True:\n    pass",
    "sideexit": "import sys\nsys.exit(3)",
    "sideinterrupt": "raise KeyboardInterrupt",
    "sidekill": "import os\nos._exit(1)",
}
SIDE_NOTES = {
    "sideloop": f"code cell 2 ran for more than {CELL_TIMEOUT:g} s and was stopped",
    "sideexit": "code cell 2 raised SystemExit",
    "sideinterrupt": "code cell 2 raised KeyboardInterrupt",
    "sidekill": "code cell 2 ended the Python kernel, which was started again",
}


def solution() -> nbformat.NotebookNode:
    return nbformat.read(SOLUTION, as_version=4)


def answer_cell(nb: nbformat.NotebookNode, task: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.metadata.get("course") == {"role": "answer", "task": task})


def answer_index(nb: nbformat.NotebookNode, task: str) -> int:
    return nb.cells.index(answer_cell(nb, task))


def with_answer(task: str, code: str) -> nbformat.NotebookNode:
    nb = solution()
    answer_cell(nb, task).source = code
    return nb


def build(folder: Path, outside: Path) -> dict[str, dict]:
    """Write the class into ``folder``; return what each student deserves."""
    full = {t: ("correct", POINTS[t]) for t in TASKS}

    def but(task: str, status: str) -> dict:
        return {**full, task: (status, 0)}

    expect: dict[str, dict] = {}

    def put(student: str, content, deserves: dict | str) -> None:
        path = folder / student / "00_practice.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, nbformat.NotebookNode):
            nbformat.write(content, path)
        else:
            path.write_bytes(content)
        expect[student] = deserves

    put("right", solution(), full)
    wrong = solution()
    for task, code in WRONG.items():
        answer_cell(wrong, task).source = code
    put("wrong", wrong, {t: ("wrong", 0) for t in TASKS})
    put("blank", nbformat.read(EXERCISE, as_version=4), {t: ("unattempted", 0) for t in TASKS})
    put("notjson", b"this is not a notebook {", "not valid JSON")
    put("empty", b"", "empty")
    put("v3", nbformat.writes(nbformat.convert(solution(), 3)).encode(), full)
    huge = solution()
    huge.cells[0].outputs = []
    huge.cells.append(nbformat.v4.new_code_cell("# " + "x" * (3 * 2**20)))
    put("huge", huge, "too large")
    put(
        "sysexit",
        with_answer("l0.ip_coverage", "import sys\nsys.exit(1)"),
        but("l0.ip_coverage", "failed"),
    )
    put(
        "osexit",
        with_answer("l0.rd_latest", "import os\nos._exit(0)"),
        but("l0.rd_latest", "crashed"),
    )
    kill = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"
    put("kill", with_answer("l0.ip_crossover", kill), but("l0.ip_crossover", "crashed"))
    put(
        "loop",
        with_answer("l0.ip_coverage", "while True:\n    pass"),
        but("l0.ip_coverage", "timeout"),
    )
    stubborn = (
        "while True:\n    try:\n        while True:\n            pass\n"
        "    except KeyboardInterrupt:\n        pass"
    )
    put("stubborn", with_answer("l0.ip_crossover", stubborn), but("l0.ip_crossover", "timeout"))
    printer = solution()
    printer.cells.insert(
        3, nbformat.v4.new_code_cell("for _ in range(20):\n    print('x' * 2_000_000)")
    )
    put("printer", printer, full)
    hostile = (
        "import os, course\n"
        "escaped = []\n"
        f"for target in [{str(outside / 'escaped.txt')!r}, '../../escaped-relative.txt',\n"
        f"               {str(folder / 'right' / '00_practice.ipynb')!r}]:\n"
        "    try:\n"
        "        with open(target, 'w') as handle:\n"
        "            handle.write('overwritten')\n"
        "        escaped.append(target)\n"
        "    except OSError:\n"
        "        pass\n"
        "try:\n"
        "    here = os.path.dirname(course.__file__)\n"
        "    open(os.path.join(here, '..', 'solutions', '00_practice.ipynb')).read()\n"
        "    escaped.append('read the solutions')\n"
        "except OSError:\n"
        "    pass\n"
        "open('inside.txt', 'w').write('allowed')\n"
        'latest = None if escaped else data.latest("rd_expenditure_pct_gdp", "Japan")'
    )
    confined = sandbox.landlock_abi() >= 1
    put(
        "escape",
        with_answer("l0.rd_latest", hostile),
        full if confined else but("l0.rd_latest", "unattempted"),
    )
    moved = solution()
    cell = moved.cells.pop(answer_index(moved, "l0.ip_crossover"))
    moved.cells.append(cell)
    put("moved", moved, full)
    duplicated = solution()
    first = copy.deepcopy(answer_cell(duplicated, "l0.rd_latest"))
    first.source, first.id = WRONG["l0.rd_latest"], "first-copy"
    duplicated.cells.insert(answer_index(duplicated, "l0.rd_latest"), first)
    put("duplicated", duplicated, full)
    retyped = solution()
    for i, cell in enumerate(retyped.cells):
        cell.metadata = {}
        cell.id = f"retyped-{i}"
    put("retyped", retyped, full)
    deleted = solution()
    deleted.cells.pop(answer_index(deleted, "l0.ip_coverage"))
    put("deleted", deleted, but("l0.ip_coverage", "missing"))
    # Links are never graded as the student's work: to the solutions, or to a classmate's.
    for student, target in (
        ("linker", SOLUTION),
        ("copycat", folder / "right" / "00_practice.ipynb"),
    ):
        (folder / student).mkdir()
        (folder / student / "00_practice.ipynb").symlink_to(target)
        expect[student] = "symbolic link"
    put("=HYPERLINK(1)", solution(), full)  # a name a spreadsheet would run as a formula
    # Trouble outside the answer cells costs no points but is reported, cell by cell.
    for student, code in SIDE_TROUBLE.items():
        side = solution()
        first_code = next(i for i, c in enumerate(side.cells) if c.cell_type == "code")
        side.cells.insert(first_code + 1, nbformat.v4.new_code_cell(code))
        put(student, side, full)
    return expect


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    subs, out, outside, root = base / "submissions", base / "out", base, base / "course"
    (root / "solutions").mkdir(parents=True)
    shutil.copy(SOLUTION, root / "solutions")
    expect = build(subs, outside)
    (subs / "carol").mkdir()
    (subs / "carol" / "notes.txt").write_text("not a notebook")
    (subs / "zed").mkdir()
    (subs / "zed" / "99_unknown.ipynb").write_text("{}")
    (subs / "dirlink").symlink_to(root / "solutions", target_is_directory=True)
    nbformat.write(solution(), subs / "..__00_practice.ipynb")
    progress_dir = base / "progress"
    progress_dir.mkdir()
    questions = quiz.load("l0").ids
    now = "2025-01-01T00:00:00.000+00:00"
    entry = {"kind": "quiz", "attempts": 1, "first": now, "last": now}
    items = {
        f"l0.{questions[0]}": {**entry, "correct": True, "ever_correct": True},
        f"l0.{questions[1]}": {**entry, "correct": False, "ever_correct": False},
    }
    state = {"format": progress.FORMAT, "version": progress.VERSION, "items": items}
    (progress_dir / "right.json").write_text(json.dumps(state))
    before = snapshot(base)
    start = time.monotonic()
    report = grade(
        submissions=subs, output=out, root=root, progress_dir=progress_dir, quiet=True, **LIMITS
    )
    seconds = time.monotonic() - start
    after = snapshot(base)
    return {
        "base": base, "subs": subs, "out": out, "expect": expect, "report": report,
        "seconds": seconds, "changes": changes(before, after), "progress": progress_dir,
        "root": root,
    }  # fmt: skip


def rows(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def results(out: Path) -> dict[str, dict]:
    found = {}
    for path in (out / "results").glob("*/*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["student"]] = data
    return found


def test_every_submission_is_accounted_for(graded) -> None:
    book = rows(graded["out"])
    safe = {"'" + s if s.startswith("=") else s for s in graded["expect"]}
    assert safe | {"zed"} == set(book)
    assert book["zed"]["status"] == "error" and "which exercise" in book["zed"]["reason"]
    assert graded["report"].skipped == [
        "..__00_practice.ipynb (a hidden file)",
        "carol/notes.txt (not a notebook)",
        "dirlink/ (a link to a folder: links are not followed)",
    ]
    assert "not graded: ..__00_practice.ipynb (a hidden file)" in (
        graded["out"] / "summary.md"
    ).read_text(encoding="utf-8")


@pytest.mark.parametrize("student", sorted(SIDE_TROUBLE))
def test_trouble_outside_answer_cells_is_reported(graded, student: str) -> None:
    row = rows(graded["out"])[student]
    assert row["total"] == "5" and SIDE_NOTES[student] in row["reason"], row
    page = (graded["out"] / "feedback" / f"{student}.html").read_text(encoding="utf-8")
    assert "While your notebook ran:" in page and SIDE_NOTES[student] in page


def test_names_a_spreadsheet_would_run_are_text(graded) -> None:
    book = rows(graded["out"])
    assert "'=HYPERLINK(1)" in book and "=HYPERLINK(1)" not in book
    assert book["'=HYPERLINK(1)"]["total"] == "5"


@pytest.mark.parametrize(
    "student",
    ["right", "wrong", "blank", "notjson", "empty", "v3", "huge", "sysexit", "osexit", "kill",
     "loop", "stubborn", "printer", "escape", "moved", "duplicated", "retyped", "deleted",
     "linker", "copycat", *SIDE_TROUBLE],
)  # fmt: skip
def test_gradebook_cell_by_cell(graded, student: str) -> None:
    row = rows(graded["out"])[student]
    deserves = graded["expect"][student]
    if isinstance(deserves, str):  # not gradable: the reason says why
        assert row["status"] == "error", row
        assert deserves in row["reason"], row
        assert all(row[t] == "" for t in TASKS) and row["total"] == "0" and row["max"] == "5"
        return
    assert row["status"] == "ok", row
    statuses = {t["id"]: t["status"] for t in results(graded["out"])[student]["tasks"]}
    for task, (status, points) in deserves.items():
        assert statuses[task] == status, (task, statuses, row["reason"])
        assert row[task] == str(points), (task, row)
        if status in ("failed", "crashed", "timeout", "missing"):
            assert f"{task}: {status}" in row["reason"]
    assert row["total"] == str(sum(p for _, p in deserves.values()))
    assert row["max"] == "5"


def test_matching_survives_lost_metadata(graded) -> None:
    found = {t["id"]: t["found"] for t in results(graded["out"])["retyped"]["tasks"]}
    assert set(found.values()) == {"content"}
    found = {t["id"]: t["found"] for t in results(graded["out"])["right"]["tasks"]}
    assert set(found.values()) == {"metadata"}


def test_quiz_columns_from_progress_files(graded) -> None:
    book = rows(graded["out"])
    right = book["right"]
    assert (right["self_reported_quiz_answered"], right["self_reported_quiz_correct"]) == ("2", "1")
    assert book["right"]["quiz_questions"] == str(len(quiz.load("l0").ids))
    assert book["wrong"]["self_reported_quiz_answered"] == "0"


def test_feedback_uses_the_checkers_words_and_gives_nothing_away(graded) -> None:
    out = graded["out"]
    names = {p.stem for p in (out / "feedback").glob("*.html")}
    plain = {s for s in graded["expect"] if not s.startswith("=")}
    assert plain | {"zed"} <= names and any(n.startswith("_HYPERLINK") for n in names)
    wrong = (out / "feedback" / "wrong.html").read_text(encoding="utf-8")
    assert "That is Korea's figure; the task asks for Japan." in html.unescape(wrong)
    loop = (out / "feedback" / "loop.html").read_text(encoding="utf-8")
    assert f"more than {CELL_TIMEOUT:g} s and was stopped" in loop
    secrets = ["BEGIN HIDDEN", "assert result.correct", "BEGIN SOLUTION"]
    secrets += ['data.latest("rd_expenditure_pct_gdp", "Japan")', '"Japan", (2010, 2025)']
    for page in (out / "feedback").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        text += html.unescape(text)
        assert not [s for s in secrets if s in text], page.name
    notjson = (out / "feedback" / "notjson.html").read_text(encoding="utf-8")
    assert "could not be graded" in notjson


def test_summary_lists_rates_and_common_messages(graded) -> None:
    text = (graded["out"] / "summary.md").read_text(encoding="utf-8")
    assert "| `l0.rd_latest` |" in text and "That is Korea's figure" in text
    assert "notjson" in text and "carol/notes.txt" in text
    assert (graded["out"] / "summary.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.skipif(sandbox.landlock_abi() < 1, reason="Landlock is not available here")
def test_nothing_written_outside_the_output_folder(graded) -> None:
    """With Landlock the escapes fail (the escape notebook's answer shows it, above)."""
    base, out = graded["base"], graded["out"]
    assert graded["report"].confined
    outside = [c for c in graded["changes"] if not c.split(" ", 1)[1].startswith("out/")]
    assert outside == []
    assert not (base / "escaped.txt").exists()
    assert graded["report"].stray == []
    assert not list(out.rglob("*.tmp")) and not list(out.rglob("inside.txt"))


@pytest.mark.skipif(sandbox.landlock_abi() >= 1, reason="Landlock prevents the writes here")
def test_stray_writes_are_reported_without_landlock(graded) -> None:
    """Without Landlock the escape notebook overwrites a classmate's file: it is reported."""
    assert any("right/00_practice.ipynb" in line for line in graded["report"].stray)


def test_grading_again_is_cached_and_byte_identical(graded) -> None:
    out = graded["out"]
    book = (out / "gradebook.csv").read_bytes()
    start = time.monotonic()
    report = grade(
        submissions=graded["subs"],
        output=out,
        root=graded["root"],
        progress_dir=graded["progress"],
        quiet=True,
        **LIMITS,
    )
    unreadable = 4  # empty, huge and two links: nothing to run, nothing cached
    assert report.graded == 0 and report.cached == len(graded["expect"]) - unreadable
    assert time.monotonic() - start < max(10.0, graded["seconds"] / 4)
    assert (out / "gradebook.csv").read_bytes() == book


def test_the_cache_key_covers_the_whole_course_package(tmp_path: Path) -> None:
    """A change to the data layer, the quiz machinery or the lesson's checker re-grades; a
    change to another lesson's checker does not."""
    from course.instructor.common import Limits
    from course.instructor.grade import rules_digest

    package = tmp_path / "course"
    shutil.copytree(ROOT / "course", package, ignore=shutil.ignore_patterns("__pycache__"))
    limits = Limits(cell_timeout=30.0, total_timeout=120.0, memory_mb=4096)
    before = rules_digest(limits, "l0", package)
    assert rules_digest(limits, "l0", package) == before
    for other in ("lessons/l3/tasks.py", "lessons/l3/quiz.yaml", "lessons/l3/analysis.py"):
        with open(package / other, "a", encoding="utf-8") as handle:
            handle.write("\n# another lesson's file\n")
        assert rules_digest(limits, "l0", package) == before, other
    changes = ("data/__init__.py", "quiz/grading.py", "checks/compare.py", "feedback.py")
    changes += ("lessons/l0/tasks.py", "lessons/l0/quiz.yaml", "lessons/__init__.py")
    for changed in changes:
        with open(package / changed, "a", encoding="utf-8") as handle:
            handle.write("\n# changed\n")
        after = rules_digest(limits, "l0", package)
        assert after != before, changed
        before = after


def test_interrupted_run_loses_nothing(tmp_path) -> None:
    """Grade half the class (as if stopped halfway), then all: the half is not run again."""
    full, half, out = tmp_path / "all", tmp_path / "half", tmp_path / "out"
    for student, code in (("a", None), ("b", WRONG["l0.rd_latest"]), ("c", "latest = ...")):
        nb = solution() if code is None else with_answer("l0.rd_latest", code)
        for folder in (full, half) if student != "c" else (full,):
            (folder / student).mkdir(parents=True)
            nbformat.write(nb, folder / student / "00_practice.ipynb")
    root = tmp_path / "course"
    (root / "solutions").mkdir(parents=True)
    shutil.copy(SOLUTION, root / "solutions")
    first = grade(submissions=half, output=out, root=root, quiet=True, **LIMITS)
    assert first.graded == 2
    shutil.copy(out / "gradebook.csv", tmp_path / "half.csv")
    second = grade(submissions=full, output=out, root=root, quiet=True, **LIMITS)
    assert (second.graded, second.cached) == (1, 2)
    book = rows(out)
    assert [book[s]["total"] for s in "abc"] == ["5", "4", "4"]
    assert book["c"]["l0.rd_latest"] == "0"
    forced = grade(submissions=half, output=out, root=root, quiet=True, force=True, **LIMITS)
    assert (forced.graded, forced.cached) == (2, 0)
    assert rows(out).keys() == {"a", "b", "c"}


def test_every_lesson_grades_its_solution_full_and_its_exercise_zero(tmp_path: Path) -> None:
    """Any number of lessons: each solution earns every point, each exercise none."""
    subs = tmp_path / "in"
    for path in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")):
        for student, folder in (("key", ROOT / "solutions"), ("blank", ROOT / "exercises")):
            (subs / student).mkdir(parents=True, exist_ok=True)
            shutil.copy(folder / path.name, subs / student / path.name)
    report = grade(submissions=subs, output=tmp_path / "out", quiet=True, **LIMITS)
    assert report.results and all(r.status == "ok" for r in report.results)
    for result in report.results:
        expected = result.max if result.student == "key" else 0
        assert result.total == expected, (result.exercise, result.reason)
        if result.student == "blank":
            assert {t.status for t in result.tasks} == {"unattempted"}, result.exercise


def test_shards_together_equal_one_unsharded_run(tmp_path: Path) -> None:
    """Three shards graded into one folder, then a cached run for the reports: the same
    gradebook bytes as grading the class at once; each hand-in is in exactly one shard."""
    from course.instructor.grade import in_shard

    subs = tmp_path / "subs"
    for i in range(7):
        (subs / f"s{i}").mkdir(parents=True)
        nb = solution() if i % 2 else with_answer("l0.rd_latest", WRONG["l0.rd_latest"])
        nbformat.write(nb, subs / f"s{i}" / "00_practice.ipynb")
    (subs / "s7.txt").write_text("not a notebook")  # skipped, listed whatever the shard
    rels = [f"s{i}/00_practice.ipynb" for i in range(7)]
    assert all(sum(in_shard(rel, k, 3) for k in (1, 2, 3)) == 1 for rel in rels)
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    grade(submissions=subs, output=whole, root=ROOT, quiet=True, **LIMITS)
    graded = [
        grade(submissions=subs, output=parts, root=ROOT, quiet=True, shard=(k, 3), **LIMITS).graded
        for k in (1, 2, 3)
    ]
    assert sum(graded) == 7 and max(graded) < 7
    last = grade(submissions=subs, output=parts, root=ROOT, quiet=True, **LIMITS)
    assert (last.graded, last.cached) == (0, 7)
    assert (parts / "gradebook.csv").read_bytes() == (whole / "gradebook.csv").read_bytes()
    with pytest.raises(UsageError):
        grade(submissions=subs, output=parts, root=ROOT, quiet=True, shard=(4, 3), **LIMITS)
