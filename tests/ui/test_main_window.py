"""The main window driven like a user: real buttons, shortcuts, panels; live plots checked."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.engine import Network, Trainer
from playground.ui.plots import colormaps
from tests.ui.conftest import wait_snapshot


def click(qtbot, window, action):
    qtbot.mouseClick(window.bar.widget_for(action), Qt.MouseButton.LeftButton)


def test_opens_titled_on_the_spiral_example(window):
    assert window.windowTitle() == "Backprop Playground"
    assert window.session.experiment.data.generator == "spiral"
    assert window.session.layer_sizes() == [2, 8, 8, 1]
    assert type(window.editor).__name__ == "NetworkEditor"
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.redo_action.shortcuts()]


def test_play_and_pause_through_the_button(qtbot, window):
    session = window.session
    click(qtbot, window, window.bar.play_action)
    assert session.running and window.bar.play_action.text() == "Pause"
    wait_snapshot(qtbot, session, lambda s: s.epoch >= 3)
    click(qtbot, window, window.bar.play_action)
    assert not session.running and window.bar.play_action.text() == "Play"
    paused = wait_snapshot(qtbot, session, lambda s: not s.running)
    qtbot.waitUntil(lambda: window.live._drawn is session.latest_snapshot)
    assert window.bar.epoch_label.text().startswith(f"Epoch <b>{paused.epoch:,}</b> · step <b>{paused.step:,}</b>")


def test_space_plays_and_pauses_and_r_resets(qtbot, window):
    session = window.session
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert session.running
    wait_snapshot(qtbot, session, lambda s: s.epoch >= 2)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not session.running
    version = session.network_version
    weights = session.parameters()[0]
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert session.network_version == version + 1
    assert session.latest_snapshot.epoch == 0
    assert not np.array_equal(weights[0], session.parameters()[0][0])
    qtbot.waitUntil(lambda: len(window.output.loss.history) == 0 and window.bar.epoch_label.text().startswith("Epoch <b>0</b> · step <b>0</b>"))


def test_step_buttons_advance_exactly_one_epoch_or_one_batch(qtbot, window):
    session = window.session
    steps_per_epoch = -(-len(session.prepared.X_train) // session.experiment.training.batch_size)
    click(qtbot, window, window.bar.step_epoch_action)
    snap = wait_snapshot(qtbot, session, lambda s: s.epoch >= 1)
    assert (snap.epoch, snap.step) == (1, steps_per_epoch)
    click(qtbot, window, window.bar.step_batch_action)
    snap = wait_snapshot(qtbot, session, lambda s: s.step > steps_per_epoch)
    assert (snap.epoch, snap.step) == (1, steps_per_epoch + 1)
    click(qtbot, window, window.bar.step_epoch_action)
    snap = wait_snapshot(qtbot, session, lambda s: s.epoch >= 2)
    assert snap.epoch == 2 and not session.running
    qtbot.waitUntil(lambda: list(window.output.loss.history.arrays()[0]) == [0.0, 1.0, 2.0])


def test_step_batch_shows_the_new_step_and_the_batch_loss(qtbot, window):
    """Pressing Step batch changes the toolbar visibly, even when the epoch stays the same (issue 9)."""
    session, label = window.session, window.bar.epoch_label
    click(qtbot, window, window.bar.step_batch_action)
    first = wait_snapshot(qtbot, session, lambda s: s.step == 1)
    qtbot.waitUntil(lambda: window.live._drawn is first)
    text = label.text()
    assert text == (f"Epoch <b>0</b> · step <b>1</b> · batch loss <b>{first.batch_loss:.3g}</b>")
    assert "batch of 10, before the update of step 1" in label.toolTip()
    assert "batch of 10, before the update of step 1" in window.output.heatmap.plot.toolTip()
    click(qtbot, window, window.bar.step_batch_action)
    second = wait_snapshot(qtbot, session, lambda s: s.step == 2)
    qtbot.waitUntil(lambda: window.live._drawn is second)
    assert second.batch_loss != first.batch_loss     # another batch: another loss
    assert label.text() != text and "step <b>2</b>" in label.text()
    assert f"batch loss <b>{second.batch_loss:.3g}</b>" in label.text()


def test_reset_button_starts_over(qtbot, window):
    click(qtbot, window, window.bar.step_epoch_action)
    wait_snapshot(qtbot, window.session, lambda s: s.epoch == 1)
    click(qtbot, window, window.bar.reset_action)
    assert window.session.latest_snapshot.epoch == 0


def test_learning_rate_typed_mid_run_applies_without_a_reset(qtbot, window):
    session = window.session
    session.play()
    before = wait_snapshot(qtbot, session, lambda s: s.epoch >= 3)
    version = session.network_version
    combo = window.hyper_panel.learning_rate
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "0.1")
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert session.experiment.training.learning_rate == 0.1
    after = wait_snapshot(qtbot, session, lambda s: s.epoch >= before.epoch + 3)
    assert session.network_version == version and session.running
    # The loss curve continues: one point per epoch, none lost, none restarted.
    x, _ = window.output.loss.history.arrays()
    np.testing.assert_array_equal(x[: after.epoch + 1], np.arange(after.epoch + 1))


def test_optimizer_choice_shows_its_own_settings(qtbot, window):
    panel = window.hyper_panel
    panel.optimizer.setCurrentText("adam")
    assert window.session.experiment.training.optimizer == "adam"
    assert panel._live_form.isRowVisible(panel.beta1) and not panel._live_form.isRowVisible(panel.momentum)
    panel.beta1.setValue(0.8)
    assert window.session.experiment.training.beta1 == 0.8
    click(qtbot, window, window.bar.step_batch_action)
    host = window.session._worker._backend.host  # in-process engine: the settings it trains with
    qtbot.waitUntil(lambda: host.trainer is not None and host.trainer.steps == 1)
    assert (host.trainer.optimizer, host.trainer.beta1) == ("adam", 0.8)
    # Choosing momentum trains with the momentum shown (the engine's default, not 0).
    panel.optimizer.setCurrentText("momentum")
    assert panel.momentum.value() == pytest.approx(0.9) == window.session.experiment.training.momentum


def test_loss_falls_on_the_default_example(qtbot, window):
    session = window.session
    session.play()
    wait_snapshot(qtbot, session, lambda s: s.epoch >= 300, timeout=60_000)
    session.pause()
    x, (train, test) = window.output.loss.history.arrays()
    assert train[-1] < 0.95 * train[0]
    assert np.all(np.isfinite(train))


def test_boundary_image_is_the_engines_prediction_on_the_grid(qtbot, window):
    session = window.session
    click(qtbot, window, window.bar.step_epoch_action)
    snap = wait_snapshot(qtbot, session, lambda s: s.epoch == 1)
    qtbot.waitUntil(lambda: window.live._drawn is snap)
    grid = window.live.grid
    net = Network.from_parameters(list(snap.weights), list(snap.biases), session.network_spec.activations())
    expected = net.predict(session.prepared.features_for(grid.raw_points)).reshape(grid.resolution, grid.resolution)
    boundary = window.output.boundary
    np.testing.assert_allclose(boundary.values, expected, atol=1e-5)
    # Row 0 is the lowest x2: the grid point at [0, -1] is (x_max, y_min).
    assert tuple(grid.raw_points[grid.resolution - 1]) == (grid.bounds[0][1], grid.bounds[1][0])
    drawn = boundary.rgb.astype(int)
    want = colormaps.two_class_rgb(expected).astype(int)
    assert np.abs(drawn - want).max() <= 2  # float32 vs float64 may land one LUT step apart
    assert boundary.image.image.shape == (grid.resolution, grid.resolution, 3)


def test_delta_plots_show_the_engines_deltas_for_the_same_batch(qtbot, window):
    session = window.session
    weights, biases = session.parameters()
    t = session.experiment.training
    click(qtbot, window, window.bar.step_batch_action)
    snap = wait_snapshot(qtbot, session, lambda s: s.step == 1)
    qtbot.waitUntil(lambda: window.live._drawn is snap)
    # An independent engine run of the same first batch.
    twin = Network.from_parameters(weights, biases, session.network_spec.activations())
    trainer = Trainer(twin, session.prepared.X_train, session.prepared.T_train, loss="binary_cross_entropy",
                      optimizer=t.optimizer, learning_rate=t.learning_rate, batch_size=t.batch_size,
                      momentum=t.momentum, seed=t.seed)
    trainer.step()
    deltas = trainer.last_gradients.deltas
    heat = window.output.heatmap.values
    for l, d in enumerate(deltas):
        np.testing.assert_allclose(heat[: d.shape[1], l], d.mean(axis=0), rtol=1e-10, atol=1e-15)
        assert np.all(np.isnan(heat[d.shape[1]:, l]))
    _, y = window.output.deltas.history.arrays()
    np.testing.assert_allclose(y[:, -1], [np.abs(d).mean() for d in deltas], rtol=1e-10)


def test_hovering_a_neuron_shows_its_map_in_the_boundary_plot(qtbot, window):
    click(qtbot, window, window.bar.step_epoch_action)
    snap = wait_snapshot(qtbot, window.session, lambda s: s.epoch == 1)
    qtbot.waitUntil(lambda: window.live._drawn is snap)
    window.editor.neuron_hovered.emit(1, 2)
    boundary = window.output.boundary
    assert "hidden 1, neuron 3" in boundary.title.text()
    np.testing.assert_array_equal(boundary.rgb, colormaps.two_class_rgb(window.live.neuron_maps[1][2], -1, 1))
    window.editor.neuron_hovered.emit(-1, -1)
    assert "Decision boundary" in boundary.title.text()


def test_nan_loss_pauses_and_says_why(qtbot, window):
    from dataclasses import replace

    session = window.session
    session.apply_network(replace(session.network_spec, output_activation="identity"), *session.parameters())
    session.set_training(loss="mse", learning_rate=10.0)
    click(qtbot, window, window.bar.play_action)
    qtbot.waitUntil(lambda: "learning rate too high" in window.banner.text, timeout=10_000)
    qtbot.waitUntil(lambda: not session.running)
    assert window.bar.play_action.text() == "Play"
    assert all(np.all(np.isfinite(w)) for w in session.parameters()[0])
    click(qtbot, window, window.bar.reset_action)
    assert window.banner.text == ""


def test_new_dataset_from_the_picker_resets_and_redraws(qtbot, window):
    panel = window.data_panel
    item = next(panel.datasets.item(i) for i in range(panel.datasets.count())
                if panel.datasets.item(i).data(Qt.ItemDataRole.UserRole) == "xor")
    rect = panel.datasets.visualItemRect(item)
    qtbot.mouseClick(panel.datasets.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.experiment.data.generator == "xor"
    assert window.session.latest_snapshot.epoch == 0
    qtbot.waitUntil(lambda: window.live._drawn is window.session.latest_snapshot)


def test_feature_checkbox_adds_an_input_and_keeps_the_other_weights(qtbot, window):
    session = window.session
    before = session.parameters()[0]
    box = window.data_panel.feature_boxes["x1^2"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().bottomLeft() + box.rect().center() * 0)
    if not box.isChecked():  # the click landed outside the indicator on this style
        box.click()
    assert session.features == ("x1", "x2", "x1^2")
    after = session.parameters()[0]
    np.testing.assert_array_equal(after[0][:2], before[0])
    np.testing.assert_array_equal(after[1], before[1])
    window.undo_action.trigger()
    assert session.features == ("x1", "x2")


def test_window_restores_size_splitters_and_view_options(qtbot, make_window):
    first = make_window(settings_name="shared.ini")
    # The offscreen screen is small (800x600): pick a height that fits, so the
    # restored geometry is not clamped to the screen.
    height = first.screen().availableGeometry().height() - 60
    first.resize(1, height)  # as narrow as the panels allow
    qtbot.waitUntil(lambda: first.main_splitter.width() < 1000)
    first.main_splitter.setSizes([300, 300, 300])
    first.bar.speed.setCurrentText("30 epochs/s")
    first.output.loss.log_check.setChecked(False)
    sizes = first.main_splitter.sizes()
    first.close()
    second = make_window(settings_name="shared.ini")
    assert second.height() == height
    # The offscreen screen (800 px) can be narrower than the window's minimum, so
    # the last pane takes up any width difference; the others are exact.
    assert second.main_splitter.sizes()[:2] == sizes[:2]
    assert second.bar.speed.currentText() == "30 epochs/s"
    assert not second.output.loss.log_check.isChecked()


def test_save_and_open_round_trip_with_weights(qtbot, make_window, tmp_path):
    first = make_window()
    click(qtbot, first, first.bar.step_epoch_action)
    wait_snapshot(qtbot, first.session, lambda s: s.epoch == 1)
    path = tmp_path / "run.json"
    assert first.files.save_as(path)
    weights = first.session.parameters()[0]
    second = make_window(settings_name="other.ini")
    assert second.files.open(path)
    for a, b in zip(weights, second.session.parameters()[0]):
        np.testing.assert_array_equal(a, b)
    assert second.session.latest_snapshot.epoch == 1
    assert list(second.output.loss.history.arrays()[0]) == [0.0, 1.0]


def test_opening_a_bad_file_shows_an_error_and_keeps_the_experiment(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(window.files, "_error", lambda title, text: shown.append(text))
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    experiment = window.session.experiment
    assert not window.files.open(bad)
    assert shown and "bad.json" in shown[0]
    assert window.session.experiment is experiment


def test_undo_history_dock_is_in_the_view_menu(window):
    toggle = window.undo_dock.toggleViewAction()
    assert not window.undo_dock.isVisible()
    toggle.trigger()
    assert window.undo_dock.isVisible()


def test_closing_the_window_stops_the_worker(qtbot, window):
    import time

    window.session.play()
    wait_snapshot(qtbot, window.session, lambda s: s.epoch >= 2)
    start = time.perf_counter()
    window.close()
    print(f"close while training (in-process): {(time.perf_counter() - start) * 1000:.0f} ms")
    assert not window.session._thread.thread.isRunning()


@pytest.mark.slow
def test_child_process_window_reports_a_killed_engine_and_closes_cleanly(qtbot, make_window):
    import os
    import signal
    import time

    window = make_window(mode="process")
    window.session.play()
    wait_snapshot(qtbot, window.session, lambda s: s.epoch >= 2, timeout=30_000)
    os.kill(window.session._thread.worker._backend.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: "stopped unexpectedly" in window.banner.text, timeout=10_000)
    assert not window.session.running
    window.session.play()  # a fresh engine takes over
    wait_snapshot(qtbot, window.session, lambda s: s.running and s.new_epochs.size > 0, timeout=30_000)
    start = time.perf_counter()
    window.close()
    print(f"close while training (child process): {(time.perf_counter() - start) * 1000:.0f} ms")


def test_regression_problem_type_trains_and_colours_by_value(qtbot, window):
    session = window.session
    window.hyper_panel.problem.setCurrentText("regression")
    assert session.prepared.n_classes == 0
    assert session.network_spec.output_activation == "identity"
    click(qtbot, window, window.bar.step_epoch_action)
    snap = wait_snapshot(qtbot, session, lambda s: s.epoch == 1)
    assert snap.train_accuracy is None and np.isfinite(snap.train_loss)
    qtbot.waitUntil(lambda: window.live._drawn is snap)
    boundary = window.output.boundary
    lo, hi = boundary._value_range
    from playground.ui.plots import colormaps as cm

    np.testing.assert_array_equal(boundary.rgb, cm.regression_rgb(boundary.values, lo, hi))
    assert window.bar.accuracy_label.text() == ""


def test_three_classes_from_the_classes_box_give_a_softmax_and_class_hues(qtbot, window):
    session = window.session
    window.data_panel.classes.setValue(3)
    assert session.layer_sizes()[-1] == 3 and session.network_spec.output_activation == "softmax"
    click(qtbot, window, window.bar.step_epoch_action)
    snap = wait_snapshot(qtbot, session, lambda s: s.epoch == 1)
    qtbot.waitUntil(lambda: window.live._drawn is snap)
    values = window.output.boundary.values
    assert values.shape[-1] == 3
    np.testing.assert_allclose(values.sum(axis=-1), 1.0, atol=1e-5)


def test_hidden_activation_choice_rebuilds_with_the_same_weights(qtbot, window):
    session = window.session
    weights = session.parameters()[0]
    from playground.engine import ACTIVATIONS, activation_names

    box = window.hyper_panel.activation_boxes[1]
    assert tuple(box.itemText(i) for i in range(box.count())) == activation_names(hidden=True)
    assert box.itemData(box.findText("sin"), Qt.ItemDataRole.ToolTipRole) == ACTIVATIONS["sin"].description
    window.hyper_panel.activation_boxes[1].setCurrentText("relu")
    assert session.network_spec.hidden[1].activation == "relu"
    for a, b in zip(weights, session.parameters()[0]):
        np.testing.assert_array_equal(a, b)
    window.undo_action.trigger()  # the canvas's undo stack got the edit
    assert session.network_spec.hidden[1].activation == "tanh"


def _example_files():
    from playground.assets import list_resources

    try:
        return list_resources("examples", ".json")
    except FileNotFoundError:
        return []


@pytest.mark.parametrize("path", _example_files(), ids=lambda p: p.name)
def test_every_shipped_example_opens_trains_and_draws(qtbot, window, path, monkeypatch):
    shown = []
    monkeypatch.setattr(window.files, "_error", lambda title, text: shown.append(text))
    assert window.files.open(path), shown
    session = window.session
    start = session.latest_snapshot.epoch
    click(qtbot, window, window.bar.step_epoch_action)
    snap = wait_snapshot(qtbot, session, lambda s: s.epoch == start + 1)
    qtbot.waitUntil(lambda: window.live._drawn is snap)
    r = window.live.grid.resolution
    assert window.output.boundary.rgb.shape == (r, r, 3)
    assert len(window.live.neuron_maps) == len(session.layer_sizes())
    assert not window.banner.text
    boundary = window.output.boundary
    if boundary.one_input:  # one input (the sine): the prediction is a curve f(x)
        xs, ys = boundary.curve.getData()
        net = Network.from_parameters(list(snap.weights), list(snap.biases), session.network_spec.activations())
        expected = net.predict(session.prepared.features_for(xs[:, None]))[:, 0]
        np.testing.assert_allclose(ys, expected, atol=1e-5)


def test_noise_slider_by_keyboard_makes_new_data_and_step_shortcut_steps(qtbot, window):
    session = window.session
    slider = window.data_panel.noise
    version = session.network_version
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: session.experiment.data.noise == pytest.approx(0.11))
    assert session.network_version > version and window.data_panel.noise_value.text() == "11 %"
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert wait_snapshot(qtbot, session, lambda s: s.epoch >= 1).epoch == 1


def test_boundary_resolution_from_the_view_menu(qtbot, window):
    action = next(a for a in window.resolution_group.actions() if a.data() == 50)
    action.trigger()
    assert window.live.grid.resolution == 50
    assert window.output.boundary.rgb.shape == (50, 50, 3)
    assert all(m.shape[1:] == (50, 50) for m in window.live.neuron_maps)


def test_a_900_by_600_window_keeps_the_canvas_and_the_readouts(qtbot, window):
    # Issue 9: at 900 x 600 the network shrank to ~170 px and the read-outs went into "»".
    from PySide6.QtWidgets import QToolButton

    from playground.ui.window.main_window import CANVAS_MIN_WIDTH

    window.show()
    window.resize(900, 600)
    qtbot.waitUntil(lambda: window.width() == 900 and window.height() == 600)
    session = window.session
    click(qtbot, window, window.bar.step_epoch_action)
    wait_snapshot(qtbot, session, lambda s: s.epoch >= 1)
    qtbot.waitUntil(lambda: "Accuracy" in window.bar.accuracy_label.text())
    assert window.editor.width() >= CANVAS_MIN_WIDTH
    extension = window.bar.findChild(QToolButton, "qt_toolbar_ext_button")
    qtbot.waitUntil(lambda: extension is None or not extension.isVisible())
    for label in (window.bar.epoch_label, window.bar.loss_label, window.bar.accuracy_label):
        assert label.isVisible() and label.geometry().right() <= window.bar.width()
    # Long counters still fit, each read-out whole: the short form leaves the step to the tooltip.
    from dataclasses import replace

    window.bar.show_snapshot(replace(session.latest_snapshot, epoch=123_456, step=2_469_120))
    qtbot.waitUntil(lambda: "123,456" in window.bar.epoch_label.text())
    assert "step 2,469,120" in window.bar.epoch_label.toolTip()
    for label in (window.bar.epoch_label, window.bar.loss_label, window.bar.accuracy_label):
        qtbot.waitUntil(lambda label=label: label.width() >= label.sizeHint().width())
        assert label.isVisible() and label.geometry().right() <= window.bar.width()
    # The boundary header: no clipped title beside its toggles (hidden when there is no room).
    title = window.output.boundary.title
    assert not title.isVisible() or title.width() >= title.minimumSizeHint().width()
    window.resize(1440, 880)           # room again: the buttons get their text back
    qtbot.waitUntil(lambda: window.bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    qtbot.waitUntil(title.isVisible)


def test_file_open_and_new_with_unsaved_work_ask_first(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from playground.assets import resource_path

    chosen = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: chosen.append(1) or (str(resource_path("examples", "iris.json")), ""))
    assert window.editor.add_neuron(0)  # unsaved work
    asked = []
    window.files.ask_unsaved = lambda: asked.append("cancel") or "cancel"
    window.open_action.trigger()
    assert asked == ["cancel"] and not chosen, "Open must ask before it even shows the file dialog"
    assert [layer.units for layer in window.session.network_spec.hidden] == [9, 8]
    window.new_action.trigger()
    assert asked == ["cancel", "cancel"]
    assert [layer.units for layer in window.session.network_spec.hidden] == [9, 8]

    window.files.ask_unsaved = lambda: asked.append("discard") or "discard"
    window.open_action.trigger()
    assert asked[-1] == "discard" and chosen
    assert window.session.experiment.data.source == "csv"
    assert not window.files.dirty
    window.files.ask_unsaved = lambda: pytest.fail("asked although nothing changed")
    window.new_action.trigger()  # File > New: the default example, nothing unsaved
    assert window.session.experiment.data.generator == "spiral" and window.files.path is None


def test_switching_from_csv_data_to_a_generator_rebuilds_the_inputs(qtbot, window):
    from playground.assets import resource_path
    from playground.data import FEATURES

    assert window.files.open(resource_path("examples", "iris.json"))
    assert "sepal_length" in window.editor.feature_choices()
    panel = window.data_panel
    item = next(panel.datasets.item(i) for i in range(panel.datasets.count())
                if panel.datasets.item(i).data(Qt.ItemDataRole.UserRole) == "circle")
    qtbot.mouseClick(panel.datasets.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.datasets.visualItemRect(item).center())
    assert window.session.experiment.data.generator == "circle"
    assert window.editor.feature_choices() == tuple(FEATURES)
    inputs = window.editor.scene.layout.columns[0].labels
    assert tuple(inputs) == tuple(FEATURES)
    assert all(box.isEnabled() for box in panel.feature_boxes.values())
    assert window.editor.toggle_feature("x1^2"), window.editor.status.text()
    assert "x1^2" in window.session.features


def test_refused_input_is_shown_in_the_windows_one_message_area(qtbot, window):
    from playground.ui.session import Refused

    combo = window.hyper_panel.learning_rate
    combo.setEditText("1e99999")  # parses as inf: the record refuses it
    combo.lineEdit().editingFinished.emit()
    assert "training.learning_rate" in window.banner.text
    assert window.session.experiment.training.learning_rate == 0.03 and combo.currentText() == "0.03"
    window.banner.clear()
    window.hyper_panel.loss.setCurrentText("cross_entropy")  # needs softmax: the session refuses it
    assert "cross_entropy" in window.banner.text and window.session.experiment.training.loss == "binary_cross_entropy"
    with pytest.raises(Refused):
        window.session.set_training(loss="cross_entropy")


def test_data_settings_and_reset_are_undoable_and_unsaved_follows_the_stack(qtbot, window):
    session, stack = window.session, window.undo_stack
    assert not window.files.dirty and stack.isClean()
    combo = window.hyper_panel.learning_rate
    combo.setEditText("0.1")
    combo.lineEdit().editingFinished.emit()
    assert session.experiment.training.learning_rate == 0.1 and window.files.dirty
    assert "learning_rate = 0.1" in stack.text(stack.index() - 1)
    stack.undo()
    assert session.experiment.training.learning_rate == 0.03 and combo.currentText() == "0.03"
    assert stack.isClean() and not window.files.dirty

    weights = session.parameters()[0]
    panel = window.data_panel
    panel.noise.setValue(30)
    panel._on_noise_committed()
    assert session.experiment.data.noise == 0.3 and window.files.dirty
    stack.undo()  # the old data and exactly the old weights come back
    assert session.experiment.data.noise == 0.1 and panel.noise.value() == 10
    for a, b in zip(weights, session.parameters()[0]):
        np.testing.assert_array_equal(a, b)

    click(qtbot, window, window.bar.step_epoch_action)
    trained = wait_snapshot(qtbot, session, lambda s: s.epoch == 1)
    click(qtbot, window, window.bar.reset_action)
    assert session.latest_snapshot.epoch == 0
    stack.undo()
    wait_snapshot(qtbot, session, lambda s: s.epoch == 1)
    for a, b in zip(trained.weights, session.parameters()[0]):
        np.testing.assert_array_equal(a, b)
    assert window.files.dirty  # trained since the last save: not a command, still unsaved work


def test_a_refused_canvas_edit_shows_in_the_same_place_as_every_other_message(qtbot, window):
    assert not window.editor.remove_layer(7)  # there is no hidden layer 8
    text = window.banner.text
    assert text and not window.editor.status.isVisible()
    assert window.editor.add_neuron(0)  # an edit that works clears the canvas's message
    assert window.banner.text == ""


def test_generator_only_controls_are_off_with_a_reason_for_csv_and_inline_data(qtbot, window):
    from playground.assets import resource_path
    from playground.experiment import DataConfig

    panel = window.data_panel
    controls = (panel.noise, panel.samples, panel.regenerate)
    assert all(w.isEnabled() for w in controls) and panel.classes.isEnabled()  # spiral: 2-5 classes
    assert "Noise" in panel.noise.toolTip()
    assert window.files.open(resource_path("examples", "iris.json"))
    assert not any(w.isEnabled() for w in (*controls, panel.classes))
    for widget in (*controls, panel.classes, panel.noise_value):
        assert "CSV file" in widget.toolTip() and "Only for generated datasets" in widget.toolTip()
    points = tuple((float(i % 3), float(i // 3)) for i in range(12))
    window.actions.set_data(DataConfig(source="inline", points=points, labels=tuple(i % 2 for i in range(12))))
    assert window.session.experiment.data.source == "inline", window.banner.text
    assert not panel.noise.isEnabled() and "drawn or inline" in panel.noise.toolTip()
    window.new_action.trigger()  # the generated example again
    assert all(w.isEnabled() for w in controls) and "Noise" in panel.noise.toolTip()
    # A generator with a fixed number of classes says so instead.
    item = next(panel.datasets.item(i) for i in range(panel.datasets.count())
                if panel.datasets.item(i).data(Qt.ItemDataRole.UserRole) == "xor")
    panel._on_dataset_clicked(item)
    assert not panel.classes.isEnabled() and "always has 2 classes" in panel.classes.toolTip()


def test_the_view_menu_switches_the_canvas_edges(window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    edges = next(a.menu() for a in menu.actions() if a.text() == "Canvas &edges show")
    texts = [a.text() for a in edges.actions()]
    assert texts == ["&Weights w", "&Gradients ∂J/∂w", "&Updates Δw"]
    edges.actions()[2].trigger()
    assert window.editor.edge_mode == "updates"
    assert window.editor.palette.mode_buttons[2].isChecked() and not window.editor.palette.mode_buttons[0].isChecked()
