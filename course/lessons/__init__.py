"""The lessons: one package per lesson, and the catalogue of what each one holds.

Each lesson ``lN`` is a package ``course/lessons/lN/`` with its analysis and explorers
(``analysis.py``), its exercise's checker tasks (``tasks.py``) and its quiz bank
(``quiz.yaml``); lesson 8 also has the capstone's self-check (``capstone.py``). A notebook
writes ``from course.lessons import l1`` and then ``l1.crossover()`` or
``l1.resident_share.check(answer)``: a name is looked up among the lesson's tasks first,
then in its analysis, each module imported on first use, so checking an answer loads no
pandas. Lesson ids and numbers are worked out in :mod:`course.ids` only.

The catalogue is built from the banks and the tasks, so it never lists an item that does not
exist; the progress dashboard uses it to say what is done and what is left.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import pkgutil
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course import ids

if TYPE_CHECKING:
    import pandas as pd

    from course.quiz.model import Bank

PROMPT_WORDS = 9
PARTS = ("tasks", "analysis")
"""Where a lesson package looks a name up, in this order (``lesson_namespace``)."""


def packages() -> list[str]:
    """The lesson packages (``l0``, ``l1``, …), in lesson order."""
    return ids.in_order(
        [m.name for m in pkgutil.iter_modules(__path__) if ids.is_lesson_id(m.name)]
    )


def lesson_namespace(package: str) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a lesson package: a name is a submodule
    (``capstone``), else a task in ``tasks.py``, else a public name of ``analysis.py``."""
    from course.checks.core import Task

    def part(name: str) -> Any:
        return importlib.import_module(f"{package}.{name}")

    def find(name: str) -> Any:
        if importlib.util.find_spec(f"{package}.{name}") is not None:
            return part(name)
        task = getattr(part("tasks"), name, None)
        if isinstance(task, Task):
            return task
        analysis = part("analysis")
        if hasattr(analysis, name):
            return getattr(analysis, name)
        raise AttributeError(f"lesson {package.rsplit('.', 1)[-1]} has no {name!r}")

    def lookup(name: str) -> Any:
        """Find ``name`` once; later uses read it from the package like any attribute."""
        if name.startswith("_"):
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = find(name)
        setattr(sys.modules[package], name, value)
        return value

    def names() -> list[str]:
        tasks = [n for n, v in vars(part("tasks")).items() if isinstance(v, Task)]
        public = [n for n in vars(part("analysis")) if not n.startswith("_")]
        return sorted({*tasks, *public, *PARTS})

    return lookup, names


def __getattr__(name: str) -> Any:
    """``lessons.l1`` imports the lesson's package on first use."""
    if ids.is_lesson_id(name) and name in packages():
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def self_checks() -> dict[str, list[dict[str, Any]]]:
    """Items recorded by other means than a quiz or a Task (the capstone's self-check)."""
    from course.lessons.l8.capstone import PROGRESS

    label = "Your brief passes the self-check"
    return {PROGRESS[0]: [{"id": ".".join(PROGRESS), "kind": "exercise", "label": label}]}


def _short(prompt: str) -> str:
    """The first words of a question's prompt, without Markdown: a label for the dashboard."""
    words = re.sub(r"[*_`>#]", "", prompt).split()
    text = " ".join(words[:PROMPT_WORDS])
    return text + ("…" if len(words) > PROMPT_WORDS else "")


def catalogue() -> list[dict[str, Any]]:
    """Every lesson, in order: ``{"id", "title", "items": [{"id", "kind", "label"}]}``."""
    from course import checks, quiz

    banks = quiz.load_all()
    tasks = checks.registry()
    lesson_ids = set(banks) | {task_id.split(".")[0] for task_id in tasks}
    lessons = []
    for lesson in ids.in_order(list(lesson_ids)):
        bank = banks.get(lesson)
        items = [
            {"id": f"{lesson}.{q.id}", "kind": "quiz", "label": _short(q.prompt)}
            for q in (bank.questions if bank else ())
        ]
        items += [
            {"id": t.id, "kind": "exercise", "label": t.description}
            for t in tasks.values()
            if t.id.startswith(f"{lesson}.")
        ]
        items += self_checks().get(lesson, [])
        lessons.append({"id": lesson, "title": bank.title if bank else lesson, "items": items})
    return lessons


def notebooks_dir(start: Path | None = None) -> Path:
    """The lessons folder: ``start`` (or the current folder) if it holds lessons, else its
    ``notebooks/`` subfolder, else the one beside the installed package (a source checkout)."""
    here = Path.cwd() if start is None else Path(start)
    for candidate in (here, here / "notebooks", Path(__file__).resolve().parents[2] / "notebooks"):
        if any(candidate.glob(ids.FILE_PATTERN)):
            return candidate
    raise FileNotFoundError(f"No lesson notebooks (NN_*.ipynb) in {here} or its notebooks/ folder.")


def lesson_metadata(folder: Path | None = None) -> list[dict[str, Any]]:
    """Each lesson notebook's ``metadata.course`` with its file name, in lesson order.

    Read as plain JSON (no nbformat import). Used by lesson 8's course map and by the
    instructor's overview.
    """
    lessons = []
    for path in sorted(notebooks_dir(folder).glob(ids.FILE_PATTERN)):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("course")
        if meta:
            lessons.append({**meta, "file": path.name})
    return lessons


def _level_mix(bank: Bank | None) -> str:
    """How many of a bank's questions ask to remember, understand, apply, analyse: "1/6/3/2"."""
    from course.quiz.model import LEVELS

    levels = [q.level for q in bank.questions] if bank else []
    return "/".join(str(levels.count(level)) for level in LEVELS)


def course_map(folder: Path | None = None) -> pd.DataFrame:
    """The whole course at a glance: lesson, title, minutes, objectives, questions and tasks."""
    import pandas as pd

    from course import quiz

    items = {lesson["id"]: lesson["items"] for lesson in catalogue()}
    banks = quiz.load_all()
    rows = []
    for meta in lesson_metadata(folder):
        kinds = [item["kind"] for item in items.get(meta["id"], [])]
        rows.append(
            {
                "lesson": ids.number(meta["id"]),
                "title": meta["title"],
                "minutes": meta["minutes"],
                "you will be able to": "; ".join(meta["objectives"]),
                "quiz questions": kinds.count("quiz"),
                "remember/understand/apply/analyse": _level_mix(banks.get(meta["id"])),
                "exercise tasks": kinds.count("exercise"),
            }
        )
    return pd.DataFrame(rows).set_index("lesson")


READING_WORDS_PER_MINUTE = 150
MINUTES_PER = {
    "code cell": 1.5,  # read it, run it, read the table or chart it prints
    "explorer": 6.0,  # try the suggested settings and read the finding
    "quiz question": 2.0,  # answer, then read the explanation
    "exercise task": 8.0,  # for a learner new to pandas: write, run, read the check, retry
    "inline check": 4.0,  # a try-it task checked in the lesson itself
    "written answer": 5.0,  # a "Try it yourself" prompt answered in prose
}
"""What the minutes floor charges for each part of a notebook (``minutes_floor``)."""

URL = re.compile(r"\]\([^)]*\)|https?://\S+|www\.\S+")
"""Link targets and web addresses: not read word by word, so not counted as reading."""

WRITTEN_PROMPT = re.compile(r"\*\*(Try it yourself|Your turn|Write)\b")


@functools.cache
def _explorer_names(lesson: str) -> frozenset[str]:
    """Functions of ``course/lessons/<lesson>/analysis.py`` that build an interactive explorer."""
    import ast

    path = Path(__file__).parent / lesson / "analysis.py"
    if not path.exists():
        return frozenset()
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            calls = {
                getattr(sub.func, "id", getattr(sub.func, "attr", None))
                for sub in ast.walk(node)
                if isinstance(sub, ast.Call)
            }
            if calls & {"explorer", "Widget", "VBox", "interactive"}:
                names.add(node.name)
    return frozenset(names)


def content_counts(path: Path) -> dict[str, float]:
    """What a learner meets in one notebook: words to read, cells, explorers, questions, tasks."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = notebook["cells"]
    source = ["".join(cell["source"]) for cell in cells]
    markdown = [
        text for cell, text in zip(cells, source, strict=True) if cell["cell_type"] == "markdown"
    ]
    code = [text for cell, text in zip(cells, source, strict=True) if cell["cell_type"] == "code"]
    from course import quiz

    banks = quiz.load_all()
    shown = re.findall(rf"quiz\.show\(\s*[\"']({ids.ID_TEXT})[\"']", "\n".join(code))
    explorers = 0
    for text in code:
        for lesson, name in re.findall(rf"\b({ids.ID_TEXT})\.(\w+)\(", text):
            explorers += name in _explorer_names(lesson)
    is_exercise = not shown  # an exercise notebook has checks and no quiz
    checks = sum(len(re.findall(r"\.check\(", text)) for text in code)
    return {
        "words": sum(len(re.findall(r"\w[\w'’.-]*", URL.sub(" ", text))) for text in markdown),
        # in an exercise each task's answer and check cells are counted with the task
        "code cell": max(0, len(code) - 2 * checks) if is_exercise else len(code),
        "explorer": explorers,
        "quiz question": sum(len(banks[lesson].questions) for lesson in shown if lesson in banks),
        "exercise task": checks if is_exercise else 0,
        "inline check": 0 if is_exercise else checks,
        "written answer": sum(len(WRITTEN_PROMPT.findall(text)) for text in markdown),
    }


def minutes_floor(path: Path) -> int:
    """The fewest minutes a student new to the topic and to pandas needs for a notebook:
    reading at 150 words a minute plus ``MINUTES_PER`` each cell, explorer, question and task.
    A test holds every lesson's and exercise's stated ``minutes`` at or above it."""
    counts = content_counts(path)
    total = counts.pop("words") / READING_WORDS_PER_MINUTE
    total += sum(MINUTES_PER[part] * number for part, number in counts.items())
    return int(total + 0.999)
