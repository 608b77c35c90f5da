"""Dollar signs in the course's messages stay dollar signs in JupyterLab (MathJax would
typeset "US$ 5 … US$ 6" as red serif maths)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from harness.browser import Lab, open_notebook, run_all, set_cell_and_run

pytestmark = pytest.mark.browser

SHOW = """
from IPython.display import display
from course.checks.core import Note, Result
display(Result(False, "✗ Not yet — in current US$ 5 billion, not Current US$ 6 billion", "wrong"))
display(Note("hint", "compare $x$ with US$ 3 and US$ 4"))
"""


def test_dollars_in_check_messages_are_not_typeset(page: Page, lab: Lab) -> None:
    open_notebook(page, lab, "notebooks/00_start_here.ipynb")
    run_all(page)
    text = set_cell_and_run(page, "ageing = ...", SHOW)
    assert "US$ 5 billion" in text and "US$ 4" in text, text
    cell = page.locator(".jp-CodeCell", has_text="US$ 5 billion").last
    page.wait_for_timeout(1500)  # MathJax typesets asynchronously
    assert cell.locator(".jp-OutputArea mjx-container, .jp-OutputArea .MathJax").count() == 0
