"""Contour segments and the landscape's pick helpers (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from playground.explain import Parameter
from playground.ui.explain_views.adapter import evenly_spaced
from playground.ui.explain_views.contours import contour_levels, contour_segments
from playground.ui.explain_views.picks import (
    TrainingPath, all_parameters, fits, largest_change, preselected_pair, value_of,
)


def test_contours_of_a_plane_lie_on_their_level():
    x, y = np.linspace(-2, 2, 21), np.linspace(-1, 3, 17)
    Z = 0.7 * x[None, :] - 1.3 * y[:, None]
    levels = [-2.0, 0.1, 1.5]
    seg = contour_segments(x, y, Z, levels)
    assert len(seg) and len(seg) % 2 == 0
    values = 0.7 * seg[:, 0] - 1.3 * seg[:, 1]
    # Each endpoint is on one of the levels (linear interpolation is exact on a plane).
    assert np.min(np.abs(values[:, None] - np.array(levels)[None, :]), axis=1).max() < 1e-12
    # And both ends of a segment on the same level.
    assert np.allclose(values[0::2], values[1::2])


def test_a_bowl_has_closed_rings_one_per_level():
    x = y = np.linspace(-1, 1, 41)
    Z = x[None, :] ** 2 + y[:, None] ** 2
    seg = contour_segments(x, y, Z, [0.2345])  # no grid point exactly on the level
    r = np.hypot(seg[:, 0], seg[:, 1])
    assert np.allclose(r, np.sqrt(0.2345), atol=0.01)
    # A closed ring: every endpoint is shared by exactly two segments.
    _, counts = np.unique(np.round(seg, 12), axis=0, return_counts=True)
    assert set(counts) == {2}


def test_a_saddle_cell_gives_two_segments_and_nan_cells_none():
    x = y = np.array([0.0, 1.0])
    assert len(contour_segments(x, y, np.array([[1.0, 0.0], [0.0, 1.0]]), [0.5])) == 4
    assert len(contour_segments(x, y, np.array([[1.0, np.nan], [0.0, 1.0]]), [0.5])) == 0
    with pytest.raises(ValueError):
        contour_segments(x, y, np.zeros((3, 2)), [0.5])


def test_levels_are_inside_the_range_and_a_flat_surface_has_none():
    J = np.arange(100.0).reshape(10, 10)
    levels = contour_levels(J)
    assert len(levels) == 10 and levels.min() > 0 and levels.max() < 99
    assert len(contour_levels(np.ones((5, 5)))) == 0
    assert len(contour_levels(np.full((5, 5), np.nan))) == 0


def test_parameter_lists_and_the_one_neuron_preselection():
    params = all_parameters([2, 3, 1])
    assert len(params) == 2 * 3 + 3 + 3 * 1 + 1
    assert params[0] == Parameter(0, 0, 0) and params[6] == Parameter(0, 0, -1)
    assert all(fits(p, [2, 3, 1]) for p in params)
    assert not fits(Parameter(0, 2, 0), [2, 3, 1]) and not fits(Parameter(2, 0, 0), [2, 3, 1])
    assert preselected_pair([2, 1]) == (Parameter(0, 0, 0), Parameter(0, 1, 0))
    assert preselected_pair([1, 1]) == (Parameter(0, 0, 0), Parameter(0, 0, -1))
    assert preselected_pair([2, 3, 1]) is None and preselected_pair([2, 3]) is None
    weights, biases = [np.array([[1.0], [2.0]])], [np.array([3.0])]
    assert value_of(Parameter(0, 1, 0), weights, biases) == 2.0 and value_of(Parameter(0, 0, -1), weights, biases) == 3.0


def test_training_path_keeps_the_last_points_and_replaces_a_repeated_step():
    path = TrainingPath(length=3)
    for step in range(5):
        path.record(step, step, -step)
    assert list(path.arrays()[0]) == [2, 3, 4]
    assert not path.record(4, 10.0, 0.0)
    assert list(path.arrays()[0]) == [2, 3, 10]
    path.clear()
    assert len(path) == 0


def test_largest_change_and_subsets():
    a = [np.zeros((2, 2)), np.zeros(2)]
    assert largest_change(a, [np.zeros((2, 2)), np.array([0.0, -0.3])]) == pytest.approx(0.3)
    assert largest_change(a, [np.zeros((2, 3)), np.zeros(2)]) == float("inf")
    rows = evenly_spaced(250, 64)
    assert len(rows) == 64 and rows[0] == 0 and rows[-1] == 249
    assert list(evenly_spaced(5, 64)) == [0, 1, 2, 3, 4]
