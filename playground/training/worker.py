"""TrainingWorker: the QThread side of training.

The worker is a parentless QObject moved to a QThread. Its :meth:`run` loop
never returns to the thread's event loop while it works, so it is *not*
controlled through slots (a busy worker's slots never run). Instead every
public method is thread-safe and only touches:

- ``_stop`` and ``_playing`` (``threading.Event``): checked on every turn;
- ``_inbox`` (``queue.Queue``): lists of engine commands, step requests
  (:mod:`playground.training.messages`), speed caps and wake-ups.

Each turn drains the inbox, hands the commands plus one unit of work to the
backend (a child process normally, see :mod:`playground.training.backends`),
and passes the host's reply -- a :class:`Snapshot` -- on through
``snapshot_ready`` with ``dataclasses.replace``, adding only ``running``,
``message`` and the loss points of replies it did not emit (at most ~30
snapshots a second).
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QThread, Signal

from playground.training import thread_registry
from playground.training.backends import EngineCrashed, InProcessBackend, Stopped, make_backend
from playground.training.host import NAN_MESSAGE
from playground.training.messages import (
    Batches, Build, Command, Configure, Epochs, Run, SetCounters, SetData,
)
from playground.training.snapshot import Snapshot, concat_frozen, make_snapshot

#: The minimum gap between snapshots: about 30 a second (a little over, so a
#: 30 fps view always has news).
SNAPSHOT_GAP_S = 1 / 34
#: Longest and shortest training chunk. A chunk is sized to end when the next
#: snapshot is due, so snapshots keep their pace even when the GUI holds the
#: GIL for a while and a reply waits.
CHUNK_S = 0.03
MIN_CHUNK_S = 0.004


@dataclass(frozen=True)
class _Speed:
    """Inbox item: cap the speed at ``epochs_per_s`` (None = as fast as possible)."""

    epochs_per_s: float | None


#: Inbox item: emit a snapshot soon even if nothing changed (also wakes a blocked wait).
_WAKE = object()


class TrainingWorker(QObject):
    """Drives the engine; thread-safe control methods; emits Snapshots.

    Parameters
    ----------
    mode : {"process", "inprocess"}, optional
        Where the engine runs (default: ``$PLAYGROUND_ENGINE`` or ``process``).
    """

    snapshot_ready = Signal(object)
    finished = Signal()

    def __init__(self, mode: str | None = None) -> None:
        super().__init__()
        self._backend = make_backend(mode)
        self.mode = self._backend.mode
        self._stop = threading.Event()
        self._playing = threading.Event()
        self._inbox: queue.Queue = queue.Queue()
        self._speed_cap: float | None = None  # epochs per second; None = as fast as possible
        # What rebuilds the engine after a crash: last build (weights refreshed
        # from every reply), last data, last training settings.
        self._replay: dict[type, Command] = {}
        self._backend_alive = False

    # ------------------------------------------------------------ thread-safe API
    def send(self, command: Command) -> None:
        """Queue one engine command, e.g. ``send(SetWeight(0, 1, 2, 0.5))``."""
        self._inbox.put([command])

    def send_batch(self, commands: list[Command]) -> None:
        """Queue commands that must reach the engine in the same exchange (one change)."""
        self._inbox.put(list(commands))

    def play(self) -> None:
        self._playing.set()
        self._inbox.put(_WAKE)

    def pause(self) -> None:
        self._playing.clear()
        self._inbox.put(_WAKE)

    def step_epochs(self, n: int = 1) -> None:
        """Train exactly ``n`` epochs (training is paused first)."""
        self._playing.clear()
        self._inbox.put(Epochs(int(n)))

    def step_batches(self, n: int = 1) -> None:
        """Train exactly ``n`` (mini-)batch steps (training is paused first)."""
        self._playing.clear()
        self._inbox.put(Batches(int(n)))

    def set_speed(self, epochs_per_s: float | None) -> None:
        """Cap the speed in epochs per second, or None for as fast as possible."""
        self._inbox.put(_Speed(None if not epochs_per_s else float(epochs_per_s)))

    def request_snapshot(self) -> None:
        """Emit a snapshot soon even if nothing changed."""
        self._inbox.put(_WAKE)

    def stop(self) -> None:
        """Ask the loop to end; the thread finishes within a chunk (~30 ms)."""
        self._stop.set()
        self._playing.clear()
        self._inbox.put(_WAKE)

    @property
    def playing(self) -> bool:
        return self._playing.is_set()

    # ------------------------------------------------------------ the loop
    def run(self) -> None:
        """The thread's body: runs until :meth:`stop`."""
        pending_points: list = []
        last_emit = 0.0
        message: str | None = None
        cap_origin: tuple[float, int] | None = None  # (time, epoch) when the capped run started
        last_reply: Snapshot | None = None
        try:
            self._start_backend_or_fall_back()
            while not self._stop.is_set():
                idle = not self._playing.is_set()
                commands, works, force = self._drain(block=idle)
                if self._stop.is_set():
                    break
                work = works.pop(0) if works else None
                for extra in works:  # keep further step requests for the next turns
                    self._inbox.put(extra)
                if work is None and self._playing.is_set():
                    budget = min(CHUNK_S, max(MIN_CHUNK_S, last_emit + SNAPSHOT_GAP_S - time.perf_counter()))
                    work, cap_origin = self._run_work(last_reply, cap_origin, budget)
                else:
                    cap_origin = None
                if not commands and work is None and not force:
                    if self._playing.is_set():
                        self._stop.wait(0.005)  # capped speed, next epoch not due yet
                    continue
                self._remember(commands, None)  # a crash in this exchange must not lose them
                try:
                    if not self._backend_alive:
                        self._restart_backend(last_reply)
                    reply = self._backend.exchange(commands, work, self._stop)
                except Stopped:
                    break
                except Exception as exc:  # noqa: BLE001 - a dead or broken engine is reported, never fatal
                    text = str(exc) if isinstance(exc, EngineCrashed) else f"the training engine failed: {exc!r}"
                    self._backend_alive = False
                    self._playing.clear()
                    self._emit_message(last_reply, f"{text}. Press Play to start it again.")
                    continue
                self._remember([], reply)
                last_reply = reply
                if reply.diverged:
                    self._playing.clear()
                    message = NAN_MESSAGE
                if reply.errors:
                    message = "; ".join(reply.errors)
                pending_points.append(reply)
                now = time.perf_counter()
                # While running, the pace holds even when edits stream in (a dragged
                # weight); paused, every change shows at once.
                if now - last_emit >= SNAPSHOT_GAP_S or not self._playing.is_set() or message:
                    self.snapshot_ready.emit(self._snapshot(pending_points, message))
                    pending_points, message, last_emit = [], None, now
        finally:
            self._backend.close(timeout=0.5)
            self._backend_alive = False
            self.finished.emit()

    def _start_backend(self) -> None:
        self._backend.start()
        self._backend_alive = True

    def _start_backend_or_fall_back(self) -> None:
        """Start the engine; if no child process can be started here, train in this thread."""
        try:
            self._start_backend()
        except Exception as exc:  # noqa: BLE001 - e.g. process limits, a frozen app without spawn support
            if self._backend.mode == "inprocess":
                raise
            self._backend = InProcessBackend()
            self.mode = self._backend.mode
            self._start_backend()
            self._emit_message(None, f"The training engine process could not start ({exc}); "
                                     "training runs in the worker thread instead (slower UI).")

    def _restart_backend(self, last_reply: Snapshot | None) -> None:
        """Start a fresh engine and give it back the network, data, settings and counters."""
        self._backend.close(timeout=0.2)
        self._backend.start()
        self._backend_alive = True
        # Data first: it drops the engine's trainer (see EngineHost._new_trainer).
        replay = [self._replay[kind] for kind in (SetData, Configure, Build) if kind in self._replay]
        if last_reply is not None and last_reply.ready:
            replay.append(SetCounters(last_reply.epoch, last_reply.step))
        self._backend.exchange(replay, None, self._stop)

    def _remember(self, commands: list[Command], reply: Snapshot | None) -> None:
        """Keep what a restarted engine needs: last build, data and settings, newest weights."""
        for command in commands:
            if isinstance(command, (Build, SetData, Configure)):
                self._replay[type(command)] = command
        build = self._replay.get(Build)
        if reply is not None and build is not None and reply.weights and reply.network_version == build.network_version:
            self._replay[Build] = replace(build, weights=reply.weights, biases=reply.biases)

    def _drain(self, block: bool) -> tuple[list, list, bool]:
        """Everything in the inbox now: (engine commands, step work, force a snapshot)."""
        commands, works, force = [], [], False
        try:
            item = self._inbox.get(timeout=0.25) if block else self._inbox.get_nowait()
        except queue.Empty:
            return commands, works, force
        while True:
            if isinstance(item, list):
                commands.extend(item)
            elif isinstance(item, (Epochs, Batches)):
                works.append(item)
            elif isinstance(item, _Speed):
                self._speed_cap = item.epochs_per_s
            elif item is _WAKE:
                force = True
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                return commands, works, force

    def _run_work(self, last_reply, cap_origin, budget: float = CHUNK_S):
        """The next chunk of free-running training, honouring the speed cap."""
        if last_reply is not None and not last_reply.ready:
            return None, cap_origin
        cap = self._speed_cap
        if cap is None:
            return Run(budget), None
        now = time.perf_counter()
        epoch = last_reply.epoch if last_reply else 0
        if cap_origin is None:
            cap_origin = (now, epoch)
        due = int(cap * (now - cap_origin[0])) - (epoch - cap_origin[1]) + 1
        if due < 1:
            return None, cap_origin
        return Run(budget, due), cap_origin

    def _snapshot(self, replies: list[Snapshot], message: str | None) -> Snapshot:
        """The newest reply, carrying the loss points of every reply since the last snapshot."""
        last = replies[-1]
        merged = {}
        if len(replies) > 1:
            for name in ("new_epochs", "new_train_loss", "new_test_loss"):
                merged[name] = concat_frozen([getattr(r, name) for r in replies])
        return replace(last, running=self._playing.is_set(), message=message, **merged)

    def _emit_message(self, last_reply: Snapshot | None, message: str) -> None:
        """A snapshot that only carries a message (the engine is gone), no new loss points."""
        base = last_reply if last_reply is not None else make_snapshot(
            network_version=0, epoch=0, step=0, weights=(), biases=())
        empty = concat_frozen([])
        self.snapshot_ready.emit(replace(base, new_epochs=empty, new_train_loss=empty, new_test_loss=empty,
                                         running=self._playing.is_set(), message=message))


class _LoopThread(QThread):
    """A QThread whose body is the worker's loop, with no event loop after it.

    With ``started -> worker.run`` the thread would enter ``exec()`` once the
    loop returns and then need a ``quit()`` that may arrive before ``exec()``
    started; running the loop as the body ends the thread when the loop ends.
    """

    def __init__(self, worker: "TrainingWorker") -> None:
        super().__init__()
        self._worker = worker

    def run(self) -> None:  # noqa: D102 - QThread API
        self._worker.run()


class WorkerThread:
    """A TrainingWorker on its own registered QThread, with a bounded shutdown."""

    def __init__(self, mode: str | None = None) -> None:
        self.worker = TrainingWorker(mode)
        self.thread = _LoopThread(self.worker)
        self.thread.setObjectName("playground-training")
        thread_registry.register(self.thread)
        self.worker.moveToThread(self.thread)

    def start(self) -> None:
        self.thread.start()

    def shutdown(self, timeout_s: float = 1.0) -> bool:
        """Stop the loop, the engine and the thread; True if all ended in time."""
        self.worker.stop()
        ok = self.thread.wait(int(timeout_s * 1000))
        if not ok:
            # Last resort: never leave a thread behind the window.
            self.thread.terminate()
            self.thread.wait(500)
        return ok
