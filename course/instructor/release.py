"""Hand out the course: a folder of student notebooks with nothing an answer can be read from.

``release(dest=...)`` (``course release DEST``) writes ``DEST/notebooks/`` (the lessons and
any files beside them) and ``DEST/exercises/`` (generated afresh from ``solutions/`` with
:func:`course.instructor.generator.render`), then scans every notebook in ``DEST`` with
:func:`~course.instructor.generator.leaks` against every solution: a solution line, a solution
or hidden-test marker anywhere (source or output) fails the release. ``solutions/`` is never copied.

With ``nbgrader=COURSE_DIR`` and ``assignment=NAME`` the exercises go into nbgrader's layout
instead: ``COURSE_DIR/source/NAME/`` (the solution notebooks, for ``nbgrader
generate_assignment``) and ``COURSE_DIR/release/NAME/`` (our student notebooks).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.instructor.common import UsageError, atomic_write, course_root
from course.instructor.exercise import PATTERN

SKIP = (".ipynb_checkpoints", "__pycache__")


@dataclass
class Release:
    """What a release wrote and what the leak scan found (``leaks`` empty: safe to share)."""

    written: list[Path] = field(default_factory=list)
    leaks: dict[str, list[str]] = field(default_factory=dict)


def _pick(solutions: list[Path], exercise: str | None) -> list[Path]:
    if exercise is None:
        return solutions
    chosen = [p for p in solutions if p.stem == exercise or p.name[:3] == f"{exercise}_"[:3]]
    chosen = [p for p in chosen if p.stem == exercise] or chosen
    if len(chosen) != 1:
        names = ", ".join(p.stem for p in solutions)
        raise UsageError(f"No single exercise {exercise!r}; known: {names}.")
    return chosen


def release(
    *,
    dest: str | os.PathLike[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    nbgrader: str | os.PathLike[str] | None = None,
    assignment: str | None = None,
    exercise: str | None = None,
    lessons: bool = True,
) -> Release:
    """Write the student folder (or nbgrader's layout) and scan it for leaks."""
    from course.instructor import generator as assign

    home = course_root(root)
    solutions = _pick(sorted((home / "solutions").glob(PATTERN)), exercise)
    out = Release()
    if nbgrader is not None:
        if not assignment:
            raise UsageError("--nbgrader needs --assignment NAME.")
        base = Path(nbgrader).resolve()
        student_dir = base / "release" / assignment
        for path in solutions:
            target = base / "source" / assignment / path.name
            atomic_write(target, path.read_bytes())
            out.written.append(target)
        scan = [student_dir]
    else:
        if dest is None:
            raise UsageError("Give a destination folder (or --nbgrader COURSE_DIR).")
        target_root = Path(dest).resolve()
        if target_root == home or (home / "solutions") in [target_root, *target_root.parents]:
            raise UsageError("Release into a new folder, not the course or its solutions/.")
        student_dir = target_root / "exercises"
        if lessons:
            out.written += _copy_lessons(home / "notebooks", target_root / "notebooks")
        scan = [target_root]
    for path in solutions:
        target = student_dir / path.name
        text = assign.render(path)
        if nbgrader is not None and target.exists():
            text = _keep_nbgrader_metadata(text, target)
        atomic_write(target, text)
        out.written.append(target)
    out.leaks = scan_leaks(scan, solutions)
    return out


def _keep_nbgrader_metadata(text: str, generated: Path) -> str:
    """Our notebook with the nbgrader metadata (checksums) nbgrader gave the same cells."""
    import nbformat

    from course.instructor import generator as assign

    try:
        theirs = nbformat.read(str(generated), as_version=4)
    except Exception:
        return text
    meta = {c.get("id"): c.metadata.get("nbgrader") for c in theirs.cells if c.get("id")}
    ours = nbformat.reads(text, as_version=4)
    for cell in ours.cells:
        if meta.get(cell.get("id")):
            cell.metadata["nbgrader"] = meta[cell.get("id")]
    return assign.dumps(ours)


def _copy_lessons(source: Path, dest: Path) -> list[Path]:
    """The lesson notebooks and the files beside them (figures), checkpoints left out."""
    written = []
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_dir() or any(part in SKIP or part.startswith(".") for part in rel.parts):
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        written.append(target)
    return written


def _text(notebook: Any) -> str:
    """Everything a reader of ``notebook`` can see: sources and outputs."""
    texts = []
    for cell in notebook.cells:
        texts.append(cell.source)
        for output in cell.get("outputs", []):
            texts.append(str(output.get("text", "")))
            texts += [str(value) for value in output.get("data", {}).values()]
    return "\n".join(texts)


def _answers(solution: Any) -> list[list[str]]:
    """Each solution block of a notebook as its meaningful lines."""
    from course.instructor import generator as assign

    found: list[list[str]] = []

    def keep(block: list[str], indent: str) -> list[str]:
        lines = [line.strip() for line in block if len(line.strip()) >= 6]
        found.append([line for line in lines if any(ch.isalnum() for ch in line)])
        return []

    for cell in solution.cells:
        assign.strip(cell.source, keep, "solution")
    return [block for block in found if block]


def scan_leaks(folders: list[Path], solutions: list[Path]) -> dict[str, list[str]]:
    """For each notebook under ``folders`` that gives an answer away, what it gives away.

    An exercise is checked line by line against its own solution
    (:func:`~course.instructor.generator.leaks`);
    every notebook is checked for the markers and for any whole solution block of any exercise
    (a lesson may well use ``.sum()``, but must not hold a complete answer).
    """
    import nbformat

    from course.instructor import generator as assign

    keys = {p.name: nbformat.read(str(p), as_version=4) for p in solutions}
    blocks = [block for key in keys.values() for block in _answers(key)]
    found: dict[str, list[str]] = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.ipynb")):
            try:
                notebook = nbformat.read(str(path), as_version=4)
            except Exception as error:  # unreadable: cannot be shown to be safe
                found[str(path)] = [f"could not be read ({type(error).__name__})"]
                continue
            text = _text(notebook)
            lines = {m for m in assign.MARKERS if m in text}
            if path.name in keys:
                lines.update(assign.leaks(notebook, keys[path.name]))
            for block in blocks:
                if all(line in text for line in block):
                    lines.add(" / ".join(block))
            if lines:
                found[str(path)] = sorted(lines)
    return found


def generate(*, root: str | os.PathLike[str] | None = None, check: bool = False) -> list[Path]:
    """Build ``exercises/`` from ``solutions/`` (:func:`course.instructor.generator.generate`).

    With ``check=True`` nothing is written and the list holds the exercise notebooks that have
    drifted from their solutions (empty: in sync).
    """
    from course.instructor import generator as assign

    home = course_root(root)
    return assign.generate(source_dir=home / "solutions", dest_dir=home / "exercises", check=check)
