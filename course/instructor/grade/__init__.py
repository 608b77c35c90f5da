"""Grade a folder of handed-in exercise notebooks into a gradebook, feedback and a summary.

``grade(submissions=..., output=...)`` (``course grade SUBMISSIONS_DIR --output OUT_DIR``).
Layout of ``SUBMISSIONS_DIR`` (details in :mod:`~course.instructor.grade.submissions`)::

    <student>/<NN_name>.ipynb      one folder per student, any depth (nbgrader's submitted/)
    <student>__<NN_name>.ipynb     flat
    <student>.ipynb                flat, with exercise="NN_name" (--exercise)

The exercise is the solution notebook the file is named after. Writes into ``OUT_DIR``:

- ``results/<exercise>/<student>.json``: one file per submission, written atomically as soon
  as it is graded, keyed by the sha256 of the submission's bytes plus the versions of the
  solution, the checkers, the data and the grader; grading again skips what has not changed
  (``force=True`` regrades), and an interrupted run loses nothing already graded;
- ``gradebook.csv`` (:mod:`~course.instructor.grade.gradebook`), ``feedback/<student>.html``
  (:mod:`~course.instructor.grade.pages`), ``summary.md`` and ``summary.png``
  (:mod:`~course.instructor.grade.summary`).

Each submission runs in its own kernel, in a temporary working copy outside the course, with
per-cell and overall time-outs (:mod:`~course.instructor.grade.runner`); the hidden tests are the
course checkers, called by task id, never code from the submission or the solution notebook.
Every submission ends in the gradebook, graded (``ok``) or with the reason it could not be
(``error``): not a notebook, empty, too large, unknown exercise.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course import ids
from course.instructor import exercise as exercises_mod
from course.instructor.common import MAX_MB, Limits, UsageError, atomic_write, course_root
from course.instructor.exercise import Exercise
from course.instructor.grade import gradebook, items, pages, runner, sandbox, summary
from course.instructor.grade.launcher import Launcher
from course.instructor.grade.results import Graded, judge, load_all, reason, safe_name
from course.instructor.grade.submissions import (
    Submission,
    Unreadable,
    code_cells,
    discover,
    match,
    read_bytes,
)
from course.instructor.grade.watch import ProgressLine, changes, snapshot

GRADER_VERSION = "2"  # 2: notes on cells outside the answer cells
MB = 2**20
OURS = ("results", "feedback", "gradebook.csv", "summary.md", "summary.png", "items.png")


@dataclass
class Report:
    """What a grading run did; ``results`` holds every submission it was given."""

    results: list[Graded] = field(default_factory=list)
    graded: int = 0
    cached: int = 0  # results taken from the cache (notebook unchanged), gradable or not
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)
    confined: bool = False
    written: list[Path] = field(default_factory=list)
    interrupted: bool = False


def rules_digest(limits: Limits, lesson: str, package: Path | None = None) -> str:
    """A digest of everything besides the submission that decides a grade: the grader's
    version and limits, and every file of the installed course package (code, data, banks),
    except other lessons' own checker, widget and quiz files."""
    digest = hashlib.sha256(f"{GRADER_VERSION} {limits}".encode())
    package = package or Path(__file__).resolve().parents[2]
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        rel = path.relative_to(package)
        lessons = {name for name in (*rel.parts[:-1], path.stem) if ids.is_lesson_id(name)}
        if lessons <= {lesson}:  # not another lesson's package or file
            digest.update(str(rel).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _grade_one(
    sub: Submission, data: bytes, key: str, ex: Exercise, launcher: Launcher, limits: Limits
) -> Graded:
    """Grade one readable submission; never raises for anything the notebook does."""
    base: dict[str, Any] = {
        "student": sub.student,
        "exercise": ex.name,
        "source": sub.rel,
        "key": key,
    }
    started = time.monotonic()
    try:
        cells = code_cells(data)
    except Unreadable as problem:
        return Graded(**base, status="error", reason=str(problem))
    matches = match(ex, cells)
    reading = time.monotonic() - started  # counts against the notebook's own limit
    run = runner.run(
        exercise=ex,
        cells=cells,
        matches=matches,
        launcher=launcher,
        cell_timeout=limits.cell_timeout,
        total_timeout=max(limits.total_timeout - reading, 0.0),
    )
    run.seconds += reading
    tasks = judge(ex, matches, run, cell_timeout=limits.cell_timeout)
    notes = run.notes + ([sub.note] if sub.note else [])
    if run.restarts:
        notes.append(f"kernel restarted {run.restarts}×")
    return Graded(
        **base,
        status="ok",
        reason=reason(tasks, notes),
        tasks=tasks,
        seconds=run.seconds,
        notes=notes,
    )


def _triage(
    sub: Submission, exercises: dict[str, Exercise], max_bytes: int, rules: Callable[[str], str]
) -> tuple[Graded | None, tuple[bytes, str, Exercise] | None]:
    """``(result, None)`` when there is nothing to run, else ``(None, (data, key, ex))``."""
    unknown = f"? {sub.path.stem}"  # keeps two unknown files of one student apart
    base: dict[str, Any] = {
        "student": sub.student,
        "exercise": sub.exercise or unknown,
        "source": sub.rel,
        "key": "",
    }
    if sub.exercise is None:
        why = (
            "which exercise it is could not be told from its name: name it like the exercise "
            "(e.g. <student>/00_practice.ipynb or <student>__00_practice.ipynb), or pass --exercise"
        )
        return Graded(**base, status="error", reason=why), None
    try:
        data = read_bytes(sub.path, max_bytes=max_bytes)
    except Unreadable as problem:
        return Graded(**base, status="error", reason=str(problem)), None
    ex = exercises[sub.exercise]
    key = f"{hashlib.sha256(data).hexdigest()}:{ex.digest[:16]}:{rules(ex.lesson)[:16]}"
    return None, (data, key, ex)


def _stored(path: Path) -> Graded | None:
    try:
        return Graded.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None


def grade(
    *,
    submissions: str | os.PathLike[str],
    output: str | os.PathLike[str],
    root: str | os.PathLike[str] | None = None,
    exercise: str | None = None,
    workers: int | None = None,
    cell_timeout: float = Limits.cell_timeout,
    total_timeout: float = Limits.total_timeout,
    max_mb: float = MAX_MB,
    memory_mb: int = Limits.memory_mb,
    force: bool = False,
    progress_dir: str | os.PathLike[str] | None = None,
    feedback_format: str = "html",
    quiet: bool = False,
    prefork: bool = True,
    confine: bool = True,
    shard: tuple[int, int] | None = None,
) -> Report:
    """Grade every notebook in ``submissions`` into ``output`` (see the module docstring).

    ``shard=(k, n)`` grades only the k-th of n deterministic parts of the hand-ins (by a hash
    of each file's path in the folder), so n machines can share a class; the shards' results
    go into one output folder, and a last run without ``shard`` (everything cached) writes
    the reports of the whole class, the same bytes as one unsharded run.
    """
    home = course_root(root)
    solutions = home / "solutions"
    subs_dir, out = Path(submissions).resolve(), Path(output).resolve()
    if not subs_dir.is_dir():
        raise UsageError(f"{subs_dir} is not a folder of submissions.")
    if out == subs_dir or subs_dir in out.parents or out in (home, solutions):
        raise UsageError("Choose an output folder outside the submissions and the course.")
    exercises = exercises_mod.load_all(solutions)
    if exercise is not None and exercise not in exercises:
        raise UsageError(f"No exercise {exercise!r}; known: {', '.join(exercises) or 'none'}.")
    limits = Limits(cell_timeout, total_timeout, memory_mb)
    rules = functools.cache(functools.partial(rules_digest, limits))
    subs, skipped = discover(submissions_dir=subs_dir, exercises=exercises, exercise=exercise)
    if shard is not None:
        k, n = shard
        if not 1 <= k <= n:
            raise UsageError(f"A shard is K/N with 1 ≤ K ≤ N, not {k}/{n}.")
        subs = [sub for sub in subs if in_shard(sub.rel, k, n)]
    report = Report(skipped=skipped)
    out.mkdir(parents=True, exist_ok=True)
    watched = [subs_dir, home, out]
    skip = (".git", "__pycache__", ".pytest_cache", ".ruff_cache") + ((".venv",) if confine else ())
    exclude = [out / name for name in OURS]

    def look() -> list[Any]:
        return [snapshot(p, skip=skip, exclude=exclude) for p in watched]

    before = look()
    todo = []
    for sub in subs:
        result, work = _triage(sub, exercises, int(max_mb * MB), rules)
        folder = sub.exercise or "_unknown"
        name = safe_name(sub.student if sub.exercise else f"{sub.student}__{sub.path.stem}")
        target = out / "results" / folder / f"{name}.json"
        if result is not None:
            atomic_write(target, result.to_json())
            report.results.append(result)
            continue
        assert work is not None  # _triage gives a result or the work to do
        stored = None if force else _stored(target)
        if stored is not None and stored.key == work[1]:
            report.results.append(stored)
            report.cached += 1
            continue
        todo.append((sub, target, *work))
    try:
        if todo:
            with sandbox.private_process():
                _run_all(
                    todo,
                    report,
                    workers=workers,
                    quiet=quiet,
                    limits=limits,
                    protected=_protected(home, subs_dir, out),
                    confine=confine,
                    prefork=prefork,
                )
    except KeyboardInterrupt:
        report.interrupted = True
    for path, old, new in zip(watched, before, look(), strict=True):
        report.stray += [f"{path}: {change}" for change in changes(old, new)]
    _reports(report, exercises, out, Path(progress_dir) if progress_dir else None, feedback_format)
    if report.interrupted:
        raise KeyboardInterrupt(report)
    return report


def in_shard(rel: str, k: int, n: int) -> bool:
    """Whether the hand-in at ``rel`` (its path in the submissions folder) is in shard k of n."""
    number = int.from_bytes(
        hashlib.sha256(rel.encode("utf-8", "surrogateescape")).digest()[:8], "big"
    )
    return number % n == k - 1


def _protected(home: Path, subs_dir: Path, out: Path) -> list[Path]:
    """Folders a kernel must not read: the course (and a development checkout of the package),
    the submissions and the output."""
    protected = [home, subs_dir, out]
    package = Path(__file__).resolve().parents[3]  # the checkout holding course/
    if (package / "solutions").is_dir():
        protected.append(package)
    return protected


def _run_all(
    todo: list[Any], report: Report, *, workers: int | None, quiet: bool, **launch: Any
) -> None:
    """Grade ``todo`` in parallel, writing each result the moment it is ready."""
    from course.instructor.grade import sandbox

    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    warm = sorted({t.id for *_, ex in todo for t in ex.tasks})
    report.confined = launch["confine"] and sandbox.landlock_abi() > 0
    progress = ProgressLine(len(todo), enabled=not quiet)
    pool = ThreadPoolExecutor(max_workers=workers)
    launcher = None
    try:
        prefetch = workers if len(todo) > workers else 0
        launcher = Launcher(warm=warm, prefetch=prefetch, **launch)
        limits = launch["limits"]
        pending = {
            pool.submit(_grade_one, sub, data, key, ex, launcher, limits): (sub, target, ex)
            for sub, target, data, key, ex in todo
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                sub, target, ex = pending.pop(future)
                try:
                    result = future.result()
                except Exception as error:  # a grader failure: reported, never cached
                    why = f"the grader failed ({type(error).__name__}: {error}); grade again"
                    base = {"student": sub.student, "exercise": ex.name, "source": sub.rel}
                    result = Graded(**base, key="", status="error", reason=why)
                atomic_write(target, result.to_json())
                report.results.append(result)
                report.graded += 1
                progress.update(error=result.status != "ok")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        if launcher is not None:
            launcher.stop()  # running cells end now; their threads see it and finish
        pool.shutdown(wait=True)
        if launcher is not None:
            launcher.close()
        progress.close()


def _reports(
    report: Report,
    exercises: dict[str, Exercise],
    out: Path,
    progress_dir: Path | None,
    feedback_format: str,
) -> None:
    """Gradebook, feedback and summary from every stored result."""
    everything = load_all(out / "results")
    quiz = None
    if progress_dir is not None:
        quiz, problems = gradebook.quiz_scores(Path(progress_dir))
        report.notes += [f"progress file not read: {p}" for p in problems]
        students = {r.student for r in everything}
        extra = sorted({s for s, _ in quiz} - students)
        if extra:
            report.notes.append(f"progress files without a submission: {', '.join(extra)}")
    if report.skipped:
        report.notes.append(f"not graded: {'; '.join(report.skipped)}")
    if report.stray:
        report.notes.append("files changed while grading ran: " + "; ".join(report.stray[:20]))
    report.written.append(
        gradebook.write(out / "gradebook.csv", results=everything, exercises=exercises, quiz=quiz)
    )
    report.written += pages.write(
        out / "feedback", results=everything, exercises=exercises, fmt=feedback_format
    )
    analysed, _ = items.class_items(everything, progress_dir and Path(progress_dir))
    report.written += summary.write(
        out, results=everything, exercises=exercises, notes=report.notes, items=analysed
    )
