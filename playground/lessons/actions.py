"""The events a lesson's checkpoints can ask for, and the rules that derive some from training.

Two sources, one list:

* ``"ui"`` actions are recorded by the app when the student does something
  in a view (applies a step in the step-through panel, picks two weights for
  the loss landscape). The headless runner performs them on the engine
  (``playground.lessons.runner``).
* ``"training"`` actions follow from what was trained, by the rules of
  :func:`derived_actions` over a :class:`TrainingLog`. The app and the headless
  runner feed the same log, so both record them under the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Epochs a setting must have been trained for to count as "tried" in a comparison.
COMPARE_MIN_EPOCHS = 20
#: Distinct settings that make a comparison.
COMPARE_MIN_SETTINGS = 3


@dataclass(frozen=True)
class ActionInfo:
    """One action name.

    Attributes
    ----------
    name : str
        As written in checkpoints and recorded by the app.
    source : {"ui", "training"}
        Who records it: the app's views, or the training rules of this module.
    description : str
        When it is recorded.
    """

    name: str
    source: str
    description: str


ACTIONS: dict[str, ActionInfo] = {a.name: a for a in (
    ActionInfo("reset", "ui", "the weights were reset to fresh initial values (the Reset button)"),
    ActionInfo("applied_step", "ui",
               "one online SGD step on one training sample was applied in the step-through panel"),
    ActionInfo("followed_sample", "ui",
               "one sample was followed forward (a_j, y_j) and backward (delta_j) in the step-through panel"),
    ActionInfo("viewed_deltas", "ui", "the deltas view was shown while the network had a hidden layer"),
    ActionInfo("picked_two_weights", "ui", "two weights were picked for the loss landscape"),
    ActionInfo("viewed_landscape", "ui", "the loss landscape of the two picked weights was shown"),
    ActionInfo("diverged", "training", "training stopped because the loss was no longer finite"),
    ActionInfo("compared_learning_rates", "training",
               f"at least {COMPARE_MIN_SETTINGS} learning rates were each trained for "
               f"{COMPARE_MIN_EPOCHS} epochs or more (or until they diverged)"),
    ActionInfo("compared_batch_sizes", "training",
               f"full batch, online (batch size 1) and a mini-batch were each trained for "
               f"{COMPARE_MIN_EPOCHS} epochs or more"),
    ActionInfo("compared_activations", "training",
               f"at least {COMPARE_MIN_SETTINGS} hidden activations were each trained for "
               f"{COMPARE_MIN_EPOCHS} epochs or more"),
)}


@dataclass(frozen=True)
class TrainingPhase:
    """A stretch of training with unchanged settings.

    Attributes
    ----------
    learning_rate : float
    batch_size : int
        As in ``training.batch_size``: 0 = full batch.
    n_train : int
        Training samples (a batch size >= n_train is full batch too).
    hidden_activation : str
        The hidden layers' common activation, ``"mixed"``, or ``"none"`` without hidden layers.
    epochs : int
        Epochs trained in this phase.
    diverged : bool
        The phase ended because the loss was not finite.
    """

    learning_rate: float
    batch_size: int
    n_train: int
    hidden_activation: str
    epochs: int = 0
    diverged: bool = False

    @classmethod
    def of(cls, experiment, n_train: int, epochs: int = 0, diverged: bool = False) -> "TrainingPhase":
        """The phase of an experiment's current settings (what the app and the runner record).

        Parameters
        ----------
        experiment : playground.experiment.Experiment
        n_train : int
            Training samples of its prepared data.
        epochs : int
            Epochs trained with these settings.
        diverged : bool
            The loss stopped being finite.
        """
        from playground.lessons.conditions import hidden_activation

        t = experiment.training
        return cls(t.learning_rate, t.batch_size, n_train, hidden_activation(experiment.network), epochs, diverged)

    @property
    def batch_regime(self) -> str:
        """``"full"``, ``"online"`` or ``"mini"``."""
        if self.batch_size == 0 or self.batch_size >= self.n_train:
            return "full"
        return "online" if self.batch_size == 1 else "mini"

    def same_settings(self, other: "TrainingPhase") -> bool:
        """Whether two phases trained with the same compared settings."""
        return (self.learning_rate, self.batch_size, self.n_train, self.hidden_activation) == (
            other.learning_rate, other.batch_size, other.n_train, other.hidden_activation)


class TrainingLog:
    """What has been trained during a lesson, phase by phase (appended to, never edited)."""

    def __init__(self) -> None:
        self.phases: list[TrainingPhase] = []

    def record(self, phase: TrainingPhase) -> None:
        """Add trained epochs; consecutive phases with the same settings merge."""
        last = self.phases[-1] if self.phases else None
        if last is not None and not last.diverged and last.same_settings(phase):
            self.phases[-1] = TrainingPhase(last.learning_rate, last.batch_size, last.n_train,
                                            last.hidden_activation, last.epochs + phase.epochs, phase.diverged)
        else:
            self.phases.append(phase)


def _tried(phases, key) -> set:
    """Values of ``key(phase)`` trained long enough (or to divergence) to count as tried."""
    totals: dict = {}
    diverged = set()
    for p in phases:
        totals[key(p)] = totals.get(key(p), 0) + p.epochs
        if p.diverged:
            diverged.add(key(p))
    return {k for k, n in totals.items() if n >= COMPARE_MIN_EPOCHS} | diverged


def derived_actions(log: TrainingLog) -> set[str]:
    """The ``"training"`` actions a log earns (see :data:`ACTIONS` for the rules)."""
    phases = log.phases
    out = set()
    if any(p.diverged for p in phases):
        out.add("diverged")
    if len(_tried(phases, lambda p: p.learning_rate)) >= COMPARE_MIN_SETTINGS:
        out.add("compared_learning_rates")
    if {"full", "online", "mini"} <= _tried([p for p in phases if not p.diverged], lambda p: p.batch_regime):
        out.add("compared_batch_sizes")
    activations = _tried([p for p in phases if not p.diverged], lambda p: p.hidden_activation) - {"none", "mixed"}
    if len(activations) >= COMPARE_MIN_SETTINGS:
        out.add("compared_activations")
    return out
