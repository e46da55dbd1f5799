"""Messages go away once their cause is gone; a silent engine is reported and can be restarted.

The watchdog test uses a real child process that is stopped with SIGSTOP (and
always continued or killed after), with a short deadline for the test.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import wait_snapshot


def _diverge(session):
    session.apply_network(replace(session.network_spec, output_activation="identity"), *session.parameters())
    session.set_training(loss="mse", learning_rate=10.0)


def test_the_nan_message_goes_away_when_training_resumes(qtbot, window):
    session = window.session
    _diverge(session)
    session.play()
    qtbot.waitUntil(lambda: "NaN" in window.banner.text, timeout=10_000)
    qtbot.waitUntil(lambda: not session.running)
    assert window.banner.cause == "nan"
    window.actions.set_training(replace(session.experiment.training, learning_rate=0.001))
    assert "NaN" in window.banner.text  # a new setting alone is no proof: still shown
    window.bar.play_action.trigger()
    assert session.running and window.banner.text == ""
    wait_snapshot(qtbot, session, lambda s: s.running and s.epoch >= 2)
    assert window.banner.text == ""


def test_another_message_is_not_cleared_by_training(qtbot, window):
    window.show_message("Learning rate: 'abc' is not a number")
    window.session.play()
    wait_snapshot(qtbot, window.session, lambda s: s.running)
    assert "abc" in window.banner.text


def _banner_button(window):
    return window.banner.action_button


@pytest.mark.slow
def test_a_killed_engine_message_goes_away_when_the_engine_is_back(qtbot, make_window):
    window = make_window(mode="process")
    session = window.session
    session.play()
    wait_snapshot(qtbot, session, lambda s: s.epoch >= 2, timeout=30_000)
    os.kill(session._thread.worker._backend.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: "stopped unexpectedly" in window.banner.text, timeout=10_000)
    assert window.banner.cause == "engine" and _banner_button(window).isVisible()
    window.bar.play_action.trigger()  # Play starts a fresh engine
    wait_snapshot(qtbot, session, lambda s: s.running and s.new_epochs.size > 0, timeout=30_000)
    qtbot.waitUntil(lambda: window.banner.text == "", timeout=10_000)


@pytest.mark.slow
def test_a_stopped_engine_is_reported_within_seconds_and_restart_continues(qtbot, make_window, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_WATCHDOG_S", "0.5")
    window = make_window(mode="process")
    session = window.session
    worker = session._thread.worker
    assert worker.watchdog_s == 0.5
    session.play()
    wait_snapshot(qtbot, session, lambda s: s.running and s.epoch >= 3, timeout=30_000)
    pid = worker._backend.pid
    try:
        os.kill(pid, signal.SIGSTOP)
        start = time.monotonic()
        qtbot.waitUntil(lambda: "has not answered" in window.banner.text, timeout=5_000)
        assert time.monotonic() - start < 3.0
        assert "stopped by a signal" in window.banner.text and window.banner.cause == "engine"
        # The banner appeared while the child was stopped: the GUI thread never waited for it.
        stuck = session.latest_snapshot.epoch
        button = _banner_button(window)
        assert button.isVisible() and button.text() == "Restart engine"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        wait_snapshot(qtbot, session, lambda s: s.running and s.epoch > stuck + 2, timeout=30_000)
        assert worker._backend.pid != pid
        assert window.banner.text == ""
    finally:
        try:
            os.kill(pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
