"""A sample bank with every question type, shared by the quiz tests (and checked here)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from course import quiz

SOURCE = "World Bank WDI, indicator GB.XPD.RSDV.GD.ZS"

SAMPLE: dict[str, Any] = {
    "lesson": "l99",
    "title": "Sample bank",
    "questions": [
        {
            "id": "s1",
            "type": "single",
            "level": "understand",
            "prompt": "Which economy spent the largest share of GDP on R&D in 2023?",
            "choices": [
                {"id": "kor", "text": "Korea", "feedback": "Korea tops this group."},
                {"id": "chn", "text": "China", "feedback": "China spends a smaller share."},
                {"id": "deu", "text": "Germany", "feedback": "Germany spends a smaller share."},
            ],
            "answer": "kor",
            "source": SOURCE,
            "explanation": "EXPLAIN-S1",
        },
        {
            "id": "m1",
            "type": "multiple",
            "level": "understand",
            "prompt": "Which of these are ministries or agencies of Japan?",
            "choices": [
                {"id": "meti", "text": "METI", "feedback": "A ministry: trade and industry."},
                {"id": "darpa", "text": "DARPA", "feedback": "DARPA is American."},
                {"id": "jst", "text": "JST", "feedback": "An agency that funds research."},
                {"id": "erc", "text": "ERC", "feedback": "The ERC is European."},
            ],
            "answer": ["meti", "jst"],
            "source": "Seed article 002, section 'Institutions'",
            "explanation": "EXPLAIN-M1",
        },
        {
            "id": "n1",
            "type": "numeric",
            "level": "apply",
            "prompt": "Japan's R&D spending in 2023, in % of GDP, two decimals?",
            "answer": 3.44,
            "tolerance": {"abs": 0.005},
            "unit": "%",
            "wrong": [
                {"times": 0.01, "feedback": "That is a share of one, not a percentage."},
                {"value": 4.94, "feedback": "That is Korea's value."},
            ],
            "source": SOURCE,
            "explanation": "EXPLAIN-N1",
        },
        {
            "id": "n2",
            "type": "numeric",
            "level": "apply",
            "prompt": "Japan's IP receipts in 2025, in billions of US dollars?",
            "answer": 54.5,
            "tolerance": {"rel": 0.01},
            "unit": "bn US$",
            "wrong": [{"times": 1e9, "feedback": "You gave dollars; the unit is billions."}],
            "source": "World Bank WDI, indicator BX.GSR.ROYL.CD",
            "explanation": "EXPLAIN-N2",
        },
        {
            "id": "t1",
            "type": "text",
            "level": "understand",
            "prompt": "Name Japan's vision of a super-smart society.",
            "answer": "Society 5.0",
            "accept": ["Society five"],
            "wrong": [{"answer": "Industry 4.0", "feedback": "That is Germany's programme."}],
            "source": "Seed article 003, section 1",
            "explanation": "EXPLAIN-T1",
        },
        {
            "id": "t2",
            "type": "text",
            "level": "understand",
            "prompt": "Which city hosts most of Japan's ministries?",
            "answer": "Tōkyō",
            "source": "General knowledge",
            "explanation": "EXPLAIN-T2",
        },
        {
            "id": "o1",
            "type": "ordering",
            "level": "understand",
            "prompt": "Earliest first.",
            "items": [
                {"id": "a", "text": "Aged society"},
                {
                    "id": "b",
                    "text": "IP surplus",
                    "feedback": "Receipts first passed payments in 2003.",
                },
                {"id": "c", "text": "Super-aged society"},
                {"id": "d", "text": "Korea ahead in R&D"},
            ],
            "source": "World Bank WDI, indicator SP.POP.65UP.TO.ZS",
            "explanation": "EXPLAIN-O1",
        },
        {
            "id": "p1",
            "type": "matching",
            "level": "understand",
            "prompt": "Match each body with its name.",
            "pairs": [
                {
                    "id": "csti",
                    "term": "CSTI",
                    "match": "Council for Science, Technology and Innovation",
                    "feedback": "It advises the Cabinet.",
                },
                {"id": "meti", "term": "METI", "match": "Ministry of Economy, Trade and Industry"},
                {"id": "jst", "term": "JST", "match": "Japan Science and Technology Agency"},
            ],
            "distractors": ["Japan Space Technology Office"],
            "match_label": "full name",
            "source": "Seed article 002, section 'Institutions'",
            "explanation": "EXPLAIN-P1",
        },
    ],
}
"""Every type; answers chosen so that tests can search the widget's state for them."""


def sample() -> dict[str, Any]:
    """A fresh deep copy of :data:`SAMPLE` to break."""
    return copy.deepcopy(SAMPLE)


def write_bank(folder: Path, data: Any, name: str = "l99.yaml") -> Path:
    """Write ``data`` as a YAML bank file and return its path."""
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def sample_bank(folder: Path) -> quiz.Bank:
    """The sample, loaded through the real loader."""
    return quiz.load(write_bank(folder, sample()))


def test_sample_bank_is_valid(tmp_path: Path) -> None:
    bank = quiz.validate(write_bank(tmp_path, sample()))
    assert bank.ids == [q["id"] for q in SAMPLE["questions"]]
    assert {q.type for q in bank.questions} == set(quiz.model.QUESTION_TYPES)


def test_load_and_validate_agree_on_the_sample(tmp_path: Path) -> None:
    path = write_bank(tmp_path, sample())
    assert quiz.load(path) == quiz.validate(path)
