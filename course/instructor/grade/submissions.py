"""Find handed-in notebooks, read them defensively, and match their cells to tasks.

Layouts of ``SUBMISSIONS_DIR`` (hidden files, ``.ipynb_checkpoints`` and non-notebooks are
skipped; skipped files are listed in the summary):

- ``<student>/<NN_name>.ipynb``: one folder per student, searched at any depth (so
  nbgrader's ``submitted/<student>/<assignment>/<NN_name>.ipynb`` works too);
- ``<student>__<NN_name>.ipynb``: flat, the student's name before a double underscore;
- ``<student>.ipynb`` with ``exercise=`` (``--exercise NN_name``): flat, one exercise.

The exercise is the solution notebook whose name the file has (``00_practice.ipynb``), or
the only one with its ``NN_`` prefix (``00_practice-Copy1.ipynb``).
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.instructor.exercise import Exercise, TaskSpec, source, task_of

FLAT = re.compile(r"(?P<student>.+?)__(?P<exercise>\d\d_.+)")
SIMILAR = 0.6  # the least difflib ratio for a cell to count as a retyped answer cell
FUZZY_CELLS = 300  # above this many code cells, answer cells are not found by similarity
FUZZY_CHARS = 5000  # nor is a cell longer than this compared (difflib is quadratic)


class Unreadable(ValueError):
    """A submission that cannot be graded at all; the message says why."""


@dataclass(frozen=True)
class Submission:
    """One handed-in notebook: whose, for which exercise (None: unknown), and where."""

    student: str
    exercise: str | None
    path: Path
    rel: str
    note: str = ""  # e.g. other copies of the same exercise that were not graded


@dataclass(frozen=True)
class Cell:
    """A code cell of a submission, as the grader needs it."""

    index: int
    source: str
    task: tuple[str, str] | None
    grade_id: str
    cell_id: str


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in ("__MACOSX", "__pycache__")


def _files(root: Path) -> tuple[list[Path], list[str]]:
    """Every file under ``root`` to consider, and ``"path (reason)"`` for what is left out.

    Links to folders are not followed and hidden files and folders are not graded; both are
    listed with the reason, so that no file in the folder goes unmentioned.
    """
    files: list[Path] = []
    left_out: list[str] = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            rel = (here / name).relative_to(root).as_posix()
            if (here / name).is_symlink():
                left_out.append(f"{rel}/ (a link to a folder: links are not followed)")
            elif _hidden(name):
                left_out.append(f"{rel}/ (a hidden folder)")
        dirs[:] = sorted(d for d in dirs if not _hidden(d) and not (here / d).is_symlink())
        for name in sorted(names):
            path = here / name
            if _hidden(name):
                left_out.append(f"{path.relative_to(root).as_posix()} (a hidden file)")
            else:
                files.append(path)
    return files, left_out


def exercise_for(stem: str, names: Collection[str]) -> str | None:
    """The exercise a file name stands for: exact name, else the only one with its prefix."""
    if stem in names:
        return stem
    prefix = stem[:3]
    same = [n for n in names if re.fullmatch(r"\d\d_", prefix) and n.startswith(prefix)]
    return same[0] if len(same) == 1 else None


def discover(
    *, submissions_dir: Path, exercises: Collection[str], exercise: str | None = None
) -> tuple[list[Submission], list[str]]:
    """The submissions in ``submissions_dir`` (one per student and exercise), and every file
    or folder not graded as ``"path (reason)"``.

    When a student handed in two files for one exercise, the one named exactly like the
    exercise is graded (else the newest) and the note says which were left out.
    """
    root = Path(submissions_dir)
    found: dict[tuple[str, str | None], list[Submission]] = {}
    files, skipped = _files(root)
    for path in sorted(files):
        rel = path.relative_to(root).as_posix()
        if path.suffix != ".ipynb":
            skipped.append(f"{rel} (not a notebook)")
            continue
        parts = path.relative_to(root).parts
        if len(parts) > 1:
            student, stem = parts[0], path.stem
        elif match := FLAT.fullmatch(path.stem):
            student, stem = match["student"], match["exercise"]
        else:
            student, stem = path.stem, exercise or ""
        name = exercise_for(stem, exercises) or (exercise if exercise in exercises else None)
        found.setdefault((student, name), []).append(Submission(student, name, path, rel))
    chosen = []
    for (_, name), subs in sorted(found.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if name is None:
            chosen.extend(subs)
            continue
        best = max(subs, key=lambda s: (s.path.stem.endswith(name), _mtime(s.path), s.rel))
        others = [s.rel for s in subs if s is not best]
        note = f"also handed in, not graded: {', '.join(others)}" if others else ""
        chosen.append(Submission(best.student, name, best.path, best.rel, note))
    return chosen, sorted(skipped)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _mb(size: float) -> str:
    return f"{size / 2**20:.3g} MB"


def read_bytes(path: Path, *, max_bytes: int) -> bytes:
    """A submission's bytes; :class:`Unreadable` for links, non-files, empty or too large ones.

    A symbolic link is never followed: a link to ``solutions/`` or to a classmate's notebook
    would otherwise be graded as the student's own work.
    """
    too_large = f"it is too large (the limit is {_mb(max_bytes)})"
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            raise Unreadable("it is a symbolic link, not a notebook: links are not graded")
        if not stat.S_ISREG(mode):  # before opening: a FIFO would block the grader
            raise Unreadable("it is not a regular file")
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        handle = os.fdopen(os.open(path, flags), "rb")
        with handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Unreadable("it is not a regular file")
            if info.st_size > max_bytes:
                raise Unreadable(f"{too_large[:-1]}; it has {_mb(info.st_size)})")
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise Unreadable(f"it could not be read ({error.strerror or error})") from None
    if len(data) > max_bytes:
        raise Unreadable(too_large)
    if not data.strip():
        raise Unreadable("the file is empty")
    return data


def code_cells(data: bytes) -> list[Cell]:
    """The code cells of a notebook (nbformat 4, or 3 and older), in order."""
    import json

    try:
        notebook = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        raise Unreadable("it is not a notebook (not valid JSON)") from None
    if not isinstance(notebook, dict):
        raise Unreadable("it is not a notebook (no cells)")
    if isinstance(notebook.get("cells"), list):
        raw = notebook["cells"]
    elif isinstance(notebook.get("worksheets"), list):  # nbformat 3 and older
        raw = [
            c for ws in notebook["worksheets"] if isinstance(ws, dict) for c in ws.get("cells", [])
        ]
    else:
        raise Unreadable("it is not a notebook (no cells)")
    cells: list[Cell] = []
    for cell in raw:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        text = source(cell) if "source" in cell else source({"source": cell.get("input", "")})
        meta: dict[str, Any] = cell["metadata"] if isinstance(cell.get("metadata"), dict) else {}
        nbg: dict[str, Any] = meta["nbgrader"] if isinstance(meta.get("nbgrader"), dict) else {}
        cells.append(
            Cell(
                index=len(cells),
                source=text,
                task=task_of({"metadata": meta}),
                grade_id=str(nbg.get("grade_id", "")),
                cell_id=str(cell.get("id", "")),
            )
        )
    return cells


def _assigns(text: str, name: str) -> bool:
    return bool(name) and bool(re.search(rf"^{re.escape(name)}\s*(:[^=\n]*)?=(?!=)", text, re.M))


def match(exercise: Exercise, cells: list[Cell]) -> dict[str, tuple[int, str]]:
    """For each task, ``(index of its answer cell, how it was found)``; absent: not found.

    By the cell's ``course.task`` metadata, else its nbgrader ``grade_id``, else its cell id,
    else by content (it assigns the task's variable, or reads like the answer cell). When
    several cells qualify the last one counts, as it would when the notebook is run. Reading
    like the answer cell is judged only in notebooks of at most ``FUZZY_CELLS`` code cells, on
    cells of at most ``FUZZY_CHARS`` characters, so a huge notebook costs the grader little.
    """
    found: dict[str, tuple[int, str]] = {}
    taken: set[int] = set()
    checks = {t.check.strip() for t in exercise.tasks}
    for task in exercise.tasks:
        for how in ("metadata", "grade_id", "cell id"):
            hits = [c.index for c in cells if _tagged(c, task, how)]
            if hits:
                found[task.id] = (hits[-1], how)
                taken.add(hits[-1])
                break
    for task in exercise.tasks:
        if task.id in found:
            continue
        free = [c for c in cells if c.index not in taken and c.source.strip() not in checks]
        hits = [c.index for c in free if _assigns(c.source, task.name)]
        if not hits and len(cells) <= FUZZY_CELLS:
            scores = [(_similarity(c.source, task), c.index) for c in free]
            hits = [i for score, i in sorted(scores) if score >= SIMILAR][-1:]
        if hits:
            found[task.id] = (hits[-1], "content")
            taken.add(hits[-1])
    return found


def _tagged(cell: Cell, task: TaskSpec, how: str) -> bool:
    """Whether ``cell`` is marked as ``task``'s answer cell by its metadata, its nbgrader
    grade_id or its cell id (``how``)."""
    if how == "metadata":
        return cell.task == (task.id, "answer")
    if how == "grade_id":
        return bool(task.grade_id) and cell.grade_id == task.grade_id
    return bool(task.cell_id) and cell.cell_id == task.cell_id


def _similarity(text: str, task: TaskSpec) -> float:
    text = text.strip()
    if len(text) > FUZZY_CHARS:
        return 0.0
    best = 0.0
    for other in (task.solution, task.stub):
        matcher = difflib.SequenceMatcher(None, text, other.strip())
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
            best = max(best, matcher.ratio())
    return best
