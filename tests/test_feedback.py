"""The one feedback core (course/feedback.py): every kind of verdict reads the same, as text
and as HTML, through each path that gives one: the quiz, an exercise check, the capstone's
self-check and the grader's feedback page."""

from __future__ import annotations

import warnings

import pytest

from course import feedback, quiz
from course.checks import Task
from course.checks.compare import Number
from course.instructor.grade import pages
from course.instructor.grade.results import Graded, TaskResult, say
from course.lessons.l8 import capstone
from course.quiz.session import QuizSession


@pytest.mark.parametrize("kind", list(feedback.TONES))
def test_every_kind_reads_the_same_as_text_and_html(kind: str) -> None:
    symbol, word, colour = feedback.TONES[kind]
    text = feedback.message(kind, "US$ 5 and US$ 6 <b>`x`</b>")
    assert text == f"{symbol} {word} — US$ 5 and US$ 6 <b>`x`</b>"
    assert feedback.split(text) == (kind, "US$ 5 and US$ 6 <b>`x`</b>")
    page = feedback.to_html(kind, "US$ 5 and US$ 6 <b>`x`</b>\nsecond line")
    assert f'<strong style="color:{colour}">{symbol} {word}</strong> — ' in page
    assert feedback.NO_MATHS in page and "<b>" not in page and "&lt;b&gt;" in page
    assert "<code>x</code>" in page and "<br>second line" in page
    under = feedback.message(kind, "\nunder")
    assert under == f"{symbol} {word}\nunder" and feedback.split(under) == (kind, "\nunder")


def test_text_that_is_not_a_verdict_is_shown_as_an_error() -> None:
    assert feedback.split("a message from an older grader") == (
        "error",
        "a message from an older grader",
    )


def test_the_quiz_speaks_through_the_core() -> None:
    session = QuizSession(quiz.load("l0"), record=False)
    single = next(q for q in session.questions if q.type == "single")
    numeric = next(q for q in session.questions if q.type == "numeric")
    wrong = next(c.id for c in single.choices if c.id != single.answer)
    cases = [
        (single.id, session.token(single.id, single.answer), "correct"),
        (single.id, session.token(single.id, wrong), "wrong"),
        (numeric.id, "not a number", "unsure"),
    ]
    for qid, answer, kind in cases:
        entry = session.check(qid, answer)
        assert feedback.split(entry["message"])[0] == kind, entry["message"]
        assert entry["html"] == feedback.to_html(*feedback.split(entry["message"]))
    shown = session.reveal(single.id)
    assert shown["message"].startswith("✗ Answer shown — ")


def test_a_check_speaks_through_the_core() -> None:
    task = Task("t9.one", "One", expected=lambda: 1.0, compare=Number(), hints=("Think.",))
    for value, kind in ((1.0, "correct"), (2.0, "wrong"), (..., "unattempted")):
        result = task.check(value)
        assert (result.status, feedback.split(result.message)[0]) == (kind, kind)
        assert result._repr_html_() == feedback.to_html(*feedback.split(result.message))
    assert repr(task.hint()).startswith("💡 Hint — 1 of 1: Think.")
    assert "course-verdict-solution" in task.solution()._repr_html_()


def test_numbers_are_explained_the_same_in_the_quiz_and_the_checks() -> None:
    says = feedback.explain_number(344, 3.44)
    assert says.startswith("Your answer: about 100 times too large")
    task = Task("t9.two", "Two", expected=lambda: 3.44, compare=Number())
    assert says in task.check(344.0).message
    question = next(q for q in quiz.resolve(quiz.load("l0")).questions if q.type == "numeric")
    right = float(question.answer)
    expected = feedback.explain_number(right * 100, right)
    assert expected.startswith("Your answer: about 100 times too large")
    assert expected in quiz.grade(question, str(right * 100)).message


def test_the_capstone_and_the_grader_speak_through_the_core() -> None:
    empty = capstone.self_check("", record=False)._repr_html_()
    assert "course-verdict-unattempted" in empty and "… Not attempted yet" in empty
    messages = [
        say("your answer cell raised ZeroDivisionError."),
        feedback.message("correct", "One."),
        feedback.message("wrong", "Your answer: right size, wrong sign."),
    ]
    tasks = [
        TaskResult(f"t9.t{i}", "A task", 0.0, 1.0, "error", text) for i, text in enumerate(messages)
    ]
    result = Graded("ann", "09_x", "ann/09_x.ipynb", key="k", status="ok", tasks=tasks)
    page = pages.page_html("ann", [result], {})
    for text in messages:
        assert feedback.to_html(*feedback.split(text)) in page


def test_a_failed_save_is_one_warning_never_a_broken_check() -> None:
    with pytest.warns(RuntimeWarning, match="Progress not saved: kind must be one of"):
        feedback.record_attempt("l0", "rd_latest", correct=True, kind="no such kind")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        feedback.message("correct", "no recording here")
