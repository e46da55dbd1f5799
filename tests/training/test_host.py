"""The engine host on its own: protocol, exact counts, deltas, NaN recovery, refused commands."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Network, Trainer
from dataclasses import replace

from playground.experiment.config import TrainConfig
from playground.training.host import NAN_MESSAGE, EngineHost
from playground.training.messages import (
    Batches, Build, Configure, Epochs, Run, SetBias, SetData, SetParameters, SetWeight,
)
from tests.training.helpers import ACTIVATIONS, SIZES, initial_parameters, setup_commands, spiral


@pytest.fixture(scope="module")
def prepared():
    return spiral()


def _host(prepared, **kwargs) -> EngineHost:
    host = EngineHost()
    reply = host.exchange(setup_commands(prepared, **kwargs), None)
    assert reply.errors == () and reply.ready
    return host


def test_build_reply_carries_the_given_parameters_and_zero_counters(prepared):
    host = EngineHost()
    reply = host.exchange(setup_commands(prepared, version=7), None)
    weights, biases = initial_parameters()
    assert reply.network_version == 7
    assert (reply.epoch, reply.step) == (0, 0)
    for got, want in zip(reply.weights + reply.biases, weights + biases):
        np.testing.assert_array_equal(got, want)
    assert reply.mean_deltas == ()
    # The curves start with the loss before any training.
    np.testing.assert_array_equal(reply.new_epochs, [0])
    assert reply.new_train_loss[0] == pytest.approx(reply.train_loss)


def test_epochs_work_advances_exactly_that_many_epochs_and_reports_each(prepared):
    host = _host(prepared)  # its reply took the epoch-0 point
    reply = host.exchange([], Epochs(3))
    assert reply.epoch == 3
    assert reply.step == 3 * host.trainer.steps_per_epoch
    np.testing.assert_array_equal(reply.new_epochs, [1, 2, 3])
    assert reply.new_train_loss.shape == (3,) and np.all(np.isfinite(reply.new_test_loss))
    # The buffers are handed over once.
    assert host.exchange([], None).new_epochs.size == 0


def test_batches_work_takes_exactly_that_many_steps(prepared):
    host = _host(prepared)
    reply = host.exchange([], Batches(2))
    assert (reply.epoch, reply.step) == (0, 2)


def test_run_work_trains_at_least_one_epoch_and_respects_max_epochs(prepared):
    host = _host(prepared)
    assert host.exchange([], Run(0.0, None)).epoch == 1
    assert host.exchange([], Run(10.0, 4)).epoch == 5


def test_batch_means_are_the_engines_own_numbers_for_the_same_batch(prepared):
    host = _host(prepared, seed=3)
    reply = host.exchange([], Batches(4))
    # A twin network and trainer, same seed, same data, same steps.
    weights, biases = initial_parameters(3)
    twin = Network.from_parameters(weights, biases, ACTIVATIONS)
    trainer = Trainer(twin, prepared.X_train, prepared.T_train, loss="binary_cross_entropy", optimizer="sgd",
                      learning_rate=0.03, batch_size=10, momentum=0.0, seed=3)
    for _ in range(4):
        trainer.step()
    deltas = trainer.last_gradients.deltas
    trace = trainer.last_trace
    assert len(reply.mean_deltas) == len(SIZES) - 1
    for l in range(len(SIZES) - 1):
        np.testing.assert_allclose(reply.mean_deltas[l], deltas[l].mean(axis=0), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(reply.mean_a[l], trace.a[l].mean(axis=0), rtol=1e-12)
        np.testing.assert_allclose(reply.mean_y[l], trace.y[l].mean(axis=0), rtol=1e-12)
        assert reply.layer_mean_abs_delta[l] == pytest.approx(np.abs(deltas[l]).mean(), rel=1e-12)
        np.testing.assert_allclose(reply.weights[l], twin.weights[l], rtol=1e-12)


def test_learning_rate_change_keeps_the_weights(prepared):
    host = _host(prepared)
    before = host.exchange([], Epochs(2))
    after = host.exchange([Configure(replace(host.config, learning_rate=0.3, optimizer="adam"))], None)
    assert after.errors == ()
    assert after.epoch == 2
    for a, b in zip(before.weights, after.weights):
        np.testing.assert_array_equal(a, b)
    assert host.trainer.learning_rate == 0.3


def test_loss_falls_on_the_spiral(prepared):
    host = _host(prepared, learning_rate=0.1)
    first = host.exchange([], Epochs(1)).new_train_loss[0]
    reply = host.exchange([], Epochs(150))
    assert reply.new_train_loss[-1] < 0.8 * first


def _identity_mse_host(prepared, learning_rate):
    commands = setup_commands(prepared, learning_rate=learning_rate, activations=["tanh", "tanh", "identity"])
    commands[0] = Configure(replace(commands[0].config, loss="mse"))
    host = EngineHost()
    assert host.exchange(commands, None).errors == ()
    return host


def test_nan_loss_restores_the_last_finite_weights(prepared):
    # Identity + MSE with a huge learning rate overflows to inf/NaN within a few epochs.
    host = _identity_mse_host(prepared, learning_rate=10.0)
    previous = host.exchange([], None)
    for _ in range(50):
        reply = host.exchange([], Epochs(1))
        if reply.diverged:
            break
        previous = reply
    else:
        pytest.fail("the loss never became NaN/inf")
    for got, want in zip(reply.weights + reply.biases, previous.weights + previous.biases):
        np.testing.assert_array_equal(got, want)
        assert np.all(np.isfinite(got))
    assert reply.epoch == previous.epoch
    # Training can go on (with a sane learning rate) from the restored weights.
    after = host.exchange([Configure(replace(host.config, learning_rate=0.001))], Epochs(1))
    assert not after.diverged and np.isfinite(after.new_train_loss[0])
    assert "learning rate too high" in NAN_MESSAGE


@pytest.mark.parametrize("command", [
    SetWeight(0, 5, 0, 1.0),
    SetWeight(0, 0, 0, float("nan")),
    SetParameters((np.zeros((3, 3)),), (np.zeros(3),)),
    Build((2, 4, 1), tuple(ACTIVATIONS[1:]), *map(tuple, initial_parameters()), 9, 0),
    Configure(TrainConfig(loss="cross_entropy")),  # needs softmax: the engine refuses it
    Configure({"learning_rate": 0.1}),  # settings travel only as the TrainConfig record
    SetData(np.zeros((5, 2)), np.zeros((4, 1)), np.zeros((0, 2)), np.zeros((0, 1)), 2, "binary_cross_entropy"),
    ("no_such_command",),
])
def test_a_refused_command_keeps_the_previous_state(prepared, command):
    host = _host(prepared)
    before = host.exchange([], Epochs(1))
    reply = host.exchange([command], None)
    assert len(reply.errors) == 1
    assert reply.network_version == before.network_version
    assert host.ready
    for a, b in zip(before.weights, reply.weights):
        np.testing.assert_array_equal(a, b)
    assert host.exchange([], Epochs(1)).epoch == 2


def test_set_weight_and_bias_apply_without_a_reset(prepared):
    host = _host(prepared)
    host.exchange([], Epochs(1))
    reply = host.exchange([SetWeight(1, 2, 3, 0.25), SetBias(2, 0, -0.5)], None)
    assert reply.errors == ()
    assert reply.weights[1][2, 3] == 0.25 and reply.biases[2][0] == -0.5
    assert reply.epoch == 1
