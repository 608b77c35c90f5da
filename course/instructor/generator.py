"""Generate the student exercise notebooks from the solution notebooks (single source).

``solutions/NN_*.ipynb`` carry nbgrader's markers. For each one, :func:`generate`
writes ``exercises/NN_*.ipynb`` in which

- code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes a placeholder:
  ``name = ...  # your code here`` when the solution starts by assigning ``name``,
  otherwise ``# YOUR CODE HERE`` and ``...``;
- in Markdown cells the same markers enclose a written answer, replaced by a prompt;
- ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS`` blocks are removed;
- outputs, execution counts and volatile metadata are cleared.

Cell ids and nbgrader metadata are kept, so handed-in cells can be matched to tasks.
The output is byte-for-byte deterministic (nbformat's JSON layout, no timestamps), so
``generate(..., check=True)`` can report drift. Used by ``course generate`` (the Makefile's
``make exercises``), ``course release`` and the grader.
"""

from __future__ import annotations

import ast
import copy
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from course import ids

if TYPE_CHECKING:  # nbformat (and jsonschema behind it) loads only when a notebook is read
    from nbformat import NotebookNode

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
MARKERS = (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN)
PLACEHOLDER = "...  # your code here"
CODE_STUB = "# YOUR CODE HERE"
MARKDOWN_STUB = "_Write your answer here._"
PATTERN = ids.FILE_PATTERN
VOLATILE = ("execution", "ExecuteTime", "collapsed", "scrolled")


class AssignError(ValueError):
    """A solution notebook whose markers cannot be turned into an exercise."""


def generate(
    *, source_dir: str | Path = "solutions", dest_dir: str | Path = "exercises", check: bool = False
) -> list[Path]:
    """Build ``dest_dir/NN_*.ipynb`` from ``source_dir/NN_*.ipynb``; return the paths.

    With ``check=True`` nothing is written: the list holds the exercise notebooks that
    differ from what would be generated, are missing, or have no solution any more
    (empty when everything is in sync).
    """
    source_dir, dest_dir = Path(source_dir), Path(dest_dir)
    sources = sorted(source_dir.glob(PATTERN))
    paths = []
    for source in sources:
        target = dest_dir / source.name
        text = render(source).encode("utf-8")
        current = target.read_bytes() if target.exists() else None
        if check:
            if current != text:
                paths.append(target)
            continue
        if current != text:
            dest_dir.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text)
        paths.append(target)
    if check:
        names = {source.name for source in sources}
        paths += [p for p in sorted(dest_dir.glob(PATTERN)) if p.name not in names]
    return paths


def render(source: str | Path) -> str:
    """The exercise notebook for one solution notebook, as the exact text to write."""
    import nbformat

    solution = nbformat.read(str(source), as_version=4)
    return dumps(to_exercise(solution, where=Path(source).name))


def dumps(nb: NotebookNode) -> str:
    """A notebook as nbformat writes it, ending with one newline."""
    import nbformat

    nbformat.validate(nb)
    text: str = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def to_exercise(solution: NotebookNode, *, where: str = "notebook") -> NotebookNode:
    """A copy of ``solution`` with answers replaced, hidden tests removed, outputs cleared."""
    nb = copy.deepcopy(solution)
    for cell in nb.cells:
        label = f"{where}, cell {cell.get('id', '?')}"
        stub = _code_stub if cell.cell_type == "code" else _markdown_stub
        cell.source = strip(cell.source, stub, label)
        for key in VOLATILE:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    language = nb.metadata.get("language_info", {}).get("name")
    nb.metadata = {key: nb.metadata[key] for key in ("kernelspec", "course") if key in nb.metadata}
    if language:
        nb.metadata["language_info"] = {"name": language}
    return nb


Stub = Callable[[list[str], str], list[str]]


def _drop(block: list[str], indent: str) -> list[str]:
    return []


def strip(source: str, stub: Stub, where: str, *, hidden: Stub = _drop) -> str:
    """``source`` with each solution block replaced by ``stub(block, indent)`` and each
    hidden-test block by ``hidden(block, indent)`` (removed by default)."""
    lines = source.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        mark = lines[i].strip()
        if mark in (BEGIN_SOLUTION, BEGIN_HIDDEN):
            end = _block_end(lines, i, where)
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            out += (stub if mark == BEGIN_SOLUTION else hidden)(lines[i + 1 : end], indent)
            i = end + 1
        elif mark in (END_SOLUTION, END_HIDDEN):
            raise AssignError(f"{where}: {mark!r} without its BEGIN line.")
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def _block_end(lines: list[str], start: int, where: str) -> int:
    begin = lines[start].strip()
    end = END_SOLUTION if begin == BEGIN_SOLUTION else END_HIDDEN
    for j in range(start + 1, len(lines)):
        mark = lines[j].strip()
        if mark == end:
            return j
        if mark in MARKERS:
            raise AssignError(f"{where}: {mark!r} inside a {begin!r} block.")
    raise AssignError(f"{where}: {begin!r} has no {end!r}.")


def _code_stub(block: list[str], indent: str) -> list[str]:
    name = assigned_name(block)
    if name:
        return [f"{indent}{name} = {PLACEHOLDER}"]
    return [f"{indent}{CODE_STUB}", f"{indent}..."]


def _markdown_stub(block: list[str], indent: str) -> list[str]:
    return [f"{indent}{MARKDOWN_STUB}"]


def assigned_name(block: list[str]) -> str | None:
    """The variable the block's first statement assigns (``coverage = (...)``), if any."""
    code = textwrap.dedent("\n".join(block))
    try:
        body = ast.parse(code).body
    except SyntaxError:
        match = re.match(r"\s*([A-Za-z_]\w*)\s*=(?!=)", code)
        return match.group(1) if match else None
    first = body[0] if body else None
    if isinstance(first, ast.Assign) and len(first.targets) == 1:
        target = first.targets[0]
    elif isinstance(first, ast.AnnAssign):
        target = first.target
    else:
        return None
    return target.id if isinstance(target, ast.Name) else None


def solution_lines(solution: NotebookNode) -> set[str]:
    """Every meaningful line inside a solution or hidden-test block of a notebook."""
    found: set[str] = set()

    def keep(block: list[str], indent: str) -> list[str]:
        found.update(line.strip() for line in block if _meaningful(line))
        return []

    for cell in solution.cells:
        strip(cell.source, keep, "solution", hidden=keep)
    return found


def _meaningful(line: str) -> bool:
    text = line.strip()
    return len(text) >= 6 and bool(re.search(r"[A-Za-z0-9]", text)) and text not in MARKERS


def leaks(exercise: NotebookNode, solution: NotebookNode) -> list[str]:
    """Solution lines (and markers) that appear anywhere in ``exercise``: sources or outputs.

    An empty list means the exercise gives nothing away.
    """
    texts = []
    for cell in exercise.cells:
        texts.append(cell.source)
        for output in cell.get("outputs", []):
            texts.append(str(output.get("text", "")))
            texts += [str(value) for value in output.get("data", {}).values()]
    everything = "\n".join(texts)
    secret = solution_lines(solution) | set(MARKERS)
    return sorted(line for line in secret if line in everything)
