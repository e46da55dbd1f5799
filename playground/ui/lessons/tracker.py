"""Following the student during a lesson: recorded actions, what was trained, met checkpoints.

The tracker turns the live app into the ``LiveState`` that checkpoints are
tested against (``playground.lessons``): the session's experiment, the
metrics of its newest snapshot, and the actions recorded so far, both the
ones views report (:meth:`LessonTracker.record_action`) and the ones that
follow from training (``derived_actions`` over a ``TrainingLog`` fed from the
snapshots, under the same rules as the headless checker).

Evaluation is throttled: snapshots arrive up to ~30 times a second, the
checkpoints are tested at most every :data:`EVALUATE_MS`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from playground.lessons import ACTIONS, LiveState, TrainingLog, TrainingPhase, derived_actions, metrics_from_snapshot
from playground.lessons.progress import LessonProgress
from playground.training.host import NAN_MESSAGE

#: Checkpoints are tested at most this often while training runs (ms).
EVALUATE_MS = 150


class LessonTracker(QObject):
    """The progress of one open lesson.

    Parameters
    ----------
    adapter : WindowAdapter
    lesson : Lesson
    progress : LessonProgress
        Restored from the settings, or fresh.

    Signals
    -------
    updated()
        Checkpoints were tested again (some may have turned green).
    """

    updated = Signal()

    def __init__(self, adapter, lesson, progress: LessonProgress, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.adapter = adapter
        self.lesson = lesson
        self.progress = progress
        self.ui_actions: set[str] = set()
        self.log = TrainingLog()
        self._position = self._position_of(adapter.latest_snapshot)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(EVALUATE_MS)
        self._timer.timeout.connect(self.evaluate_now)

    # ------------------------------------------------------------ input
    def record_action(self, name: str) -> None:
        """Record a ``ui`` action (``applied_step``, ``picked_two_weights``, ...) and test the checkpoints.

        Raises
        ------
        ValueError
            For a name that is not a ``ui`` action of ``playground.lessons.ACTIONS``.
        """
        info = ACTIONS.get(name)
        if info is None or info.source != "ui":
            ui = ", ".join(n for n, a in ACTIONS.items() if a.source == "ui")
            raise ValueError(f"unknown ui action {name!r}; ui actions are {ui}")
        self.ui_actions.add(name)
        self.evaluate_now()

    def on_snapshot(self, snapshot) -> None:
        """Log what was trained since the previous snapshot; test the checkpoints soon."""
        position = self._position_of(snapshot)
        previous, self._position = self._position, position
        diverged = snapshot.message == NAN_MESSAGE
        if previous is not None and position[0] == previous[0]:
            epochs = position[1] - previous[1]
            if epochs > 0 or diverged:
                # A diverged stretch of less than an epoch still counts as tried (the checker's rule).
                self.log.record(TrainingPhase.of(self.adapter.experiment, self.adapter.n_train,
                                                 max(epochs, 0), diverged=diverged))
        if (self.adapter.has_hidden_layer and snapshot.mean_deltas and self.adapter.deltas_on_screen()
                and "viewed_deltas" not in self.ui_actions):
            self.ui_actions.add("viewed_deltas")
        if not self._timer.isActive():
            self._timer.start()

    def on_network_built(self, *_) -> None:
        """A new build starts counting epochs from 0 again."""
        self._position = self._position_of(self.adapter.latest_snapshot)
        self.evaluate_soon()

    def evaluate_soon(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    # ------------------------------------------------------------ output
    def actions(self) -> frozenset[str]:
        """Every action recorded so far: reported by views and derived from training."""
        return frozenset(self.ui_actions | derived_actions(self.log))

    def live_state(self) -> LiveState:
        """What checkpoints are tested against now."""
        return LiveState(experiment=self.adapter.experiment,
                         metrics=metrics_from_snapshot(self.adapter.latest_snapshot),
                         actions=self.actions())

    def evaluate_now(self) -> list[tuple[int, int]]:
        """Test the current step's checkpoints; returns the ones met for the first time."""
        self._timer.stop()
        new = self.progress.update(self.live_state())
        self.updated.emit()
        return new

    def reset(self) -> None:
        """Start over: nothing recorded, nothing met, step 1."""
        self.ui_actions.clear()
        self.log = TrainingLog()
        self.progress.reset()
        self.evaluate_now()

    def stop(self) -> None:
        self._timer.stop()

    @staticmethod
    def _position_of(snapshot) -> tuple[int, int] | None:
        return None if snapshot is None else (snapshot.network_version, snapshot.epoch)
