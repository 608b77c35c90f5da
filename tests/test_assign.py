"""The exercise generator: single source, no leaked answers, runnable both ways, nbgrader-ready."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course import data
from course.checks import registry
from course.cli import main
from course.instructor import generator as assign

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
PAIRS = [(p, EXERCISES / p.name) for p in sorted(SOLUTIONS.glob(assign.PATTERN))]
IDS = [p.name for p, _ in PAIRS]

NBGRADER_CELL = {  # nbgrader's cell metadata, schema version 3, as nbgrader validates it
    "type": "object",
    "properties": {
        "schema_version": {"type": "integer", "minimum": 3, "maximum": 3},
        "grade": {"type": "boolean"},
        "locked": {"type": "boolean"},
        "solution": {"type": "boolean"},
        "task": {"type": "boolean"},
        "grade_id": {"type": "string", "pattern": "^[a-zA-Z0-9_\\-]*$"},
        "points": {"type": "number", "minimum": 0},
    },
    "required": ["schema_version", "grade", "locked", "solution"],
    "additionalProperties": False,
}


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def solution_notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return nb


def exercise_source(source: str, cell_type: str = "code") -> str:
    make = new_code_cell if cell_type == "code" else new_markdown_cell
    return assign.to_exercise(solution_notebook(make(source, id="c")))["cells"][0].source


# ------------------------------------------------------------------ the transformation


@pytest.mark.parametrize(
    ("solution", "exercise"),
    [
        ("### BEGIN SOLUTION\nx = 1 + 2\n### END SOLUTION", "x = ...  # your code here"),
        (
            "### BEGIN SOLUTION\ncoverage = (\n    a\n    / b\n)\n### END SOLUTION",
            "coverage = ...  # your code here",
        ),
        (
            "### BEGIN SOLUTION\nshare: float = 0.5\n### END SOLUTION",
            "share = ...  # your code here",
        ),
        ("### BEGIN SOLUTION\nprint(1)\nx = 2\n### END SOLUTION", "# YOUR CODE HERE\n..."),
        ("### BEGIN SOLUTION\nyear, value = latest\n### END SOLUTION", "# YOUR CODE HERE\n..."),
        ("### BEGIN SOLUTION\nx += 1\n### END SOLUTION", "# YOUR CODE HERE\n..."),
        ("### BEGIN SOLUTION\nframe['a'] = 1\n### END SOLUTION", "# YOUR CODE HERE\n..."),
        (
            "def f():\n    ### BEGIN SOLUTION\n    return 42\n    ### END SOLUTION",
            "def f():\n    # YOUR CODE HERE\n    ...",
        ),
        (
            "a = 1\n### BEGIN SOLUTION\nb = a + 1\n### END SOLUTION\nb",
            "a = 1\nb = ...  # your code here\nb",
        ),
        (
            "### BEGIN HIDDEN TESTS\nassert t.check(x).correct\n### END HIDDEN TESTS\nt.check(x)",
            "t.check(x)",
        ),
        ("### BEGIN SOLUTION\nx = (\n### END SOLUTION", "x = ...  # your code here"),
    ],
)
def test_solution_blocks_become_placeholders(solution: str, exercise: str) -> None:
    assert exercise_source(solution) == exercise


def test_written_answers_in_markdown_become_a_prompt() -> None:
    source = "Why?\n\n### BEGIN SOLUTION\nBecause receipts grew faster.\n### END SOLUTION"
    assert exercise_source(source, "markdown") == f"Why?\n\n{assign.MARKDOWN_STUB}"


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("### BEGIN SOLUTION\nx = 1", "has no '### END SOLUTION'"),
        ("x = 1\n### END SOLUTION", "without its BEGIN"),
        ("### BEGIN SOLUTION\n### BEGIN HIDDEN TESTS\n### END SOLUTION", "inside"),
        ("### BEGIN HIDDEN TESTS\nassert x", "has no '### END HIDDEN TESTS'"),
    ],
)
def test_broken_markers_are_reported_with_their_cell(source: str, says: str) -> None:
    with pytest.raises(assign.AssignError, match="cell c") as error:
        assign.to_exercise(solution_notebook(new_code_cell(source, id="c")))
    assert says in str(error.value)


def test_outputs_counts_and_run_metadata_are_cleared_but_ids_kept() -> None:
    cell = new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\nx", id="keep-me")
    cell.outputs = [new_output("execute_result", {"text/plain": "1"}, execution_count=3)]
    cell.execution_count = 3
    cell.metadata.update(execution={"iopub.status.idle": "2026"}, nbgrader={"solution": True})
    nb = solution_notebook(cell)
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    nb.metadata["widgets"] = {"state": {}}
    out = assign.to_exercise(nb)
    (result,) = out.cells
    assert (result.id, result.outputs, result.execution_count) == ("keep-me", [], None)
    assert result.metadata == {"nbgrader": {"solution": True}}
    assert out.metadata == {
        "kernelspec": nb.metadata.kernelspec,
        "language_info": {"name": "python"},
    }
    assert nb.cells[0].outputs, "the solution notebook itself is not changed"


def test_generate_writes_checks_and_reports_drift(tmp_path: Path, capsys) -> None:
    source, dest = tmp_path / "solutions", tmp_path / "exercises"
    source.mkdir()
    shutil.copy(PAIRS[0][0], source / "00_practice.ipynb")
    target = dest / "00_practice.ipynb"
    assert assign.generate(source_dir=source, dest_dir=dest, check=True) == [target]
    assert not dest.exists(), "check=True writes nothing"
    assert assign.generate(source_dir=source, dest_dir=dest) == [target]
    first = target.read_bytes()
    assert assign.generate(source_dir=source, dest_dir=dest) == [target]
    assert target.read_bytes() == first, "the output is deterministic"
    assert assign.generate(source_dir=source, dest_dir=dest, check=True) == []
    target.write_bytes(first.replace(b"your code here", b"edited by hand"))
    stale = dest / "07_gone.ipynb"
    stale.write_bytes(first)
    assert assign.generate(source_dir=source, dest_dir=dest, check=True) == [target, stale]
    home = tmp_path
    assert main(["generate", "--check", "--root", str(home)]) == 1
    assert "out of date" in capsys.readouterr().out


# ------------------------------------------------------------------ the committed notebooks


def test_exercises_are_generated_from_solutions_byte_for_byte() -> None:
    assert PAIRS, "there is at least one solution notebook"
    assert assign.generate(source_dir=SOLUTIONS, dest_dir=EXERCISES, check=True) == []
    for solution, exercise in PAIRS:
        assert assign.render(solution) == exercise.read_text(encoding="utf-8")


@pytest.mark.parametrize(("solution", "exercise"), PAIRS, ids=IDS)
def test_exercises_contain_no_solution_text(solution: Path, exercise: Path) -> None:
    assert assign.solution_lines(read(solution)), "the scan finds the solution lines"
    assert assign.leaks(read(exercise), read(solution)) == []


def test_the_leak_scan_finds_answers_in_sources_and_outputs() -> None:
    solution = read(PAIRS[0][0])
    exercise = read(PAIRS[0][1])
    line = 'latest = data.latest("rd_expenditure_pct_gdp", "Japan")'
    exercise.cells[-1].source += "\n" + line
    assert assign.leaks(exercise, solution) == [line]
    exercise = read(PAIRS[0][1])
    code = next(c for c in exercise.cells if c.cell_type == "code")
    code.outputs = [new_output("stream", text="### BEGIN HIDDEN TESTS\n")]
    assert assign.leaks(exercise, solution) == [assign.BEGIN_HIDDEN]


@pytest.mark.parametrize(("solution", "exercise"), PAIRS, ids=IDS)
def test_nbgrader_metadata_and_task_ids(solution: Path, exercise: Path) -> None:
    tasks = registry()
    nb = read(solution)
    lesson = f"l{int(solution.name[:2])}"
    seen: dict[str, set[str]] = {}
    grade_ids = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        has_solution = assign.BEGIN_SOLUTION in cell.source
        has_hidden = assign.BEGIN_HIDDEN in cell.source
        if not (meta or has_solution or has_hidden):
            continue
        jsonschema.validate(meta, NBGRADER_CELL)
        task_id = cell.metadata["course"]["task"]
        role = cell.metadata["course"]["role"]
        assert task_id in tasks and task_id.startswith(f"{lesson}.")
        assert meta["grade_id"] == task_id.replace(".", "-") + ("-check" if role == "check" else "")
        assert meta["solution"] == has_solution == (role == "answer")
        assert meta["grade"] == (role == "check") and (meta.get("points", 0) > 0) == meta["grade"]
        assert f"{task_id}.check(" in cell.source or role == "answer"
        grade_ids.append(meta["grade_id"])
        seen.setdefault(task_id, set()).add(role)
    assert len(grade_ids) == len(set(grade_ids)), "grade ids are unique"
    lesson_tasks = {i for i in tasks if i.startswith(f"{lesson}.")}
    assert lesson_tasks - _tried_in_lesson(lesson) <= set(seen) <= lesson_tasks
    assert all(roles == {"answer", "check"} for roles in seen.values())
    ex_meta = [c.metadata for c in read(exercise).cells]
    assert ex_meta == [c.metadata for c in nb.cells], "grading can match cells by id"


def _tried_in_lesson(lesson: str) -> set[str]:
    """Tasks a lesson notebook checks inline ("try it" cells): not part of its exercise."""
    number = int(lesson[1:])
    sources = [
        cell.source
        for path in (ROOT / "notebooks").glob(f"{number:02d}_*.ipynb")
        for cell in read(path).cells
    ]
    return {t for t in registry() if any(f"{t}.check(" in src for src in sources)}


def solution_block(source: str) -> str:
    """The code between a cell's solution markers."""
    found: list[str] = []

    def collect(block: list[str], indent: str) -> list[str]:
        found.extend(block)
        return []

    assign.strip(source, collect, "cell")
    return "\n".join(found)


@pytest.mark.parametrize(("solution", "exercise"), PAIRS, ids=IDS)
def test_task_solutions_match_the_notebook(solution: Path, exercise: Path) -> None:
    tasks = registry()
    for cell in read(solution).cells:
        if cell.metadata.get("course", {}).get("role") == "answer":
            assert solution_block(cell.source) == tasks[cell.metadata.course.task].solution_code


@pytest.mark.parametrize("path", [p for pair in PAIRS for p in pair], ids=lambda p: p.parent.name)
def test_notebook_metadata_and_short_cells(path: Path) -> None:
    nb = read(path)
    assert nb.metadata.kernelspec.name == "python3"
    meta = nb.metadata.course
    assert set(meta) >= {"title", "objectives", "minutes", "seeds", "datasets"}
    assert meta.datasets and set(meta.datasets) <= set(data.DATASETS)
    assert set(meta.seeds) <= {"000", "001", "002", "003", "004"}
    assert str(meta.minutes) in nb.cells[0].source
    assert all(len(c.source.splitlines()) <= 15 for c in nb.cells)
    assert all(not c.get("outputs") for c in nb.cells), "committed without outputs"


# ------------------------------------------------------------------ running them


def execute(path: Path, progress: Path, monkeypatch: pytest.MonkeyPatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(progress))
    nb = read(path)
    resources = {"metadata": {"path": str(path.parent)}}
    NotebookClient(nb, timeout=180, kernel_name="python3", resources=resources).execute()
    return nb


def check_outputs(nb: nbformat.NotebookNode) -> list[str]:
    return [
        output["data"]["text/plain"]
        for cell in nb.cells
        if cell.metadata.get("course", {}).get("role") == "check"
        for output in cell.outputs
        if output.output_type == "execute_result"
    ]


@pytest.mark.parametrize(("solution", "exercise"), PAIRS, ids=IDS)
def test_unanswered_exercise_runs_and_says_not_attempted(
    solution: Path, exercise: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nb = execute(exercise, tmp_path / "progress.json", monkeypatch)
    said = check_outputs(nb)
    assert said and all(text.startswith("… Not attempted yet — ") for text in said), said
    assert not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))
    recorded = tmp_path / "progress.json"
    items = json.loads(recorded.read_text())["items"] if recorded.exists() else {}
    assert items == {}, "not attempting is not recorded as wrong"


@pytest.mark.parametrize(("solution", "exercise"), PAIRS, ids=IDS)
def test_solution_runs_and_every_check_is_correct(
    solution: Path, exercise: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nb = execute(solution, tmp_path / "progress.json", monkeypatch)
    said = check_outputs(nb)
    assert len(said) == sum(c.metadata.get("course", {}).get("role") == "check" for c in nb.cells)
    assert all(text.startswith("✓ Correct — ") for text in said), said
    items = json.loads((tmp_path / "progress.json").read_text())["items"]
    assert items and all(entry["ever_correct"] for entry in items.values())
