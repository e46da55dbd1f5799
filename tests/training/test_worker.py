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
    statuses: list = []
    wt.worker.engine_status.connect(statuses.append)
    wt.statuses = statuses
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
        qtbot.waitUntil(lambda: any(st.state == "stopped" and "stopped unexpectedly" in st.text
                                    for st in wt.statuses), timeout=10_000)
        crashed = _wait_for(qtbot, wt, lambda s: not s.running and s.epoch == 2)
        assert not crashed.running and not wt.worker.playing
        # Play again: a new engine gets the newest weights back and trains on.
        wt.worker.play()
        resumed = _wait_for(qtbot, wt, lambda s: s.running and s.new_epochs.size > 0 and s.message is None)
        # The counters continue where the dead engine was, and the engine is reported back.
        assert resumed.new_epochs[0] == 3
        qtbot.waitUntil(lambda: wt.statuses[-1].state == "ok")
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
        qtbot.waitUntil(lambda: any(st.state == "stopped" and "boom" in st.text for st in wt.statuses))
        failed = _wait_for(qtbot, wt, lambda s: not s.running and s.epoch >= 1)
        assert not failed.running
        wt.worker.play()
        resumed = _wait_for(qtbot, wt, lambda s: s.running and s.new_epochs.size > 0 and s.message is None)
        assert resumed.new_epochs[0] == 2  # the weights and counters came back
    finally:
        assert wt.shutdown()


def _stopped_child_test(qtbot, prepared, resume):
    """Train in a child, SIGSTOP it; the watchdog must speak within its deadline, then ``resume``."""
    wt = _started_worker("process", prepared)
    wt.worker.watchdog_s = 0.5
    pid = None
    try:
        wt.worker.play()
        _wait_for(qtbot, wt, lambda s: s.running and s.epoch >= 3)
        # On a loaded machine a slow child may already have been reported (0.5 s is short):
        # stop it while it answers, and read only what is reported after the stop.
        qtbot.waitUntil(lambda: not wt.statuses or wt.statuses[-1].state != "not_responding", timeout=10_000)
        pid = wt.worker._backend.pid
        before = len(wt.statuses)
        os.kill(pid, signal.SIGSTOP)
        stopped_at = time.monotonic()
        qtbot.waitUntil(lambda: any(st.state == "not_responding" for st in wt.statuses[before:]), timeout=5_000)
        waited = time.monotonic() - stopped_at
        status = next(st for st in wt.statuses[before:] if st.state == "not_responding")
        # Said within a few seconds, naming the cause the OS reports and what a restart keeps.
        assert waited < 3.0
        assert "stopped by a signal" in status.text and f"process {pid}" in status.text
        assert wt.worker.playing  # nothing was decided for the user
        n = len(wt.snapshots)
        epoch = wt.snapshots[-1].epoch
        resume(wt, pid)
        qtbot.waitUntil(lambda: wt.statuses[-1].state == "ok", timeout=10_000)
        later = _wait_for(qtbot, wt, lambda s: s.running and s.epoch > epoch + 2)
        assert later in wt.snapshots[n:]
        return wt, pid, epoch
    finally:
        if pid is not None:
            try:  # never leave a stopped process behind, whatever failed
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        assert wt.shutdown()


def test_a_stopped_child_is_reported_and_restart_continues_from_the_newest_weights(qtbot, prepared):
    def restart(wt, pid):
        wt.worker.restart_engine()
        qtbot.waitUntil(lambda: wt.worker._backend.pid not in (None, pid), timeout=10_000)

    wt, pid, epoch = _stopped_child_test(qtbot, prepared, restart)
    # The new engine continued the counters: the loss points go on from the stopped one's epoch.
    epochs = np.concatenate([s.new_epochs for s in wt.snapshots])
    assert epochs[-1] > epoch and np.all(np.diff(epochs) == 1)
    with pytest.raises(ProcessLookupError):  # the stopped process was killed, not left behind
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            os.kill(pid, 0)
            time.sleep(0.05)


def test_a_child_that_answers_again_clears_the_report(qtbot, prepared):
    _stopped_child_test(qtbot, prepared, lambda wt, pid: os.kill(pid, signal.SIGCONT))


def test_stall_cause_reads_the_process_state(tmp_path):
    from playground.training.status import stall_cause

    def fake(state, frozen="0"):
        proc = tmp_path / state / "proc"
        (proc / "7").mkdir(parents=True)
        (proc / "7" / "stat").write_text(f"7 (python (engine)) {state} 1 2 3")
        (proc / "7" / "cgroup").write_text("0::/user/app\n")
        group = tmp_path / state / "cg" / "user" / "app"
        group.mkdir(parents=True)
        (group / "cgroup.events").write_text(f"populated 1\nfrozen {frozen}\n")
        return proc, tmp_path / state / "cg"

    assert "SIGSTOP" in stall_cause(7, *fake("T"))
    assert "debugger" in stall_cause(7, *fake("t"))
    assert "frozen" in stall_cause(7, *fake("S", frozen="1"))
    assert stall_cause(7, *fake("R")) == ""
    assert stall_cause(None) == "" and stall_cause(7, tmp_path / "nothing") == ""
