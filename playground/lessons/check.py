"""``playground lessons check``: run lessons' solutions and report one line per lesson."""

from __future__ import annotations

import json

from playground.lessons.checkpoints import format_value
from playground.lessons.lesson import load_lesson, shipped_lessons
from playground.lessons.runner import LessonResult, run_lesson


def result_line(result: LessonResult) -> str:
    """``NAME  passed (K checkpoints)`` or ``NAME  FAILED: why`` (the first failing checkpoint and its value)."""
    name = result.lesson.name
    if result.passed:
        return f"{name}  passed ({len(result.outcomes)} checkpoints)"
    if result.error is not None:
        return f"{name}  FAILED: {result.error}"
    failures = result.failures
    if not failures:
        missing = len(result.lesson.checkpoints) - len(result.outcomes)
        return f"{name}  FAILED: {missing} checkpoints were not evaluated"
    first = failures[0]
    c = first.checkpoint
    more = f" (+{len(failures) - 1} more)" if len(failures) > 1 else ""
    return (f"{name}  FAILED: steps[{first.step}] '{c.check}' not met: {c.condition.name} is "
            f"{format_value(first.value)}{more}")


def check_files(paths=None, out=print) -> tuple[int, int]:
    """Load every lesson first (a bad file stops before anything runs), then run each and print its line.

    Parameters
    ----------
    paths : list of path-like, optional
        Lesson files; None or empty = the shipped lessons.
    out : callable
        Receives each output line (the last one is the JSON summary).

    Returns
    -------
    (lessons, passed) : tuple of int

    Raises
    ------
    LessonError
        A file that cannot be read or is invalid (naming the file and field).
    """
    paths = list(paths) if paths else shipped_lessons()
    lessons = [load_lesson(p) for p in paths]
    passed = 0
    for lesson in lessons:
        result = run_lesson(lesson)
        passed += result.passed
        out(result_line(result))
    out(json.dumps({"lessons": len(lessons), "passed": passed}))
    return len(lessons), passed
