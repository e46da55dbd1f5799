"""gradient_check(): healthy on the default network, and every classic bug flagged."""

from __future__ import annotations

import numpy as np
import pytest

from playground.explain import BUGS, gradient_check, verdict

from ..engine.sweep import output_pairs, pair_case


def _unchanged(net, before):
    after = net.get_parameters()
    return all(np.array_equal(p, q) for p, q in zip(before[0] + before[1], after[0] + after[1]))


def test_healthy_check_on_the_default_network(default_case):
    net, X, T, loss = default_case
    before = net.get_parameters()
    rows = gradient_check(net, X, T, loss=loss)
    assert len(rows) == net.n_parameters
    assert rows[0].rel_error <= 1e-6
    assert [r.rel_error for r in rows] == sorted((r.rel_error for r in rows), reverse=True)
    result = verdict(rows)
    assert result.passed and result.worst == rows[0].rel_error and result.text.startswith("Passed")
    # Every parameter once, named (l, i, j) with j = -1 for a bias.
    names = {(r.layer, r.i, r.j) for r in rows}
    expected = {(l, i, j) for l, W in enumerate(net.weights) for i in range(W.shape[0]) for j in range(W.shape[1])}
    expected |= {(l, k, -1) for l, b in enumerate(net.biases) for k in range(len(b))}
    assert names == expected
    # The backprop column is the engine's own gradient.
    _, grads = net.loss_and_gradients(X, T, loss=loss)
    for r in rows[:10]:
        engine = grads.biases[r.layer][r.i] if r.j == -1 else grads.weights[r.layer][r.i, r.j]
        assert np.isclose(r.backprop, engine, rtol=1e-10, atol=1e-14)
    assert _unchanged(net, before)


@pytest.mark.parametrize("bug", sorted(BUGS))
def test_each_bug_is_flagged_on_the_default_network(default_case, bug):
    net, X, T, loss = default_case
    before = net.get_parameters()
    rows = gradient_check(net, X[:40], T[:40], loss=loss, bug=bug)
    assert rows[0].rel_error >= 1e-2, f"{bug}: worst {rows[0].rel_error:.1e}"
    result = verdict(rows)
    assert not result.passed and result.text.startswith("Failed") and rows[0].name in result.text
    assert _unchanged(net, before)
    if bug == "forget_bias":  # exactly the biases are wrong
        assert {r.j for r in rows if r.rel_error > 1e-6} == {-1}


@pytest.mark.parametrize("out_act, loss", [p for p in output_pairs() if p[0] in ("softmax", "tanh", "sigmoid")])
def test_healthy_on_matched_and_chain_rule_outputs(out_act, loss):
    net, X, T = pair_case(out_act, loss, seed=2)
    assert verdict(gradient_check(net, X, T, loss=loss)).passed


def test_unknown_bug_is_refused(default_case):
    net, X, T, loss = default_case
    with pytest.raises(ValueError, match="unknown bug"):
        gradient_check(net, X[:5], T[:5], loss=loss, bug="typo")
