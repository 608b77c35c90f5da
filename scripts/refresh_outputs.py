"""Re-execute notebooks and store the outputs of the cells marked ``keep_output``.

nbval compares only stored outputs, so the key numbers a lesson states are kept
on purpose (cell metadata ``"keep_output": true``) and every other output is
cleared. Run it after changing a lesson or the data:

    .venv/bin/python scripts/refresh_outputs.py notebooks/00_start_here.ipynb
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def refresh(path: Path) -> None:
    """Execute ``path`` in a fresh kernel and keep only the marked cells' outputs."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        cell.execution_count = None
        if cell.metadata.get("keep_output"):
            for output in cell.outputs:
                if output.get("output_type") == "execute_result":
                    output["execution_count"] = None
        else:
            cell.outputs = []
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        refresh(Path(name))
        print(f"refreshed {name}")
