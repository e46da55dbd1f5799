"""A student's progress through one lesson: which checkpoints have been met (they stay met).

The app calls :meth:`LessonProgress.update` with every new live state and turns
the returned checkpoints green; ``to_json`` / ``from_json`` keep it between
runs (e.g. in QSettings under the lesson's name). Checkpoints are keyed by
step and condition text, so editing a lesson's wording keeps progress, and a
changed condition starts that checkpoint over.
"""

from __future__ import annotations

import json

from playground.lessons.checkpoints import evaluate
from playground.lessons.lesson import Lesson
from playground.lessons.live import LiveState


class LessonProgress:
    """Met checkpoints of one lesson and the step the student is on.

    Parameters
    ----------
    lesson : Lesson
    """

    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self.step = 0
        self._met: set[tuple[int, str]] = set()

    def update(self, live: LiveState, step: int | None = None) -> list[tuple[int, int]]:
        """Evaluate one step's checkpoints (default: the current step); met ones stay met.

        Returns
        -------
        list of (step, index)
            Checkpoints met for the first time by this state.
        """
        k = self.step if step is None else step
        new = []
        for i, (checkpoint, met) in enumerate(evaluate(self.lesson.steps[k].checkpoints, live)):
            key = (k, checkpoint.check)
            if met and key not in self._met:
                self._met.add(key)
                new.append((k, i))
        return new

    def is_met(self, step: int, index: int) -> bool:
        """Whether checkpoint ``index`` of ``step`` has been met."""
        return (step, self.lesson.steps[step].checkpoints[index].check) in self._met

    def step_done(self, step: int) -> bool:
        """Every checkpoint of the step met (a step without checkpoints is done)."""
        return all(self.is_met(step, i) for i in range(len(self.lesson.steps[step].checkpoints)))

    @property
    def done(self) -> bool:
        """Every checkpoint of the lesson met."""
        return all(self.step_done(k) for k in range(len(self.lesson.steps)))

    def go_to(self, step: int) -> None:
        """Make ``step`` the current step (clamped to the lesson's steps)."""
        self.step = max(0, min(int(step), len(self.lesson.steps) - 1))

    def reset(self) -> None:
        """Start the lesson over: nothing met, first step."""
        self.step = 0
        self._met.clear()

    def to_json(self) -> str:
        """The progress as a short JSON text."""
        return json.dumps({"step": self.step, "met": sorted([k, c] for k, c in self._met)})

    @classmethod
    def from_json(cls, lesson: Lesson, text: str) -> "LessonProgress":
        """Progress saved by :meth:`to_json`; anything unreadable or stale is dropped, never an error."""
        progress = cls(lesson)
        try:
            doc = json.loads(text)
            met = doc.get("met", [])
            step = doc.get("step", 0)
        except (TypeError, ValueError, AttributeError):
            return progress
        valid = {(k, c.check) for k, s in enumerate(lesson.steps) for c in s.checkpoints}
        if isinstance(met, list):
            progress._met = {(p[0], p[1]) for p in met
                             if isinstance(p, list) and len(p) == 2 and (p[0], p[1]) in valid}
        if isinstance(step, int) and not isinstance(step, bool):
            progress.go_to(step)
        return progress
