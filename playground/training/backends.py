"""Where the engine runs: in a child process (normal) or in the worker thread (tests).

Both backends offer the same three calls, so :class:`TrainingWorker` does not
care which one it drives:

``start()``
    Make the engine ready (start the process).
``exchange(commands, work, stop_event, waiting=None) -> Snapshot``
    One round trip of the protocol in :mod:`playground.training.host`.
    While a child process is awaited, ``waiting(elapsed_s)`` is called
    between polls (the worker's watchdog); whatever it raises ends the wait.
``close(timeout)``
    Stop the engine; never blocks longer than ``timeout`` seconds (a child
    that does not quit in time is killed).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from multiprocessing.reduction import ForkingPickler

import numpy as np

from playground.training.host import EngineHost
from playground.training.messages import Fatal
from playground.training.snapshot import Snapshot, freeze

#: Messages up to this size fit in the pipe's buffer (Linux: 64 KB; smaller elsewhere is
#: harmless: a larger write only takes the helper-thread path) and never block the writer.
PIPE_BUFFER_BYTES = 16 * 1024
#: Environment variable selecting the mode when none is passed: ``process`` or ``inprocess``.
MODE_ENV = "PLAYGROUND_ENGINE"


class EngineCrashed(RuntimeError):
    """The engine process died or reported an internal error."""


class Stopped(Exception):
    """The worker was asked to stop while waiting for the engine."""


def resolve_mode(mode: str | None) -> str:
    """``mode`` or ``$PLAYGROUND_ENGINE`` or ``"process"``; raises ValueError on a typo."""
    mode = mode or os.environ.get(MODE_ENV) or "process"
    if mode not in ("process", "inprocess"):
        raise ValueError(f"engine mode must be 'process' or 'inprocess', not {mode!r}")
    return mode


def make_backend(mode: str | None):
    """The backend for ``mode`` (see :func:`resolve_mode`)."""
    return ChildProcessBackend() if resolve_mode(mode) == "process" else InProcessBackend()


class InProcessBackend:
    """The engine runs in the calling (worker) thread: simple, deterministic, shares the GIL."""

    mode = "inprocess"

    def __init__(self) -> None:
        self.host: EngineHost | None = None

    def start(self) -> None:
        self.host = EngineHost()

    def exchange(self, commands: list, work, stop_event: threading.Event, waiting=None) -> Snapshot:
        # The engine runs in this thread: it cannot go quiet on its own, so no watchdog.
        with np.errstate(all="ignore"):
            return self.host.exchange(commands, work)

    def close(self, timeout: float = 0.5) -> None:
        self.host = None


class ChildProcessBackend:
    """The engine runs in a spawned child process, fed through a pipe."""

    mode = "process"
    #: How often a wait for the child checks whether it died or we must stop.
    POLL_S = 0.02

    def __init__(self) -> None:
        self.process = None
        self.conn = None
        self._writer: threading.Thread | None = None  # writes a large message (see _send)

    def start(self) -> None:
        from playground.training.blas import limit_blas_threads
        from playground.training.child import child_main

        limit_blas_threads()  # inherited by the child, whose NumPy is not loaded yet
        ctx = multiprocessing.get_context("spawn")
        parent_end, child_end = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=child_main, args=(child_end,), name="playground-engine", daemon=True)
        self.process.start()
        child_end.close()  # so a dead child shows as EOF on our end
        self.conn = parent_end

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    def exchange(self, commands: list, work, stop_event: threading.Event, waiting=None) -> Snapshot:
        start = time.monotonic()
        self._send((commands, work), stop_event, waiting, start)
        while True:
            if stop_event.is_set():
                raise Stopped
            try:
                if self.conn.poll(self.POLL_S):
                    reply = self.conn.recv()
                    break
            except (EOFError, OSError) as exc:
                raise EngineCrashed(self._death_note()) from exc
            if not self.process.is_alive():
                raise EngineCrashed(self._death_note())
            if waiting is not None:
                waiting(time.monotonic() - start)
        if isinstance(reply, Fatal):
            raise EngineCrashed("the training engine failed:\n" + reply.traceback)
        return freeze(reply)

    def _send(self, message, stop_event: threading.Event, waiting, start: float) -> None:
        """Write ``message`` to the pipe without ever blocking the watchdog.

        A message larger than the pipe's buffer (~64 KB: new data, a big
        network) blocks its writer until the child reads. A child stopped by
        SIGSTOP never does, so such a message is written by a helper thread
        while this one keeps polling: stop requests and the watchdog work as
        they do while awaiting the reply.
        """
        payload = ForkingPickler.dumps(message)
        if len(payload) <= PIPE_BUFFER_BYTES:
            self._write(payload)
            return
        failure: list[BaseException] = []
        conn = self.conn

        def write() -> None:
            try:
                conn.send_bytes(payload)
            except (OSError, ValueError) as exc:  # the child died, or close() killed it mid-write
                failure.append(exc)

        self._writer = threading.Thread(target=write, name="playground-engine-send", daemon=True)
        self._writer.start()
        while self._writer.is_alive():
            self._writer.join(self.POLL_S)
            if not self._writer.is_alive():
                break
            if stop_event.is_set():
                raise Stopped
            if not self.process.is_alive():
                raise EngineCrashed(self._death_note())
            if waiting is not None:
                waiting(time.monotonic() - start)
        self._writer = None
        if failure:
            raise EngineCrashed(self._death_note()) from failure[0]

    def _write(self, payload: bytes) -> None:
        try:
            self.conn.send_bytes(payload)
        except (BrokenPipeError, OSError, ValueError) as exc:  # ValueError: closed by close()
            raise EngineCrashed(self._death_note()) from exc

    def _death_note(self) -> str:
        self.process.join(0.2)
        code = self.process.exitcode
        return f"the training engine process stopped unexpectedly (exit code {code})"

    def close(self, timeout: float = 0.5) -> None:
        if self.process is None:
            return
        if self._writer is None or not self._writer.is_alive():
            try:
                self.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        # else: a large message is stuck half-written in the pipe (a stopped child); a
        # "quit" behind it would block too, and the child could not parse it: kill below.
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1.0)
        if self._writer is not None:
            self._writer.join(1.0)  # its write fails at once now that the reader is gone
            self._writer = None
        self.conn.close()
        self.process.close()
        self.process = None
