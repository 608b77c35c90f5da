"""Keep committed notebooks clean: the one rule, used by pre-commit, refresh and tests.

Outputs and execution counts are removed from every code cell except those whose
metadata says ``"keep_output": true`` (the numbers nbval compares, which need their
count to be compared); run-time metadata (timings, widget state) is dropped. Cell
ids are kept: they are stable and the grader matches cells by them.

    python scripts/clean_notebooks.py [--check] NOTEBOOK...
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

NOISY_CELL_KEYS = ("execution", "collapsed", "scrolled")


def clean(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Apply the rule in place and return the notebook."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        for key in NOISY_CELL_KEYS:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code" or cell.metadata.get("keep_output"):
            continue
        cell.outputs = []
        cell.execution_count = None
    return notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if unclean")
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args(argv)
    unclean = []
    for path in args.paths:
        before = path.read_text(encoding="utf-8")
        after = nbformat.writes(clean(nbformat.reads(before, as_version=4))) + "\n"
        if after != before:
            unclean.append(path)
            if not args.check:
                path.write_text(after, encoding="utf-8")
    for path in unclean:
        print(f"{'unclean' if args.check else 'cleaned'}: {path}")
    return 1 if (args.check and unclean) else 0


if __name__ == "__main__":
    sys.exit(main())
