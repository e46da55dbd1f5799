"""A small in-memory session with the documented Session API, for canvas tests.

It holds a spec, features and parameters, checks shapes the way the real one
must (through ``playground.experiment.edits.check_state``), and emits the same
signals. ``forward(X)`` runs the network in NumPy so tests can check that an
edited weight changes the next forward pass.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from playground.experiment.edits import check_state, fresh_weights
from playground.experiment.network import LayerSpec, NetworkSpec

_F = {"identity": lambda a: a, "tanh": np.tanh, "relu": lambda a: np.maximum(a, 0),
      "sigmoid": lambda a: 1 / (1 + np.exp(-a))}


class FakeSession(QObject):
    network_changed = Signal(object)
    data_changed = Signal()
    snapshot_ready = Signal(object)
    training_state_changed = Signal(bool)

    def __init__(self, hidden=(4, 3), features=("x1", "x2"), n_out=1, seed=0, activation="tanh",
                 class_names=()):
        super().__init__()
        rng = np.random.default_rng(seed)
        self.network_spec = NetworkSpec(hidden=tuple(LayerSpec(u, activation) for u in hidden))
        sizes = self.network_spec.layer_sizes(len(features), n_out)
        self._weights = [fresh_weights(a, b, "xavier", rng) for a, b in zip(sizes[:-1], sizes[1:])]
        self._biases = [rng.normal(0, 0.1, b) for b in sizes[1:]]
        # 2-D raw points (x1, x2): the input column offers every feature of the registry.
        self.prepared = SimpleNamespace(feature_names=tuple(features), class_names=tuple(class_names),
                                        raw_names=("x1", "x2"))
        self.calls: list[str] = []

    def parameters(self):
        return [w.copy() for w in self._weights], [b.copy() for b in self._biases]

    def apply_network(self, spec, weights, biases):
        check_state(spec, self.prepared.feature_names, weights, biases)
        self.calls.append("apply_network")
        self.network_spec = spec
        self._weights = [np.array(w, dtype=float) for w in weights]
        self._biases = [np.array(b, dtype=float) for b in biases]
        self.network_changed.emit(spec)

    def set_features(self, features, weights, biases):
        check_state(self.network_spec, features, weights, biases)
        self.calls.append("set_features")
        self.prepared = SimpleNamespace(feature_names=tuple(features), class_names=self.prepared.class_names,
                                        raw_names=self.prepared.raw_names)
        self._weights = [np.array(w, dtype=float) for w in weights]
        self._biases = [np.array(b, dtype=float) for b in biases]
        self.network_changed.emit(self.network_spec)

    def set_weight(self, l, i, j, value):
        self.calls.append("set_weight")
        self._weights[l][i, j] = value

    def set_bias(self, l, j, value):
        self.calls.append("set_bias")
        self._biases[l][j] = value

    def forward(self, X):
        y = X
        for w, b, f in zip(self._weights, self._biases, self.network_spec.activations()):
            y = _F[f](y @ w + b)
        return y


@pytest.fixture
def make_editor(qtbot):
    """``make_editor(**session_kwargs) -> (editor, session, stack)``, shown at 1000 x 700."""
    from playground.ui.canvas import standalone_editor

    def make(**kwargs):
        session = FakeSession(**kwargs)
        stack = QUndoStack()
        editor = standalone_editor(session, stack)  # an Actions over the stack; refusals in the status line
        editor._test_stack = stack  # keep the stack alive as long as the editor
        qtbot.addWidget(editor)
        editor.resize(1000, 700)
        editor.show()
        qtbot.waitExposed(editor)
        return editor, session, stack

    return make
