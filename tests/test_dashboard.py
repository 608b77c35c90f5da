"""course.dashboard: the state the page is given, the widget's traits and its button handlers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import types

import pytest

import course
from course import dashboard as dash
from course import progress

CATALOGUE = [
    {"id": "l0", "title": "Start here", "items": ["l0.q1", "l0.q2"]},
    {
        "id": "l1",
        "title": "R&D budgets",
        "items": ["l1.q1", "ex1", {"id": "l1.ex2", "label": "Plot"}],
    },
]


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    monkeypatch.setenv(progress.ENV_VAR, str(path))
    monkeypatch.setattr(progress, "_told", set())
    monkeypatch.setattr(progress, "_notices", [])
    monkeypatch.setattr(progress, "_unsaved", {})
    monkeypatch.chdir(tmp_path)
    return path


def test_state_reflects_progress_and_next_step(store):
    progress.record("l0", "q1", correct=True, kind="quiz")
    progress.record("l0", "q2", correct=False, kind="quiz")
    s = dash.state(CATALOGUE)
    first, second = s["lessons"]
    assert (first["done"], first["total"], first["correct"], first["percent"]) == (2, 2, 1, 100)
    assert (first["tried_text"], first["right_text"], first["left_text"]) == (
        "2 of 2",
        "1 of 2",
        "1 left",
    )
    assert first["complete"] and first["todo"] == ["Quiz question q2 (not yet right)"]
    assert (first["name"], first["title"]) == ("Lesson 0", "Start here")
    assert "bar" not in first  # progress is drawn once, by the page, from the counts
    assert second["todo"] == [
        "Quiz question q1 (not tried)",
        "Exercise ex1 (not tried)",
        "Exercise: Plot (not tried)",
    ]
    assert (second["done"], second["left"], second["left_text"]) == (0, 3, "3 left")
    assert s["next_step"] == "Next: lesson 1, the quiz."
    assert s["overall"] == "You have tried 2 of 5 items (40%); 1 answered correctly."
    assert s["progress_file"] == str(store)


def test_next_step_is_one_plain_sentence(store):
    catalogue = [
        {
            "id": "l2",
            "title": "Policy: the long title",
            "items": [
                {"id": "l2.q1", "kind": "quiz", "label": "Which body, chaired by the PM, …"},
                {"id": "l2.q2", "kind": "quiz", "label": "Another long prompt …"},
                {"id": "l2.t1", "kind": "exercise", "label": "Plot the budget"},
            ],
        }
    ]
    assert dash.state(catalogue)["next_step"] == "Next: lesson 2, the quiz."
    progress.record("l2", "q1", correct=False, kind="quiz")
    progress.record("l2", "q2", correct=True, kind="quiz")
    s = dash.state(catalogue)
    assert s["next_step"] == "Next: lesson 2, the exercise."  # nothing about the prompts
    assert s["lessons"][0]["title"] == "Policy"
    progress.record("l2", "t1", correct=False, kind="exercise")
    assert (
        dash.state(catalogue)["next_step"] == "Next: lesson 2, the quiz again (1 question to redo)."
    )
    progress.record("l2", "q1", correct=True, kind="quiz")
    assert (
        dash.state(catalogue)["next_step"] == "Next: lesson 2, the exercise again (1 task to redo)."
    )


def test_next_step_when_everything_is_tried(store):
    for lesson in dash.lesson_catalogue(CATALOGUE):
        for item_id in lesson["items"]:
            lesson_id, item = item_id.split(".")
            progress.record(lesson_id, item, correct=item != "ex1", kind="exercise")
    assert (
        dash.state(CATALOGUE)["next_step"] == "Next: lesson 1, the exercise again (1 task to redo)."
    )
    progress.record("l1", "ex1", correct=True, kind="exercise")
    assert dash.state(CATALOGUE)["next_step"].startswith("All done")


def test_only_some_lessons_shown(store):
    progress.record("l0", "q1", correct=True, kind="quiz")
    s = dash.state(CATALOGUE, only=["l1"])
    assert [row["id"] for row in s["lessons"]] == ["l1"]
    assert s["next_step"] == "Next: lesson 0, the quiz."  # still the course's next step
    assert s["overall"].startswith("You have tried 0 of 3 items")


def test_catalogue_from_course_lessons_when_it_exists(store, monkeypatch):
    fake = types.ModuleType("course.lessons")
    fake.catalogue = lambda: [{"id": "l3", "title": "Moonshot", "items": ["q1"]}]
    monkeypatch.setitem(sys.modules, "course.lessons", fake)
    monkeypatch.setattr(course, "lessons", fake, raising=False)
    [lesson] = dash.lesson_catalogue()
    assert lesson["items"] == ["l3.q1"] and lesson["title"] == "Moonshot"
    assert dash.state()["next_step"] == "Next: lesson 3, the quiz."


def test_catalogue_from_progress_file_otherwise(store, monkeypatch):
    monkeypatch.setitem(sys.modules, "course.lessons", None)  # no such module
    if "lessons" in vars(course):  # an attribute left by an earlier import
        monkeypatch.delattr(course, "lessons")
    assert dash.state()["next_step"].startswith("No lessons yet")
    for lesson, item in [("l10", "q1"), ("l2", "q10"), ("l2", "q9")]:
        progress.record(lesson, item, correct=True, kind="quiz")
    lessons = dash.lesson_catalogue()
    assert [(x["id"], x["items"]) for x in lessons] == [
        ("l2", ["l2.q9", "l2.q10"]),
        ("l10", ["l10.q1"]),
    ]
    assert dash.state()["next_step"].startswith("All done")


def test_widget_builds_with_accessible_markup(store):
    anywidget = pytest.importorskip("anywidget")
    progress.record("l0", "q1", correct=True, kind="quiz")
    w = dash.dashboard(CATALOGUE)
    assert isinstance(w, anywidget.AnyWidget)
    assert "course-dashboard" in w._dom_classes
    synced = set(w.keys)
    for name in ("lessons", "next_step", "overall", "notices", "status", "status_seq"):
        assert name in synced
    assert w.lessons[0]["done"] == 1 and w.next_step == "Next: lesson 0, the quiz."
    esm = w._esm
    for needle in (
        '"caption"',
        '"aria-label"',
        '"aria-expanded"',
        '"aria-controls"',
        '"aria-hidden": "true"',
        'role: "status"',
        '"aria-live": "polite"',
        'scope: "col"',
        '"data-lm-suppress-shortcuts"',
        "course-dashboard-status",
        '"label", { for:',
    ):
        assert needle in esm
    assert "innerHTML" not in esm  # text only: nothing from the state is parsed as HTML


def test_refresh_reads_new_answers_and_announces(store):
    pytest.importorskip("anywidget")
    w = dash.dashboard(CATALOGUE)
    assert w.lessons[0]["done"] == 0 and w.status == ""
    progress.record("l0", "q1", correct=True, kind="quiz")
    w.handle({"action": "refresh"})
    assert w.lessons[0]["done"] == 1 and w.status_seq == 1
    assert w.status == "Progress refreshed. Next: lesson 0, the quiz."
    w.handle({"action": "refresh"})
    assert w.status_seq == 2  # the same message again is announced again


def test_export_and_import_through_the_widget(store, tmp_path, monkeypatch):
    pytest.importorskip("anywidget")
    progress.record("l0", "q1", correct=True, kind="quiz")
    w = dash.dashboard(CATALOGUE)
    w.handle({"action": "export"})
    exported = tmp_path / progress.EXPORT_NAME
    assert str(exported) in w.status and exported.exists()
    assert json.loads(w.download_text)["items"]["l0.q1"]["attempts"] == 1
    assert w.download_name == progress.EXPORT_NAME

    monkeypatch.setenv(progress.ENV_VAR, str(tmp_path / "fresh" / "progress.json"))
    w.handle({"action": "refresh"})
    assert w.lessons[0]["done"] == 0
    w.handle({"action": "import_file", "name": "mine.json"}, [memoryview(exported.read_bytes())])
    assert w.status.startswith("Merged 1 item from mine.json") and w.lessons[0]["done"] == 1
    w.handle({"action": "import_path", "path": f"  {exported}  "})
    assert progress.load()["l0.q1"]["attempts"] == 1  # merging the same file twice adds nothing


@pytest.mark.parametrize(
    ("message", "buffers", "expected"),
    [
        ({"action": "import_path", "path": "nowhere.json"}, None, "could not be opened"),
        ({"action": "import_path", "path": "notes.json"}, None, "not a progress file"),
        ({"action": "import_path", "path": " "}, None, "Type the path"),
        ({"action": "import_file", "name": "x.ipynb"}, [b'{"cells": []}'], "x.ipynb is not"),
        ({"action": "import_file", "name": ""}, [], "Choose a progress file"),
    ],
)
def test_bad_imports_are_explained_and_change_nothing(store, tmp_path, message, buffers, expected):
    pytest.importorskip("anywidget")
    (tmp_path / "notes.json").write_text("[1, 2]")
    progress.record("l0", "q1", correct=True, kind="quiz")
    before = store.read_bytes()
    w = dash.dashboard(CATALOGUE)
    w.handle(message, buffers)
    assert expected in w.status
    assert store.read_bytes() == before


def test_bad_progress_file_notice_is_shown_in_the_dashboard(store):
    pytest.importorskip("anywidget")
    store.write_text("{ truncated")
    w = dash.dashboard(CATALOGUE)
    [notice] = w.notices
    assert "could not be read" in notice and "progress.json.corrupt-" in notice


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to parse the ES module")
def test_es_module_parses(tmp_path):
    module = tmp_path / "dashboard.mjs"
    module.write_text((dash.HERE / "dashboard.js").read_text(encoding="utf-8"))
    subprocess.run(["node", "--check", str(module)], check=True, capture_output=True)


def test_no_widget_where_nothing_is_recorded(monkeypatch) -> None:
    """A grading kernel (COURSE_PROGRESS_OFF) gets a one-line note, not a widget."""
    from course.dashboard import NotRecorded, dashboard

    monkeypatch.setenv(progress.OFF_VAR, "1")
    shown = dashboard(only=["l0"])
    assert isinstance(shown, NotRecorded) and "not recorded" in repr(shown)
