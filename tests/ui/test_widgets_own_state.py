"""Widgets own their state: other modules call a widget's methods, never its children's.

The live view draws through the OutputPanel's methods, the recovery puts its
offer up through ``MainWindow.add_banner``, and the window settings ask each
part to save and restore its own view. Draw mode and the step-through's point
picking use the boundary plot's editing methods; Export, the experiment files
and the lessons' adapter ask the output panel and the window. An AST check keeps it so; the
behavioural tests drive LiveView against a stand-in that has only the
OutputPanel's methods.
"""

from __future__ import annotations

import ast
from pathlib import Path
from unittest import mock

import numpy as np
import pytest

from playground.ui.panels.output_panel import OutputPanel

ROOT = Path(__file__).resolve().parents[2] / "playground" / "ui"

#: Module -> the names that hold another widget (or a part of the window) there.
HANDLES = {
    "live/live_view.py": [("self", "output"), ("self", "editor"), ("self", "bar")],
    "files/recovery.py": [("window",), ("offer",), ("self", "offer"), ("self", "banner"), ("self", "files"),
                          ("self", "changes")],
    "window/settings.py": [("window",), ("part",), ("splitter",)],
    "panels/output_panel.py": [("self", "boundary"), ("self", "loss"), ("self", "deltas"), ("self", "heatmap")],
    # The editing modes on the boundary plot (draw mode, the step-through's point picking).
    "drawing/controller.py": [("boundary",), ("self", "boundary")],
    "stepthrough/points.py": [("boundary",), ("self", "boundary")],
    "files/export_menu.py": [("w", "output"), ("self", "window", "output"), ("self", "window", "files"),
                             ("self", "window", "editor")],
    "files/experiment_files.py": [("loss_plot",), ("self", "loss_plot"), ("self", "window")],
    # The lessons' one door into the window: it may hide the window's panels as a whole (its
    # control table), but not reach into the output panel's plots or the window's splitters.
    "lessons/adapter.py": [("w", "output"), ("window", "output"), ("self", "window", "output")],
}
#: Handles used through their methods only: ``boundary = self.output.boundary`` would be a way around.
METHODS_ONLY = {("self", "output"), ("boundary",), ("self", "boundary"), ("self", "loss_plot")}
#: Qt's ways into a widget's insides: a module that uses them on another widget reaches into it.
CHILD_ACCESSORS = {"centralWidget", "layout", "findChild", "findChildren", "children", "getPlotItem", "plot",
                   "viewport", "scene"}
#: A part's signal, connected: its own interface, one level deep like a method.
SIGNAL_USE = {"connect", "disconnect", "emit"}
#: How a widget arranges its parts: whoever holds one of these, but the widget itself
#: (``self.splitter``), sets sizes that are the widget's own business (its save_view/restore_view).
LAYOUT_PARTS = {"splitter", "main_splitter", "delta_splitter"}


def chain(node: ast.AST) -> list[str]:
    """``window.centralWidget().layout().insertWidget`` -> ``["window", "centralWidget", "layout", "insertWidget"]``
    (calls along the way are looked through; [] if it does not start at a name)."""
    parts = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return parts[::-1]
        else:
            return []


def reaches(source: str, handles) -> list[str]:
    """Every ``handle.child.x`` in ``source``: one step past a method or attribute of another widget
    (and, for :data:`METHODS_ONLY` handles, any attribute of it that is not called or a signal
    connected), and every :data:`LAYOUT_PARTS` held by another than its own widget."""
    tree = ast.parse(source)
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    signals = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr in SIGNAL_USE}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) \
                and tuple(chain(node.value)) in METHODS_ONLY & set(map(tuple, handles)):
            # ``b = self.boundary``: under another name the handle escapes the check.
            found.add(f"line {node.lineno}: {node.targets[0].id} = {'.'.join(chain(node.value))}")
        if not isinstance(node, ast.Attribute):
            continue
        parts = chain(node)
        own = parts[:1] == ["self"] and len(parts) > 1 and parts[1] in LAYOUT_PARTS
        if set(parts[1:]) & LAYOUT_PARTS and not own:
            found.add(f"line {node.lineno}: {'.'.join(parts)}")
        for handle in handles:
            if tuple(parts[: len(handle)]) != handle:
                continue
            rest = parts[len(handle):]
            deep = len(rest) > 1 and not (len(rest) == 2 and rest[-1] in SIGNAL_USE)
            held = handle in METHODS_ONLY and len(rest) == 1 and id(node) not in called | signals
            if deep or held or set(rest) & CHILD_ACCESSORS:
                found.add(f"line {node.lineno}: {'.'.join(parts)}")
    return sorted(found)


@pytest.mark.parametrize("module", sorted(HANDLES))
def test_modules_call_other_widgets_methods_never_their_childrens(module):
    assert reaches((ROOT / module).read_text(encoding="utf-8"), HANDLES[module]) == []


@pytest.mark.parametrize("code, bad", [
    ("self.output.loss.add_points(x, y, z)", True),
    ("boundary = self.output.boundary.plot.getPlotItem()", True),
    ("window.centralWidget().layout().insertWidget(0, offer)", True),
    ("self.output.heatmap.plot.setToolTip('')", True),
    ("boundary = self.output.boundary", True),
    ("self.output.add_curve_points(snapshot)", False),
    ("offer.restore_clicked.connect(self.restore)", False),
    ("self.session.prepared.raw_names", False),
    ("boundary.plot.getPlotItem().addItem(overlay)", True),
    ("boundary.layout().insertWidget(1, tools)", True),
    ("boundary.title.setMinimumWidth(1)", True),
    ("(x0, x1), _ = self.boundary.view.viewRange()", True),
    ("b = self.boundary.test_check", True),
    ("b = self.boundary", True),
    ("boundary.add_overlay(overlay)", False),
    ("boundary.point_clicked.connect(self.pick)", False),
    ("splitter = window.main_splitter", True),
    ("view = self.window.output.delta_splitter", True),
    ("self.main_splitter.setSizes([1, 2, 3])", False),
])
def test_the_check_finds_a_reach_into_a_child(code, bad):
    handles = [("self", "output"), ("window",), ("offer",), ("boundary",), ("self", "boundary")]
    assert bool(reaches(code, handles)) is bad


def test_live_view_draws_through_the_output_panels_methods_only(session, qtbot):
    """A stand-in with only OutputPanel's methods: a reach into ``output.boundary`` would raise."""
    from playground.ui.live.live_view import LiveView
    from tests.ui.conftest import wait_snapshot

    output = mock.create_autospec(OutputPanel, instance=True)
    output.slice_chosen = mock.Mock(spec=["connect"])  # a class-level Signal: autospec cannot see connect
    live = LiveView(session, output)
    output.slice_chosen.connect.assert_called_once_with(live.set_slice)
    output.show_slice.assert_called()
    output.show_network.assert_called_with(session.layer_sizes())
    train, test, bounds, axes, one_input = output.show_data.call_args.args
    assert axes == ("x1", "x2") and not one_input
    np.testing.assert_array_equal(train[0], session.prepared.raw_train[:, :2])
    np.testing.assert_array_equal(test[1], session.prepared.labels_test)
    assert output.set_loss.call_args.args == ("binary_cross_entropy",)

    session.step_batch()
    snapshot = wait_snapshot(qtbot, session, lambda s: s.step == 1)
    output.add_curve_points.assert_called_with(snapshot)
    qtbot.waitUntil(lambda: output.show_heatmap.called)
    mean_deltas, moment = output.show_heatmap.call_args.args
    assert len(mean_deltas) == 3 and "step 1" in moment
    values, curve = output.show_prediction.call_args.args
    assert values.shape == (live.resolution, live.resolution) and curve is None
    live.stop()


def test_the_output_panel_shows_data_axes_prediction_and_moment(qtbot):
    panel = OutputPanel()
    qtbot.addWidget(panel)
    xy = np.array([[0.0, 1.0], [1.0, 0.0]])
    panel.set_problem("regression", "linear", (0.0, 2.0))
    panel.show_data((xy, np.array([0.0, 2.0])), (xy[:0], np.array([])), ((0, 1), (-1, 3)), ("x", "target / prediction"),
                    one_input=True)
    item = panel.boundary.plot.getPlotItem()
    assert item.getAxis("bottom").labelText == "x" and item.getAxis("left").labelText == "target / prediction"
    assert panel.boundary.one_input and len(panel.boundary.train_points.data) == 2
    xs = np.linspace(0, 1, 5)
    panel.show_prediction(np.zeros((5, 5)), (xs, 2 * xs))
    np.testing.assert_array_equal(panel.boundary.curve.getData()[1], 2 * xs)
    panel.show_heatmap([np.array([0.1, -0.2]), np.array([0.3])], "batch of 10, before the update of step 1")
    assert panel.heatmap.values.shape == (2, 2)
    assert panel.heatmap.plot.toolTip().endswith("before the update of step 1")
    panel.show_heatmap([np.array([0.1])], "")
    assert panel.heatmap.plot.toolTip() == ""


def test_each_plot_keeps_the_room_its_axes_need(qtbot):
    """Set by each plot itself (it used to be the panel reaching into the plots' plot widgets)."""
    panel = OutputPanel()
    qtbot.addWidget(panel)
    size = panel.boundary.plot.minimumSize()
    assert (size.width(), size.height()) == (200, 150)
    for plot in (panel.loss, panel.deltas, panel.heatmap):
        assert plot.plot.minimumHeight() == 110


def test_the_boundary_plot_offers_an_editing_mode_its_methods(qtbot):
    """Draw mode and the point picking use these in place of the plot's view box and header."""
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QPushButton

    from playground.ui.plots.boundary_plot import BoundaryPlot

    plot = BoundaryPlot()
    qtbot.addWidget(plot)
    plot.resize(400, 400)
    plot.show()
    qtbot.waitExposed(plot)
    plot.set_bounds(((-2.0, 2.0), (-1.0, 1.0)))
    plot.set_points(np.zeros((3, 2)), np.zeros(3), np.ones((2, 2)), np.ones(2))
    plot.test_check.setChecked(True)

    plot.set_draw_mode(True)
    assert not plot.train_points.isVisible() and not plot.test_points.isVisible()
    assert plot.view.state["mouseEnabled"] == [False, False]
    plot.set_draw_mode(False)
    assert plot.train_points.isVisible() and plot.test_points.isVisible()
    assert plot.view.state["mouseEnabled"] == [True, True]

    plot.set_view_range(((-1.0, 3.0), (-0.5, 0.5)))
    (x0, x1), (y0, y1) = plot.view_range()
    assert x0 <= -1.0 + 1e-9 and x1 >= 3.0 - 1e-9 and y0 <= -0.5 + 1e-9 and y1 >= 0.5 - 1e-9
    # A viewport position back to plot coordinates: the centre of the view is the centre of the range.
    centre = plot.plot.mapFromScene(plot.view.mapViewToScene(QPointF(1.0, 0.0)))
    assert np.allclose(plot.to_plot_coordinates(QPointF(centre)), (1.0, 0.0), atol=3 * max(plot.pixel_size()))
    dx, dy = plot.pixel_size()
    assert 0 < dx < (x1 - x0) / 100 and 0 < dy < (y1 - y0) / 100

    button = QPushButton("Draw")
    plot.add_header_widget(button)
    assert plot.header.indexOf(button) == plot.header.count() - 1 and plot.title.minimumWidth() == 1
    row = QPushButton("tools")
    plot.add_tool_row(row)
    assert plot.layout().indexOf(row) == 1


def test_the_output_panel_answers_for_its_deltas_loss_history_and_figures(qtbot):
    """What the lessons, the files and the Export menu used to read off the panel's children."""
    panel = OutputPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 700)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.deltas_on_screen()
    panel.deltas_area().hide()
    assert not panel.deltas_on_screen()
    panel.deltas_area().show()
    assert panel.deltas_on_screen()

    panel.loss.add_points(np.array([1.0, 2.0]), np.array([0.5, 0.25]), np.array([np.nan, 0.3]))
    epochs, (train, test) = panel.loss_history()
    np.testing.assert_array_equal(epochs, [1.0, 2.0])
    np.testing.assert_array_equal(train, [0.5, 0.25])
    assert np.isnan(test[0]) and test[1] == 0.3

    targets = panel.figure_targets()
    assert list(targets) == ["boundary", "loss", "deltas"]
    assert all(is_plot and hasattr(widget, "plotItem") for _label, widget, is_plot in targets.values())


def test_the_window_shares_the_room_of_canvas_and_plots(window):
    """A lesson's side dock took its width from the canvas; the window evens the two out."""
    window.main_splitter.setSizes([280, 700, 300])
    left, editor, output = window.main_splitter.sizes()
    assert editor - output > 100  # uneven to begin with: the test can fail
    window.share_room_of_canvas_and_plots()
    new_left, new_editor, new_output = window.main_splitter.sizes()
    assert new_left == left and new_editor + new_output == editor + output
    assert abs(new_editor - new_output) <= max(2, abs(editor - output) // 4)
