"""The real main window training at full speed with every plot live: fps, epochs/s, latency.

Usage (from the checkout)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/ui_bench.py            # ~10 s of UI
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/ui_bench.py --seconds 5 --mode inprocess

What it measures, on the default example (spiral, 2 -> 8 -> 8 -> 1 tanh):

- ``headless_epochs_per_s``: the same configuration trained by the same engine
  host with no UI at all, in this run, before the window opens.
- ``epochs_per_s``: epochs trained while the window runs with all plots live
  (boundary, neuron maps on the canvas, loss, deltas, heatmap).
- ``fps``: frames the window actually drew per second (LiveView draws).
- ``latency_p50_ms`` / ``latency_p99_ms``: how late a 5 ms repeating QTimer
  fires (gap between firings minus 5 ms): the GUI event loop's responsiveness.

Targets (issue 4): fps >= 30, epochs_per_s >= 75 % of headless, p99 <= 25 ms.
Other processes on a shared machine move these numbers: run it a few times.
The last line printed is one JSON object with the five figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from playground.training.blas import limit_blas_threads  # noqa: E402

limit_blas_threads()  # as the app does (playground.ui.app), before NumPy loads
import numpy as np  # noqa: E402


def headless_epochs_per_s(seconds: float) -> float:
    """Epochs per second of the engine host alone on the default example."""
    from playground.data import prepare
    from playground.engine import Network
    from playground.experiment import default_experiment
    from playground.training.headless import engine_commands
    from playground.training.host import EngineHost
    from playground.training.messages import Epochs, Run

    experiment = default_experiment()
    prepared = prepare(experiment.data)
    net = Network(experiment.layer_sizes(prepared), activations=experiment.network.activations(),
                  seed=experiment.training.seed, init=experiment.network.init)
    host = EngineHost()
    host.exchange(engine_commands(experiment, prepared, *net.get_parameters()), None)
    host.exchange([], Epochs(20))  # warm up
    start_epoch = host.trainer.epoch
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        # The same chunks and per-result work as the app (30 ms of epochs, then one result).
        host.exchange([], Run(0.03))
    return (host.trainer.epoch - start_epoch) / (time.perf_counter() - start)


def ui_run(seconds: float, mode: str) -> dict:
    """Open the real window, train at max speed for ``seconds``, measure."""
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from playground.ui.window.main_window import MainWindow
    from playground.ui.window.settings import make_settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    scratch = tempfile.mkdtemp()
    settings_file = os.path.join(scratch, "bench.ini")
    # Autosave into a scratch folder, never the user's recovery file.
    os.environ["PLAYGROUND_RECOVERY_DIR"] = os.path.join(scratch, "recovery")
    window = MainWindow(mode=mode, settings=make_settings(settings_file))
    # The trained example counts as unsaved work, and app.quit() closes the
    # window: answer the close question (a modal dialog no one can see
    # offscreen) instead of waiting on it.
    window.files.ask_unsaved = lambda: "discard"
    window.resize(1440, 880)
    window.show()

    clock = QElapsedTimer()
    clock.start()
    fired: list[int] = []
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(5)
    probe.timeout.connect(lambda: fired.append(clock.nsecsElapsed()))

    state = {}

    def wait_until(predicate, limit_s: float) -> None:
        deadline = time.perf_counter() + limit_s
        while not predicate() and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.001)

    window.session.play()
    # Let the engine start (a spawned child takes ~1 s) and training settle in.
    wait_until(lambda: window.session.latest_snapshot.epoch >= 20, 30)
    state["epoch0"] = window.session.latest_snapshot.epoch
    state["frames0"] = window.live.frames
    state["t0"] = time.perf_counter()
    probe.start()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    probe.stop()
    elapsed = time.perf_counter() - state["t0"]
    epochs = window.session.latest_snapshot.epoch - state["epoch0"]
    frames = window.live.frames - state["frames0"]
    window.close()
    gaps_ms = np.diff(np.array(fired, dtype=float)) / 1e6
    late_ms = np.clip(gaps_ms - 5.0, 0.0, None)
    return {
        "fps": frames / elapsed,
        "epochs_per_s": epochs / elapsed,
        "latency_p50_ms": float(np.percentile(late_ms, 50)) if late_ms.size else float("nan"),
        "latency_p99_ms": float(np.percentile(late_ms, 99)) if late_ms.size else float("nan"),
        "seconds": elapsed,
        "frames": frames,
        "epochs": epochs,
        "timer_firings": len(fired),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="UI measurement time (default 10)")
    parser.add_argument("--headless-seconds", type=float, default=4.0, help="headless measurement time")
    parser.add_argument("--mode", choices=("process", "inprocess"), default="process",
                        help="where the engine runs (default: child process, as in the app)")
    args = parser.parse_args()

    headless = headless_epochs_per_s(args.headless_seconds)
    print(f"headless engine host: {headless:.0f} epochs/s")
    ui = ui_run(args.seconds, args.mode)
    print(f"UI ({args.mode}), {ui['seconds']:.1f} s: {ui['frames']} frames = {ui['fps']:.1f} fps; "
          f"{ui['epochs']} epochs = {ui['epochs_per_s']:.0f} epochs/s "
          f"({100 * ui['epochs_per_s'] / headless:.0f} % of headless)")
    print(f"5 ms timer lateness over {ui['timer_firings']} firings: p50 {ui['latency_p50_ms']:.1f} ms, "
          f"p99 {ui['latency_p99_ms']:.1f} ms")
    print("targets: fps >= 30, epochs/s >= 75 % of headless, p99 <= 25 ms")
    print(json.dumps({
        "fps": round(ui["fps"], 1),
        "epochs_per_s": round(ui["epochs_per_s"], 1),
        "headless_epochs_per_s": round(headless, 1),
        "latency_p50_ms": round(ui["latency_p50_ms"], 2),
        "latency_p99_ms": round(ui["latency_p99_ms"], 2),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
