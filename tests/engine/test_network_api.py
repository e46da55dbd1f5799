"""The public Network API of docs/architecture.md: shapes, in-place parameters, checks."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import ACTIVATIONS, INITS, LOSSES, OPTIMIZERS, Network, accuracy


def _net(**kwargs):
    return Network([2, 8, 8, 1], activations=["tanh", "tanh", "sigmoid"], seed=0, **kwargs)


def test_the_readme_example_shapes():
    net = _net()
    X = np.random.default_rng(0).normal(size=(5, 2))
    T = np.array([[0.0], [1.0], [1.0], [0.0], [1.0]])
    assert net.sizes == [2, 8, 8, 1] and net.activations == ["tanh", "tanh", "sigmoid"] and net.n_layers == 3
    assert [w.shape for w in net.weights] == [(2, 8), (8, 8), (8, 1)]
    assert [b.shape for b in net.biases] == [(8,), (8,), (1,)]
    assert net.predict(X).shape == (5, 1)
    trace = net.forward(X)
    np.testing.assert_array_equal(trace.inputs, X)
    assert [a.shape for a in trace.a] == [y.shape for y in trace.y] == [(5, 8), (5, 8), (5, 1)]
    np.testing.assert_allclose(trace.a[1], trace.y[0] @ net.weights[1] + net.biases[1], rtol=1e-14)
    np.testing.assert_allclose(trace.y[1], np.tanh(trace.a[1]), rtol=1e-14)
    np.testing.assert_allclose(trace.y[-1], net.predict(X), rtol=1e-14)
    loss, grads = net.loss_and_gradients(X, T, loss="binary_cross_entropy")
    assert loss == pytest.approx(net.loss(X, T, loss="binary_cross_entropy"), rel=1e-13)
    assert [g.shape for g in grads.weights] == [(2, 8), (8, 8), (8, 1)]
    assert [g.shape for g in grads.biases] == [(8,), (8,), (1,)]
    assert [d.shape for d in grads.deltas] == [(5, 8), (5, 8), (5, 1)]


def test_results_belong_to_the_caller():
    net = _net()
    rng = np.random.default_rng(1)
    X1, X2 = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    T = np.ones((4, 1))
    _, g1 = net.loss_and_gradients(X1, T)
    kept = [g.copy() for g in g1.weights + g1.deltas]
    net.loss_and_gradients(X2, T)  # same batch size: would reuse the engine's buffers
    assert all(np.array_equal(a, b) for a, b in zip(kept, g1.weights + g1.deltas))


def test_predict_keeps_no_cache():
    net = _net()
    net.predict(np.zeros((1000, 2)))
    net.forward(np.zeros((999, 2)))
    assert net._workspaces == {}


def test_weights_are_writable_in_place():
    net = _net()
    X = np.random.default_rng(2).normal(size=(3, 2))
    before = net.predict(X)
    net.weights[2][0, 0] += 1.0
    net.biases[2][0] -= 0.5
    after = net.predict(X)
    assert not np.allclose(before, after)
    _, grads = net.loss_and_gradients(X, np.ones((3, 1)))  # the fast path sees the edit too
    net2 = Network.from_parameters(*net.get_parameters(), net.activations)
    _, grads2 = net2.loss_and_gradients(X, np.ones((3, 1)))
    np.testing.assert_allclose(grads.weights[0], grads2.weights[0], rtol=1e-13)


def test_assigning_a_layer_copies_into_the_network():
    net = _net()
    W = np.full((8, 1), 0.25)
    net.weights[2] = W
    W[0, 0] = 9.0  # the caller's array stays the caller's
    assert np.all(net.weights[2] == 0.25)
    assert np.all(net.predict(np.zeros((1, 2))) == net.forward(np.zeros((1, 2))).y[-1])
    with pytest.raises(ValueError):
        net.weights[2] = np.zeros((1, 8))
    with pytest.raises(TypeError):
        net.weights.append(np.zeros((1, 1)))


def test_get_set_parameters_and_copy():
    net = _net()
    weights, biases = net.get_parameters()
    weights[0][0, 0] = 123.0
    assert net.weights[0][0, 0] != 123.0  # copies
    net.set_parameters(weights, biases)
    assert net.weights[0][0, 0] == 123.0
    clone = net.copy()
    clone.weights[0][0, 0] = -1.0
    assert net.weights[0][0, 0] == 123.0 and clone.sizes == net.sizes and clone.activations == net.activations
    with pytest.raises(ValueError):
        net.set_parameters(weights[:2], biases[:2])
    bad = [w.copy() for w in weights]
    bad[1] = np.zeros((8, 7))
    with pytest.raises(ValueError):
        net.set_parameters(bad, biases)
    assert net.weights[0][0, 0] == 123.0  # nothing changed on error


@pytest.mark.parametrize(
    "sizes, activations",
    [
        ([2], ["tanh"]),
        ([2, 0, 1], ["tanh", "sigmoid"]),
        ([2, 3, 1], ["tanh"]),
        ([2, 3, 1], ["tanh", "nope"]),
        ([2, 3, 1], ["softmax", "sigmoid"]),
        ([2, 3, 1], "tanh"),
    ],
)
def test_bad_networks_are_rejected(sizes, activations):
    with pytest.raises(ValueError):
        Network(sizes, activations)


def test_bad_options_are_rejected():
    with pytest.raises(ValueError):
        Network([2, 1], ["sigmoid"], init="zeros")
    with pytest.raises(ValueError):
        Network([2, 1], ["sigmoid"], dtype=np.int32)


@pytest.mark.parametrize(
    "output, loss",
    [("sigmoid", "cross_entropy"), ("tanh", "cross_entropy"), ("tanh", "binary_cross_entropy"),
     ("softmax", "binary_cross_entropy"), ("identity", "binary_cross_entropy")],
)
def test_mismatched_cross_entropy_pairs_raise(output, loss):
    net = Network([2, 2], [output], seed=0)
    X, T = np.zeros((1, 2)), np.array([[1.0, 0.0]])
    with pytest.raises(ValueError, match=loss):
        net.loss_and_gradients(X, T, loss=loss)
    with pytest.raises(ValueError):
        net.loss(X, T, loss=loss)


def test_bad_data_is_rejected():
    net = _net()
    with pytest.raises(ValueError):
        net.predict(np.zeros((3, 3)))
    with pytest.raises(ValueError):
        net.loss_and_gradients(np.zeros((3, 2)), np.zeros((2, 1)))
    with pytest.raises(ValueError):
        net.loss_and_gradients(np.zeros((3, 2)), np.zeros((3, 1)), regularization="l5")
    with pytest.raises(ValueError):
        net.loss_and_gradients(np.zeros((3, 2)), np.zeros((3, 1)), loss="hinge")
    # A 1-D target is accepted for a single output.
    assert net.loss(np.zeros((3, 2)), np.zeros(3)) == net.loss(np.zeros((3, 2)), np.zeros((3, 1)))


def test_default_loss_follows_the_output_activation():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(4, 2))
    for output, loss, T in [("sigmoid", "binary_cross_entropy", np.ones((4, 1))),
                            ("softmax", "cross_entropy", np.eye(2)[[0, 1, 1, 0]]),
                            ("tanh", "mse", np.ones((4, 2)))]:
        net = Network([2, T.shape[1]], [output], seed=0)
        assert net.loss(X, T) == net.loss(X, T, loss=loss)


def test_regularization_adds_to_the_loss_but_not_to_bias_gradients():
    net = _net()
    X, T = np.random.default_rng(4).normal(size=(5, 2)), np.ones((5, 1))
    plain, g0 = net.loss_and_gradients(X, T)
    l2, g2 = net.loss_and_gradients(X, T, regularization="l2", regularization_rate=0.1)
    l1, g1 = net.loss_and_gradients(X, T, regularization="L1", regularization_rate=0.1)
    assert l2 == pytest.approx(plain + 0.05 * sum(np.sum(w * w) for w in net.weights), rel=1e-12)
    assert l1 == pytest.approx(plain + 0.1 * sum(np.sum(np.abs(w)) for w in net.weights), rel=1e-12)
    for l in range(3):
        np.testing.assert_allclose(g2.weights[l], g0.weights[l] + 0.1 * net.weights[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(g1.weights[l], g0.weights[l] + 0.1 * np.sign(net.weights[l]), rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(g2.biases[l], g0.biases[l])


def test_inits_are_seeded_and_have_their_ranges():
    sizes, acts = [50, 40, 30], ["tanh", "identity"]
    assert all(np.array_equal(a, b) for a, b in zip(Network(sizes, acts, seed=7).weights, Network(sizes, acts, seed=7).weights))
    assert not np.array_equal(Network(sizes, acts, seed=7).weights[0], Network(sizes, acts, seed=8).weights[0])
    uniform = Network(sizes, acts, seed=1, init="uniform")
    assert np.abs(uniform.weights[0]).max() <= 0.5 and np.abs(uniform.weights[0]).max() > 0.45
    assert np.all(uniform.biases[0] == 0.1)
    xavier = Network(sizes, acts, seed=1, init="xavier")
    limit = np.sqrt(6 / 90)
    assert np.abs(xavier.weights[0]).max() <= limit and np.abs(xavier.weights[0]).max() > 0.9 * limit
    assert np.all(xavier.biases[0] == 0)
    he = Network(sizes, acts, seed=1, init="he")
    assert np.std(he.weights[0]) == pytest.approx(np.sqrt(2 / 50), rel=0.1)
    f32 = Network(sizes, acts, seed=1, init="he", dtype=np.float32)
    np.testing.assert_array_equal(f32.weights[0], he.weights[0].astype(np.float32))


def test_registries_hold_the_documented_names():
    assert set(ACTIVATIONS) == {"identity", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu",
                                "softplus", "swish", "gaussian", "sin", "softmax"}
    assert set(LOSSES) == {"mse", "binary_cross_entropy", "cross_entropy"}
    assert set(OPTIMIZERS) == {"sgd", "momentum", "nesterov", "adam"}
    assert set(INITS) == {"uniform", "xavier", "he"}
    assert Network([1, 1], ["linear"]).activations == ["linear"]


def test_accuracy():
    assert accuracy(np.array([[0.2], [0.7], [0.5]]), np.array([[0], [1], [0]])) == pytest.approx(2 / 3)
    assert accuracy(np.array([[0.1, 0.9], [0.8, 0.2]]), np.array([[0, 1], [0, 1]])) == 0.5
    with pytest.raises(ValueError):
        accuracy(np.zeros((3, 1)), np.zeros((3, 2)))


def test_pickle_and_deepcopy_keep_parameters_and_views():
    import copy
    import pickle

    net = Network([2, 3, 2], ["relu", "softmax"], seed=3, dtype=np.float32)
    X = np.random.default_rng(5).normal(size=(4, 2))
    net.loss_and_gradients(X, np.eye(2)[[0, 1, 1, 0]])  # builds buffers and tapes, which are not pickled
    for clone in (pickle.loads(pickle.dumps(net)), copy.deepcopy(net)):
        assert clone.dtype == np.float32 and clone.activations == net.activations
        np.testing.assert_array_equal(clone.predict(X), net.predict(X))
        clone.weights[1][0, 0] += 1.0  # still views of the clone's own parameters
        assert not np.array_equal(clone.predict(X), net.predict(X))


def test_empty_inputs_predict_nothing_and_have_no_loss():
    net = _net()
    assert net.predict(np.zeros((0, 2))).shape == (0, 1)
    assert np.isnan(net.loss(np.zeros((0, 2)), np.zeros((0, 1))))
    with pytest.raises(ValueError):
        net.loss_and_gradients(np.zeros((0, 2)), np.zeros((0, 1)))


def test_copies_of_the_parameter_lists_are_plain_detached_lists():
    import copy

    net = _net()
    deep = copy.deepcopy(net.weights)
    assert type(deep) is list and np.array_equal(deep[0], net.weights[0])
    deep[0][0, 0] += 1.0
    assert deep[0][0, 0] != net.weights[0][0, 0]
    assert type(net.weights[:]) is list


def test_activation_facts_live_in_the_registry():
    from playground.engine import ACTIVATIONS, activation_names

    names = activation_names()
    assert set(names) == {act.name for act in ACTIVATIONS.values()} and "linear" not in names
    assert activation_names(hidden=True) == tuple(n for n in names if not ACTIVATIONS[n].output_only)
    assert "softmax" not in activation_names(hidden=True) and names[0] == "tanh"
    x = np.linspace(-30, 30, 601)[:, None]
    for name in names:
        act = ACTIVATIONS[name]
        assert act.description, name
        y = act.f(np.hstack([x, x[::-1]]))
        low, high = act.output_range
        assert low is None or y.min() >= low - 1e-12, name
        assert high is None or y.max() <= high + 1e-12, name
