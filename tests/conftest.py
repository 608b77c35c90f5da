"""Shared test set-up: a private progress file for every test, and which tests are slow.

``make unit`` runs the tests not marked ``slow`` or ``browser`` (the inner loop, about a
minute); ``make test`` runs everything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SLOW = {  # modules that grade real notebooks, resolve locks, execute notebooks or search widely
    "test_lock.py",
    "test_instructor_grade.py",
    "test_grader_isolation.py",
    "test_instructor_nbgrader.py",
    "test_item_analysis.py",
    "test_lms_export.py",
    "test_explorers.py",
    "test_checks_property.py",
    "test_assign.py",
    "test_cli.py",
    "test_binder.py",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).name in SLOW:
            item.add_marker(pytest.mark.slow)


def pytest_configure(config: pytest.Config) -> None:
    """No test reads or writes the real learner's progress file: the whole run gets a
    throwaway one (tests that need their own still set it)."""
    import os
    import tempfile

    folder = tempfile.mkdtemp(prefix="course-test-progress-")
    os.environ.setdefault("COURSE_PROGRESS_FILE", str(Path(folder) / "progress.json"))


@pytest.fixture
def progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh progress file for one test: ``COURSE_PROGRESS_FILE`` points at it."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    monkeypatch.delenv("COURSE_PROGRESS_OFF", raising=False)
    return path
