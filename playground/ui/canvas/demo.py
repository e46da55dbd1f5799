"""Run the network editor alone on an in-process Session (handy for screenshots).

    python -m playground.ui.canvas                 # the default 8-8 network
    python -m playground.ui.canvas --hidden 0      # logistic regression, no hidden layer
    python -m playground.ui.canvas --hidden 32x10  # ten layers of 32 neurons
    python -m playground.ui.canvas --hidden 6,4,2 --train
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

MAP_RESOLUTION = 24


def parse_hidden(text: str) -> tuple[int, ...]:
    """``"0"`` -> (), ``"8,8"`` -> (8, 8), ``"32x10"`` -> ten 32s."""
    text = text.strip().lower()
    if text in ("0", ""):
        return ()
    if "x" in text:
        units, layers = text.split("x")
        return (int(units),) * int(layers)
    return tuple(int(u) for u in text.split(","))


def neuron_maps(prepared, weights, biases, activations, r: int = MAP_RESOLUTION) -> list[np.ndarray]:
    """Every neuron's output over the plane, as the main window computes them.

    Returns
    -------
    list of ndarray
        ``[inputs (n_features, r, r), y of weight layer 0 (fan_out, r, r), ...]``;
        row 0 of each map is the lowest ``x2``.
    """
    from playground.engine import Network

    (x0, x1), (y0, y1) = prepared.input_bounds
    gx, gy = np.meshgrid(np.linspace(x0, x1, r), np.linspace(y0, y1, r))
    X = prepared.features_for(np.column_stack([gx.ravel(), gy.ravel()]))
    trace = Network.from_parameters(weights, biases, activations).forward(X)
    return [layer.T.reshape(-1, r, r) for layer in (X, *trace.y)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hidden", default=None, help="hidden layers: 0, 8,8 or 32x10 (default: the example's)")
    parser.add_argument("--train", action="store_true", help="start training right away")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QKeySequence, QUndoStack
    from PySide6.QtWidgets import QApplication, QMainWindow, QUndoView

    from playground.experiment.edits import fresh_parameters
    from playground.experiment.network import LayerSpec
    from playground.ui.canvas import standalone_editor
    from playground.ui.session import Session

    app = QApplication.instance() or QApplication(sys.argv[:1])
    session = Session(mode="inprocess")
    if args.hidden is not None:
        spec = session.network_spec
        try:
            hidden = tuple(LayerSpec(u, "tanh") for u in parse_hidden(args.hidden))
        except ValueError:
            parser.error(f"--hidden {args.hidden!r}: expected 0, 8,8 or 32x10")
        spec = type(spec)(hidden=hidden, output_activation=spec.output_activation, init=spec.init)
        n_out = session.parameters()[0][-1].shape[1]
        sizes = spec.layer_sizes(len(session.features), n_out)
        rng = np.random.default_rng(0)
        params = [fresh_parameters(a, b, spec.init, rng) for a, b in zip(sizes[:-1], sizes[1:])]
        session.apply_network(spec, [w for w, _ in params], [b for _, b in params])

    stack = QUndoStack()
    window = QMainWindow()
    window.setWindowTitle("Network editor demo")
    editor = standalone_editor(session, stack)  # edits through an Actions over this stack
    window.setCentralWidget(editor)
    edit = window.menuBar().addMenu("&Edit")
    undo, redo = stack.createUndoAction(window, "&Undo"), stack.createRedoAction(window, "&Redo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
    edit.addActions([undo, redo])
    history = QUndoView(stack)
    history.setWindowTitle("Undo history")
    edit.addAction("Undo &history", history.show)

    def show(snapshot=None):
        snapshot = snapshot or session.latest_snapshot
        if snapshot is None or not snapshot.weights:
            return
        maps = neuron_maps(session.prepared, snapshot.weights, snapshot.biases, session.network_spec.activations())
        editor.update_live(snapshot, maps)

    # The newest snapshot is drawn on a timer, never once per signal.
    latest = {"snap": None}
    session.snapshot_ready.connect(lambda s: latest.update(snap=s))
    session.network_changed.connect(lambda *_: latest.update(snap=session.latest_snapshot))
    timer = QTimer(window)
    timer.timeout.connect(lambda: (show(latest["snap"]), latest.update(snap=None)) if latest["snap"] else None)
    timer.start(50)
    QTimer.singleShot(0, show)
    if args.train:
        session.play()
    app.aboutToQuit.connect(session.shutdown)
    window.resize(1280, 800)
    window.show()
    return app.exec()
