"""The course hangs together: lessons, question banks, checkers and exercises agree."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from course import checks, lessons, quiz
from course.quiz.model import LEVELS

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def meta(path: Path) -> dict:
    return nbformat.read(path, as_version=4).metadata["course"]


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_each_lesson_has_its_quiz_checks_and_exercise(path: Path) -> None:
    lesson = meta(path)["id"]
    bank = quiz.load(lesson)
    assert bank.title == meta(path)["title"], "bank title and notebook title must agree"
    assert lesson in lessons.packages()
    prefix = path.name[:3]
    assert list((ROOT / "solutions").glob(f"{prefix}*.ipynb")), "a solution notebook"
    assert list((ROOT / "exercises").glob(f"{prefix}*.ipynb")), "its generated exercise"
    source = "".join(c.source for c in nbformat.read(path, as_version=4).cells)
    assert f'quiz.show("{lesson}")' in source, "the lesson shows its quiz"


def test_catalogue_lists_every_question_and_task() -> None:
    listed = {item["id"] for lesson in lessons.catalogue() for item in lesson["items"]}
    questions = {f"{b.lesson}.{q}" for b in quiz.load_all().values() for q in b.ids}
    extra = {item["id"] for items in lessons.self_checks().values() for item in items}
    assert questions | set(checks.registry()) | extra == listed


def test_catalogue_in_lesson_order() -> None:
    ids = [lesson["id"] for lesson in lessons.catalogue()]
    assert ids == sorted(ids, key=lambda name: int(name[1:]))
    assert ids[0] == "l0"


def test_readme_lists_every_lesson_as_its_metadata_says() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in LESSONS:
        info = meta(path)
        number, file = int(info["id"][1:]), f"`notebooks/{path.name}`"
        row = f"| {number} | {info['title']} | {info['minutes']} | {file} |"
        assert row in readme, row


EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))


@pytest.mark.parametrize("path", LESSONS + EXERCISES, ids=[p.name for p in LESSONS + EXERCISES])
def test_stated_minutes_are_at_least_the_floor(path: Path) -> None:
    stated, floor = meta(path)["minutes"], lessons.minutes_floor(path)
    counts = lessons.content_counts(path)
    assert stated >= floor, f"{path.name} says {stated} min; its content needs {floor}: {counts}"


def test_floor_counts_what_a_learner_does(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("word " * 300 + "\n\n**Try it yourself.** Say why."),
        nbformat.v4.new_code_cell(
            'from course import quiz\nfrom course.lessons import l2\nquiz.show("l2")'
        ),
        nbformat.v4.new_code_cell("l2.growth()"),
        nbformat.v4.new_code_cell("table = l2.changes('rd_expenditure_pct_gdp', 'JPN')"),
    ]
    path = tmp_path / "lesson.ipynb"
    nbformat.write(notebook, path)
    counts = lessons.content_counts(path)
    assert counts == {
        "words": 305,  # "yourself." counts once
        "code cell": 3,
        "explorer": 1,
        "quiz question": len(quiz.load("l2").questions),
        "exercise task": 0,
        "inline check": 0,
        "written answer": 1,
    }
    per = lessons.MINUTES_PER
    expected = 305 / 150 + 3 * per["code cell"] + per["explorer"] + per["written answer"]
    expected += per["quiz question"] * counts["quiz question"]
    assert lessons.minutes_floor(path) == int(expected + 0.999)


@pytest.mark.parametrize("bank", sorted(quiz.load_all()))
def test_quizzes_ask_for_understanding(bank: str) -> None:
    levels = [q.level for q in quiz.load(bank).questions]
    assert levels.count("remember") <= 2, f"{bank}: {levels.count('remember')} recall questions"
    assert set(levels) <= set(LEVELS)


def test_levels_agree_with_the_schema_and_show_in_the_course_map() -> None:
    schema = json.loads((ROOT / "course/quiz/schema.json").read_text(encoding="utf-8"))
    level = schema["definitions"]["question"]["properties"]["level"]
    assert tuple(level["enum"]) == LEVELS
    mix = lessons.course_map()["remember/understand/apply/analyse"]
    for number, cell in mix.items():
        counts = [int(n) for n in cell.split("/")]
        assert sum(counts) == len(quiz.load(f"l{number}").questions)


# ------------------------------------------------------------------ one package per lesson


@pytest.mark.parametrize("lesson", lessons.packages())
def test_a_lesson_package_holds_its_tasks_analysis_and_bank(lesson: str) -> None:
    import importlib

    from course.checks import Task

    package = importlib.import_module(f"course.lessons.{lesson}")
    tasks = importlib.import_module(f"course.lessons.{lesson}.tasks")
    analysis = importlib.import_module(f"course.lessons.{lesson}.analysis")
    task_names = {name for name, value in vars(tasks).items() if isinstance(value, Task)}
    public = {name for name in vars(analysis) if not name.startswith("_")}
    assert task_names, f"{lesson} has no tasks"
    assert not task_names & public, f"{lesson}: names both a task and an analysis function"
    for name in task_names:
        assert getattr(package, name) is getattr(tasks, name)
    for name in public - task_names:
        assert getattr(package, name) is getattr(analysis, name)
    assert task_names <= set(dir(package)) and {"tasks", "analysis"} <= set(dir(package))
    assert quiz.bank_path(lesson) == Path(package.__file__).with_name("quiz.yaml")
    with pytest.raises(AttributeError, match=f"lesson {lesson} has no 'no_such_thing'"):
        package.no_such_thing  # noqa: B018


def test_notebooks_written_before_the_lesson_packages_still_run() -> None:
    """Older copies (a student's edited notebook, an old hand-in) import the old names."""
    from course import checks, widgets
    from course.checks import l0
    from course.lessons import l0 as lesson0

    assert l0 is lesson0 and checks.l3 is lessons.l3 and widgets.l1 is lessons.l1
    assert widgets.l1.crossover is lessons.l1.analysis.crossover
    import course

    assert course.capstone.self_check is lessons.l8.capstone.self_check
