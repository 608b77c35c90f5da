"""The ``course`` console script: a thin layer over :mod:`course.instructor`.

    course overview [--format text|md|html] [--output FILE]
    course generate [--check]
    course release DEST | --nbgrader COURSE_DIR --assignment NAME
    course grade SUBMISSIONS_DIR --output OUT_DIR
    course export-grades GRADING_DIR --format canvas|moodle|csv --roster ROSTER.csv --output F
    course hub-link HUB_URL [--lesson N] [--repo URL] [--branch B] [--depth N]
    course export-quiz LESSON|all --format qti|moodle --output F

Exit status: 0 when the work was done (for ``grade``: every submission is accounted for,
graded or not gradable), 1 when ``generate --check`` finds drift or ``release`` finds a
leak, 2 for a usage error, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

GRADE_HELP = """\
Layout of SUBMISSIONS_DIR (the file name says which exercise of solutions/ it is):
  <student>/<NN_name>.ipynb        one folder per student, any depth
                                   (nbgrader's submitted/ folder works as it is)
  <student>__<NN_name>.ipynb       flat
  <student>.ipynb                  flat, with --exercise NN_name

Writes into OUT_DIR: gradebook.csv (merged with an existing one), feedback/<student>.html,
summary.md, summary.png, and results/ (one JSON per submission: the cache that makes
grading again skip unchanged notebooks, and that keeps what was graded if interrupted).
Each notebook runs in a fresh kernel in a temporary copy, with time-outs; see
`python -c "import course.instructor; help(course.instructor)"` for what is and is not
prevented.
"""


EXPORT_HELP = """\
ROSTER.csv: a 'hand-in' column with the names used in the hand-in folder, and the LMS's
  Canvas:  Student, ID, SIS User ID, SIS Login ID, Section  (from Canvas's gradebook export)
  Moodle:  First name, Last name, ID number, Email address
Every student is kept: a roster student without a hand-in gets an empty grade and "no
hand-in found"; a hand-in whose student is not in the roster is written with the name only
and listed. A notebook that could not be graded is exported empty with its reason, never 0.
Canvas imports no comments: its reasons go to FILE.reasons.csv.
"""


def _parser() -> argparse.ArgumentParser:
    from course.instructor.common import MAX_MB, Limits

    root = argparse.ArgumentParser(add_help=False)
    root.add_argument("--root", help="the course folder (default: here, or where it is installed)")
    parser = argparse.ArgumentParser(
        prog="course", description="Instructor tools for the Japan STI policy course."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("overview", parents=[root], help="the course map: lessons, time, tasks")
    p.add_argument("--format", choices=("text", "md", "html"), default="text")
    p.add_argument("--output", help="also write it to this file")

    p = sub.add_parser("generate", parents=[root], help="build exercises/ from solutions/")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 on drift")

    p = sub.add_parser("release", parents=[root], help="a folder of student notebooks to share")
    p.add_argument("dest", nargs="?", help="the folder to write (lessons and exercises)")
    p.add_argument("--nbgrader", metavar="COURSE_DIR", help="write nbgrader's layout instead")
    p.add_argument("--assignment", metavar="NAME", help="nbgrader assignment name")
    p.add_argument("--exercise", metavar="NN_name", help="only this exercise")
    p.add_argument("--no-lessons", action="store_true", help="exercises only")

    p = sub.add_parser(
        "grade",
        parents=[root],
        help="grade a folder of handed-in notebooks",
        description="Grade a folder of handed-in exercise notebooks.",
        epilog=GRADE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("submissions", metavar="SUBMISSIONS_DIR")
    p.add_argument("--output", required=True, metavar="OUT_DIR")
    p.add_argument("--exercise", metavar="NN_name", help="the exercise of flat <student>.ipynb")
    p.add_argument("--workers", type=int, help="kernels at once (default: the number of cores)")
    limits, max_mb = Limits(), MAX_MB
    p.add_argument(
        "--timeout",
        type=float,
        default=limits.cell_timeout,
        help=f"seconds per cell ({limits.cell_timeout:g})",
    )
    p.add_argument(
        "--total-timeout",
        type=float,
        default=limits.total_timeout,
        help=f"per notebook ({limits.total_timeout:g})",
    )
    p.add_argument("--max-size", type=float, default=max_mb, help=f"MB per notebook ({max_mb:g})")
    p.add_argument("--memory", type=int, default=limits.memory_mb,
                   help=f"MB of memory per kernel ({limits.memory_mb})")  # fmt: skip
    p.add_argument("--force", action="store_true", help="regrade unchanged notebooks too")
    p.add_argument("--progress", metavar="DIR", help="learners' exported progress <student>.json")
    p.add_argument("--feedback", choices=("html", "md"), default="html")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.add_argument("--no-prefork", action="store_true", help="start each kernel from scratch")
    p.add_argument("--shard", metavar="K/N", help="grade only part K of N (for several machines)")

    p = sub.add_parser(
        "export-grades",
        parents=[root],
        help="grades for Canvas, Moodle or a spreadsheet",
        description="Turn a graded folder (course grade's OUT_DIR) into an LMS's import file.",
        epilog=EXPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("grading", metavar="GRADING_DIR")
    p.add_argument("--format", choices=("canvas", "moodle", "csv"), required=True)
    p.add_argument("--roster", metavar="ROSTER.csv", help="hand-in names to LMS ids")
    p.add_argument("--output", required=True, metavar="FILE")
    p.add_argument("--progress", metavar="DIR", help="learners' exported progress <student>.json")
    p.add_argument(
        "--assignment-id",
        action="append",
        default=[],
        metavar="NN_name=ID",
        help="an existing Canvas assignment's id (repeat per exercise)",
    )

    p = sub.add_parser(
        "export-quiz",
        parents=[root],
        help="quiz banks for Canvas/Blackboard (QTI) or Moodle",
        description="Write the quiz banks as a QTI 1.2 zip or a Moodle XML file.",
    )
    p.add_argument("lessons", metavar="LESSON", help="all, a lesson number (3) or an id (l3)")
    p.add_argument("--format", choices=("qti", "moodle"), required=True)
    p.add_argument("--output", required=True, metavar="FILE")

    p = sub.add_parser(
        "hub-link",
        parents=[root],
        help="the nbgitpuller link that opens the course on a JupyterHub",
        description="Print the link that pulls the course into a student's home and opens it.",
    )
    p.add_argument("hub", metavar="HUB_URL", help="e.g. https://hub.example.edu")
    p.add_argument("--lesson", type=int, help="open this lesson (default: 0, the start page)")
    p.add_argument("--repo", default=None, help="the course repository to pull (default: ours)")
    p.add_argument("--branch", default="main")
    p.add_argument("--targetpath", default=None, help="the folder in each home")
    p.add_argument("--depth", type=int, help="commits to fetch; 0 for all (dumb-HTTP servers)")
    return parser


def _overview(args: argparse.Namespace) -> int:
    from course.instructor.overview import overview

    shown = overview(root=args.root, fmt=args.format, output=args.output)
    if args.output:
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(shown)
    return 0


def _generate(args: argparse.Namespace) -> int:
    from course.instructor.release import generate

    paths = generate(root=args.root, check=args.check)
    for path in paths:
        print(f"{'out of date' if args.check else 'wrote'}: {path}")
    if args.check and not paths:
        print("exercises/ is in sync with solutions/")
    return 1 if args.check and paths else 0


def _release(args: argparse.Namespace) -> int:
    from course.instructor.release import release

    done = release(
        dest=args.dest,
        root=args.root,
        nbgrader=args.nbgrader,
        assignment=args.assignment,
        exercise=args.exercise,
        lessons=not args.no_lessons,
    )
    for path in done.written:
        print(f"wrote {path}")
    for leaked, lines in done.leaks.items():
        print(f"LEAK in {leaked}: {'; '.join(lines)[:300]}", file=sys.stderr)
    if done.leaks:
        print("Do not share this folder: answers can be read from it.", file=sys.stderr)
        return 1
    print(f"{len(done.written)} files; no answers can be read from the student notebooks.")
    return 0


def _shard(text: str | None) -> tuple[int, int] | None:
    """``"2/4"`` as ``(2, 4)``."""
    from course.instructor.common import UsageError

    if text is None:
        return None
    k, _, n = text.partition("/")
    if not (k.strip().isdigit() and n.strip().isdigit() and 1 <= int(k) <= int(n)):
        raise UsageError(f"--shard wants K/N with 1 ≤ K ≤ N (e.g. 2/4), not {text!r}.")
    return int(k), int(n)


def _grade(args: argparse.Namespace) -> int:
    from course.instructor.grade import grade

    options = {
        "submissions": args.submissions,
        "output": args.output,
        "root": args.root,
        "exercise": args.exercise,
        "workers": args.workers,
        "cell_timeout": args.timeout,
        "total_timeout": args.total_timeout,
        "max_mb": args.max_size,
        "memory_mb": args.memory,
        "force": args.force,
        "progress_dir": args.progress,
        "feedback_format": args.feedback,
        "quiet": args.quiet,
        "prefork": not args.no_prefork,
        "shard": _shard(args.shard),
    }
    try:
        report = grade(**options)
    except KeyboardInterrupt as stop:
        partial = stop.args[0] if stop.args else None
        done = f" {partial.graded} graded and saved;" if partial else ""
        print(f"\nInterrupted:{done} run the same command to go on.", file=sys.stderr)
        return 130
    bad = sum(r.status != "ok" for r in report.results)
    print(
        f"{len(report.results)} submissions: {len(report.results) - bad} graded, {bad} could "
        f"not be graded; {report.graded} run now, {report.cached} unchanged since the last "
        "run (results taken from the cache)."
    )
    out = Path(args.output)
    for path in [*report.written[:1], out / "feedback", out / "summary.md"]:
        print(f"  {path}")
    for line in report.stray[:20]:
        print(f"warning: changed while grading: {line}", file=sys.stderr)
    if not report.confined and report.graded:
        print(
            "note: Landlock is not available here: stray writes are detected, not prevented.",
            file=sys.stderr,
        )
    return 0


def _export_grades(args: argparse.Namespace) -> int:
    from course.instructor.common import UsageError
    from course.instructor.export.grades import export_grades

    ids = {}
    for pair in args.assignment_id:
        name, _, number = pair.partition("=")
        if not (name and number.strip().isdigit()):
            raise UsageError(f"--assignment-id wants NN_name=ID (a number), not {pair!r}.")
        ids[name.strip()] = number.strip()
    done = export_grades(
        args.grading,
        fmt=args.format,
        output=args.output,
        roster=args.roster,
        progress_dir=args.progress,
        assignment_ids=ids,
        root=args.root,
    )
    for path in done.written:
        print(f"wrote {path}")
    print(f"{done.students} students.")
    listed = (
        (
            "in the gradebook but not in the roster (written with their name only)",
            done.not_in_roster,
        ),
        ("in the roster without a hand-in (empty grade)", done.no_hand_in),
        (f"without an id {args.format} can match", done.unidentified),
    )
    for what, names in listed:
        if names:
            print(f"{len(names)} {what}: {', '.join(names)}", file=sys.stderr)
    quiet = ("no hand-in found", "no progress file")
    for student, title, why in done.not_graded:
        if why not in quiet:
            print(f"not graded: {student}, {title}: {why}", file=sys.stderr)
    no_file = list(dict.fromkeys(s for s, _, why in done.not_graded if why == "no progress file"))
    if no_file:
        print(f"no progress file (quiz column empty): {', '.join(no_file)}", file=sys.stderr)
    for note in done.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def _export_quiz(args: argparse.Namespace) -> int:
    from course.instructor.export.quiz import export_quiz

    done = export_quiz(args.lessons, fmt=args.format, output=args.output, root=args.root)
    for path in done.written:
        print(f"wrote {path}")
    per_lesson = ", ".join(f"{lesson}: {n}" for lesson, n in done.exported.items())
    per_type: dict[str, int] = {}
    for types in done.counts.values():
        for kind, n in types.items():
            per_type[kind] = per_type.get(kind, 0) + n
    print(f"questions exported: {sum(per_type.values())} ({per_lesson})")
    print("by type: " + ", ".join(f"{kind} {n}" for kind, n in sorted(per_type.items())))
    for note in done.notes:
        print(f"note: {note}")
    for lesson, qid, why in done.not_exported:
        print(f"not exported: {lesson} {qid}: {why}", file=sys.stderr)
    return 0


def _hub_link(args: argparse.Namespace) -> int:
    from course.instructor import hub

    print(
        hub.hub_link(
            args.hub,
            repo=args.repo or hub.REPOSITORY,
            branch=args.branch,
            lesson=args.lesson,
            targetpath=args.targetpath or hub.FOLDER,
            depth=args.depth,
            root=args.root,
        )
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one ``course`` command; returns the exit status."""
    from course.instructor.common import UsageError

    args = _parser().parse_args(argv)
    handler = {
        "overview": _overview,
        "generate": _generate,
        "release": _release,
        "grade": _grade,
        "export-grades": _export_grades,
        "hub-link": _hub_link,
        "export-quiz": _export_quiz,
    }
    try:
        return handler[args.command](args)
    except UsageError as error:
        print(f"course {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
