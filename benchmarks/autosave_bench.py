"""What an autosave costs the GUI thread, in the real window, on the default example.

Usage (from the checkout)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/autosave_bench.py [--saves 30]

For a short loss history (a few epochs) and a full one (the loss plot keeps
at most 4096 points), it times ``Recovery.save_now`` on the GUI thread (the
copy of the experiment with its trained state) and the atomic write (JSON,
fsync, rename) on the writer thread with the writer's CPU time (the part that
can hold the GIL against the GUI; fsync waits without it), and the whole ``save_experiment`` on one
thread for comparison. Prints min / median / max in ms; the last line is one
JSON object. The recovery folder is a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def spread(values: list[float]) -> list[float]:
    return [round(min(values), 2), round(statistics.median(values), 2), round(max(values), 2)]


def measure(app, window, saves: int) -> dict:
    from playground.experiment import save_experiment

    recovery = window.recovery
    gui, write, cpu, whole = [], [], [], []
    for i in range(saves):
        recovery.changes.mark_unsaved()  # something to save, without changing the weights
        start = time.perf_counter()
        assert recovery.save_now()
        gui.append((time.perf_counter() - start) * 1000)
        recovery._executor.submit(lambda: None).result()  # wait for the write
        app.processEvents()
        write.append(recovery.last_write_ms)
        cpu.append(recovery.last_write_cpu_ms)
        start = time.perf_counter()
        save_experiment(window.files.experiment_to_save(), Path(recovery.folder) / "whole.json")
        whole.append((time.perf_counter() - start) * 1000)
    points = len(window.output.loss.history)
    return {"loss_points": points, "gui_thread_ms": spread(gui), "writer_thread_ms": spread(write),
            "writer_cpu_ms": spread(cpu), "interval_s": recovery.timer.interval() / 1000,
            "save_experiment_on_one_thread_ms": spread(whole),
            "file_bytes": os.path.getsize(recovery.path)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--saves", type=int, default=30)
    args = parser.parse_args()
    os.environ["PLAYGROUND_RECOVERY_DIR"] = tempfile.mkdtemp(prefix="autosave-bench-")
    from PySide6.QtWidgets import QApplication

    from playground.ui.window.main_window import MainWindow
    from playground.ui.window.settings import make_settings

    app = QApplication.instance() or QApplication([])
    window = MainWindow(mode="inprocess", settings=make_settings(os.path.join(os.environ["PLAYGROUND_RECOVERY_DIR"],
                                                                               "settings.ini")))
    window.files.ask_unsaved = lambda: "discard"
    window.show()
    results = {}
    try:
        window.session.step_epoch()
        while window.session.latest_snapshot.epoch < 1:
            app.processEvents()
        results["short_history"] = measure(app, window, args.saves)
        # Fill the loss plot's history to its capacity (4096 points) with a synthetic curve of
        # full-precision floats (what real losses look like in JSON).
        loss = window.output.loss
        n = loss.history.capacity - len(loss.history)
        rng = np.random.default_rng(0)
        loss.add_points(1 + 1e-3 * (1 + np.arange(n)), rng.random(n), rng.random(n))
        results["full_history"] = measure(app, window, args.saves)
    finally:
        window.close()
    for name, r in results.items():
        print(f"{name}: {r['loss_points']} loss points, {r['file_bytes']:,} bytes; GUI thread "
              f"{r['gui_thread_ms']} ms, writer thread {r['writer_thread_ms']} ms (CPU {r['writer_cpu_ms']} ms), "
              f"save_experiment alone {r['save_experiment_on_one_thread_ms']} ms (min, median, max); "
              f"GUI share at one save per {r['interval_s']:g} s: {r['gui_thread_ms'][1] / r['interval_s'] / 10:.3f} %")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
