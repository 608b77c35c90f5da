"""Lesson 3: its analysis and explorers (``analysis``), its exercise's checker tasks
(``tasks``) and its quiz bank (``quiz.yaml``). See :mod:`course.lessons`."""

from course.lessons import lesson_namespace

__getattr__, __dir__ = lesson_namespace(__name__)
