"""Speed of the step-through panel (issue 10): one stop on, panel and canvas redrawn.

Usage (from the checkout)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/stepthrough_bench.py            # 3 points per network
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/stepthrough_bench.py --points 1 # a quick look

The real main window (in-process engine) with the "Step through" dock shown,
on the default example (2 -> 8, 8 tanh -> 1) and on a 6x16 network (2 -> 16 x 6
tanh -> 1). For each of ``--points`` training points (a fresh walk each, so
every section is written for the first time while stepping, as in use), the
whole walk is stepped once at the neuron pace and once at the layer pace.
One step is timed from the press of Next to the end of a synchronous repaint
of the whole canvas viewport and of the panel's text (an upper bound: in use
Qt repaints only what changed): the walk's text written, the rich text laid
out, the highlight computed and everything painted. Other pending events are
handled between steps, outside the timing.

Prints min / median / max ms of wall time per step for each network and
pace, and this process's CPU time (which leaves out time other work on a
shared machine takes; Qt paints offscreen in this process); the last
line is JSON with the medians and maxima (wall and CPU). Target: <= 50 ms. Tests never
assert a time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def _parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=3, help="training points walked per network (default 3)")
    return parser.parse_args()


def _window(app, experiment):
    from playground.ui.window.main_window import MainWindow
    from playground.ui.window.settings import make_settings

    window = MainWindow(experiment=experiment, mode="inprocess",
                        settings=make_settings(tempfile.mktemp(suffix=".ini")))
    window.files.ask_unsaved = lambda: "discard"
    window.resize(1600, 1000)
    window.show()
    window.step_dock.show()
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)
    return window


def _walk(app, panel, canvas, pace: str, points: int) -> tuple[list[float], list[float]]:
    """Wall and CPU ms of every step of ``points`` walks at ``pace``."""
    times, cpu = [], []
    panel.set_pace(pace)
    for p in range(points):
        panel.set_point(p * 37)
        app.processEvents()
        while True:
            app.processEvents()  # anything else pending is handled outside the timing
            t0, c0 = time.perf_counter(), time.process_time()
            moved = panel.next()
            # Synchronous paints of the whole canvas and of the text: an upper bound
            # (in use Qt repaints only the parts that changed).
            canvas.viewport().repaint()
            panel.browser.viewport().repaint()
            if not moved:
                break
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    return times, cpu


def main() -> None:
    args = _parse()
    os.environ.setdefault("PLAYGROUND_RECOVERY_DIR", tempfile.mkdtemp())
    from PySide6.QtWidgets import QApplication

    from playground.experiment import default_experiment
    from playground.experiment.network import LayerSpec

    app = QApplication.instance() or QApplication(sys.argv)
    base = default_experiment()
    wide = replace(base, network=replace(base.network, hidden=tuple(LayerSpec(16, "tanh") for _ in range(6))))
    figures = {}
    for name, experiment in (("default", base), ("6x16", wide)):
        window = _window(app, experiment)
        panel = window.step_dock.widget()
        for pace in ("neuron", "layer"):
            times, cpu = _walk(app, panel, window.editor.view, pace, args.points)
            print(f"{name:8s} {pace:6s} step: min {min(times):6.1f}  median {statistics.median(times):6.1f}  "
                  f"max {max(times):6.1f} ms wall; CPU median {statistics.median(cpu):6.1f} "
                  f"max {max(cpu):6.1f} ms  ({len(times)} steps)")
            figures[f"{name}_{pace}_median_ms"] = round(statistics.median(times), 2)
            figures[f"{name}_{pace}_max_ms"] = round(max(times), 2)
            figures[f"{name}_{pace}_cpu_median_ms"] = round(statistics.median(cpu), 2)
            figures[f"{name}_{pace}_cpu_max_ms"] = round(max(cpu), 2)
        window.close()
        app.processEvents()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
