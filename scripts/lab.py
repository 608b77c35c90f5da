"""Start JupyterLab on the course: ``make lab`` runs this.

Binds to 127.0.0.1 (``COURSE_LAB_IP`` to change), takes port 8888 or the next
free one, opens at lesson 0, and prints the URL to open. No browser is launched
on a machine without a display.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = "notebooks/00_start_here.ipynb"


def free_port(ip: str, preferred: int = 8888) -> int:
    """``preferred`` or one of the next ten ports when free, else one the OS says is free."""
    for port in (*range(preferred, preferred + 11), 0):
        with socket.socket() as sock:
            try:
                sock.bind((ip, port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free port")


def has_display() -> bool:
    """True where a browser window could open (macOS, Windows, or an X/Wayland session)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main() -> None:
    ip = os.environ.get("COURSE_LAB_IP", "127.0.0.1")
    port = free_port(ip, int(os.environ.get("COURSE_LAB_PORT", "8888")))
    token = os.environ.get("COURSE_LAB_TOKEN") or secrets.token_hex(16)
    command = [
        sys.executable, "-m", "jupyter", "lab",
        f"--ip={ip}", f"--port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}",
        f"--LabApp.default_url=/lab/tree/{START}",
    ]  # fmt: skip
    if not has_display():
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    print(
        f"\n  The course opens at: http://{ip}:{port}/lab/tree/{START}?token={token}\n", flush=True
    )
    os.execv(sys.executable, command)


if __name__ == "__main__":
    main()
