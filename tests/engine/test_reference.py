"""The reference backprop (textbook equations) equals the fast path.

For every output activation x loss the engine accepts (matched pairs and the
chain rule), on random shapes with every hidden activation, in float64.
"""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Network, reference_backprop
from playground.engine.reference import TEXTBOOK, Equations

from .sweep import output_pairs, pair_case

TOL = 1e-10


def _close(a, b):
    return np.allclose(a, b, rtol=TOL, atol=TOL)


@pytest.mark.parametrize("out_act, loss", output_pairs())
def test_reference_equals_the_fast_path(out_act, loss):
    for seed in range(12):  # hidden activations cycle with the seed: all of them are met
        net, X, T = pair_case(out_act, loss, seed)
        before = net.get_parameters()
        ref = reference_backprop(net, X, T, loss=loss)
        value, grads = net.loss_and_gradients(X, T, loss=loss)
        trace = net.forward(X)
        where = f"{net} {loss} seed {seed}"
        assert abs(ref.loss - value) <= TOL * max(1.0, abs(value)), where
        for l in range(net.n_layers):
            assert _close(ref.a[l], trace.a[l]) and _close(ref.y[l], trace.y[l]), where
            assert _close(ref.deltas[l], grads.deltas[l]), f"{where}: deltas of layer {l}"
            assert _close(ref.grad_weights[l], grads.weights[l]), f"{where}: dJ/dW of layer {l}"
            assert _close(ref.grad_biases[l], grads.biases[l]), f"{where}: dJ/db of layer {l}"
        after = net.get_parameters()
        assert all(np.array_equal(x, y) for x, y in zip(before[0] + before[1], after[0] + after[1]))


def test_the_pairs_cover_matched_and_chain_rule_losses():
    pairs = set(output_pairs())
    assert {("identity", "mse"), ("sigmoid", "binary_cross_entropy"), ("softmax", "cross_entropy")} <= pairs
    assert {("tanh", "mse"), ("softmax", "mse"), ("relu", "mse"), ("sigmoid", "mse")} <= pairs


def test_a_swapped_equation_changes_the_result():
    """Guard against a comparison that cannot fail: a hidden delta without f'(a) differs."""
    net, X, T = pair_case("sigmoid", "binary_cross_entropy", seed=3)
    broken = Equations(hidden_delta=lambda act, a, y, w, d: d @ w.T)
    good = reference_backprop(net, X, T, "binary_cross_entropy", TEXTBOOK)
    bad = reference_backprop(net, X, T, "binary_cross_entropy", broken)
    assert not _close(good.grad_weights[0], bad.grad_weights[0])


def test_reference_refuses_a_loss_that_cannot_follow_the_output():
    net = Network([2, 3, 1], ["tanh", "identity"], seed=0)
    with pytest.raises(ValueError, match="sigmoid"):
        reference_backprop(net, np.zeros((2, 2)), np.zeros((2, 1)), loss="binary_cross_entropy")
