"""Known optima: least squares, separable logistic regression, XOR."""

from __future__ import annotations

import numpy as np

from playground.engine import Network, Trainer, accuracy


def test_linear_regression_converges_to_least_squares():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    T = X @ np.array([[1.5], [-2.0], [0.5]]) + 0.3 + 0.4 * rng.normal(size=(60, 1))
    net = Network([3, 1], ["identity"], seed=1)
    trainer = Trainer(net, X, T, loss="mse", optimizer="sgd", learning_rate=0.5, batch_size=None)
    for _ in range(300):
        trainer.step()
    solution, *_ = np.linalg.lstsq(np.hstack([X, np.ones((60, 1))]), T, rcond=None)
    np.testing.assert_allclose(net.weights[0], solution[:3], rtol=0, atol=1e-6)
    np.testing.assert_allclose(net.biases[0], solution[3], rtol=0, atol=1e-6)


def test_logistic_regression_separates_separable_data():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 2))
    T = (X @ np.array([2.0, -1.0]) + 0.5 > 0).astype(float)[:, None]
    X += np.sign(T - 0.5) * np.array([0.2, -0.1])  # push the classes apart: a margin
    net = Network([2, 1], ["sigmoid"], seed=2)
    trainer = Trainer(net, X, T, loss="binary_cross_entropy", learning_rate=0.5, batch_size=8, seed=3)
    for _ in range(100):
        trainer.run_epoch()
    assert accuracy(net.predict(X), T) == 1.0


XOR_X = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
XOR_T = np.array([[0.0], [1.0], [1.0], [0.0]])


def _train_xor(sizes, activations):
    net = Network(sizes, activations, seed=0)
    trainer = Trainer(net, XOR_X, XOR_T, loss="binary_cross_entropy", learning_rate=0.5, batch_size=None)
    for _ in range(1500):
        loss = trainer.step()
    return net, loss


def test_xor_is_learned_by_2_4_1_tanh():
    net, loss = _train_xor([2, 4, 1], ["tanh", "sigmoid"])
    assert accuracy(net.predict(XOR_X), XOR_T) == 1.0
    assert loss < 0.05


def test_xor_is_not_learned_without_a_hidden_layer():
    net, loss = _train_xor([2, 1], ["sigmoid"])
    assert accuracy(net.predict(XOR_X), XOR_T) <= 0.75
    assert loss > 0.6  # a linear boundary cannot do better than log 2 ~ 0.69 here
