"""The pandas reference notebook teaches every pandas step the exercises' answers use."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "notebooks" / "reference" / "pandas_you_need.ipynb"
COURSE_API = {"table", "value", "latest", "panel", "line", "citation", "indicator_chart",
              "oda", "sei", "legacy", "bars", "snapshot", "rank", "indicator"}  # fmt: skip


def methods_in_answers() -> dict[str, set[str]]:
    """Each `.method(` called in a solution's answer cell, with the exercises using it."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            for answer in re.findall(r"### BEGIN SOLUTION(.*?)### END SOLUTION", text, re.S):
                for name in re.findall(r"\.([a-z_]+)\(", answer):
                    found.setdefault(name, set()).add(path.stem)
    return found


def test_every_pandas_step_of_the_answers_is_taught() -> None:
    taught = "".join("".join(cell["source"]) for cell in json.loads(REFERENCE.read_text())["cells"])
    missing = {
        name: sorted(where)
        for name, where in methods_in_answers().items()
        if name not in COURSE_API and f".{name}(" not in taught
    }
    assert not missing, f"teach these in {REFERENCE.name}: {missing}"
