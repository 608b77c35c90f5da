"""The grader's side of one kernel: send code, time it out, interrupt, kill.

Only the shell channel is connected: what a notebook prints or displays is never received,
so a notebook that prints megabytes costs the grader nothing.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

POLL = 0.1  # seconds between checks that a busy kernel is still alive
GRACE = 5.0  # seconds a kernel gets to stop after an interrupt
START_TIMEOUT = 60.0


@dataclass
class Reply:
    """How one execution ended: ``ok``, ``error``, ``timeout`` (interrupted) or ``dead``."""

    status: str
    ename: str = ""
    evalue: str = ""
    expressions: dict[str, Any] | None = None


class Kernel:
    """One running kernel, driven over its shell channel."""

    def __init__(
        self,
        *,
        pid: int,
        folder: Path,
        proc: subprocess.Popen[bytes] | None = None,
        group: str = "",
    ) -> None:
        from jupyter_client.blocking.client import BlockingKernelClient

        self.pid, self.folder, self.proc, self.group = pid, folder, proc, group
        self.killed = False
        self.workdir = folder / "work"
        self.client = BlockingKernelClient(connection_file=str(folder / "kernel.json"))
        self.client.load_connection_file()
        self.client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)

    def alive(self) -> bool:
        """Whether the kernel process still exists (and was not killed by the grader)."""
        if self.killed:
            return False
        if self.proc is not None:
            return self.proc.poll() is None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def wait_ready(self, timeout: float = START_TIMEOUT) -> bool:
        """Wait until the kernel answers a ``kernel_info`` request."""
        msg_id = self.client.kernel_info()
        return self._wait(msg_id, time.monotonic() + timeout) not in ("timeout", "dead")

    def run(
        self,
        code: str,
        *,
        timeout: float,
        silent: bool = False,
        expressions: dict[str, Any] | None = None,
    ) -> Reply:
        """Execute ``code``; interrupt it after ``timeout`` seconds (then kill if it must)."""
        msg_id = self.client.execute(
            code,
            silent=silent,
            store_history=not silent,
            user_expressions=expressions or {},
            allow_stdin=False,
            stop_on_error=False,
        )
        reply = self._wait(msg_id, time.monotonic() + max(timeout, 0.0))
        if reply == "timeout":
            self.interrupt()
            late = self._wait(msg_id, time.monotonic() + GRACE)
            if late == "dead" or late == "timeout":
                self.kill()
            return Reply("timeout")
        if isinstance(reply, str):  # "dead": timeouts were handled above
            return Reply("dead")
        content = reply["content"]
        return Reply(
            content.get("status", "error"),
            str(content.get("ename", ""))[:200],
            str(content.get("evalue", ""))[:300],
            content.get("user_expressions"),
        )

    def _wait(self, msg_id: str, deadline: float) -> dict[str, Any] | str:
        """The reply to ``msg_id``, or ``"timeout"`` / ``"dead"``."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "timeout"
            try:
                msg = self.client.get_shell_msg(timeout=min(POLL, left))
            except queue.Empty:
                if not self.alive():
                    return "dead"
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return msg

    def interrupt(self) -> None:
        """Send SIGINT (a KeyboardInterrupt in the running cell)."""
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGINT)

    def kill(self) -> None:
        """Kill the kernel and everything it started: its process tree (where orphans stay,
        the kernel being their subreaper), its process group and its cgroup."""
        from course.instructor.grade.processes import LINUX, ProcessCap, kill_tree

        self.killed = True
        if LINUX:
            kill_tree(self.pid, also=ProcessCap.members(self.group))
        try:
            if hasattr(os, "killpg"):
                os.killpg(self.pid, signal.SIGKILL)
            elif self.proc is not None:
                self.proc.kill()
        except OSError:
            pass
        if self.proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)

    def close(self) -> None:
        """Kill the kernel and drop its connection (its folder is removed by the launcher)."""
        self.kill()
        self.client.stop_channels()
