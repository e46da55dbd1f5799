"""Regression test for the PySide6 pin in pyproject.toml.

PySide6 6.12.0 on Python 3.11 aborts the process ("Fatal Python error:
none_dealloc: deallocating None") after about 5,000 calls of Qt methods that
return None, because each call drops one reference to None. The app makes such
calls on every frame, so it would die within a minute. Run 100,000 of them in a
child process: a crash shows as a non-zero exit instead of killing pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
for i in range(100_000):
    w.setEnabled(i % 2 == 0)
    w.setToolTip("x")
print("ok")
"""


def test_100k_none_returning_qt_calls_do_not_abort():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"
