"""What one grading kernel cannot do to another: real confined kernels, started as `course grade`
starts them (issue: a kernel could subscribe to a classmate's output channel)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course.instructor.common import Limits
from course.instructor.grade import sandbox
from course.instructor.grade.launcher import Launcher

linux_landlock = pytest.mark.skipif(
    not sys.platform.startswith("linux") or sandbox.landlock_abi() < 6,
    reason="kernels are kept apart by Landlock scoping (Linux 6.12 or newer)",
)


@pytest.fixture(params=[True, False], ids=["forked", "spawned"])
def launcher(tmp_path: Path, request):
    started = Launcher(limits=Limits(), protected=[tmp_path], prefork=request.param)
    yield started
    started.close()


def _address(kernel, channel: str) -> str:
    info = json.loads((kernel.folder / "kernel.json").read_text(encoding="utf-8"))
    return f"{info['transport']}://{info['ip']}-{info[channel + '_port']}"


LISTEN = """
import zmq, time
context = zmq.Context.instance()
sub = context.socket(zmq.SUB)
sub.setsockopt(zmq.SUBSCRIBE, b"")
sub.setsockopt(zmq.RCVTIMEO, 200)
try:
    sub.connect({address!r})
    connected = True
except zmq.ZMQError as error:
    connected = False
heard = []
"""

COLLECT = """
deadline = time.monotonic() + 3
while time.monotonic() < deadline:
    try:
        heard.append(sub.recv())
    except zmq.ZMQError:
        pass
leaked = any(b"classmate-secret-42" in frame for frame in heard)
"""


@linux_landlock
def test_a_kernel_cannot_hear_a_classmates_kernel(launcher: Launcher) -> None:
    listener, classmate = launcher.start(), launcher.start()
    # Give the listener the classmate's real address, as if it had guessed it.
    assert (
        listener.run(LISTEN.format(address=_address(classmate, "iopub")), timeout=20).status == "ok"
    )
    for _ in range(3):
        classmate.run("print('classmate-secret-42')", timeout=10)
    assert listener.run(COLLECT, timeout=20).status == "ok"
    reply = listener.run("pass", timeout=10, expressions={"leaked": "leaked", "n": "len(heard)"})
    found = reply.expressions
    assert found["leaked"]["data"]["text/plain"] == "False", found
    assert found["n"]["data"]["text/plain"] == "0", found


def test_kernels_do_not_share_a_guessable_socket_folder(launcher: Launcher) -> None:
    kernel = launcher.start()
    info = json.loads((kernel.folder / "kernel.json").read_text(encoding="utf-8"))
    if sandbox.landlock_abi() >= 6:
        assert info["ip"].startswith("@"), "abstract sockets, scoped by Landlock"
        assert len(info["ip"]) > 30 and str(launcher.root) not in info["ip"]


SNOOP = """
import glob
found = []
for path in glob.glob('/proc/[0-9]*/environ'):
    try:
        with open(path, 'rb') as handle:
            if {secret!r}.encode() in handle.read():
                found.append(path)
    except OSError:
        pass
"""


GRADER = """
import json, sys
from course.instructor.grade import sandbox
from course.instructor.common import Limits
from course.instructor.grade.launcher import Launcher

snoop, protect = sys.argv[1], sys.argv[2] == "protect"
launcher = Launcher(limits=Limits(), protected=[], confine=protect, prefork=False)
try:
    if protect:
        with sandbox.private_process():
            reply = launcher.start().run(snoop, timeout=20, expressions={"f": "found"})
    else:
        reply = launcher.start().run(snoop, timeout=20, expressions={"f": "found"})
    print(json.dumps(reply.expressions["f"]["data"]["text/plain"]))
finally:
    launcher.close()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_no_kernel_reads_the_graders_environment() -> None:
    """A secret in the grader's environment (a token, a key) stays out of every kernel; the
    same snooping without the grader's protections finds it (so the test can fail)."""
    secret = "planted-grader-secret-7f3a"
    env = {**os.environ, "COURSE_PLANTED_SECRET": secret}
    found = {}
    for mode in ("protect", "bare"):
        done = subprocess.run(
            [sys.executable, "-c", GRADER, SNOOP.format(secret=secret), mode],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        found[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["protect"] == "[]"
    assert found["bare"] != "[]", "unprotected, the kernel can read it: the check is real"


def test_a_killed_runs_temporary_folder_is_removed_by_the_next(tmp_path: Path) -> None:
    import tempfile

    from course.instructor.grade import launcher as launcher_mod

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    stale = Path(tempfile.mkdtemp(prefix=launcher_mod.ROOT_PREFIX))
    (stale / "owner.pid").write_text(dead.stdout.strip())
    (stale / "k1").mkdir()
    live = Path(tempfile.mkdtemp(prefix=launcher_mod.ROOT_PREFIX))
    (live / "owner.pid").write_text(str(os.getpid()))
    try:
        started = Launcher(limits=Limits(), protected=[tmp_path], prefork=False)
        started.close()
        assert not stale.exists() and live.exists()
    finally:
        import shutil

        shutil.rmtree(live, ignore_errors=True)
        shutil.rmtree(stale, ignore_errors=True)


DAEMON = """
import os, time
read, write = os.pipe()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.write(write, str(os.getpid()).encode())
        time.sleep(300)
    os._exit(0)
daemon = int(os.read(read, 20))
"""


def _alive(pid: int) -> bool:
    from course.instructor.grade.processes import _exists

    return _exists(pid)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and subreapers")
@pytest.mark.parametrize("ending", ["discarded", "kernel exits first"])
def test_nothing_a_submission_started_outlives_the_run(tmp_path: Path, ending: str) -> None:
    """A double-forked, setsid daemon dies with its kernel, or at the latest with the run."""
    launcher = Launcher(limits=Limits(), protected=[tmp_path])
    try:
        kernel = launcher.start()
        reply = kernel.run(DAEMON, timeout=20, expressions={"pid": "daemon"})
        daemon = int(reply.expressions["pid"]["data"]["text/plain"])
        assert _alive(daemon)
        if ending == "discarded":
            launcher.discard(kernel)
            assert not _alive(daemon)
        else:
            kernel.run("import os; os._exit(0)", timeout=10)
    finally:
        launcher.close()
    assert not _alive(daemon)


FORKS = """
import os, time
started, refused = [], 0
for _ in range(200):
    try:
        pid = os.fork()
    except OSError:
        refused += 1
        break
    if pid == 0:
        time.sleep(120)
        os._exit(0)
    started.append(pid)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="cgroups and RLIMIT_NPROC")
def test_a_kernel_cannot_start_unbounded_processes(tmp_path: Path) -> None:
    from course.instructor.grade import processes

    launcher = Launcher(limits=Limits(), protected=[tmp_path])
    try:
        if os.geteuid() == 0 and launcher.cap.root is None:
            pytest.skip("root without a cgroup pids controller: no process cap (README says so)")
        kernel = launcher.start()
        reply = kernel.run(FORKS, timeout=60, expressions={"n": "len(started)", "r": "refused"})
        started = int(reply.expressions["n"]["data"]["text/plain"])
        assert reply.expressions["r"]["data"]["text/plain"] == "1"
        assert started < processes.MAX_PROCESSES
        children = processes.descendants(kernel.pid)
        assert len(children) >= started
    finally:
        launcher.close()
    left = [pid for pid in children if _alive(pid)]
    assert not left, f"still running: {left}"
