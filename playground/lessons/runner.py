"""Run a lesson's stored solution headlessly and test its checkpoints (``playground lessons check``).

The runner plays the student: for each step it applies the step's solution
(setting changes, training, actions) to a live experiment, then evaluates that
step's checkpoints, as the app turns them green while the student works.
Everything is real: training uses the headless loop, and the UI actions are
performed on the engine (an online SGD step, a forward/backward pass).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from playground.lessons.actions import TrainingLog, TrainingPhase, derived_actions
from playground.lessons.checkpoints import Checkpoint
from playground.lessons.errors import LessonError
from playground.lessons.lesson import Lesson
from playground.lessons.live import LiveState
from playground.lessons.solution import apply_setting
from playground.experiment.errors import ExperimentError


def train_epochs(experiment, prepared, epochs: int, on_epoch=None):
    """Train ``epochs`` more epochs with the project's headless loop; ``(net, state)``.

    The one place this package calls the training loop, so moving the loop
    changes one import.

    Raises
    ------
    playground.training.headless.DivergedError
        When the loss stops being finite.
    """
    from playground.training.headless import train

    return train(experiment, prepared, epochs, on_epoch=on_epoch)


@dataclass(frozen=True)
class Outcome:
    """One checkpoint after its step's solution: met or not, and the tested value."""

    step: int
    checkpoint: Checkpoint
    met: bool
    value: object


@dataclass
class LessonResult:
    """What running a lesson's solution gave.

    Attributes
    ----------
    lesson : Lesson
    outcomes : list of Outcome
        Every checkpoint evaluated, in order (up to the step where an error stopped the run).
    error : str or None
        Why the solution could not be run to the end (an action's precondition, data that cannot be built).
    """

    lesson: Lesson
    outcomes: list[Outcome] = field(default_factory=list)
    error: str | None = None

    @property
    def passed(self) -> bool:
        """No error, and every checkpoint of every step met."""
        return (self.error is None and all(o.met for o in self.outcomes)
                and len(self.outcomes) == len(self.lesson.checkpoints))

    @property
    def failures(self) -> list[Outcome]:
        """The checkpoints that were not met."""
        return [o for o in self.outcomes if not o.met]


class LessonRun:
    """A live, headless copy of what the app holds during a lesson."""

    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self.experiment = lesson.experiment
        self.log = TrainingLog()
        self.ui_actions: set[str] = set()
        self._prepared = None
        self._prepared_for = None

    # --- what the app would show ------------------------------------------------------

    @property
    def prepared(self):
        """The current data's arrays (rebuilt only when the data config changes)."""
        from playground.data import prepare

        if self._prepared_for != self.experiment.data:
            self._prepared = prepare(self.experiment.data, base_dir=self.lesson.base_dir)
            self._prepared_for = self.experiment.data
        return self._prepared

    def network(self):
        """The current network: the trained weights, or fresh ones from ``training.seed``."""
        from playground.experiment.build import build_network

        return build_network(self.experiment, self.prepared)

    def metrics(self) -> dict:
        """Losses, accuracies and counters of the current network (the Snapshot's values)."""
        from playground.experiment.build import evaluate

        out = evaluate(self.experiment, self.network(), self.prepared)
        state = self.experiment.state
        out["epoch"] = float(state.epoch if state else 0)
        out["steps"] = float(state.steps if state else 0)
        return out

    def live_state(self) -> LiveState:
        """The record checkpoints are tested against."""
        return LiveState(self.experiment, self.metrics(), self.ui_actions | derived_actions(self.log))

    # --- operations ---------------------------------------------------------------------

    def set(self, target: str, value) -> None:
        """Change one setting, as the app's controls do."""
        self.experiment = apply_setting(self.experiment, target, value, self.lesson.base_dir)

    def train(self, epochs: int) -> None:
        """Train; a diverging run is recorded as such and the weights from before it are kept.

        (The app keeps the last finite weights instead; a lesson should not depend on the difference.)
        """
        from playground.training.headless import DivergedError

        prepared = self.prepared
        done = [0]

        def count(k, total, loss):
            done[0] = k

        n_train = len(prepared.X_train)
        try:
            _, state = train_epochs(self.experiment, prepared, epochs, on_epoch=count)
        except DivergedError:
            self.log.record(TrainingPhase.of(self.experiment, n_train, done[0] + 1, diverged=True))
            return
        self.log.record(TrainingPhase.of(self.experiment, n_train, epochs))
        self.experiment = replace(self.experiment, state=state)

    def do(self, action: str) -> None:
        """Perform a UI action on the engine and record it.

        Raises
        ------
        LessonError
            When the app could not have recorded it now (its precondition is not met).
        """
        getattr(self, f"_do_{action}")()
        self.ui_actions.add(action)

    def _do_reset(self) -> None:
        """Fresh initial weights from ``training.seed``; the curves and counters start over."""
        self.experiment = replace(self.experiment, state=None)

    def _do_applied_step(self) -> None:
        """One online SGD step on one training sample, kept (the step-through panel's Apply)."""
        from playground.engine import Trainer
        from playground.experiment.build import trained_state

        prepared, old = self.prepared, self.experiment.state
        net = self.network()
        t = self.experiment.training
        steps = old.steps if old else 0
        trainer = Trainer(net, prepared.X_train, prepared.T_train, loss=self.experiment.loss_for(prepared),
                          optimizer="sgd", learning_rate=t.learning_rate, batch_size=1, seed=t.seed + steps)
        before = [W.copy() for W in net.weights]
        loss = trainer.step()
        if not np.isfinite(loss) or all(np.array_equal(a, b) for a, b in zip(before, net.weights)):
            raise LessonError(f"applied_step: the step did not change the weights (loss {loss})")
        curves = (old.loss_epochs, old.train_loss, old.test_loss) if old else ((), (), ())
        state = trained_state(net, prepared, epoch=old.epoch if old else 0, steps=steps + 1,
                              loss_epochs=curves[0], train_loss=curves[1], test_loss=curves[2])
        self.experiment = replace(self.experiment, state=state)

    def _gradients(self, X, T):
        net = self.network()
        return net.loss_and_gradients(X, T, loss=self.experiment.loss_for(self.prepared))

    def _do_followed_sample(self) -> None:
        """The forward and backward pass of one training sample (what the step-through panel shows)."""
        p = self.prepared
        loss, grads = self._gradients(p.X_train[:1], p.T_train[:1])
        if not np.isfinite(loss) or not all(np.all(np.isfinite(d)) for d in grads.deltas):
            raise LessonError("followed_sample: the sample's deltas are not finite")

    def _do_viewed_deltas(self) -> None:
        """Mean |delta| per layer over the training set (the deltas view); needs a hidden layer."""
        if not self.experiment.network.hidden:
            raise LessonError("viewed_deltas: the network has no hidden layer, so there are no hidden deltas")
        p = self.prepared
        _, grads = self._gradients(p.X_train, p.T_train)
        if not all(np.all(np.isfinite(np.abs(d).mean(axis=0))) for d in grads.deltas):
            raise LessonError("viewed_deltas: the deltas are not finite")

    def _do_picked_two_weights(self) -> None:
        """Two weights to plot J over: needs a network with at least two weights."""
        if sum(W.size for W in self.network().weights) < 2:
            raise LessonError("picked_two_weights: the network has fewer than two weights")

    def _do_viewed_landscape(self) -> None:
        """The landscape of the picked weights: needs them picked, and a finite loss at the current point."""
        if "picked_two_weights" not in self.ui_actions:
            raise LessonError("viewed_landscape: pick two weights first (picked_two_weights)")
        p = self.prepared
        if not np.isfinite(self.network().loss(p.X_train, p.T_train, loss=self.experiment.loss_for(p))):
            raise LessonError("viewed_landscape: the loss at the current weights is not finite")


def run_lesson(lesson: Lesson) -> LessonResult:
    """Apply a lesson's solution step by step and evaluate each step's checkpoints after it.

    Returns
    -------
    LessonResult
        Never raises for a lesson that loaded: a failing action or data that
        cannot be built ends the run with ``error`` set.
    """
    from playground.data import DataError

    result = LessonResult(lesson)
    run = LessonRun(lesson)
    for k, step in enumerate(lesson.steps):
        for j, op in enumerate(step.solution):
            try:
                if op.kind == "set":
                    run.set(op.target, op.value)
                elif op.kind == "train":
                    run.train(op.value)
                else:
                    run.do(op.target)
            except (DataError, ExperimentError) as exc:
                result.error = f"steps[{k}].solution[{j}]: {exc}"
                return result
        try:
            live = run.live_state()
        except (DataError, ExperimentError) as exc:
            result.error = f"steps[{k}]: {exc}"
            return result
        for checkpoint in step.checkpoints:
            result.outcomes.append(Outcome(k, checkpoint, checkpoint.met(live), checkpoint.value_in(live)))
    return result
