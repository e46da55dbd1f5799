"""The one error type of lesson files."""

from __future__ import annotations

from playground.experiment.errors import ExperimentError


class LessonError(ExperimentError):
    """A lesson file or a lesson's content is invalid; the message names the field.

    A subclass of :class:`~playground.experiment.errors.ExperimentError`, so every caller
    that already reports bad experiment files (the CLI's exit status 2, the app's
    message box) reports bad lesson files the same way.
    """
