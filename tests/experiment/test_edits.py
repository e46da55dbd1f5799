"""Pure network edits: shapes, limits, and the weight carry-over rule.

The property test keeps its own model of the network as lists of neuron ids
and a dict ``(neuron_a, neuron_b) -> weight``; after every edit, each
connection whose two neurons were adjacent before and still are must keep its
exact weight, and every surviving neuron its bias.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.engine import INITS
from playground.experiment.edits import (
    MAX_HIDDEN_LAYERS,
    MAX_UNITS,
    NetworkState,
    add_neuron,
    check_state,
    insert_layer,
    move_layer,
    remove_layer,
    remove_neuron,
    set_activation,
    set_width,
    toggle_feature,
)
from playground.experiment.network import LayerSpec, NetworkSpec

ORDER = ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin(x1)", "sin(x2)")


def make_state(hidden=(3, 4), features=("x1", "x2"), n_out=1, seed=0, dtype=np.float64):
    spec = NetworkSpec(hidden=tuple(LayerSpec(u, "tanh") for u in hidden))
    sizes = spec.layer_sizes(len(features), n_out)
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(a, b)).astype(dtype) for a, b in zip(sizes[:-1], sizes[1:])]
    biases = [rng.normal(size=b).astype(dtype) for b in sizes[1:]]
    return NetworkState(spec, tuple(features), weights, biases)


def copies(state):
    return [w.copy() for w in state.weights], [b.copy() for b in state.biases]


def assert_unchanged(state, saved):
    for a, b in zip(state.weights, saved[0]):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(state.biases, saved[1]):
        np.testing.assert_array_equal(a, b)


# --------------------------------------------------------------------------- examples


def test_insert_layer_mid_network_keeps_every_untouched_weight():
    s = make_state(hidden=(3, 4, 5))
    saved = copies(s)
    new = insert_layer(*s, rng=1, at=2, units=6, activation="relu")
    assert [l.units for l in new.spec.hidden] == [3, 4, 6, 5]
    assert new.spec.hidden[2].activation == "relu"
    # W0 (in->3), W1 (3->4) and W4 (5->out) are untouched; W2, W3 are new.
    np.testing.assert_array_equal(new.weights[0], s.weights[0])
    np.testing.assert_array_equal(new.weights[1], s.weights[1])
    np.testing.assert_array_equal(new.weights[4], s.weights[3])
    assert new.weights[2].shape == (4, 6) and new.weights[3].shape == (6, 5)
    for l in (0, 1):
        np.testing.assert_array_equal(new.biases[l], s.biases[l])
    np.testing.assert_array_equal(new.biases[3], s.biases[2])
    np.testing.assert_array_equal(new.biases[4], s.biases[3])
    np.testing.assert_array_equal(new.biases[2], np.zeros(6))
    assert_unchanged(s, saved)  # inputs not mutated
    check_state(*new)


def test_insert_layer_into_a_network_without_hidden_layers():
    s = make_state(hidden=())
    new = insert_layer(*s, rng=0, at=0, units=2)
    assert [l.units for l in new.spec.hidden] == [2]
    assert [w.shape for w in new.weights] == [(2, 2), (2, 1)]
    np.testing.assert_array_equal(new.biases[-1], s.biases[-1])  # output bias kept


def test_fresh_weights_follow_the_init_and_are_reproducible():
    s = make_state(hidden=(3,))
    a = insert_layer(*s, rng=7, at=1, units=8)
    b = insert_layer(*s, rng=7, at=1, units=8)
    np.testing.assert_array_equal(a.weights[1], b.weights[1])
    limit = np.sqrt(6 / (3 + 8))
    assert np.all(np.abs(a.weights[1]) <= limit) and np.std(a.weights[1]) > 0.05
    uniform = insert_layer(NetworkSpec(s.spec.hidden, init="uniform"), *s[1:], rng=7, at=1, units=8)
    assert np.all(np.abs(uniform.weights[1]) <= 0.5)
    # New neurons get the engine's initial bias for the scheme (TF Playground's 0.1 for uniform).
    np.testing.assert_array_equal(uniform.biases[1], np.full(8, 0.1))
    # The same draws as the engine's own initialisation (one per weight layer, in order).
    engine_rng = np.random.default_rng(7)
    INITS["he"](2, 3, engine_rng)
    w, _ = INITS["he"](3, 8, engine_rng)
    he = insert_layer(NetworkSpec(s.spec.hidden, init="he"), *s[1:], rng=7, at=1, units=8)
    np.testing.assert_array_equal(he.weights[1], w)


def test_remove_layer_joins_its_neighbours_with_fresh_weights():
    s = make_state(hidden=(3, 4, 5))
    new = remove_layer(*s, rng=0, layer=1)
    assert [l.units for l in new.spec.hidden] == [3, 5]
    np.testing.assert_array_equal(new.weights[0], s.weights[0])
    np.testing.assert_array_equal(new.weights[2], s.weights[3])
    assert new.weights[1].shape == (3, 5)
    np.testing.assert_array_equal(new.biases[1], s.biases[2])


def test_move_layer_keeps_its_biases_and_adjacent_pairs():
    s = make_state(hidden=(3, 4, 5, 6))
    new = move_layer(*s, rng=0, src=0, dst=2)  # order 4, 5, 3, 6
    assert [l.units for l in new.spec.hidden] == [4, 5, 3, 6]
    np.testing.assert_array_equal(new.weights[1], s.weights[2])  # 4->5 was adjacent
    np.testing.assert_array_equal(new.weights[4], s.weights[4])  # 6->out
    np.testing.assert_array_equal(new.biases[2], s.biases[0])    # the moved layer's biases
    np.testing.assert_array_equal(new.biases[0], s.biases[1])
    assert new.weights[0].shape == (2, 4) and new.weights[2].shape == (5, 3)


def test_move_layer_onto_itself_changes_nothing():
    s = make_state(hidden=(3, 4))
    new = move_layer(*s, rng=0, src=1, dst=1)
    assert new.spec == s.spec
    assert_unchanged(new, copies(s))


def test_add_and_remove_neuron_touch_only_that_neuron():
    s = make_state(hidden=(3, 4))
    new = add_neuron(*s, rng=0, layer=0, at=1)
    np.testing.assert_array_equal(new.weights[0][:, [0, 2, 3]], s.weights[0])
    np.testing.assert_array_equal(new.weights[1][[0, 2, 3], :], s.weights[1])
    np.testing.assert_array_equal(new.weights[2], s.weights[2])
    assert new.biases[0][1] == 0.0
    back = remove_neuron(*new, rng=0, layer=0, unit=1)
    assert_unchanged(back, copies(s))
    assert back.spec == s.spec


def test_set_width_grows_and_shrinks_at_the_end():
    s = make_state(hidden=(3, 4))
    wide = set_width(*s, rng=0, layer=1, n=6)
    np.testing.assert_array_equal(wide.weights[1][:, :4], s.weights[1])
    np.testing.assert_array_equal(wide.weights[2][:4], s.weights[2])
    narrow = set_width(*s, rng=0, layer=1, n=2)
    np.testing.assert_array_equal(narrow.weights[1], s.weights[1][:, :2])
    np.testing.assert_array_equal(narrow.biases[1], s.biases[1][:2])


def test_set_activation_changes_no_weight_and_can_set_the_output():
    s = make_state(hidden=(3,))
    new = set_activation(*s, rng=None, layer=0, name="relu")
    assert new.spec.hidden[0].activation == "relu"
    assert_unchanged(new, copies(s))
    assert new.weights[0] is not s.weights[0]  # copies, not shared arrays
    out = set_activation(*s, rng=None, layer=1, name="identity")
    assert out.spec.output_activation == "identity"
    with pytest.raises(ValueError, match="output"):
        set_activation(*s, rng=None, layer=0, name="softmax")


def test_toggle_feature_drops_or_adds_one_input_row_in_display_order():
    s = make_state(hidden=(3,), features=("x1", "x2"))
    on = toggle_feature(*s, rng=0, name="x1^2", order=ORDER)
    assert on.features == ("x1", "x2", "x1^2")
    np.testing.assert_array_equal(on.weights[0][:2], s.weights[0])
    off = toggle_feature(*on, rng=0, name="x1", order=ORDER)
    assert off.features == ("x2", "x1^2")
    np.testing.assert_array_equal(off.weights[0], on.weights[0][1:])
    back = toggle_feature(*off, rng=0, name="x1", order=ORDER)
    assert back.features == ("x1", "x2", "x1^2")  # placed back in display order
    with pytest.raises(ValueError, match="unknown input feature"):
        toggle_feature(*s, rng=0, name="nope", order=ORDER)


def test_float32_weights_stay_float32():
    s = make_state(hidden=(3,), dtype=np.float32)
    new = add_neuron(*s, rng=0, layer=0)
    assert all(w.dtype == np.float32 for w in new.weights)
    assert all(b.dtype == np.float32 for b in new.biases)


# --------------------------------------------------------------------------- limits and bad input


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda s: insert_layer(*s, rng=0, at=5), "position"),
        (lambda s: insert_layer(*s, rng=0, at=0, units=0), "1 to 32"),
        (lambda s: insert_layer(*s, rng=0, at=0, units=33), "1 to 32"),
        (lambda s: insert_layer(*s, rng=0, at=0, units=2.5), "whole number"),
        (lambda s: remove_layer(*s, rng=0, layer=2), "no hidden layer"),
        (lambda s: remove_layer(*s, rng=0, layer=-1), "no hidden layer"),
        (lambda s: remove_neuron(*s, rng=0, layer=0, unit=3), "no neuron"),
        (lambda s: set_width(*s, rng=0, layer=0, n=40), "1 to 32"),
        (lambda s: set_activation(*s, rng=0, layer=0, name=""), "non-empty"),
        (lambda s: move_layer(*s, rng=0, src=0, dst=4), "no hidden layer"),
        (lambda s: toggle_feature(*make_state(features=("x1",)), rng=0, name="x1"), "at least one"),
    ],
)
def test_bad_edits_raise_a_clear_value_error(call, message):
    s = make_state(hidden=(3, 4))
    saved = copies(s)
    with pytest.raises(ValueError, match=message):
        call(s)
    assert_unchanged(s, saved)


def test_limits_of_ten_layers_and_thirty_two_neurons():
    s = make_state(hidden=(MAX_UNITS,) * MAX_HIDDEN_LAYERS)
    with pytest.raises(ValueError, match="maximum of 10 hidden layers"):
        insert_layer(*s, rng=0, at=0)
    with pytest.raises(ValueError, match="maximum of 32 neurons"):
        add_neuron(*s, rng=0, layer=3)
    one = make_state(hidden=(1,))
    with pytest.raises(ValueError, match="at least 1 neuron"):
        remove_neuron(*one, rng=0, layer=0, unit=0)


def test_mismatched_weights_are_rejected():
    s = make_state(hidden=(3,))
    bad = [s.weights[0][:, :2], s.weights[1]]
    with pytest.raises(ValueError, match="weight layer 0"):
        add_neuron(s.spec, s.features, bad, s.biases, 0, layer=0)
    with pytest.raises(ValueError, match="2 weight layers"):
        add_neuron(s.spec, s.features, s.weights[:1], s.biases, 0, layer=0)


# --------------------------------------------------------------------------- property: the carry-over rule


class Model:
    """The test's own bookkeeping: neuron ids per layer, connection and bias values by id."""

    def __init__(self, state):
        self.counter = itertools.count()
        self.layers = [[("in", f) for f in state.features]]
        for layer in state.spec.hidden:
            self.layers.append([next(self.counter) for _ in range(layer.units)])
        self.layers.append([("out", j) for j in range(state.weights[-1].shape[1])])

    def values(self, state):
        conn, bias = {}, {}
        for l, w in enumerate(state.weights):
            for i, a in enumerate(self.layers[l]):
                for j, b in enumerate(self.layers[l + 1]):
                    conn[(a, b)] = w[i, j]
            for j, b in enumerate(self.layers[l + 1]):
                bias[b] = state.biases[l][j]
        return conn, bias


def apply(model, state, draw):
    """Apply one random valid edit to ``state`` and the same edit to ``model``."""
    h = len(state.spec.hidden)
    kinds = ["toggle"]
    if h < MAX_HIDDEN_LAYERS:
        kinds.append("insert")
    if h:
        kinds += ["remove_layer", "move", "add", "remove_neuron", "width", "activation"]
    kind = draw(st.sampled_from(kinds))
    layer = draw(st.integers(0, h - 1)) if h else 0
    if kind == "insert":
        at, units = draw(st.integers(0, h)), draw(st.integers(1, 5))
        model.layers.insert(at + 1, [next(model.counter) for _ in range(units)])
        return insert_layer(*state, rng=1, at=at, units=units)
    if kind == "remove_layer":
        del model.layers[layer + 1]
        return remove_layer(*state, rng=1, layer=layer)
    if kind == "move":
        dst = draw(st.integers(0, h - 1))
        model.layers.insert(dst + 1, model.layers.pop(layer + 1))
        return move_layer(*state, rng=1, src=layer, dst=dst)
    units = state.spec.hidden[layer].units if h else 0
    if kind == "add" and units < MAX_UNITS:
        at = draw(st.integers(0, units))
        model.layers[layer + 1].insert(at, next(model.counter))
        return add_neuron(*state, rng=1, layer=layer, at=at)
    if kind == "remove_neuron" and units > 1:
        unit = draw(st.integers(0, units - 1))
        del model.layers[layer + 1][unit]
        return remove_neuron(*state, rng=1, layer=layer, unit=unit)
    if kind == "width":
        n = draw(st.integers(1, 6))
        ids = model.layers[layer + 1]
        model.layers[layer + 1] = ids[:n] + [next(model.counter) for _ in range(n - len(ids))]
        return set_width(*state, rng=1, layer=layer, n=n)
    if kind == "activation":
        return set_activation(*state, rng=1, layer=layer, name=draw(st.sampled_from(["relu", "sigmoid"])))
    name = draw(st.sampled_from(ORDER[:4]))
    if name in state.features and len(state.features) == 1:
        return state
    new = toggle_feature(*state, rng=1, name=name, order=ORDER)
    model.layers[0] = [("in", f) for f in new.features]
    return new


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_every_surviving_connection_keeps_its_weight(data):
    state = make_state(hidden=(3, 2), features=("x1", "x2"), n_out=data.draw(st.sampled_from([1, 3])))
    model = Model(state)
    for _ in range(8):
        before_conn, before_bias = model.values(state)
        saved = copies(state)
        new = apply(model, state, data.draw)
        assert_unchanged(state, saved)
        check_state(*new)
        assert [len(ids) for ids in model.layers[1:-1]] == [l.units for l in new.spec.hidden]
        after_conn, after_bias = model.values(new)
        for key, value in after_conn.items():
            if key in before_conn:
                assert value == before_conn[key], key
        for key, value in after_bias.items():
            assert value == before_bias.get(key, 0.0), key
        state = new

