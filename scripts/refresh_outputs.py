"""Re-execute notebooks and store the outputs of the cells marked ``keep_output``.

nbval compares only stored outputs, so the key numbers a lesson states are kept
on purpose (cell metadata ``"keep_output": true``); everything else is cleaned by
the same rule as the pre-commit hook. Run after changing a lesson or the data:

    .venv/bin/python scripts/refresh_outputs.py notebooks/00_start_here.ipynb
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from clean_notebooks import clean
from nbclient import NotebookClient


def refresh(path: Path) -> None:
    """Execute ``path`` in a fresh kernel, then clean it, keeping the marked outputs."""
    notebook = nbformat.read(path, as_version=4)
    resources = {"metadata": {"path": str(path.parent)}}
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources=resources).execute()
    path.write_text(nbformat.writes(clean(notebook)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        refresh(Path(name))
        print(f"refreshed {name}")
