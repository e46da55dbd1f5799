"""The walk's stops, the cursor's paces and what the canvas highlights (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Network
from playground.explain import walkthrough
from playground.ui.stepthrough.cursor import Cursor, stops
from playground.ui.stepthrough.marks import FOCUS, INPUT, SATURATED, marks_for


@pytest.fixture
def walk():
    net = Network([2, 3, 4, 1], activations=["tanh", "tanh", "sigmoid"], seed=3)
    return walkthrough(net, np.array([0.5, -1.0]), np.array([1.0]), learning_rate=0.1)


def test_stops_cover_every_neuron_of_every_phase_in_order(walk):
    all_stops = stops(walk.sections(), [2, 3, 4, 1])
    # forward 3+4+1, loss, backward 1+4+3, the update rule, update 3+4+1
    assert len(all_stops) == 8 + 1 + 8 + 1 + 8
    assert [s.kind for s in all_stops[:9]] == ["forward"] * 8 + ["loss"]
    assert [(s.layer, s.unit) for s in all_stops[9:14]] == [(2, 0), (1, 0), (1, 1), (1, 2), (1, 3)]


def test_neuron_pace_moves_one_stop_and_layer_pace_a_whole_layer(walk):
    cursor = Cursor(stops(walk.sections(), [2, 3, 4, 1]))
    assert cursor.next() and (cursor.lo, cursor.hi) == (1, 1)
    cursor.set_pace("layer")
    assert [s.unit for s in cursor.span] == [0, 1, 2] and cursor.span[0].layer == 0
    cursor.next()
    assert {s.layer for s in cursor.span} == {1} and len(cursor.span) == 4
    cursor.previous()
    assert {s.layer for s in cursor.span} == {0}
    assert not cursor.previous()
    cursor.last()
    assert cursor.at_end and {s.layer for s in cursor.span} == {2}
    assert not cursor.next()
    cursor.set_pace("neuron")
    assert cursor.lo == cursor.hi == len(cursor.stops) - 1
    with pytest.raises(ValueError):
        cursor.set_pace("fast")


def test_forward_stop_highlights_the_neuron_and_its_incoming_edges(walk):
    all_stops = stops(walk.sections(), [2, 3, 4, 1])
    k = 3 + 2  # forward, layer 1, neuron 3
    m = marks_for(walk, [all_stops[k]], all_stops, k)
    assert m.neurons[(2, 2)] == FOCUS
    assert {key for key, role in m.neurons.items() if role == INPUT} == {(1, 0), (1, 1), (1, 2)}
    assert set(m.edges) == {(1, i, 2) for i in range(3)} and set(m.edges.values()) == {FOCUS}
    # Values so far: the inputs and the neurons computed up to this one.
    assert set(m.labels) == {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)}
    assert m.labels[(2, 2)][0] == f"y={walk.y[1][2]:.2f}".replace("-", "\u2212")


def test_hidden_delta_reads_the_outgoing_edges_and_writes_the_incoming_gradients(walk):
    all_stops = stops(walk.sections(), [2, 3, 4, 1])
    k = next(i for i, s in enumerate(all_stops) if s.kind == "backward" and s.layer == 1 and s.unit == 1)
    m = marks_for(walk, [all_stops[k]], all_stops, k)
    assert m.edges[(2, 1, 0)] == INPUT            # w_jk to the output, read for the error arriving
    assert m.neurons[(3, 0)] == INPUT
    assert {e for e, r in m.edges.items() if r == FOCUS} == {(1, i, 1) for i in range(3)}  # dJ/dw_ij
    # The deltas known so far sit on the neurons: the output's and this layer's first two.
    assert set(m.labels) == {(3, 0), (2, 0), (2, 1)}
    assert all(text.startswith("δ=") for text, _ in m.labels.values())


def test_saturated_neurons_are_labelled_so():
    net = Network([1, 2, 1], activations=["tanh", "sigmoid"], seed=0)
    net.weights[0][:] = [[40.0, 0.1]]  # neuron 1 is driven far into tanh's flat tail
    walk = walkthrough(net, np.array([1.0]), np.array([1.0]), learning_rate=0.1)
    all_stops = stops(walk.sections(), [1, 2, 1])
    last = len(all_stops) - 1
    m = marks_for(walk, [all_stops[last]], all_stops, last)
    assert m.labels[(1, 0)][1] == SATURATED and m.labels[(1, 1)][1] == FOCUS
