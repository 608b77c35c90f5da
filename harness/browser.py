"""Drive a real JupyterLab in headless Chromium: the server, the browser and page helpers.

The conftest starts one :class:`Lab` per pytest session (:func:`start_lab`) and one
Chromium (:func:`launch_browser`); the lesson tests reuse the page helpers below
(:func:`open_notebook`, :func:`run_all`, :func:`cell_errors`, :func:`run_axe`, ...).
Facts behind the choices (flags, settings, selectors) are in the project's
browser-testing notes.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Playwright

REPO = Path(__file__).resolve().parents[1]
SERVED_FOLDERS = ("notebooks", "exercises", "solutions")
"""Folders of the repo copied into the server's root (never served in place)."""

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Keep Chromium quiet on a closed network (and runnable as root)."""

NO_CHROMIUM = "install Debian's chromium (apt-get install chromium) to run the browser tests"

USER_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}
"""User settings written before start: ``<extension>/<plugin>`` -> settings."""

AXE_CACHE = Path(
    os.environ.get("COURSE_AXE_DIR", Path.home() / ".cache" / "course-axe")
).expanduser()
"""Where axe-core is installed from npm (outside the repo)."""


# --------------------------------------------------------------------------- server


@dataclass
class Lab:
    """A running JupyterLab server serving a temporary copy of the course."""

    base_url: str
    token: str
    root: Path
    process: subprocess.Popen[bytes]
    log_path: Path
    start_seconds: float
    env: dict[str, str] = field(repr=False, default_factory=dict)

    def url(self, path: str = "lab") -> str:
        """Absolute URL of ``path`` (no leading slash needed) with the token appended."""
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{sep}token={self.token}"

    def api(self, method: str, path: str, body: Any = None, timeout: float = 10) -> Any:
        """Call the server's REST API (``path`` like ``"api/kernels"``); return decoded JSON."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url(path), data=data, method=method)
        request.add_header("Authorization", f"token {self.token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def add_file(self, source: Path | str, relpath: str) -> str:
        """Copy ``source`` into the served root at ``relpath``; return ``relpath``."""
        target = self.root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return relpath

    def shutdown_kernels(self) -> None:
        """Delete every session and kernel, so the next test starts from a clean server."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")
        for kernel in self.api("GET", "api/kernels"):
            self.api("DELETE", f"api/kernels/{kernel['id']}")

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the server's log."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (bind to port 0 and ask what we got)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_settings(settings_dir: Path) -> None:
    for name, values in USER_SETTINGS.items():
        extension, plugin = name.rsplit("/", 1)
        path = settings_dir / extension / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2))


def start_lab(tmp: Path, repo: Path = REPO, timeout: float = 90) -> Lab:
    """Start ``jupyter lab`` on a free port serving a copy of the course folders under ``tmp``.

    Config, runtime, IPython, matplotlib, settings, workspaces and the course's progress
    file all live under ``tmp``; ``JUPYTER_DATA_DIR`` is left alone so the venv's
    kernelspec and lab extensions (ipywidgets, anywidget) are found. Raises
    ``RuntimeError`` with the log tail when the server does not answer within ``timeout``.
    """
    root = tmp / "root"
    for folder in SERVED_FOLDERS:
        source = repo / folder
        if source.is_dir():
            shutil.copytree(source, root / folder, ignore=shutil.ignore_patterns(".*"))
        else:
            (root / folder).mkdir(parents=True)
    dirs = {
        name: tmp / name
        for name in ("config", "runtime", "ipython", "mpl", "settings", "workspaces")
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    _write_settings(dirs["settings"])

    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        IPYTHONDIR=str(dirs["ipython"]),
        MPLCONFIGDIR=str(dirs["mpl"]),
        COURSE_PROGRESS_FILE=str(tmp / "progress.json"),
        PYTHONUNBUFFERED="1",
    )
    env.pop("JUPYTER_TOKEN", None)
    port = free_port()
    token = secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        f"--LabApp.user_settings_dir={dirs['settings']}",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=None",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = tmp / "server.log"
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    lab = Lab(
        base_url=f"http://127.0.0.1:{port}",
        token=token,
        root=root,
        process=process,
        log_path=log_path,
        start_seconds=0.0,
        env=env,
    )
    deadline = started + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"jupyter lab exited with code {process.returncode} before answering.\n"
                f"--- server log ({log_path}) ---\n{lab.log_tail()}"
            )
        try:
            lab.api("GET", "api/status", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.monotonic() > deadline:
            stop_lab(lab)
            raise RuntimeError(
                f"jupyter lab did not answer /api/status within {timeout:.0f} s.\n"
                f"--- server log ({log_path}) ---\n{lab.log_tail()}"
            )
        time.sleep(0.1)
    lab.start_seconds = time.monotonic() - started
    return lab


def stop_lab(lab: Lab, timeout: float = 10) -> None:
    """Shut the server down: ``POST /api/shutdown``, then terminate, then kill."""
    if lab.process.poll() is None:
        with contextlib.suppress(OSError):  # URLError, timeouts and resets are OSErrors
            lab.api("POST", "api/shutdown", timeout=5)
    try:
        lab.process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        lab.process.terminate()
        try:
            lab.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            lab.process.kill()
            lab.process.wait()


# --------------------------------------------------------------------------- browser


def find_chromium() -> str | None:
    """Path of Debian's chromium (``$CHROMIUM``, PATH, or /usr/bin/chromium), else None."""
    for candidate in (
        os.environ.get("CHROMIUM"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def launch_browser(playwright: Playwright, executable: str) -> Browser:
    """Launch headless Chromium from ``executable`` with the quiet flags."""
    return playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_FLAGS
    )


# --------------------------------------------------------------------------- page helpers

_CURRENT_PANEL_JS = """
() => {
  const app = window.jupyterapp;
  if (!app) return null;
  const current = app.shell.currentWidget;
  if (current && current.content && current.sessionContext) return current;
  for (const w of app.shell.widgets('main')) {
    if (w.content && w.sessionContext && w.isVisible) return w;
  }
  return null;
}
"""

_KERNEL_IDLE_JS = f"""
() => {{
  const panel = ({_CURRENT_PANEL_JS})();
  if (!panel || !panel.sessionContext.isReady) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}}
"""

_RUN_DONE_JS = f"""
() => {{
  if (!({_KERNEL_IDLE_JS})()) return false;
  const panel = ({_CURRENT_PANEL_JS})();
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  const prompt = c => (c.node.querySelector('.jp-InputPrompt') || {{}}).textContent || '';
  if (cells.some(c => prompt(c).includes('*'))) return false;
  const failed = cells.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
  const pending = cells.filter(
    c => c.model.sharedModel.getSource().trim() !== '' && !/\\[\\d+\\]/.test(prompt(c))
  );
  return failed || pending.length === 0;
}}
"""


def open_notebook(page: Page, lab: Lab, relpath: str, timeout: float = 60_000) -> float:
    """Open ``relpath`` (relative to the served root) in a fresh workspace; wait for kernel idle.

    Returns the seconds from navigation to "cells rendered" (kernel idle comes after).
    A fresh workspace per call keeps earlier tests' open tabs from being restored.
    """
    workspace = f"t{uuid.uuid4().hex[:12]}"
    started = time.monotonic()
    page.goto(lab.url(f"lab/workspaces/{workspace}/tree/{relpath}"))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout)
    rendered = time.monotonic() - started
    page.wait_for_function(_KERNEL_IDLE_JS, timeout=timeout, polling=100)
    return rendered


def wait_kernel_idle(page: Page, timeout: float = 60_000) -> None:
    """Wait until the current notebook's kernel is connected and idle."""
    page.wait_for_function(_KERNEL_IDLE_JS, timeout=timeout, polling=100)


def run_all(page: Page, timeout: float = 180_000, clear_first: bool = True) -> float:
    """Run every cell of the current notebook; return the seconds it took.

    Clears outputs first (so stored execution counts cannot pass for fresh ones), runs
    ``notebook:run-all-cells`` and waits until the kernel is idle and every non-empty
    code cell's prompt reads ``[n]:`` -- or a cell failed (Run All stops there; read
    :func:`cell_errors`).
    """
    wait_kernel_idle(page, timeout=timeout)
    if clear_first:
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    started = time.monotonic()
    page.evaluate("() => { void window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(_RUN_DONE_JS, timeout=timeout, polling=100)
    return time.monotonic() - started


def cell_errors(page: Page, include_stderr: bool = True) -> list[str]:
    """Text of every error shown in the notebook's outputs.

    JupyterLab 4 renders an exception (``output_type: error``) as an output with
    ``data-mime-type="application/vnd.jupyter.stderr"`` holding the traceback -- the same
    mime type as text printed to stderr (warnings). Tracebacks are always returned;
    other stderr text only when ``include_stderr``.
    """
    errors: list[str] = page.evaluate(
        f"""
        (includeStderr) => {{
          const panel = ({_CURRENT_PANEL_JS})();
          const found = [];
          if (panel) {{
            for (const cell of panel.content.widgets) {{
              if (cell.model.type !== 'code') continue;
              for (const o of cell.model.outputs.toJSON()) {{
                if (o.output_type === 'error') {{
                  found.push((o.traceback || []).join('\\n') || `${{o.ename}}: ${{o.evalue}}`);
                }} else if (includeStderr && o.output_type === 'stream' && o.name === 'stderr') {{
                  found.push(Array.isArray(o.text) ? o.text.join('') : o.text);
                }}
              }}
            }}
          }}
          // Whatever the model says, also trust what is on screen.
          const sel = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]';
          const shown = Array.from(document.querySelectorAll(sel), n => n.innerText.trim());
          return found.length ? found : (includeStderr ? shown : []);
        }}
        """,
        include_stderr,
    )
    return [_strip_ansi(text) for text in errors]


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text).strip()


def screenshot(page: Page, path: Path | str, full_page: bool = True) -> Path:
    """Save a screenshot of the page (the whole notebook by default); return its path.

    JupyterLab scrolls inside the notebook, not the document, so a plain full-page
    shot would only show the viewport: the notebook is temporarily let grow to its
    full height instead.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not full_page:
        page.screenshot(path=str(path))
        return path
    extra = page.evaluate(
        """() => {
          const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
          const outer = panel && panel.querySelector('.jp-WindowedPanel-outer');
          const cells = panel ? panel.querySelectorAll('.jp-Cell') : [];
          if (!outer || !cells.length) return 0;
          const last = cells[cells.length - 1].getBoundingClientRect().bottom;
          return last + outer.scrollTop - outer.getBoundingClientRect().bottom + 40;
        }"""
    )
    viewport = page.viewport_size or {"width": 1280, "height": 720}
    tall = min(viewport["height"] + max(int(extra), 0), 16_000)
    page.set_viewport_size({"width": viewport["width"], "height": tall})
    try:
        page.wait_for_timeout(300)  # let Lumino lay out the taller window
        page.evaluate(
            """() => document.querySelectorAll('.jp-WindowedPanel-outer')
                 .forEach(outer => { outer.scrollTop = 0; })"""
        )
        page.wait_for_timeout(100)
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(viewport)
    return path


# --------------------------------------------------------------------------- accessibility


def axe_script() -> Path | None:
    """Path of ``axe.min.js``, installing axe-core@4 from npm into :data:`AXE_CACHE` if needed.

    Returns None when it is not there and npm is missing or the install fails.
    """
    script = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if script.is_file():
        return script
    npm = shutil.which("npm")
    if npm is None:
        return None
    AXE_CACHE.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [npm, "install", "--prefix", str(AXE_CACHE), "--no-audit", "--no-fund", "axe-core@4"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0 or not script.is_file():
        return None
    return script


def run_axe(
    page: Page, include_selector: str = ".jp-OutputArea", options: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Inject axe-core and return its violations inside ``include_selector``.

    Each violation is axe's dict (``id``, ``impact``, ``help``, ``nodes`` ...). Raises
    ``RuntimeError`` when axe-core cannot be had (the ``axe`` fixture skips instead).
    """
    script = axe_script()
    if script is None:
        raise RuntimeError("axe-core is not available: install npm to run the accessibility checks")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    result: dict[str, Any] = page.evaluate(
        "([sel, opts]) => window.axe.run({include: [[sel]]}, opts)",
        [include_selector, options or {}],
    )
    return list(result["violations"])


# ---------------------------------------------------------------- course widgets
# Shared by every lesson's browser test: answer quiz questions, drive explorers, run
# exercise cells. Each waits for the page to show the consequence and returns its text.


def _changed_text(locator: Locator, before: str, timeout: float = 15_000) -> str:
    """Wait until ``locator``'s text differs from ``before`` (and is not empty); return it."""
    deadline = time.monotonic() + timeout / 1000
    while time.monotonic() < deadline:
        text = locator.inner_text().strip()
        if text and text != before:
            return text
        time.sleep(0.05)
    raise AssertionError(f"text did not change from {before!r}")


def quiz_question(page: Page, qid: str) -> Locator:
    """The rendered question with stable id ``qid`` (``.course-q[data-qid=…]``)."""
    question = page.locator(f'.course-q[data-qid="{qid}"]')
    question.scroll_into_view_if_needed()
    return question


def answer_quiz(page: Page, qid: str, answer: object) -> str:
    """Give ``answer`` to question ``qid``, press Check, return the feedback text.

    ``answer`` by type: single, the choice's visible text; multiple, a list of texts;
    numeric or text, the string to type; ordering, the item texts in the wanted order;
    matching, a dict of term text → meaning text.
    """
    question = quiz_question(page, qid)
    kind = question.get_attribute("data-type")
    if kind in ("single", "multiple"):
        wanted = [answer] if isinstance(answer, str) else list(answer)  # type: ignore[arg-type]
        for option in question.locator("label.course-option").all():
            should = any(text in option.inner_text() for text in wanted)
            if should or kind == "multiple":
                option.locator("input").set_checked(should)
    elif kind in ("numeric", "text"):
        question.locator(".course-input").fill(str(answer))
    elif kind == "ordering":
        for position, text in enumerate(answer):  # type: ignore[arg-type]
            while True:
                rows = question.locator(".course-order-item")
                texts = [rows.nth(i).inner_text() for i in range(rows.count())]
                now = next(i for i, t in enumerate(texts) if text in t)
                if now == position:
                    break
                rows.nth(now).locator(".course-up").click()
    elif kind == "matching":
        for term, meaning in dict(answer).items():  # type: ignore[call-overload]
            row = question.locator(".course-match-row", has_text=term)
            row.locator("select").select_option(label=meaning)
    feedback = question.locator(".course-feedback")
    before = feedback.inner_text().strip()
    question.locator(".course-check").click()
    return _changed_text(feedback, before)


def quiz_score(page: Page) -> str:
    """The quiz's score line, e.g. "2 of 5 correct so far (3 answered)."."""
    return page.locator(".course-score").first.inner_text().strip()


def explorer(page: Page, index: int = 0) -> Locator:
    """The ``index``-th explorer widget on the page."""
    root = page.locator(".course-explorer-root").nth(index)
    root.scroll_into_view_if_needed()
    return root


def _explorer_change(root: Locator, act: Callable[[], None]) -> str:
    """Do ``act`` and return the finding once the widget has finished every update it caused.

    The widget counts finished updates in ``data-rendered``; the count must move and then
    stay put (one key press per update, so several presses settle on the last).
    """
    finding = root.locator(".course-explorer-finding")
    before = root.get_attribute("data-rendered")
    act()
    deadline, changed_at, last = time.monotonic() + 30, None, before
    while time.monotonic() < deadline:
        now = root.get_attribute("data-rendered")
        if now != last:
            changed_at, last = time.monotonic(), now
        elif changed_at and time.monotonic() - changed_at > 0.8:
            return finding.inner_text().strip()
        time.sleep(0.05)
    raise AssertionError("the explorer did not respond")


def explorer_select(root: Locator, label: str, option: str) -> str:
    """Choose ``option`` (its visible text) in the select labelled ``label``; return the finding."""
    return _explorer_change(root, lambda: root.get_by_label(label).select_option(label=option))


def explorer_check(root: Locator, label: str, checked: bool) -> str:
    """Tick or untick the check box labelled ``label``; return the finding."""
    box = root.get_by_label(label, exact=True)
    return _explorer_change(root, lambda: box.set_checked(checked))


def explorer_range(root: Locator, label: str, steps: int) -> str:
    """Move the slider labelled ``label`` by ``steps`` arrow-key presses; return the finding."""
    slider = root.get_by_label(label)

    def press() -> None:
        slider.focus()
        for _ in range(abs(steps)):
            slider.press("ArrowRight" if steps > 0 else "ArrowLeft")

    return _explorer_change(root, press)


def set_cell_and_run(page: Page, contains: str, source: str, timeout: float = 30_000) -> str:
    """Replace the source of the first code cell containing ``contains`` and run it.

    Returns the text of the cell's outputs once the kernel is idle again.
    """
    cells = page.locator(".jp-CodeCell")
    texts = cells.locator(".jp-InputArea").all_inner_texts()
    index = next((i for i, text in enumerate(texts) if contains in text), None)
    if index is None:
        raise AssertionError(f"no code cell contains {contains!r}")
    cell = cells.nth(index)  # by position: the locator must survive the new source
    cell.scroll_into_view_if_needed()
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(source)
    page.keyboard.press("Shift+Enter")
    page.wait_for_timeout(300)
    wait_kernel_idle(page, timeout)
    return cell.locator(".jp-OutputArea").inner_text().strip()


def write_markdown_cell(page: Page, pattern: str, text: str) -> None:
    """Replace the text of the rendered Markdown cell whose whole text matches the regular
    expression ``pattern``, render it and save the notebook, as a learner does
    (double-click, type, Shift+Enter, Ctrl+S)."""
    cells = page.locator(".jp-MarkdownCell")
    texts = [t.strip() for t in cells.all_inner_texts()]
    index = next((i for i, t in enumerate(texts) if re.fullmatch(pattern, t, re.S)), None)
    if index is None:
        raise AssertionError(f"no Markdown cell's text matches {pattern!r}")
    cell = cells.nth(index)
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-RenderedMarkdown").dblclick()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Control+s")
    page.wait_for_function(
        "() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')",
        timeout=15_000,
    )


def finding_becomes(root: Locator, expected: str, timeout: float = 30) -> str:
    """Wait until the explorer's finding reads exactly ``expected``; return it.

    For a change that takes several updates (several key presses, a late image), when the
    test knows from the data what the final sentence must be.
    """
    finding = root.locator(".course-explorer-finding")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = finding.inner_text().strip()
        if text == expected:
            return text
        time.sleep(0.05)
    raise AssertionError(f"finding stayed {finding.inner_text()!r}, expected {expected!r}")


def open_and_run(page: Page, lab: Lab, path: str) -> Page:
    """Open the notebook at ``path``, run all its cells, and fail listing every cell's error
    if any cell raised: how each lesson's browser test begins."""
    open_notebook(page, lab, path)
    run_all(page)
    errors = cell_errors(page, include_stderr=False)
    assert not errors, "cells showed errors:\n\n" + "\n\n".join(errors)
    return page
