"""The canvas's layout model: positions from the spec, and positions back to layers."""

from __future__ import annotations

import numpy as np

from playground.experiment.network import LayerSpec, NetworkSpec
from playground.ui.canvas.layout import COLUMN, PITCH, compute_layout

CHOICES = ("x1", "x2", "x1^2", "x2^2")


def spec(*units):
    return NetworkSpec(hidden=tuple(LayerSpec(u) for u in units))


def test_columns_follow_the_spec_and_the_data():
    layout = compute_layout(spec(4, 3), ("x1", "x2"), CHOICES, 3, ("a", "b", "c"))
    assert [c.kind for c in layout.columns] == ["input", "hidden", "hidden", "output"]
    assert [c.units for c in layout.columns] == [4, 4, 3, 3]
    assert layout.columns[0].active == (True, True, False, False)
    assert layout.columns[0].rows == (0, 1, None, None)
    assert layout.columns[-1].labels == ("a", "b", "c")
    # Columns are centred vertically and evenly spaced.
    assert np.isclose(sum(layout.columns[1].ys), 0)
    assert np.allclose(np.diff(layout.columns[2].ys), PITCH)
    assert [c.x for c in layout.columns] == [0, COLUMN, 2 * COLUMN, 3 * COLUMN]


def test_selected_features_follow_x_column_order_not_display_order():
    layout = compute_layout(spec(2), ("x2", "x1"), CHOICES, 1)
    assert layout.columns[0].rows == (1, 0, None, None)
    segments = layout.edge_segments()
    # Row 0 of weights[0] is x2, drawn second in the input column.
    assert segments[0][0, 0, 1] == layout.columns[0].ys[1]


def test_a_selected_feature_missing_from_the_choices_is_still_shown():
    layout = compute_layout(spec(), ("price",), ("x1",), 1)
    assert layout.columns[0].labels == ("x1", "price")
    assert [s.shape for s in layout.edge_segments()] == [(1, 1, 4)]


def test_positions_map_back_to_gaps_layers_and_move_targets():
    layout = compute_layout(spec(4, 3, 2), ("x1", "x2"), CHOICES, 1)
    assert layout.gap_at(0.5 * COLUMN) == 0 and layout.gap_at(1.6 * COLUMN) == 1
    assert layout.gap_at(-500) == 0 and layout.gap_at(10 * COLUMN) == 3
    assert layout.hidden_at(2 * COLUMN + 10) == 1
    assert layout.hidden_at(0.0) is None            # the input column
    assert layout.hidden_at(4 * COLUMN) is None     # the output column
    assert layout.hidden_at(1.5 * COLUMN) is None   # between two columns
    assert layout.move_target(3.2 * COLUMN) == 2 and layout.move_target(-COLUMN) == 0


def test_edge_segments_have_one_entry_per_weight():
    layout = compute_layout(spec(5, 32), ("x1", "x2", "x1^2"), CHOICES, 2)
    shapes = [s.shape for s in layout.edge_segments()]
    assert shapes == [(3, 5, 4), (5, 32, 4), (32, 2, 4)]
