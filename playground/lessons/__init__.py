"""Lessons that follow the backpropagation chapter: format, validation, checkpoints, headless check. No Qt.

Public names::

    load_lesson(path) -> Lesson, lesson_from_dict(doc), lesson_to_dict / lesson_to_json,
    save_lesson(lesson, path) (atomic), shipped_lessons()
    Lesson, Step, Checkpoint, SolutionOp           the validated content
    LiveState, METRICS, metrics_from_snapshot      what checkpoints are tested against (the app fills it)
    evaluate(checkpoints, live_state) -> [(checkpoint, met)]
    parse_condition(text), VARIABLES               the checkpoint grammar and its names
    CONTROLS                                       names of the app's controls a step can show or hide
    ACTIONS, TrainingLog, TrainingPhase, derived_actions   recorded actions and the training-derived ones
    LessonProgress(lesson)                         met checkpoints (sticky), current step, JSON for QSettings
    run_lesson(lesson) -> LessonResult, LessonRun  play the stored solution headlessly
    LessonError                                    every lesson problem, naming the field

The format is documented in docs/lessons.md.
"""

from playground.lessons.actions import ACTIONS, TrainingLog, TrainingPhase, derived_actions
from playground.lessons.checkpoints import Checkpoint, evaluate
from playground.lessons.conditions import VARIABLES, parse_condition
from playground.lessons.controls import CONTROLS
from playground.lessons.errors import LessonError
from playground.lessons.lesson import (
    LESSON_FORMAT, LESSON_VERSION, Lesson, Step, lesson_from_dict, lesson_to_dict, lesson_to_json, load_lesson,
    save_lesson, shipped_lessons,
)
from playground.lessons.live import METRICS, LiveState, metrics_from_snapshot
from playground.lessons.progress import LessonProgress
from playground.lessons.runner import LessonResult, LessonRun, run_lesson
from playground.lessons.solution import SolutionOp

__all__ = [
    "ACTIONS", "CONTROLS", "Checkpoint", "LESSON_FORMAT", "LESSON_VERSION", "Lesson", "LessonError",
    "LessonProgress", "LessonResult", "LessonRun", "LiveState", "METRICS", "SolutionOp", "Step", "TrainingLog",
    "TrainingPhase", "VARIABLES", "derived_actions", "evaluate", "lesson_from_dict", "lesson_to_dict",
    "lesson_to_json", "load_lesson", "metrics_from_snapshot", "parse_condition", "run_lesson", "save_lesson",
    "shipped_lessons",
]
