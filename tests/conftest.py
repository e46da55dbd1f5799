"""Test set-up shared by every test.

Qt runs offscreen (no display needed), and a fixture fails any test that leaves
a thread or a child process running behind it: the app promises that nothing
outlives its window, and the tests hold it to that.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never read or write the developer's real settings from a test.
os.environ.setdefault("XDG_CONFIG_HOME", os.path.join(os.path.dirname(__file__), ".config-tmp"))
# Nor its autosave folder (the window fixture points every window at its own tmp_path).
os.environ.setdefault("PLAYGROUND_RECOVERY_DIR", os.path.join(os.path.dirname(__file__), ".recovery-tmp"))

import pytest  # noqa: E402


def _live_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t is not threading.main_thread() and t.is_alive()}


@pytest.fixture(autouse=True)
def no_leftover_threads_or_processes():
    """Fail a test that leaves a Python thread, a QThread or a child process running."""
    threads_before = _live_threads()
    yield
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        leftover_threads = {t for t in _live_threads() - threads_before if not t.daemon or "QThread" in t.name}
        leftover_children = [p for p in multiprocessing.active_children()]
        if not leftover_threads and not leftover_children:
            break
        time.sleep(0.02)
    else:
        names = sorted(t.name for t in leftover_threads) + [f"process {p.pid}" for p in leftover_children]
        for p in leftover_children:
            p.kill()
        pytest.fail(f"test left running: {', '.join(names)}")
    _fail_on_running_qthreads()


def _fail_on_running_qthreads() -> None:
    """QThreads are not visible to ``threading``; ask Qt about the ones we track."""
    try:
        from playground.training import thread_registry
    except ImportError:
        return
    running = thread_registry.running_threads()
    if running:
        pytest.fail(f"test left {len(running)} QThread(s) running: {running}")
