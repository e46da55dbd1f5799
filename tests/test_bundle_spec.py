"""The bundle's spec leaves out only what the app never imports.

packaging/playground.spec excludes Qt modules and optional Python packages by
name; a module the app (or pyqtgraph for it) does import would then be missing
from the frozen bundle and fail at run time, on the user's machine. Checked
two ways: every ``PySide6.QtX`` written in playground/ (lazy imports too), and
every module loaded by a real run of the window (offscreen, training, drawing).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "playground.spec"


def _spec_list(name: str) -> list[str]:
    """The literal list assigned to ``name`` at the top level of the spec."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{SPEC.name} has no top-level list {name}")


def test_no_excluded_qt_module_is_named_in_the_source():
    excluded = set(_spec_list("UNUSED_QT"))
    used = {m for path in (ROOT / "playground").rglob("*.py")
            for m in re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8"))}
    assert used, "found no PySide6 import at all: the pattern is wrong"
    assert not used & excluded, f"the app imports Qt modules the bundle leaves out: {sorted(used & excluded)}"


@pytest.mark.slow
def test_no_excluded_module_is_loaded_by_a_real_run(tmp_path):
    code = (
        "import os, sys\n"
        "from playground.ui.app import run_app\n"
        "status = run_app()\n"
        "print(' '.join(sorted(sys.modules)))\n"
        "sys.exit(status)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLAYGROUND_ENGINE="inprocess",
               PLAYGROUND_SMOKE=str(tmp_path / "window.png"), PLAYGROUND_SETTINGS=str(tmp_path / "settings.ini"),
               PLAYGROUND_RECOVERY_DIR=str(tmp_path / "recovery"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    loaded = set(out.stdout.split())
    assert "PySide6.QtWidgets" in loaded
    excluded = {f"PySide6.{name}" for name in _spec_list("UNUSED_QT")} | set(_spec_list("UNUSED_PYTHON"))
    hits = {m for m in loaded if m in excluded or any(m.startswith(e + ".") for e in excluded)}
    assert not hits, f"a real run loads modules the bundle leaves out: {sorted(hits)}"
