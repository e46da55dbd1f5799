"""Lesson progress kept in QSettings, one key per lesson (its file name without ``.json``)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from playground.lessons.progress import LessonProgress

GROUP = "lessons"
#: Set once the first-run welcome (the lesson browser) has been shown.
WELCOMED_KEY = f"{GROUP}/welcomed"


def _key(lesson) -> str:
    return f"{GROUP}/progress/{lesson.name}"


def load_progress(settings: QSettings, lesson) -> LessonProgress:
    """The saved progress of ``lesson`` (fresh when none, or when it is unreadable)."""
    text = settings.value(_key(lesson), "")
    return LessonProgress.from_json(lesson, text) if isinstance(text, str) and text else LessonProgress(lesson)


def save_progress(settings: QSettings, progress: LessonProgress) -> None:
    settings.setValue(_key(progress.lesson), progress.to_json())
    settings.sync()


def clear_progress(settings: QSettings, lesson) -> None:
    settings.remove(_key(lesson))
    settings.sync()


def summary(settings: QSettings, lesson) -> str:
    """``"done"``, ``"3 of 5 checkpoints"`` or ``"not started"``, for the lesson browser."""
    if not settings.contains(_key(lesson)):
        return "not started"
    progress = load_progress(settings, lesson)
    total = len(lesson.checkpoints)
    met = sum(progress.is_met(k, i) for k, step in enumerate(lesson.steps) for i in range(len(step.checkpoints)))
    if progress.done:
        return "done ✓"
    return f"{met} of {total} checkpoints" if met or progress.step else "started"
