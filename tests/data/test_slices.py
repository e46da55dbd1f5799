"""The plane through more than two inputs that the boundary plot shows (playground.data.slices)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from playground.assets import resource_path
from playground.data import DataError, prepare
from playground.data.slices import default_slice, format_value, padded_span
from playground.experiment import DataConfig, load_experiment


@pytest.fixture(scope="module")
def iris():
    path = resource_path("examples", "iris.json")
    return prepare(load_experiment(path).data, base_dir=path.parent)


def _inline(points, labels=None):
    points = tuple(tuple(float(v) for v in row) for row in points)
    labels = tuple(labels if labels is not None else [k % 2 for k in range(len(points))])
    return prepare(DataConfig(source="inline", points=points, labels=labels, normalize=False,
                              train_fraction=0.5, seed=0))


def test_default_spans_the_first_two_inputs_and_holds_the_others_at_their_training_mean(iris):
    plane = default_slice(iris)
    assert plane.names == ("sepal_length", "sepal_width", "petal_length", "petal_width")
    assert (plane.x, plane.y) == (0, 1) and plane.held_columns == (2, 3)
    np.testing.assert_allclose(plane.held, iris.raw_train.mean(axis=0))
    everything = np.concatenate([iris.raw_train, iris.raw_test])
    np.testing.assert_allclose(plane.ranges, np.column_stack([everything.min(0), everything.max(0)]))
    assert plane.bounds == iris.input_bounds


def test_bounds_follow_the_chosen_columns(iris):
    plane = default_slice(iris).with_x(2).with_y(3)
    everything = np.concatenate([iris.raw_train, iris.raw_test])
    assert plane.bounds == (padded_span(everything[:, 2]), padded_span(everything[:, 3]))
    lo, hi = plane.bounds[0]
    assert lo < everything[:, 2].min() and hi > everything[:, 2].max()


def test_choosing_the_other_axis_input_swaps_the_axes(iris):
    plane = default_slice(iris)
    swapped = plane.with_x(1)
    assert (swapped.x, swapped.y) == (1, 0)
    swapped = plane.with_y(0)
    assert (swapped.x, swapped.y) == (1, 0)
    moved = plane.with_y(3)
    assert (moved.x, moved.y) == (0, 3) and moved.held_columns == (1, 2)


def test_held_values_stay_within_the_data_and_bad_ones_are_refused(iris):
    plane = default_slice(iris)
    low, high = plane.ranges[2]
    assert plane.with_held(2, 1e9).held[2] == high
    assert plane.with_held(2, -1e9).held[2] == low
    assert plane.with_held(2, 4.0).held[2] == 4.0
    for column, value in ((2, float("nan")), (2, float("inf")), (2, "abc"), (7, 1.0), (-1, 1.0), (True, 1.0)):
        with pytest.raises(DataError):
            plane.with_held(column, value)
    with pytest.raises(DataError):
        plane.with_x(4)
    assert plane.with_held(2, 4.0).at_means() == plane


def test_points_put_the_grid_in_the_chosen_columns_and_hold_the_rest():
    data = _inline([[0, 0, 0], [1, 2, 3], [2, 4, 6], [3, 6, 9]])
    plane = default_slice(data).with_x(2).with_y(0).with_held(1, 2.5)
    raw = plane.points(np.array([7.0, 8.0]), np.array([0.5, 1.5]))
    np.testing.assert_array_equal(raw, [[0.5, 2.5, 7.0], [1.5, 2.5, 8.0]])
    np.testing.assert_array_equal(plane.project(np.array([[1, 2, 3]])), [[3, 1]])


def test_caption_names_the_axes_and_the_held_values(iris):
    plane = default_slice(iris).with_x(2).with_y(3).with_held(0, 5.8433).with_held(1, 3.0)
    assert plane.caption() == "petal_length × petal_width, sepal_length = 5.84, sepal_width = 3"
    assert plane.caption(axes=False) == "sepal_length = 5.84, sepal_width = 3"
    assert format_value(1234.5) == "1230" and format_value(0.012345) == "0.0123"


def test_a_record_restores_on_the_same_columns_only(iris):
    plane = default_slice(iris).with_x(3).with_y(2).with_held(0, 7.0)
    record = json.loads(json.dumps(plane.to_record()))  # what the settings keep
    assert default_slice(iris).restored(record) == plane
    other = _inline([[0, 0, 0], [1, 2, 3], [2, 4, 6], [3, 6, 9]])
    assert default_slice(other).restored(record) == default_slice(other)


@pytest.mark.parametrize("record", [
    None, [], "text", {"columns": "sepal_length"},
    {"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "x": "petal_width", "y": "petal_width"},
    {"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "x": 3, "y": None},
    {"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "held": {"petal_length": "abc"}},
    {"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "held": [1, 2]},
])
def test_a_malformed_record_leaves_the_default(iris, record):
    assert default_slice(iris).restored(record) == default_slice(iris)


def test_a_stored_held_value_outside_new_data_is_clipped(iris):
    record = default_slice(iris).to_record()
    record["held"]["petal_length"] = 99.0
    assert default_slice(iris).restored(record).held[2] == default_slice(iris).ranges[2][1]


def test_two_and_one_input_data():
    two = prepare(DataConfig(source="generator", generator="spiral", samples=100, seed=0))
    plane = default_slice(two)
    assert (plane.x, plane.y, plane.held_columns) == (0, 1, ())
    assert plane.bounds == two.input_bounds
    one = _inline([[0.0], [1.0], [2.0], [3.0]], labels=[0.1, 0.2, 0.3, 0.4])
    plane = default_slice(one)
    assert plane.y is None and plane.bounds == one.input_bounds
    np.testing.assert_array_equal(plane.points(np.array([5.0]), np.array([9.0])), [[5.0]])
    with pytest.raises(DataError):
        plane.with_y(0)
