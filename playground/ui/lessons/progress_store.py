"""Lesson progress kept in QSettings, one key per lesson (its file name without ``.json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

if TYPE_CHECKING:
    from playground.lessons.progress import LessonProgress

GROUP = "lessons"
#: Set once the first-run welcome (the lesson browser) has been shown.
WELCOMED_KEY = f"{GROUP}/welcomed"


def _key(lesson) -> str:
    return f"{GROUP}/progress/{lesson.name}"


def load_progress(settings: QSettings, lesson) -> LessonProgress:
    """The saved progress of ``lesson`` (fresh when none, or when it is unreadable)."""
    # Here, not at the top: the app's every start reads WELCOMED_KEY just after its first frame, and the
    # lessons package (its parser, checkpoints and rich text) then blocked the window for ~20 ms.
    from playground.lessons.progress import LessonProgress

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
