"""Fixtures for the real-browser tests: one JupyterLab and one Chromium per session.

``lab``      -- the running server (:class:`harness.browser.Lab`), one for the whole session.
``browser``  -- headless Debian Chromium; every browser test is skipped without it.
``page``     -- a fresh browser context and page per test; kernels are shut down after.
``axe``      -- path of axe-core's ``axe.min.js``; skips when npm cannot provide it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from harness import browser as labmod

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Chromium, or skip every browser test with one clear line."""
    path = labmod.find_chromium()
    if path is None:
        pytest.skip(labmod.NO_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[labmod.Lab]:
    """One JupyterLab server for the whole session, serving a copy of the course."""
    server = labmod.start_lab(tmp_path_factory.mktemp("lab"))
    print(f"\nJupyterLab up at {server.base_url} in {server.start_seconds:.1f} s", flush=True)
    try:
        yield server
    finally:
        labmod.stop_lab(server)


@pytest.fixture(scope="session")
def playwright_instance(chromium_path: str) -> Iterator[Playwright]:
    """The Playwright driver (plain ``sync_api``; pytest-playwright is not needed)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, chromium_path: str) -> Iterator[Browser]:
    """Headless Chromium for the whole session."""
    chromium = labmod.launch_browser(playwright_instance, chromium_path)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def page(browser: Browser, lab: labmod.Lab) -> Iterator[Page]:
    """A page in a fresh browser context; its kernels are shut down when the test ends."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    new_page = context.new_page()
    try:
        yield new_page
    finally:
        context.close()
        lab.shutdown_kernels()


@pytest.fixture(scope="session")
def axe() -> Path:
    """Path of ``axe.min.js`` (installed from npm into a cache outside the repo), or skip."""
    script = labmod.axe_script()
    if script is None:
        pytest.skip(
            "accessibility checks need axe-core from npm: install npm (apt-get install npm)"
        )
    return script
