"""Time to a visible window: the app against a bare PySide6 window with one pyqtgraph plot.

Usage (from the checkout)::

    .venv/bin/python benchmarks/startup_bench.py               # 5 launches of each, alternating
    .venv/bin/python benchmarks/startup_bench.py --launches 2  # a quick look

Each launch is a fresh Python process (this script with ``--child app`` or
``--child bare``); the parent notes ``time.monotonic()`` just before starting
it. Both children are measured the same way, by an event filter that goes on
the main window, its direct child widgets and its graphics views' viewports
just before the window is shown (``_watch_window``: not an application-wide
filter, which would tax every event of the app's build, see there):

- "visible": the first Paint event of any widget of a ``QMainWindow``;
- "composed": the first frame after which every visible ``QGraphicsView`` of
  that window (the bare window's plot; the app's network canvas and its four
  plots) has painted its viewport, so the canvas and plots are on screen, not
  only a frame or a placeholder.

Each is printed as ``time.monotonic()`` from an event posted by that paint at
high priority: delivered once the frame is drawn and flushed, and before any
timer or queued call the window started from the same paint (the app starts its
engine after its first frame; that work is not the frame's). The child quits
after "composed" (``os._exit``: its shutdown is not measured). The
monotonic clock is shared by all processes, so the differences are spawn to
painted frame, Python start-up and imports included.

- ``bare``: imports PySide6 and pyqtgraph, shows a ``QMainWindow`` whose
  central widget is one ``pyqtgraph.PlotWidget``.
- ``app``: runs the real entry point (``playground.cli.main([])``, the default
  example), so everything loads in the order a real launch has; the probe goes
  in through a wrapper of ``QMainWindow.show`` set once the app has made its
  QApplication (``prepare_application``); ``playground/ui`` is not changed for it.

The ratio of issue 13 (goal <= 1.25) is the app's median "composed" over the
bare window's median "composed" (for the bare window both are the same frame).

Bytecode: an installed app runs from compiled bytecode (pip compiles a wheel's
modules when it installs them; the bundle ships them compiled), and so does
pyqtgraph in the venv. Run from a checkout with ``PYTHONDONTWRITEBYTECODE`` set,
the app would compile its ~170 modules from source at every launch (~0.25 s
here) and the bare window nothing, so the package's bytecode is compiled first
(``compileall``, into the checkout's ``__pycache__``); ``--source`` skips that
to measure the checkout as it is.

``--instructions`` adds one launch of each under valgrind (cachegrind, no cache
simulation, one BLAS thread for both: see ``_instructions``): the instructions
each runs to its composed frame and their ratio.
Seconds on a shared machine move with its load (the ratio of medians has ranged
from 1.37 to 1.78 for the same code within minutes here); the instruction count
moves by less than 0.1 %, so it shows what a change saves.

One untimed launch of each comes first (disk cache). Prints min / median / max
of each over the launches (alternating which goes first) and the ratio; the
last line is one JSON object. Uses the display of the environment
(``QT_QPA_PLATFORM``; offscreen when there is no ``DISPLAY``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
KINDS = ("bare", "app")
MARK = "visible-at "
COMPOSED = "composed-at "


def _watch_window(window) -> None:
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
                # Gone at once: closing the window, saving its settings and Python's shutdown are not
                # part of the start-up, and would count in --instructions (more for the bigger app).
                os._exit(0)

    probe = FirstPaint()
    app._first_paint = probe  # kept alive with the app
    for obj in [window, *window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly),
                *viewports]:
        obj.installEventFilter(probe)


def _child(kind: str) -> int:
    if kind == "bare":
        from PySide6.QtWidgets import QApplication

        app = QApplication(sys.argv[:1])
        import pyqtgraph as pg
        from PySide6.QtWidgets import QMainWindow

        window = QMainWindow()
        window.setCentralWidget(pg.PlotWidget())
        window.resize(1200, 800)
        _watch_window(window)
        window.show()
        return app.exec()
    sys.path.insert(0, ROOT)
    from playground import cli

    # The real entry point in its own order (cli.main: the app module, then the QApplication):
    # the probe goes in when the app shows its main window (QMainWindow.show is wrapped once
    # prepare_application() has loaded PySide6; playground/ui is not changed). Making the
    # QApplication here first would change what loads when.
    real_open_app = cli._open_app

    def open_app(experiment):
        from playground.ui import app as ui_app  # what _open_app imports first

        real_prepare = ui_app.prepare_application

        def prepare_application():
            app = real_prepare()
            from PySide6.QtWidgets import QMainWindow

            real_show = QMainWindow.show

            def show(window):
                _watch_window(window)
                real_show(window)

            QMainWindow.show = show
            return app

        ui_app.prepare_application = prepare_application
        return real_open_app(experiment)

    cli._open_app = open_app
    return cli.main([])


def _child_env(tmp: str) -> dict:
    """A child's environment: its settings, recovery folder and config in ``tmp``, not the user's."""
    env = dict(os.environ, PLAYGROUND_SETTINGS=os.path.join(tmp, "settings.ini"),
               PLAYGROUND_RECOVERY_DIR=os.path.join(tmp, "recovery"), XDG_CONFIG_HOME=os.path.join(tmp, "config"))
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _launch(kind: str, tmp: str) -> tuple[float, float]:
    """Seconds from spawning a ``kind`` child to its first painted main window, and to its whole one."""
    env = _child_env(tmp)
    started = time.monotonic()
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", kind], env=env,
                         capture_output=True, text=True, timeout=120)
    marks = {}
    for line in out.stdout.splitlines():
        for mark in (MARK, COMPOSED):
            if line.startswith(mark):
                marks[mark] = float(line[len(mark):]) - started
    if out.returncode != 0 or len(marks) < 2:
        raise RuntimeError(f"{kind} launch failed (exit {out.returncode}):\n{out.stderr[-2000:]}")
    return marks[MARK], marks[COMPOSED]


def _instructions(kind: str, tmp: str) -> float:
    """Millions of instructions a ``kind`` child runs from its start to its composed frame (valgrind).

    Counted by cachegrind (no cache simulation) in the child process itself; a process it forks
    (Qt tries ``dbus-launch``) is left out. The count barely moves with the load of the machine,
    unlike the seconds.

    Both run with one BLAS thread here. Cachegrind counts every thread, and OpenBLAS's own thread
    spins while it waits for work: in the bare window (the app limits BLAS to one thread itself,
    ``training/blas.py``) that added 60-100 M instructions, different at each launch, none of them
    on the way to the window's frame. Left in, they flattered the app's ratio.
    """
    import re

    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    from playground.training.blas import BLAS_ENV

    env = dict(_child_env(tmp), **{name: "1" for name in BLAS_ENV})
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                          sys.executable, os.path.abspath(__file__), "--child", kind],
                         env=env, capture_output=True, text=True, timeout=900)
    first = re.search(r"^==(\d+)==", out.stderr, re.MULTILINE)
    count = first and re.search(rf"^=={first.group(1)}== I\s+refs:\s+([\d,]+)", out.stderr, re.MULTILINE)
    if out.returncode != 0 or not count or COMPOSED not in out.stdout:
        raise RuntimeError(f"{kind} launch under valgrind failed (exit {out.returncode}):\n{out.stderr[-2000:]}")
    return int(count.group(1).replace(",", "")) / 1e6


def _compile_bytecode() -> None:
    """Compile the package's bytecode, as an installed app has it (see the module docstring)."""
    import compileall

    compileall.compile_dir(os.path.join(ROOT, "playground"), quiet=1)


def _stats(values: list[float]) -> dict:
    return {"min_s": round(min(values), 3), "median_s": round(statistics.median(values), 3),
            "max_s": round(max(values), 3)}


def _line(label: str, values: list[float]) -> str:
    return (f"{label}: min {min(values):.2f} s, median {statistics.median(values):.2f} s, "
            f"max {max(values):.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=5, help="timed launches of each (default 5)")
    parser.add_argument("--no-warmup", action="store_true", help="skip the untimed first launch of each")
    parser.add_argument("--source", action="store_true",
                        help="do not compile the package's bytecode first (measure the checkout as it is)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count each window's instructions to its composed frame under valgrind "
                             "(one launch each, ~1 min; steady on a loaded machine)")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args.child)
    if not args.source:
        _compile_bytecode()
    visible = {kind: [] for kind in KINDS}
    composed = {kind: [] for kind in KINDS}
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        if not args.no_warmup:
            for kind in KINDS:
                _launch(kind, tmp)
        for i in range(args.launches):
            # Alternate which goes first, so a slow moment of the machine hits both.
            for kind in KINDS if i % 2 == 0 else KINDS[::-1]:
                first, whole = _launch(kind, tmp)
                visible[kind].append(first)
                composed[kind].append(whole)
                print(f"{kind:4s} launch {i + 1}: visible {first:.2f} s, composed {whole:.2f} s", flush=True)
    summary = {}
    for kind in KINDS:
        summary[kind] = {"visible": _stats(visible[kind]), "composed": _stats(composed[kind])}
    print(_line("bare visible (its plot painted)       ", composed["bare"]))
    print(_line("app  first frame                      ", visible["app"]))
    print(_line("app  composed (canvas and plots painted)", composed["app"]))
    ratio = summary["app"]["composed"]["median_s"] / summary["bare"]["composed"]["median_s"]
    print(f"ratio app composed / bare (medians): {ratio:.2f} (goal <= 1.25)")
    summary["ratio_median"] = round(ratio, 3)
    summary["bytecode"] = "source" if args.source else "compiled"
    if args.instructions:
        with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
            counts = {kind: _instructions(kind, tmp) for kind in KINDS}
        print(f"instructions to the composed frame (valgrind): app {counts['app']:,.0f} M, "
              f"bare {counts['bare']:,.0f} M, ratio {counts['app'] / counts['bare']:.2f}")
        summary["instructions_millions"] = {kind: round(count) for kind, count in counts.items()}
        summary["instructions_ratio"] = round(counts["app"] / counts["bare"], 3)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
