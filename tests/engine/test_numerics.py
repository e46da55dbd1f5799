"""Numerical safety, derivatives of every activation, float32 end to end, edge shapes."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from playground.engine import ACTIVATIONS, Network, Trainer, accuracy

ELEMENTWISE = sorted(name for name, act in ACTIVATIONS.items() if not act.output_only)
EXTREME = np.array([[-1e4, -1e3, -50.0, -1.0, 0.0, 1.0, 50.0, 1e3, 1e4]])


def _strict():
    """Overflow, invalid operations and division by zero raise; so do warnings (underflow to 0 is fine)."""
    warnings.simplefilter("error")
    return np.errstate(over="raise", invalid="raise", divide="raise")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activations_are_safe_for_huge_inputs(name, dtype):
    act = ACTIVATIONS[name]
    a = EXTREME.astype(dtype)
    with warnings.catch_warnings(), _strict():
        y = act.f(a)
        assert y.dtype == dtype and np.all(np.isfinite(y))
        if not act.output_only:
            d = act.derivative(a, y)
            assert d.dtype == dtype and np.all(np.isfinite(d))


def test_safe_forms_give_the_right_limits():
    a = EXTREME
    f = {name: ACTIVATIONS[name].f(a)[0] for name in ACTIVATIONS}
    assert f["sigmoid"][0] == 0.0 and f["sigmoid"][-1] == 1.0
    assert f["softplus"][-1] == 1e4 and f["softplus"][0] == 0.0
    assert f["elu"][0] == -1.0 and f["elu"][-1] == 1e4
    assert f["swish"][-1] == 1e4 and f["swish"][0] == 0.0
    assert f["gaussian"][0] == 0.0 and f["gaussian"][4] == 1.0
    assert np.isclose(f["softmax"].sum(), 1.0) and f["softmax"][-1] == 1.0


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_each_derivative_matches_finite_differences(name):
    act = ACTIVATIONS[name]
    a = np.linspace(-3.1, 3.1, 32)[None, :]  # no point at 0, the kink of relu and leaky_relu
    h = 1e-6
    numeric = (act.f(a + h) - act.f(a - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(a), numeric, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize(
    "output, loss, T",
    [
        ("sigmoid", "binary_cross_entropy", [[1.0, 0.0]]),
        ("softmax", "cross_entropy", [[0.0, 1.0]]),
        ("identity", "mse", [[1.0, 0.0]]),
        ("sigmoid", "mse", [[1.0, 0.0]]),
        ("softmax", "mse", [[0.0, 1.0]]),
    ],
)
def test_saturated_outputs_give_finite_losses_and_gradients(output, loss, T):
    """|a| = 1e4 at the output: the fused forms never take log(0) or divide 0 by 0."""
    net = Network([1, 2], [output], seed=0)
    net.weights[0][...] = [[1e4, -1e4]]
    net.biases[0][...] = 0
    X = np.array([[1.0]])
    with warnings.catch_warnings(), _strict():
        value, grads = net.loss_and_gradients(X, np.array(T), loss=loss)
        assert np.isfinite(value) and all(np.all(np.isfinite(g)) for g in grads.weights + grads.deltas)
        assert np.isfinite(net.loss(X, np.array(T), loss=loss))


def test_wrong_target_side_of_a_saturated_sigmoid_costs_a_large_finite_loss():
    net = Network([1, 1], ["sigmoid"], seed=0)
    net.weights[0][...] = 1e4
    net.biases[0][...] = 0
    with warnings.catch_warnings(), _strict():
        value, grads = net.loss_and_gradients(np.array([[1.0]]), np.array([[0.0]]), loss="binary_cross_entropy")
    assert value == pytest.approx(1e4)
    assert grads.deltas[0][0, 0] == pytest.approx(1.0)


def test_float32_end_to_end():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))  # float64 in: cast once at the boundary
    T = np.eye(3)[rng.integers(0, 3, size=40)]
    net = Network([3, 6, 3], ["relu", "softmax"], seed=0, dtype=np.float32)
    for optimizer in ("adam", "nesterov"):
        trainer = Trainer(net, X, T, loss="cross_entropy", optimizer=optimizer, batch_size=8,
                          regularization="l2", regularization_rate=1e-3, learning_rate=0.01)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            losses = [trainer.run_epoch() for _ in range(20)]
        assert losses[-1] < losses[0]
    arrays = [*net.weights, *net.biases, net._theta, net._grad, *trainer.last_gradients.weights,
              *trainer.last_gradients.biases, *trainer.last_gradients.deltas, trainer._optimizer.velocity]
    for ws in net._workspaces.values():
        arrays += [ws.x_aug, *ws.a, *ws.y, *ws.delta]
    trace = net.forward(X)
    arrays += [trace.inputs, *trace.a, *trace.y, net.predict(X)]
    _, grads = net.loss_and_gradients(X, T, loss="cross_entropy")
    arrays += [*grads.weights, *grads.biases, *grads.deltas]
    assert {a.dtype for a in arrays} == {np.dtype(np.float32)}
    assert isinstance(net.loss(X, T), float)


def test_float32_and_float64_agree_to_float32_precision():
    rng = np.random.default_rng(1)
    X, T = rng.normal(size=(20, 2)), rng.integers(0, 2, size=(20, 1)).astype(float)
    nets = [Network([2, 4, 1], ["tanh", "sigmoid"], seed=3, dtype=dt) for dt in (np.float64, np.float32)]
    results = [net.loss_and_gradients(X, T) for net in nets]
    assert results[0][0] == pytest.approx(results[1][0], rel=1e-5)
    np.testing.assert_allclose(results[0][1].weights[0], results[1][1].weights[0], rtol=1e-4, atol=1e-6)


def test_zero_hidden_layers_and_width_one_layers_train():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(30, 2))
    T = (X[:, :1] > 0).astype(float)
    for sizes, acts in [([2, 1], ["sigmoid"]), ([2, 1, 1], ["tanh", "sigmoid"]), ([2, 1, 1, 1], ["relu", "tanh", "sigmoid"])]:
        net = Network(sizes, acts, seed=4, init="uniform")
        trainer = Trainer(net, X, T, learning_rate=0.5, batch_size=5, seed=1)
        first = trainer.run_epoch()
        for _ in range(30):
            last = trainer.run_epoch()
        assert last < first, sizes
        if len(sizes) < 4:
            assert accuracy(net.predict(X), T) > 0.9, sizes
