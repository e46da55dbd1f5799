"""The benchmark scripts still run to the end and print their figures.

Nothing here asserts a time (the machine is shared and noisy); it catches a
script that crashes or hangs, as ui_bench.py once did when the app learned to
ask about unsaved changes on close.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _run(args: list[str], tmp_path: Path) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLAYGROUND_RECOVERY_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


@pytest.mark.slow
def test_ui_bench_ends_with_its_json_line(tmp_path):
    stdout = _run([str(BENCH / "ui_bench.py"), "--seconds", "1.5", "--headless-seconds", "0.5"], tmp_path)
    figures = json.loads(stdout.strip().splitlines()[-1])
    assert set(figures) == {"fps", "epochs_per_s", "headless_epochs_per_s", "latency_p50_ms", "latency_p99_ms"}
    assert figures["epochs_per_s"] > 0 and figures["fps"] > 0


@pytest.mark.slow
def test_engine_bench_prints_every_configuration(tmp_path):
    stdout = _run([str(BENCH / "engine_bench.py"), "--quick", "--no-peers", "--rounds", "1"], tmp_path)
    for config in ("P1", "P2", "P3"):
        assert config in stdout


@pytest.mark.slow
def test_explain_bench_times_every_item(tmp_path):
    stdout = _run([str(BENCH / "explain_bench.py"), "--repeats", "1"], tmp_path)
    figures = json.loads(stdout.strip().splitlines()[-1])
    assert {"walkthrough default", "walkthrough 6x16", "gradient_check default",
            "landscape 41x41, two layer-0 weights"} <= set(figures)
    assert all(value > 0 for value in figures.values())


def test_startup_bench_times_both_windows(tmp_path):
    # --source: no bytecode written into the checkout by a test.
    stdout = _run([str(BENCH / "startup_bench.py"), "--launches", "1", "--no-warmup", "--source"], tmp_path)
    figures = json.loads(stdout.strip().splitlines()[-1])
    assert set(figures) == {"bare", "app", "ratio_median", "bytecode"} and figures["bytecode"] == "source"
    for kind in ("bare", "app"):
        visible, composed = figures[kind]["visible"], figures[kind]["composed"]
        assert 0 < visible["median_s"] < 120 and 0 < composed["median_s"] < 120
        # The canvas and plots are never painted before the window's first frame.
        assert visible["median_s"] <= composed["median_s"]
    assert figures["ratio_median"] == pytest.approx(
        figures["app"]["composed"]["median_s"] / figures["bare"]["composed"]["median_s"], abs=0.01)


def test_startup_phases_reaches_every_stop(tmp_path):
    """Every phase and part of startup_phases.py is passed, in order, on the app's real path (its
    hooks still find what they wrap after a refactor): one launch of each window, no valgrind."""
    stdout = _run([str(BENCH / "startup_phases.py"), "--dry-run", "--parts", "--source"], tmp_path)
    figures = json.loads(stdout.strip().splitlines()[-1])
    reached = figures["stops_reached"]
    assert reached[0] == "app: python" and "app: four plots" in reached and "bare: pyqtgraph" in reached
    assert reached[-2:] == ["app: composed", "bare: composed"]
    # The same launch stamps every stop (--seconds): each phase has its own share, in order, and the
    # shares add up to the time to the composed frame.
    for kind in ("app", "bare"):
        phases = figures[kind]["phases"]
        assert list(phases) == [stop.split(": ", 1)[1] for stop in reached if stop.startswith(f"{kind}: ")]
        assert all(row["own_ms"] >= 0 and row["own_cpu_ms"] >= 0 for row in phases.values())
        assert phases["composed"]["own_ms"] > 0 and phases["python"]["own_faults"] > 0
        composed = figures[kind]["composed_s"]
        assert composed["min"] == composed["median"] == composed["max"]  # one launch
        assert sum(row["own_ms"] for row in phases.values()) / 1000 == pytest.approx(composed["median"], abs=0.01)


@pytest.mark.slow
def test_stepthrough_bench_prints_both_networks_and_paces(tmp_path):
    stdout = _run([str(BENCH / "stepthrough_bench.py"), "--points", "1"], tmp_path)
    figures = json.loads(stdout.strip().splitlines()[-1])
    for name in ("default", "6x16"):
        for pace in ("neuron", "layer"):
            assert figures[f"{name}_{pace}_median_ms"] > 0


@pytest.mark.slow
def test_landscape_ui_bench_times_every_item(tmp_path):
    stdout = _run([str(BENCH / "landscape_ui_bench.py"), "--repeats", "1"], tmp_path)
    figures = json.loads(stdout.strip().splitlines()[-1])
    assert "draw 41x41 (image, colour bar, contours, repaint)" in figures and len(figures) == 5
    assert all(value > 0 for value in figures.values())
