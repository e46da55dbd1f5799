"""Plot slices: for data with more than two inputs the boundary plot says which two span it and
where the others are held, and the user chooses both (issue 12)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt

from playground.assets import resource_path
from playground.data import default_slice, prepare
from playground.data.slices import format_value
from playground.engine import Network
from playground.experiment import DataConfig
from playground.ui.live.grid import BoundaryGrid
from playground.ui.live.live_view import SLICE_KEY
from tests.ui.conftest import wait_snapshot

IRIS = resource_path("examples", "iris.json")
IRIS_COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def _axis_labels(window) -> tuple[str, str]:
    item = window.output.boundary.plot.getPlotItem()
    return item.getAxis("bottom").labelText, item.getAxis("left").labelText


def _open_iris(qtbot, window):
    assert window.files.open(IRIS)
    session = window.session
    start = session.latest_snapshot.epoch
    session.step_epoch()
    snap = wait_snapshot(qtbot, session, lambda s: s.epoch == start + 1)
    qtbot.waitUntil(lambda: window.live._drawn is snap)
    return snap


def test_the_grid_spans_the_chosen_columns_and_holds_the_others():
    # Three raw inputs, raw features (no normalization): a linear network is easy to evaluate by hand.
    points = tuple((float(k), float(2 * k % 5), float(k * k % 7)) for k in range(12))
    data = prepare(DataConfig(source="inline", points=points, labels=tuple(k % 2 for k in range(12)),
                              normalize=False, train_fraction=0.5, seed=0))
    plane = default_slice(data).with_x(2).with_y(0).with_held(1, 2.5)
    grid = BoundaryGrid(data, 20, plane)
    assert grid.bounds == plane.bounds
    weights, biases = [np.array([[1.0], [10.0], [100.0]])], [np.array([0.5])]
    output, maps = grid.evaluate(weights, biases, ["identity"])
    # maps[..., i, j] is at x = xs[j] (column 2), y = ys[i] (column 0); column 1 held at 2.5.
    expected = 100.0 * grid.xs[None, :] + 1.0 * grid.ys[:, None] + 10.0 * 2.5 + 0.5
    np.testing.assert_allclose(output[..., 0], expected, rtol=1e-5)
    np.testing.assert_allclose(maps[0][2], np.broadcast_to(grid.xs, (20, 20)), rtol=1e-6)
    np.testing.assert_allclose(maps[0][1], 2.5)


def test_the_slice_line_shows_only_for_more_than_two_inputs(qtbot, window):
    line = window.output.boundary.slices
    assert line.isHidden() and window.output.boundary.slice_caption() == ""
    _open_iris(qtbot, window)
    assert not line.isHidden()
    prepared = window.session.prepared
    means = prepared.raw_train.mean(axis=0)
    caption = f"sepal_length × sepal_width, petal_length = {format_value(means[2])}, " \
              f"petal_width = {format_value(means[3])}"
    assert window.output.boundary.slice_caption() == caption
    assert caption in line.label.toolTip()
    assert _axis_labels(window) == ("sepal_length", "sepal_width")
    window.new_action.trigger()  # the spiral again: two inputs, nothing to choose
    assert line.isHidden() and _axis_labels(window) == ("x1", "x2")


def test_choosing_a_slice_redraws_boundary_points_and_maps_at_once(qtbot, window):
    snap = _open_iris(qtbot, window)
    live, boundary, line = window.live, window.output.boundary, window.output.boundary.slices
    undo_steps, frames, experiment = window.undo_stack.count(), live.frames, window.session.experiment
    before = boundary.rgb.copy()
    line.x_box.activated.emit(2)  # petal_length along x
    line.y_box.activated.emit(3)
    line.held_rows[0].spin.setValue(7.0)  # sepal_length held at 7
    plane = live.grid.plane
    assert (plane.x, plane.y, plane.held[0]) == (2, 3, 7.0)
    assert live.frames >= frames + 3, "each change draws a frame at once, training paused"
    # The boundary is the engine's prediction on the new plane, drawn now (not at the next snapshot).
    prepared = window.session.prepared
    net = Network.from_parameters(list(snap.weights), list(snap.biases), window.session.network_spec.activations())
    r = live.grid.resolution
    expected = net.predict(prepared.features_for(live.grid.raw_points)).reshape(r, r, -1)
    np.testing.assert_allclose(boundary.values, expected, atol=1e-5)
    assert not np.array_equal(boundary.rgb, before)
    np.testing.assert_allclose(live.grid.raw_points[:, 0], 7.0)
    np.testing.assert_allclose(live.grid.raw_points[:, 1], prepared.raw_train[:, 1].mean())
    # The points are the chosen columns; the axes and the caption name them.
    x, y = boundary.train_points.getData()
    np.testing.assert_array_equal(np.column_stack([x, y]), prepared.raw_train[:, [2, 3]])
    assert _axis_labels(window) == ("petal_length", "petal_width")
    assert boundary.slice_caption().startswith("petal_length × petal_width, sepal_length = 7, sepal_width = ")
    # The neuron maps follow: input petal_length now varies across the plane, sepal_length is constant.
    assert np.ptp(live.neuron_maps[0][2]) > 1.0 and np.ptp(live.neuron_maps[0][0]) == 0.0
    # A view setting: nothing to undo, the experiment untouched.
    assert window.undo_stack.count() == undo_steps and window.session.experiment is experiment


def test_choosing_the_other_axis_input_swaps_the_axes(qtbot, window):
    _open_iris(qtbot, window)
    line = window.output.boundary.slices
    line.y_box.activated.emit(0)  # sepal_length is already along x
    assert (window.live.grid.plane.x, window.live.grid.plane.y) == (1, 0)
    assert (line.x_box.currentIndex(), line.y_box.currentIndex()) == (1, 0)
    assert _axis_labels(window) == ("sepal_width", "sepal_length")


def test_training_means_button_restores_the_default_held_values(qtbot, window):
    _open_iris(qtbot, window)
    line = window.output.boundary.slices
    default = window.live.grid.plane
    line.held_rows[2].slider.setValue(0)
    assert window.live.grid.plane.held[2] == default.ranges[2][0]
    line.means_button.click()
    assert window.live.grid.plane == default


def test_the_slice_is_restored_with_the_view_and_reset_when_the_columns_change(qtbot, make_window):
    first = make_window(settings_name="shared.ini")
    _open_iris(qtbot, first)
    line = first.output.boundary.slices
    line.x_box.activated.emit(3)
    line.held_rows[2].spin.setValue(2.0)
    chosen = first.live.grid.plane
    first.close()

    second = make_window(settings_name="shared.ini")  # opens on the spiral: kept for iris
    assert second.output.boundary.slices.isHidden()
    _open_iris(qtbot, second)
    assert second.live.grid.plane == chosen
    second.new_action.trigger()  # other columns: the default slice
    assert default_slice(second.session.prepared) == second.live.grid.plane
    _open_iris(qtbot, second)  # iris again: its columns changed in between, so the default
    assert second.live.grid.plane == default_slice(second.session.prepared)


@pytest.mark.parametrize("stored", [
    "not json",
    json.dumps(["a list"]),
    json.dumps({"columns": ["a", "b", "c"], "x": "a", "y": "b", "held": {"c": 1.0}}),
    json.dumps({"columns": IRIS_COLUMNS, "x": "petal_width", "y": "petal_width", "held": {"sepal_length": "x"}}),
])
def test_a_bad_or_foreign_stored_slice_falls_back_to_the_default(qtbot, make_window, tmp_path, stored):
    first = make_window(settings_name="bad.ini")
    first.close()
    settings = QSettings(str(tmp_path / "bad.ini"), QSettings.Format.IniFormat)
    settings.setValue(SLICE_KEY, stored)
    settings.sync()
    second = make_window(settings_name="bad.ini")
    _open_iris(qtbot, second)
    assert second.live.grid.plane == default_slice(second.session.prepared)
    assert not second.banner.text


def test_a_stored_held_value_outside_the_data_is_clipped(qtbot, make_window, tmp_path):
    first = make_window(settings_name="clip.ini")
    first.close()
    settings = QSettings(str(tmp_path / "clip.ini"), QSettings.Format.IniFormat)
    settings.setValue(SLICE_KEY, json.dumps({"columns": IRIS_COLUMNS, "x": "petal_length", "y": "sepal_width",
                                             "held": {"sepal_length": 1e9, "petal_width": -5}}))
    settings.sync()
    second = make_window(settings_name="clip.ini")
    _open_iris(qtbot, second)
    plane = second.live.grid.plane
    assert (plane.x, plane.y) == (2, 1)
    assert plane.held[0] == plane.ranges[0][1] and plane.held[3] == plane.ranges[3][0]


def test_the_slice_button_opens_the_chooser(qtbot, window):
    _open_iris(qtbot, window)
    line = window.output.boundary.slices
    qtbot.mouseClick(line.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(line.popup.isVisible)
    assert line.x_box.isVisible() and line.means_button.isVisible()
    assert [row.label.text() for row in line.held_rows.values()] == ["petal_length", "petal_width"]
    assert all(row.spin.toolTip() and row.slider.toolTip() for row in line.held_rows.values())
    line.popup.hide()
