"""The snapshot's record of its last batch: before-weights, gradients, update, size, step and loss."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from playground.engine import Network, Trainer
from playground.training.host import EngineHost
from playground.training.messages import Batches, Configure, Epochs, Run, SetWeight
from tests.training.helpers import ACTIVATIONS, SIZES, initial_parameters, setup_commands, spiral


@pytest.fixture(scope="module")
def prepared():
    return spiral()


def _host(prepared, **kwargs) -> EngineHost:
    host = EngineHost()
    reply = host.exchange(setup_commands(prepared, **kwargs), None)
    assert reply.errors == () and not reply.has_batch
    return host


def _twin(prepared, steps: int, seed: int = 0, optimizer: str = "sgd", **settings):
    """The same network and trainer outside the host; returns (trainer, params before the last step)."""
    weights, biases = initial_parameters(seed)
    net = Network.from_parameters(weights, biases, ACTIVATIONS)
    trainer = Trainer(net, prepared.X_train, prepared.T_train, loss="binary_cross_entropy", optimizer=optimizer,
                      learning_rate=0.03, batch_size=10, seed=seed, **settings)
    for _ in range(steps - 1):
        trainer.step()
    before = net.get_parameters()
    trainer.step()
    return trainer, before


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_batches_record_equals_the_engines_last_step(prepared, optimizer):
    host = _host(prepared, seed=2)
    host.exchange([Configure(replace(host.config, optimizer=optimizer))], None)
    reply = host.exchange([], Batches(5))
    trainer, (w0, b0) = _twin(prepared, 5, seed=2, optimizer=optimizer)
    assert reply.has_batch
    assert (reply.batch_size, reply.batch_step, reply.step) == (10, 5, 5)
    assert reply.batch_loss == pytest.approx(trainer.last_loss, rel=1e-12)
    grads = trainer.last_gradients
    for l in range(len(SIZES) - 1):
        np.testing.assert_allclose(reply.weights_before[l], w0[l], rtol=1e-12)
        np.testing.assert_allclose(reply.biases_before[l], b0[l], rtol=1e-12)
        np.testing.assert_allclose(reply.grad_weights[l], grads.weights[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(reply.grad_biases[l], grads.biases[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(reply.update_weights[l], trainer.net.weights[l] - w0[l], atol=1e-14)
        np.testing.assert_allclose(reply.update_biases[l], trainer.net.biases[l] - b0[l], atol=1e-14)
        assert not reply.grad_weights[l].flags.writeable
    if optimizer == "sgd":  # plain SGD: the update is -η times the gradient
        np.testing.assert_allclose(reply.update_weights[0], -0.03 * reply.grad_weights[0], atol=1e-14)


def test_the_before_weights_give_the_batch_means_of_a(prepared):
    """Σ_i w_ij ȳ_i + b_j = ā_j with the weights before the update (a is linear in y)."""
    host = _host(prepared)
    reply = host.exchange([], Epochs(3))
    assert reply.has_batch and reply.batch_step == reply.step
    mean_in = [reply.mean_inputs, *reply.mean_y[:-1]]
    for l in range(reply.n_layers):
        np.testing.assert_allclose(mean_in[l] @ reply.weights_before[l] + reply.biases_before[l],
                                   reply.mean_a[l], rtol=1e-10, atol=1e-12)
        # ... and not with the weights after it.
        assert not np.allclose(mean_in[l] @ reply.weights[l] + reply.biases[l], reply.mean_a[l], rtol=1e-10)


def test_epochs_record_is_the_last_step_of_the_last_epoch(prepared):
    host = _host(prepared)
    reply = host.exchange([], Epochs(2))
    steps = reply.step
    trainer, (w0, _) = _twin(prepared, steps)
    assert reply.batch_step == steps
    # The last batch of an epoch holds the rest of the samples.
    assert reply.batch_size == len(prepared.X_train) - 10 * (trainer.steps_per_epoch - 1)
    for l in range(reply.n_layers):
        np.testing.assert_allclose(reply.weights_before[l], w0[l], rtol=1e-12)


def test_run_record_is_the_chunks_last_step(prepared):
    host = _host(prepared)
    for budget in (0.0, 0.01):
        reply = host.exchange([], Run(budget, None))
        assert reply.has_batch and reply.batch_step == reply.step
        for l in range(reply.n_layers):
            np.testing.assert_allclose(reply.weights_before[l] + reply.update_weights[l], reply.weights[l],
                                       atol=1e-14)


def test_an_edit_after_the_step_keeps_the_record_of_that_step(prepared):
    host = _host(prepared)
    stepped = host.exchange([], Batches(1))
    edited = host.exchange([SetWeight(0, 0, 0, 2.5)], None)
    assert edited.weights[0][0, 0] == 2.5
    for name in ("weights_before", "update_weights", "grad_weights"):
        np.testing.assert_array_equal(getattr(edited, name)[0], getattr(stepped, name)[0])
    assert edited.batch_step == stepped.batch_step == 1


def test_a_new_build_drops_the_record(prepared):
    host = _host(prepared)
    host.exchange([], Batches(1))
    reply = host.exchange(setup_commands(prepared, version=2), None)
    assert not reply.has_batch and reply.batch_size == 0 and reply.grad_weights == ()


def test_work_without_a_step_keeps_the_record(prepared):
    host = _host(prepared)
    stepped = host.exchange([], Batches(2))
    idle = host.exchange([], Batches(0))
    assert idle.batch_step == stepped.batch_step == 2
    np.testing.assert_array_equal(idle.grad_weights[1], stepped.grad_weights[1])
