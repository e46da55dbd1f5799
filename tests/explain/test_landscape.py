"""loss_landscape(): every tested grid value equals net.loss with those parameters set."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Network
from playground.explain import loss_landscape

from ..engine.sweep import pair_case

GRID_POINTS = [(0, 0), (20, 20), (40, 3), (7, 33), (40, 40), (13, 0)]


def _set(net, spec, value):
    l, i, j = spec
    if j == -1:
        net.biases[l][i] = value
    else:
        net.weights[l][i, j] = value


def _check_against_net_loss(net, X, T, loss, first, second, steps=41, **reg):
    before = net.get_parameters()
    w1, w2, J = loss_landscape(net, X, T, loss=loss, first=first, second=second, span=2.0, steps=steps, **reg)
    assert w1.shape == w2.shape == (steps,) and J.shape == (steps, steps)
    after = net.get_parameters()
    assert all(np.array_equal(p, q) for p, q in zip(before[0] + before[1], after[0] + after[1]))
    for values, (l, i, j) in ((w1, first), (w2, second)):  # centred on the current values
        current = net.biases[l][i] if j == -1 else net.weights[l][i, j]
        assert np.isclose(values[0] + values[-1], 2 * current) and np.isclose(values[-1] - values[0], 4.0)
        if steps % 2:
            assert values[steps // 2] == current
    for r, c in GRID_POINTS:
        r, c = min(r, steps - 1), min(c, steps - 1)
        probe = net.copy()
        _set(probe, first, w1[c])
        _set(probe, second, w2[r])
        direct = probe.loss(X, T, loss=loss, **reg)
        assert abs(J[r, c] - direct) <= 1e-12 * max(1.0, abs(direct)), (first, second, r, c, J[r, c], direct)
    assert np.ptp(J) > 0  # the surface is not flat, so the comparisons mean something


@pytest.mark.parametrize("first, second", [
    ((0, 0, 0), (0, 1, 0)),    # two weights of the same layer and neuron
    ((0, 0, 0), (0, 1, 3)),    # same layer, different neurons
    ((0, 0, 0), (0, 0, -1)),   # a weight and the bias of the same neuron
    ((0, 1, 2), (2, 3, 0)),    # first and last layer
    ((1, 2, 3), (0, 0, 5)),    # the second one in an earlier layer
    ((2, 0, -1), (1, 4, -1)),  # two biases in different layers
    ((2, 0, 0), (2, 5, 0)),    # both in the output layer
])
def test_grid_equals_direct_evaluations_on_the_default_network(default_case, first, second):
    net, X, T, loss = default_case
    _check_against_net_loss(net, X, T, loss, first, second)


@pytest.mark.parametrize("out_act, loss", [("softmax", "cross_entropy"), ("softmax", "mse"), ("relu", "mse"),
                                           ("identity", "mse")])
def test_grid_on_other_outputs_and_with_regularization(out_act, loss):
    net, X, T = pair_case(out_act, loss, seed=5, n=9)
    last = net.n_layers - 1
    _check_against_net_loss(net, X, T, loss, (0, 0, 0), (last, 0, net.sizes[-1] - 1), steps=9)
    _check_against_net_loss(net, X, T, loss, (last, 0, -1), (0, 0, 0), steps=8,
                            regularization="l2", regularization_rate=0.1)
    _check_against_net_loss(net, X, T, loss, (0, 0, -1), (last, 0, 0), steps=5,
                            regularization="l1", regularization_rate=0.1)


def test_bad_parameters_are_refused():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=0)
    X, T = np.zeros((4, 2)), np.zeros((4, 1))
    for first, second, message in [((0, 0, 0), (0, 0, 0), "same parameter"), ((3, 0, 0), (0, 0, 0), "layer 3"),
                                   ((0, 2, 0), (0, 0, 0), "weight"), ((0, 3, -1), (0, 0, 0), "bias"),
                                   ((0, -1, 0), (0, 0, 0), "weight"), ("w", (0, 0, 0), "layer, i, j")]:
        with pytest.raises(ValueError, match=message):
            loss_landscape(net, X, T, first=first, second=second)
    with pytest.raises(ValueError, match="steps"):
        loss_landscape(net, X, T, first=(0, 0, 0), second=(0, 1, 0), steps=1)
    with pytest.raises(ValueError, match="span"):
        loss_landscape(net, X, T, first=(0, 0, 0), second=(0, 1, 0), span=0)
