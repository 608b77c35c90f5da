"""Best-effort confinement of a grading kernel: resource limits and Linux Landlock.

This is not a container. What it does, inside the kernel process, before any student code:

- resource limits (``setrlimit``): address space (memory), CPU seconds, size of any file
  written, no core dumps; the kernel dies with its parent (``PR_SET_PDEATHSIG``);
- Landlock (Linux 5.13 or newer, no privileges needed): files may be written only inside the
  kernel's working copy (and ``/dev/null``); the protected folders (solutions, submissions,
  grading output, the instructor's home, the course repository, other kernels' folders)
  cannot be read, except the ``course`` package and Python itself; with Landlock ABI 4 or
  newer no TCP connection can be opened; with ABI 6 or newer no signal can be sent to a
  process outside the kernel (the grader, other students' kernels), and no abstract Unix
  socket made outside it can be connected to (the launcher then gives kernels abstract
  sockets, so none can subscribe to another's output).

Where Landlock is missing (macOS, Windows, old kernels) only the limits apply, and the
grader falls back to *detecting* stray writes afterwards. UDP, reading world-readable files
outside the protected folders and using the CPU until the time-outs end it are never
prevented.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

_CREATE, _ADD_RULE, _RESTRICT = 444, 445, 446  # same numbers on every architecture
_PATH_BENEATH, _NET_PORT = 1, 2
_READ = (1 << 2) | (1 << 3)  # READ_FILE, READ_DIR
_WRITE_V1 = (1 << 1) | sum(1 << bit for bit in range(4, 13))  # WRITE_FILE, REMOVE_*, MAKE_*
_REFER, _TRUNCATE = 1 << 13, 1 << 14
_FILE_RIGHTS = (1 << 0) | (1 << 1) | (1 << 2) | _TRUNCATE  # rights a rule on a file may hold
_NET_TCP = (1 << 0) | (1 << 1)  # BIND_TCP, CONNECT_TCP
_SCOPES = (1 << 0) | (1 << 1)  # abstract unix sockets, signals


class _Ruleset(ctypes.Structure):
    _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed", ctypes.c_uint64), ("fd", ctypes.c_int32)]


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def landlock_abi() -> int:
    """The Landlock ABI version this kernel offers (0: none, or not Linux)."""
    libc = _libc()
    if libc is None or not sys.platform.startswith("linux"):
        return 0
    version = libc.syscall(_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return max(int(version), 0)


def set_limits(*, memory_mb: int, cpu_seconds: int, file_mb: int) -> None:
    """Apply resource limits to this process (POSIX only; missing limits are skipped)."""
    try:
        import resource
    except ImportError:
        return
    wanted = {
        "RLIMIT_AS": memory_mb * 2**20,
        "RLIMIT_CPU": cpu_seconds,
        "RLIMIT_FSIZE": file_mb * 2**20,
        "RLIMIT_CORE": 0,
    }
    for name, value in wanted.items():
        if hasattr(resource, name) and value >= 0:
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(getattr(resource, name), (value, value))


@contextlib.contextmanager
def private_process() -> Iterator[None]:
    """While grading, make this process non-dumpable: its ``/proc`` entries (environment,
    memory, command line of its secrets) then need ``CAP_SYS_PTRACE``, which kernels lack."""
    libc = _libc() if sys.platform.startswith("linux") else None
    before = libc.prctl(3, 0, 0, 0, 0) if libc is not None else -1  # PR_GET_DUMPABLE
    if libc is not None:
        libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    try:
        yield
    finally:
        if libc is not None and before > 0:
            libc.prctl(4, before, 0, 0, 0)


def drop_capabilities() -> None:
    """As root, give up every capability for good (bounding, ambient, effective, permitted,
    inheritable), so that root's powers over other processes and files do not reach student
    code. A no-op for other users and outside Linux."""
    libc = _libc()
    if libc is None or not sys.platform.startswith("linux") or os.geteuid() != 0:
        return
    for cap in range(64):
        libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP (fails quietly past the last one)
    libc.prctl(47, 4, 0, 0, 0)  # PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable (x2): all zero
    libc.capset(ctypes.byref(header), ctypes.byref(data))


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no-op elsewhere)."""
    libc = _libc()
    if libc is not None and sys.platform.startswith("linux"):
        libc.prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL


def _ancestors(path: Path) -> list[Path]:
    return [*reversed(path.parents)]


def readable_rules(protected: Iterable[Path]) -> list[Path]:
    """Folders to allow reading so that everything except ``protected`` stays readable.

    Landlock only allows; so walk from ``/`` down to each protected folder and allow every
    sibling that is not on the way to (or inside) a protected folder.
    """
    hidden = {Path(os.path.abspath(p)) for p in protected}
    on_way = {a for p in hidden for a in _ancestors(p)}
    allowed: list[Path] = []
    for folder in sorted(on_way):
        try:
            children = [Path(entry.path) for entry in os.scandir(folder)]
        except OSError:
            continue
        for child in children:
            if child not in on_way and child not in hidden:
                allowed.append(child)
    return allowed


def confine(*, workdir: Path, protected: Iterable[Path], readable: Iterable[Path]) -> int:
    """Restrict this process with Landlock; return the ABI used (0 when not available).

    Writing is allowed under ``workdir`` only; reading everywhere except under
    ``protected``, with ``readable`` (and ``workdir``) allowed even inside those.
    """
    abi = landlock_abi()
    libc = _libc()
    if abi < 1 or libc is None:
        return 0
    write = _WRITE_V1 | (_REFER if abi >= 2 else 0) | (_TRUNCATE if abi >= 3 else 0)
    attr = _Ruleset(_READ | write, _NET_TCP if abi >= 4 else 0, _SCOPES if abi >= 6 else 0)
    size = ctypes.sizeof(_Ruleset) if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = libc.syscall(_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return 0
    protected = [Path(os.path.abspath(p)) for p in protected]
    on_way = {a for p in protected for a in [*_ancestors(p), p]}
    extra = [Path(os.path.abspath(p)) for p in readable]
    rules = [(p, _READ) for p in readable_rules(protected)]
    rules += [(p, _READ) for p in extra if p not in on_way]
    rules += [(Path(workdir), _READ | write), (Path(os.devnull), _READ | write)]
    try:
        for path, rights in rules:
            _allow(libc, ruleset, path, rights)
        libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS, required to restrict oneself
        if libc.syscall(_RESTRICT, ruleset, ctypes.c_uint32(0)) != 0:
            return 0
    finally:
        os.close(ruleset)
    return abi


def _allow(libc: ctypes.CDLL, ruleset: int, path: Path, rights: int) -> None:
    """Add one path-beneath rule (files get only the rights a file can hold)."""
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if not os.path.isdir(path):
            rights &= _FILE_RIGHTS
        rule = _PathBeneath(rights, fd)
        libc.syscall(_ADD_RULE, ruleset, _PATH_BENEATH, ctypes.byref(rule), ctypes.c_uint32(0))
    finally:
        os.close(fd)
