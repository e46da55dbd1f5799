"""The one exception type for a bad experiment (a field out of range, a bad file)."""

from __future__ import annotations


class ExperimentError(ValueError):
    """An experiment or its file is invalid.

    The message names the field and the problem, written for the user, e.g.
    ``"training.learning_rate must be > 0, got -1"``.
    """
