"""Static checks of every notebook: metadata, cleanliness, short cells, cheap import."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course import data

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ALL_NOTEBOOKS = (
    LESSONS
    + sorted((ROOT / "solutions").glob("*.ipynb"))
    + sorted((ROOT / "exercises").glob("*.ipynb"))
)
SEEDS = {"000", "001", "002", "003", "004"}


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_metadata(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    meta = notebook.metadata["course"]
    number = int(path.name[:2])
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name)
    assert meta["id"] == f"l{number}"
    assert meta["title"] and isinstance(meta["title"], str)
    assert 3 <= len(meta["objectives"]) <= 5
    assert isinstance(meta["minutes"], int) and 10 <= meta["minutes"] <= 120
    assert set(meta["seeds"]) <= SEEDS
    assert meta["datasets"] and set(meta["datasets"]) <= set(data.DATASETS)
    first = notebook.cells[0].source
    assert str(meta["minutes"]) in first, "the time estimate is stated at the top"
    assert "Key points" in "".join(c.source for c in notebook.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=ids(ALL_NOTEBOOKS))
def test_kernelspec_is_python3(path: Path) -> None:
    assert nbformat.read(path, as_version=4).metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lesson_code_cells_are_short(path: Path) -> None:
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            assert len(cell.source.splitlines()) <= 15, cell.source[:80]


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_lessons_store_numbers_for_nbval(path: Path) -> None:
    kept = [c for c in nbformat.read(path, as_version=4).cells if c.metadata.get("keep_output")]
    assert kept, "at least one computed number is stored so nbval compares it"
    assert all(c.outputs for c in kept), "refresh outputs: scripts/refresh_outputs.py"


def test_notebooks_are_clean() -> None:
    """The pre-commit cleaning rule would change nothing."""
    script = ROOT / "scripts" / "clean_notebooks.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check", *map(str, ALL_NOTEBOOKS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_course_is_light() -> None:
    code = (
        "import sys, course; heavy = ['pandas', 'matplotlib', 'ipywidgets', 'nbformat',"
        " 'anywidget', 'numpy']; print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
