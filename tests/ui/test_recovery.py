"""Crash safety: the autosaved recovery file, the restore offer, the title star and the close question.

Every window autosaves into its own ``tmp_path`` folder (``PLAYGROUND_RECOVERY_DIR``);
a crash is simulated by copying a live recovery file into a fresh folder, which
is what a killed process leaves behind.
"""

from __future__ import annotations

from dataclasses import replace

import shutil

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.experiment import load_experiment
from playground.ui.files.recovery import LAST_RUN_NAME, RECOVERY_NAME, SOURCE_NAME, read_source
from tests.ui.conftest import wait_snapshot

TITLE = "Backprop Playground"


def step_epoch(qtbot, window, epoch):
    window.bar.step_epoch_action.trigger()
    return wait_snapshot(qtbot, window.session, lambda s: s.epoch == epoch)


def saved_weight(path, l, i, j):
    """``weights[l][i, j]`` in a recovery file, or None while it is missing or being replaced."""
    try:
        return load_experiment(path).state.weights[l][i, j]
    except (ValueError, AttributeError):
        return None


def autosaved_after_edit(qtbot, window, value=0.5):
    """Type a weight on the canvas (an edit: saved within a moment); the recovery file once it holds it."""
    assert window.editor.set_weight(0, 0, 0, value)
    path = window.recovery.path
    qtbot.waitUntil(lambda: saved_weight(path, 0, 0, 0) == value, timeout=5000)
    # The writer thread renames the recovery file into place, then writes the sidecar naming its
    # source: wait for that too, or a test reading the sidecar races the thread.
    qtbot.waitUntil(lambda: path.with_name(SOURCE_NAME).exists(), timeout=5000)
    return path


def test_an_epoch_and_an_edit_are_autosaved_with_the_sessions_weights(qtbot, window, tmp_path):
    assert window.recovery.path == tmp_path / "recovery" / RECOVERY_NAME
    step_epoch(qtbot, window, 1)
    path = autosaved_after_edit(qtbot, window)
    saved = load_experiment(path)
    weights, biases = window.session.parameters()
    assert saved.state.epoch == 1
    for a, b in zip(weights + biases, saved.state.weights + saved.state.biases):
        np.testing.assert_array_equal(a, b)
    x, (train, _) = window.output.loss.history.arrays()
    assert list(saved.state.loss_epochs) == list(x) == [0.0, 1.0]
    np.testing.assert_array_equal(saved.state.train_loss, train)
    # The file is renamed into place on the writer thread before its queued
    # "written" signal reaches the GUI thread: wait for the figure, don't race it.
    qtbot.waitUntil(lambda: window.recovery.last_write_ms > 0, timeout=5000)


def test_training_progress_waits_for_the_timer_and_nothing_new_writes_nothing(qtbot, window):
    recovery = window.recovery
    assert not recovery.save_now()  # the untouched example: nothing to save
    step_epoch(qtbot, window, 1)
    assert not recovery._soon.isActive()  # an epoch is no edit: no immediate save
    assert recovery.timer.interval() == 10_000 and recovery.timer.isActive()
    assert not recovery.path.exists()
    recovery.timer.setInterval(20)
    qtbot.waitUntil(recovery.path.exists, timeout=5000)
    qtbot.waitUntil(lambda: recovery.last_write_ms > 0)
    assert load_experiment(recovery.path).state.epoch == 1
    assert not recovery.save_now()  # no change since: no second write


def test_training_progress_is_autosaved_every_interval_while_it_runs(qtbot, make_window, monkeypatch):
    import time

    # The interval is by the clock: 0.4 s here stands for the app's 10 s.
    monkeypatch.setenv("PLAYGROUND_AUTOSAVE_S", "0.4")
    window = make_window()
    recovery = window.recovery
    assert recovery.timer.interval() == 400
    window.session.set_speed(200)  # steady progress, so every interval has something new
    window.session.play()
    saved = []  # (time, epoch in the file) after each write
    recovery.written.connect(lambda ms: saved.append((time.monotonic(), load_experiment(recovery.path).state.epoch)))
    qtbot.waitUntil(lambda: len(saved) >= 4, timeout=10_000)
    window.session.pause()
    times, epochs = zip(*saved)
    assert all(b > a for a, b in zip(epochs, epochs[1:]))  # each save holds newer progress
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert max(gaps) < 0.4 + 0.6  # one interval (plus a loaded machine's slack), not more
    assert recovery.last_copy_ms > 0 and recovery.last_write_cpu_ms > 0


def test_the_autosave_interval_is_10_s_unless_set(monkeypatch):
    from playground.ui.files.recovery import autosave_interval_ms

    monkeypatch.delenv("PLAYGROUND_AUTOSAVE_S", raising=False)
    assert autosave_interval_ms() == 10_000
    for bad in ("abc", "0", "-3"):
        monkeypatch.setenv("PLAYGROUND_AUTOSAVE_S", bad)
        assert autosave_interval_ms() == 10_000
    monkeypatch.setenv("PLAYGROUND_AUTOSAVE_S", "2.5")
    assert autosave_interval_ms() == 2500


def test_a_clean_close_removes_the_recovery_file(qtbot, window):
    path = autosaved_after_edit(qtbot, window)
    window.close()
    assert not path.exists()
    assert not path.with_name(LAST_RUN_NAME).exists()


def test_a_crashed_runs_file_is_offered_and_restore_brings_back_weights_epoch_and_curves(
        qtbot, make_window, tmp_path, monkeypatch):
    first = make_window()
    step_epoch(qtbot, first, 1)
    step_epoch(qtbot, first, 2)
    path = autosaved_after_edit(qtbot, first, value=-0.25)
    weights, biases = first.session.parameters()
    curve = first.output.loss.history.arrays()
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    shutil.copy(path, crashed / RECOVERY_NAME)  # what a killed process leaves behind
    first.close()

    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(crashed))
    second = make_window(settings_name="second.ini")
    offer = second.recovery.offer
    assert offer.isVisible() and "epoch 2" in offer.label.text()
    assert second.session.latest_snapshot.epoch == 0  # nothing changes until the user says so
    assert not (crashed / RECOVERY_NAME).exists() and (crashed / LAST_RUN_NAME).exists()
    qtbot.mouseClick(offer.restore_button, Qt.MouseButton.LeftButton)

    assert not offer.isVisible()
    assert second.session.latest_snapshot.epoch == 2
    restored_w, restored_b = second.session.parameters()
    for a, b in zip(weights + biases, restored_w + restored_b):
        np.testing.assert_array_equal(a, b)
    x, y = second.output.loss.history.arrays()
    np.testing.assert_array_equal(x, curve[0])
    np.testing.assert_array_equal(y, curve[1])
    assert not (crashed / LAST_RUN_NAME).exists()
    assert second.windowTitle() == f"untitled* — {TITLE}"  # saved in no file of the user's yet
    # ...but crash-safe again at once.
    qtbot.waitUntil(lambda: saved_weight(crashed / RECOVERY_NAME, 0, 0, 0) == -0.25, timeout=5000)
    # The engine carries on from the restored epoch.
    step_epoch(qtbot, second, 3)


def test_discard_deletes_the_offered_file_and_keeps_the_example(qtbot, make_window, tmp_path, monkeypatch):
    first = make_window()
    step_epoch(qtbot, first, 1)
    path = autosaved_after_edit(qtbot, first)
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    shutil.copy(path, crashed / RECOVERY_NAME)
    first.close()

    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(crashed))
    second = make_window(settings_name="second.ini")
    assert second.recovery.offer.isVisible()
    qtbot.mouseClick(second.recovery.offer.discard_button, Qt.MouseButton.LeftButton)
    assert not second.recovery.offer.isVisible()
    assert list(crashed.glob("*.json")) == []
    assert second.session.latest_snapshot.epoch == 0
    assert second.windowTitle() == TITLE


def test_a_corrupt_recovery_file_is_renamed_with_a_message_and_the_example_opens(
        qtbot, make_window, tmp_path, monkeypatch):
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    (crashed / RECOVERY_NAME).write_text('{"format": "backprop-playground/experiment", "version": 1, "data": ')
    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(crashed))
    window = make_window()
    broken = crashed / (LAST_RUN_NAME + ".broken")
    assert broken.exists()
    assert not (crashed / RECOVERY_NAME).exists() and not (crashed / LAST_RUN_NAME).exists()
    assert "could not be read" in window.banner.text and str(broken) in window.banner.text
    assert not window.recovery.offer.isVisible()
    assert window.session.experiment.data.generator == "spiral"
    assert window.session.layer_sizes() == [2, 8, 8, 1]
    # Autosave still works in that folder.
    autosaved_after_edit(qtbot, window)


def test_a_second_window_does_not_take_over_a_running_windows_file(qtbot, make_window):
    first = make_window()
    path = autosaved_after_edit(qtbot, first)
    second = make_window(settings_name="second.ini")
    assert not second.recovery.enabled and not second.recovery.offer.isVisible()
    assert path.exists() and not path.with_name(LAST_RUN_NAME).exists()
    second.close()
    assert path.exists()  # still the first window's


def test_title_shows_the_file_with_a_star_while_unsaved_and_ctrl_s_saves_in_place(qtbot, window, tmp_path):
    assert window.windowTitle() == TITLE
    path = tmp_path / "run.json"
    assert window.files.save_as(path)
    assert window.windowTitle() == f"run.json — {TITLE}"
    assert window.editor.add_neuron(0)
    assert window.windowTitle() == f"run.json* — {TITLE}"
    assert window.save_action.shortcut().toString() == "Ctrl+S"
    window.save_action.trigger()  # in place: no dialog
    assert window.windowTitle() == f"run.json — {TITLE}"
    assert [layer.units for layer in load_experiment(path).network.hidden] == [9, 8]
    step_epoch(qtbot, window, 1)  # trained weights are unsaved work too
    assert window.windowTitle() == f"run.json* — {TITLE}"


def test_an_opened_trained_file_is_not_dirty_until_something_changes(qtbot, make_window, tmp_path):
    first = make_window()
    step_epoch(qtbot, first, 1)
    path = tmp_path / "trained.json"
    assert first.files.save_as(path)
    second = make_window(settings_name="second.ini")
    assert second.files.open(path)
    # The engine's first snapshot repeats the file's counters: that is no change.
    qtbot.waitUntil(lambda: second.live._drawn is second.session.latest_snapshot)
    wait_snapshot(qtbot, second.session, lambda s: s.epoch == 1)
    assert second.windowTitle() == f"trained.json — {TITLE}"
    assert second.actions.set_training(replace(second.session.experiment.training, learning_rate=0.1))
    assert second.windowTitle() == f"trained.json* — {TITLE}"
    second.undo_stack.undo()  # back to what was opened: clean again
    assert second.windowTitle() == f"trained.json — {TITLE}"


def test_closing_with_unsaved_changes_asks_save_discard_or_cancel(qtbot, make_window, tmp_path):
    untouched = make_window()
    untouched.files.ask_unsaved = lambda: pytest.fail("asked although nothing changed")
    assert untouched.close()

    window = make_window(settings_name="second.ini")
    path = tmp_path / "run.json"
    assert window.files.save_as(path)
    assert window.editor.add_neuron(0)
    asked = []
    window.files.ask_unsaved = lambda: asked.append("cancel") or "cancel"
    assert not window.close()
    assert asked and window.isVisible() and not window.session._closed
    recovery_file = window.recovery.path
    qtbot.waitUntil(recovery_file.exists, timeout=5000)
    window.files.ask_unsaved = lambda: "save"
    assert window.close()
    assert [layer.units for layer in load_experiment(path).network.hidden] == [9, 8]
    assert not recovery_file.exists()


CRASHING_APP = """
import os, sys
from PySide6.QtWidgets import QApplication
from playground.ui.window.main_window import MainWindow
from playground.ui.window.settings import make_settings
app = QApplication([])
window = MainWindow(mode="inprocess", settings=make_settings(sys.argv[1]))
window.show()
window.session.step_epoch()
while window.session.latest_snapshot.epoch < 1:
    app.processEvents()
written = []
window.recovery.written.connect(written.append)
window.editor.set_weight(0, 0, 0, 0.75)
while not written:
    app.processEvents()
os._exit(1)  # a crash: no close, no cleanup
"""


@pytest.mark.slow
def test_a_real_crash_leaves_the_file_and_the_next_window_restores_it(qtbot, make_window, tmp_path, monkeypatch):
    import os
    import subprocess
    import sys

    crashed = tmp_path / "crashed"
    env = dict(os.environ, PLAYGROUND_RECOVERY_DIR=str(crashed), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CRASHING_APP, str(tmp_path / "crash.ini")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stderr[-2000:]
    assert saved_weight(crashed / RECOVERY_NAME, 0, 0, 0) == 0.75
    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(crashed))
    window = make_window()  # the dead process's lock is stale: this window takes the folder
    assert window.recovery.enabled and window.recovery.offer.isVisible()
    qtbot.mouseClick(window.recovery.offer.restore_button, Qt.MouseButton.LeftButton)
    assert window.session.latest_snapshot.epoch == 1
    assert window.session.parameters()[0][0][0, 0] == 0.75


def test_an_unwritable_folder_turns_autosave_off_with_a_message(qtbot, make_window, tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(blocker / "recovery"))
    window = make_window()
    assert not window.recovery.enabled
    assert "Autosave is off" in window.banner.text
    assert window.editor.add_neuron(0)  # the window works as usual
    assert not window.recovery.save_now()


def crash_copy(path, folder):
    """What a killed process leaves in ``folder``: the recovery file and its sidecar."""
    folder.mkdir()
    shutil.copy(path, folder / RECOVERY_NAME)
    shutil.copy(path.with_name(SOURCE_NAME), folder / SOURCE_NAME)


def test_a_restored_session_remembers_its_file_and_save_writes_there(qtbot, make_window, tmp_path, monkeypatch):
    first = make_window()
    saved = tmp_path / "run.json"
    assert first.files.save_as(saved)
    step_epoch(qtbot, first, 1)
    path = autosaved_after_edit(qtbot, first, value=-0.5)
    assert read_source(path.with_name(SOURCE_NAME)) == saved  # the sidecar names the file
    assert load_experiment(saved).state.weights[0][0, 0] != -0.5  # the edit is unsaved
    crash_copy(path, tmp_path / "crashed")
    first.close()

    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(tmp_path / "crashed"))
    second = make_window(settings_name="second.ini")
    offer = second.recovery.offer
    assert offer.isVisible() and "run.json" in offer.label.text()
    # The window put the offer at its top (add_banner), above the message banner.
    assert second.centralWidget().layout().indexOf(offer) == 0
    qtbot.mouseClick(offer.restore_button, Qt.MouseButton.LeftButton)
    assert second.files.path == saved
    assert second.windowTitle() == f"run.json* — {TITLE}"  # its file, still unsaved
    assert not list((tmp_path / "crashed").glob("recovery-last-run*"))
    second.save_action.trigger()  # in place: no dialog
    assert second.windowTitle() == f"run.json — {TITLE}"
    state = load_experiment(saved).state
    assert state.weights[0][0, 0] == -0.5 and state.epoch == 1


def test_untitled_work_restores_untitled(qtbot, make_window, tmp_path, monkeypatch):
    first = make_window()
    path = autosaved_after_edit(qtbot, first)
    assert path.with_name(SOURCE_NAME).exists() and read_source(path.with_name(SOURCE_NAME)) is None
    crash_copy(path, tmp_path / "crashed")
    first.close()
    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(tmp_path / "crashed"))
    second = make_window(settings_name="second.ini")
    assert second.recovery.restore()
    assert second.files.path is None and second.windowTitle() == f"untitled* — {TITLE}"


@pytest.mark.parametrize("text", ['{"path": "relative/run.json"}', '{"path": 3}', "[]", "not json", ""])
def test_a_sidecar_that_names_no_absolute_file_restores_untitled(tmp_path, text):
    sidecar = tmp_path / SOURCE_NAME
    sidecar.write_text(text)
    assert read_source(sidecar) is None
    assert read_source(tmp_path / "missing.json") is None


def test_a_quit_without_close_keeps_unsaved_work_for_the_next_offer(qtbot, make_window, tmp_path, monkeypatch):
    first = make_window()
    path = autosaved_after_edit(qtbot, first)
    step_epoch(qtbot, first, 1)  # training progress waits 10 s for the timer: not autosaved yet
    assert load_experiment(path).state.epoch == 0
    first.shutdown()  # what app.aboutToQuit calls: a logout or SIGTERM, nobody asked
    assert path.exists() and load_experiment(path).state.epoch == 1  # the newest state, kept

    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(path.parent))
    second = make_window(settings_name="second.ini")
    assert second.recovery.offer.isVisible() and "epoch 1" in second.recovery.offer.label.text()


def test_a_quit_without_close_with_nothing_unsaved_removes_the_file(qtbot, window, tmp_path):
    path = autosaved_after_edit(qtbot, window)
    assert window.files.save_as(tmp_path / "run.json") and not window.files.dirty
    window.shutdown()
    assert not path.exists() and not path.with_name(SOURCE_NAME).exists()


TERMINATED_APP = """
import os, signal, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from playground.ui.app import connect_quit
from playground.ui.window.main_window import MainWindow
from playground.ui.window.settings import make_settings
app = QApplication([])
window = MainWindow(mode="inprocess", settings=make_settings(sys.argv[1]))
window.show()
connect_quit(app, window)  # as run_app wires it
if sys.argv[2] == "save":
    window.files.save_as(sys.argv[3])
window.editor.set_weight(0, 0, 0, 0.75)
if sys.argv[2] == "save":
    window.files.save_as(sys.argv[3])  # nothing unsaved
QTimer.singleShot(500, lambda: os.kill(os.getpid(), signal.SIGTERM))
sys.exit(app.exec())
"""


@pytest.mark.slow
@pytest.mark.parametrize("saved", [False, True])
def test_sigterm_quits_through_about_to_quit_and_keeps_only_unsaved_work(tmp_path, saved):
    import os
    import subprocess
    import sys

    folder = tmp_path / "recovery"
    env = dict(os.environ, PLAYGROUND_RECOVERY_DIR=str(folder), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", TERMINATED_APP, str(tmp_path / "term.ini"),
                          "save" if saved else "edit", str(tmp_path / "run.json")],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]  # a clean exit, not killed by the signal
    if saved:
        assert not (folder / RECOVERY_NAME).exists()
    else:
        assert saved_weight(folder / RECOVERY_NAME, 0, 0, 0) == 0.75
