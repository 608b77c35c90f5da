#!/usr/bin/env python3
"""Make sure Debian's Chromium is there for the browser tests; never fail the build.

Silent when Chromium is already installed. As root on Debian/Ubuntu it installs the
``chromium`` package with apt-get; anywhere else it prints one line saying the browser
tests will be skipped. Always exits 0. Standard library only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SKIP_LINE = (
    "Browser tests will be skipped: install Debian's chromium "
    "(sudo apt-get install chromium) to run them."
)


def chromium_path() -> str | None:
    """Chromium's path if it is installed (on PATH or at /usr/bin/chromium), else None."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    fallback = Path("/usr/bin/chromium")
    return str(fallback) if fallback.is_file() else None


def is_root() -> bool:
    """True when running with effective uid 0."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def is_debian_like() -> bool:
    """True on Debian, Ubuntu and their derivatives (per /etc/os-release)."""
    try:
        text = Path("/etc/os-release").read_text().lower()
    except OSError:
        return Path("/etc/debian_version").is_file()
    return "debian" in text or "ubuntu" in text or Path("/etc/debian_version").is_file()


def install_with_apt(apt_get: str) -> bool:
    """Run ``apt-get update`` and ``apt-get install chromium``; True on success."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for args in (["update", "-qq"], ["install", "-y", "-qq", "chromium"]):
        try:
            result = subprocess.run([apt_get, *args], env=env, check=False)
        except OSError:
            return False
        if result.returncode != 0:
            return False
    return chromium_path() is not None


def main() -> int:
    """Check for Chromium, install it when possible, else explain; always return 0."""
    if chromium_path():
        return 0
    apt_get = shutil.which("apt-get")
    if apt_get and is_root() and is_debian_like():
        print("Installing Debian's chromium for the browser tests (apt-get install chromium)...")
        sys.stdout.flush()
        if install_with_apt(apt_get):
            return 0
    print(SKIP_LINE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
