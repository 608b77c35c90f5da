"""Benchmark: a class on a real JupyterHub on this machine (the hub of harness/hub.py).

    COURSE_HUB_VENV=.venv-hub .venv/bin/python bench/hub.py                 # 10 students
    COURSE_HUB_VENV=.venv-hub .venv/bin/python bench/hub.py --students 20 --rounds 2

Each round starts a fresh hub (make test-hub builds .venv-hub and .hub-node), spawns every
student's server at once, has each open the ``course hub-link`` link (nbgitpuller clones the
course into their home) and then run lesson 0's code cells, all at once. Prints, over all
students of all rounds: spawn time p50/p95; lesson 0 time (kernel start included) median and
p95, and the wall time of the whole class; memory per active student, the proportional set
size (/proc/<pid>/smaps_rollup) of their server plus lesson 0's kernel, median and max, with
the hub and proxy's own; and the load average (the machine may be shared: read the figures
with it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from harness import hub as hubkit


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def overhead(hub: hubkit.Hub) -> list[int]:
    """The hub's own processes: JupyterHub, the proxy and the git server."""
    pids = [proc.pid for proc in hub.procs]
    for child in hubkit.psutil.Process(hub.procs[-1].pid).children():
        try:
            if "configurable-http-proxy" in " ".join(child.cmdline()):
                pids.append(child.pid)
        except hubkit.psutil.NoSuchProcess:
            pass
    return pids


def one_round(n: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as tmp, hubkit.Hub(Path(tmp)) as hub:
        names = [f"student{i:02d}" for i in range(1, n + 1)]
        tokens = hub.add(names)
        link = hub.link(lesson=0)
        students = [hubkit.Student(hub, name, tokens[name]) for name in names]
        with ThreadPoolExecutor(n) as pool:
            spawn = list(pool.map(hub.spawn, names))
            for student in students:
                student.log_in(hub)
            list(pool.map(lambda s: s.open_link(link), students))
            start = time.perf_counter()
            lesson = list(pool.map(lambda s: s.lesson_zero(), students))
            wall = time.perf_counter() - start
        memory = []
        for student in students:
            server = hub.server_pid(student.name)
            memory.append(sum(map(hubkit.pss_mib, [server, *student.kernel_pids(server)])))
        own = sum(map(hubkit.pss_mib, overhead(hub)))
        left = hub.stop()
        if left:
            print(f"  processes outlived the hub (killed): {left}")
    return {"spawn": spawn, "lesson": lesson, "wall": [wall], "memory": memory, "hub": [own]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=int(os.environ.get("HUB_STUDENTS", 10)))
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if hubkit.missing():
        sys.exit(f"bench/hub.py: {hubkit.missing()}")
    runs: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for key, values in one_round(args.students).items():
            runs.setdefault(key, []).extend(values)
    n, r = args.students, args.rounds
    print(f"a class on JupyterHub, {n} students at once, {r} round(s), {os.cpu_count()} cores:")
    print(f"  spawn: p50 {percentile(runs['spawn'], 0.5):.1f} s, "
          f"p95 {percentile(runs['spawn'], 0.95):.1f} s")  # fmt: skip
    lesson = runs["lesson"]
    print(f"  lesson 0 (all code cells, kernel start included): median "
          f"{statistics.median(lesson):.1f} s, p95 {percentile(lesson, 0.95):.1f} s;"
          f" the whole class {statistics.median(runs['wall']):.1f} s")  # fmt: skip
    print(f"  memory per active student (server + lesson 0's kernel, PSS): median "
          f"{statistics.median(runs['memory']):.0f} MiB, max {max(runs['memory']):.0f} MiB; "
          f"hub + proxy + git server {statistics.median(runs['hub']):.0f} MiB")  # fmt: skip
    print("  load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
