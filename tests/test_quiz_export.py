"""`course export-quiz`: all nine banks as a QTI 1.2 zip (Canvas/Blackboard) and as Moodle XML,
read back by readers written here from each format's published structure, never with the
module's helpers: IMS QTI 1.2 items as Canvas writes them (lib/cc/qti/qti_items.rb) and
Moodle XML as question/format/xml/format.php reads it. Every question, choice, right
answer, tolerance and feedback must come back. With QTI2TXT_PYTHON set to a Python that
has qti2txt (PyPI, Python 3.13+), that parser reads the QTI zip too."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from course import data, ids, quiz
from course.cli import main
from course.instructor.common import UsageError
from course.instructor.export.quiz import export_quiz
from course.quiz.model import Bank, Choice, Item, Question

Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
CANVAS_TYPE = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "numeric": "numerical_question",
    "text": "short_answer_question",
    "matching": "matching_question",
    "ordering": "matching_question",  # positions 1..n matched to items, as Canvas imports one
}
MOODLE_TYPE = {"single": "multichoice", "multiple": "multichoice", "numeric": "numerical"}
MOODLE_TYPE |= {"text": "shortanswer", "matching": "matching", "ordering": "ordering"}
# question_bank::fraction_options_full(): the grades Moodle's import accepts (match_grade_options)
GRADES = [1, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25]
GRADES += [0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0]


def plain(markup: str | None) -> str:
    """The text of an HTML fragment, spaces collapsed."""
    text = re.sub(r"<[^>]+>", "", re.sub(r"</p>|<br\s*/?>", " ", markup or ""))
    return " ".join(html.unescape(text).split())


def words(markdown: str) -> str:
    """The text of a bank's Markdown, as it reads once rendered."""
    return " ".join(re.sub(r"[*`]", "", markdown).split())


def margin(q: Question, target: float, factor: float = 1.0) -> float:
    return max(q.tol_abs * factor, q.tol_rel * abs(target))


def wrong_numbers(q: Question) -> list[tuple[float, float]]:
    return [
        (q.answer * w.times, margin(q, q.answer * w.times, abs(w.times)))
        if w.times is not None
        else (w.value, margin(q, w.value))
        for w in q.wrong
    ]


@pytest.fixture(scope="module")
def banks() -> dict[str, Bank]:
    return {lesson: quiz.resolve(bank) for lesson, bank in quiz.load_all().items()}


@pytest.fixture(scope="module")
def qti(tmp_path_factory):
    path = tmp_path_factory.mktemp("qti") / "quizzes.zip"
    return path, export_quiz("all", fmt="qti", output=path)


@pytest.fixture(scope="module")
def moodle(tmp_path_factory):
    path = tmp_path_factory.mktemp("moodle") / "quizzes.xml"
    export_quiz(fmt="moodle", output=path)
    return ET.parse(path).getroot()


# ------------------------------------------------------------------ QTI 1.2 reader


def qti_items(path: Path) -> dict[str, dict[str, ET.Element]]:
    """lesson -> item ident -> item, through the manifest's imsqti_xmlv1p2 resources."""
    out = {}
    with zipfile.ZipFile(path) as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        for resource in manifest.iter(f"{CP}resource"):
            assert resource.get("type") == "imsqti_xmlv1p2"
            root = ET.fromstring(archive.read(resource.find(f"{CP}file").get("href")))
            assert root.tag == f"{Q}questestinterop"
            section = root.find(f"{Q}assessment/{Q}section")
            out[resource.get("identifier")] = {i.get("ident"): i for i in section.iter(f"{Q}item")}
    return out


def meta(item: ET.Element, label: str) -> str | None:
    for entry in item.iter(f"{Q}qtimetadatafield"):
        if entry.findtext(f"{Q}fieldlabel") == label:
            return entry.findtext(f"{Q}fieldentry")
    return None


def mattext(parent: ET.Element) -> str:
    return plain(parent.find(f".//{Q}mattext").text)


def feedbacks(item: ET.Element) -> dict[str, str]:
    return {fb.get("ident"): mattext(fb) for fb in item.iter(f"{Q}itemfeedback")}


def shown(item: ET.Element) -> set[str]:
    """Feedback idents some respcondition displays."""
    return {d.get("linkrefid") for d in item.iter(f"{Q}displayfeedback")}


def scoring(item: ET.Element) -> list[ET.Element]:
    """The respconditions that give points."""
    conditions = item.iter(f"{Q}respcondition")
    return [c for c in conditions if c.find(f"{Q}setvar") is not None]


def test_qti_package_lists_every_lesson(qti, banks) -> None:
    path, report = qti
    assert list(qti_items(path)) == list(banks)
    assert report.written == [path] and report.fmt == "qti"
    assert report.not_exported == []
    for lesson, bank in banks.items():
        kinds = {q.type: sum(x.type == q.type for x in bank.questions) for q in bank.questions}
        assert report.counts[lesson] == kinds
    assert any("ordering" in note for note in report.notes)


def test_qti_round_trips_every_question(qti, banks) -> None:
    path, _ = qti
    items = qti_items(path)
    for lesson, bank in banks.items():
        assert len(items[lesson]) == len(bank.questions)
        for q in bank.questions:
            item = items[lesson][f"{lesson}-{q.id}"]
            assert meta(item, "question_type") == CANVAS_TYPE[q.type]
            assert float(meta(item, "points_possible")) > 0
            assert words(q.prompt) in mattext(item.find(f"{Q}presentation"))
            fb = feedbacks(item)
            assert fb["general_fb"] == words(q.explanation)
            assert set(fb) <= shown(item)  # every feedback is displayed by some condition
            (score,) = [c for c in scoring(item) if c.findtext(f"{Q}setvar") == "100"] or [None]
            if q.type in ("single", "multiple"):
                labels = item.findall(f".//{Q}render_choice/{Q}response_label")
                assert [(x.get("ident"), mattext(x)) for x in labels] == [
                    (c.id, words(c.text)) for c in q.choices
                ]
                for c in q.choices:
                    assert fb[f"{c.id}_fb"] == words(c.feedback)
                test = score.find(f"{Q}conditionvar")
                negated = {v.text for n in test.iter(f"{Q}not") for v in n.iter(f"{Q}varequal")}
                right = {v.text for v in test.iter(f"{Q}varequal")} - negated
                assert right == ({q.answer} if q.type == "single" else set(q.answer))
                wrong = {c.id for c in q.choices} - right
                assert negated == (wrong if q.type == "multiple" else set())
            elif q.type == "numeric":
                assert item.find(f".//{Q}render_fib").get("fibtype") == "Decimal"
                test = score.find(f"{Q}conditionvar/{Q}or")
                assert float(test.findtext(f"{Q}varequal")) == pytest.approx(q.answer)
                low, high = (float(test.findtext(f"{Q}and/{Q}{t}")) for t in ("vargte", "varlte"))
                assert (low, high) == pytest.approx(
                    (q.answer - margin(q, q.answer), q.answer + margin(q, q.answer))
                )
                for w in q.wrong:
                    assert words(w.feedback) in fb["general_incorrect_fb"]
            elif q.type == "text":
                accepted = {v.text for v in score.iter(f"{Q}varequal")}
                assert accepted == {q.answer, *q.accept}
                assert not {w.answer for w in q.wrong} & accepted
                for w in q.wrong:
                    assert f"{w.answer}: {words(w.feedback)}" in fb["general_incorrect_fb"]
            else:
                check_qti_matching(item, q, fb)


def check_qti_matching(item: ET.Element, q: Question, fb: dict[str, str]) -> None:
    """Each term a response_lid; the right option is the one its scoring condition adds for."""
    if q.type == "ordering":
        expected = [(str(n), i.text, i.feedback) for n, i in enumerate(q.items, 1)]
        options = {i.text for i in q.items}
    else:
        expected = [(words(i.text), i.match, i.feedback) for i in q.items]
        options = {*(i.match for i in q.items), *q.distractors}
    adds = {}
    for condition in item.iter(f"{Q}respcondition"):
        if condition.find(f"{Q}setvar[@action='Add']") is not None:
            test = condition.find(f"{Q}conditionvar/{Q}varequal")
            adds[test.get("respident")] = test.text
    found = []
    for lid in item.findall(f"{Q}presentation/{Q}response_lid"):
        labels = {x.get("ident"): mattext(x) for x in lid.iter(f"{Q}response_label")}
        assert set(labels.values()) == options
        feedback = fb.get(lid.get("ident").removeprefix("response_") + "_fb", "")
        found.append((mattext(lid), labels[adds[lid.get("ident")]], feedback))
    assert found == [(term, right, words(text)) for term, right, text in expected]
    total = sum(float(c.findtext(f"{Q}setvar")) for c in scoring(item))
    assert total == pytest.approx(100, abs=0.05)


def test_qti2txt_reads_the_zip(qti, banks, tmp_path) -> None:
    """qti2txt's Canvas parser (an independent reader) finds the same questions and keys."""
    python = os.environ.get("QTI2TXT_PYTHON")
    if not python:
        pytest.skip("set QTI2TXT_PYTHON to a Python 3.13+ with qti2txt installed")
    with zipfile.ZipFile(qti[0]) as archive:
        archive.extractall(tmp_path)
    script = (
        "import json,sys,logging\nlogging.disable(logging.CRITICAL)\n"
        "from qti2txt.parsers import XMLCanvasParser\n"
        "from qti2txt.processors import NamespaceStripper\nout={}\n"
        "for p in sys.argv[1:]:\n    NamespaceStripper().remove_namespace_from_file(p, p+'.x')\n"
        "    out[p.split('/')[-1][:-4]]=XMLCanvasParser(p+'.x').extract_question_details()\n"
        "print(json.dumps(out))"
    )
    files = [str(tmp_path / lesson / f"{lesson}.xml") for lesson in banks]
    read = json.loads(subprocess.run([python, "-c", script, *files], capture_output=True,
                                     text=True, check=True).stdout)  # fmt: skip
    for lesson, bank in banks.items():
        assert [d["question_type"] for d in read[lesson]] == [
            CANVAS_TYPE[q.type] for q in bank.questions
        ]
        for q, got in zip(bank.questions, read[lesson], strict=True):
            if q.type in ("single", "multiple"):
                right = [q.answer] if q.type == "single" else list(q.answer)
                assert got["correct_choices"] == right
            elif q.type == "text":
                assert set(got["correct_answers"]) == {q.answer, *q.accept}
            elif q.type in ("matching", "ordering"):
                pairs = [pair.split(" -> ", 1) for pair in got["correct_answers"]]
                assert [(plain(term), right) for term, right in pairs] == (
                    [(words(i.text), i.match) for i in q.items]
                    if q.type == "matching"
                    else [(str(n), i.text) for n, i in enumerate(q.items, 1)]
                )


# ------------------------------------------------------------------ Moodle XML reader


def moodle_questions(root: ET.Element) -> dict[str, tuple[str, ET.Element]]:
    """name -> (category, question), as format.php reads them in file order."""
    out, category = {}, None
    for question in root.findall("question"):
        if question.get("type") == "category":
            category = question.findtext("category/text")
        else:
            out[question.findtext("name/text")] = (category, question)
    return out


def fraction(answer: ET.Element) -> float:
    return float(answer.get("fraction")) / 100  # import_answer: fraction attribute / 100


def answer_rows(question: ET.Element) -> list[tuple[str, float, str]]:
    return [
        (a.findtext("text"), fraction(a), plain(a.findtext("feedback/text")))
        for a in question.findall("answer")
    ]


def test_moodle_round_trips_every_question(moodle, banks) -> None:
    found = moodle_questions(moodle)
    categories = {category for category, _ in found.values()}
    assert len(categories) == len(banks) == len(moodle.findall("question[@type='category']"))
    assert len(found) == sum(len(bank) for bank in banks.values())
    for lesson, bank in banks.items():
        for q in bank.questions:
            category, question = found[f"{lesson} {q.id}"]
            assert category.endswith(f"Lesson {ids.number(lesson)}")
            assert question.get("type") == MOODLE_TYPE[q.type]
            assert question.find("questiontext").get("format") == "html"
            assert words(q.prompt) in plain(question.findtext("questiontext/text"))
            assert plain(question.findtext("generalfeedback/text")) == words(q.explanation)
            rows = answer_rows(question)
            if q.type in ("single", "multiple"):
                assert question.findtext("single") == ("true" if q.type == "single" else "false")
                assert [(plain(t), fb) for t, _, fb in rows] == [
                    (words(c.text), words(c.feedback)) for c in q.choices
                ]
                right = {q.answer} if q.type == "single" else set(q.answer)
                fractions = [f for _, f, _ in rows]
                for choice, value in zip(q.choices, fractions, strict=True):
                    assert (value > 0) == (choice.id in right)
                    assert any(abs(abs(value) - grade) < 1e-5 for grade in GRADES)
                assert sum(f for f in fractions if f > 0) == pytest.approx(1, abs=1e-6)
                if q.type == "multiple":
                    assert sum(f for f in fractions if f < 0) == pytest.approx(-1, abs=1e-6)
            elif q.type == "numeric":
                answers = question.findall("answer")
                got = [(float(a.findtext("text")), fraction(a), float(a.findtext("tolerance")))
                       for a in answers]  # fmt: skip
                expected = [(q.answer, 1.0, margin(q, q.answer))]
                expected += [(value, 0.0, tol) for value, tol in wrong_numbers(q)]
                assert sum(got, ()) == pytest.approx(sum(expected, ()))
                assert [fb for *_, fb in rows[1:]] == [words(w.feedback) for w in q.wrong]
                if q.unit:
                    assert question.findtext("units/unit/unit_name") == q.unit
                    assert question.findtext("units/unit/multiplier") == "1"
                    assert question.findtext("unitgradingtype") == "0"  # unit optional
            elif q.type == "text":
                assert {t for t, f, _ in rows if f == 1} == {q.answer, *q.accept}
                assert [(t, fb) for t, f, fb in rows if f == 0] == [
                    (w.answer, words(w.feedback)) for w in q.wrong
                ]
            elif q.type == "matching":
                subs = [(plain(s.findtext("text")), s.findtext("answer/text"))
                        for s in question.findall("subquestion")]  # fmt: skip
                assert subs == [(words(i.text), i.match) for i in q.items] + [
                    ("", d) for d in q.distractors
                ]
                for tag in ("incorrectfeedback", "partiallycorrectfeedback"):
                    for i in q.items:
                        assert words(i.feedback) in plain(question.findtext(f"{tag}/text"))
            else:  # ordering: import_from_xml reads the answers in the right order
                assert question.findtext("selecttype") == "ALL"
                assert question.findtext("selectcount") == str(len(q.items))
                assert question.findtext("gradingtype") == "ALL_OR_NOTHING"
                assert question.findtext("layouttype") == "VERTICAL"
                assert [(plain(t), fb) for t, _, fb in rows] == [
                    (words(i.text), words(i.feedback)) for i in q.items
                ]


# ------------------------------------------------------------------ both formats


def test_data_backed_answers_are_the_shipped_values(qti, moodle) -> None:
    """Numbers with answer_from are read from course.data when exporting."""
    raw = quiz.load_all()
    refs = [(lesson, q) for lesson, bank in raw.items() for q in bank.questions if q.answer_from]
    assert refs
    items, found = qti_items(qti[0]), moodle_questions(moodle)
    for lesson, q in refs:
        ref = q.answer_from
        expected = data.value(ref.indicator, ref.country, ref.year)
        if ref.since is not None:
            expected -= data.value(ref.indicator, ref.country, ref.since)
        expected *= ref.scale
        _, question = found[f"{lesson} {q.id}"]
        assert float(question.findtext("answer/text")) == pytest.approx(expected, rel=1e-9)
        item = items[lesson][f"{lesson}-{q.id}"]
        assert float(item.find(f".//{Q}or/{Q}varequal").text) == pytest.approx(expected)


@pytest.fixture
def odd_bank(monkeypatch) -> Bank:
    """A bank with markup to escape, a type no format holds and a matching too small for
    Moodle, in place of the shipped ones."""
    risky = "Is <script>alert(1)</script> & **R&D** worth US$ 5 or $x$ `a<b`?"
    choices = (Choice("a", "x < y & z", "Right: $1 < $2."), Choice("b", "US$", "No."))
    questions = (
        Question("odd", "single", risky, "s", "Because $5 & <b>bold</b>.", answer="a",
                 choices=choices),
        Question("essay", "essay", "Write.", "s", "Any."),
        Question("tiny", "matching", "Match.", "s", "One.",
                 items=(Item("p", "term", match="meaning"),)),
    )  # fmt: skip
    bank = Bank("l9", "Odd", questions)
    monkeypatch.setattr(quiz, "load_all", lambda: {"l9": bank})
    return bank


def test_markup_and_dollars_survive_escaping(odd_bank, tmp_path) -> None:
    export_quiz("9", fmt="moodle", output=tmp_path / "odd.xml")
    export_quiz("l9", fmt="qti", output=tmp_path / "odd.zip")
    question = moodle_questions(ET.parse(tmp_path / "odd.xml").getroot())["l9 odd"][1]
    item = qti_items(tmp_path / "odd.zip")["l9"]["l9-odd"]
    texts = [
        question.findtext("questiontext/text"),
        item.find(f"{Q}presentation/{Q}material/{Q}mattext").text,
    ]
    for text in texts:  # the HTML a browser would render
        assert "<script" not in text and "&lt;script&gt;" in text
        assert "<strong>R&amp;D</strong>" in text and "$x$" in text and "US$ 5" in text
        assert "<code>a&lt;b</code>" in text
    assert plain(question.findtext("answer/text")) == "x < y & z"
    assert plain(question.findtext("generalfeedback/text")) == "Because $5 & <b>bold</b>."
    assert feedbacks(item)["a_fb"] == "Right: $1 < $2."


def test_what_a_format_cannot_hold_is_listed(odd_bank, tmp_path) -> None:
    moodle = export_quiz("l9", fmt="moodle", output=tmp_path / "odd.xml")
    assert [(lesson, qid) for lesson, qid, _ in moodle.not_exported] == [
        ("l9", "essay"),
        ("l9", "tiny"),
    ]
    assert "2 pairs and 3 answers" in moodle.not_exported[1][2]
    assert moodle.counts == {"l9": {"single": 1}}
    names = moodle_questions(ET.parse(tmp_path / "odd.xml").getroot())
    assert list(names) == ["l9 odd"]
    qti = export_quiz("l9", fmt="qti", output=tmp_path / "odd.zip")
    assert [qid for _, qid, _ in qti.not_exported] == ["essay"]
    assert qti.exported == {"l9": 2}


def test_one_lesson_and_bad_requests(tmp_path: Path, capsys) -> None:
    for name in ("3", "l3"):
        report = export_quiz(name, fmt="moodle", output=tmp_path / f"{name}.xml")
        assert list(report.counts) == ["l3"]
        assert report.counts["l3"]["ordering"] == 2
    assert (tmp_path / "3.xml").read_bytes() == (tmp_path / "l3.xml").read_bytes()
    export_quiz("3", fmt="qti", output="again.zip", root=tmp_path)
    export_quiz("3", fmt="qti", output=tmp_path / "again2.zip")
    assert (tmp_path / "again.zip").read_bytes() == (tmp_path / "again2.zip").read_bytes()
    for bad in ("l12", "12", "lesson3", ""):
        with pytest.raises(UsageError, match="No quiz for"):
            export_quiz(bad, fmt="qti", output=tmp_path / "x.zip")
    with pytest.raises(UsageError, match="Unknown format"):
        export_quiz("3", fmt="gift", output=tmp_path / "x.txt")
    assert not (tmp_path / "x.zip").exists()
    status = main(["export-quiz", "2", "--format", "qti", "--output", str(tmp_path / "l2.zip")])
    out = capsys.readouterr().out
    assert status == 0 and "wrote" in out
    assert "questions exported: 10 (l2: 10)" in out and "by type: " in out
    assert "note: ordering -> matching_question" in out


def test_question_order_is_kept(banks, moodle) -> None:
    names = list(moodle_questions(moodle))
    assert names == [f"{lesson} {q.id}" for lesson, bank in banks.items() for q in bank.questions]
