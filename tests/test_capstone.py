"""The capstone brief's self-check (``course.capstone``): what it finds, what it says, and
that it never raises and records progress only for a real attempt."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from course import capstone, progress

GOOD = """
## Question
Should Japan's government raise public R&D funding to keep pace with Korea and China?

## Claim
Japan's research effort has grown, but more slowly than Korea's and China's.

## Evidence
In 2023 Japan spent 3.44 % of its GDP on R&D, against 2.86 % in 2000 (World Bank,
World Development Indicators, GB.XPD.RSDV.GD.ZS). {filler}

## Counter-argument
The paper on the US–China rivalry [004, section 7] argues that competitiveness, not
the size of research spending, decides security.

## Recommendation
Fund fewer, larger programmes where Japan already leads.

## Sources
- [001] The Rise of Science and Technology Diplomacy in Japan, 2013.
- World Bank, World Development Indicators.
"""


def brief(words: int = 300, **replace: str) -> str:
    """A brief with about ``words`` words; ``replace`` swaps parts of the text."""
    base = GOOD.format(filler="")
    extra = max(0, words - capstone.body_words(base))
    text = GOOD.format(filler=" ".join(["evidence"] * extra))
    for old, new in replace.items():
        text = text.replace(old.replace("_", " "), new)
    return text


@pytest.fixture(autouse=True)
def progress_file(tmp_path: Path) -> Iterator[Path]:
    """Every test writes its attempts to its own throwaway progress file."""
    path = tmp_path / "progress.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSE_PROGRESS_FILE", str(path))
        yield path


def recorded(path: Path) -> dict:
    return json.loads(path.read_text())["items"] if path.exists() else {}


# ------------------------------------------------------------------ a good brief


def test_a_complete_brief_meets_every_line() -> None:
    result = capstone.self_check(brief(300))
    assert result.all_ok, repr(result)
    assert len(result.lines) == 11 and result.missing == []
    assert result.summary().startswith("✓ All 11 checks met")
    text = repr(result)
    assert "✓ Yes" in text and "✗" not in text
    assert "cites [001], [004, section 7]" in text
    assert "names World Bank" in text
    assert "In 2023 Japan spent 3.44 % of its GDP" in text


def test_the_worked_example_meets_every_line() -> None:
    example = capstone.example_brief()
    result = capstone.self_check(example, record=False)
    assert result.all_ok, repr(result)
    low, high = capstone.WORDS
    assert low <= capstone.body_words(example) <= high
    assert "{" not in example and "nan" not in example.lower()


def test_html_uses_symbols_and_words_not_colour_alone() -> None:
    html = capstone.self_check(brief(300, **{"[004, section 7]": "a critic"}))._repr_html_()
    assert "✓ Yes" in html and "✗ Not yet" in html
    assert "Counter-argument cites an article" in html
    assert "looks at form, not at how well you argue" in html


# ------------------------------------------------------------------ each line, one at a time


@pytest.mark.parametrize(
    "heading", ["Question", "Claim", "Evidence", "Counter-argument", "Recommendation", "Sources"]
)
def test_each_missing_heading_is_named(heading: str) -> None:
    text = brief(300).replace(f"## {heading}\n", "\n")
    result = capstone.self_check(text)
    assert not result.all_ok
    assert f"Heading “{heading}”" in result.missing
    line = next(line for line in result.lines if line.label == f"Heading “{heading}”")
    assert f"## {heading}" in line.detail


@pytest.mark.parametrize(
    "written",
    ["# Claim", "### claim", "**Claim**", "**Claim:**", "Claim:", "CLAIM", "  ## Claim  "],
)
def test_headings_in_many_forms_are_found(written: str) -> None:
    assert "Claim" in capstone.headings(brief(300).replace("## Claim", written))


@pytest.mark.parametrize(
    "written", ["Counterargument", "Counter argument", "Counter-arguments", "counter-argument"]
)
def test_spellings_of_counter_argument(written: str) -> None:
    text = brief(300).replace("## Counter-argument", f"## {written}")
    assert capstone.self_check(text).all_ok


def test_a_word_inside_a_sentence_is_not_a_heading() -> None:
    assert "Claim" not in capstone.headings("My claim is that Japan leads.\n## Question\nWhy?")


@pytest.mark.parametrize(("words", "ok", "says"), [(100, False, "too short"),
                                                    (900, False, "too long"),
                                                    (400, True, "a good length")])  # fmt: skip
def test_length(words: int, ok: bool, says: str) -> None:
    result = capstone.self_check(brief(words))
    line = next(line for line in result.lines if line.label == "Length")
    assert line.ok is ok and says in line.detail and "aim for 250–700" in line.detail


def test_headings_do_not_count_as_words() -> None:
    assert capstone.body_words("## Question\n## Claim\nJapan leads.") == 2


def test_no_citation() -> None:
    text = brief(300, **{"[004, section 7]": "someone", "[001]": "an article"})
    result = capstone.self_check(text)
    assert {"Cites an article", "Counter-argument cites an article"} <= set(result.missing)


@pytest.mark.parametrize("cite", ["[000]", "[003] Kuznetsov", "[ 002 ]", "[004, Conclusion]"])
def test_citations_of_each_article_count(cite: str) -> None:
    assert capstone.CITATION.search(f"As {cite} argues")


@pytest.mark.parametrize("cite", ["[005]", "[1]", "[010]", "(004)"])
def test_other_brackets_are_not_citations(cite: str) -> None:
    assert not capstone.CITATION.search(f"As {cite} argues")


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("In 2023 Japan spent 3.44 % of GDP.", True),
        ("Korea had 9,472 researchers per million people in 2023.", True),
        ("From 2000 to 2023 spending rose.", False),  # years only
        ("Japan spent 3.44 % of GDP.", False),  # no year
        ("As [004] says, in 2022 things changed.", False),  # a citation is not a number
        ("By 2023 the share fell by -2.5 points.", True),
        ("In 2023, Japan grew; in 2024, it did not.", False),  # commas after years
        ("Japan's GDP fell by 28 % between 2012 and 2015.", True),
    ],
)
def test_a_number_with_its_year(sentence: str, found: bool) -> None:
    assert bool(capstone.numbers_with_years(sentence)) is found


def test_years_and_numbers_in_different_sentences_do_not_count() -> None:
    assert capstone.numbers_with_years("It was 2023. Japan spent 3.44 % of GDP.") == []


@pytest.mark.parametrize(
    "source",
    ["World Bank", "World Development Indicators", "WDI", "OECD", "UNESCO", "GB.XPD.RSDV.GD.ZS"],
)
def test_data_sources_are_recognised(source: str) -> None:
    assert capstone.SOURCE.search(f"Data: {source}.")


def test_no_data_source() -> None:
    text = brief(300).replace("World Bank,\nWorld Development Indicators, GB.XPD.RSDV.GD.ZS", "me")
    text = text.replace("World Bank, World Development Indicators.", "My notes.")
    assert "Names a data source" in capstone.self_check(text).missing


def test_counter_argument_must_cite_inside_its_own_section() -> None:
    text = brief(300, **{"[004, section 7]": "a critic"})
    result = capstone.self_check(text)
    assert result.missing == ["Counter-argument cites an article"]
    assert "e.g. [004]" in result.lines[-1].detail
    assert capstone.section(text, "Counter-argument").strip().startswith("The paper")
    assert "[001]" not in capstone.section(text, "Counter-argument")


def test_no_counter_argument_section_is_said_plainly() -> None:
    text = brief(300).replace("## Counter-argument\n", "")
    result = capstone.self_check(text)
    assert "no Counter-argument section yet" in result.lines[-1].detail
    assert capstone.section(text, "Counter-argument") is None


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
    capstone.self_check(brief(100))
    entry = recorded(progress_file)["l8.brief"]
    assert entry["kind"] == "exercise" and entry["correct"] is False and entry["attempts"] == 1
    capstone.self_check(brief(300))
    entry = recorded(progress_file)["l8.brief"]
    assert entry["correct"] is True and entry["ever_correct"] is True and entry["attempts"] == 2


def test_record_false_records_nothing(progress_file: Path) -> None:
    capstone.self_check(brief(300), record=False)
    assert recorded(progress_file) == {}


def test_a_broken_progress_store_never_breaks_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(progress, "record", broken)
    assert capstone.self_check(brief(300)).all_ok


# ------------------------------------------------------------------ showing a brief


def test_show_renders_markdown_safely_with_smaller_headings() -> None:
    view = capstone.show("## Claim\nJapan <script>x</script> leads.")
    html = view._repr_html_()
    assert "<h4>Claim</h4>" in html and "<h2>" not in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert repr(view).startswith("## Claim")
    assert repr(capstone.show(None)) == "None"  # never raises
