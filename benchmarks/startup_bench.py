"""Time to a visible window: the app against a bare PySide6 window with one pyqtgraph plot.

Usage (from the checkout)::

    .venv/bin/python benchmarks/startup_bench.py               # 5 launches of each, alternating
    .venv/bin/python benchmarks/startup_bench.py --launches 2  # a quick look

Each launch is a fresh Python process (this script with ``--child app`` or
``--child bare``); the parent notes ``time.monotonic()`` just before starting
it. Both children measure "visible" the same way: an application-wide event
filter, installed before any window exists, waits for the first Paint event of
a widget in a ``QMainWindow`` and, once that paint has finished (a zero timer,
after the frame is flushed), prints ``time.monotonic()`` and quits. The
monotonic clock is shared by all processes, so the difference is spawn to
first painted frame, Python start-up and imports included.

- ``bare``: imports PySide6 and pyqtgraph, shows a ``QMainWindow`` whose
  central widget is one ``pyqtgraph.PlotWidget``.
- ``app``: runs the real entry point (``playground.cli.main([])``, the default
  example) with the hook above; ``playground/ui`` is not changed for it.

The app's window shows an empty frame first and composes itself right after
(``MainWindow(defer=True)``), so the app child also reports the first paint
after the window is whole (``window.is_ready``): "composed", the time until the
panels, canvas and plots are on screen. The ratio uses "visible"; "composed"
is printed next to it so the two are never confused.

One untimed launch of each comes first (disk cache). Prints min / median / max
of each and the ratio app / bare of the medians (the goal of issue 13 is
<= 1.25); the last line is one JSON object. Uses the display of the
environment (``QT_QPA_PLATFORM``; offscreen when there is no ``DISPLAY``).
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


def _install_visibility_hook(app) -> None:
    """Print ``MARK <monotonic>`` after the first paint in a QMainWindow, ``COMPOSED`` after the first
    paint of the whole window (``is_ready``; at once for a window without it), then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow, QWidget

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False
            self.whole = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            # Any widget of the window: a QMainWindow covered by its children gets no paint of its own.
            if (not self.whole and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
                    and isinstance(obj.window(), QMainWindow)):
                if not self.seen:
                    self.seen = True
                    QTimer.singleShot(0, lambda: print(f"{MARK}{time.monotonic():.6f}", flush=True))
                if getattr(obj.window(), "is_ready", True):
                    self.whole = True
                    QTimer.singleShot(0, self.report)
            return False

        def report(self) -> None:
            print(f"{COMPOSED}{time.monotonic():.6f}", flush=True)
            app.quit()

    app._first_paint = FirstPaint()  # kept alive with the app
    app.installEventFilter(app._first_paint)


def _child(kind: str) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    _install_visibility_hook(app)
    if kind == "bare":
        import pyqtgraph as pg
        from PySide6.QtWidgets import QMainWindow

        window = QMainWindow()
        window.setCentralWidget(pg.PlotWidget())
        window.resize(1200, 800)
        window.show()
        return app.exec()
    sys.path.insert(0, ROOT)
    from playground.cli import main

    # The same QApplication: run_app() takes QApplication.instance().
    return main([])


def _launch(kind: str, tmp: str) -> tuple[float, float]:
    """Seconds from spawning a ``kind`` child to its first painted main window, and to its whole one."""
    env = dict(os.environ, PLAYGROUND_SETTINGS=os.path.join(tmp, "settings.ini"),
               PLAYGROUND_RECOVERY_DIR=os.path.join(tmp, "recovery"), XDG_CONFIG_HOME=os.path.join(tmp, "config"))
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=5, help="timed launches of each (default 5)")
    parser.add_argument("--no-warmup", action="store_true", help="skip the untimed first launch of each")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args.child)
    times = {kind: [] for kind in KINDS}
    composed = []
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        if not args.no_warmup:
            for kind in KINDS:
                _launch(kind, tmp)
        for i in range(args.launches):
            # Alternate which goes first, so a slow moment of the machine hits both.
            for kind in KINDS if i % 2 == 0 else KINDS[::-1]:
                visible, whole = _launch(kind, tmp)
                times[kind].append(visible)
                if kind == "app":
                    composed.append(whole)
                print(f"{kind:4s} launch {i + 1}: {visible:.2f} s" + (f" (composed {whole:.2f} s)" if kind == "app"
                                                                      else ""), flush=True)
    summary = {}
    for kind in KINDS:
        t = times[kind]
        summary[kind] = {"min_s": round(min(t), 3), "median_s": round(statistics.median(t), 3),
                         "max_s": round(max(t), 3)}
        print(f"{kind:4s} to visible window: min {min(t):.2f} s, median {statistics.median(t):.2f} s, "
              f"max {max(t):.2f} s")
    summary["app_composed"] = {"min_s": round(min(composed), 3), "median_s": round(statistics.median(composed), 3),
                               "max_s": round(max(composed), 3)}
    print(f"app  composed (panels, canvas, plots painted): min {min(composed):.2f} s, "
          f"median {statistics.median(composed):.2f} s, max {max(composed):.2f} s")
    ratio = summary["app"]["median_s"] / summary["bare"]["median_s"]
    print(f"ratio app / bare (medians): {ratio:.2f} (goal <= 1.25)")
    summary["ratio_median"] = round(ratio, 3)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
