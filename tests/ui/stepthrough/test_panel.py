"""The step-through panel in the real window: highlights, pacing, apply and undo, picking, the frozen notice."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from playground.engine import Network, Trainer
from playground.ui.stepthrough.points import misfits


@pytest.fixture
def panel(window, qtbot):
    window.step_dock.show()
    qtbot.waitUntil(lambda: window.step_dock.widget().cursor is not None)
    return window.step_dock.widget()


def _overlay(window):
    return window.editor.scene.highlight


def test_walking_forward_and_backward_highlights_the_right_neurons_and_edges(window, panel):
    sizes = panel.frozen.sizes                      # [2, 8, 8, 1] on the default example
    panel.go(panel.cursor.find("forward", 1) + 2)   # a_3 of hidden layer 2
    assert panel.progress_label.text().startswith("Forward · layer 2 of 3 · neuron 3 of 8")
    assert "a<sub>3</sub>" in panel.browser.toHtml() or "a3" in panel.browser.toPlainText()
    overlay = _overlay(window)
    focus_lines = overlay.edges.lines["focus"]
    assert len(focus_lines) == sizes[1]
    # Every focus edge ends at the left side of layer 2's third neuron.
    target = window.editor.scene.neuron_by_row(2, 2).scenePos()
    assert all(abs(line.p2().y() - target.y()) < 1e-6 for line in focus_lines)
    assert (target, "focus") in overlay.marks.rings

    panel.go(panel.cursor.find("backward", 1) + 3)  # delta_4 of hidden layer 2
    assert panel.marks.neurons[(2, 3)] == "focus"
    assert panel.marks.edges[(2, 3, 0)] == "input"             # w_jk to the output
    assert {e for e, r in panel.marks.edges.items() if r == "focus"} == {(1, i, 3) for i in range(sizes[1])}
    assert len(overlay.edges.lines["input"]) == 1
    labels = [text for _, text, _ in overlay.marks.labels]
    assert any(text.startswith("δ=") for text in labels)
    assert "error arriving" in panel.browser.toPlainText()


def test_layer_pace_jumps_a_whole_layer(panel):
    panel.first()
    panel.set_pace("layer")
    assert panel.pace_combo.currentData() == "layer"
    assert len(panel.cursor.span) == 8 and {s.layer for s in panel.cursor.span} == {0}
    panel.next()
    assert {s.layer for s in panel.cursor.span} == {1} and len(panel.cursor.span) == 8
    assert len(panel.marks.edges) == 8 * 8      # every edge into layer 2
    panel.next()
    assert [s.kind for s in panel.cursor.span] == ["forward"] and panel.cursor.span[0].layer == 2
    panel.next()
    assert [s.kind for s in panel.cursor.span] == ["loss"]


def test_apply_this_step_equals_one_trainer_step_and_undo_restores_bit_for_bit(window, panel):
    session = window.session
    panel.set_point(7)
    before_w, before_b = session.parameters()
    f = panel.frozen
    net = Network.from_parameters(before_w, before_b, session.network_spec.activations())
    trainer = Trainer(net, f.X[7][None], f.T[7][None], loss=session.experiment.loss_for(session.prepared),
                      optimizer="sgd", learning_rate=session.experiment.training.learning_rate, batch_size=1)
    trainer.step()
    expected_w, expected_b = net.get_parameters()
    shown = panel.walk
    assert panel.apply_step(), panel.status_label.text()
    after_w, after_b = session.parameters()
    # The applied step is the Trainer's own arithmetic: equal bit for bit.
    for got, want in zip(after_w + after_b, expected_w + expected_b):
        assert np.array_equal(got, want)
    # The numbers the panel showed (the reference backprop) agree to rounding (docs/explain.md).
    for got, want in zip(shown.new_weights + shown.new_biases, expected_w + expected_b):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
    assert window.undo_stack.count() == 1 and "Apply one SGD step" in window.undo_stack.text(0)
    assert panel.walk.loss < shown.loss                       # the panel follows the new weights

    window.undo_stack.undo()
    undone_w, undone_b = session.parameters()
    for got, want in zip(undone_w + undone_b, before_w + before_b):
        assert np.array_equal(got, want)
    window.undo_stack.redo()
    for got, want in zip(session.parameters()[0], expected_w):
        assert np.array_equal(got, want)


def test_a_click_in_the_boundary_plot_picks_the_nearest_training_point(window, panel, qtbot):
    boundary = window.output.boundary
    points = panel.picker.points
    k = 42
    scene_pos = boundary.view.mapViewToScene(QPointF(*points[k]))
    widget_pos = boundary.plot.mapFromScene(scene_pos)
    qtbot.mouseClick(boundary.plot.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(int(round(widget_pos.x())), int(round(widget_pos.y()))))
    # Rounding to a pixel may land nearer a neighbour; it must be the nearest to where the click was.
    expected = panel.picker.pick_at(*points[k])
    qtbot.waitUntil(lambda: panel.point == expected)
    assert panel.picker.marker.isVisible()
    np.testing.assert_allclose(panel.picker.marker.data["x"][0], points[expected][0])
    # Far from every point: nothing changes.
    assert panel.picker.pick_at(points[:, 0].max() + 50, 0.0) is None


def test_a_misclassified_one_is_misclassified(panel):
    wrong = misfits(panel.frozen, panel.frozen.network().predict(panel.frozen.X))
    assert len(wrong) > 0  # an untrained network on the spiral
    panel.pick_misfit()
    k = panel.point
    y = panel.frozen.network().predict(panel.frozen.X[k:k + 1])[0, 0]
    assert (y >= 0.5) != (panel.frozen.T[k, 0] >= 0.5)
    assert "misclassified" in panel.point_label.text()
    panel.pick_misfit()
    assert panel.point != k and panel.point in set(wrong.tolist())


def test_training_leaves_a_frozen_copy_and_says_so(window, panel, qtbot):
    panel.go(5)
    text = panel.browser.toPlainText()
    window.session.play()
    qtbot.waitUntil(lambda: panel.notice.isVisible() and "training has moved on" in panel.notice_label.text())
    assert not panel.apply_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.link.is_current(panel.frozen))
    assert panel.browser.toPlainText() == text          # the numbers stay those of the copy
    window.session.pause()
    qtbot.waitUntil(lambda: not window.session.running)
    panel.refresh_button.click()
    qtbot.waitUntil(lambda: not panel.notice.isVisible())
    assert panel.apply_button.isEnabled()
    assert panel.frozen.epoch > 0 or panel.frozen.step > 0


def test_hiding_the_dock_clears_the_canvas_and_the_marker(window, panel, qtbot):
    assert _overlay(window).active
    window.step_dock.hide()
    qtbot.waitUntil(lambda: not _overlay(window).active)
    assert not panel.picker.marker.isVisible()
