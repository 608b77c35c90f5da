"""Review mode (spaced practice): Leitner boxes from the progress file, the order of a
review, what an answer does to the schedule, and the schedule surviving export/import."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import course
from course import dashboard, data, progress, quiz, spaced

NOW = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)
L0 = quiz.load("l0").ids
L2 = quiz.load("l2").ids


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "progress.json"
    monkeypatch.setenv(progress.ENV_VAR, str(path))
    for name, value in (("_told", set()), ("_notices", []), ("_unsaved", {})):
        monkeypatch.setattr(progress, name, value)
    monkeypatch.setattr(progress, "_unsaved_attempts", {})
    return path


def entry(lesson: str, item: str, *, first: bool, attempts: int = 1, days_ago: float = 0) -> dict:
    when = (NOW - timedelta(days=days_ago)).isoformat()
    return {"lesson": lesson, "item": item, "kind": "quiz", "attempts": attempts,
            "correct": True, "ever_correct": True, "first": when, "last": when,
            "first_correct": first}  # fmt: skip


def write(path: Path, entries: list[dict]) -> None:
    items = {f"{e['lesson']}.{e['item']}": e for e in entries}
    path.write_text(json.dumps({"format": progress.FORMAT, "version": 1, "items": items}))


def test_boxes_come_from_history_when_not_stored() -> None:
    assert spaced.box_of(entry("l0", "a", first=False)) == (0, NOW)
    assert spaced.box_of(entry("l0", "a", first=True, attempts=3)) == (0, NOW)  # several tries
    assert spaced.box_of(entry("l0", "a", first=True)) == (1, NOW + timedelta(days=1))
    stored = {
        **entry("l0", "a", first=True),
        "box": 3,
        "due": (NOW + timedelta(days=7)).isoformat(),
    }
    assert spaced.box_of(stored) == (3, NOW + timedelta(days=7))


def test_wrong_ones_first_lessons_interleaved_then_the_soonest(store: Path) -> None:
    write(
        store,
        [
            entry("l0", L0[0], first=False, days_ago=2),
            entry("l0", L0[1], first=False, days_ago=1),
            entry("l2", L2[0], first=False, days_ago=1),
            entry("l0", L0[2], first=True, days_ago=5),  # box 1, due 4 days ago
            entry("l2", L2[1], first=True),  # box 1, due tomorrow
            entry("l0", "no-such-question", first=False),  # not in the bank: never asked
        ],
    )
    rows = spaced.schedule(now=NOW)
    order = [(lesson, qid) for lesson, qid, *_ in rows]
    assert order == [("l0", L0[0]), ("l2", L2[0]), ("l0", L0[1]), ("l0", L0[2]), ("l2", L2[1])]
    assert spaced.due_count(now=NOW) == 4


def test_answers_move_items_between_boxes(store: Path) -> None:
    write(store, [entry("l0", L0[0], first=False), entry("l0", L0[1], first=True)])
    spaced.after_answer("l0", L0[0], True, "a", now=NOW)  # box 0 -> 1
    item = progress.load()[f"l0.{L0[0]}"]
    assert (item["box"], item["due"]) == (1, progress._iso(NOW + timedelta(days=1)))
    assert item["attempts"] == 2 and item["answer"] == "a"
    spaced.after_answer("l0", L0[1], True, now=NOW)  # due tomorrow: early, keeps box 1
    assert progress.load()[f"l0.{L0[1]}"]["box"] == 1
    later = NOW + timedelta(days=2)
    spaced.after_answer("l0", L0[0], True, now=later)  # due: box 1 -> 2
    assert progress.load()[f"l0.{L0[0]}"]["box"] == 2
    spaced.after_answer("l0", L0[0], False, now=later)  # wrong: back to box 0, due now
    item = progress.load()[f"l0.{L0[0]}"]
    assert (item["box"], item["due"]) == (0, progress._iso(later))


def test_the_schedule_survives_export_and_import(store: Path, tmp_path: Path, monkeypatch) -> None:
    write(store, [entry("l0", L0[0], first=False)])
    spaced.after_answer("l0", L0[0], True, now=NOW)
    before = spaced.schedule(now=NOW)
    exported = progress.export(tmp_path / "out")
    monkeypatch.setenv(progress.ENV_VAR, str(tmp_path / "binder" / "progress.json"))
    progress.import_(exported)
    assert spaced.schedule(now=NOW) == before and before[0][2] == 1


def test_a_damaged_file_still_gives_a_schedule(store: Path) -> None:
    good = entry("l0", L0[0], first=False)
    items = {f"l0.{L0[0]}": good, "l0.bad": {"attempts": "many"}, "l0.box": {**good, "box": "x"}}
    store.write_text(json.dumps({"format": progress.FORMAT, "version": 1, "items": items}))
    rows = spaced.schedule(now=NOW)
    assert [(r[0], r[1], r[2]) for r in rows] == [("l0", L0[0], 0)]


def send(widget: Any, content: dict) -> None:
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


def test_review_asks_the_due_questions_and_the_dashboard_count_falls(store: Path) -> None:
    bank = quiz.resolve(quiz.load("l0"))
    single = next(q for q in bank.questions if q.type == "single")
    write(store, [entry("l0", single.id, first=False)])
    assert "1 question is due" in dashboard.state()["review"]
    widget = course.review(seed=1)
    assert [q["id"] for q in widget.questions] == [f"l0-{single.id}"]
    assert "Review: 1 question from lesson 0" in widget.title
    qid = f"l0-{single.id}"
    send(widget, {"type": "check", "id": qid, "answer": widget._session.token(qid, single.answer)})
    assert widget.feedback[qid]["message"].startswith("✓")
    saved = progress.load()[f"l0.{single.id}"]
    assert saved["box"] == 1 and saved["attempts"] == 2 and saved["answer"] == single.answer
    assert "nothing is due" in dashboard.state()["review"]


def test_nothing_to_review_says_so() -> None:
    shown = course.review()
    assert "answer a lesson's quiz first" in repr(shown)


def test_a_data_backed_question_comes_back_about_another_economy(store: Path) -> None:
    """Review asks the marked numeric question about another economy, graded from the
    data, and records the attempt under the original question."""
    write(store, [entry("l0", "rd-change-since-2008", first=False)])
    widget = course.review(seed=5)
    qid = "l0-rd-change-since-2008"
    (view,) = [q for q in widget.questions if q["id"] == qid]
    session_q = widget._session.bank[qid]
    code = session_q.answer_from.country
    assert code != "JPN" and code in quiz.load("l0")["rd-change-since-2008"].vary[0]
    name = data.country_name(code)
    assert name in view["prompt"] and "Japan's R&D" not in view["prompt"]
    change = data.value("rd_expenditure_pct_gdp", code, 2023) - data.value(
        "rd_expenditure_pct_gdp", code, 2008
    )
    send(widget, {"type": "check", "id": qid, "answer": f"{change:.2f}"})
    assert widget.feedback[qid]["message"].startswith("✓")
    saved = progress.load()["l0.rd-change-since-2008"]
    assert saved["attempts"] == 2 and saved["box"] == 1


def test_variants_differ_by_seed_and_keep_unmarked_questions() -> None:
    q = quiz.load("l4")["articles-change"]
    codes = {spaced.variant(q, seed=s).answer_from.country for s in range(20)}
    assert len(codes) > 1 and "JPN" not in codes
    plain = quiz.load("l0")["stuck-on-exercise"]
    assert spaced.variant(plain, seed=1) == quiz.resolve(quiz.load("l0"))["stuck-on-exercise"]
