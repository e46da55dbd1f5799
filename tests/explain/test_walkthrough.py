"""walkthrough() against the engine: forward pass, per-sample backward pass, one Trainer step.

For every output activation x loss the engine accepts (matched pairs and the
chain rule), with every hidden activation across seeds, in float64.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from playground.engine import ACTIVATIONS, LOSSES, Network, Trainer
from playground.explain import SATURATED_SLOPE, Step, walkthrough
from playground.notation import ACTIVATION_FORMULAS, LOSS_FORMULAS, SLOPE_FORMULAS

from ..engine.sweep import output_pairs, pair_case

TOL = 1e-12


def _close(a, b, tol=TOL):
    return np.allclose(a, b, rtol=tol, atol=tol)


@pytest.mark.parametrize("out_act, loss", output_pairs())
def test_walkthrough_equals_the_engines_forward_and_per_sample_backward(out_act, loss):
    for seed in range(12):  # the hidden activations cycle with the seed
        net, X, T = pair_case(out_act, loss, seed)
        before = net.get_parameters()
        x, t = X[seed % len(X)], T[seed % len(X)]
        w = walkthrough(net, x, t, loss=loss, learning_rate=0.1)
        trace = net.forward(x[None])
        value, grads = net.loss_and_gradients(x[None], t[None], loss=loss)
        where = f"{net} {loss} seed {seed}"
        assert abs(w.loss - value) <= TOL * max(1, abs(value)), where
        assert abs(w.loss - net.loss(x[None], t[None], loss=loss)) <= TOL * max(1, abs(value)), where
        for l in range(net.n_layers):
            assert w.a[l].shape == w.y[l].shape == w.delta[l].shape == (net.sizes[l + 1],)
            assert _close(w.a[l], trace.a[l][0]) and _close(w.y[l], trace.y[l][0]), where
            assert _close(w.delta[l], grads.deltas[l][0]), f"{where}: delta of layer {l}"
            assert _close(w.grad_weights[l], grads.weights[l]), f"{where}: dJ/dW of layer {l}"
            assert _close(w.grad_biases[l], grads.biases[l]), f"{where}: dJ/db of layer {l}"
            if w.slope[l] is not None:  # delta = (error arriving) x (slope)
                assert _close(w.delta[l], w.error[l] * w.slope[l]), where
        after = net.get_parameters()
        assert all(np.array_equal(p, q) for p, q in zip(before[0] + before[1], after[0] + after[1])), where
        assert len(w.lines()) == len(w.steps()) > 0


@pytest.mark.parametrize("out_act, loss", output_pairs())
@pytest.mark.parametrize("regularization", ["none", "l2", "l1"])
def test_new_weights_equal_one_trainer_step_with_batch_size_1(out_act, loss, regularization):
    """Equal to ~1e-12, not bit for bit: the engine folds the bias into its matrix product
    (a ones column), so a = Σ w y + b is rounded in another order than the textbook's."""
    net, X, T = pair_case(out_act, loss, seed=7)
    x, t = X[2], T[2]
    rate = 0.0 if regularization == "none" else 0.03
    w = walkthrough(net, x, t, loss=loss, learning_rate=0.2, regularization=regularization,
                    regularization_rate=rate)
    stepped = net.copy()
    trainer = Trainer(stepped, x[None], t[None], loss=loss, optimizer="sgd", learning_rate=0.2, batch_size=1,
                      regularization=regularization, regularization_rate=rate)
    step_loss = trainer.step()
    assert abs(step_loss - w.loss) <= TOL * max(1, abs(step_loss))
    for l in range(net.n_layers):
        assert _close(w.new_weights[l], stepped.weights[l]), f"layer {l} weights"
        assert _close(w.new_biases[l], stepped.biases[l]), f"layer {l} biases"
    moved = max(np.max(np.abs(nw - ow)) for nw, ow in zip(w.new_weights, net.weights))
    assert moved > 0  # the step did something, so the comparison means something


def _numbers(text: str) -> list[float]:
    return [float(s.replace("\u2212", "-")) for s in re.findall(r"\u2212?\d+\.\d+(?:e[-+\u2212]?\d+)?", text)]


def test_lines_give_every_equation_in_order_with_the_engines_numbers():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=4)
    net.biases[0][...] = [0.1, -0.2, 0.3]
    x, t = np.array([0.5, -1.5]), np.array([1.0])
    w = walkthrough(net, x, t, loss="binary_cross_entropy", learning_rate=0.5)
    steps = w.steps(decimals=6)
    kinds = [s.kind for s in steps]
    assert kinds == sorted(kinds, key=["forward", "loss", "backward", "update"].index)  # phases in order
    a_lines = [s for s in steps if s.quantity == "a"]
    assert [(s.layer, s.unit) for s in a_lines] == [(0, 0), (0, 1), (0, 2), (1, 0)]
    # a_2 = w_12·x_1 + w_22·x_2 + b_2, with the numbers written out and the result.
    first = a_lines[1].text
    assert first.startswith("a_2 = w_12·x_1 + w_22·x_2 + b_2 = ")
    nums = _numbers(first)
    W, b = net.weights[0], net.biases[0]
    assert np.allclose(nums, [W[0, 1], x[0], W[1, 1], x[1], b[1], w.a[0][1]], atol=1e-6)
    # Hidden delta: error arriving x slope, with the numbers.
    hidden = [s for s in steps if s.quantity == "delta" and s.layer == 0][2]
    assert "f′(a_3)·Σ_k w_3k δ_k" in hidden.text
    assert np.isclose(_numbers(hidden.text)[-1], w.delta[0][2], atol=1e-6)
    # dJ/dw_ij = y_i δ_j and the update line of the same weight.
    dw = next(s for s in steps if s.quantity == "dw" and (s.layer, s.source, s.unit) == (1, 2, 0))
    assert dw.text.startswith("∂J/∂w_31 = y_3·δ_1 = ")
    assert np.isclose(_numbers(dw.text)[-1], w.grad_weights[1][2, 0], atol=1e-6)
    up = next(s for s in steps if s.quantity == "w" and (s.layer, s.source, s.unit) == (1, 2, 0))
    assert np.allclose(_numbers(up.text), [W1 := net.weights[1][2, 0], 0.5, w.grad_weights[1][2, 0],
                                           W1 - 0.5 * w.grad_weights[1][2, 0]], atol=1e-6)
    # The general form of the output delta is shown once, and the J convention once.
    assert sum("f′(a_j)·∂J/∂y_j" in s.text for s in steps) == 1
    assert sum("the factor goes into η" in s.text for s in steps) == 1
    loss_line = next(s for s in steps if s.quantity == "J")
    assert "J = −Σ_k [t_k log y_k" in loss_line.text and np.isclose(_numbers(loss_line.text)[-1], w.loss)
    # Rich text: subscripts, Greek letters, nothing unescaped.
    assert "a<sub>2</sub> = w<sub>12</sub>·x<sub>1</sub>" in a_lines[1].html
    assert all(isinstance(s, Step) and "_{" not in s.text for s in steps)


def test_decimals_and_folding_of_long_sums():
    net = Network([12, 2, 1], ["tanh", "identity"], seed=0)
    w = walkthrough(net, np.linspace(-1, 1, 12), [0.3], loss="mse", learning_rate=0.1)
    full = next(s for s in w.steps() if s.quantity == "a").text
    folded = next(s for s in w.steps(max_terms=3) if s.quantity == "a").text
    assert "…" not in full and full.count("·") == 24
    assert "…" in folded and folded.count("·") == 6  # three products shown of twelve, then "…", then b
    assert "b_1" in folded and "w_12,1·x_12" in folded  # the last term stays; two-digit indices get a comma
    three = next(s for s in w.steps(decimals=3) if s.quantity == "y").text
    assert re.search(r"= \u2212?\d+\.\d{3}$", three)
    with pytest.raises(ValueError):
        w.steps(decimals=-1)


def test_saturated_and_inactive_neurons_are_flagged():
    net = Network([1, 2, 1], ["tanh", "identity"], seed=0)
    net.weights[0][...] = [[5.0, 0.1]]  # neuron 1 deep in tanh's flat tail, neuron 2 in its middle
    w = walkthrough(net, [1.0], [0.0], loss="mse", learning_rate=0.1)
    assert w.saturated[0].tolist() == [True, False] and abs(w.slope[0][0]) < SATURATED_SLOPE
    deltas = [s for s in w.steps() if s.quantity == "delta" and s.layer == 0]
    assert deltas[0].saturated and "saturated: slope ≈ 0" in deltas[0].text
    assert not deltas[1].saturated and "saturated" not in deltas[1].text
    relu = Network([1, 1, 1], ["relu", "identity"], seed=0)
    relu.weights[0][...] = [[-1.0]]
    line = next(s for s in walkthrough(relu, [1.0], [0.0], loss="mse", learning_rate=0.1).steps()
                if s.quantity == "delta" and s.layer == 0)
    assert line.saturated and "slope 0, no error" in line.text


def test_bad_input_is_refused_with_a_message():
    net = Network([2, 3, 1], ["tanh", "sigmoid"], seed=0)
    with pytest.raises(ValueError, match="x must be one sample"):
        walkthrough(net, [1.0, 2.0, 3.0], [1.0], learning_rate=0.1)
    with pytest.raises(ValueError, match="t must be one target"):
        walkthrough(net, [1.0, 2.0], [1.0, 0.0], learning_rate=0.1)
    with pytest.raises(ValueError, match="softmax"):
        walkthrough(net, [1.0, 2.0], [1.0], loss="cross_entropy", learning_rate=0.1)
    with pytest.raises(ValueError, match="learning rate"):
        walkthrough(net, [1.0, 2.0], [1.0], learning_rate=float("nan"))


def test_every_registered_activation_and_loss_has_its_formulas():
    canonical = {act.name for act in ACTIVATIONS.values()}
    assert canonical <= set(ACTIVATION_FORMULAS)
    assert {n for n in canonical if ACTIVATIONS[n].derivative_ops is not None} <= set(SLOPE_FORMULAS)
    assert set(LOSSES) <= set(LOSS_FORMULAS)


def test_a_section_alone_equals_its_part_of_all_steps():
    net = Network([2, 4, 3, 1], ["relu", "tanh", "identity"], seed=2)
    w = walkthrough(net, [0.3, -0.7], [0.5], loss="mse", learning_rate=0.1)
    by_parts = [s for kind, layer in w.sections() for s in w.steps(3, 2, kind=kind, layer=layer)]
    fresh = walkthrough(net, [0.3, -0.7], [0.5], loss="mse", learning_rate=0.1)
    assert by_parts == fresh.steps(3, 2)
    assert [s.layer for s in w.steps(kind="backward") if s.quantity == "layer"] == [2, 1, 0]
    assert {s.kind for s in w.steps(kind="update", layer=1)} == {"update"}
    with pytest.raises(ValueError, match="no loss section"):
        w.steps(kind="loss", layer=0)
    with pytest.raises(ValueError, match="kind"):
        w.steps(kind="sideways")


def test_on_the_default_network_the_step_equals_the_trainers_bit_for_bit(default_case):
    """Here both sums round alike (fan-in 2 and 8 plus the bias); the general test above allows 1e-12."""
    net, X, T, loss = default_case
    for k in range(0, 250, 25):
        w = walkthrough(net, X[k], T[k], loss=loss, learning_rate=0.03)
        stepped = net.copy()
        Trainer(stepped, X[k : k + 1], T[k : k + 1], loss=loss, optimizer="sgd", learning_rate=0.03,
                batch_size=1).step()
        for l in range(net.n_layers):
            assert np.array_equal(w.new_weights[l], stepped.weights[l]), (k, l)
            assert np.array_equal(w.new_biases[l], stepped.biases[l]), (k, l)
