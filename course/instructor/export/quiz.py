"""The quiz banks out of Jupyter: ``course export-quiz LESSON|all --format qti|moodle``.

``qti`` writes a zip for Canvas's "QTI .zip file" import (and Blackboard's QTI 1.2
import): ``imsmanifest.xml`` listing one ``imsqti_xmlv1p2`` resource per lesson,
``lN/lN.xml``, each a ``questestinterop/assessment/section/item`` file. Items follow the
structure Canvas writes in its own QTI 1.2 export (``question_type`` metadata, the
``general_fb``/``general_incorrect_fb``/``<id>_fb`` feedback idents, one scoring
``respcondition`` per type), which its importer reads back:

- IMS QTI ASI XML Binding 1.2: http://www.imsglobal.org/question/qtiv1p2/imsqti_asi_bindv1p2.html
- Canvas's exporter: https://github.com/instructure/canvas-lms/blob/master/lib/cc/qti/qti_items.rb
  (types, feedback, numerical exact+margin) and ``lib/cc/qti/qti_manifest.rb`` (the manifest)
- Canvas's importer of ordering: https://github.com/instructure/canvas-lms/blob/master/gems/plugins/qti_exporter/lib/qti/order_interaction.rb
  (an ordering becomes a ``matching_question`` from positions 1..n to the items, as here)
- Canvas question types: https://canvas.instructure.com/doc/api/quiz_questions.html

``moodle`` writes one Moodle XML file, a ``category`` per lesson then its questions:

- MoodleDocs, Moodle XML format: https://docs.moodle.org/en/Moodle_XML_format
- the importer: https://github.com/moodle/moodle/blob/main/question/format/xml/format.php
  (``import_multichoice``/``numerical``/``shortanswer``/``match``, fractions in percent)
- ordering (a core type since Moodle 4.4, the qtype_ordering plugin before):
  https://github.com/moodle/moodle/blob/main/question/type/ordering/questiontype.php
  (``import_from_xml``) and its ``tests/fixtures/testquestion.moodle.xml``

Data-backed numbers are read from the shipped data at export. Prompts and feedback are
Markdown rendered by the course's own renderer (raw HTML escaped, ``$`` literal). What a
format cannot hold is listed in the report, never dropped in silence.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from xml.etree import ElementTree as ET

from course import ids
from course.instructor.common import UsageError, atomic_write

if TYPE_CHECKING:
    from course.quiz.model import Bank, Question

FORMATS = ("qti", "moodle")
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
QTI_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "numeric": "numerical_question",
    "text": "short_answer_question",
    "matching": "matching_question",
    "ordering": "matching_question",
}
MOODLE_TYPES = {
    "single": "multichoice",
    "multiple": "multichoice",
    "numeric": "numerical",
    "text": "shortanswer",
    "matching": "matching",
    "ordering": "ordering",
}
NOTES = {
    "qti": [
        "ordering -> matching_question from positions 1..n to the items (Canvas's own import "
        "of an ordering); Canvas gives partial credit per position",
        "typical wrong answers of numeric and text questions -> the question's incorrect "
        "feedback (Canvas marks every listed short answer right)",
    ],
    "moodle": [
        "ordering -> type ordering, all-or-nothing like the course: core since Moodle 4.4; an "
        "older Moodle needs the qtype_ordering plugin or rejects it (xmltypeunsupported)",
        "matching: Moodle has no per-pair feedback; the pairs' feedback is the question's "
        "partially correct and incorrect feedback",
    ],
}


@dataclass
class ExportReport:
    """What an export wrote, how many questions of each type per lesson, what it left out."""

    fmt: str
    written: list[Path] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # lesson -> type -> n
    not_exported: list[tuple[str, str, str]] = field(default_factory=list)  # lesson, id, why
    notes: list[str] = field(default_factory=list)  # how types were mapped

    @property
    def exported(self) -> dict[str, int]:
        """Questions written per lesson."""
        return {lesson: sum(types.values()) for lesson, types in self.counts.items()}


def export_quiz(
    lessons: str = "all",
    *,
    fmt: str,
    output: str | os.PathLike[str],
    root: str | os.PathLike[str] | None = None,
) -> ExportReport:
    """Write the banks of ``lessons`` (``all``, ``3`` or ``l3``) to ``output`` as ``fmt``.

    A relative ``output`` is taken inside ``root`` when one is given.
    """
    if fmt not in FORMATS:
        raise UsageError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    banks = _banks(str(lessons))
    report = ExportReport(fmt, notes=list(NOTES[fmt]))
    chosen: dict[str, Any] = {}
    for lesson, bank in banks.items():
        chosen[lesson] = []
        for q in bank.questions:
            reason = _cannot(fmt, q)
            if reason:
                report.not_exported.append((lesson, q.id, reason))
            else:
                chosen[lesson].append(q)
        count = Counter(q.type for q in chosen[lesson])
        report.counts[lesson] = {kind: count[kind] for kind in QTI_TYPES if count[kind]}
    path = Path(root or ".") / output
    if fmt == "qti":
        data = _qti_zip({lesson: (banks[lesson], qs) for lesson, qs in chosen.items()})
    else:
        data = _xml(_moodle({lesson: (banks[lesson], qs) for lesson, qs in chosen.items()}))
    atomic_write(path, data)
    report.written.append(path)
    return report


def _banks(lessons: str) -> dict[str, Any]:
    from course import quiz

    banks = quiz.load_all()
    if lessons == "all":
        wanted = list(banks)
    else:
        name = ids.lesson_id(int(lessons)) if lessons.isdigit() else lessons
        if name not in banks:
            known = ", ".join(banks)
            raise UsageError(
                f"No quiz for {lessons!r}: give all, a lesson number or an id ({known})."
            )
        wanted = [name]
    return {lesson: quiz.resolve(banks[lesson]) for lesson in wanted}


def _cannot(fmt: str, q: Question) -> str:
    """Why ``q`` cannot be written in ``fmt`` ('' when it can)."""
    if q.type not in QTI_TYPES:
        return f"type {q.type!r} has no {fmt} equivalent"
    small = len(q.items) < 2 or len(q.items) + len(q.distractors) < 3
    if fmt == "moodle" and q.type == "matching" and small:
        return "Moodle matching needs 2 pairs and 3 answers"
    if q.type == "ordering" and len(q.items) < 2:
        return "an ordering needs 2 items"
    return ""


def _html(text: str) -> str:
    """Markdown as HTML paragraphs, raw HTML in the text escaped, ``$`` kept."""
    from course.feedback import markdown_html

    return re.sub(
        r'<span class="course-para">(.*?)</span>', r"<p>\1</p>", markdown_html(text), flags=re.S
    )


def _prompt(q: Question) -> str:
    unit = f" (in {q.unit})" if q.unit else ""
    return _html(q.prompt + unit)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return cast(bytes, ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _number(value: float) -> str:
    return f"{value:.12g}"


def _margin(q: Question, target: float, factor: float = 1.0) -> float:
    """The course's tolerance around ``target``, as an absolute margin."""
    return max(q.tol_abs * factor, q.tol_rel * abs(target))


def _wrong_numbers(q: Question) -> list[tuple[float, float, str]]:
    """Typical wrong numbers of ``q``: (value, margin, feedback)."""
    out = []
    for w in q.wrong:
        target = cast(float, q.answer * w.times if w.times is not None else w.value)
        factor = abs(w.times) if w.times is not None else 1.0
        out.append((target, _margin(q, target, factor), w.feedback))
    return out


def _mistakes(q: Question) -> str:
    """The typical wrong answers of a numeric or text question, as one feedback text."""
    pairs: list[tuple[object, str]]
    if q.type == "numeric":
        pairs = [(_number(value), text) for value, _, text in _wrong_numbers(q)]
    else:
        pairs = [(w.answer, w.feedback) for w in q.wrong]
    return "\n\n".join(f"If you answered {answer}: {text}" for answer, text in pairs)


def _pairs(q: Question) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    """A matching (or an ordering as one): (ident, term, right option, feedback), options."""
    if q.type == "ordering":
        pairs = [(f"pos{n}", str(n), item.text, item.feedback) for n, item in enumerate(q.items, 1)]
        return pairs, sorted((item.text for item in q.items), key=str.casefold)
    pairs = [(item.id, item.text, item.match, item.feedback) for item in q.items]
    options = {*(item.match for item in q.items), *q.distractors}
    return pairs, sorted(options, key=str.casefold)


# ---------------------------------------------------------------- QTI 1.2 (Canvas)


def _qti_zip(banks: dict[str, Any]) -> bytes:
    manifest = ET.Element("manifest", identifier="japan-sti-course-quizzes", xmlns=MANIFEST)
    meta = _sub(manifest, "metadata")
    _sub(meta, "schema", "IMS Content")
    _sub(meta, "schemaversion", "1.1.3")
    _sub(manifest, "organizations")
    resources = _sub(manifest, "resources")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for lesson, (bank, questions) in banks.items():
            href = f"{lesson}/{lesson}.xml"
            resource = _sub(resources, "resource", identifier=lesson, type="imsqti_xmlv1p2")
            _sub(resource, "file", href=href)
            _zip_write(archive, href, _xml(_assessment(lesson, bank, questions)))
        _zip_write(archive, "imsmanifest.xml", _xml(manifest))
    return buffer.getvalue()


def _zip_write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """A member with a fixed date, so the same banks give the same zip."""
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _assessment(lesson: str, bank: Bank, questions: list[Any]) -> ET.Element:
    root = ET.Element("questestinterop", xmlns=QTI)
    title = f"Lesson {ids.number(lesson)}: {bank.title}"
    section = _sub(
        _sub(root, "assessment", ident=lesson, title=title), "section", ident="root_section"
    )
    for q in questions:
        _qti_item(section, lesson, q)
    return root


def _mattext(parent: ET.Element, html: str) -> None:
    _sub(_sub(parent, "material"), "mattext", html, texttype="text/html")


def _condition(processing: ET.Element, cont: str | None = None) -> tuple[ET.Element, ET.Element]:
    condition = _sub(processing, "respcondition", **({"continue_": cont} if cont else {}))
    return condition, _sub(condition, "conditionvar")


def _show(processing: ET.Element, ident: str) -> None:
    """Show feedback ``ident`` whatever the answer (Canvas: neutral/incorrect comments)."""
    condition, test = _condition(processing, "Yes")
    _sub(test, "other")
    _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=ident)


def _qti_item(section: ET.Element, lesson: str, q: Question) -> None:
    item = _sub(section, "item", ident=f"{lesson}-{q.id}", title=q.id)
    fields = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", QTI_TYPES[q.type]), ("points_possible", "1")):
        meta = _sub(fields, "qtimetadatafield")
        _sub(meta, "fieldlabel", label)
        _sub(meta, "fieldentry", entry)
    presentation = _sub(item, "presentation")
    note = " Give each position (1 = top) its item." if q.type == "ordering" else ""
    _mattext(presentation, _prompt(q) + (f"<p>{note.strip()}</p>" if note else ""))
    processing = _sub(item, "resprocessing")
    _sub(
        _sub(processing, "outcomes"),
        "decvar",
        maxvalue="100",
        minvalue="0",
        varname="SCORE",
        vartype="Decimal",
    )
    feedback = {"general_fb": q.explanation}
    _show(processing, "general_fb")
    if q.type in ("single", "multiple"):
        cardinality = "Single" if q.type == "single" else "Multiple"
        lid = _sub(presentation, "response_lid", ident="response1", rcardinality=cardinality)
        choices = _sub(lid, "render_choice")
        for choice in q.choices:
            _mattext(_sub(choices, "response_label", ident=choice.id), _html(choice.text))
            feedback[f"{choice.id}_fb"] = choice.feedback
            condition, test = _condition(processing, "Yes")
            _sub(test, "varequal", choice.id, respident="response1")
            _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=f"{choice.id}_fb")
        condition, test = _condition(processing, "No")
        if q.type == "single":
            _sub(test, "varequal", q.answer, respident="response1")
        else:
            both = _sub(test, "and")
            for choice in q.choices:
                target = both if choice.id in q.answer else _sub(both, "not")
                _sub(target, "varequal", choice.id, respident="response1")
        _sub(condition, "setvar", "100", action="Set", varname="SCORE")
    elif q.type in ("numeric", "text"):
        response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
        fib = _sub(
            response, "render_fib", **({"fibtype": "Decimal"} if q.type == "numeric" else {})
        )
        _sub(fib, "response_label", ident="answer1")
        condition, test = _condition(processing, "No")
        if q.type == "numeric":
            either = _sub(test, "or")
            _sub(either, "varequal", _number(q.answer), respident="response1")
            within = _sub(either, "and")
            margin = _margin(q, q.answer)
            _sub(within, "vargte", _number(q.answer - margin), respident="response1")
            _sub(within, "varlte", _number(q.answer + margin), respident="response1")
        else:
            for text in (q.answer, *q.accept):
                _sub(test, "varequal", text, respident="response1")
        _sub(condition, "setvar", "100", action="Set", varname="SCORE")
        if q.wrong:
            feedback["general_incorrect_fb"] = _mistakes(q)
            _show(processing, "general_incorrect_fb")
    else:  # matching, and ordering as matching: one response per term, equal shares
        pairs, options = _pairs(q)
        idents = {text: f"m{n}" for n, text in enumerate(options, 1)}
        share = f"{100 / len(pairs):.2f}"
        for ident, term, right, text in pairs:
            lid = _sub(presentation, "response_lid", ident=f"response_{ident}")
            _mattext(lid, _html(term))
            choices = _sub(lid, "render_choice")
            for option in options:  # plain text: Canvas's matches are not HTML
                option_label = _sub(choices, "response_label", ident=idents[option])
                _sub(_sub(option_label, "material"), "mattext", option, texttype="text/plain")
            condition, test = _condition(processing)
            _sub(test, "varequal", idents[right], respident=f"response_{ident}")
            _sub(condition, "setvar", share, varname="SCORE", action="Add")
            if text:
                feedback[f"{ident}_fb"] = text
                condition, test = _condition(processing)
                _sub(_sub(test, "not"), "varequal", idents[right], respident=f"response_{ident}")
                _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=f"{ident}_fb")
    for ident, text in feedback.items():
        _mattext(_sub(_sub(item, "itemfeedback", ident=ident), "flow_mat"), _html(text))


# ---------------------------------------------------------------- Moodle XML


def _moodle(banks: dict[str, Any]) -> ET.Element:
    quiz = ET.Element("quiz")
    for lesson, (_bank, questions) in banks.items():
        category = _sub(_sub(quiz, "question", type="category"), "category")
        _sub(category, "text", f"$course$/Japan STI course/Lesson {ids.number(lesson)}")
        for q in questions:
            _moodle_question(quiz, lesson, q)
    return quiz


def _text(parent: ET.Element, tag: str, html: str, fmt: str = "html", **attrs: str) -> ET.Element:
    element = _sub(parent, tag, format=fmt, **attrs)
    _sub(element, "text", html)
    return element


def _answer(
    question: ET.Element, fraction: float, text: str, feedback: str, fmt: str
) -> ET.Element:
    answer = _text(question, "answer", text, fmt, fraction=f"{fraction:.7g}")
    _text(answer, "feedback", _html(feedback) if feedback else "")
    return answer


def _moodle_question(quiz: ET.Element, lesson: str, q: Question) -> None:
    question = _sub(quiz, "question", type=MOODLE_TYPES[q.type])
    _sub(_sub(question, "name"), "text", f"{lesson} {q.id}")
    _text(question, "questiontext", _prompt(q))
    _text(question, "generalfeedback", _html(q.explanation))
    _sub(question, "defaultgrade", "1")
    _sub(question, "idnumber", f"{lesson}.{q.id}")
    if q.type in ("single", "multiple"):
        _sub(question, "single", "true" if q.type == "single" else "false")
        _sub(question, "shuffleanswers", "true" if q.shuffle else "false")
        _sub(question, "answernumbering", "abc")
        right = {q.answer} if q.type == "single" else set(q.answer)
        wrong = len(q.choices) - len(right)
        for choice in q.choices:
            if choice.id in right:
                fraction = 100 / len(right)
            else:
                fraction = 0 if q.type == "single" else -100 / wrong
            _answer(question, fraction, _html(choice.text), choice.feedback, "html")
    elif q.type == "numeric":
        answer = _answer(question, 100, _number(q.answer), "", "moodle_auto_format")
        _sub(answer, "tolerance", _number(_margin(q, q.answer)))
        for value, margin, text in _wrong_numbers(q):
            answer = _answer(question, 0, _number(value), text, "moodle_auto_format")
            _sub(answer, "tolerance", _number(margin))
        if q.unit:
            unit = _sub(_sub(question, "units"), "unit")
            _sub(unit, "multiplier", "1")
            _sub(unit, "unit_name", q.unit)
        for tag, setting in (
            ("unitgradingtype", "0"),
            ("unitpenalty", "0.1"),
            ("showunits", "0" if q.unit else "3"),
            ("unitsleft", "0"),
        ):
            _sub(question, tag, setting)
    elif q.type == "text":
        _sub(question, "usecase", "0")
        for text in (q.answer, *q.accept):
            _answer(question, 100, text.replace("*", r"\*"), "", "plain_text")
        for w in q.wrong:
            _answer(question, 0, cast(str, w.answer).replace("*", r"\*"), w.feedback, "plain_text")
    elif q.type == "matching":
        _sub(question, "shuffleanswers", "true")
        pairs, _ = _pairs(q)
        for _ident, term, meaning, _fb in pairs:
            _sub(_text(question, "subquestion", _html(term)), "answer").append(_plain(meaning))
        for distractor in q.distractors:
            _sub(_text(question, "subquestion", ""), "answer").append(_plain(distractor))
        notes = "\n\n".join(
            f"**{pair.text}**: {pair.feedback}" for pair in q.items if pair.feedback
        )
        _text(question, "correctfeedback", "")
        for tag in ("partiallycorrectfeedback", "incorrectfeedback"):
            _text(question, tag, _html(notes) if notes else "")
    else:  # ordering: the answers in the right order, as Moodle's ordering type reads them
        for tag, setting in (
            ("layouttype", "VERTICAL"),
            ("selecttype", "ALL"),
            ("selectcount", str(len(q.items))),
            ("gradingtype", "ALL_OR_NOTHING"),
            ("showgrading", "SHOW"),
            ("numberingstyle", "none"),
        ):
            _sub(question, tag, setting)
        for n, item in enumerate(q.items, 1):
            _answer(question, n, _html(item.text), item.feedback, "html")


def _plain(text: str) -> ET.Element:
    element = ET.Element("text")
    element.text = text
    return element
