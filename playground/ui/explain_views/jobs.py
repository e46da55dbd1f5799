"""A background job runner whose newest request wins, for the teaching views.

A gradient check (~0.1-0.2 s) or a landscape (20-75 ms) would freeze the
window if run on the GUI thread, so each view hands a function to a
:class:`LatestJob`: it runs on a thread pool of one thread; a request made while
one runs waits, and a newer request replaces the waiting one. Results come
back on the GUI thread through a queued signal, tagged with their request
number so a view can drop an outdated one. The function must only read its
own copies (a Network and arrays made for it).
"""

from __future__ import annotations

import time
import traceback

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(int, object, str, float)  # request, result, error text, seconds


class _Runnable(QRunnable):
    def __init__(self, request: int, fn, relay: _Relay) -> None:
        super().__init__()
        self.request, self.fn, self.relay = request, fn, relay

    def run(self) -> None:
        start = time.perf_counter()
        try:
            result, error = self.fn(), ""
        except Exception as exc:  # noqa: BLE001 - reported to the view, never lost in a thread
            result, error = None, str(exc) or traceback.format_exc(limit=1)
        self.relay.done.emit(self.request, result, error, time.perf_counter() - start)


class LatestJob(QObject):
    """Runs one function at a time off the GUI thread; the newest waiting request replaces older ones.

    Signals
    -------
    finished(int, object, float)
        ``(request, result, seconds)`` of a job that returned.
    failed(int, str)
        ``(request, message)`` of a job that raised.
    """

    finished = Signal(int, object, float)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_relay_done)
        self._requests = 0
        self._running = False
        self._waiting = None  # (request, fn)

    @property
    def busy(self) -> bool:
        return self._running or self._waiting is not None

    @property
    def last_request(self) -> int:
        return self._requests

    def submit(self, fn) -> int:
        """Run ``fn()`` in the background (after the running job, if any); returns its request number."""
        self._requests += 1
        if self._running:
            self._waiting = (self._requests, fn)
        else:
            self._start(self._requests, fn)
        return self._requests

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Block until no job runs (for shutdown); True if they all ended in time."""
        self._waiting = None
        return self._pool.waitForDone(timeout_ms)

    def _start(self, request: int, fn) -> None:
        self._running = True
        self._pool.start(_Runnable(request, fn, self._relay))

    def _on_relay_done(self, request: int, result, error: str, seconds: float) -> None:
        self._running = False
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self._start(*waiting)
        if error:
            self.failed.emit(request, error)
        else:
            self.finished.emit(request, result, seconds)
