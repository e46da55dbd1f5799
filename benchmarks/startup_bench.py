"""Time to a visible window: the app against a bare PySide6 window with one pyqtgraph plot.

Usage (from the checkout)::

    .venv/bin/python benchmarks/startup_bench.py               # 5 launches of each, alternating
    .venv/bin/python benchmarks/startup_bench.py --launches 2  # a quick look

Each launch is a fresh Python process (``startup_child.py app`` or
``startup_child.py bare``, which loads nothing before the program it measures);
the parent notes ``time.monotonic()`` just before starting it. Both children
are measured the same way, by an event filter that goes on the main window, its
direct child widgets and its graphics views' viewports just before the window
is shown (``startup_child.watch_window``: not an application-wide filter, which
would tax every event of the app's build, see there):

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

Where the difference goes, phase by phase: ``startup_phases.py``.

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
simulation, one BLAS thread for both: see ``count_instructions``): the instructions
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

from startup_child import COMPOSED, KINDS, MARK, ROOT

#: The measured process: loads nothing before the program it measures (see its docstring).
CHILD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "startup_child.py")


def child_env(tmp: str) -> dict:
    """A child's environment: its settings, recovery folder and config in ``tmp``, not the user's."""
    env = dict(os.environ, PLAYGROUND_SETTINGS=os.path.join(tmp, "settings.ini"),
               PLAYGROUND_RECOVERY_DIR=os.path.join(tmp, "recovery"), XDG_CONFIG_HOME=os.path.join(tmp, "config"))
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _launch(kind: str, tmp: str) -> tuple[float, float]:
    """Seconds from spawning a ``kind`` child to its first painted main window, and to its whole one."""
    env = child_env(tmp)
    started = time.monotonic()
    out = subprocess.run([sys.executable, CHILD, kind], env=env,
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
    """Millions of instructions a ``kind`` child runs from its start to its composed frame (valgrind)."""
    count, stdout = count_instructions([CHILD, kind], child_env(tmp))
    if COMPOSED not in stdout:
        raise RuntimeError(f"{kind} launch under valgrind never reached its composed frame")
    return count


def count_instructions(args: list[str], env: dict) -> tuple[float, str]:
    """Millions of instructions ``python args`` runs until it exits, under valgrind; and its stdout.

    Counted by cachegrind (no cache simulation) in that process itself; a process it forks
    (Qt tries ``dbus-launch``) is left out: it inherits the count at the fork and prints its own.
    The count barely moves with the load of the machine, unlike the seconds.

    Run with one BLAS thread. Cachegrind counts every thread, and OpenBLAS's own thread spins
    while it waits for work: in the bare window (the app limits BLAS to one thread itself,
    ``training/blas.py``) that added 60-100 M instructions, different at each launch, none of
    them on the way to the window's frame. Left in, they flattered the app's ratio.
    """
    import re

    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    from playground.training.blas import BLAS_ENV

    env = dict(env, **{name: "1" for name in BLAS_ENV})
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                          sys.executable, *args], env=env, capture_output=True, text=True, timeout=900)
    first = re.search(r"^==(\d+)==", out.stderr, re.MULTILINE)
    count = first and re.search(rf"^=={first.group(1)}== I\s+refs:\s+([\d,]+)", out.stderr, re.MULTILINE)
    if out.returncode != 0 or not count:
        raise RuntimeError(f"{' '.join(args)} under valgrind failed (exit {out.returncode}):\n{out.stderr[-2000:]}")
    return int(count.group(1).replace(",", "")) / 1e6, out.stdout


def compile_bytecode() -> None:
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
    args = parser.parse_args()
    if not args.source:
        compile_bytecode()
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
