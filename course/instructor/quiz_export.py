"""The quiz banks out of Jupyter: ``course export-quiz LESSON|all --format qti|moodle``.

- ``qti``: a zip of IMS QTI 1.2 assessments, one per lesson, with an ``imsmanifest.xml``
  listing them as ``imsqti_xmlv1p2`` resources: the package Canvas's "QTI .zip file" import
  and Blackboard read. Question types and scoring follow Canvas's QTI 1.2 dialect
  (``question_type`` in ``itemmetadata``; ``response_lid``/``render_choice`` for choices,
  ``response_str``/``render_fib`` for typed answers; ``resprocessing`` setting ``SCORE`` to
  100; ``itemfeedback`` per option and ``general_fb``), as Canvas's own exports show them
  (QuizForge, ``User_Docs/Canvas_QTI_Patterns.md``, which documents a Canvas export: a
  numerical question is a ``response_str`` with ``render_fib fibtype="Decimal"`` and one
  ``respcondition`` bounding the answer by ``vargte``/``varlte``) and as the IMS QTI ASI 1.2
  binding (namespace ``ims_qtiasiv1p2``) defines the elements.
- ``moodle``: one Moodle XML file as Moodle's importer reads it (moodle/moodle,
  ``question/format/xml/format.php``; MoodleDocs, "Moodle XML format"): a ``category`` per
  lesson, then
  ``multichoice`` (single or multiple, fractions summing to 100 and wrong options negative),
  ``numerical`` (absolute tolerance), ``shortanswer`` and ``matching`` (distractors as
  subquestions with no text), each with per-answer feedback and ``generalfeedback``.

Numbers that come from the data are resolved from the shipped data when exporting.
Ordering questions are listed as not exported, never dropped in silence: Moodle's core
types have none (its ordering type is a plugin), and the ``ordering_question`` that Canvas's
newer quiz engine exports is a dialect this module does not write.
Prompts and feedback are Markdown, rendered to HTML with raw HTML escaped.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from course import ids
from course.instructor.common import UsageError, atomic_write

FORMATS = ("qti", "moodle")
UNSUPPORTED = {
    "ordering": "not exported: Moodle has no core ordering type, Canvas's is a newer dialect"
}
QTI_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "numeric": "numerical_question",
    "text": "short_answer_question",
    "matching": "matching_question",
}


@dataclass
class QuizExport:
    """What an export wrote, how many questions of each type, and what it left out (why)."""

    written: list[Path] = field(default_factory=list)
    exported: dict[str, int] = field(default_factory=dict)  # lesson -> questions written
    left_out: list[tuple[str, str, str]] = field(default_factory=list)  # lesson, id, reason


def _banks(lessons: str) -> dict:
    from course import quiz

    banks = quiz.load_all()
    if lessons == "all":
        return {lesson: quiz.resolve(bank) for lesson, bank in banks.items()}
    wanted = (
        lessons
        if ids.is_lesson_id(lessons)
        else ids.lesson_id(int(lessons))
        if lessons.isdigit()
        else ""
    )
    if wanted not in banks:
        known = ", ".join(banks)
        raise UsageError(f"No quiz for {lessons!r}: give all, a lesson number or an id ({known}).")
    return {wanted: quiz.resolve(banks[wanted])}


def _html(text: str) -> str:
    """Markdown as plain HTML paragraphs (raw HTML in the text escaped)."""
    from course.quiz.render import to_html

    return re.sub(
        r'<span class="course-para">(.*?)</span>', r"<p>\1</p>", to_html(text), flags=re.S
    )


def export_quiz(
    lessons: str = "all",
    *,
    fmt: str,
    output: str | os.PathLike,
    root: str | os.PathLike | None = None,
) -> QuizExport:
    """Write the banks of ``lessons`` (``all``, ``3`` or ``l3``) to ``output`` as ``fmt``."""
    if fmt not in FORMATS:
        raise UsageError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    report = QuizExport()
    banks = _banks(str(lessons))
    for lesson, bank in banks.items():
        for q in bank.questions:
            if q.type in UNSUPPORTED:
                report.left_out.append((lesson, q.id, UNSUPPORTED[q.type]))
        report.exported[lesson] = sum(q.type not in UNSUPPORTED for q in bank.questions)
    data = _qti_zip(banks) if fmt == "qti" else _xml(_moodle(banks))
    atomic_write(output, data)
    report.written.append(Path(output))
    return report


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


# ---------------------------------------------------------------- QTI 1.2 (Canvas)


def _qti_zip(banks: dict) -> bytes:
    manifest = ET.Element(
        "manifest",
        identifier="japan-sti-course-quizzes",
        xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
    )
    meta = _sub(manifest, "metadata")
    _sub(meta, "schema", "IMS Content")
    _sub(meta, "schemaversion", "1.1.3")
    _sub(manifest, "organizations")
    resources = _sub(manifest, "resources")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for lesson, bank in banks.items():
            href = f"{lesson}/{lesson}.xml"
            resource = _sub(resources, "resource", identifier=lesson, type="imsqti_xmlv1p2")
            _sub(resource, "file", href=href)
            archive.writestr(href, _xml(_assessment(lesson, bank)))
        archive.writestr("imsmanifest.xml", _xml(manifest))
    return buffer.getvalue()


def _assessment(lesson: str, bank) -> ET.Element:
    root = ET.Element("questestinterop", xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2")
    assessment = _sub(
        root, "assessment", ident=lesson, title=f"Lesson {ids.number(lesson)}: {bank.title}"
    )
    section = _sub(assessment, "section", ident="root_section")
    for q in bank.questions:
        if q.type not in UNSUPPORTED:
            _qti_item(section, lesson, q)
    return root


def _mattext(parent: ET.Element, html: str) -> None:
    material = _sub(parent, "material")
    _sub(material, "mattext", html, texttype="text/html")


def _qti_item(section: ET.Element, lesson: str, q) -> None:
    item = _sub(section, "item", ident=f"{lesson}-{q.id}", title=q.id)
    fields = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", QTI_TYPES[q.type]), ("points_possible", "1")):
        field_ = _sub(fields, "qtimetadatafield")
        _sub(field_, "fieldlabel", label)
        _sub(field_, "fieldentry", entry)
    presentation = _sub(item, "presentation")
    _mattext(presentation, _html(q.prompt + (f" (in {q.unit})" if q.unit else "")))
    processing = _sub(item, "resprocessing")
    outcomes = _sub(processing, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    feedback: dict[str, str] = {"general_fb": q.explanation}
    if q.type in ("single", "multiple"):
        cardinality = "Single" if q.type == "single" else "Multiple"
        lid = _sub(presentation, "response_lid", ident="response1", rcardinality=cardinality)
        choices = _sub(lid, "render_choice")
        for choice in q.choices:
            _mattext(_sub(choices, "response_label", ident=choice.id), _html(choice.text))
            feedback[f"{choice.id}_fb"] = choice.feedback
            condition = _sub(processing, "respcondition", continue_="Yes")
            _sub(_sub(condition, "conditionvar"), "varequal", choice.id, respident="response1")
            _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=f"{choice.id}_fb")
        right = [q.answer] if q.type == "single" else list(q.answer)
        condition = _sub(processing, "respcondition", continue_="No")
        match = _sub(_sub(condition, "conditionvar"), "and")
        for choice in q.choices:
            target = match if choice.id in right else _sub(match, "not")
            _sub(target, "varequal", choice.id, respident="response1")
        _sub(condition, "setvar", "100", action="Set", varname="SCORE")
    elif q.type in ("numeric", "text"):
        response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
        _sub(response, "render_fib", fibtype="Decimal" if q.type == "numeric" else "String")
        condition = _sub(processing, "respcondition", continue_="No")
        if q.type == "numeric":
            low, high = _range(q)
            either = _sub(_sub(condition, "conditionvar"), "or")
            _sub(either, "varequal", _number(q.answer), respident="response1")
            within = _sub(either, "and")
            _sub(within, "vargte", _number(low), respident="response1")
            _sub(within, "varlte", _number(high), respident="response1")
        else:
            accepted = _sub(condition, "conditionvar")
            for text in (q.answer, *q.accept):
                _sub(accepted, "varequal", text, respident="response1", case="No")
        _sub(condition, "setvar", "100", action="Set", varname="SCORE")
    else:  # matching: one response per term, each worth an equal share
        options = [(f"m{n}", text) for n, text in enumerate(_meanings(q))]
        share = 100 / len(q.items)
        for pair in q.items:
            lid = _sub(presentation, "response_lid", ident=f"response_{pair.id}")
            _mattext(lid, _html(pair.text))
            choices = _sub(lid, "render_choice")
            for ident, text in options:
                _mattext(_sub(choices, "response_label", ident=ident), _html(text))
            right = next(ident for ident, text in options if text == pair.match)
            condition = _sub(processing, "respcondition")
            _sub(
                _sub(condition, "conditionvar"), "varequal", right, respident=f"response_{pair.id}"
            )
            _sub(condition, "setvar", f"{share:.2f}", varname="SCORE", action="Add")
    for ident, text in feedback.items():
        body = _sub(_sub(item, "itemfeedback", ident=ident), "flow_mat")
        _mattext(body, _html(text))


def _meanings(q) -> list[str]:
    return sorted({*(pair.match for pair in q.items), *q.distractors}, key=str.casefold)


def _range(q) -> tuple[float, float]:
    margin = max(q.tol_abs, q.tol_rel * abs(q.answer))
    return q.answer - margin, q.answer + margin


def _number(value: float) -> str:
    return f"{value:.10g}"


# ---------------------------------------------------------------- Moodle XML


def _moodle(banks: dict) -> ET.Element:
    quiz = ET.Element("quiz")
    for lesson, bank in banks.items():
        category = _sub(quiz, "question", type="category")
        _sub(
            _sub(category, "category"),
            "text",
            f"$course$/Japan STI course/Lesson {ids.number(lesson)}",
        )
        for q in bank.questions:
            if q.type not in UNSUPPORTED:
                _moodle_question(quiz, lesson, q)
    return quiz


def _html_field(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = _sub(parent, tag, format="html")
    _sub(element, "text", _html(text))
    return element


def _fraction(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _moodle_question(quiz: ET.Element, lesson: str, q) -> None:
    kinds = {"single": "multichoice", "multiple": "multichoice", "numeric": "numerical"}
    kinds |= {"text": "shortanswer", "matching": "matching"}
    question = _sub(quiz, "question", type=kinds[q.type])
    _sub(_sub(question, "name"), "text", f"{lesson} {q.id}")
    _html_field(question, "questiontext", q.prompt + (f" (in {q.unit})" if q.unit else ""))
    _html_field(question, "generalfeedback", q.explanation)
    _sub(question, "defaultgrade", "1")
    if q.type in ("single", "multiple"):
        _sub(question, "single", "true" if q.type == "single" else "false")
        _sub(question, "shuffleanswers", "true" if q.shuffle else "false")
        _sub(question, "answernumbering", "abc")
        right = [q.answer] if q.type == "single" else list(q.answer)
        wrong = [c for c in q.choices if c.id not in right]
        for choice in q.choices:
            if choice.id in right:
                fraction = 100 / len(right)
            else:
                fraction = 0 if q.type == "single" else -100 / max(len(wrong), 1)
            answer = _sub(question, "answer", fraction=_fraction(fraction), format="html")
            _sub(answer, "text", _html(choice.text))
            _html_field(answer, "feedback", choice.feedback)
    elif q.type == "numeric":
        answer = _sub(question, "answer", fraction="100")
        _sub(answer, "text", _number(q.answer))
        _sub(answer, "tolerance", _number(_range(q)[1] - q.answer))
        _html_field(answer, "feedback", "Correct.")
        _sub(question, "unitgradingtype", "0")
    elif q.type == "text":
        _sub(question, "usecase", "0")
        for text in (q.answer, *q.accept):
            answer = _sub(question, "answer", fraction="100", format="plain_text")
            _sub(answer, "text", text)
            _html_field(answer, "feedback", "Correct.")
        for mistake in q.wrong:
            answer = _sub(question, "answer", fraction="0", format="plain_text")
            _sub(answer, "text", mistake.answer)
            _html_field(answer, "feedback", mistake.feedback)
    else:
        _sub(question, "shuffleanswers", "true")
        for pair in q.items:
            sub = _html_field(question, "subquestion", pair.text)
            _sub(_sub(sub, "answer"), "text", pair.match)
        for distractor in q.distractors:
            sub = _sub(question, "subquestion", format="html")
            _sub(sub, "text", "")
            _sub(_sub(sub, "answer"), "text", distractor)
