"""Everything a grading kernel starts ends with it, and a kernel can start only so many.

- Each kernel (and the pre-forking server) is a *child subreaper* (Linux): a process that a
  student's code starts and orphans, even by a double fork and ``setsid``, is adopted by the
  kernel instead of by ``init``, so it stays in the kernel's process tree.
- :func:`kill_tree` stops and kills a process and all its descendants, found in ``/proc``,
  round after round until none is left.
- :class:`ProcessCap` caps a kernel's processes: as root with a cgroup ``pids`` controller, a
  cgroup per kernel with ``pids.max`` (which also lists every process the kernel started);
  as another user, ``RLIMIT_NPROC`` set a little above what the user already runs. Root
  without a cgroup gets no cap (root is exempt from ``RLIMIT_NPROC``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Set
from pathlib import Path

MAX_PROCESSES = 64
"""Processes (and threads, to the kernel) one grading kernel may run at once, itself included."""

LINUX = sys.platform.startswith("linux")


def become_subreaper() -> None:
    """Adopt this process's orphaned descendants (Linux ``PR_SET_CHILD_SUBREAPER``)."""
    if LINUX:
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)


def _parents() -> dict[int, int]:
    """Every process's parent, from ``/proc`` (empty outside Linux)."""
    parents = {}
    for entry in os.scandir("/proc") if LINUX else ():
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as handle:
                    stat = handle.read()
                parents[int(entry.name)] = int(stat[stat.rindex(b")") + 2 :].split()[1])
            except (OSError, ValueError):
                continue
    return parents


def descendants(pid: int) -> set[int]:
    """The processes below ``pid`` in the process tree."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def kill_tree(pid: int, *, also: Set[int] = frozenset(), patience: float = 10.0) -> None:
    """Stop, then kill ``pid``, everything below it and ``also``, until nothing is left (a
    killed process takes a moment to go: its parent may die first, leaving it to ``init``)."""
    victims = set(also)
    deadline, pause = time.monotonic() + patience, 0.005
    while time.monotonic() < deadline:
        victims = {v for v in victims | descendants(pid) | {pid} if _exists(v)}
        if not victims:
            return
        for sig in (signal.SIGSTOP, signal.SIGKILL):  # stopped processes cannot fork meanwhile
            for victim in victims:
                with contextlib.suppress(OSError):
                    os.kill(victim, sig)
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def _exists(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return b") Z" not in handle.read()  # a zombie is already dead
    except OSError:
        return False


def _pids_hierarchy() -> Path | None:
    """This process's folder in a writable cgroup ``pids`` hierarchy (v1 or v2), if any."""
    if not LINUX or os.geteuid() != 0:
        return None
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
        own = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in mounts:
        _, mount, kind, options = line.split()[:4]
        if kind == "cgroup" and "pids" in options.split(","):
            path = next((entry.split(":", 2)[2] for entry in own if ":pids:" in entry), "/")
            return Path(mount) / path.lstrip("/")
    for line in mounts:
        _, mount, kind, _ = line.split()[:4]
        if kind == "cgroup2":
            with contextlib.suppress(OSError):
                if "pids" in (Path(mount) / "cgroup.controllers").read_text().split():
                    path = next((e.split(":", 2)[2] for e in own if e.startswith("0::")), "/")
                    return Path(mount) / path.lstrip("/")
    return None


class ProcessCap:
    """The process cap of one grading run: a cgroup folder per kernel where one can be made."""

    def __init__(self, name: str) -> None:
        self.root: Path | None = None
        base = _pids_hierarchy()
        if base is not None:
            try:
                (base / name).mkdir()
                self.root = base / name
                with contextlib.suppress(OSError):  # cgroup v2: let children use pids
                    (self.root / "cgroup.subtree_control").write_text("+pids")
            except OSError:
                self.root = None

    def group(self, kernel: str) -> str:
        """A new capped cgroup for one kernel ("" where there are none)."""
        if self.root is None:
            return ""
        try:
            folder = self.root / kernel
            folder.mkdir()
            (folder / "pids.max").write_text(str(MAX_PROCESSES))
            return str(folder)
        except OSError:
            return ""

    @staticmethod
    def join(group: str) -> None:
        """Called by the kernel itself, before student code: enter its group, or cap
        ``RLIMIT_NPROC`` when it has none and is not root."""
        if group:
            with contextlib.suppress(OSError):
                Path(group, "cgroup.procs").write_text(str(os.getpid()))
            return
        if not LINUX or os.geteuid() == 0:
            return
        import resource

        mine = sum(1 for pid in _parents() if _owner(pid) == os.getuid())
        with contextlib.suppress(ValueError, OSError):
            limit = mine + MAX_PROCESSES
            resource.setrlimit(resource.RLIMIT_NPROC, (limit, limit))

    @staticmethod
    def members(group: str) -> set[int]:
        """Every process in a kernel's group, however it left the kernel's tree."""
        if not group:
            return set()
        try:
            return {int(p) for p in Path(group, "cgroup.procs").read_text().split()}
        except (OSError, ValueError):
            return set()

    @staticmethod
    def remove(group: str) -> None:
        if group:
            with contextlib.suppress(OSError):
                os.rmdir(group)

    def close(self) -> None:
        if self.root is not None:
            for folder in self.root.glob("*/"):
                self.remove(str(folder))
            with contextlib.suppress(OSError):
                os.rmdir(self.root)


def _owner(pid: int) -> int:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return -1
