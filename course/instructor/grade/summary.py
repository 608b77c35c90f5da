"""The class summary: ``summary.md`` (success per task, the commonest wrong messages, what
could not be graded, what the run noticed, the item analysis) with ``summary.png`` (a bar
chart of success per task through ``course.plots.bars``) and ``items.png`` (difficulty
against discrimination, :mod:`~course.instructor.grade.items`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from course.instructor.common import atomic_write
from course.instructor.exercise import Exercise
from course.instructor.grade import items as item_analysis
from course.instructor.grade.results import Graded

COMMON = 3  # wrong messages listed per task
CUT = 160  # characters of a message shown


def success(results: Iterable[Graded]) -> dict[str, tuple[int, int]]:
    """Per task id: (submissions with it right, graded submissions)."""
    counts: dict[str, list[int]] = {}
    for result in results:
        if result.status != "ok":
            continue
        for task in result.tasks:
            tally = counts.setdefault(task.id, [0, 0])
            tally[0] += task.status == "correct"
            tally[1] += 1
    return {key: (right, n) for key, (right, n) in counts.items()}


def text(
    results: list[Graded],
    exercises: dict[str, Exercise],
    *,
    notes: Iterable[str] = (),
    items: Sequence[item_analysis.Item] = (),
) -> str:
    """The summary as Markdown."""
    ok = [r for r in results if r.status == "ok"]
    bad = [r for r in results if r.status != "ok"]
    lines = [
        "# Class summary",
        "",
        f"{len(results)} submissions: {len(ok)} graded, {len(bad)} could not be graded.",
        "",
    ]
    rates = success(results)
    for name, exercise in exercises.items():
        mine = [r for r in ok if r.exercise == name]
        if not mine:
            continue
        mean = sum(r.total for r in mine) / len(mine)
        lines += [
            f"## {exercise.title} ({name})",
            "",
            f"{len(mine)} graded; mean {mean:.2f} of {exercise.max_points:g} points.",
            "",
            "| task | right | share | commonest messages when not right |",
            "| --- | --- | --- | --- |",
        ]
        for task in exercise.tasks:
            right, n = rates.get(task.id, (0, 0))
            wrong = Counter(
                t.message[:CUT]
                for r in mine
                for t in r.tasks
                if t.id == task.id and t.status != "correct"
            )
            common = "<br>".join(
                f"{count}× {message}".replace("|", "\\|").replace("\n", " ")
                for message, count in sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0]))[:COMMON]
            )
            share = f"{100 * right / n:.0f} %" if n else "–"
            lines.append(f"| `{task.id}` | {right}/{n} | {share} | {common} |")
        lines.append("")
    lines += item_analysis.table(list(items))
    if bad:
        lines += ["## Could not be graded", ""]
        lines += [f"- {r.student} ({r.source}): {r.reason}" for r in bad]
        lines.append("")
    notes = list(notes)
    if notes:
        lines += ["## Notes from the run", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(lines)


def chart(results: list[Graded], path: Path) -> Path | None:
    """``summary.png``: the share of graded submissions with each task right."""
    rates = success(results)
    if not rates:
        return None
    import pandas as pd

    from course import plots

    shares = pd.Series({task: 100 * right / n for task, (right, n) in rates.items() if n})
    picture = plots.bars(
        shares,
        title="Share of submissions with each task right",
        x_label="Submissions with the task right (%)",
        source=f"Graded submissions: {sum(r.status == 'ok' for r in results)}",
        highlight=None,
        digits=0,
    )
    atomic_write(path, picture.png())
    return Path(path)


def write(
    folder: Path,
    *,
    results: list[Graded],
    exercises: dict[str, Exercise],
    notes: Iterable[str] = (),
    items: Sequence[item_analysis.Item] = (),
) -> list[Path]:
    """Write ``summary.md``, ``summary.png`` and ``items.png`` into ``folder``; return the
    paths written."""
    md = Path(folder) / "summary.md"
    atomic_write(md, text(results, exercises, notes=notes, items=items))
    pngs = [chart(results, Path(folder) / "summary.png")]
    pngs.append(item_analysis.chart(list(items), Path(folder) / "items.png"))
    return [md] + [png for png in pngs if png]
