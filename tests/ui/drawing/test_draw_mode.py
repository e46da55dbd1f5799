"""Draw mode on the boundary plot, driven by real mouse events: add, spray, erase, undo, save."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from playground.experiment import load_experiment
from playground.ui.drawing import brush


def viewport(window):
    return window.output.boundary.plot.viewport()


def at(window, x, y) -> QPointF:
    """Viewport position of plot point ``(x, y)``."""
    b = window.output.boundary
    return QPointF(b.plot.mapFromScene(b.view.mapViewToScene(QPointF(x, y))))


def send(window, kind, pos, button=Qt.MouseButton.LeftButton):
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else button
    event = QMouseEvent(kind, pos, viewport(window).mapToGlobal(pos), button if kind != QEvent.Type.MouseMove
                        else Qt.MouseButton.NoButton, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport(window), event)


def stroke(window, points, button=Qt.MouseButton.LeftButton):
    """Press at the first point, move through the others, release at the last."""
    send(window, QEvent.Type.MouseButtonPress, at(window, *points[0]), button)
    for p in points[1:]:
        send(window, QEvent.Type.MouseMove, at(window, *p), button)
    send(window, QEvent.Type.MouseButtonRelease, at(window, *points[-1]), button)


@pytest.fixture
def drawing(window):
    window.drawing.controller.tools.toggle.click()
    assert window.drawing.controller.active and window.drawing.state is not None
    return window


def pick(window, tool=None, label=None):
    tools = window.drawing.controller.tools
    if tool is not None:
        tools.tool_combo.setCurrentIndex(tools.tool_combo.findData(tool))
    if label is not None:
        tools.class_combo.setCurrentIndex(tools.class_combo.findData(label))


def test_a_click_adds_a_point_of_the_selected_class(drawing):
    window = drawing
    session = window.session
    n = drawing.drawing.state.n
    pick(window, "point", 1)
    stroke(window, [(0.3, -0.2)])
    state = window.drawing.state
    assert state.n == n + 1 and state.labels[-1] == 1.0
    assert np.allclose(state.points[-1], (0.3, -0.2), atol=0.05)
    data = session.experiment.data
    assert data.source == "inline" and len(data.points) == n + 1 and data.labels[-1] == 1
    assert len(session.prepared.X_train) + len(session.prepared.X_test) == n + 1
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Draw 1 point"


def test_a_spray_stroke_is_one_undo_step(drawing):
    window = drawing
    n = window.drawing.state.n
    pick(window, "spray", 0)
    stroke(window, [(1.0, 1.0), (1.2, 1.1), (1.4, 1.2), (1.6, 1.3)])
    assert window.drawing.state.n == n + 4 * brush.SPRAY_POINTS
    assert window.undo_stack.count() == 1
    assert len(window.session.experiment.data.points) == n + 4 * brush.SPRAY_POINTS


def test_right_click_erases_the_points_under_the_brush(drawing):
    window = drawing
    pick(window, "point", 0)
    stroke(window, [(2.0, 2.0)])
    n = window.drawing.state.n
    stroke(window, [(2.0, 2.0)], button=Qt.MouseButton.RightButton)
    state = window.drawing.state
    radius = window.drawing.controller.brush_radius()
    assert state.n < n and not brush.under_brush(state.points, (2.0, 2.0), radius).any()
    assert len(window.session.experiment.data.points) == state.n
    assert window.undo_stack.count() == 2 and window.undo_stack.undoText().startswith("Erase")


def test_undo_and_redo_restore_the_data_exactly(drawing):
    window = drawing
    session, stack = window.session, window.undo_stack
    original = session.experiment.data
    pick(window, "point", 1)
    stroke(window, [(0.5, 0.5)])
    first = session.experiment.data
    pick(window, "spray", 0)
    stroke(window, [(-1.0, 1.0), (-1.1, 1.2)])
    second = session.experiment.data
    stack.undo()
    assert session.experiment.data == first
    stack.undo()
    assert session.experiment.data == original and original.source == "generator"
    assert window.drawing.state.n == len(session.prepared.X_train) + len(session.prepared.X_test)
    stack.redo()
    stack.redo()
    assert session.experiment.data == second
    assert np.array_equal(window.drawing.state.points, np.asarray(second.points))


def test_empty_plane_then_draw_until_it_trains(drawing):
    window = drawing
    session = window.session
    original = session.experiment.data
    window.drawing.controller.tools.empty_button.click()
    assert window.drawing.state.n == 0 and session.experiment.data == original  # nothing to train on yet
    assert "Not trained on yet" in window.statusBar().currentMessage()
    pick(window, "point", 0)
    stroke(window, [(-2.0, -2.0)])
    stroke(window, [(-2.5, -1.0)])
    pick(window, "point", 1)
    stroke(window, [(2.0, 2.0)])
    stroke(window, [(2.5, 1.0)])
    data = session.experiment.data
    assert data.source == "inline" and len(data.points) == 4 and sorted(data.labels) == [0, 0, 1, 1]
    assert window.undo_stack.count() == 5


def test_drawn_data_round_trips_through_the_experiment_file(drawing, tmp_path):
    window = drawing
    pick(window, "spray", 1)
    stroke(window, [(0.0, 0.0), (0.3, 0.3)])
    drawn = window.session.experiment.data
    path = tmp_path / "drawn.json"
    assert window.files.save_as(path)
    loaded = load_experiment(path).data
    assert loaded == drawn
    assert loaded.source == "inline" and np.array_equal(np.asarray(loaded.points), window.drawing.state.points)
    window.drawing.controller.tools.toggle.click()  # off: the plot shows the training points again
    assert window.output.boundary.train_points.isVisible()
    window.session.set_data_config(replace(drawn, source="generator", generator="xor"))
    assert window.files.open(path)
    assert window.session.experiment.data == drawn


def test_regression_data_draws_target_values(make_window):
    from playground.experiment import default_experiment

    experiment = default_experiment()
    window = make_window()
    window.session.set_data_config(replace(experiment.data, generator="plane", classes=None))
    window.drawing.controller.tools.toggle.click()
    tools = window.drawing.controller.tools
    assert tools.regression and not tools.class_combo.isVisible()
    tools.value_spin.setValue(0.75)
    pick(window, "point")
    stroke(window, [(1.0, -1.0)])
    data = window.session.experiment.data
    assert data.problem == "regression" and data.labels[-1] == 0.75
    assert window.session.prepared.n_classes == 0
