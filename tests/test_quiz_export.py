"""`course export-quiz`: all nine banks as QTI 1.2 (a Canvas/Blackboard zip) and Moodle XML,
read back with xml.etree following each format's published structure (not this module's
helpers): every question, choice, right answer, tolerance and feedback comes back."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from course import data, quiz
from course.cli import main
from course.instructor.common import UsageError
from course.instructor.quiz_export import export_quiz

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
MANIFEST = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"


def plain(markup: str) -> str:
    """Text of an HTML fragment, for comparing with a bank's Markdown."""
    text = re.sub(r"<[^>]+>", "", markup)
    return " ".join(html.unescape(text).split())


def words(markdown: str) -> str:
    return " ".join(re.sub(r"[*`]", "", markdown).split())


@pytest.fixture(scope="module")
def banks() -> dict:
    return {lesson: quiz.resolve(bank) for lesson, bank in quiz.load_all().items()}


@pytest.fixture(scope="module")
def qti(tmp_path_factory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("qti") / "quizzes.zip"
    return path, export_quiz("all", fmt="qti", output=path)


def test_qti_zip_has_a_manifest_listing_every_lesson(qti, banks) -> None:
    path, report = qti
    with zipfile.ZipFile(path) as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        files = [f.get("href") for f in manifest.iter(f"{MANIFEST}file")]
        types = {r.get("type") for r in manifest.iter(f"{MANIFEST}resource")}
        assert types == {"imsqti_xmlv1p2"}
        assert sorted(files) == sorted(f"{lesson}/{lesson}.xml" for lesson in banks)
        assert all(name in archive.namelist() for name in files)
    assert sum(report.exported.values()) + len(report.left_out) == sum(map(len, banks.values()))


def _items(path: Path, lesson: str) -> dict[str, ET.Element]:
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read(f"{lesson}/{lesson}.xml"))
    return {item.get("ident"): item for item in root.iter(f"{QTI}item")}


def _qti_type(item: ET.Element) -> str:
    for field in item.iter(f"{QTI}qtimetadatafield"):
        if field.findtext(f"{QTI}fieldlabel") == "question_type":
            return field.findtext(f"{QTI}fieldentry")
    raise AssertionError("no question_type")


def _feedback(item: ET.Element) -> dict[str, str]:
    return {
        fb.get("ident"): plain(fb.find(f".//{QTI}mattext").text or "")
        for fb in item.iter(f"{QTI}itemfeedback")
    }


def test_qti_round_trips_every_question(qti, banks) -> None:
    path, report = qti
    left_out = {(lesson, qid) for lesson, qid, _ in report.left_out}
    for lesson, bank in banks.items():
        items = _items(path, lesson)
        for q in bank.questions:
            ident = f"{lesson}-{q.id}"
            if q.type == "ordering":
                assert (lesson, q.id) in left_out and ident not in items
                continue
            item = items[ident]
            prompt = plain(item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text)
            assert words(q.prompt)[:40] in prompt
            feedback = _feedback(item)
            assert words(q.explanation)[:40] in feedback["general_fb"]
            conditions = item.findall(f"{QTI}resprocessing/{QTI}respcondition")
            if q.type in ("single", "multiple"):
                kinds = {
                    "single": "multiple_choice_question",
                    "multiple": "multiple_answers_question",
                }
                assert _qti_type(item) == kinds[q.type]
                labels = item.findall(f".//{QTI}response_label")
                assert [label.get("ident") for label in labels] == [c.id for c in q.choices]
                for choice in q.choices:
                    assert words(choice.feedback)[:30] in feedback[f"{choice.id}_fb"]
                scoring = conditions[-1]
                assert scoring.findtext(f"{QTI}setvar") == "100"
                right = {v.text for v in scoring.find(f"{QTI}conditionvar/{QTI}and")
                         if v.tag == f"{QTI}varequal"}  # fmt: skip
                assert right == ({q.answer} if q.type == "single" else set(q.answer))
            elif q.type == "numeric":
                assert _qti_type(item) == "numerical_question"
                low = float(item.find(f".//{QTI}vargte").text)
                high = float(item.find(f".//{QTI}varlte").text)
                assert low <= q.answer <= high
                margin = max(q.tol_abs, q.tol_rel * abs(q.answer))
                assert high - low == pytest.approx(2 * margin)
            elif q.type == "text":
                accepted = {v.text for v in conditions[-1].iter(f"{QTI}varequal")}
                assert accepted == {q.answer, *q.accept}
            else:  # matching
                assert _qti_type(item) == "matching_question"
                terms = item.findall(f"{QTI}presentation/{QTI}response_lid")
                assert len(terms) == len(q.items)
                for pair, lid in zip(q.items, terms, strict=True):
                    options = {lab.get("ident"): plain(lab.find(f".//{QTI}mattext").text)
                               for lab in lid.iter(f"{QTI}response_label")}  # fmt: skip
                    ident = lid.get("ident")
                    right = next(
                        c
                        for c in conditions
                        if c.find(f".//{QTI}varequal").get("respident") == ident
                    )
                    assert options[right.findtext(f".//{QTI}varequal")] == words(pair.match)


@pytest.fixture(scope="module")
def moodle(tmp_path_factory) -> ET.Element:
    path = tmp_path_factory.mktemp("moodle") / "quizzes.xml"
    export_quiz("all", fmt="moodle", output=path)
    return ET.parse(path).getroot()


def test_moodle_round_trips_every_question(moodle, banks) -> None:
    """Moodle XML: a category per lesson, then each question with its answers and fractions."""
    categories = [q.findtext("category/text") for q in moodle if q.get("type") == "category"]
    assert len(categories) == len(banks)
    found = {q.findtext("name/text"): q for q in moodle if q.get("type") != "category"}
    for lesson, bank in banks.items():
        for q in bank.questions:
            name = f"{lesson} {q.id}"
            if q.type == "ordering":
                assert name not in found
                continue
            question = found[name]
            assert words(q.prompt)[:40] in plain(question.findtext("questiontext/text"))
            assert words(q.explanation)[:40] in plain(question.findtext("generalfeedback/text"))
            answers = question.findall("answer")
            if q.type in ("single", "multiple"):
                assert question.get("type") == "multichoice"
                assert question.findtext("single") == ("true" if q.type == "single" else "false")
                fractions = [float(a.get("fraction")) for a in answers]
                right = {q.answer} if q.type == "single" else set(q.answer)
                for choice, answer, fraction in zip(q.choices, answers, fractions, strict=True):
                    assert plain(answer.findtext("text")) == words(choice.text)
                    assert words(choice.feedback)[:30] in plain(answer.findtext("feedback/text"))
                    assert (fraction > 0) == (choice.id in right)
                assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.01)
            elif q.type == "numeric":
                assert question.get("type") == "numerical"
                (answer,) = answers
                assert float(answer.findtext("text")) == pytest.approx(q.answer)
                margin = max(q.tol_abs, q.tol_rel * abs(q.answer))
                assert float(answer.findtext("tolerance")) == pytest.approx(margin)
            elif q.type == "text":
                right = {a.findtext("text") for a in answers if a.get("fraction") == "100"}
                assert right == {q.answer, *q.accept}
            else:
                pairs = {plain(s.findtext("text")): s.findtext("answer/text")
                         for s in question.findall("subquestion")}  # fmt: skip
                for pair in q.items:
                    assert pairs[words(pair.text)] == pair.match
                assert pairs.get("") in (None, *q.distractors)


def test_a_data_backed_answer_is_the_shipped_value(moodle) -> None:
    question = next(q for q in moodle if q.findtext("name/text") == "l0 rd-change-since-2008")
    expected = data.value("rd_expenditure_pct_gdp", "JPN", 2023) - data.value(
        "rd_expenditure_pct_gdp", "JPN", 2008
    )
    assert float(question.findtext("answer/text")) == pytest.approx(expected)


def test_markup_and_dollar_signs_survive(moodle) -> None:
    """Raw HTML in a bank is escaped, `$` stays literal, `&` is well-formed XML."""
    text = ET.tostring(moodle, encoding="unicode")
    assert "<script" not in text
    assert "US$" in html.unescape(text)


def test_one_lesson_and_a_bad_lesson(tmp_path: Path, capsys) -> None:
    for name in ("3", "l3"):
        report = export_quiz(name, fmt="moodle", output=tmp_path / f"{name}.xml")
        assert list(report.exported) == ["l3"]
        assert {qid for _, qid, _ in report.left_out} == {"five-societies", "aged-order"}
    with pytest.raises(UsageError, match="No quiz for 'l12'"):
        export_quiz("l12", fmt="qti", output=tmp_path / "x.zip")
    status = main(["export-quiz", "2", "--format", "qti", "--output", str(tmp_path / "l2.zip")])
    out = capsys.readouterr()
    assert status == 0 and "not exported" in out.err and "wrote" in out.out
