"""The capstone brief's self-check (``course.lessons.l8.capstone``): what it finds, what it
says, that filler and keyword heaps fail, that wrong figures are named, and that it never raises and
records progress (done only when every line is met)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from course import data, progress
from course.lessons.l8 import capstone

pytestmark = pytest.mark.usefixtures("progress_file")  # a fresh file per test

LABELS = [
    "Six headings",
    "Length",
    "Written in sentences",
    "Cites the course's articles",
    "Sources listed",
    "Figures match the data",
    "Counter-argument cites an article",
    "Recommendation names who acts",
]


def good() -> str:
    """A brief that meets every line: the lesson's worked example."""
    return capstone.example_brief()


def replaced(old: str, new: str, text: str | None = None) -> str:
    text = good() if text is None else text
    assert old in text, old
    return text.replace(old, new)


def headed(body: str, sources: str = "- [004]\n- World Bank, World Development Indicators") -> str:
    """The six headings with the same body under the first five."""
    parts = [f"## {name}\n{body}\n" for name in capstone.SECTIONS if name != "Sources"]
    return "\n".join(parts) + f"\n## Sources\n{sources}\n"


def recorded(path: Path) -> dict:
    return json.loads(path.read_text())["items"] if path.exists() else {}


# ------------------------------------------------------------------ a good brief


def test_the_worked_example_meets_every_line() -> None:
    result = capstone.self_check(good(), record=False)
    assert result.all_ok, repr(result)
    assert [line.label for line in result.lines] == LABELS
    assert result.summary().startswith("✓ All 8 checks met")
    low, high = capstone.WORDS
    assert (low, high) == (800, 1200) and low <= capstone.body_words(good()) <= high
    assert "{" not in good() and not re.search(r"\bnan\b", good().lower())
    assert "cites [001], [002], [003], [004]" in repr(result)


def test_the_worked_example_checks_its_figures_against_the_data() -> None:
    found = capstone.figures(good())
    assert len(found) >= 6 and all(figure.matched for figure in found)
    text = good()
    japan = [data.value("researchers_per_million", "JPN", year) for year in (2000, 2023)]
    assert f"rose from {japan[0]:,.0f} to {japan[1]:,.0f}" in text
    assert "20 to 39" in text and "cannot test that estimate" in text  # the pipeline limit
    assert "FTE" in text and "full-time equivalents" in text


def test_html_uses_symbols_and_words_not_colour_alone_and_no_bare_dollar() -> None:
    html = capstone.self_check(replaced("to 5,609,", "to 6,100,"))._repr_html_()
    assert "✓ Yes" in html and "✗ Not yet" in html
    assert "cannot judge how well you argue" in html
    assert "$" not in html.replace("&#36;", "")


# ------------------------------------------------------------------ filler never passes


def test_filler_fails_and_is_not_recorded_as_done(progress_file: Path) -> None:
    text = headed(" ".join(["lorem ipsum dolor sit amet"] * 50) + " [004]")
    result = capstone.self_check(text)
    assert not result.all_ok
    assert not result.line("Written in sentences").ok
    assert "small linking words" in result.line("Written in sentences").detail
    assert recorded(progress_file)["l8.brief"]["correct"] is False


def test_keywords_stuffed_in_fail(progress_file: Path) -> None:
    words = re.findall(
        r"\S+",
        "Japan R&D 2023 3.44 % GDP World Bank WDI [001] [004] researchers government should "
        "MEXT evidence claim policy Korea China innovation counter-argument recommendation",
    )
    random.seed(8)
    stuffed = headed(" ".join(random.choice(words) for _ in range(190)))
    result = capstone.self_check(stuffed)
    assert not result.all_ok and not result.line("Written in sentences").ok
    assert recorded(progress_file)["l8.brief"]["ever_correct"] is False


def test_a_paragraph_repeated_to_length_fails() -> None:
    sentence = (
        "In 2023 Japan spent 3.44 % of its GDP on R&D, as the World Bank's data show, and the "
        "ministry should keep it there, as the article [004] suggests in its last section. "
    )
    result = capstone.self_check(headed(sentence * 12), record=False)
    assert not result.line("Written in sentences").ok
    assert "repeats" in result.line("Written in sentences").detail


def test_the_same_words_over_and_over_fail() -> None:
    text = headed("the ministry should fund the data of the article [004] " * 40)
    assert not capstone.self_check(text, record=False).line("Written in sentences").ok


# ------------------------------------------------------------------ figures against the data


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("to 5,609,", "to 6,100,", "6,100"),
        ("177.4 billion", "210.0 billion", "210.0 billion"),
        ("to 29.6 %", "to 35.0 %", "35.0"),
        ("from 126.8\nmillion", "from 130.1\nmillion", "130.1 million"),
        ("it was\n0.43,", "it was\n0.55,", "0.55"),
    ],
)
def test_a_wrong_figure_is_named_with_what_the_data_say(old: str, new: str, named: str) -> None:
    result = capstone.self_check(replaced(old, new), record=False)
    line = result.line("Figures match the data")
    assert not line.ok and not result.all_ok
    assert f", {named}" in line.detail and "does not match the shipped data" in line.detail
    assert "which say:" in line.detail


@pytest.mark.parametrize(
    ("sentence", "ok"),
    [
        ("In 2023 Japan spent 3.44 % of its GDP on R&D.", True),
        ("In 2023 Japan spent 3.4 % of its GDP on R&D.", True),  # rounded is fine
        ("Japan spent 3.9 % of its GDP on R&D in 2023.", False),
        ("Japan's R&D intensity rose by 20 % between 2000 and 2023.", True),  # a change
        ("Korea had 9,472 researchers per million people in 2023, 1.7 times Japan's.", True),
        ("In 2021, 78.1 % of Japan's R&D was funded by business, 15.5 % by government.", True),
        ("Japan's defence share of government R&D budgets was 3.0 % in 2019.", True),
        ("In 2022 KTI manufacturing made up 72 % of Japan's goods exports.", True),
        ("China spent 667.6 billion PPP dollars on R&D in 2021.", True),
        ("Japan received 45.6 billion dollars for intellectual property in 2023.", False),
        ("In 2020 Japan's top-1 % figure was 0.43, against 1.09 for China.", True),
    ],
)
def test_figures_are_compared_with_course_data(sentence: str, ok: bool) -> None:
    (figure,) = capstone.figures(f"## Evidence\n{sentence}")
    assert figure.matched is ok, figure


@pytest.mark.parametrize(
    "sentence",
    [
        "Japan spent a lot on R&D.",  # no number
        "Japan spent 3.9 % of its GDP on R&D.",  # no year
        "In 2023 the share was 3.9 % of GDP.",  # no economy
        "[001] expected Japan's population aged 20 to 39 to fall by 2020.",  # credited
        "Japan's R&D reached 3.9 % of GDP in 2023 (OECD, 2024).",  # credited
    ],
)
def test_sentences_that_cannot_be_checked_are_left_alone(sentence: str) -> None:
    assert capstone.figures(f"## Evidence\n{sentence}") == []


def test_a_year_the_data_lack_is_said() -> None:
    (figure,) = capstone.figures("## Evidence\nJapan had 5,700 researchers in 2025.")
    assert not figure.matched and "no figure for researchers in R&D (FTE)" in figure.expected


def test_no_checkable_figure_is_a_missing_line() -> None:
    text = good()
    for figure in capstone.figures(text):
        text = text.replace(figure.sentence.split(" ")[0], "", 0)
    plain = headed("The ministry should act because the article [004] and the data say so. " * 3)
    line = capstone.self_check(plain, record=False).line("Figures match the data")
    assert not line.ok and "quote at least one figure" in line.detail


# ------------------------------------------------------------------ sources and citations


@pytest.mark.parametrize("cite", ["[005]", "[7]", "[12]"])
def test_an_article_key_that_does_not_exist_fails(cite: str) -> None:
    line = capstone.self_check(replaced("[002] lists", f"{cite} lists"), record=False).line(
        "Cites the course's articles"
    )
    assert not line.ok and f"{cite} is not one of the course's articles" in line.detail


def test_an_article_cited_but_not_listed_fails() -> None:
    text = replaced("- [003] Vadim B. Kuznetsov", "- Vadim B. Kuznetsov")
    line = capstone.self_check(text, record=False).line("Sources listed")
    assert not line.ok and "add [003] to the Sources section" in line.detail


def test_sources_must_name_the_data() -> None:
    text = good()
    start = text.index("- World Bank")
    text = text[:start]
    line = capstone.self_check(text, record=False).line("Sources listed")
    assert not line.ok and "name the data under Sources" in line.detail


@pytest.mark.parametrize("cite", ["[000]", "[003] Kuznetsov", "[ 002 ]", "[004, Conclusion]"])
def test_citations_of_each_article_count(cite: str) -> None:
    assert capstone.CITATION.search(f"As {cite} argues")


@pytest.mark.parametrize("cite", ["[005]", "[1]", "[010]", "(004)"])
def test_other_brackets_are_not_citations(cite: str) -> None:
    assert not capstone.CITATION.search(f"As {cite} argues")


@pytest.mark.parametrize(
    "source",
    ["World Bank", "World Development Indicators", "WDI", "NCSES", "Science and Engineering "
     "Indicators", "OECD", "UNESCO", "GB.XPD.RSDV.GD.ZS"],
)  # fmt: skip
def test_data_sources_are_recognised(source: str) -> None:
    assert capstone.DATASET.search(f"Data: {source}.")


# ------------------------------------------------------------------ sections


def test_counter_argument_must_cite_inside_its_own_section() -> None:
    text = replaced("[004] describes", "a critic describes")
    text = replaced("researchers from abroad [004].", "researchers from abroad.", text)
    text = replaced("fall: [001] worried", "fall: the 2013 article worried", text)
    result = capstone.self_check(text, record=False)
    assert result.missing == ["Counter-argument cites an article"]
    assert "e.g. [004]" in result.line("Counter-argument cites an article").detail


def test_a_recommendation_must_name_who_acts() -> None:
    advice = capstone.section(good(), "Recommendation")
    text = replaced(advice, "\nMore money for research from abroad would be good.\n\n")
    line = capstone.self_check(text, record=False).line("Recommendation names who acts")
    assert not line.ok and "say who should do what" in line.detail


@pytest.mark.parametrize(
    "heading", ["Question", "Claim", "Evidence", "Counter-argument", "Recommendation", "Sources"]
)
def test_each_missing_heading_is_named(heading: str) -> None:
    result = capstone.self_check(replaced(f"## {heading}\n", "\n"), record=False)
    assert not result.all_ok
    assert f"“## {heading}”" in result.line("Six headings").detail


@pytest.mark.parametrize(
    "written",
    ["# Claim", "### claim", "**Claim**", "**Claim:**", "Claim:", "CLAIM", "  ## Claim  "],
)
def test_headings_in_many_forms_are_found(written: str) -> None:
    assert "Claim" in capstone.headings(replaced("## Claim", written))


@pytest.mark.parametrize(
    "written", ["Counterargument", "Counter argument", "Counter-arguments", "counter-argument"]
)
def test_spellings_of_counter_argument(written: str) -> None:
    assert capstone.self_check(replaced("## Counter-argument", f"## {written}")).all_ok


def test_a_word_inside_a_sentence_is_not_a_heading() -> None:
    assert "Claim" not in capstone.headings("My claim is that Japan leads.\n## Question\nWhy?")


def test_length_of_a_take_home_brief() -> None:
    evidence = capstone.section(good(), "Evidence")
    short = capstone.self_check(replaced(evidence, "\n"), record=False).line("Length")
    assert not short.ok and "too short" in short.detail and "aim for 800–1,200" in short.detail
    long = capstone.self_check(replaced(evidence, evidence * 2), record=False).line("Length")
    assert not long.ok and "too long" in long.detail


def test_headings_do_not_count_as_words() -> None:
    assert capstone.body_words("## Question\n## Claim\nJapan leads.") == 2


# ------------------------------------------------------------------ never raises, kind messages


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (None, "Nothing to check yet"),
        (..., "Nothing to check yet"),
        (42, "not a int"),
        (["## Claim"], "not a list"),
        (b"## Claim", "not a bytes"),
        ("", "Not attempted yet"),
        ("## Question\n\n## Claim\n\n## Evidence\n", "Not attempted yet"),
    ],
)
def test_nothing_to_check_gives_a_kind_message_and_records_nothing(
    value: object, says: str, progress_file: Path
) -> None:
    result = capstone.self_check(value)
    assert says in result.message and not result.lines and not result.all_ok
    assert says in repr(result) and says in result._repr_html_()
    assert recorded(progress_file) == {}


def test_the_empty_template_of_the_lesson_is_not_attempted(progress_file: Path) -> None:
    template = "\n## Question\n\n## Claim\n\n## Evidence\n\n## Counter-argument\n\n"
    template += "## Recommendation\n\n## Sources\n\n"
    assert "Not attempted yet" in capstone.self_check(template).message
    assert recorded(progress_file) == {}


def test_odd_text_never_raises() -> None:
    for text in ["[", "## ", "\x00\ufffd", "##" * 10_000, "[00" * 500, "2023 " * 1000]:
        assert isinstance(capstone.self_check(text), capstone.Checklist)


# ------------------------------------------------------------------ progress


def test_attempts_are_recorded_as_l8_brief(progress_file: Path) -> None:
    capstone.self_check(headed("Japan should act."))
    entry = recorded(progress_file)["l8.brief"]
    assert entry["kind"] == "exercise" and entry["correct"] is False and entry["attempts"] == 1
    capstone.self_check(good())
    entry = recorded(progress_file)["l8.brief"]
    assert entry["correct"] is True and entry["ever_correct"] is True and entry["attempts"] == 2


def test_record_false_records_nothing(progress_file: Path) -> None:
    capstone.self_check(good(), record=False)
    assert recorded(progress_file) == {}


def test_a_broken_progress_store_never_breaks_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(progress, "record", broken)
    with pytest.warns(RuntimeWarning, match="Progress not saved: disk full"):
        assert capstone.self_check(good()).all_ok


# ------------------------------------------------------------------ showing a brief


def test_show_renders_markdown_safely_with_smaller_headings() -> None:
    view = capstone.show("## Claim\nJapan <script>x</script> leads.")
    html = view._repr_html_()
    assert "<h3>Claim</h3>" in html and "<h2>" not in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert repr(view).startswith("## Claim")
    assert repr(capstone.show(None)) == "None"  # never raises


def _notebook_with(path: Path, brief: str | None) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("from course import capstone"))
    if brief is not None:
        cell = nbformat.v4.new_markdown_cell(brief)
        cell.metadata["course"] = {"role": "brief"}
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def test_the_brief_is_read_from_the_saved_notebooks_markdown_cell(tmp_path, monkeypatch) -> None:
    """Prose in a Markdown cell, checked as saved: the notebook this kernel runs by default
    (Jupyter Server's JPY_SESSION_NAME), or a path given."""
    path = _notebook_with(tmp_path / "08_capstone.ipynb", good())
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    result = capstone.check_my_brief(record=False)
    assert result.all_ok, repr(result)
    assert result.saved.startswith("Checked the brief as saved at ")
    assert "Ctrl+S" in result._repr_html_()
    template = "## Question\n\n## Claim\n\n## Evidence\n"
    empty = capstone.check_my_brief(_notebook_with(tmp_path / "t.ipynb", template))
    assert "Not attempted yet" in repr(empty)


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda d: d / "missing.ipynb", "could not be read"),
        (lambda d: _notebook_with(d / "nobrief.ipynb", None), "No brief cell was found"),
    ],
)
def test_a_notebook_without_a_brief_says_what_to_do(tmp_path, make, said) -> None:
    result = capstone.check_my_brief(make(tmp_path))
    assert said in repr(result) and not result.lines
