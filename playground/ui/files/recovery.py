"""Crash safety: autosave to a recovery file, and the offer to restore it after a crash.

While the window is open, the experiment with its trained state (what File >
Save writes: weights, biases, counters, loss curves) is written to
``recovery.json`` in the app's data folder (``$PLAYGROUND_RECOVERY_DIR`` if
set): shortly after every edit, and every ``AUTOSAVE_INTERVAL_MS`` (10 s;
``$PLAYGROUND_AUTOSAVE_S`` overrides it) while training makes progress, by the
clock, not by epochs; never when nothing changed. A kill loses at most the
last interval of training. A clean exit deletes
the file; after a crash it is still there. So is it after a quit nobody was
asked about (``aboutToQuit`` without a close: a logout, SIGTERM) while
something is unsaved: the newest state is written first, for the next start's offer.

Next to it, ``recovery-source.json`` (``{"path": "/abs/run.json"}`` or
``{"path": null}``) names the file the work came from, so a restored session
remembers it: the title shows it and File > Save writes there (still marked
unsaved until then). The experiment file format itself is untouched.

On start, a ``recovery.json`` left behind is renamed to ``recovery-last-run.json``
(so this run's autosave cannot overwrite it) and a banner offers Restore /
Discard. An unreadable one is renamed ``*.broken`` with a message; the app
opens on the example as usual.

Threads: the experiment is copied on the GUI thread (~0.5 ms for the default
network, ~1.6 ms with a full 4096-point loss history: cheap enough every 10 s);
JSON encoding, fsync and rename, which take ~10-30 ms, run on one writer
thread, in order. Of those only the encoding holds the GIL (the writer's CPU
time, ``last_write_cpu_ms``); fsync waits without it.
``benchmarks/autosave_bench.py`` measures all three.
"""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from playground.experiment import ExperimentError, load_experiment, save_experiment
from playground.safe_io import FileProblem, atomic_write_text, read_capped
from playground.ui.files.unsaved import UnsavedWork

if TYPE_CHECKING:  # imported when the first autosave is written, not at start-up (issue 13)
    from concurrent.futures import ThreadPoolExecutor

RECOVERY_NAME = "recovery.json"
LAST_RUN_NAME = "recovery-last-run.json"
LOCK_NAME = "recovery.lock"
#: The sidecars naming the file each recovery file's work came from.
SOURCE_NAME = "recovery-source.json"
LAST_RUN_SOURCE_NAME = "recovery-last-run-source.json"
#: A sidecar holds one path: anything larger is not ours.
SOURCE_MAX_BYTES = 64 * 1024
#: Training progress is saved this often (at most; nothing new, nothing written).
AUTOSAVE_INTERVAL_MS = 10_000
#: An edit is saved this long after the last one of a burst (a drag, typing).
EDIT_DELAY_MS = 250


def recovery_dir() -> Path:
    """``$PLAYGROUND_RECOVERY_DIR``, else the app's data folder (QStandardPaths.AppDataLocation)."""
    folder = os.environ.get("PLAYGROUND_RECOVERY_DIR")
    if folder:
        return Path(folder)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def autosave_interval_ms() -> int:
    """``$PLAYGROUND_AUTOSAVE_S`` in ms if it is a positive number, else :data:`AUTOSAVE_INTERVAL_MS`."""
    try:
        seconds = float(os.environ.get("PLAYGROUND_AUTOSAVE_S", ""))
    except ValueError:
        return AUTOSAVE_INTERVAL_MS
    return max(1, int(seconds * 1000)) if seconds > 0 else AUTOSAVE_INTERVAL_MS


def install(window) -> "Recovery":
    """Give a MainWindow its autosave and restore offer; returns the started Recovery.

    Uses the window's ``files``, ``unsaved`` (its UnsavedWork), ``banner`` and
    ``add_banner`` only: where the offer sits is the window's business.
    """
    offer = RecoveryOffer()
    window.add_banner(offer)  # at the top, next to the message banner: seen at once, never in the way
    recovery = Recovery(window.files, window.unsaved, window.banner, offer, recovery_dir(),
                        interval_ms=autosave_interval_ms(), parent=window)
    recovery.start()
    return recovery


def write_source(path: Path, source: Path | None) -> None:
    """Write the sidecar ``path`` naming ``source``, the file the autosaved work came from (None: untitled)."""
    atomic_write_text(path, json.dumps({"path": str(source) if source is not None else None}))


def read_source(path: Path) -> Path | None:
    """The file a sidecar names; None when it is missing, unreadable, untitled or not an absolute path."""
    try:
        data = json.loads(bytes(read_capped(path, SOURCE_MAX_BYTES, "a recovery sidecar")).decode("utf-8"))
    except (FileProblem, OSError, ValueError):
        return None
    value = data.get("path") if isinstance(data, dict) else None
    # Only an absolute path: the work restores untitled rather than into a file guessed from a relative one.
    return Path(value) if isinstance(value, str) and value and Path(value).is_absolute() else None


class RecoveryOffer(QFrame):
    """A non-modal bar: "... did not close normally. [Restore] [Discard]".

    Signals
    -------
    restore_clicked(), discard_clicked()
    """
    restore_clicked = Signal()
    discard_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_offer")
        # Palette colours only, so the bar reads well in light and dark themes.
        self.setStyleSheet("#recovery_offer { border: 1px solid palette(highlight); border-radius: 3px; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.restore_button = QPushButton("Restore")
        self.restore_button.setDefault(True)
        self.discard_button = QPushButton("Discard")
        self.restore_button.setToolTip("Open the autosaved experiment from the session that did not close normally")
        self.discard_button.setToolTip("Delete the autosaved experiment and keep the one open now")
        self.restore_button.clicked.connect(self.restore_clicked)
        self.discard_button.clicked.connect(self.discard_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 3, 3)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.discard_button)
        self.hide()

    def show_offer(self, text: str) -> None:
        self.label.setText(text)
        self.show()


class Recovery(QObject):
    """Autosaves the window's experiment and offers to restore the last crashed run.

    Parameters
    ----------
    files : ExperimentFiles
        What to save (``experiment_to_save``) and how to load (``load``).
    changes : UnsavedWork
    banner : MessageBanner
        For problems (an unreadable recovery file, a failed autosave).
    offer : RecoveryOffer
    folder : Path
        Where the recovery files live (created if missing).
    interval_ms : int, optional
        How often training progress is saved.
    parent : QObject, optional

    Attributes
    ----------
    path : Path
        This run's recovery file.
    last_run_path : Path
        The previous run's file while it is offered.
    source_path, last_run_source_path : Path
        Their sidecars: the file the work came from (see :func:`read_source`).
    enabled : bool
        False when the folder is unusable or another instance holds it.
    last_copy_ms, last_write_ms, last_write_cpu_ms : float
        GUI-thread time of the last autosave, its write time on the writer
        thread, and the writer's CPU time in it (the part that can hold the GIL).
    """
    written = Signal(float)  # write time in ms; emitted on the GUI thread
    _write_failed = Signal(str)
    _write_done = Signal(float, float)

    def __init__(self, files, changes: UnsavedWork, banner, offer: RecoveryOffer, folder,
                 interval_ms: int = AUTOSAVE_INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.files, self.changes, self.banner, self.offer = files, changes, banner, offer
        self.folder = Path(folder)
        self.path = self.folder / RECOVERY_NAME
        self.last_run_path = self.folder / LAST_RUN_NAME
        self.source_path = self.folder / SOURCE_NAME
        self.last_run_source_path = self.folder / LAST_RUN_SOURCE_NAME
        self.enabled = False
        self.last_copy_ms = self.last_write_ms = self.last_write_cpu_ms = 0.0
        self._recovered = None  # the offered Experiment
        self._recovered_source: Path | None = None  # the file its work came from
        self._source_written = False  # writer thread: this run's sidecar exists...
        self._source_written_for: Path | None = None  # ...and names this file
        self._saved_generation = changes.generation
        self._failed = False
        self._closed = False
        self._lock: QLockFile | None = None
        self._executor: ThreadPoolExecutor | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(EDIT_DELAY_MS)
        self._soon.timeout.connect(self.save_now)
        self._write_failed.connect(self._on_write_failed)
        self._write_done.connect(self._on_write_done)
        offer.restore_clicked.connect(self.restore)
        offer.discard_clicked.connect(self.discard)

    # ------------------------------------------------------------ start and finish
    def start(self) -> None:
        """Take the folder, offer a crashed run's file, start autosaving."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.banner.show_message(f"Autosave is off: cannot create {self.folder} ({exc.strerror or exc}).",
                                     "warning")
            return
        lock = QLockFile(str(self.folder / LOCK_NAME))
        # Held for the whole run: only a dead holder's lock is stale, never an old one.
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            if lock.error() != QLockFile.LockError.LockFailedError:  # not another instance: a folder problem
                self.banner.show_message(f"Autosave is off: cannot write in {self.folder}.", "warning")
            # Else another window or instance is running: its file is not a crashed run's, leave it alone.
            return
        self._lock = lock
        self.enabled = True
        self._remove_partial_writes()
        if self.path.exists():
            try:
                os.replace(self.path, self.last_run_path)  # newest crash wins over an unanswered older one
            except OSError:
                pass
            else:
                try:
                    os.replace(self.source_path, self.last_run_source_path)  # its sidecar goes with it
                except OSError:
                    self._remove(self.last_run_source_path)  # none: an older run's names another file
        self._remove(self.source_path)  # a sidecar without its recovery file belongs to nothing
        if self.last_run_path.exists():
            self._offer_last_run()
        self.changes.changed.connect(self._on_changes_changed)
        self.timer.start()

    def finish(self, keep_unsaved: bool = False) -> None:
        """Clean exit: wait for a write in progress, delete this run's file, release the folder.

        An offered but unanswered last-run file is kept and offered again next time.

        Parameters
        ----------
        keep_unsaved : bool
            The user was not asked about unsaved work (the app quit without a
            close: a logout, SIGTERM). Then unsaved work is autosaved one last
            time and its file kept, for the next start's offer; with nothing
            unsaved the file is deleted as usual.
        """
        if self._closed:
            return
        keep = keep_unsaved and self.changes.dirty
        if keep:
            self.save_now()  # the newest state, not the one of up to an interval ago (nothing new: no write)
        self._closed = True
        self.changes.stop()
        self.timer.stop()
        self._soon.stop()
        if not self.enabled:
            return
        if self._executor is not None:  # None until the first write
            self._executor.shutdown(wait=True)  # a write still running would recreate the file
        if not keep:
            self._remove(self.path)
            self._remove(self.source_path)
        self._lock.unlock()

    def _remove_partial_writes(self) -> None:
        # save_experiment's temporary files, left if a crash hit mid-write.
        for name in (RECOVERY_NAME, SOURCE_NAME):
            for tmp in self.folder.glob(f".{name}.*.tmp"):
                self._remove(tmp)

    # ------------------------------------------------------------ the offer
    @property
    def offering(self) -> bool:
        """Whether a last-run file is being offered."""
        return self._recovered is not None

    def _offer_last_run(self) -> None:

        path = self.last_run_path
        try:
            experiment = load_experiment(path)
        except (ExperimentError, OSError, ValueError) as exc:
            self._set_aside(path, f"could not be read: {exc}")
            return
        self._recovered = experiment
        self._recovered_source = source = read_source(self.last_run_source_path)
        when = datetime.fromtimestamp(path.stat().st_mtime).strftime("%H:%M on %d %b")
        epoch = experiment.state.epoch if experiment.state is not None else 0
        what = f"the unsaved work on {source.name}" if source is not None else "the experiment"
        self.offer.show_offer(f"Backprop Playground did not close normally last time. Restore {what} "
                              f"autosaved at {when} (epoch {epoch:,})?")

    def restore(self) -> bool:
        """Load the offered experiment like File > Open (weights, epoch, loss curves); True if it worked."""
        experiment, self._recovered = self._recovered, None
        self.offer.hide()
        if experiment is None:
            return False
        # Relative CSV paths in the file were rewritten relative to its folder when it was saved.
        problem = self.files.load(experiment, base_dir=self.folder)
        if problem is not None:
            self._set_aside(self.last_run_path, f"could not be restored: {problem}")
            return False
        self._remove_last_run()
        # The work came from this file (None: untitled) but is not in it: unsaved, autosaved at once.
        # Save writes there; relative CSV paths are still relative to the recovery folder (base_dir),
        # and Save rewrites them for the file's folder.
        self.files.path = self._recovered_source
        self._recovered_source = None
        self.changes.mark_unsaved()
        return True

    def discard(self) -> None:
        """Delete the offered file."""
        self._recovered = self._recovered_source = None
        self.offer.hide()
        self._remove_last_run()

    def _remove_last_run(self) -> None:
        self._remove(self.last_run_path)
        self._remove(self.last_run_source_path)

    def _set_aside(self, path: Path, reason: str) -> None:
        """Rename a bad recovery file to ``*.broken`` (kept for a look, never offered again) and say so."""
        self._remove(self.last_run_source_path)  # names the file of work that is gone
        broken = path.with_name(path.name + ".broken")
        try:
            os.replace(path, broken)
            where = f"It was moved to {broken}."
        except OSError:
            self._remove(path)
            where = "It was deleted."
        self.banner.show_message(f"The recovery file of the last session {reason}. {where}", "warning")

    @staticmethod
    def _remove(path: Path) -> None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass

    # ------------------------------------------------------------ autosave
    def _on_changes_changed(self, edit: bool) -> None:
        if edit:
            self._soon.start()  # restarts: one save after a burst of edits
        # Training progress waits for the timer: at most one save per interval.

    def save_now(self) -> bool:
        """Autosave now if anything changed since the last autosave; True if a write was queued."""
        if not self.enabled or self._closed:
            return False
        generation = self.changes.generation
        if generation == self._saved_generation:
            return False
        start = time.perf_counter()
        try:
            experiment = self.files.experiment_to_save()
        except ValueError as exc:  # e.g. parameters that do not fit: say so, try again on the next tick
            self._on_write_failed(str(exc))
            return False
        self.last_copy_ms = (time.perf_counter() - start) * 1000
        self._saved_generation = generation
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
        self._executor.submit(self._write, experiment, self.path, self.files.base_dir, self.files.path)
        return True

    def _write(self, experiment, path: Path, source_dir, source: Path | None) -> None:
        """Writer thread: the atomic save (temporary file, fsync, rename), then the sidecar naming
        ``source`` when it is new (it changes only on Open, Save As and restore)."""
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            save_experiment(experiment, path, source_dir=source_dir)
            if not self._source_written or source != self._source_written_for:
                write_source(self.source_path, source)
                self._source_written, self._source_written_for = True, source
        except (OSError, ValueError, FileProblem) as exc:
            self._write_failed.emit(str(exc))
            return
        self._write_done.emit((time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000)

    def _on_write_done(self, ms: float, cpu_ms: float) -> None:
        self.last_write_ms = ms
        self.last_write_cpu_ms = cpu_ms
        self._failed = False
        self.written.emit(ms)

    def _on_write_failed(self, text: str) -> None:
        # Once per run of failures (a full disk fails every 10 s): one message, not a flood.
        if not self._failed:
            self._failed = True
            self.banner.show_message(f"Autosave failed: {text}", "warning")
        # Not saved: the next tick (or edit) tries again even if nothing else changed.
        self._saved_generation = -1
