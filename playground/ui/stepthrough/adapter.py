"""The step-through's only contact with the Session and the window's Actions.

:meth:`SessionLink.freeze` copies everything one walk needs (parameters,
activations, loss, training settings, the training data, the counters) into a
:class:`Frozen` record, so the panel stays consistent while training moves on.
:meth:`SessionLink.apply_step` hands one online SGD step to ``actions.apply_step``,
one undo step (:class:`~playground.ui.edits.commands.ApplyStepCommand`).

Session calls made here, and nowhere else in the package: ``parameters()``,
``network_spec.activations()``, ``prepared``, ``experiment.training``,
``experiment.loss_for(prepared)``, ``latest_snapshot``, ``running``,
``network_version`` and the signals ``snapshot_ready``,
``training_state_changed``, ``network_built``, ``network_changed``,
``data_changed``, ``settings_changed``; of the actions ``apply_step`` and the
undo stack's ``indexChanged``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal

from playground.engine import Network, Trainer


@dataclass(frozen=True, eq=False)
class Frozen:
    """A consistent copy of the network, its settings and its training data.

    Attributes
    ----------
    weights, biases : list of ndarray
        ``(fan_in, fan_out)`` and ``(fan_out,)`` copies.
    activations : list of str
    loss : str
    learning_rate, regularization_rate : float
    regularization : str
    X, T : ndarray
        ``(n, n_in)`` inputs as the network sees them and ``(n, n_out)`` targets (training set).
    raw : ndarray (n, d)
        The raw training points (the plot's coordinates are the first two columns).
    raw_names : tuple of str
    labels : ndarray (n,)
        Class index or target value of each point.
    n_classes : int
        0 for regression.
    epoch, step, version : int
        Counters of the moment the copy was taken, and the network build.
    """

    weights: list
    biases: list
    activations: list
    loss: str
    learning_rate: float
    regularization: str
    regularization_rate: float
    X: np.ndarray
    T: np.ndarray
    raw: np.ndarray
    raw_names: tuple
    labels: np.ndarray
    n_classes: int
    epoch: int
    step: int
    version: int

    @property
    def n_points(self) -> int:
        return len(self.X)

    @property
    def sizes(self) -> list[int]:
        return [self.weights[0].shape[0], *(w.shape[1] for w in self.weights)]

    def network(self) -> Network:
        """A network holding copies of the frozen parameters."""
        return Network.from_parameters(self.weights, self.biases, self.activations)

    def sgd_step(self, k: int) -> tuple[list, list]:
        """Parameters after one online SGD step on training point ``k``, computed by the engine's Trainer.

        The Trainer itself does the arithmetic (``optimizer="sgd"``, ``batch_size=1``), so
        the result is bit for bit what training with batch size 1 on this point would give.
        """
        net = self.network()
        Trainer(net, self.X[k:k + 1], self.T[k:k + 1], loss=self.loss, optimizer="sgd",
                learning_rate=self.learning_rate, batch_size=1, regularization=self.regularization,
                regularization_rate=self.regularization_rate).step()
        return net.get_parameters()


class SessionLink(QObject):
    """Reads the session for the step-through panel and applies its steps.

    Signals
    -------
    moved()
        The session's parameters may have changed (a snapshot arrived, training
        started or stopped): compare with :meth:`is_current`.
    rebuilt()
        A new network build, design or data: a frozen copy no longer fits the
        canvas (``network_changed`` comes after the canvas rebuilt its items).
    edited()
        The undo stack moved (an edit, an applied step, an undo or a redo), or
        the training settings (η, loss, regularization) changed.
    """

    moved = Signal()
    rebuilt = Signal()
    edited = Signal()

    def __init__(self, session, actions, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.actions = actions
        session.snapshot_ready.connect(lambda *_: self.moved.emit())
        session.training_state_changed.connect(lambda *_: self.moved.emit())
        session.network_built.connect(lambda *_: self.rebuilt.emit())
        session.network_changed.connect(lambda *_: self.rebuilt.emit())
        session.data_changed.connect(lambda *_: self.rebuilt.emit())
        session.settings_changed.connect(lambda *_: self.edited.emit())
        actions.undo_stack.indexChanged.connect(lambda *_: self.edited.emit())

    @property
    def running(self) -> bool:
        return bool(self.session.running)

    def freeze(self) -> Frozen:
        """Copy what a walk needs, now."""
        s = self.session
        weights, biases = s.parameters()
        prepared = s.prepared
        training = s.experiment.training
        snap = s.latest_snapshot
        return Frozen(
            weights=[np.array(w, dtype=float) for w in weights],
            biases=[np.array(b, dtype=float) for b in biases],
            activations=list(s.network_spec.activations()),
            loss=s.experiment.loss_for(prepared),
            learning_rate=float(training.learning_rate),
            regularization=str(training.regularization),
            regularization_rate=float(training.regularization_rate),
            X=np.asarray(prepared.X_train, dtype=float),
            T=np.asarray(prepared.T_train, dtype=float),
            raw=np.asarray(prepared.raw_train, dtype=float),
            raw_names=tuple(prepared.raw_names),
            labels=np.asarray(prepared.labels_train),
            n_classes=int(prepared.n_classes),
            epoch=int(snap.epoch) if snap is not None else 0,
            step=int(snap.step) if snap is not None else 0,
            version=int(s.network_version),
        )

    def is_current(self, frozen: Frozen | None) -> bool:
        """Whether the session's network is still exactly the frozen one (same build, same values)."""
        if frozen is None or frozen.version != self.session.network_version:
            return False
        weights, biases = self.session.parameters()
        return (len(weights) == len(frozen.weights)
                and all(np.array_equal(a, b) for a, b in zip(weights, frozen.weights))
                and all(np.array_equal(a, b) for a, b in zip(biases, frozen.biases)))

    def apply_step(self, frozen: Frozen, k: int) -> str | None:
        """Apply one online SGD step on training point ``k`` through the actions, as one undo step.

        Returns None when applied, else why not (nothing changed). A refusal
        of the session is reported by the actions (the window's message area);
        the text returned then only says the step was not applied.
        """
        if self.running:
            return "Pause training first: the step is computed from a frozen copy."
        if not self.is_current(frozen):
            return "The network changed since this walk was computed: press Refresh first."
        new_w, new_b = frozen.sgd_step(k)
        changes = []
        for l, (old, new) in enumerate(zip(frozen.weights, new_w)):
            for i, j in zip(*np.nonzero(old != new)):
                changes.append(("w", (l, int(i), int(j)), float(old[i, j]), float(new[i, j])))
        for l, (old, new) in enumerate(zip(frozen.biases, new_b)):
            for j in np.flatnonzero(old != new):
                changes.append(("b", (l, int(j)), float(old[j]), float(new[j])))
        if not changes:
            return "This step changes nothing (every gradient is zero, or η = 0)."
        if self.actions.apply_step(f"Apply one SGD step on point {k + 1}", changes):
            return None
        return "Not applied: the network refused the new values (the message above the panes says why)."
