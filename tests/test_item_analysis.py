"""Item analysis: difficulty, discrimination, the upper-lower index and distractor counts,
checked against an independent computation (numpy) on a constructed class and on the
benchmark's real lesson-0 class graded by ``course grade``."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from course import progress, quiz
from course.instructor.grade import grade, items

ROOT = Path(__file__).resolve().parent.parent


def independent(matrix: dict[str, dict[str, float]], item: str) -> tuple[float, float, float]:
    """p, r (item against the sum of the other items) and D, from the textbook formulas."""
    students = sorted(matrix)
    x = np.array([matrix[s][item] for s in students])
    rest = np.array([sum(v for k, v in matrix[s].items() if k != item) for s in students])
    total = {s: sum(matrix[s].values()) for s in students}
    ranked = sorted(students, key=lambda s: (-total[s], s))
    g = max(1, round(0.27 * len(students)))
    upper = np.mean([matrix[s][item] for s in ranked[:g]])
    lower = np.mean([matrix[s][item] for s in ranked[-g:]])
    return float(x.mean()), float(np.corrcoef(x, rest)[0, 1]), float(upper - lower)


ABILITY = range(10)  # student s0 strongest, s9 weakest
CLASS = {  # a: easy; b: right for the top half; c: right for the bottom six; d, e: mixed
    f"s{i}": {
        "a": float(i != 5),
        "b": float(i < 5),
        "c": float(i >= 4),
        "d": float(i < 6),
        "e": float(i < 4 or i == 8),
    }
    for i in ABILITY
}


def test_statistics_match_the_textbook_formulas_on_a_constructed_class() -> None:
    found = {it.id: it for it in items.analyse(CLASS, "test")}
    assert set(found) == set("abcde")
    for item, stats in found.items():
        p, r, d = independent(CLASS, item)
        assert stats.n == 10
        assert stats.difficulty == pytest.approx(p, abs=1e-12)
        assert stats.discrimination == pytest.approx(r, abs=1e-9)
        assert stats.upper_lower == pytest.approx(d, abs=1e-12)
    # by hand: b is right for the top half only; c for the bottom six
    assert found["b"].difficulty == 0.5 and found["c"].difficulty == 0.6
    assert found["c"].discrimination < 0 < found["b"].discrimination
    assert (found["b"].upper_lower, found["c"].upper_lower) == (1.0, -1.0)
    assert any(f.startswith("Negatively discriminating") for f in found["c"].flags)
    assert found["a"].flags[0].startswith("Too easy: 90%")
    assert not found["b"].flags


def test_items_with_few_answers_or_no_variation_are_handled() -> None:
    few = {s: {"x": 1.0, "y": float(i % 2)} for i, s in enumerate("abcd")}
    assert items.analyse(few, "few") == []  # 4 answers < MIN_ANSWERS
    same = {s: {"x": 1.0, "y": float(i % 2)} for i, s in enumerate("abcdef")}
    x = next(it for it in items.analyse(same, "same") if it.id == "x")
    assert x.discrimination is None and x.difficulty == 1.0
    assert x.flags == [items.flags(x)[0]] and "Too easy" in x.flags[0]
    hard = {s: {"x": 0.0, "y": float(i % 2)} for i, s in enumerate("abcdef")}
    assert (
        "Too hard: only 0%" in next(it for it in items.analyse(hard, "h") if it.id == "x").flags[0]
    )


def test_quiz_items_and_distractors_come_from_first_answers(tmp_path: Path) -> None:
    """Six learners' exported files: the first answers are counted per choice, the first
    verdict is the item score, and a damaged file is noted, not fatal."""
    bank = quiz.load("l0")
    q = bank["stuck-on-exercise"]
    firsts = ["hint", "hint", "web", "solutions", "hint", "web"]
    for i, first in enumerate(firsts):
        entry = {
            "lesson": "l0",
            "item": q.id,
            "kind": "quiz",
            "attempts": 2,
            "correct": True,
            "ever_correct": True,
            "first": "2026-01-01T00:00:00.000+00:00",
            "last": "2026-01-02T00:00:00.000+00:00",
            "answer": "hint",
            "first_answer": first,
            "first_correct": first == q.answer,
        }
        state = {"format": progress.FORMAT, "version": 1, "items": {f"l0.{q.id}": entry}}
        (tmp_path / f"learner{i}.json").write_text(json.dumps(state))
    (tmp_path / "broken.json").write_text("{not json")
    found, problems = items.class_items([], tmp_path)
    (item,) = found
    assert (item.group, item.id, item.n) == ("l0 quiz", q.id, 6)
    assert item.difficulty == pytest.approx(3 / 6)
    assert item.options == {"hint": 3, "solutions": 1, "restart": 0, "web": 2}
    assert item.right == ("hint",)
    assert problems and "broken.json" in problems[0]
    table = "\n".join(items.table(found))
    assert "hint ✓: 3" in table and "restart: 0" in table


def _bench():
    spec = importlib.util.spec_from_file_location("bench_grading", ROOT / "bench" / "grading.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_item_analysis_of_the_benchmark_class_matches_numpy(tmp_path: Path) -> None:
    """The benchmark's lesson-0 class (right, one wrong, unanswered), graded for real."""
    subs, out = tmp_path / "subs", tmp_path / "out"
    deserve = _bench().build_class(subs, 20)
    grade(submissions=subs, output=out, root=ROOT, quiet=True, workers=2)
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["student"]: int(r["total"]) for r in rows} == deserve
    tasks = [c for c in rows[0] if c.startswith("l0.")]
    best = {t: max(float(r[t]) for r in rows) for t in tasks}
    matrix = {r["student"]: {t: float(float(r[t]) == best[t]) for t in tasks} for r in rows}
    from course.instructor.grade.results import load_all

    found = {it.id: it for it in items.class_items(load_all(out / "results"), None)[0]}
    assert set(found) == set(tasks)
    for task in tasks:
        p, r, d = independent(matrix, task)
        assert found[task].difficulty == pytest.approx(p, abs=1e-9)
        assert found[task].discrimination == pytest.approx(r, abs=1e-9)
        assert found[task].upper_lower == pytest.approx(d, abs=1e-9)
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "## Item analysis" in summary and "`l0.rd_latest`" in summary
    assert (out / "items.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
