"""Start confined kernels for one grading run, a few ahead of need.

One :class:`Launcher` per run owns a temporary root folder; each kernel gets a folder of its
own in it (connection file, IPC sockets, and ``work/``, the working copy it runs in).
Kernels are forked from a pre-warmed server (:mod:`course.instructor.grade.kernel_boot`) where
``fork`` exists, or started as fresh processes otherwise; with ``prefetch`` the next kernels
start in the background while the current ones grade.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from course.instructor.common import Limits
from course.instructor.grade.kernel_boot import THREAD_ENV
from course.instructor.grade.kernel_client import Kernel
from course.instructor.grade.processes import LINUX, ProcessCap, kill_tree

PASS_ENV = ("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "SYSTEMROOT", "VIRTUAL_ENV")
"""The only variables of the grader's environment a kernel sees (no tokens, no keys)."""


ROOT_PREFIX = "course-grade-"


def remove_stale_roots(folder: str | None = None) -> list[Path]:
    """Delete temporary roots left by grading runs that were killed (their owner process is
    gone); return what was removed. A root whose owner still runs is left alone."""
    import shutil

    removed = []
    for root in Path(folder or tempfile.gettempdir()).glob(ROOT_PREFIX + "*"):
        try:
            owner = int((root / "owner.pid").read_text(encoding="ascii"))
            os.kill(owner, 0)
            continue  # a run in progress
        except ProcessLookupError:
            pass  # its run was killed
        except (OSError, ValueError):
            continue  # not ours to judge (no owner file, or not allowed to ask)
        shutil.rmtree(root, ignore_errors=True)
        removed.append(root)
    return removed


class Launcher:
    """Starts confined kernels for one grading run; ``close()`` kills whatever is left."""

    def __init__(
        self,
        *,
        limits: Limits,
        protected: list[Path],
        confine: bool = True,
        prefork: bool = True,
        warm: list[str] | None = None,
        prefetch: int = 0,
    ) -> None:
        self.limits = limits
        self.prefetch = prefetch
        self._spare: list[Kernel] = []
        self._ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kernel-ahead")
        self._closed = False
        remove_stale_roots()
        self.root = Path(tempfile.mkdtemp(prefix=ROOT_PREFIX))
        (self.root / "owner.pid").write_text(str(os.getpid()), encoding="ascii")
        self.cap = ProcessCap(self.root.name)
        self.protected = [str(p) for p in [*protected, Path.home(), self.root]]
        self.confine = confine
        self.mpl = self.root / "mplconfig"
        self.mpl.mkdir()
        _seed_font_cache(self.mpl)
        self._count = itertools.count(1)
        self._lock = threading.Lock()
        self._live: set[Kernel] = set()
        self._zygote: subprocess.Popen[str] | None = None
        self._base_env = {k: v for k, v in os.environ.items() if k in PASS_ENV}
        self._base_env.update(THREAD_ENV, MPLCONFIGDIR=str(self.mpl), PYTHONDONTWRITEBYTECODE="1")
        self._base_env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        try:
            if prefork and hasattr(os, "fork") and sys.platform != "win32":
                self._zygote = self._start_zygote(warm or [])
            else:
                self._warm_matplotlib()
        except BaseException:  # interrupted while starting: leave nothing behind
            self.close()
            raise

    def _command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "course.instructor.grade.kernel_boot", *args]

    def _start_zygote(self, warm: list[str]) -> subprocess.Popen[str] | None:
        log = open(self.root / "zygote.log", "wb")  # noqa: SIM115 - kept open by the child
        proc = subprocess.Popen(
            self._command("--zygote", "--warm", *warm),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            cwd=self.root,
            env={**self._base_env, "HOME": str(self.root)},
            text=True,
            bufsize=1,
        )
        log.close()
        assert proc.stdout is not None  # stdout=PIPE
        line = proc.stdout.readline()
        if not line.startswith('{"ready"'):
            proc.kill()
            return None
        return proc

    def _warm_matplotlib(self) -> None:
        """Build matplotlib's font cache once, where every kernel can read it."""
        env = {**self._base_env, "HOME": str(self.root)}
        code = "import matplotlib.font_manager"
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=False)

    @property
    def preforked(self) -> bool:
        """Whether kernels are forked from the pre-warmed server."""
        return self._zygote is not None and self._zygote.poll() is None

    def start(self) -> Kernel:
        """A kernel that has run nothing, in an empty working folder, ready to run code."""
        kernel = None
        with self._lock:
            while self._spare and kernel is None:
                candidate = self._spare.pop(0)
                kernel = candidate if candidate.alive() else None
        kernel = kernel or self._fresh()
        if self.prefetch and not self._closed:
            self._ahead.submit(self._refill)
        return kernel

    def _refill(self) -> None:
        """Start one kernel ahead of need (in the background)."""
        with self._lock:
            if self._closed or len(self._spare) >= self.prefetch:
                return
        try:
            kernel = self._fresh()
        except Exception:
            return
        with self._lock:
            if not self._closed:
                self._spare.append(kernel)
                return
        self.discard(kernel)

    def _fresh(self) -> Kernel:
        """A new kernel in a new empty working folder, ready to run code."""
        if self._closed:
            raise RuntimeError("grading was stopped")
        folder = self.root / f"k{next(self._count)}"
        work = folder / "work"
        (work / "tmp").mkdir(parents=True)
        _connection_file(folder / "kernel.json", abstract=self.confine and _scoped_sockets())
        spec = {
            "connection_file": str(folder / "kernel.json"),
            "workdir": str(work),
            "env": self._kernel_env(work),
            "limits": {
                "memory_mb": self.limits.memory_mb,
                "cpu_seconds": int(self.limits.total_timeout * 2 + 60),
                "file_mb": self.limits.file_mb,
            },
            "confine": self.confine,
            "protected": self.protected,
            "readable": [str(self.mpl)],
            "pids_group": self.cap.group(folder.name),
        }
        forked = self.preforked
        kernel = self._launch(spec, folder)
        with self._lock:
            self._live.add(kernel)
        if kernel.wait_ready():
            return kernel
        self.discard(kernel)
        if forked and not self._closed and self._zygote is not None:  # the pre-forking
            self._zygote.kill()  # server failed us: go without it
            return self._fresh()
        raise RuntimeError("a kernel could not be started")

    def _kernel_env(self, work: Path) -> dict[str, str]:
        return {
            **self._base_env,
            "HOME": str(work),
            "IPYTHONDIR": str(work / ".ipython"),
            "JUPYTER_CONFIG_DIR": str(work / ".jupyter"),
            "JUPYTER_DATA_DIR": str(work / ".jupyter-data"),
            "JUPYTER_RUNTIME_DIR": str(work.parent),
            "COURSE_PROGRESS_FILE": str(work / ".course-progress.json"),
            "COURSE_PROGRESS_OFF": "1",  # a check run by the grader records nothing
            "TMPDIR": str(work / "tmp"),
        }

    def _launch(self, spec: dict[str, Any], folder: Path) -> Kernel:
        zygote = self._zygote
        if self.preforked and zygote is not None and zygote.stdin and zygote.stdout:
            with self._lock:
                try:
                    zygote.stdin.write(json.dumps(spec) + "\n")
                    zygote.stdin.flush()
                    answer = json.loads(zygote.stdout.readline() or "{}")
                except (OSError, ValueError):  # the server is gone: start from scratch
                    answer = {}
            if "pid" in answer:
                return Kernel(pid=answer["pid"], folder=folder, group=spec["pids_group"])
        spec_file = folder / "spec.json"
        spec_file.write_text(json.dumps(spec), encoding="utf-8")
        proc = subprocess.Popen(
            self._command("--spec", str(spec_file)),
            cwd=spec["workdir"],
            env={**self._base_env, **spec["env"]},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        return Kernel(pid=proc.pid, folder=folder, proc=proc, group=spec["pids_group"])

    def discard(self, kernel: Kernel) -> None:
        """Kill a kernel and delete its folder."""
        import shutil

        kernel.close()
        ProcessCap.remove(kernel.group)
        with self._lock:
            self._live.discard(kernel)
        shutil.rmtree(kernel.folder, ignore_errors=True)

    def stop(self) -> None:
        """Start no more kernels and kill the running ones' processes (their connections are
        closed by the threads that use them: a socket belongs to one thread)."""
        with self._lock:
            self._closed = True
            live = list(self._live)
        for kernel in live:
            kernel.kill()

    def close(self) -> None:
        """Stop, then drop every connection and the server; delete the temporary root.

        Call it once no other thread uses a kernel of this launcher."""
        import shutil

        self.stop()
        self._ahead.shutdown(wait=True, cancel_futures=True)
        for kernel in list(self._live):
            self.discard(kernel)
        if self._zygote is not None:
            if LINUX:  # with what it adopted from kernels that died on their own
                kill_tree(self._zygote.pid)
            self._zygote.kill()
            self._zygote.wait()
            for stream in (self._zygote.stdin, self._zygote.stdout):
                with contextlib.suppress(OSError):
                    if stream is not None:
                        stream.close()
        self.cap.close()
        shutil.rmtree(self.root, ignore_errors=True)


def _scoped_sockets() -> bool:
    """Whether Landlock can keep each kernel off its classmates' abstract sockets (ABI 6+)."""
    from course.instructor.grade import sandbox

    return sandbox.landlock_abi() >= 6


def _connection_file(path: Path, *, abstract: bool = False) -> None:
    """Write a kernel connection file: IPC sockets in the kernel's folder (TCP on Windows).

    With ``abstract`` the sockets are Linux abstract sockets under a random name: a confined
    kernel's Landlock domain is scoped, so no other kernel of the run can connect to them
    (a socket *file* would be reachable by any process of the same user that can guess it).
    """
    key = secrets.token_hex(16)
    if os.name == "nt":
        from jupyter_client.connect import write_connection_file

        write_connection_file(str(path), ip="127.0.0.1", key=key.encode())
        return
    names = ("shell", "iopub", "stdin", "control", "hb")
    connection: dict[str, Any] = {f"{name}_port": n for n, name in enumerate(names, 1)}
    connection.update(
        transport="ipc",
        ip=f"@course-grade-{secrets.token_hex(16)}" if abstract else str(path.parent / "ipc"),
        key=key,
        signature_scheme="hmac-sha256",
        kernel_name="course-grader",
    )
    path.write_text(json.dumps(connection), encoding="utf-8")


def _seed_font_cache(folder: Path) -> None:
    """Copy matplotlib's font list from the user's cache, saving each run seconds."""
    import shutil

    home = Path.home()
    xdg = os.environ.get("XDG_CACHE_HOME", str(home / ".cache"))
    places = [os.environ.get("MPLCONFIGDIR", ""), f"{xdg}/matplotlib", str(home / ".matplotlib")]
    for place in filter(None, places):
        for cache in sorted(Path(place).glob("fontlist-*.json")):
            shutil.copy2(cache, folder / cache.name)
