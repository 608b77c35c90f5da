"""The hub tests: a real JupyterHub (test_hub.py) and the user image (test_image.py).

They take minutes and their own environments, so they run only from ``make test-hub`` (also
a step of ``make test``), which builds ``.venv-hub`` and ``.hub-node`` and sets
``COURSE_HUB_VENV``; elsewhere (``make test-fast``, ``make unit``, a bare ``pytest``) they
are skipped with that reason.
"""

from __future__ import annotations

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "hub: starts a real JupyterHub or Docker (make test-hub)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="run by `make test-hub` (it sets COURSE_HUB_VENV)")
    for item in items:
        if "hub" in item.keywords:
            item.add_marker(pytest.mark.slow)
            if not os.environ.get("COURSE_HUB_VENV"):
                item.add_marker(skip)
