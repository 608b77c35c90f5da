"""The `course` console script: each subcommand run as an instructor runs it (subprocess)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COURSE = shutil.which("course", path=str(Path(sys.executable).parent)) or "course"
SOLUTION = ROOT / "solutions" / "00_practice.ipynb"


def course(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [COURSE, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


def lessons() -> list[dict]:
    found = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]["course"]
        found.append(meta)
    return found


def test_console_script_is_installed() -> None:
    assert Path(COURSE).exists(), "run `uv pip install -e . --no-deps` to create the script"


@pytest.mark.parametrize(
    "command", [[], ["overview"], ["generate"], ["release"], ["grade"], ["export-grades"]]
)
def test_help(command: list[str]) -> None:
    done = course(*command, "--help")
    assert done.returncode == 0, done.stderr
    assert "usage: course" in done.stdout
    if command == ["grade"]:
        for layout in ("<student>/<NN_name>.ipynb", "<student>__<NN_name>.ipynb", "--exercise"):
            assert layout in done.stdout


@pytest.mark.parametrize("shard", ["0/3", "4/3", "x/2", "2"])
def test_a_bad_shard_is_one_line_and_exit_2(tmp_path: Path, shard: str) -> None:
    (tmp_path / "subs").mkdir()
    done = course(
        "grade", str(tmp_path / "subs"), "--output", str(tmp_path / "out"), "--shard", shard
    )
    assert done.returncode == 2 and "--shard wants K/N" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_overview_shows_every_lesson(tmp_path: Path) -> None:
    done = course("overview")
    assert done.returncode == 0, done.stderr
    for meta in lessons():
        assert meta["title"] in done.stdout
        assert str(meta["minutes"]) in done.stdout
    assert "l0.rd_latest (1 pt)" in done.stdout
    row = next(line for line in done.stdout.splitlines() if line.startswith("0  "))
    assert row.split()[-4:-2] == ["4", "5"]  # lesson 0's exercise: 4 tasks, 5 points
    levels = [int(n) for n in row.split()[-1].split("/")]  # remember/understand/apply/analyse
    assert len(levels) == 4 and sum(levels) == int(row.split()[-2]) == 5
    for fmt in ("md", "html"):
        target = tmp_path / f"overview.{fmt}"
        done = course("overview", "--format", fmt, "--output", str(target))
        assert done.returncode == 0, done.stderr
        text = target.read_text(encoding="utf-8")
        for meta in lessons():
            title = meta["title"] if fmt == "md" else meta["title"].replace("'", "&#x27;")
            assert title in text
    assert "<table>" in (tmp_path / "overview.html").read_text(encoding="utf-8")


def test_generate_check_reports_drift(tmp_path: Path) -> None:
    for folder in ("solutions", "exercises"):
        (tmp_path / folder).mkdir()
    shutil.copy(SOLUTION, tmp_path / "solutions")
    done = course("generate", "--root", str(tmp_path))
    assert done.returncode == 0 and "wrote" in done.stdout
    done = course("generate", "--check", "--root", str(tmp_path))
    assert done.returncode == 0 and "in sync" in done.stdout
    exercise = tmp_path / "exercises" / "00_practice.ipynb"
    exercise.write_text(exercise.read_text(encoding="utf-8").replace("Practice 0", "Practise 0"))
    done = course("generate", "--check", "--root", str(tmp_path))
    assert done.returncode == 1
    assert "out of date" in done.stdout and "00_practice.ipynb" in done.stdout


def test_release_has_no_answers(tmp_path: Path) -> None:
    dest = tmp_path / "handout"
    done = course("release", str(dest))
    assert done.returncode == 0, done.stderr
    assert not (dest / "solutions").exists()
    assert {p.name for p in (dest / "exercises").glob("*.ipynb")} == {
        p.name for p in (ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")
    }
    assert (dest / "notebooks" / "00_start_here.ipynb").exists()
    for path in dest.rglob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    done = course("release", "--nbgrader", str(tmp_path / "nbg"), "--assignment", "ps0",
                  "--exercise", "00_practice")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "nbg" / "source" / "ps0" / "00_practice.ipynb").read_bytes() == (
        SOLUTION.read_bytes()
    )
    released = tmp_path / "nbg" / "release" / "ps0" / "00_practice.ipynb"
    assert released.read_bytes() == (ROOT / "exercises" / "00_practice.ipynb").read_bytes()


def test_release_fails_on_a_leak(tmp_path: Path) -> None:
    dest = tmp_path / "handout"
    assert course("release", str(dest), "--no-lessons").returncode == 0
    shutil.copy(SOLUTION, dest / "exercises" / "copied_by_mistake.ipynb")
    from course.instructor.release import scan_leaks

    leaks = scan_leaks([dest], [SOLUTION])
    assert list(leaks) == [str(dest / "exercises" / "copied_by_mistake.ipynb")]


def test_grade_accounts_for_everything_and_exits_zero(tmp_path: Path) -> None:
    subs, out = tmp_path / "in", tmp_path / "out"
    subs.mkdir()
    shutil.copy(SOLUTION, subs / "ann__00_practice.ipynb")
    (subs / "ben__00_practice.ipynb").write_text("{not json")
    shutil.copy(ROOT / "exercises" / "00_practice.ipynb", subs / "cho.ipynb")
    done = course("grade", str(subs), "--output", str(out), "--exercise", "00_practice",
                  "--feedback", "md", "--workers", "2")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        book = {row["student"]: row for row in csv.DictReader(handle)}
    assert (book["ann"]["total"], book["ann"]["status"]) == ("5", "ok")
    assert book["ben"]["status"] == "error" and "not valid JSON" in book["ben"]["reason"]
    assert (book["cho"]["total"], book["cho"]["status"]) == ("0", "ok")
    assert (out / "feedback" / "ann.md").exists() and (out / "summary.md").exists()
    assert "3 submissions" in done.stdout


def test_grade_usage_errors_exit_two_without_traceback(tmp_path: Path) -> None:
    done = course("grade", str(tmp_path / "missing"), "--output", str(tmp_path / "out"))
    assert done.returncode == 2 and "not a folder" in done.stderr
    assert "Traceback" not in done.stderr
    (tmp_path / "in").mkdir()
    done = course("grade", str(tmp_path / "in"), "--output", str(tmp_path / "o"), "--exercise", "x")
    assert done.returncode == 2 and "No exercise 'x'" in done.stderr
    assert course("grade", str(tmp_path / "in")).returncode == 2  # --output is required


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_ctrl_c_keeps_what_was_graded(tmp_path: Path) -> None:
    import signal
    import time

    subs, out = tmp_path / "in", tmp_path / "out"
    for student in ("a", "b", "c", "d"):
        (subs / student).mkdir(parents=True)
        shutil.copy(SOLUTION, subs / student / "00_practice.ipynb")
    proc = subprocess.Popen(
        [COURSE, "grade", str(subs), "--output", str(out), "--workers", "1", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not list(out.glob("results/*/*.json")):
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    saved = list(out.glob("results/*/*.json"))
    if proc.returncode == 0:
        pytest.skip("the run finished before it could be interrupted")
    assert proc.returncode == 130, err
    assert "run the same command to go on" in err and "Traceback" not in err
    assert saved and not list(out.rglob("*.tmp"))
    done = course("grade", str(subs), "--output", str(out), "--quiet")
    assert done.returncode == 0
    assert "4 submissions: 4 graded, 0 could not be graded;" in done.stdout
    assert f"{4 - len(saved)} run now, {len(saved)} unchanged since the last run" in done.stdout


def test_hub_link_is_nbgitpullers_link() -> None:
    """The parameters nbgitpuller's handler reads, each once, the page in the target folder."""
    from urllib.parse import parse_qs, urlsplit

    done = course("hub-link", "https://hub.example.edu/", "--lesson", "3", "--depth", "0",
                  "--repo", "http://127.0.0.1:8123/course.git")  # fmt: skip
    assert done.returncode == 0, done.stderr
    link = urlsplit(done.stdout.strip())
    assert (link.scheme, link.netloc, link.path) == (
        "https",
        "hub.example.edu",
        "/hub/user-redirect/git-pull",
    )
    query = parse_qs(link.query, strict_parsing=True)
    assert query == {
        "repo": ["http://127.0.0.1:8123/course.git"],
        "branch": ["main"],
        "targetpath": ["japan-sti-course"],
        "urlpath": ["lab/tree/japan-sti-course/notebooks/03_society5.ipynb"],
        "depth": ["0"],
    }
    start = course("hub-link", "https://hub.example.edu")
    assert "00_start_here.ipynb" in start.stdout and "depth" not in start.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["hub.example.edu"], "must start with https://"),
        (["https://h", "--lesson", "12"], "No lesson 12"),
        (["https://h", "--targetpath", "../x"], "relative path"),
    ],
)
def test_hub_link_refuses_what_would_not_work(args: list[str], message: str) -> None:
    done = course("hub-link", *args)
    assert done.returncode == 2 and message in done.stderr
