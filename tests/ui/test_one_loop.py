"""`playground train` and the window train through the same engine host: same weights, same NaN handling."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from playground import cli
from playground.experiment import default_experiment, load_experiment, save_experiment
from playground.experiment.config import DataConfig
from playground.experiment.network import LayerSpec, NetworkSpec
from tests.ui.conftest import wait_snapshot


def _experiment_file(tmp_path, **training):
    base = default_experiment()
    experiment = replace(base, data=replace(base.data, samples=120),
                         training=replace(base.training, **training))
    path = tmp_path / "run.json"
    save_experiment(experiment, path)
    return path


def _session_on(qtbot, path, epochs):
    """A window's session on the file, stepped ``epochs`` times like the Step button."""
    from playground.ui.session import Session

    session = Session(load_experiment(path), mode="inprocess")
    wait_snapshot(qtbot, session, lambda s: s.epoch == 0)
    for _ in range(epochs):
        session.step_epoch()
    return session


@pytest.mark.parametrize("training", [
    dict(optimizer="sgd", batch_size=10, seed=3),
    dict(optimizer="adam", learning_rate=0.01, beta1=0.8, beta2=0.95, batch_size=7, seed=5),
    dict(optimizer="nesterov", momentum=0.5, batch_size=0, regularization="l2", regularization_rate=0.01),
])
def test_cli_and_window_give_the_same_weights_bit_for_bit(qtbot, tmp_path, capsys, training):
    epochs = 6
    path = _experiment_file(tmp_path, epochs=epochs, **training)
    out = tmp_path / "trained.json"
    assert cli.main(["train", str(path), "--out", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["epochs"] == epochs
    state = load_experiment(out).state

    session = _session_on(qtbot, path, epochs)
    try:
        snap = wait_snapshot(qtbot, session, lambda s: s.epoch == epochs)
        assert snap.step == state.steps
        for got, want in zip(snap.weights + snap.biases, state.weights + state.biases):
            assert np.array_equal(got, want), "the CLI and the window must train the same weights"
    finally:
        assert session.shutdown()


def test_cli_and_window_treat_a_nan_loss_the_same_way(qtbot, tmp_path, capsys):
    base = default_experiment()
    experiment = replace(base, data=replace(base.data, samples=120),
                         network=NetworkSpec(hidden=(LayerSpec(8, "relu"),), output_activation="identity"),
                         training=replace(base.training, loss="mse", learning_rate=10.0, epochs=200))
    path = tmp_path / "nan.json"
    save_experiment(experiment, path)
    status = cli.main(["train", str(path)])
    err = capsys.readouterr().err
    assert status == 2 and "NaN or inf in epoch" in err
    bad_epoch = int(err.split("in epoch ")[1].split(";")[0])

    session = _session_on(qtbot, path, 0)
    try:
        session.play()
        snap = wait_snapshot(qtbot, session, lambda s: s.message is not None, timeout=10_000)
        assert "NaN" in snap.message and snap.diverged
        # Paused on the last finite epoch: the one before the CLI's bad epoch.
        assert snap.epoch == bad_epoch - 1
        assert all(np.all(np.isfinite(w)) for w in snap.weights)
    finally:
        assert session.shutdown()


def test_the_headless_train_keeps_its_signature_for_other_callers():
    from playground.data import prepare
    from playground.training.headless import train

    experiment = replace(default_experiment(), data=DataConfig(generator="xor", samples=60, features=("x1", "x2")))
    prepared = prepare(experiment.data)
    seen = []
    net, state = train(experiment, prepared, 5, on_epoch=lambda done, total, loss: seen.append((done, total)),
                       max_curve_points=2)
    assert seen == [(k, 5) for k in range(1, 6)]
    assert state.epoch == 5 and list(state.loss_epochs) == [3.0, 5.0]
    assert np.array_equal(net.weights[0], state.weights[0])
