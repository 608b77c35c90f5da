"""The lock installs on every Python the course claims (3.10 and newer), and is up to date.

Resolves with uv against the package index (as ``make`` installs), so these tests need the
registry that CI and developers reach.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
SUPPORTED = re.search(r"^SUPPORTED := ([\d. ]+)", (ROOT / "Makefile").read_text(), re.M)
VERSIONS = SUPPORTED.group(1).split() if SUPPORTED else []
UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
LOCKS = {
    "constraints.txt": ["pyproject.toml", "--extra", "test"],
    "nbgrader.txt": ["requirements/nbgrader.in"],
}

pytestmark = pytest.mark.skipif(UV is None, reason="uv is installed by `make` into .venv")


def uv_compile(*args: str) -> str:
    done = subprocess.run(
        [UV, "pip", "compile", "--quiet", "--no-header", "--no-annotate", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def pins(text: str, version: str) -> dict[str, str]:
    """Package → version of a requirements text, for a Linux machine with this Python."""
    environment = {"python_version": ".".join(version.split(".")[:2]), "sys_platform": "linux"}
    environment |= {"python_full_version": version if version.count(".") == 2 else version + ".0"}
    environment |= {"platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64"}
    out = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        if requirement.marker is None or Marker(str(requirement.marker)).evaluate(environment):
            out[requirement.name.lower()] = str(requirement.specifier).removeprefix("==")
    return out


def requirement_lines(text: str) -> list[str]:
    """The pins of a lock with its comments left out."""
    return [line for line in text.splitlines() if line and not line.lstrip().startswith("#")]


def test_the_makefile_names_the_supported_versions() -> None:
    assert VERSIONS[0] == "3.10" and "3.11.2" in VERSIONS, VERSIONS


@pytest.mark.parametrize("lock", sorted(LOCKS))
@pytest.mark.parametrize("version", VERSIONS)
def test_lock_resolves_on_each_supported_python(lock: str, version: str) -> None:
    """Resolving the project for this Python, held to the lock, gives the lock's own pins."""
    locked = REQUIREMENTS / lock
    resolved = uv_compile(
        *LOCKS[lock],
        "-c",
        str(locked),
        "--python-version",
        version,
        "--python-platform",
        "x86_64-unknown-linux-gnu",
    )
    wanted, have = pins(resolved, version), pins(locked.read_text(), version)
    unpinned = sorted(set(wanted) - set(have))
    assert not unpinned, f"{lock} pins nothing for {unpinned} on Python {version}"
    differ = {name: (have[name], v) for name, v in wanted.items() if have[name] != v}
    assert not differ, differ


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_lock_is_what_make_lock_writes(lock: str, tmp_path: Path) -> None:
    """`make lock` would change nothing: the lock matches pyproject.toml and nbgrader.in."""
    copy = tmp_path / lock
    shutil.copy(REQUIREMENTS / lock, copy)
    uv_compile("--universal", "--python-version", "3.10", *LOCKS[lock], "-o", str(copy))
    assert requirement_lines(copy.read_text()) == requirement_lines(
        (REQUIREMENTS / lock).read_text()
    )
