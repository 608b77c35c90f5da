"""Binder: repo2docker (installed from the package index into a throwaway venv) reads the
repository as Binder would, without building (a build needs Docker), and plans to install
Python 3.11 from binder/runtime.txt and then run binder/postBuild, which installs the course
with the lock."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
pytestmark = pytest.mark.skipif(UV is None, reason="uv is installed by `make` into .venv")


def test_repo2docker_plans_the_lock_install(tmp_path: Path) -> None:
    venv = tmp_path / "r2d"
    subprocess.run([UV, "venv", "-q", str(venv)], check=True, timeout=120)
    subprocess.run(
        [UV, "pip", "install", "-q", "--python", str(venv / "bin" / "python"),
         "jupyter-repo2docker"],
        check=True, timeout=600,
    )  # fmt: skip
    done = subprocess.run(
        [str(venv / "bin" / "repo2docker"), "--no-build", "--no-run", "--debug", str(ROOT)],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    plan = done.stdout + done.stderr  # the log (stderr) names the Python it picked
    assert "python=3.11" in plan  # binder/runtime.txt
    assert "./binder/postBuild" in plan
    post_build = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert "-c requirements/constraints.txt -e ." in post_build
