"""Session: the GUI's single owner of the experiment and of the training worker.

Panels and the canvas talk to the session, never to the worker. The session
keeps the spec objects (:class:`~playground.experiment.Experiment`), the prepared
data, and the newest parameters; it turns user actions into worker commands
and re-emits the worker's snapshots on the GUI thread.

Every build of the network (new shape, new data, reset) gets a new
``network_version``; snapshots of an older build are dropped, so a view never
draws weights of a network it no longer shows.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QObject, Signal

from playground.data import prepare
from playground.experiment import ExperimentError, default_experiment
from playground.experiment.config import TrainConfig
from playground.training.headless import build_command, data_command
from playground.training.messages import Configure, SetBias, SetCounters, SetWeight
from playground.training.snapshot import Snapshot, make_snapshot
from playground.training.worker import WorkerThread
from playground.ui.session import fields


class Refused(ValueError):
    """The session refused an input and kept its state; the text is for the user."""

class Session(QObject):
    """Owns the experiment, the prepared data and the worker.

    Parameters
    ----------
    experiment : Experiment, optional
        Defaults to :func:`playground.experiment.default_experiment`.
    mode : {"process", "inprocess"}, optional
        Where the engine runs (default ``$PLAYGROUND_ENGINE`` or ``process``).
    parent : QObject, optional
    start : bool, optional
        Start the worker and its engine now (default). False: at :meth:`start_engine`
        (the app does it after the window's first frame, issue 13); commands wait in
        the worker's queue until then.

    Signals
    -------
    snapshot_ready(Snapshot)
        A snapshot of the current build (older builds are dropped).
    network_changed(NetworkSpec)
        The network design changed (a rebuild happened).
    data_changed()
        New data (``prepared`` changed).
    training_state_changed(bool)
        Training started (True) or paused (False).
    network_built(int)
        A new build with this ``network_version``: counters and history start over.
    settings_changed(object)
        The training settings changed (the new TrainConfig).
    engine_message(str)
        The engine said something about a build that is no longer shown (e.g.
        it stopped); messages of the current build come in its snapshots.
    engine_status_changed(EngineStatus)
        The engine's health changed (``training/status.py``): it answers again
        (``ok``), has not answered for a few seconds (``not_responding``), or
        died (``stopped``). :meth:`restart_engine` is the remedy for both.

    Bad input is never broadcast: every method that takes input raises
    :class:`Refused` (a ``ValueError``) and keeps the previous state.
    """
    snapshot_ready = Signal(object)
    network_changed = Signal(object)
    data_changed = Signal()
    training_state_changed = Signal(bool)
    network_built = Signal(int)
    settings_changed = Signal(object)
    engine_message = Signal(str)
    engine_status_changed = Signal(object)

    def __init__(self, experiment=None, mode: str | None = None, parent: QObject | None = None,
                 start: bool = True) -> None:
        super().__init__(parent)

        self._experiment = experiment if experiment is not None else default_experiment()
        self._base_dir = None
        self._prepared = self._prepare(self._experiment)
        self._experiment.check_fits(self._prepared)
        self._version = 0
        self._running = False
        self._reset_count = 0
        self._latest: Snapshot | None = None
        self._weights: list[np.ndarray] = []
        self._biases: list[np.ndarray] = []
        self._closed = False
        self._batch: list | None = None
        self._thread = WorkerThread(mode)
        self.mode = self._thread.worker.mode
        self._thread.worker.snapshot_ready.connect(self._on_worker_snapshot)
        self._thread.worker.engine_status.connect(self.engine_status_changed)
        self._started = False
        if start:
            self.start_engine()
        with self._batched():
            # Data first: it drops the engine's trainer, so the settings are
            # not checked against the old network (see EngineHost._new_trainer).
            self._send_data()
            self._send_settings()
            self._build_from_experiment()

    # ------------------------------------------------------------ read access
    @property
    def _worker(self):
        return self._thread.worker

    @property
    def experiment(self):
        """The current Experiment (spec objects; replaced, never mutated)."""
        return self._experiment

    @property
    def network_spec(self):
        """The current NetworkSpec."""
        return fields.network_spec(self._experiment)

    @property
    def features(self) -> tuple[str, ...]:
        """Names of the selected input features, in column order."""
        return tuple(self._prepared.feature_names)

    @property
    def prepared(self):
        """PreparedData of the current data."""
        return self._prepared

    @property
    def network_version(self) -> int:
        return self._version

    @property
    def latest_snapshot(self) -> Snapshot | None:
        """The newest snapshot of the current build (None until one arrived)."""
        return self._latest

    @property
    def running(self) -> bool:
        return self._running

    def parameters(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Copies of the newest weights and biases (from the last snapshot or the build)."""
        return [w.copy() for w in self._weights], [b.copy() for b in self._biases]

    def layer_sizes(self) -> list[int]:
        """``[n_in, h1, ..., n_out]`` of the current build."""
        return [self._weights[0].shape[0], *(w.shape[1] for w in self._weights)]

    # ------------------------------------------------------------ training control
    def play(self) -> None:
        self._set_running(True)
        self._worker.play()

    def pause(self) -> None:
        self._set_running(False)
        self._worker.pause()

    def toggle_play(self) -> None:
        self.pause() if self._running else self.play()

    def step_epoch(self) -> None:
        """Pause, then train exactly one epoch."""
        self._set_running(False)
        self._worker.step_epochs(1)

    def step_batch(self) -> None:
        """Pause, then train exactly one (mini-)batch step."""
        self._set_running(False)
        self._worker.step_batches(1)

    @property
    def engine_started(self) -> bool:
        """Whether the worker and its engine were started (see ``start``)."""
        return self._started

    def start_engine(self) -> None:
        """Start the worker thread and its engine (once; not after :meth:`shutdown`)."""
        if not self._started and not self._closed:
            self._started = True
            self._thread.start()

    def restart_engine(self) -> None:
        """A fresh engine with the newest weights, data, settings and counters (a stuck or dead one is killed)."""
        self._worker.restart_engine()

    def set_speed(self, epochs_per_s: float | None) -> None:
        """Cap training at ``epochs_per_s``, or None for as fast as possible."""
        self._worker.set_speed(epochs_per_s)

    def reset(self) -> None:
        """Fresh random weights for the same design and data; epoch 0; paused."""
        self.pause()
        self._reset_count += 1
        weights, biases = fields.initial_parameters(self._experiment, self._prepared, self._reset_count)
        self._build(weights, biases)

    # ------------------------------------------------------------ edits (contract)
    def apply_network(self, spec, weights, biases) -> None:
        """Pause and rebuild with exactly this design and these parameters."""
        sizes = spec.layer_sizes(len(self.features), fields.n_outputs(self._prepared))
        self._check_parameters(sizes, weights, biases)
        try:
            candidate = fields.with_fitting_loss(fields.with_network(self._experiment, spec), self._prepared)
        except ValueError as exc:
            raise Refused(f"{exc}; nothing was changed.") from None
        self.pause()
        self._experiment = candidate
        with self._batched():
            self._build(weights, biases)
            self._send_settings()
        self.network_changed.emit(spec)
        self.settings_changed.emit(fields.train_config(candidate))

    def set_weight(self, l: int, i: int, j: int, value: float) -> None:
        """Set ``weights[l][i, j]``; applied before the next step, no reset."""
        try:
            value = float(value)
            if not np.isfinite(value):
                raise ValueError
            self._weights[l][i, j]  # noqa: B018 - index check
            if min(l, i, j) < 0:
                raise IndexError
        except (ValueError, TypeError):
            raise Refused(f"A weight must be a finite number, not {value!r}.") from None
        except IndexError:
            raise Refused(f"There is no weight ({l}, {i}, {j}) in this network.") from None
        # Snapshot arrays are read-only: edit a copy.
        self._weights[l] = self._weights[l].copy()
        self._weights[l][i, j] = value
        self._send(SetWeight(l, i, j, value))

    def set_bias(self, l: int, j: int, value: float) -> None:
        """Set ``biases[l][j]``; applied before the next step, no reset."""
        try:
            value = float(value)
            if not np.isfinite(value):
                raise ValueError
            self._biases[l][j]  # noqa: B018 - index check
            if min(l, j) < 0:
                raise IndexError
        except (ValueError, TypeError):
            raise Refused(f"A bias must be a finite number, not {value!r}.") from None
        except IndexError:
            raise Refused(f"There is no bias ({l}, {j}) in this network.") from None
        self._biases[l] = self._biases[l].copy()
        self._biases[l][j] = value
        self._send(SetBias(l, j, value))

    def set_features(self, features, weights, biases) -> None:
        """New input features with matching first-layer weights (pauses, keeps the rest)."""
        features = tuple(features)
        if not features:
            raise Refused("Select at least one input feature.")
        try:
            candidate = fields.with_features(self._experiment, features)
            prepared = self._prepare(candidate)
        except ValueError as exc:
            raise Refused(str(exc)) from None
        sizes = self.network_spec.layer_sizes(len(features), fields.n_outputs(prepared))
        self._check_parameters(sizes, weights, biases)
        self.pause()
        self._experiment, self._prepared = candidate, prepared
        with self._batched():
            self._send_data()
            self._build(weights, biases)
        self.data_changed.emit()
        self.network_changed.emit(self.network_spec)

    # ------------------------------------------------------------ settings and data
    def set_training(self, config: TrainConfig | None = None, **changes) -> None:
        """New training settings, applied live (the weights are kept).

        Pass the whole record (``config``, what the panel does), or the fields
        to change (a shorthand that makes the record). The record travels
        unchanged to the engine host (``Configure``).
        """
        try:
            if config is None:
                config = fields.with_training(self._experiment, **changes).training
            elif changes or not isinstance(config, TrainConfig):
                raise TypeError("set_training takes a TrainConfig or keyword changes, not both")
            candidate = fields.with_config(self._experiment, config)
            candidate.check_fits(self._prepared)
        except (TypeError, ValueError) as exc:
            raise Refused(str(exc)) from None
        self._experiment = candidate
        self._send_settings()
        self.settings_changed.emit(fields.train_config(candidate))

    def set_data_config(self, data_config) -> None:
        """New data (dataset, noise, split, samples, features...): resets the weights."""
        try:
            candidate = fields.with_data(self._experiment, data_config)
            prepared = self._prepare(candidate)
        except ValueError as exc:
            raise Refused(str(exc)) from None
        self.pause()
        candidate = fields.fit_output_to_problem(candidate, prepared)
        self._experiment, self._prepared = candidate, prepared
        self._reset_count += 1
        weights, biases = fields.initial_parameters(candidate, prepared, self._reset_count)
        with self._batched():
            # Data first: it drops the engine's trainer, so the settings are
            # not checked against the old network (see EngineHost._new_trainer).
            self._send_data()
            self._send_settings()
            self._build(weights, biases)
        self.data_changed.emit()
        self.network_changed.emit(self.network_spec)

    def load_experiment(self, experiment, base_dir=None) -> bool:
        """Replace everything with ``experiment`` (and its trained state if it has one).

        ``base_dir`` is the folder relative CSV paths are relative to (the
        file's folder). Raises :class:`Refused` (keeping the current
        experiment) when the experiment does not fit its data.
        """
        try:
            prepared = self._prepare(experiment, base_dir)
            experiment.check_fits(prepared)
        except (ValueError, ExperimentError) as exc:
            raise Refused(str(exc)) from None
        self.pause()
        self._experiment, self._prepared, self._base_dir = experiment, prepared, base_dir
        with self._batched():
            # Data first: it drops the engine's trainer, so the settings are
            # not checked against the old network (see EngineHost._new_trainer).
            self._send_data()
            self._send_settings()
            self._build_from_experiment()
        self.data_changed.emit()
        self.network_changed.emit(self.network_spec)
        self.settings_changed.emit(fields.train_config(experiment))
        return True

    def restore(self, experiment) -> None:
        """Go back to ``experiment`` (with its trained state) on the same data folder (undo)."""
        self.load_experiment(experiment, base_dir=self._base_dir)

    def experiment_with_state(self, loss_epochs=(), train_loss=(), test_loss=()):
        """The current experiment carrying the newest weights and counters (for saving)."""
        snap = self._latest
        return fields.with_trained_parameters(
            self._experiment, self._prepared, *self.parameters(),
            epoch=snap.epoch if snap else 0, steps=snap.step if snap else 0,
            loss_epochs=loss_epochs, train_loss=train_loss, test_loss=test_loss)

    # ------------------------------------------------------------ shutdown
    def shutdown(self, timeout_s: float = 1.0) -> bool:
        """Stop the worker, its engine process and its thread; True if all ended in time."""
        if self._closed:
            return True
        self._closed = True
        try:
            self._thread.worker.snapshot_ready.disconnect(self._on_worker_snapshot)
        except (RuntimeError, TypeError):
            pass
        return self._thread.shutdown(timeout_s)

    # ------------------------------------------------------------ internals
    def _prepare(self, experiment, base_dir=None):

        try:
            return prepare(fields.data_config(experiment), base_dir=base_dir if base_dir else self._base_dir)
        except (ValueError, OSError, KeyError) as exc:
            raise ValueError(f"Could not prepare the data: {exc}") from exc

    def _check_parameters(self, sizes, weights, biases) -> None:
        expected_w = [(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
        got_w = [np.shape(w) for w in weights]
        got_b = [np.shape(b) for b in biases]
        if got_w != expected_w or got_b != [(b,) for b in sizes[1:]]:
            raise Refused(f"The parameters do not fit a {'-'.join(map(str, sizes))} network "
                          f"(weights {got_w}, biases {got_b}); nothing was changed.")
        if not all(np.all(np.isfinite(a)) for a in [*weights, *biases]):
            raise Refused("The parameters contain NaN or inf; nothing was changed.")

    def _send(self, command) -> None:
        """Send one command now, or add it to the open batch."""
        if self._batch is not None:
            self._batch.append(command)
        else:
            self._worker.send(command)

    @contextmanager
    def _batched(self):
        """Commands of one change reach the engine in one exchange (see EngineHost)."""
        self._batch = []
        try:
            yield
        finally:
            batch, self._batch = self._batch, None
            if batch:
                self._worker.send_batch(batch)

    def _send_settings(self) -> None:
        self._send(Configure(fields.train_config(self._experiment)))

    def _send_data(self) -> None:
        self._send(data_command(self._prepared))

    def _build_from_experiment(self) -> None:
        """Build from the experiment's trained state, or fresh weights without one."""
        state = fields.trained_parameters(self._experiment)
        if state is None:
            self._build(*fields.initial_parameters(self._experiment, self._prepared, self._reset_count))
            return
        self._build(*state)
        epoch, steps = fields.trained_counters(self._experiment)
        if epoch or steps:
            self._send(SetCounters(epoch, steps))
            self._latest = replace(self._latest, epoch=epoch, step=steps)

    def _build(self, weights, biases) -> None:
        """Start a new build: new version, these parameters, counters at 0."""
        self._version += 1
        self._weights = [np.array(w, dtype=float) for w in weights]
        self._biases = [np.array(b, dtype=float) for b in biases]
        # The same command `playground train` sends (training/headless.py): same weights, same run.
        self._send(build_command(self._experiment, self._weights, self._biases, self._version,
                                 fields.seed(self._experiment) + self._reset_count))
        self._latest = make_snapshot(network_version=self._version, epoch=0, step=0,
                                     weights=self._weights, biases=self._biases)
        self.network_built.emit(self._version)

    def _set_running(self, running: bool) -> None:
        if running != self._running:
            self._running = running
            self.training_state_changed.emit(running)

    def _on_worker_snapshot(self, snapshot: Snapshot) -> None:
        if snapshot.network_version != self._version:
            if snapshot.message:
                self.engine_message.emit(snapshot.message)
            return
        self._latest = snapshot
        if snapshot.weights:
            self._weights = list(snapshot.weights)
            self._biases = list(snapshot.biases)
        # The worker's event is the truth (a snapshot may predate a Play click).
        self._set_running(self._worker.playing)
        self.snapshot_ready.emit(snapshot)
