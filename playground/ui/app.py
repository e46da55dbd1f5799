"""Start the Qt application and show the main window.

Environment variables (for tests, CI and debugging):

``PLAYGROUND_ENGINE``
    ``process`` (default: training in a child process) or ``inprocess``.
``PLAYGROUND_SMOKE``
    A PNG path: train for a moment, grab the window into that file, check
    that it is not blank, then quit (exit status 0 if it drew, 3 if not).
``PLAYGROUND_SETTINGS``
    An INI file to keep the window settings in instead of the user's.
``PLAYGROUND_RECOVERY_DIR``
    The folder for the autosaved recovery file instead of the app's data folder
    (see ``playground.ui.files.recovery``).
"""

from __future__ import annotations

import os
import sys

from playground import startup_gc
from playground.training.blas import limit_blas_threads

# Before NumPy loads: OpenBLAS would start a thread per CPU it detects (dozens on
# a big host) for our tiny matrices; measured here, a 10000x8 @ 8x8 product took
# 4 ms that way and 0.05 ms on one thread. The engine child inherits this too.
limit_blas_threads()

# The Qt-free layers the window uses, imported here (after the call above, which must come
# before NumPy) because nothing has loaded PySide6 yet: once it is loaded, its import hook
# (shiboken's feature check) reads the source of each module imported for the first time.
# These and the standard modules they bring (multiprocessing) skip that: ~5 ms at start.
# tests/ui/test_startup.py checks that the list is complete. (playground.explain is not
# among them: the teaching docks load it when first shown.)
import playground.assets  # noqa: E402,F401
import playground.experiment.build  # noqa: E402,F401
import playground.experiment.edits  # noqa: E402,F401
import playground.notation  # noqa: E402,F401
import playground.training.backends  # noqa: E402,F401
import playground.training.headless  # noqa: E402,F401
import playground.training.status  # noqa: E402,F401
import playground.training.thread_registry  # noqa: E402,F401

SMOKE_FRAMES = 20


def prepare_application():
    """The QApplication as the app runs it: names, icon, remembered system look, style sheet.

    Shared by :func:`run_app` and the screenshot script (docs/screenshots.py), so
    the pictures show the app as users see it.
    """
    from PySide6.QtWidgets import QApplication

    from playground.ui.panels.training_bar import icon
    from playground.ui.style.themes import remember_system_look

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Backprop Playground")
    app.setOrganizationName("Backprop Playground")
    app.setWindowIcon(icon("app"))
    # View > Theme > System brings this look back. (No app-wide style sheet: see ui/style/sheets.py.)
    remember_system_look(app)
    return app


def run_app(experiment: str | None = None) -> int:
    """Create the QApplication, open the main window on ``experiment`` (a file) or the example."""
    from playground.ui.window.main_window import MainWindow
    from playground.ui.window.settings import make_settings

    app = prepare_application()
    # The engine process, a file to open and the welcome wait for the first frame (issue 13: the window appears fast).
    window = MainWindow(settings=make_settings(os.environ.get("PLAYGROUND_SETTINGS")), defer=True)
    window.show()
    # First, before the file or the welcome: the collector paused by cli.main runs again.
    window.when_ready(startup_gc.resume_after_start)
    window.when_ready(lambda: _on_window_ready(app, window, experiment))
    connect_quit(app, window)
    return app.exec()


def _on_window_ready(app, window, experiment: str | None) -> None:
    """What starts once the first frame is painted: the file asked for, the smoke test or the welcome."""
    if experiment:
        window.files.open(experiment)  # an error dialog, then the example stays open
    smoke = os.environ.get("PLAYGROUND_SMOKE")
    if smoke:
        _arm_smoke_test(app, window, smoke)
    elif not experiment:
        window.lessons.offer_welcome()  # the lesson browser, on the first start only


def connect_quit(app, window) -> None:
    """Every way the app ends shuts the window down cleanly (worker and engine included).

    - Ctrl+C in the terminal closes the window (asking about unsaved work, as
      the close button does).
    - SIGTERM (``kill``, a logout) and any other quit without a close reach the
      window through ``app.aboutToQuit``: nobody can be asked then, so unsaved
      work keeps its autosave for the next start's offer (``MainWindow.shutdown``).

    Python runs signal handlers only between bytecodes, never while Qt's event
    loop waits in C++; a cheap timer gives it a chance four times a second.
    """
    import signal

    from PySide6.QtCore import QTimer

    app.aboutToQuit.connect(window.shutdown)
    signal.signal(signal.SIGINT, lambda *_: window.close())
    # exit(), not quit(): Qt 6's quit() closes the windows first, and the unsaved-work question
    # would wait for an answer nobody gives (a logout, ``kill``).
    signal.signal(signal.SIGTERM, lambda *_: app.exit(0))
    tick = QTimer(window)
    tick.timeout.connect(lambda: None)
    tick.start(250)


def _arm_smoke_test(app, window, path: str) -> None:
    """Press Play, wait for frames, grab the window, judge it, quit."""
    from PySide6.QtCore import QTimer

    window.session.play()
    status = {"code": 3}

    def check() -> None:
        if window.live.frames < SMOKE_FRAMES or window.session.latest_snapshot.epoch < 1:
            return
        timer.stop()
        image = window.grab().toImage()
        image.save(path)
        ok, reason = judge_screenshot(image)
        print(f"smoke: {window.live.frames} frames, epoch {window.session.latest_snapshot.epoch}, "
              f"{image.width()}x{image.height()}, {reason}", flush=True)
        status["code"] = 0 if ok else 3
        app.exit(status["code"])

    timer = QTimer(window)
    timer.timeout.connect(check)
    timer.start(100)
    QTimer.singleShot(60_000, lambda: app.exit(4))  # never hang a CI job


def judge_screenshot(image) -> tuple[bool, str]:
    """Whether a grabbed window image shows a drawn UI: many colours, the boundary's orange and blue.

    Returns
    -------
    (bool, str)
        The verdict and a one-line reason.
    """
    import numpy as np

    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    if w < 200 or h < 200:
        return False, f"window too small ({w}x{h})"
    buffer = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    rgb = buffer.reshape(h, image.bytesPerLine())[:, : w * 3].reshape(h, w, 3).astype(int)
    colours = len(np.unique(rgb[::4, ::4].reshape(-1, 3), axis=0))
    orange = np.sum((np.abs(rgb - [245, 147, 34]).sum(axis=-1) < 60))
    blue = np.sum((np.abs(rgb - [8, 119, 189]).sum(axis=-1) < 60))
    ok = colours > 50 and orange > 200 and blue > 200
    return ok, f"{colours} colours, {orange} orange and {blue} blue pixels"
