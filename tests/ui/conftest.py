"""Fixtures for the app tests: a Session / window that is always shut down."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication


@pytest.fixture
def session(qtbot):
    """A Session on the default example, engine in-process (fast, deterministic)."""
    from playground.ui.session import Session

    s = Session(mode="inprocess")
    yield s
    assert s.shutdown()


def wait_snapshot(qtbot, session, predicate, timeout=10_000):
    """Wait until the session's newest snapshot satisfies ``predicate``; return it."""
    qtbot.waitUntil(lambda: session.latest_snapshot is not None and predicate(session.latest_snapshot),
                    timeout=timeout)
    return session.latest_snapshot


@pytest.fixture
def make_window(qtbot, tmp_path, monkeypatch):
    """Factory of shown main windows (in-process engine by default), closed after the test.

    Autosave goes to ``tmp_path/recovery`` (``PLAYGROUND_RECOVERY_DIR``), and closing
    with unsaved changes discards them (no dialog blocks a test).
    """
    from playground.ui.window.main_window import MainWindow
    from playground.ui.window.settings import make_settings

    windows = []
    # Read when a window is made: a test may point it elsewhere (monkeypatch.setenv) before make().
    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(tmp_path / "recovery"))

    def make(mode="inprocess", settings_name="settings.ini", **kwargs):
        window = MainWindow(mode=mode, settings=make_settings(str(tmp_path / settings_name)), **kwargs)
        window.files.ask_unsaved = lambda: "discard"
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        window.raise_()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        assert window.session._closed
    # Closed is not gone: signal connections keep the windows' wrappers alive, and every
    # later theme change would restyle dozens of dead windows (a restart test timed out).
    for window in windows:
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(make_window):
    return make_window()
