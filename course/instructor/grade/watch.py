"""Watching a grading run: a progress line on stderr, and a check for stray writes."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path, *, skip: Iterable[str] = (), exclude: Iterable[Path] = ()) -> Snapshot:
    """Every file under ``root`` with its size and modification time.

    ``skip``: folder names left out anywhere; ``exclude``: paths (files or folders) left out.
    """
    skipped = set(skip)
    left_out = {os.path.abspath(p) for p in exclude}
    found: Snapshot = {}
    root = Path(root)
    if not root.exists():
        return found
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skipped and os.path.join(folder, d) not in left_out]
        for name in files:
            path = os.path.join(folder, name)
            if path in left_out:
                continue
            try:
                info = os.lstat(path)
            except OSError:
                continue
            found[os.path.relpath(path, root)] = (info.st_size, info.st_mtime_ns)
    return found


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, changed or removed between two snapshots, sorted."""
    added = [f"added {p}" for p in after if p not in before]
    changed = [f"changed {p}" for p in after if p in before and after[p] != before[p]]
    removed = [f"removed {p}" for p in before if p not in after]
    return sorted(added + changed + removed, key=lambda s: s.split(" ", 1)[1])


class ProgressLine:
    """``graded 12/50 · 2 errors · 0:24 · 31/min`` on one updating line (tqdm if installed)."""

    def __init__(self, total: int, *, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.total, self.done, self.errors = total, 0, 0
        self.stream = stream or sys.stderr
        self.enabled = enabled and total > 0
        self.start = self.last = time.monotonic()
        self.bar = None
        if self.enabled:
            try:
                from tqdm import tqdm

                self.bar = tqdm(total=total, unit="notebook", file=self.stream, leave=True)
            except ImportError:
                self._show()

    def update(self, *, error: bool) -> None:
        """One more submission finished."""
        self.done += 1
        self.errors += bool(error)
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(errors=self.errors)
            return
        now = time.monotonic()
        if self.stream.isatty() or now - self.last >= 5 or self.done == self.total:
            self.last = now
            self._show()

    def _show(self) -> None:
        seconds = time.monotonic() - self.start
        rate = self.done / seconds * 60 if seconds > 0 else 0.0
        text = (
            f"graded {self.done}/{self.total} · {self.errors} not gradable · "
            f"{int(seconds) // 60}:{int(seconds) % 60:02d} · {rate:.0f}/min"
        )
        end = "" if self.stream.isatty() and self.done < self.total else "\n"
        prefix = "\r" if self.stream.isatty() else ""
        self.stream.write(prefix + text + end)
        self.stream.flush()

    def close(self) -> None:
        """Finish the line."""
        if self.bar is not None:
            self.bar.close()
        elif self.enabled and self.stream.isatty() and self.done < self.total:
            self.stream.write("\n")
