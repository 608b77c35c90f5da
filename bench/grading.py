"""Benchmark: grading throughput of ``course grade`` against nbgrader's ``autograde``.

    .venv/bin/python bench/grading.py                 # 50 submissions, ours x3, nbgrader x1
    .venv/bin/python bench/grading.py --runs 1 --no-nbgrader

Builds 50 submissions of lesson 0's exercise (right, wrong and unanswered, like a class),
grades them with 1 and with 2 workers (whole runs, kernel start-up included, no cache), then
with nbgrader's ``autograde`` on the same notebooks if a Python with nbgrader is found
(``$COURSE_NBGRADER_PYTHON``, this one, or ``/tmp/nbgrader-venv/bin/python``); nbgrader's
kernel runs this Python so that both import the same course. Prints medians of the runs, the
scores each grader gave (they should agree), ``course overview``'s time, and the load average
(the machine may be shared: read the figures with it).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "solutions" / "00_practice.ipynb"
EXERCISE = ROOT / "exercises" / "00_practice.ipynb"
WRONG = 'latest = data.latest("rd_expenditure_pct_gdp", "Korea")'


def build_class(folder: Path, n: int) -> dict[str, int]:
    """``n`` submissions in nbgrader's layout ``<student>/ps0/00_practice.ipynb``; the points
    each one deserves."""
    deserve = {}
    for i in range(n):
        student = f"s{i:03d}"
        kind = i % 5
        if kind == 4:
            nb, points = nbformat.read(EXERCISE, as_version=4), 0
        else:
            nb, points = nbformat.read(SOLUTION, as_version=4), 5
            for cell in nb.cells:  # nbgrader's students have no hidden tests either
                cell.source = "\n".join(
                    line
                    for line in _strip_hidden(cell.source)
                    if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line
                )
            if kind == 3:
                answer = next(c for c in nb.cells if c.get("id") == "rd-latest-answer")
                answer.source, points = WRONG, 4
        nb.cells[0].source += f"\n\n<!-- {student} -->"
        target = folder / student / "ps0" / "00_practice.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)
        deserve[student] = points
    return deserve


def _strip_hidden(source: str) -> list[str]:
    lines, hidden = [], False
    for line in source.splitlines():
        if "BEGIN HIDDEN TESTS" in line:
            hidden = True
        elif "END HIDDEN TESTS" in line:
            hidden = False
        elif not hidden:
            lines.append(line)
    return lines


def ours(submissions: Path, workers: int, work: Path) -> tuple[float, dict[str, float]]:
    """Seconds for one uncached ``grade`` run, and the totals it gave."""
    from course.instructor.grade import grade

    out = Path(tempfile.mkdtemp(dir=work, prefix="ours-"))
    start = time.perf_counter()
    report = grade(submissions=submissions, output=out, workers=workers, quiet=True)
    seconds = time.perf_counter() - start
    return seconds, {r.student: r.total for r in report.results}


def nbgrader_python() -> str | None:
    """A Python with nbgrader, or None."""
    candidates = [os.environ.get("COURSE_NBGRADER_PYTHON", ""), sys.executable]
    candidates.append("/tmp/nbgrader-venv/bin/python")
    for python in filter(None, candidates):
        if Path(python).exists():
            probe = subprocess.run([python, "-c", "import nbgrader"], capture_output=True)
            if probe.returncode == 0:
                return python
    return None


def nbgrader(python: str, submissions: Path, work: Path) -> tuple[float, dict[str, float]]:
    """Seconds for ``nbgrader autograde`` of every submission, and its scores."""
    course = work / "nbgrader-course"
    (course / "source" / "ps0").mkdir(parents=True)
    shutil.copy(SOLUTION, course / "source" / "ps0")
    (course / "nbgrader_config.py").write_text(
        'c = get_config()\nc.CourseDirectory.course_id = "bench"\n'
        'c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\\n..."}\n'
    )
    shutil.copytree(submissions, course / "submitted")
    kernels = work / "jupyter" / "kernels" / "python3"  # nbgrader's kernel: this Python
    kernels.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3",
        "language": "python",
    }
    (kernels / "kernel.json").write_text(json.dumps(spec))
    env = {**os.environ, "JUPYTER_PATH": str(work / "jupyter")}
    env["PATH"] = f"{Path(python).parent}{os.pathsep}{env.get('PATH', '')}"  # nbgrader runs alembic
    env["COURSE_PROGRESS_FILE"] = str(work / "progress.json")
    tool = [python, "-m", "nbgrader"]

    def run(*args: str) -> None:
        done = subprocess.run([*tool, *args], cwd=course, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"nbgrader {args[0]} failed:\n{done.stderr[-3000:]}")

    run("generate_assignment", "ps0", "--force")
    start = time.perf_counter()
    run("autograde", "ps0", "--create", "--force")
    seconds = time.perf_counter() - start
    run("export", "--to", str(work / "grades.csv"))
    with open(work / "grades.csv", newline="") as handle:
        scores = {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(handle)}
    return seconds, scores


def overview_seconds(runs: int) -> float:
    """Median wall time of ``course overview`` in a fresh process."""
    script = Path(sys.executable).parent / "course"
    command = (
        [str(script), "overview"]
        if script.exists()
        else [sys.executable, "-m", "course.cli", "overview"]
    )

    def once() -> float:
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        return time.perf_counter() - start

    return statistics.median(once() for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="submissions (50)")
    parser.add_argument("--runs", type=int, default=3, help="runs of ours per setting (3)")
    parser.add_argument("--no-nbgrader", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()
    print(
        f"{os.cpu_count()} cores; load average at start {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        work = Path(tmp)
        submissions = work / "submitted"
        deserve = build_class(submissions, args.n)
        rows = []
        for workers in (1, 2):
            times, totals = [], {}
            for _ in range(args.runs):
                seconds, totals = ours(submissions, workers, work)
                times.append(seconds)
            agree = sum(totals.get(s) == p for s, p in deserve.items())
            rows.append((f"course grade, {workers} worker{'s' * (workers > 1)}", times, agree))
        python = None if args.no_nbgrader else nbgrader_python()
        if python:
            seconds, scores = nbgrader(python, submissions, work)
            agree = sum(scores.get(s) == p for s, p in deserve.items())
            rows.append(("nbgrader autograde (1 kernel at a time)", [seconds], agree))
        else:
            print("nbgrader: not found (set COURSE_NBGRADER_PYTHON); skipped")
    print(f"\n{args.n} submissions of lesson 0's exercise (medians; runs in brackets):")
    for name, times, agree in rows:
        median = statistics.median(times)
        print(
            f"  {name:42s} {median:7.1f} s  {args.n / median * 60:6.1f} per minute  "
            f"[{len(times)}]  scores as deserved: {agree}/{args.n}"
        )
    if python:
        best = args.n / statistics.median(rows[1][1])
        theirs = args.n / rows[-1][1][0]
        print(f"  course grade (2 workers) / nbgrader: {best / theirs:.1f}x")
    print(f"course overview: {overview_seconds(5):.2f} s (median of 5)")
    load = os.getloadavg()
    print(f"load average at end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
