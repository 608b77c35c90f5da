"""A learner's progress: every quiz answer and exercise check, kept in a local file.

(Minimal first version; hardened with locking, atomic writes and recovery next.)
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

ENV_VAR = "COURSE_PROGRESS_FILE"


def progress_path() -> Path:
    """Where progress is kept: ``$COURSE_PROGRESS_FILE`` or the user's data directory."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    import platformdirs

    return Path(platformdirs.user_data_dir("japan-sti-course")) / "progress.json"


def record(lesson: str, item: str, *, correct: bool, kind: str) -> None:
    """Record one attempt at a quiz question or exercise task (``kind``: quiz or exercise)."""
    path = progress_path()
    state = json.loads(path.read_text()) if path.exists() else {"items": {}}
    entry = state["items"].setdefault(f"{lesson}.{item}", {"attempts": 0, "correct": False})
    entry.update(lesson=lesson, item=item, kind=kind, last=time.time())
    entry["attempts"] += 1
    entry["correct"] = entry["correct"] or correct
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=1))
