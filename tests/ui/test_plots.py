"""Plot pieces on their own: decimated history, colour maps, loss plot, deltas plots."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor

from playground.ui.plots import colormaps
from playground.ui.style import colors as style
from playground.ui.plots.history import DecimatedHistory


def test_history_of_a_million_epochs_keeps_constant_memory_and_the_ends():
    h = DecimatedHistory(n_series=2, capacity=1024)
    chunk = 997  # odd chunks cross the compaction points at every offset
    for start in range(0, 1_000_000, chunk):
        x = np.arange(start, min(start + chunk, 1_000_000), dtype=float)
        h.append(x, np.vstack([1.0 / (1 + x), -x]))
    x, y = h.arrays()
    assert len(h) <= 1024 and x.size <= 1025
    assert h._x.nbytes == 1024 * 8  # the buffers never grew
    assert x[0] == 0 and x[-1] == 999_999
    # Evenly spaced at the current stride, and the values belong to their x.
    assert np.all(np.diff(x[:-1]) == h.stride)
    np.testing.assert_array_equal(y[1], -x)
    np.testing.assert_allclose(y[0], 1.0 / (1 + x))


def test_history_refuses_mismatched_lengths():
    h = DecimatedHistory(n_series=2)
    with pytest.raises(ValueError):
        h.append([1, 2, 3], np.zeros((2, 2)))


def test_two_class_map_runs_orange_grey_blue():
    orange, grey, blue = (style.hex_to_rgb(c) for c in (style.NEGATIVE, style.NEUTRAL, style.POSITIVE))
    rgb = colormaps.two_class_rgb(np.array([[0.0, 0.5, 1.0]]))
    np.testing.assert_array_equal(rgb[0, 0], orange)
    np.testing.assert_array_equal(rgb[0, 2], blue)
    assert abs(int(rgb[0, 1].astype(int).sum()) - int(grey.astype(int).sum())) <= 6
    # tanh outputs use -1..1; discretize snaps to the two ends.
    np.testing.assert_array_equal(colormaps.two_class_rgb(np.array([[-0.2, 0.3]]), -1, 1, discretize=True),
                                  [[orange, blue]])


def test_multiclass_map_gives_each_class_its_hue_and_confidence_as_lightness():
    sure = np.array([[[0.98, 0.01, 0.01], [0.01, 0.01, 0.98]]])
    unsure = np.array([[[0.4, 0.3, 0.3]]])
    rgb = colormaps.multiclass_rgb(sure)
    assert np.abs(rgb[0, 0].astype(int) - style.CLASS_COLORS[0]).max() < 20
    assert np.abs(rgb[0, 1].astype(int) - style.CLASS_COLORS[2]).max() < 20
    pale = colormaps.multiclass_rgb(unsure)[0, 0].astype(int)
    assert pale.sum() > rgb[0, 0].astype(int).sum() + 200  # lighter when unsure


def test_the_shipped_colour_maps_give_pyqtgraphs_colours():
    """resources/colormaps holds viridis and plasma as pyqtgraph draws them: the regression
    lookup table is pyqtgraph's, and sampling between stops gives pyqtgraph's colours."""
    np.testing.assert_array_equal(colormaps.sequential_lut(),
                                  pg.colormap.get("viridis").getLookupTable(nPts=256, alpha=False))
    positions = np.linspace(0.0, 1.0, 97)
    for name in ("viridis", "plasma"):
        theirs = [pg.colormap.get(name).map(float(t), mode="qcolor").getRgb()[:3] for t in positions]
        ours = [QColor.fromRgbF(*rgb).getRgb()[:3] for rgb in colormaps.colormap_at(name, positions).tolist()]
        assert ours == theirs, name


def test_colour_map_tables_are_read_once_and_shared_read_only():
    table = colormaps.colormap_table("plasma")
    assert table.shape == (256, 3) and table.dtype == np.uint8
    assert colormaps.colormap_table("plasma") is table
    with pytest.raises(ValueError):
        table[0, 0] = 1  # a caller cannot change everyone's colours


def test_a_missing_or_damaged_colour_table_falls_back_to_pyqtgraphs_map(tmp_path, monkeypatch):
    expected = colormaps.colormap_table("viridis").copy()
    damaged = tmp_path / "colormaps" / "viridis.csv"
    damaged.parent.mkdir()

    def missing(*parts):
        raise FileNotFoundError("/".join(parts))

    # Gone, a row cut short, too few rows, a value that is not a byte.
    for text in (None, "68,1,84\n68,2\n", "68,1,84\n" * 200, "300,1,84\n" * 256):
        if text is None:
            monkeypatch.setattr(colormaps, "resource_path", missing)
        else:
            damaged.write_text(text, encoding="ascii")
            monkeypatch.setattr(colormaps, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
        colormaps.colormap_table.cache_clear()
        try:
            np.testing.assert_array_equal(colormaps.colormap_table("viridis"), expected)
        finally:
            colormaps.colormap_table.cache_clear()


def test_the_layer_colours_and_the_regression_map_do_not_build_pyqtgraph_colour_maps(qapp, monkeypatch):
    """Both are on the first frame's path (the mean |δ| plot, the thumbnails): a pyqtgraph
    ColorMap from its file costs ~4 ms each there (issue 13: start-up)."""
    from playground.ui.plots.deltas_plot import layer_colors

    def no_file_maps(*args, **kwargs):
        raise AssertionError("pyqtgraph.colormap.get called")

    monkeypatch.setattr(pg.colormap, "get", no_file_maps)
    colors = layer_colors(3)
    assert len({c.name() for c in colors}) == 3
    assert colormaps.regression_rgb(np.array([[0.0, 1.0]]), 0.0, 1.0).shape == (1, 2, 3)


def test_signed_map_marks_missing_neurons():
    rgb = colormaps.signed_rgb(np.array([-1.0, np.nan, 1.0]), 1.0, background=(1, 2, 3))
    ends = [style.hex_to_rgb(style.NEGATIVE), style.hex_to_rgb(style.POSITIVE)]
    np.testing.assert_array_equal(rgb, [ends[0], (1, 2, 3), ends[1]])


def test_loss_plot_draws_decimated_curves_with_hover_readout_and_log_toggle(qtbot):
    from playground.ui.plots.loss_plot import LossPlot

    plot = LossPlot(capacity=256)
    qtbot.addWidget(plot)
    epochs = np.arange(0, 10_000, dtype=float)
    plot.add_points(epochs, 1.0 / (1 + epochs), np.full(epochs.size, np.nan))
    plot.refresh()
    x, y = plot.train_curve.getData()
    assert x.size <= 257 and x[-1] == 9999
    nearest = x[np.argmin(np.abs(x - 5000.4))]
    assert plot.readout_at(5000.4) == f"epoch {int(nearest)}: train {1 / (1 + nearest):.4g}"
    assert "test" not in plot.readout_at(10)  # no test set: no test value
    (x0, x1), _ = plot.view.viewRange()
    assert x1 >= 9999
    plot.log_check.setChecked(False)
    assert not plot.plot.getPlotItem().ctrl.logYCheck.isChecked()
    # The view does not autorange on its own: a new point inside the range keeps it.
    before = plot.view.viewRange()
    plot.add_points([10_000.0], [1e-4], [np.nan])
    plot.refresh()
    assert plot.view.viewRange()[0] == before[0]


def test_deltas_plot_keeps_one_curve_per_layer_and_heatmap_holes(qtbot):
    from playground.ui.plots.deltas_plot import DeltaHeatmap, DeltasPlot

    plot, heat = DeltasPlot(), DeltaHeatmap()
    qtbot.addWidget(plot)
    qtbot.addWidget(heat)
    plot.set_layers(3)
    for epoch in range(1, 50):
        plot.add_point(epoch, np.array([1e-4, 1e-3, 1e-1]))
    plot.add_point(49, np.array([1.0, 1.0, 1.0]))  # same epoch again: ignored
    plot.refresh()
    assert len(plot.curves) == 3
    x, y = plot.curves[0].getData()
    assert x.size == 49
    heat.set_deltas([np.array([0.1, -0.2, 0.3]), np.array([0.5])])
    assert heat.values.shape == (3, 2)
    assert np.isnan(heat.values[1, 1]) and heat.values[0, 1] == 0.5


def test_log_axis_labels_only_decades_past_one_decade_and_thins_within_one(qtbot):
    import pyqtgraph as pg

    from playground.ui.plots.theme import DecadeAxis

    widget = pg.PlotWidget(axisItems={"left": DecadeAxis("left")})
    qtbot.addWidget(widget)
    widget.resize(300, 120)
    widget.show()
    qtbot.waitExposed(widget)
    widget.getPlotItem().setLogMode(y=True)
    axis = widget.getPlotItem().getAxis("left")
    values = list(np.log10([0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7]))
    axis.range = (-2.2, -0.1)  # two decades on ~90 px: only the decades fit
    labels = axis.logTickStrings(values, 1.0, 1.0)
    assert [bool(t) for t in labels] == [True, False, False, False, True, False, False, False, False]
    axis.range = (-1.0, -0.1)  # within one decade: thinned to what the height allows, never empty
    many = list(np.log10(np.arange(1, 10) / 10))
    labels = axis.logTickStrings(many, 1.0, 1.0)
    assert 1 <= sum(1 for t in labels if t) < len(many)
    widget.resize(300, 600)
    qtbot.waitUntil(lambda: axis.size().height() > 400)
    axis.range = (-2.2, -0.1)  # (the resize re-linked the range to the view)
    labels = axis.logTickStrings(values, 1.0, 1.0)  # room for 1-2-5
    assert [bool(t) for t in labels] == [True, True, False, True, True, True, False, True, False]


def test_deltas_plot_fits_a_new_run_after_a_reset(qtbot):
    # Issue 9: after Reset, a data change or a rebuild the plot kept the old run's axes
    # (epochs 2000-8000, 1e-50..1e150), because the forced fit was spent on an empty refresh.
    from playground.ui.plots.deltas_plot import DeltasPlot

    plot = DeltasPlot()
    qtbot.addWidget(plot)
    plot.set_layers(2)
    for epoch in range(2000, 8001, 50):
        plot.add_point(epoch, np.array([1e-50, 1e150]))
    plot.refresh()
    plot.set_layers(2)              # what a reset does
    plot.refresh()                  # a frame before the first new point
    (x0, x1), (y0, y1) = plot.view.viewRange()
    assert (x0, x1) == (0, 10) and (y0, y1) == (-3, 0)   # no longer the old run's frame
    for epoch in range(1, 6):
        plot.add_point(epoch, np.array([1e-3, 1e-2]))
        plot.refresh()
    (x0, x1), (y0, y1) = plot.view.viewRange()
    assert x0 == 0 and x1 <= 20
    assert -4 <= y0 <= -3 and -2 <= y1 <= 0   # log10 units around 1e-3 .. 1e-2


def test_loss_plot_forgets_the_old_axes_on_clear(qtbot):
    from playground.ui.plots.loss_plot import LossPlot

    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.add_points(np.arange(1, 5001, dtype=float), np.full(5000, 1e-6), np.full(5000, 1e-5))
    plot.refresh()
    plot.clear()
    assert plot.view.viewRange()[0] == [0, 10]


def _line_breaks(text: str) -> list[int]:
    """Where Unicode's line-breaking rules (Qt's, as a wrapping QLabel uses them) allow a break inside ``text``."""
    from PySide6.QtCore import QTextBoundaryFinder

    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    breaks = []
    for i in range(1, len(text)):
        finder.setPosition(i)
        if finder.isAtBoundary():
            breaks.append(i)
    return breaks


@pytest.mark.parametrize("piece", ["mean |δ|:", "━ train", "━ out"])
def test_a_plot_header_piece_wraps_as_a_whole(piece):
    """A narrow window wraps "Deltas mean |δ|: ━ h1 ━ out" between its pieces, never inside one."""
    from playground.ui.plots.theme import header_unit

    assert _line_breaks(piece) != []  # as plain text it could break inside
    assert _line_breaks(header_unit(piece)) == []
    assert _line_breaks(header_unit(piece) + " " + header_unit(piece)) != []  # between pieces it still can
