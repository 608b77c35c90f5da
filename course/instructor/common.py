"""Small helpers shared by the instructor tools: the grading limits, the course folder,
atomic writes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from course.files import atomic_write as atomic_write  # the instructor tools' one writer

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


def course_root(root: str | os.PathLike[str] | None = None) -> Path:
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
