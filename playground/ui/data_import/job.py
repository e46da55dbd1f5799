"""Running a slow function on a Python thread, with progress and the result sent back as Qt signals.

The import dialog reads files of up to a million rows; on the GUI thread that
would freeze the window for seconds. A :class:`BackgroundJob` runs the
function on a daemon thread (a stopped job cannot keep the app from
quitting), polls a cancel flag through the function's ``cancelled`` argument,
and delivers progress and the outcome through queued signals, so the GUI
thread only ever touches the result.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Signal

from playground.ui.data_import.table_scan import Cancelled

#: Progress is sent at most this often (a signal per 4 MB chunk is fine; per row it would not be).
PROGRESS_INTERVAL_S = 0.05


class BackgroundJob(QObject):
    """One run of ``function(progress=..., cancelled=...)`` on its own thread.

    Signals
    -------
    progressed(float, str)
        Fraction done (0..1) and what is happening.
    succeeded(object)
        The function's return value.
    failed(object)
        The exception it raised (never :class:`Cancelled`: a cancelled job says nothing).
    """

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, function, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._function = function
        self._cancel = threading.Event()
        self._last_report = 0.0
        self.thread = threading.Thread(target=self._run, name="csv-import", daemon=True)

    def start(self) -> "BackgroundJob":
        self.thread.start()
        return self

    def cancel(self) -> None:
        """Ask the function to stop; its result, if it still comes, is dropped."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _report(self, fraction: float, text: str) -> None:
        if self._cancel.is_set():
            return  # the dialog may be gone: say nothing more
        now = time.monotonic()
        if now - self._last_report >= PROGRESS_INTERVAL_S or fraction >= 1.0:
            self._last_report = now
            self._emit(self.progressed, float(fraction), text)

    def _checkpoint(self) -> bool:
        """The work's "stop?" question, asked between its chunks and blocks; it also lets the GUI run.

        ``time.sleep(0)`` releases the GIL, and a GUI thread waiting for it takes it
        now. Without it the GUI thread, which needs the GIL for each of its Python
        calls, sometimes got none for the whole load (~0.3 s for 200,000 rows on a
        busy machine): the window stood still although the work ran in a thread.
        """
        time.sleep(0)
        return self._cancel.is_set()

    def _run(self) -> None:
        try:
            result = self._function(progress=self._report, cancelled=self._checkpoint)
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the dialog as a message
            if not self._cancel.is_set():
                self._emit(self.failed, exc)
            return
        if not self._cancel.is_set():
            self._emit(self.succeeded, result)

    def _emit(self, signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            pass  # the dialog (and this object) is already gone
