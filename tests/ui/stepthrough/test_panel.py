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


def test_apply_this_step_equals_one_trainer_step_and_undo_restores_bit_for_bit(window, panel, qtbot):
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
    # The engine applied them too: the next snapshot (which the canvas and plots draw) carries them.
    qtbot.waitUntil(lambda: all(np.array_equal(a, b) for a, b in zip(session.latest_snapshot.weights, expected_w)))

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
    qtbot.waitUntil(lambda: not window.session.running and not window.session.latest_snapshot.running)

    def refreshed():
        # A snapshot of the last chunk may still arrive after the pause: Refresh until the copy is current.
        panel.refresh_button.click()
        return not panel.notice.isVisible()

    qtbot.waitUntil(refreshed)
    assert panel.apply_button.isEnabled()
    assert panel.frozen.epoch > 0 or panel.frozen.step > 0


def test_hiding_the_dock_clears_the_canvas_and_the_marker(window, panel, qtbot):
    assert _overlay(window).active
    window.step_dock.hide()
    qtbot.waitUntil(lambda: not _overlay(window).active)
    assert not panel.picker.marker.isVisible()


def test_the_arrow_keys_step_and_l_switches_the_pace(panel, qtbot):
    panel.first()
    panel.setFocus()
    qtbot.waitUntil(panel.hasFocus)
    qtbot.keyClick(panel, Qt.Key.Key_Right)
    qtbot.keyClick(panel, Qt.Key.Key_Right)
    assert panel.cursor.lo == 2
    qtbot.keyClick(panel, Qt.Key.Key_Left)
    assert panel.cursor.lo == 1
    qtbot.keyClick(panel, Qt.Key.Key_L)
    assert panel.cursor.pace == "layer" and len(panel.cursor.span) == 8
    qtbot.keyClick(panel, Qt.Key.Key_End)
    assert panel.cursor.at_end and not panel.next_button.isEnabled()


def test_the_animation_steps_on_by_itself(panel, qtbot):
    panel.first()
    panel.speed_combo.setCurrentIndex(panel.speed_combo.count() - 1)   # the fastest
    panel.play_button.setChecked(True)
    qtbot.waitUntil(lambda: panel.cursor.lo >= 3, timeout=5000)
    panel.play_button.setChecked(False)
    stopped_at = panel.cursor.lo
    qtbot.wait(400)
    assert panel.cursor.lo == stopped_at


def test_a_folded_sum_unfolds_on_click(panel):
    from PySide6.QtCore import QUrl

    panel.go(panel.cursor.find("forward", 1))   # a_1 of layer 2: a sum of 8 terms, folded
    text = panel.browser.toPlainText()
    assert "…" in text and "(unfold)" in text
    panel._on_browser_anchor_clicked(QUrl("unfold:forward:1:1"))
    unfolded = panel.browser.toPlainText()
    assert "(fold)" in unfolded and unfolded.count("·") > text.count("·")
    panel.go(panel.cursor.find("backward", 1))
    assert "5 more ∂J/∂w" in panel.browser.toPlainText()
    panel._on_browser_anchor_clicked(QUrl("more:backward:1:0"))
    assert panel.browser.toPlainText().count("∂J/∂w") >= 8


def test_every_control_says_what_it_does(panel):
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLabel, QTextBrowser

    controls = panel.findChildren(QAbstractButton) + panel.findChildren(QComboBox) + \
        panel.findChildren(QAbstractSpinBox) + panel.findChildren(QTextBrowser)
    assert len(controls) >= 12
    # The table's corner button is Qt's own part of the table (which has a tooltip).
    missing = [c for c in controls if not c.toolTip() and not panel.table.isAncestorOf(c)]
    assert not [type(c).__name__ + ":" + getattr(c, "text", lambda: "")() for c in missing]
    assert all(label.toolTip() for label in (panel.point_label, panel.progress_label, panel.status_label))
    assert isinstance(panel.point_label, QLabel)


def test_data_with_more_than_two_inputs_offers_a_table(panel, monkeypatch):
    from dataclasses import replace

    frozen = panel.link.freeze()
    rng = np.random.default_rng(0)
    wide = replace(frozen, raw=np.column_stack([frozen.raw, rng.normal(size=frozen.n_points)]),
                   raw_names=("a", "b", "c"))
    monkeypatch.setattr(panel.link, "freeze", lambda: wide)
    panel.refresh()
    assert panel.table.isVisible() and panel.table.columnCount() == 4
    panel.table.cellClicked.emit(9, 0)
    assert panel.point == 9 and "c = " in panel.point_label.text()


def test_a_design_edit_or_new_settings_while_paused_recompute_the_walk(window, panel, qtbot):
    panel.go(panel.cursor.find("backward", 1))
    assert window.editor.add_neuron(0)
    qtbot.waitUntil(lambda: panel.frozen.sizes == [2, 9, 8, 1])
    assert len(panel.cursor.stops) == 9 + 8 + 1 + 1 + 1 + 8 + 9 + 1 + 9 + 8 + 1
    assert _overlay(window).active          # highlighted again on the rebuilt canvas
    assert panel.link.is_current(panel.frozen)
    window.session.set_training(learning_rate=0.25)
    qtbot.waitUntil(lambda: panel.walk.learning_rate == 0.25)
    assert "η = 0.25" in " ".join(panel.walk.lines())


def test_regression_data_walks_with_mse_and_offers_the_worst_fit_points(window, panel, qtbot):
    from dataclasses import replace

    session = window.session
    session.set_data_config(replace(session.experiment.data, generator="plane", classes=0))
    qtbot.waitUntil(lambda: panel.frozen is not None and panel.frozen.n_classes == 0)
    assert panel.walk.loss_name == "mse" and panel.misfit_button.text() == "A badly fit one"
    error = np.abs(panel.predictions - panel.frozen.T).max(axis=1)
    panel.set_point(int(np.argmin(error)))               # a well fit point: the next press starts at the worst
    panel.pick_misfit()
    assert panel.point == np.argmax(error)
    panel.pick_misfit()                                   # then the second worst
    assert panel.point == np.argsort(-error, kind="stable")[1]
    assert panel.apply_step(), panel.status_label.text()
