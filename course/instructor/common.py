"""Small helpers shared by the instructor tools: the grading limits, the course folder,
atomic writes."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

MAX_MB = 20.0  # a hand-in larger than this is not run


@dataclass(frozen=True)
class Limits:
    """Per-submission grading limits (seconds, megabytes): the one place they are set."""

    cell_timeout: float = 30.0
    total_timeout: float = 120.0
    memory_mb: int = 4096
    file_mb: int = 256


class UsageError(ValueError):
    """The instructor asked for something impossible (a missing folder, an unknown name)."""


def course_root(root: str | os.PathLike | None = None) -> Path:
    """The course folder (the one with ``solutions/``): ``root``, the current folder, or the
    folder the ``course`` package was installed from in development mode."""
    if root is not None:
        path = Path(root).expanduser().resolve()
        if not path.is_dir():
            raise UsageError(f"{path} is not a folder.")
        return path
    here = Path.cwd()
    if (here / "solutions").is_dir():
        return here.resolve()
    package = Path(__file__).resolve().parent.parent.parent
    if (package / "solutions").is_dir():
        return package
    raise UsageError("No course folder here (none with solutions/): run in it or pass --root.")


def atomic_write(path: str | os.PathLike, data: str | bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    Nothing is written when the file already holds exactly ``data``; returns whether it
    wrote. A reader never sees half a file, and an interrupted write leaves the old one.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.read_bytes() == raw:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
