"""Session: the GUI's owner of the experiment and the worker (no window)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from playground.experiment import DataConfig, NetworkSpec, LayerSpec
from tests.ui.conftest import wait_snapshot


def test_opens_on_the_default_example(session):
    assert session.features == ("x1", "x2")
    assert session.layer_sizes() == [2, 8, 8, 1]
    assert session.network_spec.activations() == ["tanh", "tanh", "sigmoid"]
    weights, biases = session.parameters()
    assert [w.shape for w in weights] == [(2, 8), (8, 8), (8, 1)]
    assert not session.running


def test_step_epoch_advances_exactly_one_epoch(qtbot, session):
    session.step_epoch()
    snap = wait_snapshot(qtbot, session, lambda s: s.epoch >= 1)
    assert snap.epoch == 1
    session.step_epoch()
    assert wait_snapshot(qtbot, session, lambda s: s.epoch >= 2).epoch == 2


def test_learning_rate_change_mid_run_keeps_the_weights(qtbot, session):
    session.play()
    wait_snapshot(qtbot, session, lambda s: s.epoch >= 3)
    session.pause()
    qtbot.waitUntil(lambda: not session.running)
    paused = wait_snapshot(qtbot, session, lambda s: not s.running)
    version = session.network_version
    weights, _ = session.parameters()
    session.set_training(learning_rate=0.3)
    session.step_batch()
    after = wait_snapshot(qtbot, session, lambda s: s.step == paused.step + 1)
    assert session.network_version == version and after.epoch >= paused.epoch
    assert session.experiment.training.learning_rate == 0.3
    # One SGD step at the new rate moved the weights a little from where they were: no re-init.
    for w0, w1 in zip(weights, after.weights):
        assert np.abs(w1 - w0).max() < 0.5
    assert any(not np.array_equal(w0, w1) for w0, w1 in zip(weights, after.weights))
    # And while running: the epoch keeps counting up, no reset.
    session.play()
    before = wait_snapshot(qtbot, session, lambda s: s.running and s.epoch > after.epoch)
    session.set_training(learning_rate=0.01, optimizer="adam")
    wait_snapshot(qtbot, session, lambda s: s.epoch > before.epoch + 2)
    assert session.network_version == version


def test_bad_parameters_are_refused_and_nothing_changes(qtbot, session):
    from playground.ui.session import Refused

    version = session.network_version
    weights, biases = session.parameters()
    experiment = session.experiment
    refusals = [
        lambda: session.apply_network(session.network_spec, weights[:2], biases[:2]),
        lambda: session.set_weight(0, 9, 0, 1.0),
        lambda: session.set_weight(0, 0, 0, float("inf")),
        lambda: session.set_features((), weights, biases),
        lambda: session.set_training(learning_rate=-1.0),
        lambda: session.set_training(beta1="abc"),
        lambda: session.set_training(no_such_setting=1),
        lambda: session.set_training(replace(experiment.training, loss="cross_entropy")),  # needs softmax
    ]
    for refuse in refusals:
        with pytest.raises(Refused) as info:
            refuse()
        assert str(info.value), "a refusal says why"
    assert session.experiment is experiment
    assert session.network_version == version
    for a, b in zip(weights, session.parameters()[0]):
        np.testing.assert_array_equal(a, b)


def test_apply_network_rebuilds_with_exactly_the_given_parameters(qtbot, session):
    spec = NetworkSpec(hidden=(LayerSpec(3, "relu"),), output_activation="sigmoid")
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(2, 3)), rng.normal(size=(3, 1))]
    biases = [rng.normal(size=3), rng.normal(size=1)]
    changed = []
    session.network_changed.connect(changed.append)
    session.apply_network(spec, weights, biases)
    assert changed == [spec]
    session.step_batch()
    snap = wait_snapshot(qtbot, session, lambda s: s.step == 1 and s.network_version == session.network_version)
    assert [w.shape for w in snap.weights] == [(2, 3), (3, 1)]
    # The worker started from exactly these parameters (one small step away).
    assert np.abs(snap.weights[0] - weights[0]).max() < 0.1


def test_set_weight_reaches_the_engine_without_a_reset(qtbot, session):
    session.step_epoch()
    wait_snapshot(qtbot, session, lambda s: s.epoch == 1)
    session.set_weight(1, 2, 3, 0.75)
    session.set_bias(2, 0, -0.25)
    snap = wait_snapshot(qtbot, session, lambda s: s.weights[1][2, 3] == 0.75 and s.biases[2][0] == -0.25)
    assert snap.epoch == 1


def test_reset_draws_new_weights_and_starts_over(qtbot, session):
    session.step_epoch()
    wait_snapshot(qtbot, session, lambda s: s.epoch == 1)
    weights, _ = session.parameters()
    session.reset()
    assert session.latest_snapshot.epoch == 0
    assert not np.array_equal(weights[0], session.parameters()[0][0])


def test_new_data_with_three_classes_adapts_the_output_and_says_it_reset(qtbot, session):
    built = []
    session.network_built.connect(built.append)
    session.set_data_config(replace(session.experiment.data, generator="spiral", classes=3, samples=150))
    assert session.layer_sizes()[-1] == 3
    assert session.network_spec.output_activation == "softmax"
    assert built == [session.network_version]
    session.step_epoch()
    snap = wait_snapshot(qtbot, session, lambda s: s.epoch == 1)
    assert snap.train_accuracy is not None


def test_bad_data_config_keeps_the_previous_data(session):
    from playground.ui.session import Refused

    before = session.prepared
    with pytest.raises(Refused, match="no/such/file.csv"):
        session.set_data_config(DataConfig(source="csv", path="/no/such/file.csv"))
    assert session.prepared is before


def test_nan_loss_pauses_with_a_message_and_keeps_finite_weights(qtbot, session):
    messages = []
    session.snapshot_ready.connect(lambda s: s.message and messages.append(s.message))
    spec = replace(session.network_spec, output_activation="identity")
    session.apply_network(spec, *session.parameters())
    session.set_training(loss="mse", learning_rate=10.0)
    session.play()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert "NaN" in messages[0] and "learning rate too high" in messages[0]
    qtbot.waitUntil(lambda: not session.running)
    for w in session.parameters()[0]:
        assert np.all(np.isfinite(w))


@pytest.mark.slow
def test_child_process_mode_trains_and_shuts_down_quickly(qtbot):
    import time

    from playground.ui.session import Session

    s = Session(mode="process")
    try:
        assert s.mode == "process"
        s.play()
        wait_snapshot(qtbot, s, lambda snap: snap.epoch >= 3, timeout=20_000)
    finally:
        start = time.perf_counter()
        assert s.shutdown(timeout_s=1.0)
        print(f"session shutdown with a child process: {(time.perf_counter() - start) * 1000:.0f} ms")
