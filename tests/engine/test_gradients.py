"""Backprop against finite differences: a seeded sweep of random networks.

Every case is a random architecture (0-3 hidden layers of width 1-5), hidden
activations, an output activation + loss pair (the fused pairs and the
chain-rule ones), a regularization and a batch, checked in float64 on every
weight, bias and per-sample delta.
"""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import ACTIVATIONS, Activation, Network, delta_check, gradcheck
from playground.engine.activations import _elementwise_backprop

from .sweep import random_case

N_CASES = 160


@pytest.mark.parametrize("block", range(8))
def test_backprop_matches_finite_differences_on_random_networks(block):
    cases = range(block * N_CASES // 8, (block + 1) * N_CASES // 8)
    for seed in cases:
        net, X, T, loss, regularization, rate = random_case(seed)
        error = gradcheck(net, X, T, loss, regularization=regularization, regularization_rate=rate)
        assert error < 1e-6, f"case {seed}: {net} {loss} {regularization} weights/biases rel err {error:.2e}"
        error = delta_check(net, X, T, loss)
        assert error < 1e-6, f"case {seed}: {net} {loss} deltas rel err {error:.2e}"


def test_the_sweep_covers_every_activation_loss_and_regularization():
    seen_acts, seen_pairs, seen_regs, depths = set(), set(), set(), set()
    for seed in range(N_CASES):
        net, _, _, loss, regularization, _ = random_case(seed)
        seen_acts.update(net.activations)
        seen_pairs.add((net.activations[-1], loss))
        seen_regs.add(regularization)
        depths.add(net.n_layers)
    assert seen_acts == set(ACTIVATIONS)
    assert {("identity", "mse"), ("sigmoid", "binary_cross_entropy"), ("softmax", "cross_entropy"),
            ("sigmoid", "mse"), ("softmax", "mse")} <= seen_pairs
    assert seen_regs == {"none", "l1", "l2"}
    assert {1, 2, 3, 4} <= depths


def test_gradcheck_reports_a_wrong_derivative(monkeypatch):
    """The check itself must fail on a broken backprop: tanh with derivative 1 - y instead of 1 - y^2."""

    def wrong_derivative(a, y, out):
        return [(np.subtract, (1, y, out))]

    broken = Activation("tanh", ACTIVATIONS["tanh"].forward_ops, wrong_derivative, _elementwise_backprop(wrong_derivative))
    monkeypatch.setitem(ACTIVATIONS, "tanh", broken)
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=1)
    X = np.random.default_rng(0).normal(size=(5, 2))
    T = np.array([[0.0], [1.0], [1.0], [0.0], [1.0]])
    assert gradcheck(net, X, T, "binary_cross_entropy") > 1e-2
    assert delta_check(net, X, T, "binary_cross_entropy") > 1e-2


def test_gradcheck_leaves_the_network_untouched():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=1, dtype=np.float32)
    before = net.get_parameters()
    X = np.random.default_rng(0).normal(size=(4, 2))
    T = np.array([[0.0], [1.0], [1.0], [0.0]])
    assert gradcheck(net, X, T, "binary_cross_entropy", deltas=True) < 1e-6
    for w0, w1 in zip(before[0] + before[1], net.weights + net.biases):
        assert np.array_equal(w0, w1) and w1.dtype == np.float32


@pytest.mark.parametrize(
    "activation, loss, T",
    [
        ("identity", "mse", np.array([[0.3, -2.0], [1.5, 0.0], [-0.7, 4.0]])),
        ("sigmoid", "binary_cross_entropy", np.array([[0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])),
        ("softmax", "cross_entropy", np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])),
    ],
)
def test_fused_output_delta_is_y_minus_t(activation, loss, T):
    net = Network([3, 4, 2], ["tanh", activation], seed=2)
    X = np.random.default_rng(3).normal(size=(3, 3))
    _, grads = net.loss_and_gradients(X, T, loss=loss)
    np.testing.assert_array_equal(grads.deltas[-1], net.predict(X) - T)


def test_mean_gradient_is_the_mean_of_per_sample_terms():
    """grads.weights[l] = y[l-1].T @ deltas[l] / n, grads.biases[l] = mean of deltas[l] (no regularization)."""
    net = Network([3, 4, 2], ["swish", "identity"], seed=5)
    rng = np.random.default_rng(6)
    X, T = rng.normal(size=(7, 3)), rng.normal(size=(7, 2))
    _, grads = net.loss_and_gradients(X, T, loss="mse")
    trace = net.forward(X)
    inputs = [trace.inputs, trace.y[0]]
    for l in range(2):
        np.testing.assert_allclose(grads.weights[l], inputs[l].T @ grads.deltas[l] / 7, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(grads.biases[l], grads.deltas[l].mean(axis=0), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "softplus", "elu", "relu", "leaky_relu", "swish", "identity"])
def test_runs_of_equal_hidden_layers(name):
    """Three equal hidden layers share one f'(a) computation over their joint buffer."""
    rng = np.random.default_rng(11)
    for seed in range(50):
        net = Network([2, 3, 4, 3, 2], [name, name, name, "identity"], seed=seed)
        X = rng.normal(size=(6, 2))
        if name not in ("relu", "leaky_relu", "elu") or min(np.abs(a).min() for a in net.forward(X).a[:3]) > 0.02:
            break
    T = rng.normal(size=(6, 2))
    assert gradcheck(net, X, T, "mse", deltas=True) < 1e-6
