"""The quiz widget in Python: the comm message path, feedback, score, progress, no answer leaks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_quiz_sample import sample_bank

from course import quiz
from course.quiz.normalize import format_number
from course.quiz.session import QuizSession

pytestmark = pytest.mark.usefixtures("progress_file")  # a fresh file per test


def send(widget: quiz.QuizWidget, content: dict[str, Any]) -> None:
    """Deliver ``content`` exactly as the comm does: ipywidgets' ``_handle_msg``."""
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


def token(widget: quiz.QuizWidget, qid: str, key: str, kind: str = "") -> str:
    return widget._session.token(qid, key, kind)


def test_show_l0_check_updates_feedback_score_and_progress(progress_file: Path) -> None:
    widget = quiz.show("l0")
    assert widget.score["text"] == "0 of 5 correct so far (0 answered)."
    assert widget.feedback == {}

    send(
        widget,
        {
            "type": "check",
            "id": "stuck-on-exercise",
            "answer": token(widget, "stuck-on-exercise", "web"),
        },
    )
    entry = widget.feedback["stuck-on-exercise"]
    assert entry["symbol"] == "✗" and entry["message"].startswith("✗ Not yet — ")
    assert entry["can_reveal"] and entry["attempts"] == 1
    assert widget.score["text"] == "0 of 5 correct so far (1 answered)."

    send(
        widget,
        {
            "type": "check",
            "id": "stuck-on-exercise",
            "answer": token(widget, "stuck-on-exercise", "hint"),
        },
    )
    assert widget.feedback["stuck-on-exercise"]["message"].startswith("✓ Correct")
    send(widget, {"type": "check", "id": "rd-change-since-2008", "answer": "0.15 %"})
    assert widget.feedback["rd-change-since-2008"]["correct"] is True
    assert widget.score == {
        "correct": 2,
        "answered": 2,
        "total": 5,
        "text": "2 of 5 correct so far (2 answered).",
    }

    saved = json.loads(progress_file.read_text())["items"]
    assert saved["l0.stuck-on-exercise"]["attempts"] == 2
    assert saved["l0.stuck-on-exercise"]["correct"] is True
    # the choice ids, not the shuffled tokens: what the item analysis counts
    assert saved["l0.stuck-on-exercise"]["first_answer"] == "web"
    assert saved["l0.stuck-on-exercise"]["answer"] == "hint"
    assert saved["l0.stuck-on-exercise"]["first_correct"] is False
    assert saved["l0.rd-change-since-2008"]["answer"] == "0.15 %"
    assert (
        saved["l0.rd-change-since-2008"] | {"kind": "quiz", "lesson": "l0"}
        == saved["l0.rd-change-since-2008"]
    )


def test_every_l0_question_can_be_answered_right_through_the_widget() -> None:
    widget = quiz.show("l0")
    bank = widget._session.bank
    answers: dict[str, Any] = {
        "stuck-on-exercise": token(widget, "stuck-on-exercise", bank["stuck-on-exercise"].answer),
        "rd-change-since-2008": format_number(bank["rd-change-since-2008"].answer, 2),
        "events-in-order": [
            token(widget, "events-in-order", i.id) for i in bank["events-in-order"].items
        ],
        "what-charts-show": [
            token(widget, "what-charts-show", c) for c in bank["what-charts-show"].answer
        ],
        "indicator-units": {
            token(widget, "indicator-units", p.id): token(
                widget, "indicator-units", p.match, "meaning"
            )
            for p in bank["indicator-units"].items
        },
    }
    for qid, answer in answers.items():
        send(widget, {"type": "check", "id": qid, "answer": answer})
        assert widget.feedback[qid]["symbol"] == "✓", widget.feedback[qid]["message"]
    assert widget.score["text"] == "5 of 5 correct so far. All done, well done!"


def test_question_marks_do_not_count_as_attempts(progress_file: Path) -> None:
    widget = quiz.show("l0")
    send(widget, {"type": "check", "id": "rd-change-since-2008", "answer": "abc"})
    entry = widget.feedback["rd-change-since-2008"]
    assert entry["symbol"] == "?" and entry["attempts"] == 0 and not entry["can_reveal"]
    assert not progress_file.exists()
    send(widget, {"type": "check", "id": "rd-change-since-2008", "answer": "abc"})
    assert widget.feedback["rd-change-since-2008"]["seq"] == 2  # a repeat is announced again


def test_reveal_only_after_an_attempt() -> None:
    widget = quiz.show("l0", ids=["rd-change-since-2008"])
    send(widget, {"type": "reveal", "id": "rd-change-since-2008"})
    message = widget.feedback["rd-change-since-2008"]["message"]
    assert message.startswith("? Not checked — Try an answer first")
    send(widget, {"type": "check", "id": "rd-change-since-2008", "answer": "2"})
    send(widget, {"type": "reveal", "id": "rd-change-since-2008"})
    message = widget.feedback["rd-change-since-2008"]["message"]
    assert message.startswith("✗ Answer shown — The answer: 0.15 percentage points.")
    assert "high and nearly flat" in message
    assert widget.feedback["rd-change-since-2008"]["can_reveal"] is False


def test_show_a_subset_by_id() -> None:
    widget = quiz.show("l0", ids=["indicator-units", "stuck-on-exercise"])
    assert [v["id"] for v in widget.questions] == ["indicator-units", "stuck-on-exercise"]
    assert widget.score["total"] == 2
    with pytest.raises(KeyError, match="ids: stuck-on-exercise"):
        quiz.show("l0", ids=["nope"])


@pytest.mark.parametrize(
    "content",
    [
        None,
        "check",
        {},
        {"type": "check"},
        {"type": "check", "id": 3},
        {"type": "dance", "id": "rd-change-since-2008"},
        {"type": "check", "id": "not-a-question", "answer": "x"},
        {"type": "check", "id": "events-in-order", "answer": {"a": [1, {}]}},
    ],
)
def test_odd_messages_never_raise(content: Any) -> None:
    widget = quiz.show("l0")
    send(widget, content)
    for entry in widget.feedback.values():
        assert entry["symbol"] == "?"


def test_a_progress_failure_never_breaks_the_quiz(monkeypatch: pytest.MonkeyPatch) -> None:
    from course import progress

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(progress, "record", broken)
    widget = quiz.show("l0")
    with pytest.warns(RuntimeWarning, match="disk full"):
        send(widget, {"type": "check", "id": "rd-change-since-2008", "answer": "0.15"})
    assert widget.feedback["rd-change-since-2008"]["symbol"] == "✓"


def test_a_grading_crash_becomes_a_question_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    widget = quiz.show("l0")

    def crash(*args: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(widget._session, "check", crash)
    send(widget, {"type": "check", "id": "rd-change-since-2008", "answer": "0.15"})
    assert widget.feedback["rd-change-since-2008"]["message"].startswith("⚠ Couldn't check — Sorry")


# ---------------------------------------------------------------- no answer key in state or output


def secrets_of(bank: quiz.Bank) -> list[str]:
    """Every string that would give an answer away before the learner has answered."""
    found: list[str] = []
    for q in bank.questions:
        found.append(q.explanation)
        found += [c.feedback for c in q.choices] + [w.feedback for w in q.wrong]
        found += [i.feedback for i in q.items if i.feedback]
        if q.type == "text":
            found += [q.answer, *q.accept]
        if q.type == "numeric":
            value = float(q.answer)
            found += [repr(value), format_number(value, q.digits), format_number(value)]
    return found


def assert_no_key(text: str, bank: quiz.Bank) -> None:
    for secret in secrets_of(bank):
        assert secret not in text, f"answer key leaked: {secret!r}"


@pytest.mark.parametrize("which", ["l0", "sample"])
def test_no_answer_key_in_widget_state_or_text_output(which: str, tmp_path: Path) -> None:
    bank = quiz.load("l0") if which == "l0" else sample_bank(tmp_path)
    widget = quiz.show(bank)
    assets = {"_css", "_esm"}  # the widget's static code and style: the same for every bank
    data = {k: v for k, v in widget.get_state().items() if k not in assets}
    state = json.dumps(data, ensure_ascii=False, default=str)
    resolved = widget._session.bank
    assert_no_key(state, resolved)
    plain = widget._repr_mimebundle_()[0]["text/plain"]
    assert_no_key(plain, resolved)
    assert "application/vnd.jupyter.widget-view+json" in widget._repr_mimebundle_()[0]
    for view in widget.questions:
        assert not {"answer", "correct", "explanation", "feedback", "accept", "wrong"} & set(view)
        for option in [
            *view.get("choices", []),
            *view.get("items", []),
            *view.get("terms", []),
            *view.get("targets", []),
        ]:
            assert re.fullmatch(r"o[0-9a-f]{10}", option["token"])


def test_starting_orders_never_give_the_answer(tmp_path: Path) -> None:
    bank = sample_bank(tmp_path)
    for seed in range(30):
        session = QuizSession(bank, seed=seed, record=False)
        for view in session.views():
            q = bank[view["id"]]
            if q.type == "ordering":
                shown = [session._decode(q.id, i["token"]) for i in view["items"]]
                assert shown != [i.id for i in q.items]
            if q.type == "matching":
                shown = [session._decode(q.id, t["token"]) for t in view["targets"]]
                assert shown[: len(q.items)] != [i.match for i in q.items]


def test_shuffle_is_stable_within_a_session_and_varies_with_the_seed() -> None:
    bank = quiz.load("l0")

    def order(seed: int | None) -> list[str]:
        view = QuizSession(bank, seed=seed, record=False).views()[3]
        return [c["html"] for c in view["choices"]]

    assert order(None) == order(None)
    assert len({tuple(order(seed)) for seed in range(8)}) > 1


def test_plain_text_lists_every_question(tmp_path: Path) -> None:
    widget = quiz.show("l0")
    plain = widget._repr_mimebundle_()[0]["text/plain"]
    assert plain.startswith("Quiz l0:")
    for n, q in enumerate(widget._session.questions, 1):
        assert f"{n}. {' '.join(q.prompt.split())[:40]}" in plain
    assert plain == quiz.show("l0", seed=99)._repr_mimebundle_()[0]["text/plain"]  # nbval-stable


def test_prompts_are_markdown_with_html_escaped(tmp_path: Path) -> None:
    from test_quiz_sample import sample, write_bank

    data = sample()
    data["questions"][0]["prompt"] = "Is **this** <script>alert(1)</script> safe?"
    widget = quiz.show(quiz.load(write_bank(tmp_path, data)))
    prompt = widget.questions[0]["prompt"]
    assert "<strong>this</strong>" in prompt and "<script>" not in prompt


# ---------------------------------------------------------------- the front-end file


def test_front_end_has_the_accessible_structure() -> None:
    js = (Path(quiz.__file__).parent / "widget.js").read_text()
    for needle in [
        '"fieldset"',
        '"legend"',
        'role: "status"',
        '"aria-live": "polite"',
        "stopPropagation",
        '"course-quiz"',
        '"course-q"',
        '"data-qid"',
        '"course-check"',
        '"course-feedback"',
        '"course-score"',
        'type: "button"',
        'model.send({ type: "check", id: q.id, answer: read() })',
        '"aria-label": `Move',
        'make("label", { for: id',
    ]:
        assert needle in js, needle
