"""Widgets own their state: other modules call a widget's methods, never its children's.

The live view draws through the OutputPanel's methods, the recovery puts its
offer up through ``MainWindow.add_banner``, and the window settings ask each
part to save and restore its own view. An AST check keeps it so; the
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
}
#: Handles used through their methods only: ``boundary = self.output.boundary`` would be a way around.
METHODS_ONLY = {("self", "output")}
#: Qt's ways into a widget's insides: a module that uses them on another widget reaches into it.
CHILD_ACCESSORS = {"centralWidget", "layout", "findChild", "findChildren", "children", "getPlotItem", "plot",
                   "viewport", "scene"}
#: A part's signal, connected: its own interface, one level deep like a method.
SIGNAL_USE = {"connect", "disconnect", "emit"}


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
    (and, for :data:`METHODS_ONLY` handles, any attribute of it that is not called)."""
    tree = ast.parse(source)
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        parts = chain(node)
        for handle in handles:
            if tuple(parts[: len(handle)]) != handle:
                continue
            rest = parts[len(handle):]
            deep = len(rest) > 1 and not (len(rest) == 2 and rest[-1] in SIGNAL_USE)
            held = handle in METHODS_ONLY and len(rest) == 1 and id(node) not in called
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
])
def test_the_check_finds_a_reach_into_a_child(code, bad):
    handles = [("self", "output"), ("window",), ("offer",)]
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
    assert (size.width(), size.height()) == (200, 180)
    for plot in (panel.loss, panel.deltas, panel.heatmap):
        assert plot.plot.minimumHeight() == 110
