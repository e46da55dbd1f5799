"""TrainingWorker: the QThread side of training.

The worker is a parentless QObject moved to a QThread. Its :meth:`run` loop
never returns to the thread's event loop while it works, so it is *not*
controlled through slots (a busy worker's slots never run). Instead every
public method is thread-safe and only touches:

- ``_stop`` and ``_playing`` (``threading.Event``): checked on every turn;
- ``_inbox`` (``queue.Queue``): commands for the engine and step requests.

Each turn drains the inbox, hands the commands plus one unit of work to the
backend (a child process normally, see :mod:`playground.training.backends`),
and turns the reply into a :class:`Snapshot` emitted through
``snapshot_ready`` -- at most ~30 a second, merging the loss points of replies
it did not emit.
"""

from __future__ import annotations

import queue
import threading
import time

from PySide6.QtCore import QObject, QThread, Signal

from playground.training import thread_registry
from playground.training.backends import EngineCrashed, InProcessBackend, Stopped, make_backend
from playground.training.host import NAN_MESSAGE
from playground.training.snapshot import make_snapshot

#: The minimum gap between snapshots: about 30 a second (a little over, so a
#: 30 fps view always has news).
SNAPSHOT_GAP_S = 1 / 34
#: Longest and shortest training chunk. A chunk is sized to end when the next
#: snapshot is due, so snapshots keep their pace even when the GUI holds the
#: GIL for a while and a reply waits.
CHUNK_S = 0.03
MIN_CHUNK_S = 0.004


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
        # from every reply), last data, all training settings.
        self._replay: dict = {"build": None, "set_data": None, "configure": {}}
        self._backend_alive = False

    # ------------------------------------------------------------ thread-safe API
    def send(self, *command) -> None:
        """Queue one engine command, e.g. ``send("set_weight", 0, 1, 2, 0.5)``."""
        self._inbox.put(("commands", [command]))

    def send_batch(self, commands: list) -> None:
        """Queue commands that must reach the engine in the same exchange (one change)."""
        self._inbox.put(("commands", list(commands)))

    def play(self) -> None:
        self._playing.set()
        self._inbox.put(("wake",))

    def pause(self) -> None:
        self._playing.clear()
        self._inbox.put(("wake",))

    def step_epochs(self, n: int = 1) -> None:
        """Train exactly ``n`` epochs (training is paused first)."""
        self._playing.clear()
        self._inbox.put(("work", ("epochs", int(n))))

    def step_batches(self, n: int = 1) -> None:
        """Train exactly ``n`` (mini-)batch steps (training is paused first)."""
        self._playing.clear()
        self._inbox.put(("work", ("batches", int(n))))

    def set_speed(self, epochs_per_s: float | None) -> None:
        """Cap the speed in epochs per second, or None for as fast as possible."""
        self._inbox.put(("speed", None if not epochs_per_s else float(epochs_per_s)))

    def request_snapshot(self) -> None:
        """Emit a snapshot soon even if nothing changed."""
        self._inbox.put(("wake",))

    def stop(self) -> None:
        """Ask the loop to end; the thread finishes within a chunk (~30 ms)."""
        self._stop.set()
        self._playing.clear()
        self._inbox.put(("wake",))

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
        last_reply: dict | None = None
        try:
            self._start_backend_or_fall_back()
            while not self._stop.is_set():
                idle = not self._playing.is_set()
                commands, works, force = self._drain(block=idle)
                if self._stop.is_set():
                    break
                work = works.pop(0) if works else None
                for extra in works:  # keep further step requests for the next turns
                    self._inbox.put(("work", extra))
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
                if reply["diverged"]:
                    self._playing.clear()
                    message = NAN_MESSAGE
                if reply["errors"]:
                    message = "; ".join(reply["errors"])
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

    def _restart_backend(self, last_reply: dict | None) -> None:
        """Start a fresh engine and give it back the network, data, settings and counters."""
        self._backend.close(timeout=0.2)
        self._backend.start()
        self._backend_alive = True
        replay = []
        if self._replay["configure"]:
            replay.append(("configure", self._replay["configure"]))
        replay += [c for c in (self._replay["set_data"], self._replay["build"]) if c is not None]
        if last_reply is not None and last_reply["ready"]:
            replay.append(("set_counters", last_reply["epoch"], last_reply["step"]))
        self._backend.exchange(replay, None, self._stop)

    def _remember(self, commands: list, reply: dict | None) -> None:
        """Keep what a restarted engine needs: last build and data, all settings, newest weights."""
        for command in commands:
            name = command[0]
            if name in ("build", "set_data"):
                self._replay[name] = command
            elif name == "configure":
                self._replay["configure"].update(command[1])
        build = self._replay["build"]
        if reply is not None and build is not None and reply["weights"] and reply["network_version"] == build[5]:
            self._replay["build"] = (*build[:3], reply["weights"], reply["biases"], *build[5:])

    def _drain(self, block: bool) -> tuple[list, list, bool]:
        """Everything in the inbox now: (engine commands, step work, force a snapshot)."""
        commands, works, force = [], [], False
        try:
            item = self._inbox.get(timeout=0.25) if block else self._inbox.get_nowait()
        except queue.Empty:
            return commands, works, force
        while True:
            kind = item[0]
            if kind == "commands":
                commands.extend(item[1])
            elif kind == "work":
                works.append(item[1])
            elif kind == "speed":
                self._speed_cap = item[1]
            elif kind == "wake":
                force = True
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                return commands, works, force

    def _run_work(self, last_reply, cap_origin, budget: float = CHUNK_S):
        """The next chunk of free-running training, honouring the speed cap."""
        if last_reply is not None and not last_reply["ready"]:
            return None, cap_origin
        cap = self._speed_cap
        if cap is None:
            return ("run", budget, None), None
        now = time.perf_counter()
        epoch = last_reply["epoch"] if last_reply else 0
        if cap_origin is None:
            cap_origin = (now, epoch)
        due = int(cap * (now - cap_origin[0])) - (epoch - cap_origin[1]) + 1
        if due < 1:
            return None, cap_origin
        return ("run", budget, due), cap_origin

    def _snapshot(self, replies: list, message: str | None):
        import numpy as np

        last = replies[-1]
        return make_snapshot(
            network_version=last["network_version"],
            epoch=last["epoch"],
            step=last["step"],
            weights=last["weights"],
            biases=last["biases"],
            mean_a=last["mean_a"],
            mean_y=last["mean_y"],
            mean_deltas=last["mean_deltas"],
            layer_mean_abs_delta=last["layer_mean_abs_delta"],
            new_epochs=np.concatenate([r["new_epochs"] for r in replies]),
            new_train_loss=np.concatenate([r["new_train_loss"] for r in replies]),
            new_test_loss=np.concatenate([r["new_test_loss"] for r in replies]),
            train_loss=last["train_loss"],
            test_loss=last["test_loss"],
            train_accuracy=last["train_accuracy"],
            test_accuracy=last["test_accuracy"],
            running=self._playing.is_set(),
            message=message,
        )

    def _emit_message(self, last_reply: dict | None, message: str) -> None:
        """A snapshot that only carries a message (the engine is gone)."""
        if last_reply is None:
            last_reply = {"network_version": 0, "epoch": 0, "step": 0, "weights": [], "biases": [],
                          "mean_a": [], "mean_y": [], "mean_deltas": [], "layer_mean_abs_delta": None,
                          "train_loss": None, "test_loss": None, "train_accuracy": None,
                          "test_accuracy": None}
        import numpy as np

        empty = {"new_epochs": np.zeros(0), "new_train_loss": np.zeros(0), "new_test_loss": np.zeros(0)}
        self.snapshot_ready.emit(self._snapshot([{**last_reply, **empty}], message))


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
