"""The user image (deploy/Dockerfile), built and run here where Docker can be started.

As root: Debian's ``docker.io`` and ``debootstrap`` (installed with apt-get when absent);
``dockerd`` started by hand off the machine's network (``--bridge=none --iptables=false``,
its data root, exec root, pid file and socket in a temporary folder); a base image made with
``debootstrap`` + ``docker import``, no registry pull: Debian 12's Python in a venv on the
PATH and a ``jovyan`` user (uid 1000, gid 100), as in the official Jupyter images, plus this
machine's CA bundle (pip inside the build reaches PyPI through this machine's proxy); the
image built from deploy/Dockerfile with ``--build-arg BASE=<that base> --network host``,
from the repository's tracked files; lesson 0 executed inside it by nbconvert with no network
at all. Then dockerd is stopped and everything it made is removed. Where this cannot be (not
root, no Debian mirror, a daemon that does not start) the test is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from harness.hub import terminate

pytestmark = pytest.mark.hub
ROOT = Path(__file__).resolve().parents[2]
BASE = "local/python-base:bookworm"
IMAGE = "japan-sti-course:test"
PATH = "/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
CA = "/etc/ssl/certs/ca-certificates.crt"


def run(*cmd: str, timeout: float = 600, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)


def tools() -> None:
    """Docker's daemon and debootstrap, from Debian when they are missing."""
    if os.geteuid() != 0:
        pytest.skip("starting dockerd and running debootstrap need root")
    if not (shutil.which("dockerd") and shutil.which("debootstrap")) and shutil.which("apt-get"):
        install = ("apt-get", "install", "-y", "-qq", "docker.io", "debootstrap")
        if run(*install).returncode != 0:
            run("apt-get", "update", "-qq")
            run(*install)
    if not (shutil.which("dockerd") and shutil.which("debootstrap")):
        pytest.skip("dockerd or debootstrap cannot be installed here (apt-get failed)")


@pytest.fixture
def docker() -> Iterator[tuple[list[str], Path]]:
    """A private Docker daemon; yields the client command and a scratch folder; stops the
    daemon, unmounts and removes everything afterwards."""
    tools()
    folder = Path(tempfile.mkdtemp(prefix="course-docker-", dir="/tmp"))  # short: socket paths
    sock = folder / "docker.sock"
    log = (folder / "dockerd.log").open("wb")
    daemon = subprocess.Popen(
        ["dockerd", "--bridge=none", "--iptables=false", "--ip6tables=false",
         "--data-root", str(folder / "data"), "--exec-root", str(folder / "exec"),
         "--pidfile", str(folder / "docker.pid"), "-H", f"unix://{sock}"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    client = [shutil.which("docker", path=f"/usr/bin:{os.environ['PATH']}") or "docker",
              "-H", f"unix://{sock}"]  # fmt: skip
    try:
        for _ in range(60):
            up = run(*client, "version", timeout=30).returncode == 0
            if up or daemon.poll() is not None:
                break
            time.sleep(1)
        if not up:
            text = (folder / "dockerd.log").read_text(errors="replace").splitlines()[-5:]
            pytest.skip("dockerd does not start here: " + " | ".join(text))
        yield client, folder
    finally:
        children = psutil.Process(daemon.pid).children(recursive=True)
        terminate(daemon)
        log.close()
        _, alive = psutil.wait_procs(children, timeout=30)
        for proc in alive:
            proc.kill()
        mounts = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
        for mount in sorted((m for m in mounts if m.startswith(str(folder))), reverse=True):
            run("umount", "-l", mount, timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
        assert not alive, f"outlived dockerd: {[p.pid for p in alive]}"
        assert not folder.exists(), f"{folder} could not be removed"


def make_base(client: list[str], folder: Path) -> None:
    """Debian 12 with Python in /opt/venv and the user jovyan, imported as an image."""
    rootfs = folder / "rootfs"
    include = "--include=python3,python3-venv,git,ca-certificates"
    mirror = "http://deb.debian.org/debian"
    done = run("debootstrap", "--variant=minbase", include, "bookworm", str(rootfs), mirror)
    if done.returncode != 0:
        pytest.skip("debootstrap cannot reach a Debian mirror: " + done.stdout[-300:])
    for cmd in (["python3", "-m", "venv", "/opt/venv"],
                ["useradd", "-m", "-u", "1000", "-g", "100", "-s", "/bin/bash", "jovyan"],
                ["chown", "-R", "1000:100", "/opt/venv"]):  # fmt: skip
        run("chroot", str(rootfs), *cmd, check=True)
    shutil.copyfile(CA, rootfs / CA.lstrip("/"))
    tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
    run(*client, "import", "--change", f"ENV PATH={PATH}", "--change", f"ENV PIP_CERT={CA}",
        "--change", "USER 1000", "--change", "WORKDIR /home/jovyan", "-", BASE,
        stdin=tar.stdout, check=True)  # fmt: skip
    tar.wait(60)
    shutil.rmtree(rootfs)


def context(folder: Path) -> Path:
    """The repository's tracked files (as a fresh clone has them, without .venv and .git)."""
    ctx = folder / "context"
    files = run("git", "ls-files", "-z", cwd=ROOT, check=True).stdout.split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (ctx / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, ctx / name)
    return ctx


def test_the_user_image_builds_and_runs_lesson_0(docker: tuple[list[str], Path]) -> None:
    client, folder = docker
    make_base(client, folder)
    ctx = context(folder)
    built = run(*client, "build", "--network", "host", "--build-arg", f"BASE={BASE}",
                "-f", str(ctx / "deploy" / "Dockerfile"), "-t", IMAGE, str(ctx),
                env={**os.environ, "DOCKER_BUILDKIT": "0"}, timeout=900)  # fmt: skip
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    script = (
        "jupyter nbconvert --to notebook --execute --output-dir /tmp --output lesson0"
        " /opt/japan-sti-course/notebooks/00_start_here.ipynb >&2 && cat /tmp/lesson0.ipynb"
    )
    lesson = run(*client, "run", "--rm", "--network", "none", IMAGE, "sh", "-c", script)
    assert lesson.returncode == 0, lesson.stderr[-2000:]
    cells = [c for c in json.loads(lesson.stdout)["cells"] if c["cell_type"] == "code"]
    outputs = [out for cell in cells for out in cell["outputs"]]
    assert outputs and not [out for out in outputs if out["output_type"] == "error"]
    probe = ("import nbgitpuller; from course.progress import progress_path; "
             "print(progress_path())")  # fmt: skip
    where = run(*client, "run", "--rm", "--network", "none", IMAGE, "python", "-c", probe)
    assert where.stdout.strip() == "/home/jovyan/.local/share/japan-sti-course/progress.json"
