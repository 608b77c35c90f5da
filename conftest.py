"""Test-session set-up shared by unit, notebook (nbval) and browser tests.

Learners' progress must never be touched by a test run: every kernel and process the
tests start inherits a throwaway progress file.
"""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config) -> None:
    folder = tempfile.mkdtemp(prefix="course-test-progress-")
    os.environ["COURSE_PROGRESS_FILE"] = os.path.join(folder, "progress.json")
    config._course_progress_folder = folder


def pytest_unconfigure(config) -> None:
    import shutil

    shutil.rmtree(getattr(config, "_course_progress_folder", ""), ignore_errors=True)
