"""`make` says in one line what to install when the Python it was given cannot build the venv."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("check_python", ROOT / "scripts/check_python.py")
check_python = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(check_python)


def test_old_python_is_named_with_what_to_do() -> None:
    message = check_python.problem((3, 9, 2), has_venv=True)
    assert "3.10 or newer" in message and "3.9.2" in message and "make PYTHON=" in message
    assert "\n" not in message


def test_missing_venv_module_names_the_debian_package() -> None:
    message = check_python.problem((3, 11, 2), has_venv=False)
    assert "apt-get install python3-venv" in message and "\n" not in message


def test_this_python_is_fine() -> None:
    assert check_python.problem() == ""


def test_make_stops_with_one_line_before_creating_anything(tmp_path: Path) -> None:
    """A real `make` with a Python whose ensurepip is missing, as on Debian without python3-venv."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "ensurepip.py").write_text("raise ImportError('no ensurepip here')\n")
    python = tmp_path / "python3"
    python.write_text(f'#!/bin/sh\nPYTHONPATH={shadow} exec {sys.executable} "$@"\n')
    python.chmod(0o755)
    venv = tmp_path / "venv"
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            f"PYTHON={python}",
            f"VENV={venv}",
            f"{venv}/.installed-stamp",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "MAKEFLAGS": ""},
        timeout=60,
    )
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if not line.startswith("make")]
    assert len(lines) == 1 and "python3-venv" in lines[0], done.stderr
    assert not venv.exists(), "nothing is created"
