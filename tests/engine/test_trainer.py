"""Trainer: batching, shuffling, determinism, configure between steps, optimizers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.engine import OPTIMIZERS, Network, Trainer


def _data(n=10, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    T = (X[:, :1] * X[:, 1:] > 0).astype(float)
    return X, T


def _train(seed=0, trainer_seed=0, dtype=np.float64, epochs=5, **settings):
    X, T = _data(50)
    net = Network([2, 5, 3, 1], ["tanh", "relu", "sigmoid"], seed=seed, dtype=dtype)
    trainer = Trainer(net, X, T, seed=trainer_seed, **settings)
    for _ in range(epochs):
        trainer.run_epoch()
    return net, trainer


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_same_seeds_give_the_same_weights_bit_for_bit(optimizer):
    net_a, _ = _train(optimizer=optimizer, batch_size=7, regularization="l2", regularization_rate=0.01, learning_rate=0.05)
    net_b, _ = _train(optimizer=optimizer, batch_size=7, regularization="l2", regularization_rate=0.01, learning_rate=0.05)
    net_c, _ = _train(trainer_seed=1, optimizer=optimizer, batch_size=7, regularization="l2",
                      regularization_rate=0.01, learning_rate=0.05)
    for wa, wb, wc in zip(net_a.weights, net_b.weights, net_c.weights):
        assert np.array_equal(wa, wb)
    assert not all(np.array_equal(wa, wc) for wa, wc in zip(net_a.weights, net_c.weights)), "shuffle seed ignored"


def test_batches_cover_each_epoch_once_and_reshuffle():
    X = np.arange(10.0).reshape(5, 2)
    T = np.zeros((5, 1))
    net = Network([2, 1], ["sigmoid"], seed=0)
    trainer = Trainer(net, X, T, batch_size=1, learning_rate=0.0, seed=4)
    assert trainer.steps_per_epoch == 5
    orders = []
    for epoch in range(4):
        order = []
        for _ in range(5):
            trainer.step()
            order.append(int(trainer.last_trace.inputs[0, 0]) // 2)
        assert sorted(order) == [0, 1, 2, 3, 4]
        assert trainer.epoch == epoch + 1
        orders.append(order)
    assert len({tuple(o) for o in orders}) > 1


def test_mini_batches_and_the_last_partial_batch():
    X, T = _data(10)
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=0)
    trainer = Trainer(net, X, T, batch_size=3)
    assert trainer.steps_per_epoch == 4
    sizes = []
    for _ in range(4):
        trainer.step()
        sizes.append(trainer.last_gradients.deltas[0].shape[0])
    assert sizes == [3, 3, 3, 1]
    assert (trainer.epoch, trainer.steps) == (1, 4)
    trainer.configure(batch_size=None)
    assert trainer.steps_per_epoch == 1
    trainer.step()
    assert trainer.last_gradients.deltas[0].shape == (10, 3) and trainer.epoch == 2


def test_run_epoch_returns_the_mean_loss_before_each_update():
    X, T = _data(10)
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=0)
    before = net.loss(X, T, loss="binary_cross_entropy")
    trainer = Trainer(net, X, T, batch_size=None, learning_rate=0.1)
    assert trainer.run_epoch() == pytest.approx(before, rel=1e-12)


def test_full_batch_step_follows_the_gradient():
    X, T = _data(10)
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=0)
    _, grads = net.loss_and_gradients(X, T, loss="binary_cross_entropy", regularization="l1", regularization_rate=0.01)
    expected = [w - 0.2 * g for w, g in zip(net.weights, grads.weights)]
    trainer = Trainer(net, X, T, batch_size=0, learning_rate=0.2, regularization="l1", regularization_rate=0.01)
    trainer.step()
    for w, e in zip(net.weights, expected):
        np.testing.assert_allclose(w, e, rtol=0, atol=1e-15)


def test_configure_changes_settings_without_touching_the_weights():
    net, trainer = _train(optimizer="momentum", batch_size=5, epochs=2)
    weights = [w.copy() for w in net.weights]
    velocity = trainer._optimizer.velocity.copy()
    trainer.configure(learning_rate=0.5, momentum=0.5, batch_size=10, regularization="l2", regularization_rate=0.1)
    assert all(np.array_equal(w0, w1) for w0, w1 in zip(weights, net.weights))
    assert np.array_equal(trainer._optimizer.velocity, velocity), "changing momentum must keep the velocity"
    assert (trainer.learning_rate, trainer.momentum, trainer.batch_size) == (0.5, 0.5, 10)
    trainer.configure(optimizer="adam")
    assert all(np.array_equal(w0, w1) for w0, w1 in zip(weights, net.weights))
    assert trainer._optimizer.t == 0 and not trainer._optimizer.m.any()
    trainer.step()
    assert not all(np.array_equal(w0, w1) for w0, w1 in zip(weights, net.weights))


@pytest.mark.parametrize(
    "changes",
    [
        {"learning_rate": -1},
        {"learning_rate": float("nan")},
        {"optimizer": "rmsprop"},
        {"batch_size": -3},
        {"batch_size": 2.5},
        {"momentum": 1.5},
        {"regularization": "l3"},
        {"regularization_rate": -0.1},
        {"loss": "cross_entropy"},  # the output is sigmoid
        {"learning_rat": 0.1},
        {"learning_rate": 0.2, "optimizer": "nope"},  # one bad value: nothing changes
    ],
)
def test_bad_configure_raises_and_keeps_the_settings(changes):
    _, trainer = _train(epochs=1)
    before = trainer.settings
    with pytest.raises(ValueError):
        trainer.configure(**changes)
    assert trainer.settings == before


def test_set_data_keeps_the_weights_and_rejects_bad_data():
    net, trainer = _train(epochs=1, batch_size=4)
    weights = [w.copy() for w in net.weights]
    X, T = _data(12, seed=5)
    trainer.set_data(X, T)
    assert all(np.array_equal(w0, w1) for w0, w1 in zip(weights, net.weights))
    assert trainer.n_samples == 12 and trainer.steps_per_epoch == 3
    for bad_X, bad_T in [(X[:, :1], T), (X, T[:5]), (X * np.nan, T), (X, T + 2)]:
        with pytest.raises(ValueError):
            trainer.set_data(bad_X, bad_T)
    assert trainer.n_samples == 12
    trainer.run_epoch()
    assert trainer.epoch == 2


def test_a_step_with_a_non_finite_loss_keeps_the_weights():
    X, T = _data(10)
    net = Network([2, 3, 1], ["tanh", "identity"], seed=0)
    net.weights[1][...] = 1e200  # the loss overflows to inf
    weights = [w.copy() for w in net.weights]
    trainer = Trainer(net, X, T, loss="mse", batch_size=None)
    loss = trainer.step()
    assert not math.isfinite(loss)
    assert all(np.array_equal(w0, w1) for w0, w1 in zip(weights, net.weights))


def _reference(name, theta, grads, lr, mu=0.9, b1=0.9, b2=0.999, eps=1e-8):
    """The update rules written out (PyTorch's formulation), one step per gradient."""
    theta = theta.copy()
    v = np.zeros_like(theta)
    m = np.zeros_like(theta)
    s = np.zeros_like(theta)
    for t, g in enumerate(grads, start=1):
        if name == "sgd":
            theta = theta - lr * g
        elif name == "momentum":
            v = mu * v + g
            theta = theta - lr * v
        elif name == "nesterov":
            v = mu * v + g
            theta = theta - lr * (g + mu * v)
        else:
            m = b1 * m + (1 - b1) * g
            s = b2 * s + (1 - b2) * g * g
            m_hat, s_hat = m / (1 - b1**t), s / (1 - b2**t)
            theta = theta - lr * m_hat / (np.sqrt(s_hat) + eps)
    return theta


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizers_follow_their_update_rules(name):
    rng = np.random.default_rng(0)
    theta0 = rng.normal(size=6)
    grads = [rng.normal(size=6) for _ in range(4)]
    optimizer = OPTIMIZERS[name](6, np.float64)
    theta = theta0.copy()
    for g in grads:
        optimizer.step(theta, g, 0.1)
    np.testing.assert_allclose(theta, _reference(name, theta0, grads, 0.1), rtol=1e-12, atol=1e-14)


def test_large_data_gathers_batches_with_the_same_result(monkeypatch):
    """Data above the epoch-copy limit is gathered batch by batch: same order, same weights."""
    from playground.engine import trainer as trainer_module

    runs = []
    for limit in (1 << 40, 0):
        monkeypatch.setattr(trainer_module, "_EPOCH_COPY_LIMIT", limit)
        net, trainer = _train(optimizer="momentum", batch_size=7, epochs=3)
        assert trainer._gather_batches == (limit == 0)
        runs.append(net.get_parameters()[0])
    assert all(np.array_equal(a, b) for a, b in zip(*runs))
