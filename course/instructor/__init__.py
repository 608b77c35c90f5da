"""The instructor's toolkit: see the course whole, hand out exercises, grade a class.

Every command of the ``course`` console script is a thin layer over a keyword-only function
in this package, so the same work runs from a notebook::

    course overview [--format text|md|html] [--output FILE]  overview.overview(fmt=, output=)
    course generate [--check]                                 release.generate(check=)
    course release DEST                                       release.release(dest=)
    course release --nbgrader DIR --assignment NAME           release.release(nbgrader=, ...)
    course grade SUBMISSIONS_DIR --output OUT_DIR             grade.grade(submissions=, output=)
    course export-grades GRADING_DIR --format F --roster R    export.grades.export_grades(...)
    course export-quiz LESSON|all --format qti|moodle         export.quiz.export_quiz(...)
    course hub-link HUB_URL [--lesson N]                      hub.hub_link(hub, lesson=)

e.g. ``from course.instructor.grade import grade; grade(submissions="in", output="out")``.

Learner-side modules (quiz, checks, widgets, progress, dashboard, data, plots) never import
this package; importing it loads nothing until a function is used.

Grading, in short
-----------------
Hand-ins go in one folder, either one sub-folder per student (``alice/00_practice.ipynb``,
any depth, so nbgrader's ``submitted/`` folder works as it is) or flat
(``alice__00_practice.ipynb``, or ``alice.ipynb`` with ``--exercise 00_practice``). The file
name says which exercise of ``solutions/`` it is. Each notebook runs in a fresh kernel of
its own, in a temporary copy outside the course, with a time-out per cell (30 s) and per
notebook (120 s); an endless loop costs its cell only. After the cell holding a task's
answer, the grader calls the course checker on the answer variable, by the task's stable
id: answers are found through cell metadata, nbgrader ids, cell ids or their content, so
moved, duplicated, retyped or deleted cells are graded (deleted ones as missing, with the
reason). Results are cached by the notebook's sha256: grading again only runs what changed.

What is and is not prevented (there is no real sandbox without containers):

- Prevented everywhere: a notebook that is not JSON, empty, nbformat 3, over 20 MB, that
  calls ``sys.exit``/``os._exit``, kills its kernel, loops forever or prints megabytes
  (output is never collected) affects its own grade only; memory, CPU time and file
  sizes are capped with ``setrlimit``; kernels run with ``HOME`` and the working folder in a
  temporary directory, and a minimal environment (no tokens from the instructor's shell).
- Prevented on Linux 5.13+ (Landlock, no root needed): writing anywhere but the kernel's
  own folder; reading ``solutions/``, the course repository, the submissions (classmates'
  work), the output folder, other kernels' folders and the instructor's home; opening TCP
  connections (Landlock ABI 4+); signalling the grader or other kernels (ABI 6+).
- Only detected: without Landlock (macOS, Windows, old Linux) a notebook can write where
  the instructor can; the grader compares the submissions folder, the course and the output
  folder before and after and lists any change in ``summary.md`` and on stderr.
- Not prevented: UDP traffic, reading world-readable files elsewhere, and a determined
  student forging a check from inside their own kernel (the checker runs there, like the
  in-notebook check does). Nothing in ``solutions/`` is secret beyond the solution code,
  which ``task.solution()`` shows learners anyway: expected values are computed from data.

Using nbgrader instead
----------------------
The solutions carry nbgrader's markers and metadata, and nbgrader's own ClearSolutions and
ClearHiddenTests produce the same student cells as ``course generate`` once its stub is set
(tests/test_instructor_nbgrader.py shows it). In ``nbgrader_config.py``::

    c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\\n..."}
    c.ClearSolutions.text_stub = "_Write your answer here._"

then::

    course release --nbgrader ~/mycourse --assignment ps0 --exercise 00_practice
    cd ~/mycourse && nbgrader generate_assignment ps0 --force
    course release --nbgrader ~/mycourse --assignment ps0 --exercise 00_practice
    nbgrader release_assignment ps0      # later: collect, autograde ps0, generate_feedback ps0

The first ``course release`` puts the solution into ``source/ps0``; nbgrader records the
assignment; the second replaces ``release/ps0`` with our notebooks, whose answer cells read
``latest = ...  # your code here`` rather than a stub without the variable's name (the only
difference: autograde restores the check cells from nbgrader's database and reads only the
answer cells' contents). The kernel nbgrader starts must be able to ``import course``;
nbgrader's hidden tests call the same checkers, so both graders give the same points
(bench/grading.py compares them). ``course grade`` also reads nbgrader's ``submitted/``.
"""

from __future__ import annotations
