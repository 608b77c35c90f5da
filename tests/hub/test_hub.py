"""A class on a real JupyterHub (issue 15), end to end, on 127.0.0.1 only.

JupyterHub with configurable-http-proxy, DummyAuthenticator and a home per student
(hubkit.py); ``HUB_STUDENTS`` students (10 by default) log in at once, open the link ``course
hub-link`` prints (nbgitpuller clones this repository into their home from a local git
server), run every code cell of lesson 0 and one exercise check through the kernel websocket,
and save the exercise; half answer right, half wrong. Each home then holds that student's
notebooks and progress file. The instructor collects the exercises from the homes and grades
them with ``course grade``. Every process started is stopped and no port is left listening;
the whole test is bounded by ``HUB_TIME_LIMIT`` seconds (300 by default): past it the hub is
stopped and the test fails.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness import hub as hubkit

pytestmark = pytest.mark.hub
STUDENTS = int(os.environ.get("HUB_STUDENTS", "10"))
LIMIT = float(os.environ.get("HUB_TIME_LIMIT", "300"))


def student_session(hub: hubkit.Hub, student: hubkit.Student, link: str, right: bool) -> dict:
    student.log_in(hub)
    urlpath = student.open_link(link)
    lesson = student.lesson_zero()
    outputs = student.exercise(right)
    text = " ".join(str(out.get("data", {}).get("text/plain", "")) for out in outputs)
    return {"urlpath": urlpath, "lesson": lesson, "check": text}


def test_a_class_on_the_hub(tmp_path: Path) -> None:
    if hubkit.missing():
        pytest.fail(hubkit.missing())
    start = time.monotonic()
    names = [f"student{i:02d}" for i in range(1, STUDENTS + 1)]
    right = {name: i % 2 == 0 for i, name in enumerate(names)}
    hub = hubkit.Hub(tmp_path)
    watchdog = threading.Timer(LIMIT, hub.stop)
    watchdog.start()
    try:
        with hub:
            tokens = hub.add(names)
            link = hub.link(lesson=0)
            assert link.startswith(f"{hub.url}/hub/user-redirect/git-pull?")
            students = [hubkit.Student(hub, name, tokens[name]) for name in names]
            with ThreadPoolExecutor(STUDENTS) as pool:
                spawned = list(pool.map(hub.spawn, names))
                runs = list(
                    pool.map(lambda s: student_session(hub, s, link, right[s.name]), students)
                )
            hub.watch()
            servers = {name: hub.server_pid(name) for name in names}
            assert len(set(servers.values())) == STUDENTS

            for student, run in zip(students, runs, strict=True):
                assert run["urlpath"] == f"lab/tree/{hubkit.LESSON0}"
                assert run["check"].startswith("✓ Correct") == right[student.name], run
                for path in (hubkit.LESSON0, hubkit.EXERCISE):
                    assert (student.home / path).is_file()
                saved = json.loads((student.home / hubkit.EXERCISE).read_text(encoding="utf-8"))
                answer = (hubkit.RIGHT if right[student.name] else hubkit.WRONG).split("\n")
                assert any(c.get("id") == "rd-latest-answer" and c["source"] in (answer,
                           answer[0]) for c in saved["cells"])  # fmt: skip
                progress = student.home / ".local/share/japan-sti-course/progress.json"
                items = json.loads(progress.read_text(encoding="utf-8"))["items"]
                assert items["l0.rd_latest"]["correct"] == right[student.name]
                # each server and its kernels run from the student's own home
                for pid in [servers[student.name], *student.kernel_pids(servers[student.name])]:
                    environ = hubkit.psutil.Process(pid).environ()
                    assert environ["HOME"] == str(student.home)
                    assert "COURSE_PROGRESS_FILE" not in environ

            submitted = hubkit.collect(hub.homes, names, tmp_path / "submitted")
            out = tmp_path / "graded"
            subprocess.run(
                [str(hubkit.COURSE), "grade", str(submitted), "--output", str(out), "--quiet",
                 "--workers", "2"],
                check=True, timeout=max(30, LIMIT - (time.monotonic() - start)),
            )  # fmt: skip
            with (out / "gradebook.csv").open(encoding="utf-8") as f:
                rows = {row["student"]: row for row in csv.DictReader(f)}
            assert sorted(rows) == names
            for name, row in rows.items():
                assert row["status"] == "ok" and row["exercise"] == "00_practice", row
                assert (float(row["l0.rd_latest"]) > 0) == right[name], row

            left = hub.stop()
            assert left == [], f"processes outlived the hub: {left}"
            assert [p for p in hub.ports() if hubkit.listening(p)] == []
    except BaseException:
        print(hub.tail(150))  # the hub's log, its servers' included: shown with the failure
        raise
    finally:
        watchdog.cancel()
        if time.monotonic() - start > LIMIT:
            pytest.fail(f"over the time bound of {LIMIT:.0f} s (the hub was stopped)")
    lesson = max(run["lesson"] for run in runs)
    print(f"{STUDENTS} students: spawn max {max(spawned):.1f} s, lesson 0 max {lesson:.1f} s, "
          f"{time.monotonic() - start:.0f} s in all")  # fmt: skip
