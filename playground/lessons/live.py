"""The live state checkpoints are tested against: a plain record the app fills from snapshots."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from playground.experiment.experiment import Experiment

#: Metric names; the app copies them from its latest Snapshot (``step`` -> ``steps``).
METRICS = ("train_loss", "test_loss", "train_accuracy", "test_accuracy", "epoch", "steps")


@dataclass(frozen=True)
class LiveState:
    """Everything a checkpoint may look at.

    Attributes
    ----------
    experiment : Experiment
        The current settings: data, network design, training settings.
    metrics : mapping of str to float or None
        Keys of :data:`METRICS`; a missing key or None means "no value yet"
        (before training, or ``test_*`` without a test set), and a checkpoint on it is not met.
    actions : frozenset of str
        Recorded action names (see :mod:`playground.lessons.actions`).
    """

    experiment: Experiment
    metrics: Mapping[str, float | None] = field(default_factory=dict)
    actions: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not isinstance(self.experiment, Experiment):
            raise TypeError(f"experiment must be an Experiment, got {type(self.experiment).__name__}")
        unknown = sorted(set(self.metrics) - set(METRICS))
        if unknown:
            raise ValueError(f"unknown metric {unknown[0]!r}; metrics are {', '.join(METRICS)}")
        object.__setattr__(self, "metrics", MappingProxyType(dict(self.metrics)))
        object.__setattr__(self, "actions", frozenset(self.actions))


def metrics_from_snapshot(snapshot) -> dict:
    """The :data:`METRICS` of a training Snapshot (``playground.training.snapshot.Snapshot``).

    Parameters
    ----------
    snapshot : Snapshot or None
        None (nothing trained yet) gives no values.

    Returns
    -------
    dict
        ``train_loss``, ``test_loss``, ``train_accuracy``, ``test_accuracy`` (None when
        the snapshot has none, e.g. no test set), ``epoch`` and ``steps`` (its ``step``).
    """
    if snapshot is None:
        return {}
    out = {name: getattr(snapshot, name) for name in METRICS[:4]}
    out["epoch"] = snapshot.epoch
    out["steps"] = snapshot.step
    return out
