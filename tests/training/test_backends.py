"""The child-process backend never blocks its caller's watchdog, even mid-write to a stopped child."""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import time

import numpy as np
import pytest

from playground.training.backends import PIPE_BUFFER_BYTES, ChildProcessBackend, Stopped
from playground.training.host import EngineHost
from playground.training.messages import SetCounters
from tests.training.helpers import setup_commands, spiral

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP is POSIX")


class _Silence(Exception):
    """Raised by the test's watchdog once it has been called after the deadline."""


def test_a_large_message_to_a_stopped_child_still_lets_the_watchdog_speak():
    backend = ChildProcessBackend()
    backend.start()
    pid = backend.pid
    try:
        stop = threading.Event()
        backend.exchange([SetCounters(0, 0)], None, stop)  # the child is up and answering
        os.kill(pid, signal.SIGSTOP)
        # Far more than any pipe buffer: the write itself blocks until the child reads.
        big = [np.zeros(1_000_000)]
        assert len(big[0].tobytes()) > 10 * PIPE_BUFFER_BYTES
        calls = []

        def watchdog(waited_s):
            calls.append(waited_s)
            if waited_s > 0.5:
                raise _Silence

        started = time.monotonic()
        with pytest.raises(_Silence):
            backend.exchange(big, None, stop, watchdog)
        assert time.monotonic() - started < 5.0
        assert calls and max(calls) > 0.5
        # Closing does not hang behind the half-written message either.
        closing = time.monotonic()
        backend.close(timeout=0.3)
        assert time.monotonic() - closing < 3.0
        assert backend.process is None
    finally:
        try:
            os.kill(pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
        backend.close(timeout=0.2)


def test_a_stop_request_ends_a_blocked_write():
    backend = ChildProcessBackend()
    backend.start()
    pid = backend.pid
    try:
        stop = threading.Event()
        backend.exchange([SetCounters(0, 0)], None, stop)
        os.kill(pid, signal.SIGSTOP)
        threading.Timer(0.3, stop.set).start()
        with pytest.raises(Stopped):
            backend.exchange([np.zeros(1_000_000)], None, stop)
    finally:
        os.kill(pid, signal.SIGCONT)
        backend.close(timeout=0.3)


def test_large_messages_still_arrive_whole():
    # 5,000 samples (the most a generator makes) with their features: far over the pipe buffer.
    commands = setup_commands(spiral(samples=5_000))
    assert len(pickle.dumps(commands)) > 4 * PIPE_BUFFER_BYTES
    backend = ChildProcessBackend()
    backend.start()
    try:
        reply = backend.exchange(commands, None, threading.Event())
        assert reply.ready and len(reply.weights) == 3
        expected = EngineHost().exchange(commands, None)
        # The loss over all 2,500 training rows is the same only if every row arrived.
        assert reply.train_loss is not None and reply.train_loss == expected.train_loss
        np.testing.assert_array_equal(reply.weights[0], expected.weights[0])
    finally:
        backend.close()
