"""Where start-up goes: instructions per phase, for the app and for the bare window (valgrind).

Usage (from the checkout; valgrind installed)::

    .venv/bin/python benchmarks/startup_phases.py           # the phases of both (~13 launches, ~3 min)
    .venv/bin/python benchmarks/startup_phases.py --parts   # also the parts of building the window
    .venv/bin/python benchmarks/startup_phases.py --dry-run # one launch each, no valgrind: every stop passed?
    .venv/bin/python benchmarks/startup_phases.py --seconds 10 [--parts]  # seconds per phase, no valgrind

``startup_bench.py`` says how much longer the app takes than the bare window
(issue 13); this script says where. Each phase is one launch under valgrind
(cachegrind, no cache simulation, one BLAS thread: ``startup_bench.count_instructions``)
of ``startup_child.py``, the benchmark's own child, that stops (``os._exit``) at
the end of that phase. The counts are cumulative;
the table also prints each phase's own share, the difference to the phase
before. Instruction counts barely move with the machine's load, so the effect
of a change on one phase shows even when seconds are noisy.

App phases, along the real entry point (``cli.main([])``, as ``startup_bench``
runs it; stops are hooks on the functions it calls, nothing is replayed):

- ``python``: the interpreter (and ``os``, ``sys``, ``time``), before any of our modules;
- ``qt-free layers``: ``playground.cli`` and ``playground.ui.app``, which imports
  NumPy and our Qt-free layers (``run_app`` is reached);
- ``window module``: PySide6 and the main window's module (``prepare_application`` is reached);
- ``QApplication``: ``prepare_application`` returned;
- ``window built``: ``MainWindow`` made (its ``show`` is reached): pyqtgraph and the
  UI modules load here, as the window builds its parts;
- ``composed``: the first frame with the canvas and every plot painted
  (the probe of ``startup_bench.py``).

Bare window phases: ``python``; ``PySide6``; ``QApplication``; ``pyqtgraph``
(with NumPy, which it imports); ``window built`` (a ``QMainWindow`` around one
``PlotWidget``); ``composed``.

Both load the same libraries, in different orders: the first module that touches
a PySide6 class makes it (and its Python enums) then. So the app pays, while
importing its window module, part of what the bare window pays in its
pyqtgraph phase. Compare totals, and each side with itself before and after a change.

``--seconds N`` times the same phases in seconds instead: N alternating
launches of each window, no valgrind, each passing every stop and stamping it
(``startup_child.stamp``: the moment, the process's CPU time and its page
faults). It prints the medians of each phase's own share. Seconds are what
issue 13 measures; they show what instructions do not, such as a phase that
runs fewer instructions per millisecond than the rest (memory, the kernel, the
X server). Like all timings here, they move with the machine's load.

``--parts`` splits "window built" in the order the window builds: first the
window's modules (pyqtgraph and ours, imported up front in the order the window
imports them, listed by one launch without valgrind), then the session, the
canvas, the training bar, the data panel, the hyperparameters, the four plots,
the left column, the menus, the live view (the first drawing), the rest of the
composition, the teaching docks and the end of ``MainWindow.__init__``.
Importing the modules first changes the order a little; the sum stays close to
the "window built" phase.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import startup_bench
from startup_child import (APP_PHASES, BARE_PHASES, COMPOSED, EVERY_STOP, MODULES, PARTS, REACHED, SEP,
                           WINDOW_MODULES)


def _window_modules(env: dict) -> str:
    """The modules building the window imports, in order (one launch to "window built", no valgrind)."""
    out = subprocess.run([sys.executable, startup_bench.CHILD, "app", "window built"],
                         env=dict(env, STARTUP_LIST_MODULES="1"), capture_output=True, text=True, timeout=120)
    lines = [line for line in out.stdout.splitlines() if line.startswith(MODULES)]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"listing the window's modules failed:\n{out.stderr[-2000:]}")
    return lines[0][len(MODULES):]


def _stops(parts: bool) -> list[tuple[str, str]]:
    """``(kind, phase)`` of every launch: the app's and the bare window's phases, then their frames."""
    app = list(APP_PHASES)
    if parts:
        app[-1:-1] = [WINDOW_MODULES, *(label for label, *_ in PARTS)]
    return [("app", phase) for phase in app] + [("bare", phase) for phase in BARE_PHASES] + \
        [("app", "composed"), ("bare", "composed")]


def _args(kind: str, phase: str, parts: bool) -> list[str]:
    """The child's command line: to the composed frame (no stop), or to the end of ``phase``."""
    if phase == "composed":  # the real launch, as startup_bench.py measures it (no parts)
        return [startup_bench.CHILD, kind]
    return [startup_bench.CHILD, kind, phase, *(["--parts"] if parts else [])]


def _pass_every_stop(kind: str, parts: bool, env: dict) -> list[tuple[str, float, float, int]]:
    """One launch of ``kind`` without valgrind that passes every stop, with each stop's stamp.

    Returns ``(phase, seconds since the spawn, CPU seconds, minor page faults)`` per stop, in the
    order passed, the composed frame last.
    """
    args = [startup_bench.CHILD, kind, EVERY_STOP, *(["--parts"] if parts and kind == "app" else [])]
    started = time.monotonic()
    out = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=120)
    passed = []
    for line in out.stdout.splitlines():
        if line.startswith(REACHED):
            phase, moment, cpu, faults = line[len(REACHED):].split(SEP)
            passed.append((phase, float(moment) - started, float(cpu), int(faults)))
    if out.returncode != 0:
        raise RuntimeError(f"{kind} failed (exit {out.returncode}):\n{out.stderr[-2000:]}")
    return passed


def _check_order(kind: str, passed: list, stops: list[tuple[str, str]]) -> None:
    """Raise unless ``kind`` passed exactly its stops of ``stops``, in that order."""
    expected = [phase for k, phase in stops if k == kind]
    if [phase for phase, *_ in passed] != expected:
        raise RuntimeError(f"{kind} passed {[phase for phase, *_ in passed]}, not {expected}")


def _seconds(launches: dict[str, list[list]]) -> dict:
    """Per kind and phase, the medians of each phase's own wall time, CPU time (ms) and page faults,
    and min / median / max of the time to the composed frame (s)."""
    figures = {}
    for kind, runs in launches.items():
        phases = {}
        for i, (phase, *_) in enumerate(runs[0]):
            own = [[now - before for now, before in zip(run[i][1:], run[i - 1][1:] if i else (0.0, 0.0, 0))]
                   for run in runs]
            wall, cpu, faults = (statistics.median(values) for values in zip(*own))
            phases[phase] = {"own_ms": round(wall * 1000, 1), "own_cpu_ms": round(cpu * 1000, 1),
                             "own_faults": round(faults)}
        composed = [run[-1][1] for run in runs]
        figures[kind] = {"phases": phases, "composed_s": {"min": round(min(composed), 3),
                         "median": round(statistics.median(composed), 3), "max": round(max(composed), 3)}}
    return figures


def _seconds_table(kind: str, figures: dict) -> str:
    lines = [f"{kind} phase".ljust(32) + "own (ms)".rjust(10) + "CPU (ms)".rjust(10) + "faults".rjust(9)]
    for phase, row in figures["phases"].items():
        lines.append(f"  {phase:30s}{row['own_ms']:10.1f}{row['own_cpu_ms']:10.1f}{row['own_faults']:9,d}")
    composed = figures["composed_s"]
    lines.append(f"  composed frame: min {composed['min']:.3f} s, median {composed['median']:.3f} s, "
                 f"max {composed['max']:.3f} s")
    return "\n".join(lines)


def _count(kind: str, phase: str, parts: bool, env: dict) -> float:
    """Millions of instructions of ``kind`` to the end of ``phase`` (one launch under valgrind)."""
    count, stdout = startup_bench.count_instructions(_args(kind, phase, parts), env)
    mark = COMPOSED if phase == "composed" else f"{REACHED}{phase}"
    if mark not in stdout:
        raise RuntimeError(f"{kind} under valgrind never reached {phase!r}")
    return count


def _table(kind: str, rows: list[tuple[str, float]]) -> str:
    lines = [f"{kind} phase".ljust(32) + "to its end (M)".rjust(16) + "own (M)".rjust(10)]
    before = 0.0
    for phase, count in rows:
        lines.append(f"  {phase:30s}{count:16,.0f}{count - before:10,.0f}")
        before = count
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", action="store_true", help="also split building the window into its parts")
    parser.add_argument("--dry-run", action="store_true",
                        help="one launch of each window without valgrind: is every stop passed, in order? (no counts)")
    parser.add_argument("--seconds", type=int, metavar="N", default=0,
                        help="N launches of each window without valgrind: seconds, CPU and page faults per phase")
    parser.add_argument("--jobs", type=int, default=2, help="launches at a time (default 2)")
    parser.add_argument("--source", action="store_true", help="do not compile the package's bytecode first")
    args = parser.parse_args()
    if not args.source:
        startup_bench.compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="startup-phases-") as tmp:
        env = startup_bench.child_env(tmp)
        if args.parts:
            env["STARTUP_WINDOW_MODULES"] = _window_modules(env)
        stops = _stops(args.parts)
        if args.dry_run or args.seconds:
            return _time_phases(stops, args.parts, env, 1 if args.dry_run else args.seconds, args.dry_run)
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            counts = list(pool.map(lambda stop: _count(*stop, args.parts, env), stops))
    figures = {"app": {}, "bare": {}}
    for (kind, phase), count in zip(stops, counts):
        figures[kind][phase] = round(count, 1)
    for kind in ("app", "bare"):
        print(_table(kind, list(figures[kind].items())))
    ratio = figures["app"]["composed"] / figures["bare"]["composed"]
    print(f"composed: app / bare = {ratio:.3f}")
    figures["ratio"] = round(ratio, 3)
    print(json.dumps(figures))
    return 0


def _time_phases(stops: list[tuple[str, str]], parts: bool, env: dict, rounds: int, dry_run: bool) -> int:
    """``rounds`` launches of each window (alternating, no valgrind) that pass every stop; print the
    seconds per phase (``--seconds``), or only that every stop was passed (``--dry-run``: one round)."""
    launches: dict[str, list[list]] = {"app": [], "bare": []}
    for i in range(rounds):
        for kind in ("app", "bare") if i % 2 == 0 else ("bare", "app"):
            passed = _pass_every_stop(kind, parts, env)
            _check_order(kind, passed, stops)
            launches[kind].append(passed)
    figures = _seconds(launches)
    if dry_run:
        print(f"dry run: all {len(stops)} stops reached, in order")
    else:
        for kind in ("app", "bare"):
            print(_seconds_table(kind, figures[kind]))
        ratio = figures["app"]["composed_s"]["median"] / figures["bare"]["composed_s"]["median"]
        print(f"composed: app / bare = {ratio:.2f} (medians of {rounds} launches each)")
        figures["ratio_median"] = round(ratio, 3)
    figures["stops_reached"] = [f"{kind}: {phase}" for kind, phase in stops]
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
