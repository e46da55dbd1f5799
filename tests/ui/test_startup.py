"""Deferred start-up (issue 13): an empty frame first, the parts once it is painted."""

from __future__ import annotations

from PySide6.QtCore import Qt

from playground.ui.window.main_window import MainWindow
from playground.ui.window.settings import make_settings


def test_deferred_window_composes_after_its_first_paint(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(tmp_path / "recovery"))
    window = MainWindow(mode="inprocess", settings=make_settings(str(tmp_path / "s.ini")), defer=True)
    qtbot.addWidget(window)
    assert not window.is_ready and not hasattr(window, "session")  # nothing built before the frame
    seen = []
    window.when_ready(lambda: seen.append(window.session))
    window.show()
    with qtbot.waitSignal(window.ready, timeout=20_000):
        pass
    assert window.is_ready and seen == [window.session]
    # Whole: the same parts as an eagerly built window, and it trains.
    assert window.step_dock is not None and window.lessons is not None and window.help is not None
    # The input guard came last and still calmed the fields built and shown before it.
    assert window.data_panel.samples.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert window.hyper_panel.optimizer.focusPolicy() == Qt.FocusPolicy.StrongFocus
    window.session.play()
    qtbot.waitUntil(lambda: window.session.latest_snapshot is not None
                    and window.session.latest_snapshot.epoch >= 1, timeout=20_000)
    late = []
    window.when_ready(lambda: late.append(1))  # already whole: runs at once
    assert late == [1]
    window.files.ask_unsaved = lambda: "discard"
    window.close()
    assert window.session._closed


def test_closing_before_the_first_frame_builds_nothing(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(tmp_path / "recovery"))
    window = MainWindow(mode="inprocess", settings=make_settings(str(tmp_path / "s.ini")), defer=True)
    qtbot.addWidget(window)
    assert window.shutdown()
    window._finish()  # the first-frame timer firing late
    assert not window.is_ready and not hasattr(window, "session")


def test_closing_between_the_parts_and_the_docks_stops_the_engine(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(tmp_path / "recovery"))
    window = MainWindow(mode="inprocess", settings=make_settings(str(tmp_path / "s.ini")), defer=True)
    qtbot.addWidget(window)
    window.show()  # no event processed yet: the first frame is not painted
    window._finish()  # the parts now, as after that paint; the docks wait for the next turn of the event loop
    assert window.session is not None and not window.is_ready
    window.close()
    assert window.session._closed
    qtbot.wait(100)  # the docks' turn comes and does nothing
    assert not window.is_ready and not hasattr(window, "step_dock")
