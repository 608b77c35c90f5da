"""Benchmarks: print the course's performance figures as medians.

    .venv/bin/python bench/run.py            # import, data, notebooks
    .venv/bin/python bench/run.py --suite    # also the wall time of each part of `make test`

The machine is shared and noisy, so each figure is the median of several runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HEAVY = ("pandas", "matplotlib", "ipywidgets", "anywidget", "nbformat", "numpy")


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def python_seconds(code: str) -> float:
    """Wall time of a fresh interpreter running ``code``, less an empty interpreter's."""

    def timed(source: str) -> float:
        start = time.perf_counter()
        subprocess.run([PY, "-c", source], check=True)
        return time.perf_counter() - start

    return timed(code) - timed("pass")


def bench_import(runs: int) -> None:
    seconds = median_of(runs, lambda: python_seconds("import course"))
    loaded = subprocess.run(
        [PY, "-c", f"import sys, course; print([m for m in {HEAVY!r} if m in sys.modules])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    print(
        f"import course: {seconds * 1000:.0f} ms (median of {runs}); heavy modules loaded: {loaded}"
    )


def bench_data(runs: int) -> None:
    code = (
        "import time, pandas; t = time.perf_counter(); from course import data;"
        " data.table('rd_expenditure_pct_gdp', 'JPN'); data.oda(); data.legacy(2014);"
        " data.legacy(2018); print(time.perf_counter() - t)"
    )

    def once() -> float:
        return float(subprocess.run([PY, "-c", code], capture_output=True, text=True).stdout)

    seconds = median_of(runs, once)
    print(f"load all shipped data (pandas imported): {seconds * 1000:.0f} ms (median of {runs})")


def bench_quiz_banks(runs: int) -> None:
    code = (
        "import time; t = time.perf_counter(); from course import quiz; t1 = time.perf_counter();"
        " banks = quiz.load_all(); t2 = time.perf_counter();"
        " print(t2 - t1, t2 - t, len(banks), sum(len(b.questions) for b in banks.values()))"
    )

    def once() -> tuple[float, float, str]:
        out = subprocess.run([PY, "-c", code], capture_output=True, text=True).stdout.split()
        return float(out[0]), float(out[1]), f"{out[2]} banks, {out[3]} questions"

    results = [once() for _ in range(runs)]
    load = statistics.median(r[0] for r in results) * 1000
    total = statistics.median(r[1] for r in results) * 1000
    print(
        f"load every quiz bank ({results[0][2]}), fresh interpreter: quiz.load_all() {load:.0f} ms"
        f" (YAML parser import included); with `import course.quiz` {total:.0f} ms"
        f" (median of {runs})"
    )


def bench_notebooks(runs: int) -> None:
    import nbformat
    from nbclient import NotebookClient

    paths = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
        (ROOT / "exercises").glob("*.ipynb")
    )
    print(f"notebook execution from a cold kernel (median of {runs}):")
    for path in paths:
        totals, cells = [], []
        for _ in range(runs):
            notebook = nbformat.read(path, as_version=4)
            client = NotebookClient(notebook, timeout=300, kernel_name="python3")
            client.resources = {"metadata": {"path": str(path.parent)}}
            start = time.perf_counter()
            with client.setup_kernel():
                ready = time.perf_counter()
                for index, cell in enumerate(notebook.cells):
                    client.execute_cell(cell, index)
            end = time.perf_counter()
            totals.append(end - start)
            cells.append(end - ready)
        print(
            f"  {path.relative_to(ROOT)}: {statistics.median(totals):.2f} s with kernel start,"
            f" {statistics.median(cells):.2f} s of cells"
        )


def bench_suite() -> None:
    bin_dir = Path(PY).parent
    parts = {
        "ruff check + format --check": [
            [str(bin_dir / "ruff"), "check", "."], [str(bin_dir / "ruff"), "format", "--check", "."]
        ],
        "unit tests": [[PY, "-m", "pytest", "-q", "tests", "--ignore=tests/browser"]],
        "nbval (notebooks, exercises, solutions)": [
            [PY, "-m", "pytest", "-q", "--nbval", "notebooks", "exercises", "solutions",
             "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"]
        ],
        "browser tests": [[PY, "-m", "pytest", "-q", "tests/browser"]],
    }  # fmt: skip
    print("make test, part by part (one run each):")
    for name, commands in parts.items():
        start = time.perf_counter()
        for command in commands:
            subprocess.run(command, cwd=ROOT, capture_output=True)
        print(f"  {name}: {time.perf_counter() - start:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--suite", action="store_true", help="also time the test suite's parts")
    args = parser.parse_args()
    bench_import(max(args.runs, 7))
    bench_data(args.runs)
    bench_quiz_banks(args.runs)
    bench_notebooks(max(1, args.runs // 2 + 1))
    if args.suite:
        bench_suite()


if __name__ == "__main__":
    main()
