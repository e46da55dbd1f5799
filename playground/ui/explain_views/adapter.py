"""The one place where the teaching views touch the Session and the window.

The gradient-check panel and the loss-landscape view see the app only through
:class:`SessionAdapter`: copies of the newest parameters as an engine
``Network`` of their own, (a subset of) the prepared training data, the loss
and regularization of the experiment, the snapshots' parameters, and a hook
on the canvas that hands edge and bias clicks to a view while it picks. They
never touch the live network's engine arrays: the session's ``parameters()``
are copies, and a snapshot's arrays are copies owned by the snapshot.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from playground.engine import Network


def evenly_spaced(n: int, limit: int | None) -> np.ndarray:
    """Indices of at most ``limit`` of ``n`` rows, spread evenly from the first to the last (all if ``limit`` is None)."""
    if limit is None or n <= limit:
        return np.arange(n)
    return np.unique(np.round(np.linspace(0, n - 1, max(int(limit), 1))).astype(np.intp))


class SessionAdapter(QObject):
    """What the explanation views need from the Session and the canvas.

    Parameters
    ----------
    session : Session
    editor : NetworkEditor, optional
        The canvas; without it, picking on the canvas is off.

    Signals
    -------
    snapshot_arrived(int, object, object)
        ``(step, weights, biases)`` of a snapshot of the current build; the
        arrays are the snapshot's own read-only copies.
    network_rebuilt()
        A new build (shape, data or reset): parameters, sizes and data may all be new.
    problem_changed()
        New data or training settings (the loss or the regularization may have changed).
    """

    snapshot_arrived = Signal(int, object, object)
    network_rebuilt = Signal()
    problem_changed = Signal()

    def __init__(self, session, editor=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._editor = editor
        session.snapshot_ready.connect(self._on_session_snapshot)
        session.network_built.connect(lambda *_: self.network_rebuilt.emit())
        session.data_changed.connect(self.problem_changed.emit)
        session.settings_changed.connect(lambda *_: self.problem_changed.emit())

    # ------------------------------------------------------------ reading
    def network(self) -> Network:
        """A float64 engine Network holding copies of the newest parameters (the view's own)."""
        weights, biases = self._session.parameters()
        return Network.from_parameters(weights, biases, self._session.network_spec.activations(), dtype=np.float64)

    def parameters(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Copies of the newest weights ``(fan_in, fan_out)`` and biases ``(fan_out,)``."""
        return self._session.parameters()

    def layer_sizes(self) -> list[int]:
        """``[n_in, h1, ..., n_out]`` of the current build."""
        return list(self._session.layer_sizes())

    def training_data(self, limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``(X (n, n_in), T (n, n_out))``: the training set, or ``limit`` of its rows spread evenly."""
        prepared = self._session.prepared
        rows = evenly_spaced(len(prepared.X_train), limit)
        return prepared.X_train[rows], prepared.T_train[rows]

    def n_training(self) -> int:
        return int(len(self._session.prepared.X_train))

    def loss(self) -> str:
        """The loss the trainer minimizes (the problem's default when the experiment names none)."""
        return self._session.experiment.loss_for(self._session.prepared)

    def regularization(self) -> tuple[str, float]:
        """``(name, rate)`` of the experiment's regularization."""
        training = self._session.experiment.training
        return training.regularization, float(training.regularization_rate)

    def step(self) -> int | None:
        """The newest snapshot's training step (None before the first)."""
        snapshot = self._session.latest_snapshot
        return None if snapshot is None else int(snapshot.step)

    # ------------------------------------------------------------ the canvas
    @property
    def can_pick(self) -> bool:
        return self._editor is not None

    def set_canvas_pick(self, callback) -> None:
        """Send canvas clicks on edges and bias markers to ``callback((l, i, j))`` instead of their editors; None ends it."""
        if self._editor is not None:
            self._editor.parameter_pick = callback

    def mark_edge(self, lij) -> None:
        """Outline edge ``(l, i, j)`` on the canvas (None: no outline)."""
        if self._editor is not None:
            self._editor.scene.edges.set_highlight(None if lij is None else tuple(lij))

    # ------------------------------------------------------------ relays
    def _on_session_snapshot(self, snapshot) -> None:
        if snapshot.weights:
            self.snapshot_arrived.emit(int(snapshot.step), snapshot.weights, snapshot.biases)
