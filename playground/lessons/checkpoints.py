"""Checkpoints: a condition on the live state, the sentence the student reads, and a hint."""

from __future__ import annotations

from dataclasses import dataclass

from playground.lessons.conditions import Condition, parse_condition
from playground.lessons.errors import LessonError
from playground.lessons.live import LiveState

CHECKPOINT_FIELDS = ("check", "text", "hint")


@dataclass(frozen=True)
class Checkpoint:
    """One thing the student should achieve.

    Attributes
    ----------
    check : str
        The condition as written (grammar: :mod:`playground.lessons.conditions`).
    text : str
        What it asks for, in words ("The test loss is below 0.1").
    hint : str
        Shown when the student is stuck.
    condition : Condition
        ``check`` parsed.
    """

    check: str
    text: str
    hint: str
    condition: Condition

    def value_in(self, live: LiveState):
        """The current value of the tested name (None = no value yet)."""
        return self.condition.value_in(live)

    def met(self, live: LiveState) -> bool:
        """Whether the live state meets this checkpoint."""
        return self.condition.met(live)


def checkpoint_from_dict(doc, field: str) -> Checkpoint:
    """A checkpoint from its JSON object; messages name ``field`` (``steps[1].checkpoints[0]``)."""
    if not isinstance(doc, dict):
        raise LessonError(f"{field} must be an object with check, text and hint")
    unknown = [k for k in doc if k not in CHECKPOINT_FIELDS]
    if unknown:
        raise LessonError(f"unknown field {field}.{unknown[0]} (allowed: {', '.join(CHECKPOINT_FIELDS)})")
    for name in CHECKPOINT_FIELDS:
        if not isinstance(doc.get(name), str) or not doc[name].strip():
            raise LessonError(f"{field}.{name} must be non-empty text")
    return Checkpoint(doc["check"], doc["text"], doc["hint"], parse_condition(doc["check"], f"{field}.check"))


def checkpoint_to_dict(checkpoint: Checkpoint) -> dict:
    """The JSON object of a checkpoint."""
    return {"check": checkpoint.check, "text": checkpoint.text, "hint": checkpoint.hint}


def evaluate(checkpoints, live: LiveState) -> list[tuple[Checkpoint, bool]]:
    """Test checkpoints against the live state.

    Parameters
    ----------
    checkpoints : iterable of Checkpoint
    live : LiveState

    Returns
    -------
    list of (Checkpoint, bool)
        In the given order; True when met.
    """
    return [(c, c.met(live)) for c in checkpoints]


def format_value(value) -> str:
    """A checkpoint value for messages: numbers to 4 significant digits, None as ``none``."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
