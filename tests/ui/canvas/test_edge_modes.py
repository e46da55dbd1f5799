"""Edges show w, ∂J/∂w or Δw (the mode switch); hovering an edge shows its card; one moment per card."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint

from playground.training.host import EngineHost
from playground.training.messages import Batches
from playground.ui.canvas.cards import _n
from playground.ui.live.moment import batch_moment, neuron_numbers
from tests.training.helpers import setup_commands, spiral
from tests.ui.canvas.helpers import NONE, move, view_point
from tests.ui.canvas.test_live import live


def _edge_point(editor, lij) -> QPoint:
    """A viewport pixel on edge ``lij``, a third of the way along (away from the neurons)."""
    x0, y0, x1, y1 = editor.scene.edges.segment(lij)
    return view_point(editor, x0 + (x1 - x0) / 3, y0 + (y1 - y0) / 3)


def _widths(editor) -> dict:
    """Pen width of each visible edge, by (l, i, j)."""
    edges = editor.scene.edges
    out = {}
    for pen, lines in edges._buckets:
        for line in lines:
            k = edges._lines.index(line)
            out[tuple(int(v) for v in edges._index[k])] = pen.widthF()
    return out


def test_hovering_an_edge_shows_w_its_gradient_and_its_update(make_editor):
    editor, session, _ = make_editor(hidden=(4, 3))
    snap, maps = live(session)
    editor.update_live(snap, maps)
    lij = (1, 2, 1)
    move(editor, _edge_point(editor, lij), buttons=NONE)
    assert editor.hovered_edge == lij and editor.hover_card.isVisible()
    text = editor.hover_card.text()
    for value in (snap.weights[1][2, 1], snap.weights_before[1][2, 1], snap.grad_weights[1][2, 1],
                  snap.update_weights[1][2, 1]):
        assert _n(value) in text
    assert "batch of 10, before the update of step 30" in text and "after step 30" in text
    # The card follows the next snapshot while the mouse stays.
    snap2, _ = live(session, scale=3.0)
    snap2 = type(snap2)(**{**vars(snap2), "grad_weights": tuple(g * 7 for g in snap2.grad_weights)})
    editor.update_live(snap2, maps)
    assert _n(snap2.grad_weights[1][2, 1]) in editor.hover_card.text()
    move(editor, QPoint(3, 3), buttons=NONE)
    assert editor.hovered_edge is None and not editor.hover_card.isVisible()


def test_the_mode_switch_sizes_edges_by_the_chosen_quantity(make_editor):
    editor, session, _ = make_editor(hidden=(3,))
    snap, maps = live(session)
    grads = [np.full(g.shape, 1e-3) for g in snap.grad_weights]
    grads[0][1, 2] = -0.05     # the one large gradient
    snap = type(snap)(**{**vars(snap), "grad_weights": tuple(grads)})
    editor.update_live(snap, maps)
    weights_widths = _widths(editor)
    editor.mode_actions.actions()[1].trigger()     # the segmented control's / View menu's action
    assert editor.edge_mode == "gradients"
    widths = _widths(editor)
    assert widths != weights_widths
    assert widths[(0, 1, 2)] == max(widths.values()) > min(widths.values())
    assert "∂J/∂w" in editor.palette.mode_note.text() and batch_moment(snap) in editor.palette.mode_note.text()
    editor.set_edge_mode("updates")
    assert [a.isChecked() for a in editor.mode_actions.actions()] == [False, False, True]
    assert "Δw" in editor.palette.mode_note.text()
    # All updates equal: every edge the same width.
    assert len(set(_widths(editor).values())) == 1
    editor.set_edge_mode("weights")
    assert _widths(editor) == weights_widths
    with pytest.raises(ValueError):
        editor.set_edge_mode("colours")


def test_without_a_batch_the_gradient_mode_says_so(make_editor):
    editor, _, _ = make_editor(hidden=(3,))
    editor.set_edge_mode("gradients")
    assert "no batch yet" in editor.palette.mode_note.text()
    assert len(set(_widths(editor).values())) <= 1


def test_on_a_real_snapshot_the_card_s_sum_gives_its_a():
    """Σ w·ȳ + b with the card's (pre-update) weights equals the ā it shows, for every neuron."""
    prepared = spiral()
    host = EngineHost()
    host.exchange(setup_commands(prepared), None)
    snap = host.exchange([], Batches(7))
    for l in range(snap.n_layers):
        for j in range(snap.weights[l].shape[1]):
            numbers = neuron_numbers(snap, l, j)
            assert numbers.weights @ numbers.inputs + numbers.bias == pytest.approx(numbers.a, rel=1e-10, abs=1e-12)
            np.testing.assert_array_equal(numbers.weights, snap.weights_before[l][:, j])
    # With the weights after the update the sum misses.
    numbers = neuron_numbers(snap, 1, 0)
    assert snap.weights[1][:, 0] @ numbers.inputs + snap.biases[1][0] != pytest.approx(numbers.a, rel=1e-10)


def test_the_card_shows_the_real_snapshot_s_moment(make_editor):
    editor, session, _ = make_editor(hidden=(8, 8))
    prepared = spiral()
    host = EngineHost()
    host.exchange(setup_commands(prepared), None)
    snap = host.exchange([], Batches(3))
    editor.update_live(snap, None)
    text = editor.neuron_card(2, 0)
    assert "batch of 10, before the update of step 3" in text
    numbers = neuron_numbers(snap, 1, 0)
    assert _n(numbers.a) in text and _n(numbers.weights[0]) in text and _n(numbers.inputs[0]) in text


def test_the_hovered_edge_is_outlined_until_the_mouse_leaves(make_editor):
    editor, session, _ = make_editor(hidden=(4, 3))
    lij = (0, 1, 3)
    move(editor, _edge_point(editor, lij), buttons=NONE)
    assert editor.scene.edges.highlight == lij
    assert "no batch yet" in editor.hover_card.text()   # a fresh network: w only
    move(editor, QPoint(3, 3), buttons=NONE)
    assert editor.scene.edges.highlight is None
