"""Colour scales (legends) for the output map and the canvas thumbnails; regression's map is titled "Output"."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from playground.ui.plots import colormaps
from playground.ui.plots.boundary_plot import washed
from playground.ui.style import colors
from tests.ui.conftest import wait_snapshot


def _lut_matches_map(scale, rgb_of_t):
    """The scale's gradient shows what the map draws for t = 0, 0.5, 1 of its range."""
    n = len(scale.lut)
    for t in (0.0, 0.5, 1.0):
        np.testing.assert_allclose(scale.lut[int(round(t * (n - 1)))].astype(int), rgb_of_t(t).astype(int), atol=2)


def test_two_classes_get_a_class_scale_matching_the_map(qtbot, window):
    boundary = window.output.boundary
    assert "Decision boundary" in boundary.title.text()
    scale = boundary.scale
    assert scale.isVisible() and scale.lut is not None
    labels = [label for _, label in scale.ticks]
    names = window.session.prepared.class_names
    assert labels[0].endswith(f"class {names[0]}") and labels[-1].endswith(f"class {names[1]}")  # "0", "1"
    assert labels[0].startswith("0") and labels[-1].startswith("1")  # sigmoid: 0 ... 1
    _lut_matches_map(scale, lambda t: washed(colormaps.two_class_rgb(np.array([[t]]), 0.0, 1.0))[0, 0])


def test_regression_is_titled_output_with_a_value_scale(qtbot, window):
    window.hyper_panel.problem.setCurrentText("regression")
    boundary = window.output.boundary
    assert window.session.prepared.n_classes == 0
    assert "Output" in boundary.title.text() and "Decision boundary" not in boundary.title.text()
    scale = boundary.scale
    lo, hi = boundary._value_range
    assert scale.caption == "value" and scale.ticks[0][1] == f"{lo:.3g}" and scale.ticks[-1][1] == f"{hi:.3g}"
    _lut_matches_map(scale, lambda t: washed(colormaps.regression_rgb(np.array([[lo + t * (hi - lo)]]), lo, hi))[0, 0])
    # A hovered neuron's map shows its own range; leaving it brings the output's scale and title back.
    window.session.step_epoch()
    wait_snapshot(qtbot, window.session, lambda s: s.epoch == 1)
    qtbot.waitUntil(lambda: window.live.neuron_maps is not None)
    window.editor.neuron_hovered.emit(1, 0)
    assert scale.caption == "neuron output" and [t for _, t in scale.ticks] == ["-1", "0", "1"]  # tanh
    window.editor.neuron_hovered.emit(-1, -1)
    assert scale.caption == "value" and "Output" in boundary.title.text()


def test_k_classes_get_a_class_key(qtbot, window):
    data = replace(window.session.experiment.data, generator="blobs", classes=None)
    window.actions.set_data(data)
    boundary = window.output.boundary
    names = window.session.prepared.class_names
    assert len(names) == 3 and "Decision boundary" in boundary.title.text()
    key = boundary.scale.classes
    assert [name for name, _ in key] == list(names)
    for k, (_, rgb) in enumerate(key):
        assert rgb == tuple(int(c) for c in washed(colors.CLASS_COLORS[k]))


def test_the_canvas_has_one_scale_for_its_thumbnails(qtbot, window):
    scale = window.editor.color_scale
    assert scale.isVisible()
    assert [label for _, label in scale.ticks] == ["−1", "0", "+1"]
    # The thumbnails colour -1, 0 and +1 exactly as the scale's ends and middle.
    rgba = colors.map_values(np.array([-1.0, 0.0, 1.0]))[:, :3]
    for (position, _), expected in zip(scale.ticks, rgba):
        index = int(round(position * (len(scale.lut) - 1)))
        np.testing.assert_allclose(scale.lut[index].astype(int), expected.astype(int), atol=2)
    assert scale.sizeHint().width() > 200  # room for the bar, not only the caption


def test_a_class_key_wraps_onto_more_rows_in_a_narrow_column(qtbot):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from playground.ui.plots.color_scale import ColorScale

    column = QWidget()
    qtbot.addWidget(column)
    layout = QVBoxLayout(column)
    scale = ColorScale()
    layout.addWidget(scale)
    layout.addStretch(1)
    scale.set_classes("class", [("setosa", (250, 170, 90)), ("versicolor", (80, 150, 210)),
                                ("virginica", (110, 190, 110))])
    column.resize(600, 200)
    column.show()
    qtbot.waitUntil(lambda: scale.width() > 500)
    one_row = scale.height()
    assert {row for _, row in scale._class_places(scale.width())} == {0}
    column.resize(220, 200)  # a 900 x 600 window's output column: "virginica" no longer fits
    qtbot.waitUntil(lambda: scale.height() > one_row)
    places = scale._class_places(scale.width())
    rows = [row for _, row in places]
    assert rows[0] == 0 and rows == sorted(rows) and rows[-1] >= 1
    metrics = scale.fontMetrics()
    for (name, _), (x, _) in zip(scale.classes, places):  # every name whole inside the widget
        assert x + 12 + metrics.horizontalAdvance(name) <= scale.width()
    column.resize(600, 200)  # room again: one row
    qtbot.waitUntil(lambda: scale.height() == one_row)
