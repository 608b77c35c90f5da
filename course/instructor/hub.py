"""The link that puts the course into each student's home on a JupyterHub: ``course hub-link``.

nbgitpuller (installed in the hub's user image) serves ``/hub/user-redirect/git-pull``: it
clones the repository into ``targetpath`` in the student's home on the first click, merges
new commits on later clicks without overwriting the student's changes, and then opens
``urlpath``. Its parameters, as its ``handlers.py`` reads them: ``repo``, ``branch``,
``targetpath``, ``urlpath`` and ``depth`` (commits to fetch; ``0`` fetches all, which a
git server speaking only "dumb" HTTP needs).
"""

from __future__ import annotations

import os
from urllib.parse import quote, urlencode, urlsplit

from course import ids
from course.instructor.common import UsageError, course_root

REPOSITORY = "https://github.com/japan-sti-course/japan-sti-course"
FOLDER = "japan-sti-course"


def hub_link(
    hub: str,
    *,
    repo: str = REPOSITORY,
    branch: str = "main",
    lesson: int | None = None,
    targetpath: str = FOLDER,
    depth: int | None = None,
    root: str | os.PathLike[str] | None = None,
) -> str:
    """The nbgitpuller link for ``hub`` that opens lesson ``lesson`` (default: the start page)
    in JupyterLab, from ``targetpath`` in the student's home."""
    parts = urlsplit(hub)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"The hub's address must start with https:// (or http://), not {hub!r}.")
    if not targetpath or targetpath.startswith("/") or ".." in targetpath.split("/"):
        raise UsageError(
            f"The target folder must be a relative path in the home, not {targetpath!r}."
        )
    number = 0 if lesson is None else lesson
    found = sorted((course_root(root) / "notebooks").glob(f"{ids.prefix(number)}*.ipynb"))
    if not found:
        raise UsageError(f"No lesson {number}: the course has lessons 0 to 8.")
    page = f"lab/tree/{quote(targetpath)}/notebooks/{quote(found[0].name)}"
    query = {"repo": repo, "branch": branch, "targetpath": targetpath, "urlpath": page}
    if depth is not None:
        if depth < 0:
            raise UsageError("--depth is a number of commits, 0 for all of them.")
        query["depth"] = str(depth)
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(query)}"
