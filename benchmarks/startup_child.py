"""The measured side of the start-up benchmarks: one launch of the app or of the bare window.

``startup_bench.py`` (seconds to the composed frame) and ``startup_phases.py``
(instructions per phase) run this file as their child process::

    python startup_child.py app|bare [STOP] [--parts]

It loads nothing the measured program does not: only ``os``, ``sys`` and
``time`` come before it. (The child used to be ``startup_bench.py`` itself, whose
own imports, argparse, json, statistics, subprocess and tempfile, ran before
the measured program: 22 M instructions in the bare window, 18 M in the app,
which imports some of them itself.)

Without ``STOP`` it runs to the composed frame: the probe (:func:`watch_window`)
prints ``visible-at`` and ``composed-at`` times and ends the process. With
``STOP`` (a phase of :data:`APP_PHASES` or :data:`BARE_PHASES`, or with
``--parts`` one of :data:`PARTS` or ``"window's modules"``) it ends there
instead, printing ``reached STOP``; ``*`` prints every stop it passes, the
composed frame included, each with a :func:`stamp` (when, CPU time, page faults).

- ``bare``: PySide6, a QApplication, pyqtgraph (which imports NumPy), then a
  ``QMainWindow`` whose central widget is one ``pyqtgraph.PlotWidget``.
- ``app``: the real entry point (``playground.cli.main([])``, the default
  example), so everything loads in the order a real launch has. The stops and
  the probe go in through wrappers of the functions it calls (``run_app``,
  ``prepare_application``, ``QMainWindow.show``): ``playground/ui`` is not
  changed for it.
"""

from __future__ import annotations

import os
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
KINDS = ("bare", "app")
MARK = "visible-at "
COMPOSED = "composed-at "
REACHED = "reached "
#: The stop that is every stop: the launch prints each one it passes and runs on to the composed
#: frame (``startup_phases.py --dry-run``: one launch checks them all).
EVERY_STOP = "*"
MODULES = "window imported: "
#: Separates a stop's label from its stamp (:func:`stamp`) on a ``reached`` line.
SEP = "\t"
#: Set by an :data:`EVERY_STOP` launch: the composed frame prints a :func:`stamp` too.
_stamps = False

#: The app's phases, in the order of a real launch (see startup_phases.py).
APP_PHASES = ("python", "qt-free layers", "window module", "QApplication", "window built")
#: The bare window's phases.
BARE_PHASES = ("python", "PySide6", "QApplication", "pyqtgraph", "window built")
#: The parts of building the app's window (``--parts``), each ``(label, module, attribute, method)``:
#: the part ends when ``module.attribute`` is made (``method`` None: its ``__init__`` returned) or when
#: its ``method`` returns. In the order MainWindow builds them; a rename there must be made here too
#: (``tests/test_benchmarks_run.py`` runs every stop).
PARTS = (
    ("session", "playground.ui.session", "Session", None),
    ("canvas", "playground.ui.canvas", "NetworkEditor", None),
    ("training bar", "playground.ui.panels.training_bar", "TrainingBar", None),
    ("data panel", "playground.ui.panels.data_panel", "DataPanel", None),
    ("hyperparameters", "playground.ui.panels.hyper_panel", "HyperPanel", None),
    ("four plots", "playground.ui.panels.output_panel", "OutputPanel", None),
    ("left column", "playground.ui.window.main_window", "MainWindow", "_left_column"),
    ("menus", "playground.ui.window.main_window", "MainWindow", "_build_menus"),
    ("live view, first drawing", "playground.ui.live.live_view", "LiveView", None),
    ("rest of the composition", "playground.ui.window.main_window", "MainWindow", "_compose"),
    ("teaching docks", "playground.ui.window.main_window", "MainWindow", "_compose_docks"),
)
#: With ``--parts``: the window's modules (pyqtgraph and ours), imported up front after the
#: QApplication, in the order the window imports them ($STARTUP_WINDOW_MODULES, space-separated;
#: a launch with $STARTUP_LIST_MODULES set prints that list when the window is built).
WINDOW_MODULES = "window's modules"


def reached(label: str, stop: str | None) -> None:
    """End the process here if ``label`` is the stop asked for (with :data:`EVERY_STOP`: say so, go on).

    With :data:`EVERY_STOP` the line also carries the moment, the CPU time and the page faults so
    far (:func:`stamp`): ``startup_phases.py --seconds`` times each phase from one launch.
    """
    if stop == EVERY_STOP:
        print(f"{REACHED}{label}{stamp()}", flush=True)
    elif label == stop:
        print(f"{REACHED}{label}", flush=True)
        os._exit(0)


def stamp() -> str:
    """What follows a stop's label: monotonic seconds, this process's CPU seconds and its minor
    page faults so far (-1 off Linux), each after a :data:`SEP`.

    The monotonic clock is the one the parent reads before it spawns the child, so the two compare.
    Read only in an :data:`EVERY_STOP` launch: the file read is not part of a measured start.
    """
    try:
        with open("/proc/self/stat", "rb") as stat:
            faults = int(stat.read().rsplit(b")", 1)[1].split()[7])  # minflt, field 10 of proc(5)
    except OSError:
        faults = -1
    return f"{SEP}{time.monotonic():.6f}{SEP}{time.process_time():.6f}{SEP}{faults}"


def watch_window(window) -> None:
    """Print ``MARK <monotonic>`` after ``window``'s first painted frame and ``COMPOSED <monotonic>``
    after the first frame in which all its visible QGraphicsViews have painted, then quit.

    Called just before ``window.show()``. The probe is an event filter on a handful of objects only:
    the window, its direct child widgets (menu bar, toolbars, central widget, docks: one of them
    paints in the first frame) and the viewports of its graphics views. An application-wide Python
    filter, as this benchmark used before, sees every event of every widget (~15,000 while the app
    builds and shows its window, a few hundred for the bare one), each wrapped for Python: measured
    with valgrind it was ~10 % of the app's instructions to its first frame, so it slowed the app
    more than the bare window it is compared with.
    """
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
    from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

    app = QApplication.instance()
    visible_event = QEvent.Type(QEvent.registerEventType())
    composed_event = QEvent.Type(QEvent.registerEventType())
    views = window.findChildren(QGraphicsView)
    viewports = [view.viewport() for view in views]

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False
            self.whole = False
            self.painted: list = []  # the QGraphicsViews whose viewport has painted

        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if self.whole or event.type() != QEvent.Type.Paint:
                return False
            if not self.seen:
                self.seen = True
                self.after_frame(visible_event)
            view = obj.parentWidget()
            if isinstance(view, QGraphicsView) and obj is view.viewport():
                if not any(view is seen for seen in self.painted):
                    self.painted.append(view)
                shown = [v for v in views if v.isVisible()]
                if all(any(v is seen for seen in self.painted) for v in shown):
                    self.whole = True
                    self.after_frame(composed_event)
            return False

        def after_frame(self, kind) -> None:
            # Delivered once the frame being painted is drawn and flushed (the paint runs inside one
            # event; posted events wait for it), and at high priority: before the timers and queued
            # calls the window itself started from that paint, so its own post-frame work (e.g. the
            # app starting its engine) is not counted as drawing the frame.
            QCoreApplication.postEvent(self, QEvent(kind), Qt.EventPriority.HighEventPriority.value)

        def customEvent(self, event) -> None:  # noqa: N802 - Qt's name
            if event.type() == visible_event:
                print(f"{MARK}{time.monotonic():.6f}", flush=True)
            elif event.type() == composed_event:
                print(f"{COMPOSED}{time.monotonic():.6f}", flush=True)
                if _stamps:
                    print(f"{REACHED}composed{stamp()}", flush=True)
                # Gone at once: closing the window, saving its settings and Python's shutdown are not
                # part of the start-up, and would count in --instructions (more for the bigger app).
                os._exit(0)

    probe = FirstPaint()
    app._first_paint = probe  # kept alive with the app
    for obj in [window, *window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly),
                *viewports]:
        obj.installEventFilter(probe)


def run_bare(stop: str | None = None) -> int:
    # Written the plain way: PySide6 first, then pyqtgraph, which imports NumPy. (NumPy imported
    # before PySide6 would start 50 M instructions sooner: PySide6's import hook reads the source of
    # each module imported after it. The app does that with its own Qt-free layers, ui/app.py; the
    # baseline is kept as issue 13 describes it.)
    reached("python", stop)
    from PySide6.QtWidgets import QApplication, QMainWindow

    reached("PySide6", stop)
    app = QApplication(sys.argv[:1])
    reached("QApplication", stop)
    import pyqtgraph as pg

    reached("pyqtgraph", stop)
    window = QMainWindow()
    window.setCentralWidget(pg.PlotWidget())
    window.resize(1200, 800)
    reached("window built", stop)
    watch_window(window)
    window.show()
    return app.exec()


def run_app(stop: str | None = None, parts: bool = False) -> int:
    reached("python", stop)
    sys.path.insert(0, ROOT)
    from playground import cli

    # The real entry point in its own order (cli.main: the app module, then the QApplication).
    # Making the QApplication here first would change what loads when.
    real_open_app = cli._open_app

    def open_app(experiment):
        from playground.ui import app as ui_app  # what _open_app imports first

        real_run_app, real_prepare = ui_app.run_app, ui_app.prepare_application

        def run_app(experiment=None):
            reached("qt-free layers", stop)
            return real_run_app(experiment)

        def prepare_application():
            reached("window module", stop)
            app = real_prepare()
            reached("QApplication", stop)
            from PySide6.QtWidgets import QMainWindow

            real_show = QMainWindow.show
            # For --parts: what building the window imports (startup_phases.py asks once, no valgrind).
            before = set(sys.modules) if os.environ.get("STARTUP_LIST_MODULES") else None

            def show(window):
                if before is not None:
                    print(MODULES + " ".join(m for m in sys.modules if m not in before), flush=True)
                reached("window built", stop)
                watch_window(window)
                real_show(window)

            QMainWindow.show = show
            if parts:
                _import_window_modules(stop)
                _end_parts_at(stop)
            return app

        ui_app.run_app, ui_app.prepare_application = run_app, prepare_application
        return real_open_app(experiment)

    cli._open_app = open_app
    return cli.main([])


def _import_window_modules(stop: str | None) -> None:
    import importlib

    for name in os.environ.get("STARTUP_WINDOW_MODULES", "").split():
        importlib.import_module(name)
    reached(WINDOW_MODULES, stop)


def _end_parts_at(stop: str | None) -> None:
    """Wrap each part's end (see :data:`PARTS`) with a :func:`reached`."""
    import importlib

    for label, module, attribute, method in PARTS:
        owner = getattr(importlib.import_module(module), attribute, None)
        name = method or "__init__"
        real = getattr(owner, name, None)
        if real is None:
            raise SystemExit(f"part {label!r}: {module}.{attribute}.{name} is gone; update PARTS")

        def ended(self, *args, _real=real, _label=label, **kwargs):
            result = _real(self, *args, **kwargs)
            reached(_label, stop)
            return result

        setattr(owner, name, ended)


if __name__ == "__main__":
    kind, stop = sys.argv[1], next((a for a in sys.argv[2:] if not a.startswith("--")), None)
    _stamps = stop == EVERY_STOP
    if kind == "bare":
        sys.exit(run_bare(stop))
    sys.exit(run_app(stop, parts="--parts" in sys.argv[2:]))
