"""A real JupyterHub on 127.0.0.1, for tests/hub/test_hub.py and bench/hub.py.

- the hub: JupyterHub from the hub venv (``$COURSE_HUB_VENV``, default ``.venv-hub``; make
  test-hub builds it from requirements/hub.txt) behind configurable-http-proxy (``.hub-node``,
  from npm), DummyAuthenticator, SimpleLocalProcessSpawner with a home per student under a
  temporary folder; each student's server is that venv's ``jupyterhub-singleuser`` (the venv
  also holds the course, installed from this checkout with the lock, and nbgitpuller);
- a git server: a bare clone of this repository over smart HTTP (git_http.py);
- students: each opens the link ``course hub-link`` prints, as a browser would (the hub's
  redirects, then the nbgitpuller page's own request that pulls), and runs code in a kernel
  through the jupyter_server REST API and the kernel's websocket.

Every process is started here and stopped by :meth:`Hub.stop`, which reports what outlived it.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psutil
import requests
import websocket

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(os.environ.get("COURSE_HUB_VENV") or ROOT / ".venv-hub")
CHP = ROOT / ".hub-node" / "node_modules" / ".bin" / "configurable-http-proxy"
COURSE = Path(sys.executable).parent / "course"  # the instructor's own course command
FOLDER = "japan-sti-course"  # where the link clones the course in each home
LESSON0 = f"{FOLDER}/notebooks/00_start_here.ipynb"
EXERCISE = f"{FOLDER}/exercises/00_practice.ipynb"
RIGHT = 'latest = data.latest("rd_expenditure_pct_gdp", "Japan")'
WRONG = 'latest = data.latest("rd_expenditure_pct_gdp", "Korea")'

CONFIG = """\
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = ["{chp}"]
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{folder}/homes/{{username}}"
c.Spawner.cmd = ["{venv}/bin/jupyterhub-singleuser"]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 240
c.Spawner.http_timeout = 240
c.JupyterHub.services = [{{"name": "instructor", "api_token": "{token}"}}]
c.JupyterHub.load_roles = [{{
    "name": "instructor",
    "scopes": ["admin:users", "admin:servers", "admin:server_state", "tokens", "list:users"],
    "services": ["instructor"],
}}]
"""


def terminate(proc: subprocess.Popen, patience: float = 60) -> None:
    """SIGTERM, then SIGKILL if ``proc`` has not ended within ``patience`` seconds."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(patience)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def missing() -> str:
    """Why a hub cannot start here ('' when it can)."""
    if not (VENV / "bin" / "jupyterhub").exists():
        return f"no JupyterHub in {VENV} (make test-hub builds it)"
    if not CHP.exists():
        return f"no configurable-http-proxy at {CHP} (make test-hub installs it with npm)"
    return ""


def pss_mib(pid: int) -> float:
    """The proportional set size of one process, from /proc/<pid>/smaps_rollup."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Hub:
    """JupyterHub, its proxy and a git server; ``with Hub(folder) as hub:`` stops them all."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.homes = folder / "homes"
        self.port, self.hub_port, self.api_port, self.git_port = (free_port() for _ in range(4))
        self.url = f"http://127.0.0.1:{self.port}"
        self.repo = f"http://127.0.0.1:{self.git_port}/course.git"
        self.token = secrets.token_hex(32)
        self.procs: list[subprocess.Popen] = []
        self.seen: dict[int, psutil.Process] = {}  # every process started, by pid
        self.log = folder / "jupyterhub.log"

    def __enter__(self) -> Hub:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def popen(self, cmd: list[str], **kwargs) -> subprocess.Popen:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, start_new_session=True, **kwargs)
        self.procs.append(proc)
        self.watch()
        return proc

    def start(self, timeout: float = 90) -> None:
        git = self.folder / "git"
        subprocess.run(
            ["git", "clone", "--quiet", "--bare", str(ROOT), str(git / "course.git")],
            check=True, timeout=120,
        )  # fmt: skip
        self.popen([sys.executable, str(Path(__file__).with_name("git_http.py")), str(git),
                    str(self.git_port)])  # fmt: skip
        args = ["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []
        config = self.folder / "jupyterhub_config.py"
        config.write_text(
            CONFIG.format(port=self.port, hub_port=self.hub_port, api_port=self.api_port,
                          folder=self.folder, chp=CHP, venv=VENV, args=args, token=self.token),
            encoding="utf-8",
        )  # fmt: skip
        env = {**os.environ, "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32)}
        with self.log.open("wb") as log:
            self.popen([str(VENV / "bin" / "jupyterhub"), "-f", str(config)], cwd=self.folder,
                       stdout=log, stderr=subprocess.STDOUT, env=env)  # fmt: skip
        end = time.monotonic() + timeout
        while not (self.up() and listening(self.git_port)):
            if time.monotonic() > end or any(p.poll() is not None for p in self.procs):
                raise RuntimeError(f"the hub did not start:\n{self.tail()}")
            time.sleep(0.2)
        self.watch()

    def up(self) -> bool:
        try:
            return requests.get(f"{self.url}/hub/api/", timeout=5).ok
        except requests.ConnectionError:
            return False

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        response = requests.request(
            method, f"{self.url}/hub/api{path}", timeout=60,
            headers={"Authorization": f"token {self.token}"}, **kwargs,
        )  # fmt: skip
        response.raise_for_status()
        return response

    def add(self, names: list[str]) -> dict[str, str]:
        """Create the students; a token each (what their browser's login would give)."""
        self.api("POST", "/users", json={"usernames": names})
        return {
            name: self.api("POST", f"/users/{name}/tokens", json={"note": "hub test"}).json()[
                "token"
            ]
            for name in names
        }

    def spawn(self, name: str, timeout: float = 240) -> float:
        """Start a student's server, as the hub's spawn page does; seconds until it is ready."""
        start = time.perf_counter()
        self.api("POST", f"/users/{name}/server")
        while True:
            server = self.api("GET", f"/users/{name}").json()["servers"].get("", {})
            if server.get("ready"):
                self.watch()
                return time.perf_counter() - start
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{name}'s server did not start in {timeout:.0f} s")
            time.sleep(0.25)

    def server_pid(self, name: str) -> int:
        return self.api("GET", f"/users/{name}").json()["servers"][""]["state"]["pid"]

    def link(self, lesson: int = 0) -> str:
        """The link the instructor gives students, exactly as ``course hub-link`` prints it."""
        done = subprocess.run(
            [str(COURSE), "hub-link", self.url, "--repo", self.repo, "--lesson", str(lesson)],
            capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        return done.stdout.strip()

    def watch(self) -> None:
        """Remember every process started so far (children of children included)."""
        for proc in self.procs:
            try:
                top = psutil.Process(proc.pid)
                for p in [top, *top.children(recursive=True)]:
                    self.seen.setdefault(p.pid, p)
            except psutil.NoSuchProcess:
                pass

    def stop(self) -> list[str]:
        """Stop the hub (which stops the servers, their kernels and the proxy), then the git
        server; kill whatever outlived that and return its description."""
        self.watch()
        for proc in reversed(self.procs):  # the hub first, the git server last
            if proc.poll() is None:
                terminate(proc)
        left = []
        for p in self.seen.values():
            try:
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    left.append(f"{p.pid} {' '.join(p.cmdline())[:120]}")
                    p.kill()
            except psutil.NoSuchProcess:
                pass
        return left

    def ports(self) -> list[int]:
        return [self.port, self.hub_port, self.api_port, self.git_port]


class KernelError(AssertionError):
    pass


class Kernel:
    """A kernel of a student's server, driven through its websocket (Jupyter protocol 5.3)."""

    def __init__(self, url: str, token: str) -> None:
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(
            f"{url}/channels?session_id={self.session}",
            header=[f"Authorization: token {token}"], timeout=120,
        )  # fmt: skip

    def run(self, code: str) -> list[dict]:
        """Execute ``code``; its outputs (the iopub messages' contents). Raises on an error."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": "execute_request", "session": self.session,
                  "username": "student", "version": "5.3", "date": ""}  # fmt: skip
        content = {"code": code, "silent": False, "store_history": True,
                   "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}  # fmt: skip
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content,
                   "channel": "shell", "buffers": []}  # fmt: skip
        self.ws.send(json.dumps(message))
        outputs = []
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "error":
                raise KernelError(f"{msg['content']['ename']}: {msg['content']['evalue']}")
            if kind in ("stream", "display_data", "execute_result"):
                outputs.append(msg["content"])
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                return outputs

    def close(self) -> None:
        self.ws.close()


class Student:
    """One student's browser: their token, their server's REST API and kernels."""

    def __init__(self, hub: Hub, name: str, token: str) -> None:
        self.name, self.token = name, token
        self.home = hub.homes / name
        self.base = f"{hub.url}/user/{name}/"
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {token}"

    def log_in(self, hub: Hub) -> None:
        """Log in on the hub's login page (DummyAuthenticator takes any password), as the
        student's browser does: its pages go by the login cookie, not by API tokens."""
        self.browser = requests.Session()
        self.browser.get(f"{hub.url}/hub/login", timeout=60).raise_for_status()
        form = {"username": self.name, "password": "any", "_xsrf": self.browser.cookies["_xsrf"]}
        self.browser.post(f"{hub.url}/hub/login", data=form, timeout=60).raise_for_status()

    def open_link(self, link: str) -> str:
        """Follow the hub link in the browser (the hub's redirects and the server's OAuth
        with the hub) to nbgitpuller's page, make the request its script makes (the pull,
        streamed), then open the page it goes to; returns that page's path."""
        page = self.browser.get(link, timeout=120)
        page.raise_for_status()
        assert urlsplit(page.url).path == f"/user/{self.name}/git-pull", page.url
        events = []
        pull = page.url.replace("/git-pull?", "/git-pull/api?", 1)
        with self.browser.get(pull, stream=True, timeout=180) as stream:
            for line in stream.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    events.append(json.loads(line[5:]))
        if not events or events[-1].get("phase") != "finished":
            raise AssertionError(f"{self.name}: nbgitpuller did not finish: {events[-3:]}")
        urlpath = parse_qs(urlsplit(page.url).query)["urlpath"][0]
        self.browser.get(self.base + urlpath, timeout=60).raise_for_status()
        return urlpath

    def notebook(self, path: str) -> dict:
        response = self.http.get(f"{self.base}api/contents/{path}", timeout=60)
        response.raise_for_status()
        return response.json()["content"]

    def save(self, path: str, nb: dict) -> None:
        body = {"type": "notebook", "format": "json", "content": nb}
        self.http.put(f"{self.base}api/contents/{path}", json=body, timeout=60).raise_for_status()

    def kernel(self, path: str) -> Kernel:
        """A kernel for the notebook at ``path`` (a session, as JupyterLab opens one)."""
        body = {"path": path, "name": Path(path).name, "type": "notebook",
                "kernel": {"name": "python3"}}  # fmt: skip
        response = self.http.post(f"{self.base}api/sessions", json=body, timeout=120)
        response.raise_for_status()
        kernel_id = response.json()["kernel"]["id"]
        url = f"{self.base.replace('http://', 'ws://')}api/kernels/{kernel_id}"
        return Kernel(url, self.token)

    def lesson_zero(self) -> float:
        """Run lesson 0's code cells in order; seconds taken (kernel start included)."""
        start = time.perf_counter()
        cells = [c for c in self.notebook(LESSON0)["cells"] if c["cell_type"] == "code"]
        kernel = self.kernel(LESSON0)
        try:
            for cell in cells:
                kernel.run(cell["source"])
        finally:
            kernel.close()
        return time.perf_counter() - start

    def exercise(self, right: bool) -> list[dict]:
        """Answer the first task of lesson 0's exercise, run its check, save the notebook."""
        nb = self.notebook(EXERCISE)
        by_id = {cell.get("id"): cell for cell in nb["cells"]}
        by_id["rd-latest-answer"]["source"] = RIGHT if right else WRONG
        kernel = self.kernel(EXERCISE)
        try:
            code = [c for c in nb["cells"] if c["cell_type"] == "code"]
            kernel.run(code[0]["source"])  # the imports
            kernel.run(by_id["rd-latest-answer"]["source"])
            outputs = kernel.run("l0.rd_latest.check(latest)")
        finally:
            kernel.close()
        self.save(EXERCISE, nb)
        return outputs

    def kernel_pids(self, server_pid: int) -> list[int]:
        try:
            return [p.pid for p in psutil.Process(server_pid).children(recursive=True)]
        except psutil.NoSuchProcess:
            return []


def collect(homes: Path, names: list[str], dest: Path) -> Path:
    """The instructor collects ``exercises/00_practice.ipynb`` from each home into
    ``dest/<student>/00_practice.ipynb`` (the layout ``course grade`` reads)."""
    for name in names:
        target = dest / name / "00_practice.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(homes / name / EXERCISE, target)
    return dest
