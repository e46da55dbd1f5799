"""update_live: edges, biases, deltas and thumbnails restyle in place; hover card; pinning."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip

from playground.training.snapshot import make_snapshot
from playground.ui.style import colors
from playground.ui.canvas.cards import _n
from playground.ui.canvas.edges import edge_style
from playground.ui.canvas.scene import delta_strength
from tests.ui.canvas.helpers import NONE, click, item_point, move


def live(session, scale=1.0, r=8):
    """A snapshot of the session's parameters and constant neuron maps."""
    weights, biases = session.parameters()
    deltas = [np.linspace(-1, 1, b.shape[0]) * scale for b in biases]
    # A batch record as the host makes it: a, y, δ with the weights before the update of step 30.
    before_w, before_b = [w - 0.01 for w in weights], [b + 0.02 for b in biases]
    mean_in = np.full(weights[0].shape[0], 0.5)
    mean_a, mean_y, y = [], [], mean_in
    for w, b in zip(before_w, before_b):
        mean_a.append(y @ w + b)
        y = np.tanh(mean_a[-1])
        mean_y.append(y)
    snap = make_snapshot(network_version=1, epoch=3, step=30, weights=weights, biases=biases,
                         mean_a=mean_a, mean_y=mean_y, mean_deltas=deltas, batch_size=10, batch_step=30,
                         batch_loss=0.5, mean_inputs=mean_in, weights_before=before_w, biases_before=before_b,
                         grad_weights=[w * 0.1 for w in weights], grad_biases=[b * 0.1 for b in biases],
                         update_weights=[np.full(w.shape, 0.01) for w in weights],
                         update_biases=[np.full(b.shape, -0.02) for b in biases])
    sizes = [weights[0].shape[0]] + [w.shape[1] for w in weights]
    maps = [np.full((n, r, r), 1.0 if c % 2 == 0 else -1.0) for c, n in enumerate(sizes)]
    return snap, maps


def test_update_live_restyles_without_creating_items(make_editor):
    editor, session, _ = make_editor(hidden=(4, 3))
    columns, atlas, edges = list(editor.scene.columns), editor.scene.atlas, editor.scene.edges
    n_items = len(editor.scene.items())
    snap, maps = live(session)
    for _ in range(3):
        editor.update_live(snap, maps)
    assert editor.scene.columns == columns and editor.scene.atlas is atlas and editor.scene.edges is edges
    assert len(editor.scene.items()) == n_items
    # Thumbnails: inputs (column 0) all +1 -> blue; layer 1 all -1 -> orange.
    blue, orange = colors.hex_to_rgb(colors.POSITIVE), colors.hex_to_rgb(colors.NEGATIVE)
    np.testing.assert_array_equal(atlas.tile(0)[0, 0, :3], blue)
    np.testing.assert_array_equal(atlas.tile(2)[0, 0, :3], orange)
    assert atlas.n_tiles == 2 + 4 + 3 + 1   # active inputs, hidden, output
    # Bias markers and delta rings follow the snapshot.
    neuron = editor.scene.neuron(1, 0)
    assert neuron.bias.value == pytest.approx(snap.biases[0][0])
    assert neuron.delta == pytest.approx(-1.0) and neuron.strength == pytest.approx(1.0)
    assert neuron.toolTip() == ""   # the hover card shows delta; a tooltip would cover it


def test_edge_colours_follow_the_sign_of_the_weights(make_editor):
    editor, session, _ = make_editor(hidden=(3,))
    weights, biases = session.parameters()
    weights = [np.abs(w) + 0.1 for w in weights]
    weights[0][1, 2] = -2.0
    editor.update_live(make_snapshot(network_version=1, epoch=0, step=0, weights=weights, biases=biases), None)
    negative = [(pen, lines) for pen, lines in editor.scene.edges._buckets
                if pen.color().name().upper() == colors.NEGATIVE.upper()]
    assert len(negative) == 1 and len(negative[0][1]) == 1
    widths = sorted(pen.widthF() for pen, _ in editor.scene.edges._buckets)
    assert negative[0][0].widthF() == widths[-1]     # |w| = 2 is the widest


def test_snapshot_of_another_shape_is_ignored(make_editor):
    editor, session, _ = make_editor(hidden=(3,))
    bias_before = editor.scene.neuron(1, 0).bias.value
    weights = [np.ones((2, 5)), np.ones((5, 1))]
    biases = [np.full(5, 9.0), np.ones(1)]
    editor.update_live(make_snapshot(network_version=9, epoch=0, step=0, weights=weights, biases=biases),
                       [np.zeros((2, 4, 4)), np.zeros((5, 4, 4)), np.zeros((1, 4, 4))])
    assert editor.scene.neuron(1, 0).bias.value == bias_before
    assert editor.scene.atlas.tile(0) is None


def test_many_edges_are_thinned():
    abs_w = np.array([0.001, 0.8, 1.0, 2.0])
    visible, level, alpha = edge_style(abs_w, np.full(4, 2.0), n_edges=4)
    assert visible.all() and alpha == 1.0
    visible, level, alpha = edge_style(abs_w, np.full(4, 2.0), n_edges=10_000)
    assert visible.tolist() == [False, True, True, True] and alpha < 0.5
    assert list(level) == sorted(level)


def test_big_network_hides_tiny_edges(make_editor):
    editor, session, _ = make_editor(hidden=(32,) * 10)
    snap, maps = live(session, r=4)
    editor.update_live(snap, maps)
    edges = editor.scene.edges
    assert edges.n_edges == 2 * 32 + 9 * 32 * 32 + 32
    assert 0 < edges.visible_count() < edges.n_edges


def test_delta_strength_is_logarithmic():
    s = delta_strength(np.array([1.0, 0.1, 0.001, 0.0, np.nan]))
    np.testing.assert_allclose(s, [1.0, 2 / 3, 0.0, 0.0, 0.0])


def test_hover_shows_the_card_with_the_snapshot_numbers(make_editor, qtbot):
    editor, session, _ = make_editor(hidden=(4, 3))
    snap, maps = live(session)
    editor.update_live(snap, maps)
    neuron = editor.scene.neuron(2, 1)
    with qtbot.waitSignal(editor.neuron_hovered) as hovered:
        move(editor, item_point(editor, neuron), buttons=NONE)
    assert hovered.args == [2, 1]
    assert editor.hover_card.isVisible()
    # One card, no second tooltip over it (issue 9): the view swallows the tooltip event over
    # a neuron (Qt would show the column band's tooltip behind it), but not over a column.
    point = item_point(editor, neuron)
    tip = QHelpEvent(QEvent.Type.ToolTip, point, editor.view.viewport().mapToGlobal(point))
    assert editor.view.viewportEvent(tip) and not QToolTip.isVisible()
    assert all(not item.toolTip() for item in editor.scene.items() if type(item).__name__ == "NeuronItem")
    text = editor.hover_card.text()
    # The numbers of one moment: the batch's means beside the weights before its update (issue 9).
    assert "batch of 10, before the update of step 30" in text
    for value in (snap.mean_deltas[1][1], snap.biases_before[1][1], snap.mean_y[1][1], snap.weights_before[1][0, 1],
                  snap.mean_a[1][1]):
        assert _n(value) in text
    assert _n(snap.weights[1][0, 1]) not in text and _n(snap.biases[1][1]) not in text
    with qtbot.waitSignal(editor.neuron_hovered) as left:
        move(editor, QPoint(3, 3), buttons=NONE)   # the empty corner
    assert left.args == [-1, -1] and not editor.hover_card.isVisible()


def test_clicking_a_neuron_pins_and_unpins_its_map(make_editor, qtbot):
    editor, _, _ = make_editor(hidden=(4, 3))
    neuron = editor.scene.neuron(3, 0)    # the output
    with qtbot.waitSignal(editor.neuron_pinned) as pinned:
        click(editor, item_point(editor, neuron))
    assert pinned.args == [3, 0] and neuron.pinned
    with qtbot.waitSignal(editor.neuron_pinned) as unpinned:
        click(editor, item_point(editor, neuron))
    assert unpinned.args == [-1, -1] and not neuron.pinned


def test_the_value_editor_shows_the_live_value(make_editor):
    editor, session, _ = make_editor(hidden=(3,))
    editor.open_weight_editor(0, 1, 2, editor.view.viewport().rect().center())
    weights, biases = session.parameters()
    weights[0][1, 2] = 0.625
    editor.update_live(make_snapshot(network_version=1, epoch=0, step=0, weights=weights, biases=biases), None)
    assert editor.value_editor.current.text() == "now: 0.625"


def test_large_maps_are_downsampled_into_small_tiles(make_editor):
    editor, session, _ = make_editor(hidden=(3,))
    snap, maps = live(session, r=100)
    maps[1][2] = np.linspace(-1, 1, 100)[None, :].repeat(100, axis=0)   # a left-to-right ramp
    editor.update_live(snap, maps)
    tile = editor.scene.atlas.tile(2 + 2)      # two inputs, then layer 1's third neuron
    assert tile.shape[0] <= 34 and tile.shape[:2] == (tile.shape[0], tile.shape[0])
    red = tile[0, :, 0].astype(int)            # orange (left) to blue (right)
    assert red[0] > red[-1] and np.all(np.diff(red) <= 0)
