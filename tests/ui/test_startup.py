"""Start-up (issue 13): a whole window at once, the engine after its first frame, the docks on first show."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from playground.ui.window.lazy_dock import LazyDock
from playground.ui.window.main_window import MainWindow
from playground.ui.window.settings import make_settings


def _deferred(qtbot, tmp_path, monkeypatch, settings_name="s.ini"):
    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(tmp_path / "recovery"))
    window = MainWindow(mode="inprocess", settings=make_settings(str(tmp_path / settings_name)), defer=True)
    qtbot.addWidget(window)
    window.files.ask_unsaved = lambda: "discard"
    return window


def test_deferred_window_starts_its_engine_after_the_first_frame(qtbot, tmp_path, monkeypatch):
    window = _deferred(qtbot, tmp_path, monkeypatch)
    # Whole before it is shown: the panels, canvas and plots exist; only the engine waits.
    assert window.editor is not None and window.output.boundary is not None and window.lessons is not None
    assert not window.is_ready and not window.session.engine_started
    # The boundary grid waits for the first paint too: no forward pass over it, nothing drawn yet.
    assert window.live.held and window.live.neuron_maps is None and window.output.boundary.image.image is None
    seen = []
    window.when_ready(lambda: seen.append((window.session.engine_started, window.live.held)))
    window.show()
    with qtbot.waitSignal(window.ready, timeout=20_000):
        pass
    assert window.is_ready and seen == [(True, False)]
    assert window.live.neuron_maps is not None and window.output.boundary.image.image is not None
    # The input guard came with the first frame and still calmed the fields shown before it.
    assert window.data_panel.samples.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert window.hyper_panel.optimizer.focusPolicy() == Qt.FocusPolicy.StrongFocus
    window.session.play()  # commands sent before the engine started waited for it
    qtbot.waitUntil(lambda: window.session.latest_snapshot is not None
                    and window.session.latest_snapshot.epoch >= 1, timeout=20_000)
    late = []
    window.when_ready(lambda: late.append(1))  # already ready: runs at once
    assert late == [1]
    window.close()
    assert window.session._closed


def test_after_paint_calls_back_once_after_a_paint_or_at_its_limit(qtbot):
    from PySide6.QtWidgets import QWidget

    from playground.ui.window.main_window import _AfterPaint

    shown, hidden = QWidget(), QWidget()
    qtbot.addWidget(shown)
    qtbot.addWidget(hidden)
    calls = []
    _AfterPaint(shown, lambda: calls.append("painted"), timeout_ms=5_000)
    _AfterPaint(hidden, lambda: calls.append("limit"), timeout_ms=50)  # never painted
    shown.show()
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=3_000)
    assert sorted(calls) == ["limit", "painted"]
    shown.repaint()
    qtbot.wait(100)
    assert len(calls) == 2  # once each, whatever comes later


def test_closing_before_the_first_frame_never_starts_the_engine(qtbot, tmp_path, monkeypatch):
    window = _deferred(qtbot, tmp_path, monkeypatch)
    assert window.shutdown()
    assert window.session._closed and not window.session.engine_started
    window._on_first_frame()  # the first-frame timer firing late
    window.session.start_engine()
    assert not window.session.engine_started and not window.is_ready


def test_the_teaching_docks_are_built_when_first_shown(window, qtbot):
    docks = [window.step_dock, window.explain.gradient_dock, window.explain.landscape_dock]
    assert all(isinstance(dock, LazyDock) and not dock.is_built for dock in docks)
    assert all(dock.toggleViewAction() in window.view_menu.actions() for dock in docks)
    window.step_dock.toggleViewAction().trigger()  # View > Step through
    qtbot.waitUntil(lambda: window.step_dock.isVisible())
    panel = window.step_dock.widget()
    assert window.step_dock.is_built and panel.isVisible() and panel.active  # it heard its first show
    assert not window.explain.gradient_dock.is_built  # the others still wait
    view = window.explain.landscape  # asked for in code: built, still hidden
    assert window.explain.landscape_dock.is_built and window.explain.landscape_dock.isHidden()
    assert view is window.explain.landscape_dock.widget() is window.explain.landscape


def test_a_lazily_built_view_reports_lesson_actions(window, qtbot, monkeypatch):
    recorded = []
    monkeypatch.setattr(window.lessons.panel, "record_action", recorded.append)
    window.explain.landscape_dock.show()  # built now, after the wiring was set up
    window.explain.landscape.action_done.emit("viewed_landscape")
    window.step_dock.widget().action_done.emit("applied_step")
    assert recorded == ["viewed_landscape", "applied_step"]


def test_a_dock_left_open_is_built_and_shown_at_the_next_start(make_window, qtbot):
    first = make_window(settings_name="docks.ini")
    first.explain.gradient_dock.show()
    qtbot.waitUntil(lambda: first.explain.gradient_dock.isVisible())
    first.close()
    second = make_window(settings_name="docks.ini")
    qtbot.waitUntil(lambda: second.explain.gradient_dock.isVisible())
    assert second.explain.gradient_dock.is_built and not second.step_dock.is_built


def test_a_lesson_that_shows_a_dock_builds_it(window, qtbot):
    from playground.lessons import shipped_lessons

    path = next(p for p in shipped_lessons() if "loss-landscape" in p.name)
    assert not window.explain.landscape_dock.is_built
    assert window.lessons.panel.open_file(path)
    qtbot.waitUntil(lambda: window.explain.landscape_dock.isVisible())
    assert window.explain.landscape_dock.is_built and window.explain.landscape.isVisible()
    window.explain.landscape.action_done.emit("viewed_landscape")  # reaches the lesson's checkpoints
    qtbot.waitUntil(lambda: window.lessons.panel.checkpoint_states()[2])


def test_the_lesson_panel_is_built_with_the_first_lesson(window, qtbot):
    assert not window.lessons.dock.is_built
    window.lessons.record_action("applied_step")  # no panel, no lesson: nothing to record, nothing built
    assert not window.lessons.dock.is_built and not window.lessons.close_action.isEnabled()
    window.lessons.open_browser()  # Lessons > Browse lessons…
    assert window.lessons.dock.is_built and window.lessons.panel.lesson is None
    window.lessons.browser.close()


# The app's own start-up order (cli.main with no arguments: ui.app, then the window), in a fresh
# interpreter; prints the playground modules first imported after PySide6.
LATE_IMPORTS = """
import os, sys
os.environ["PLAYGROUND_ENGINE"] = "inprocess"
from playground import cli
import playground.ui.app as app_module
assert "PySide6" not in sys.modules, "ui.app must not load Qt at import: it imports the Qt-free layers first"
before = set(sys.modules)
from playground.ui.window.main_window import MainWindow
from playground.ui.window.settings import make_settings
app = app_module.prepare_application()
window = MainWindow(settings=make_settings(sys.argv[1]), defer=True)
window.show()
app.processEvents()
print(" ".join(sorted(m for m in set(sys.modules) - before if m.startswith("playground."))))
print(" ".join(m for m in sys.argv[2:] if m in sys.modules))
window.shutdown()
"""

# Modules the first frame does not need, each ~2-25 ms of start-up: imported where they are used.
# numpy.ma comes with the first np.unique call; concurrent.futures with the autosave thread (first
# write); uuid with saving an experiment; html with the About dialog; the Help dialogs when opened;
# the export writers with the first export (the plain launch builds no CLI parser, which lists them);
# the explain package (walkthrough, gradient check, landscape) with the teaching docks.
NOT_AT_START = ("numpy.ma", "concurrent.futures", "uuid", "html", "playground.ui.help.about",
                "playground.ui.help.guide", "playground.ui.help.shortcuts", "playground.export",
                "playground.explain")


@pytest.fixture(scope="module")
def start_up_imports(tmp_path_factory):
    """The app's start-up in a fresh interpreter: (playground modules imported after PySide6,
    modules of NOT_AT_START that were imported)."""
    tmp_path = tmp_path_factory.mktemp("start_up")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLAYGROUND_RECOVERY_DIR=str(tmp_path / "recovery"))
    out = subprocess.run([sys.executable, "-c", LATE_IMPORTS, str(tmp_path / "s.ini"), *NOT_AT_START],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    late, loaded = out.stdout.splitlines()[-2:]
    return late.split(), loaded.split()


def test_the_qt_free_layers_load_before_pyside6(start_up_imports):
    """ui/app.py imports every Qt-free module the first frame needs before PySide6 (its import hook)."""
    late, _ = start_up_imports
    assert any(m.startswith("playground.ui.") for m in late)  # the probe saw the window's own imports
    # The training layer's one Qt module (the QThread worker) cannot come earlier.
    qt_free_late = [m for m in late if not m.startswith("playground.ui") and m != "playground.training.worker"]
    assert qt_free_late == []


def test_the_first_frame_imports_nothing_it_does_not_need(start_up_imports):
    _, loaded = start_up_imports
    assert loaded == []


# The real entry point (cli.main, no arguments) in a fresh interpreter: is the collector off while the
# window is built, and on again, with start-up's objects frozen, once its first frame is up?
COLLECTOR_AT_START = """
import gc, sys
from playground import cli
import playground.ui.app as app_module

seen = {}
real_prepare = app_module.prepare_application

def prepare_application():
    seen["building"] = gc.isenabled()
    return real_prepare()

def on_ready(app, window, experiment):
    seen["first frame"] = gc.isenabled()
    seen["frozen"] = gc.get_freeze_count() > 10_000
    window.files.ask_unsaved = lambda: "discard"
    window.close()
    app.quit()

app_module.prepare_application = prepare_application
app_module._on_window_ready = on_ready
status = cli.main([])
print(status, seen["building"], seen["first frame"], seen["frozen"], gc.isenabled())
"""


def test_the_collector_is_paused_until_the_first_frame(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLAYGROUND_ENGINE="inprocess",
               PLAYGROUND_SETTINGS=str(tmp_path / "s.ini"), PLAYGROUND_RECOVERY_DIR=str(tmp_path / "recovery"))
    out = subprocess.run([sys.executable, "-c", COLLECTOR_AT_START], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    # exit status, on while building, on at the first frame, start-up frozen, on at the end
    assert out.stdout.split()[-5:] == ["0", "False", "True", "True", "True"]


def test_the_welcome_check_after_the_first_frame_does_not_load_the_lessons():
    """Every start reads the 'welcomed' key just after its first frame (Lessons.offer_welcome); the
    lessons package (parser, checkpoints, rich text: ~20 ms) loads only when a lesson is shown."""
    code = ("import sys\nfrom playground.ui.lessons import progress_store\n"
            "print(progress_store.WELCOMED_KEY, 'playground.lessons' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["lessons/welcomed", "False"]
