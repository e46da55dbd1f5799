"""TrainingWorker on its QThread, in-process and with the engine in a child process."""

from __future__ import annotations

import os
import signal
import time

import numpy as np
import pytest

from playground.training import thread_registry
from playground.training.messages import Run
from playground.training.snapshot import Snapshot, make_snapshot
from playground.training.worker import WorkerThread
from tests.training.helpers import setup_commands, spiral


@pytest.fixture(scope="module")
def prepared():
    return spiral(samples=100)


def _started_worker(mode: str, prepared) -> WorkerThread:
    """A started worker fed the spiral's data and network, recording its snapshots in ``wt.snapshots``."""
    wt = WorkerThread(mode=mode)
    snapshots: list[Snapshot] = []
    wt.worker.snapshot_ready.connect(snapshots.append)
    wt.snapshots = snapshots
    for command in setup_commands(prepared):
        wt.worker.send(command)
    wt.start()
    return wt


@pytest.fixture(params=["inprocess", "process"])
def worker_thread(request, prepared):
    wt = _started_worker(request.param, prepared)
    yield wt
    wt.shutdown()


def _wait_for(qtbot, wt, predicate, timeout=10_000):
    qtbot.waitUntil(lambda: any(predicate(s) for s in wt.snapshots), timeout=timeout)
    return next(s for s in reversed(wt.snapshots) if predicate(s))


def test_step_epochs_gives_a_snapshot_one_epoch_later(qtbot, worker_thread):
    wt = worker_thread
    _wait_for(qtbot, wt, lambda s: s.network_version == 1)
    wt.worker.step_epochs(1)
    snap = _wait_for(qtbot, wt, lambda s: s.epoch == 1)
    assert snap.new_epochs[-1] == 1
    assert not snap.running
    assert all(not w.flags.writeable for w in snap.weights)
    assert len(snap.mean_deltas) == 3


def test_play_streams_snapshots_and_pause_stops_them(qtbot, worker_thread):
    wt = worker_thread
    wt.worker.play()
    _wait_for(qtbot, wt, lambda s: s.epoch >= 5 and s.running)
    wt.worker.pause()
    paused = _wait_for(qtbot, wt, lambda s: not s.running and s.epoch >= 5)
    # Every loss point arrives exactly once, in order, whatever the snapshot rate.
    epochs = np.concatenate([s.new_epochs for s in wt.snapshots])
    np.testing.assert_array_equal(epochs, np.arange(len(epochs)))
    n = len(wt.snapshots)
    wt.worker.request_snapshot()
    qtbot.waitUntil(lambda: len(wt.snapshots) > n)
    assert wt.snapshots[-1].epoch == paused.epoch


def test_shutdown_is_quick_while_training(qtbot, worker_thread):
    wt = worker_thread
    wt.worker.play()
    _wait_for(qtbot, wt, lambda s: s.epoch >= 2)
    start = time.perf_counter()
    assert wt.shutdown(timeout_s=1.0)
    elapsed = time.perf_counter() - start
    print(f"shutdown while training ({wt.worker.mode}): {elapsed * 1000:.0f} ms")
    assert not thread_registry.running_threads()


def test_a_killed_child_is_reported_and_play_restarts_it(qtbot, prepared):
    wt = _started_worker("process", prepared)
    try:
        wt.worker.step_epochs(2)
        _wait_for(qtbot, wt, lambda s: s.epoch == 2)
        os.kill(wt.worker._backend.pid, signal.SIGKILL)
        wt.worker.play()
        crashed = _wait_for(qtbot, wt, lambda s: s.message and "stopped unexpectedly" in s.message)
        assert not crashed.running and not wt.worker.playing
        # Play again: a new engine gets the newest weights back and trains on.
        wt.worker.play()
        resumed = _wait_for(qtbot, wt, lambda s: s.running and s.new_epochs.size > 0 and s.message is None)
        # The counters continue where the dead engine was.
        assert resumed.new_epochs[0] == 3
    finally:
        assert wt.shutdown()


def test_speed_cap_asks_only_for_the_epochs_that_are_due():
    from playground.training.worker import TrainingWorker

    worker = TrainingWorker(mode="inprocess")
    reply = make_snapshot(network_version=1, epoch=10, step=0, weights=(), biases=(), ready=True)
    worker._speed_cap = None
    work, origin = worker._run_work(reply, None, 0.02)
    assert work == Run(0.02, None) and origin is None
    worker._speed_cap = 5.0
    work, origin = worker._run_work(reply, None, 0.02)
    assert work == Run(0.02, 1)  # the first epoch is due at once
    start, epoch = origin
    assert epoch == 10
    # One epoch done and no time passed: nothing is due until 1/5 s later.
    work, _ = worker._run_work(make_snapshot(network_version=1, epoch=11, step=0, weights=(), biases=(), ready=True), (start, 10), 0.02)
    assert work is None
    work, _ = worker._run_work(make_snapshot(network_version=1, epoch=11, step=0, weights=(), biases=(), ready=True), (start - 1.0, 10), 0.02)
    assert work == Run(0.02, 5)  # 1 s at 5/s: epochs 11..15 due
    assert worker._run_work(make_snapshot(network_version=1, epoch=0, step=0, weights=(), biases=(), ready=False), None, 0.02)[0] is None


def test_no_child_process_falls_back_to_the_worker_thread_and_says_so(qtbot, prepared, monkeypatch):
    from playground.training import backends

    def refuse(self):
        raise OSError("no processes allowed here")

    monkeypatch.setattr(backends.ChildProcessBackend, "start", refuse)
    wt = _started_worker("process", prepared)
    try:
        _wait_for(qtbot, wt, lambda s: s.message is not None and "could not start" in s.message)
        wt.worker.step_epochs(1)
        _wait_for(qtbot, wt, lambda s: s.epoch == 1)
        assert wt.worker.mode == "inprocess"
    finally:
        assert wt.shutdown()


def test_an_engine_error_is_reported_and_the_next_play_starts_over(qtbot, prepared, monkeypatch):
    from playground.training.host import EngineHost

    original = EngineHost.exchange
    calls = {"n": 0}

    def flaky(self, commands, work):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("boom")
        return original(self, commands, work)

    monkeypatch.setattr(EngineHost, "exchange", flaky)
    wt = _started_worker("inprocess", prepared)
    try:
        wt.worker.step_epochs(1)
        _wait_for(qtbot, wt, lambda s: s.epoch == 1)
        wt.worker.play()
        failed = _wait_for(qtbot, wt, lambda s: s.message is not None and "boom" in s.message)
        assert not failed.running
        wt.worker.play()
        resumed = _wait_for(qtbot, wt, lambda s: s.running and s.new_epochs.size > 0 and s.message is None)
        assert resumed.new_epochs[0] == 2  # the weights and counters came back
    finally:
        assert wt.shutdown()
