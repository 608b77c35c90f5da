"""The kernel side of grading: boot one confined IPython kernel, or serve pre-forked ones.

Runs in child processes only (``python -m course.instructor.grade.kernel_boot``), never in the
grader:

- ``--spec FILE``: become one kernel as described by the JSON spec (the portable path);
- ``--zygote``: import IPython, pandas, matplotlib and the course once, then read one spec
  per line on stdin and ``fork`` a kernel for each, answering ``{"pid": N}``. A forked
  kernel starts in a few milliseconds instead of a few seconds, and is still a process of
  its own that has run nothing but the imports: no student code ever runs in the server.

A kernel becomes confined (:mod:`course.instructor.grade.sandbox`) *before* IPython starts its
threads, so every thread of the kernel is covered. It then answers on IPC sockets in its own
folder, shows only ``text/plain`` (nobody reads its display output) and keeps no history.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

THREAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""One thread per kernel for numerical libraries: workers, not threads, use the cores."""
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",
    "pandas",
    "matplotlib.pyplot",
    "course.data",
    "course.plots",
)


def boot(spec: dict[str, Any]) -> None:
    """Turn this process into the kernel ``spec`` describes; does not return."""
    from course.instructor.grade import processes, sandbox

    work = Path(spec["workdir"])
    os.chdir(work)
    os.environ.update(spec["env"])
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    sandbox.die_with_parent()
    sandbox.set_limits(**spec["limits"])
    processes.become_subreaper()  # what student code orphans stays in this kernel's tree
    processes.ProcessCap.join(spec.get("pids_group", ""))
    if spec.get("confine"):
        sandbox.drop_capabilities()
        import importlib.util

        found = importlib.util.find_spec("course")
        package = list(found.submodule_search_locations or []) if found else []
        readable = [*spec["readable"], *package, *(p for p in sys.path if os.path.isdir(p))]
        kernel_dir = Path(spec["connection_file"]).parent
        sandbox.confine(workdir=kernel_dir, protected=spec["protected"], readable=readable)
    sys.path[0:1] = [str(work)] if sys.path else []
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(
        [
            "-f",
            spec["connection_file"],
            "--HistoryManager.enabled=False",
            "--IPKernelApp.quiet=True",
        ]
    )
    app.shell.display_formatter.active_types = ["text/plain"]  # type: ignore[union-attr]  # set by initialize()
    app.start()
    os._exit(0)


def serve(preload: list[str], warm: list[str]) -> None:
    """The pre-forking server: import once, then fork a kernel per request line."""
    from course.instructor.grade import processes, sandbox

    sandbox.die_with_parent()
    processes.become_subreaper()  # adopts what a dead kernel left running, for the launcher
    os.environ.update(THREAD_ENV)
    for name in preload:
        with contextlib.suppress(Exception):  # a missing optional library only costs speed
            importlib.import_module(name)
    with contextlib.suppress(Exception):
        from course import checks

        for task_id in warm:
            checks.task(task_id).expected()  # fills course.data's caches
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the grader, which stops us
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        try:
            spec = json.loads(line)
            pid = os.fork()
        except Exception as error:
            print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
            continue
        if pid == 0:
            try:
                os.setsid()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                boot(spec)
            finally:
                os._exit(70)
        print(json.dumps({"pid": pid}), flush=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the kernel processes (``python -m course.instructor.grade.kernel_boot``)."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", help="JSON file describing the kernel to become")
    parser.add_argument("--zygote", action="store_true", help="serve forked kernels on stdin")
    parser.add_argument("--preload", nargs="*", default=list(PRELOAD))
    parser.add_argument("--warm", nargs="*", default=[], help="task ids whose data to load")
    args = parser.parse_args(argv)
    if args.zygote:
        serve(args.preload, args.warm)
    elif args.spec:
        boot(json.loads(Path(args.spec).read_text(encoding="utf-8")))
    else:
        parser.error("give --spec FILE or --zygote")


if __name__ == "__main__":
    main()
