"""nbgrader compatibility: nbgrader's own ClearSolutions and ClearHiddenTests turn our
solutions into the same student cells as ``course generate``.

nbgrader is not a dependency of the course (installing it into the course's environment
adds the classic Notebook and nbgrader's JupyterLab extensions). The test runs nbgrader in
the interpreter named by ``$COURSE_NBGRADER_PYTHON``, or this one if it has nbgrader, or
``/tmp/nbgrader-venv/bin/python``; it is skipped, saying so, when none has it. To set one up::

    uv venv /tmp/nbgrader-venv && uv pip install --python /tmp/nbgrader-venv/bin/python nbgrader
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course.instructor import generator as assign

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob(assign.PATTERN))
NBGRADER_DEFAULT = "# YOUR CODE HERE\nraise NotImplementedError()"

CLEAR = r"""
import json, sys
import nbformat
from traitlets.config import Config
from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

out = []
for job in json.load(sys.stdin):
    config = Config()
    if job["code_stub"] is not None:
        config.ClearSolutions.code_stub = {"python": job["code_stub"]}
        config.ClearSolutions.text_stub = job["text_stub"]
    nb = nbformat.read(job["path"], as_version=4)
    nb, resources = ClearSolutions(config=config).preprocess(nb, {})
    nb, resources = ClearHiddenTests(config=config).preprocess(nb, resources)
    out.append([cell.source for cell in nb.cells])
print(json.dumps(out))
"""


def nbgrader_python() -> str | None:
    candidates = [os.environ.get("COURSE_NBGRADER_PYTHON", "")]
    if importlib.util.find_spec("nbgrader") is not None:
        candidates.append(sys.executable)
    candidates.append("/tmp/nbgrader-venv/bin/python")
    for python in filter(None, candidates):
        if Path(python).exists():
            found = subprocess.run([python, "-c", "import nbgrader"], capture_output=True)
            if found.returncode == 0:
                return python
    return None


PYTHON = nbgrader_python()
pytestmark = pytest.mark.skipif(
    PYTHON is None,
    reason="nbgrader is not importable here: set COURSE_NBGRADER_PYTHON to a Python with "
    "nbgrader (see this module's docstring)",
)


def clear_with_nbgrader(jobs: list[dict]) -> list[list[str]]:
    done = subprocess.run(
        [PYTHON, "-c", CLEAR],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def ours(path: Path) -> list[str]:
    return [cell.source for cell in nbformat.reads(assign.render(path), as_version=4).cells]


def stubs(path: Path) -> list[str | None]:
    """The stub our generator puts in each cell (None: a cell without a solution block)."""
    found: list[str | None] = []
    for cell in nbformat.read(path, as_version=4).cells:
        seen: list[str] = []

        def record(block: list[str], indent: str, kind=cell.cell_type, seen=seen) -> list[str]:
            if kind == "code":
                name = assign.assigned_name(block)
                stub = f"{name} = {assign.PLACEHOLDER}" if name else f"{assign.CODE_STUB}\n..."
            else:
                stub = assign.MARKDOWN_STUB
            seen.append(stub)
            return []

        assign.strip(cell.source, record, "solution")
        found.append(seen[0] if len(set(seen)) == 1 else (None if not seen else "mixed"))
    return found


def normalise(source: str, stub: str | None) -> str:
    for text in (NBGRADER_DEFAULT, "YOUR ANSWER HERE", stub or "\0"):
        source = source.replace(text, "<STUB>")
    return source


def code_stubs(path: Path) -> list[str]:
    """The distinct stubs our generator writes into the code cells of one notebook."""
    found = {s for s in stubs(path) if s not in (None, "mixed", assign.MARKDOWN_STUB)}
    return sorted(found) or [f"{assign.CODE_STUB}\n..."]


@pytest.fixture(scope="module")
def cleared() -> dict[tuple[str, str | None], list[str]]:
    """nbgrader's student cells for every solution, by (notebook, code stub); None: default.

    One nbgrader process for everything: importing nbgrader takes seconds."""
    keys = [(p, None) for p in SOLUTIONS] + [(p, s) for p in SOLUTIONS for s in code_stubs(p)]
    jobs = [{"path": str(p), "code_stub": s, "text_stub": assign.MARKDOWN_STUB} for p, s in keys]
    return {
        (p.name, s): cells for (p, s), cells in zip(keys, clear_with_nbgrader(jobs), strict=True)
    }


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def test_default_nbgrader_differs_only_by_the_stub(path: Path, cleared) -> None:
    theirs = cleared[(path.name, None)]
    mine = ours(path)
    assert len(theirs) == len(mine)
    for their_cell, my_cell, stub in zip(theirs, mine, stubs(path), strict=True):
        assert normalise(their_cell, stub) == normalise(my_cell, stub)


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def test_nbgrader_with_our_stub_gives_identical_cells(path: Path, cleared) -> None:
    """With ClearSolutions.code_stub set to the stub we use for a cell, nbgrader's output of
    that cell is byte-identical to ours; every cell without a solution is identical anyway
    (check cells included: ClearHiddenTests removes exactly what we remove)."""
    per_cell = stubs(path)
    any_stub = code_stubs(path)[0]
    mine = ours(path)
    for index, stub in enumerate(per_cell):
        if stub == "mixed":  # two different blocks in one cell: no single nbgrader stub
            continue
        theirs = cleared[(path.name, stub if stub in code_stubs(path) else any_stub)][index]
        assert theirs == mine[index], (path.name, index)
    meta = nbformat.read(path, as_version=4)
    for cell in meta.cells:  # nbgrader sees our answer and check cells as its own
        nbg = cell.metadata.get("nbgrader", {})
        role = cell.metadata.get("course", {}).get("role")
        if role == "answer":
            assert nbg.get("solution") is True and nbg.get("grade") is False
        if role == "check":
            assert nbg.get("grade") is True and nbg.get("locked") is True and nbg["points"] > 0
