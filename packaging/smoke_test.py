"""Smoke test of the built bundle: it opens its window with no network and trains in its child process.

Runs the bundle's executable under Xvfb (``xvfb-run``) inside a network
namespace with no interfaces up (``unshare -n``, when this user may create
one) with ``PLAYGROUND_SMOKE`` set: the app presses Play, waits for 20 frames
and at least one epoch, grabs its window and exits 0 only if the image shows a
drawn UI (see ``playground.ui.app``). Meanwhile this script watches the process
tree for the training engine's child, i.e. the bundle's executable run again
with ``--multiprocessing-fork`` (spawn start method, ``freeze_support`` in
``playground/__main__.py``). Passes only if the app exited 0 after an epoch
and that child was seen.

It also runs the frozen headless CLI (``--version``, ``train`` on the bundled
default example). Linux only (Xvfb and /proc). Usage::

    python packaging/smoke_test.py dist/playground/playground
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: What the spawned engine child's command line carries (multiprocessing.spawn, frozen case).
CHILD_MARK = "--multiprocessing-fork"
TIMEOUT_S = 150


def network_isolation() -> list[str]:
    """``["unshare", "-n"]`` if this user may create a network namespace here, else ``[]``."""
    if shutil.which("unshare") is None:
        return []
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    return ["unshare", "-n"] if probe.returncode == 0 else []


def descendants(pid: int) -> dict[int, list[str]]:
    """{pid: argv} of every live process below ``pid`` (read from /proc)."""
    parents, argv = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            # Field 4 is the parent pid; the command name before it may contain spaces.
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            argv[int(entry.name)] = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except (OSError, ValueError, IndexError):
            continue
    found, frontier = {}, {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier and child not in found}
        found.update({child: argv[child] for child in frontier})
    return found


def check_cli(executable: Path, isolation: list[str], env: dict, cwd: Path) -> list[str]:
    """Problems of the frozen headless CLI: ``--version`` and ``train`` on the bundled default example."""
    problems = []
    version = subprocess.run([*isolation, str(executable), "--version"], env=env, cwd=cwd,
                             capture_output=True, text=True, timeout=60)
    if version.returncode != 0 or not version.stdout.startswith("playground "):
        problems.append(f"--version: exit {version.returncode}: {version.stdout}{version.stderr[-2000:]}")
    examples = list(executable.parent.rglob("playground/resources/examples/default.json"))
    if not examples:
        return problems + ["the bundle has no playground/resources/examples/default.json"]
    train = subprocess.run([*isolation, str(executable), "train", str(examples[0]), "--epochs", "2"], env=env,
                           cwd=cwd, capture_output=True, text=True, timeout=120)
    if train.returncode != 0 or '"epochs": 2' not in train.stdout:
        problems.append(f"train: exit {train.returncode}: {train.stdout}{train.stderr[-2000:]}")
    else:
        print(f"cli: {version.stdout.strip()}; train: {train.stdout.strip()}")
    return problems


def smoke(executable: Path, keep_screenshot: Path | None = None) -> int:
    if shutil.which("xvfb-run") is None:
        print("smoke test: xvfb-run not found (apt-get install xvfb)", file=sys.stderr)
        return 2
    isolation = network_isolation()
    with tempfile.TemporaryDirectory(prefix="playground-smoke-") as tmp:
        tmp = Path(tmp)
        shot = tmp / "window.png"
        env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "QT_"))}
        env.update(QT_QPA_PLATFORM="xcb", PLAYGROUND_SMOKE=str(shot), PLAYGROUND_ENGINE="process",
                   PLAYGROUND_SETTINGS=str(tmp / "settings.ini"), PLAYGROUND_RECOVERY_DIR=str(tmp / "recovery"),
                   HOME=str(tmp), XDG_CONFIG_HOME=str(tmp / "config"), XDG_DATA_HOME=str(tmp / "data"))
        cmd = [*isolation, "xvfb-run", "-a", "-s", "-screen 0 1600x1000x24 -nolisten tcp", str(executable)]
        print("+", " ".join(cmd), flush=True)
        started = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        children = set()
        while proc.poll() is None and time.monotonic() - started < TIMEOUT_S:
            children |= {" ".join(a) for a in descendants(proc.pid).values() if CHILD_MARK in a}
            time.sleep(0.1)
        if proc.poll() is None:
            proc.kill()
        stdout, stderr = proc.communicate()
        seconds = time.monotonic() - started
        print(stdout.strip())
        match = re.search(r"smoke: (\d+) frames, epoch (\d+)", stdout)
        problems = check_cli(executable, isolation, env, tmp)
        if proc.returncode != 0:
            problems.append(f"exit status {proc.returncode}\n{stderr[-3000:]}")
        if match is None or int(match.group(2)) < 1:
            problems.append("no 'smoke: ... epoch N' line with N >= 1")
        if not shot.is_file() or shot.stat().st_size < 10_000:
            problems.append("no window screenshot")
        elif keep_screenshot is not None:
            shutil.copyfile(shot, keep_screenshot)
        if not children:
            problems.append(f"no engine child process ({CHILD_MARK}) was seen: training did not run frozen")
        network = "none (unshare -n)" if isolation else "NOT isolated (unshare -n unavailable here)"
        print(f"smoke test: {seconds:.1f} s, network {network}, engine child: {sorted(children)[:1]}")
        if problems:
            print("smoke test FAILED:\n- " + "\n- ".join(problems), file=sys.stderr)
            return 1
        print("smoke test passed: the window drew and training ran in the frozen child process")
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke-test the bundle under Xvfb with no network.")
    parser.add_argument("executable", type=Path, help="the bundle's executable, e.g. dist/playground/playground")
    parser.add_argument("--screenshot", type=Path, help="keep the window's screenshot here")
    args = parser.parse_args(argv)
    if not args.executable.is_file():
        parser.error(f"{args.executable}: not found (run `make bundle` first)")
    return smoke(args.executable.resolve(), args.screenshot)


if __name__ == "__main__":
    sys.exit(main())
