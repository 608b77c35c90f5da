"""A learner's progress: every quiz answer and exercise check, kept in a local JSON file.

The file lives at ``$COURSE_PROGRESS_FILE`` or in the user's data directory. Writes are atomic
(temp file, fsync, ``os.replace``) and serialised by a ``filelock`` on a sibling ``.lock`` file,
so several kernels can record at once; an attempt that finds the file busy is kept and added
to the file's count at the next write (or when the kernel ends). A file that cannot be read
in full is kept aside as ``progress.json.corrupt-YYYYmmdd-HHMMSS`` (never deleted) and its
good entries kept; imports are capped (``IMPORT_MAX_BYTES``, ``IMPORT_MAX_ITEMS``); a folder
that cannot be written keeps progress in memory. Either way the learner is told once, kindly,
and no quiz ever crashes. This module imports nothing heavy.
"""

from __future__ import annotations

import atexit
import json
import os
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from course.files import atomic_write

ENV_VAR = "COURSE_PROGRESS_FILE"
OFF_VAR = "COURSE_PROGRESS_OFF"  # set (to anything) where nothing may be recorded: the grader
FORMAT = "japan-sti-course-progress"
VERSION = 1
KINDS = ("quiz", "exercise")
LOCK_TIMEOUT = 5.0  # seconds to wait for another kernel's write, then keep it for the next
ANSWER_MAX = 200  # characters of an answer kept
IMPORT_MAX_BYTES = 2 * 2**20  # an exported file of the whole course is a few hundred kB
IMPORT_MAX_ITEMS = 5_000  # the course has about 150 questions and tasks
EXPORT_NAME = "japan-sti-course-progress.json"

_unsaved: dict[str, dict[str, Any]] = {}  # entries not yet written (unwritable folder, busy file)
_unsaved_attempts: dict[str, int] = {}  # attempts in ``_unsaved`` not yet added to the file
_told: set[str] = set()  # message keys already said in this kernel
_notices: list[str] = []  # every message said in this kernel, oldest first
atexit.register(lambda: _flush_at_exit())


class ProgressFileError(ValueError):
    """A file offered for import is not a readable progress file of this course."""

    def _render_traceback_(self) -> list[str]:
        """In a notebook, the message alone (it says what to do), not a traceback."""
        return [f"ProgressFileError: {self}"]


def progress_path() -> Path:
    """Where progress is kept: ``$COURSE_PROGRESS_FILE`` or the user's data directory."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("japan-sti-course")) / "progress.json"


def notices() -> list[str]:
    """The messages about the progress file said so far in this kernel (oldest first)."""
    return list(_notices)


def _tell(key: str, message: str) -> None:
    """Say ``message`` to the learner, at most once per kernel for each ``key``."""
    if key not in _told:
        _told.add(key)
        _notices.append(message)
        print(message, flush=True)


def _now() -> str:
    return _iso(datetime.now(timezone.utc))


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def _time(value: Any) -> str | None:
    """A stored time (ISO text, or seconds since 1970 in old files) as UTC ISO text."""
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _iso(datetime.fromtimestamp(value, timezone.utc))
        if isinstance(value, str):
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            return _iso(moment)
    except (ValueError, OverflowError, OSError):
        pass
    return None


def _clean_entry(key: Any, raw: Any) -> dict[str, Any] | None:
    """One stored entry, checked and normalised; None if it cannot be trusted."""
    if not (isinstance(key, str) and isinstance(raw, dict) and "." in key.strip(".")):
        return None
    lesson, item = key.split(".", 1)
    attempts, kind = raw.get("attempts"), raw.get("kind", "quiz")
    ever = raw.get("ever_correct", raw.get("correct"))
    last_ok = raw.get("correct", ever)
    first, last = _time(raw.get("first", raw.get("last"))), _time(raw.get("last"))
    answer, first_answer = _cut(raw.get("answer")), _cut(raw.get("first_answer"))
    first_ok = raw.get("first_correct")
    if first_ok is None and type(attempts) is int:  # older files: known when unambiguous
        first_ok = last_ok if attempts == 1 else (False if ever is False else None)
        first_answer = answer if attempts == 1 else None
    if (
        type(attempts) is not int
        or attempts < 1
        or kind not in KINDS
        or not isinstance(ever, bool)
        or not isinstance(last_ok, bool)
        or first is None
        or last is None
        or not (answer is None or isinstance(answer, str))
        or not (first_answer is None or isinstance(first_answer, str))
        or not (first_ok is None or isinstance(first_ok, bool))
    ):
        return None
    box, due = raw.get("box"), _time(raw.get("due"))
    schedule = {"box": box, "due": due} if type(box) is int and 0 <= box <= 9 and due else {}
    return {
        **schedule,
        "lesson": lesson,
        "item": item,
        "kind": kind,
        "attempts": attempts,
        "correct": last_ok,
        "ever_correct": ever or last_ok,
        "first": min(first, last),
        "last": max(first, last),
        "answer": answer,
        "first_correct": first_ok,
        "first_answer": first_answer,
    }


def _cut(answer: Any) -> Any:
    """An answer text cut to ``ANSWER_MAX`` characters (anything else as it is)."""
    if isinstance(answer, str) and len(answer) > ANSWER_MAX:
        return answer[: ANSWER_MAX - 1] + "…"
    return answer


def _combine(old: dict[str, Any], new: dict[str, Any], attempts: int) -> dict[str, Any]:
    """One entry from two records of the same item: the latest answer, the earliest first
    answer, ``attempts`` attempts."""
    latest = new if new["last"] >= old["last"] else old
    earliest = new if new["first"] < old["first"] else old
    return {
        **latest,
        "attempts": attempts,
        "ever_correct": old["ever_correct"] or new["ever_correct"],
        "first": earliest["first"],
        "last": latest["last"],
        "first_correct": earliest.get("first_correct"),
        "first_answer": earliest.get("first_answer"),
    }


def _parse(data: bytes) -> tuple[dict[str, dict[str, Any]], str | None]:
    """Items from a progress file's bytes, and what is wrong with it (None if nothing)."""
    try:
        state = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return {}, "it is not valid JSON text" if data.strip() else "it is empty"
    if not isinstance(state, dict) or not isinstance(state.get("items"), dict):
        return {}, "it holds something other than course progress"
    version = state.get("version", 0)
    if state.get("format", FORMAT) != FORMAT or type(version) is not int:
        return {}, "it holds something other than course progress"
    if not 0 <= version <= VERSION:
        return {}, f"it was written by a newer version of the course (format {version})"
    items = {}
    for key, raw in state["items"].items():
        entry = _clean_entry(key, raw)
        if entry is not None:
            items[key] = entry
    if len(items) < len(state["items"]):
        return items, f"{len(state['items']) - len(items)} of its entries are damaged"
    return items, None


def _merge(into: dict[str, dict[str, Any]], other: dict[str, dict[str, Any]]) -> None:
    """Merge ``other`` into ``into``, keeping the best of both for each item."""
    for key, new in other.items():
        old = into.get(key)
        attempts = max(old["attempts"], new["attempts"]) if old else new["attempts"]
        into[key] = _combine(old, new, attempts) if old else dict(new)


def _add_unsaved(into: dict[str, dict[str, Any]]) -> None:
    """Add the attempts held back in this kernel to ``into`` (attempts add up: another kernel
    may have written its own since; taking the larger count would lose ours)."""
    for key, new in _unsaved.items():
        old = into.get(key)
        added = _unsaved_attempts.get(key, new["attempts"])
        if old is None:
            into[key] = {**new, "attempts": added}
        else:
            into[key] = _combine(old, new, old["attempts"] + added)


def _flush_at_exit() -> None:
    """Save what is still held back when the kernel ends (a busy file at the last answer)."""
    if _unsaved:
        _transact()


def _write(path: Path, items: dict[str, dict[str, Any]], **extra: Any) -> None:
    """Write atomically and durably (:func:`course.files.atomic_write`)."""
    state = {"format": FORMAT, "version": VERSION, "updated": _now(), **extra, "items": items}
    # ASCII JSON: any text can be written
    atomic_write(path, json.dumps(state, indent=1, sort_keys=True), durable=True)


def _set_aside(path: Path, tag: str) -> Path:
    """Rename ``path`` to ``<name>.<tag>-YYYYmmdd-HHMMSS[-n]``, never overwriting a file."""
    stem = f"{path.name}.{tag}-{time.strftime('%Y%m%d-%H%M%S')}"
    for n in range(10_000):
        target = path.with_name(stem if n == 0 else f"{stem}-{n}")
        try:
            os.link(path, target)  # fails if target exists: no overwrite, no race
        except FileExistsError:
            continue
        except OSError:  # no hard links here (some mounts): check, then rename
            if target.exists():
                continue
            os.rename(path, target)
            return target
        path.unlink()
        return target
    raise FileExistsError(f"too many set-aside copies of {path}")


def _transact(
    change: Callable[[dict[str, dict[str, Any]]], Iterable[str]] | None = None,
) -> dict[str, Any]:
    """Read (recovering a bad file), apply ``change``, write; all under the lock.

    ``change`` edits the items in place and returns the keys it touched. Never raises for
    a bad or unwritable file: what cannot be written is kept in memory for the next write.
    """
    import filelock

    path = progress_path()
    lock = filelock.FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with lock:
            items, problem = _parse(path.read_bytes()) if path.exists() else ({}, None)
            if problem:
                kept = _set_aside(path, "corrupt")
                good = len(items)
                what = (
                    f"the {good} good entr{'y was' if good == 1 else 'ies were'} kept"
                    if good
                    else "a new one was started"
                )
                _tell(
                    "corrupt",
                    f"Your progress file could not be read in full ({problem}): {what}, the "
                    f"damaged file was saved as {kept.name}, and nothing you do now will be lost.",
                )
            _add_unsaved(items)
            touched = list(change(items)) if change else []
            if touched or problem or _unsaved:
                _write(path, items)
            _unsaved.clear()
            _unsaved_attempts.clear()
            return items
    except OSError as err:  # unwritable folder, lock timeout, unreadable file
        try:
            items = _parse(path.read_bytes())[0]
        except OSError:
            items = {}
        _add_unsaved(items)
        before = {key: entry["attempts"] for key, entry in items.items()}
        for key in change(items) if change else []:
            _unsaved[key] = items[key]
            added = items[key]["attempts"] - before.get(key, 0)
            _unsaved_attempts[key] = _unsaved_attempts.get(key, 0) + max(added, 0)
        if isinstance(err, filelock.Timeout):
            _tell(
                "busy",
                "Your progress file is busy in another notebook, so your answers are kept in "
                "memory for now and will be saved with your next one.",
            )
        else:
            in_the_way = isinstance(err, (FileExistsError, NotADirectoryError))
            why = "a file is in the way" if in_the_way else err.strerror or str(err)
            _tell(
                "unwritable",
                f"Your progress can't be saved in {path.parent} ({why}), so it "
                f"is kept only while this kernel runs; to fix this, set {ENV_VAR} to a file "
                f"in a folder you can write to, e.g. `%env {ENV_VAR}=~/course-progress.json`.",
            )
        return items


def record(lesson: str, item: str, *, correct: bool, kind: str, answer: str | None = None) -> None:
    """Record one attempt at a quiz question or exercise task (``kind``: quiz or exercise).

    ``answer`` is an optional short text of what was answered (kept truncated); the first
    attempt's answer and verdict are kept too (``first_answer``, ``first_correct``: what item
    analysis reads). Nothing is recorded where ``$COURSE_PROGRESS_OFF`` is set (the grader).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if not (isinstance(lesson, str) and lesson and isinstance(item, str) and item):
        raise ValueError("lesson and item must be non-empty strings")
    if os.environ.get(OFF_VAR):
        return
    answer = None if answer is None else _cut(str(answer))
    key, now, ok = f"{lesson}.{item}", _now(), bool(correct)

    def attempt(items: dict[str, dict[str, Any]]) -> list[str]:
        first = {"first": now, "first_correct": ok, "first_answer": answer}
        old = items.get(key, {"attempts": 0, "ever_correct": False, **first})
        items[key] = {
            "lesson": lesson,
            "item": item,
            "kind": kind,
            "attempts": old["attempts"] + 1,
            "correct": ok,
            "ever_correct": old["ever_correct"] or ok,
            "first": old["first"],
            "last": now,
            "answer": answer,
            "first_correct": old.get("first_correct"),
            "first_answer": old.get("first_answer"),
            **{k: old[k] for k in ("box", "due") if k in old},  # the review schedule stays
        }
        return [key]

    _transact(attempt)


def schedule(lesson: str, item: str, *, box: int, due: datetime) -> None:
    """Set when an answered item is next due for review (``course.review``: its Leitner
    ``box`` and ``due`` time); an item never answered is left alone."""
    if os.environ.get(OFF_VAR):
        return
    key, when = f"{lesson}.{item}", _iso(due)

    def move(items: dict[str, dict[str, Any]]) -> list[str]:
        if key not in items:
            return []
        items[key] = {**items[key], "box": int(box), "due": when}
        return [key]

    _transact(move)


def load() -> dict[str, dict[str, Any]]:
    """All recorded items, by id (``"l0.rd_leader"``); never raises for a bad file."""
    return _transact()


def summary(
    lessons: list[dict[str, Any]], items: dict[str, dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """One row per lesson of the catalogue: totals, what is done and what is left.

    Each row: ``id``, ``title``, ``total``, ``done`` (tried at least once), ``correct``
    (ever right), ``percent`` (done, 0-100), ``left`` (ids not tried), ``retry`` (ids tried
    but never right) and ``complete``.
    """
    items = load() if items is None else items
    rows = []
    for lesson in lessons:
        ids = list(lesson.get("items", []))
        done = [i for i in ids if i in items]
        total = len(ids)
        rows.append(
            {
                "id": lesson["id"],
                "title": lesson.get("title", lesson["id"]),
                "total": total,
                "done": len(done),
                "correct": sum(items[i]["ever_correct"] for i in done),
                "percent": round(100 * len(done) / total) if total else 100,
                "left": [i for i in ids if i not in items],
                "retry": [i for i in done if not items[i]["ever_correct"]],
                "complete": len(done) == total,
            }
        )
    return rows


def export(path: str | os.PathLike[str] | None = None) -> Path:
    """Write all progress to one file (default ``./japan-sti-course-progress.json``; a folder
    gets that name inside it) to carry to another machine or Binder launch."""
    target = Path(path if path is not None else EXPORT_NAME).expanduser()
    if target.is_dir():
        target = target / EXPORT_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    _write(target.absolute(), load(), exported=_now())
    return target.absolute()


def import_(
    source: str | os.PathLike[str] | bytes, *, merge: bool = True, name: str | None = None
) -> int:
    """Bring in progress from an exported file (a path, or its bytes); returns the item count.

    ``merge=True`` keeps the best of both: most attempts, ever right if either was, earliest
    first and latest last time. ``merge=False`` replaces progress, keeping the old file aside.
    A bad file raises :class:`ProgressFileError` with a clear message and changes nothing.
    ``name`` names the file in messages (useful for bytes).
    """
    incoming, _ = read_export(source, name=name)

    def bring_in(items: dict[str, dict[str, Any]]) -> list[str]:
        if not merge:
            items.clear()
            path = progress_path()
            try:
                if path.exists():
                    _set_aside(path, "before-import")
            except OSError:
                pass  # unwritable: nothing to keep aside, and the write goes to memory
        _merge(items, incoming)
        return list(incoming)

    if not merge:
        _unsaved.clear()
    _transact(bring_in)
    return len(incoming)


def read_export(
    source: str | os.PathLike[str] | bytes, *, name: str | None = None, strict: bool = True
) -> tuple[dict[str, dict[str, Any]], str | None]:
    """The entries of an exported progress file (a path, or its bytes), read with the import
    caps, and what is wrong with it (None if nothing).

    Raises :class:`ProgressFileError` for a file that cannot be used at all, and with
    ``strict`` also for one with damaged entries (without, the good entries are returned).
    """
    name = name or ("The uploaded file" if isinstance(source, bytes) else str(source))
    data = source if isinstance(source, bytes) else _read_limited(Path(source), name)
    if len(data) > IMPORT_MAX_BYTES:
        raise ProgressFileError(_too_big(name))
    incoming, problem = _parse(data)
    if problem and (strict or not incoming):
        raise ProgressFileError(
            f"{name} is not a progress file from this course ({problem}); nothing was changed."
        )
    if len(incoming) > IMPORT_MAX_ITEMS:
        raise ProgressFileError(
            f"{name} holds {len(incoming):,} entries, far more than this course has "
            f"(at most {IMPORT_MAX_ITEMS:,} are accepted); nothing was changed."
        )
    return incoming, problem


def _too_big(name: str) -> str:
    return (
        f"{name} is larger than {IMPORT_MAX_BYTES // 2**20} MB, far larger than this course's "
        "progress can be; nothing was changed."
    )


def _read_limited(path: Path, name: str) -> bytes:
    """A file's bytes, refusing what is not a regular file (``/dev/zero``, a pipe) before
    opening it, and never reading more than the import limit allows."""
    import stat

    try:
        path = path.expanduser()
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ProgressFileError(
                f"{name} is not a file to import (a device or a pipe?); nothing was changed."
            )
        with open(path, "rb") as handle:
            data = handle.read(IMPORT_MAX_BYTES + 1)
    except OSError as err:
        raise ProgressFileError(
            f"{name} could not be opened ({err.strerror or err}); nothing was changed."
        ) from None
    if len(data) > IMPORT_MAX_BYTES:
        raise ProgressFileError(_too_big(name))
    return data


def reset(*, confirm: bool) -> Path | None:
    """Start over. Needs ``confirm=True``; the old file is kept aside as a backup (returned)."""
    if not confirm:
        print("Nothing was reset: call reset(confirm=True) to start over.", flush=True)
        return None
    import filelock

    _unsaved.clear()
    path = progress_path()
    try:
        with filelock.FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT):
            kept = _set_aside(path, "reset") if path.exists() else None
            _write(path, {})
    except OSError as err:
        print(f"Your progress could not be reset ({err}); nothing was changed.", flush=True)
        return None
    if kept:
        print(f"Your progress was reset; the old file was kept as {kept.name}.", flush=True)
    return kept
