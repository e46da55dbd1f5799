"""The engine host: owns the live Network and Trainer, runs training in chunks.

It is plain Python + NumPy (no Qt), so the same class runs in a child process
(:func:`playground.training.child.child_main`, the normal mode: training does
not share the GUI's GIL) and inside the worker thread (the in-process mode for
tests and debugging).

Protocol
--------
The worker talks to the host in *exchanges*: a list of commands and,
optionally, one unit of work (all frozen dataclasses of
:mod:`playground.training.messages`), answered by one
:class:`~playground.training.snapshot.Snapshot` with ``ready`` (network and
data are set, so work can run), ``diverged`` (the loss became NaN/inf: the
last finite weights are back in place) and ``errors`` (messages of commands
that were refused; the state before each of them is kept). Every array in it
is a fresh copy.

Training settings arrive as one :class:`~playground.experiment.config.TrainConfig`
(:class:`~playground.training.messages.Configure`) and are handed to the
engine by :func:`~playground.training.messages.trainer_settings`: the host
lists no setting names of its own.
"""

from __future__ import annotations

import time

import numpy as np

from playground.engine import Network, Trainer, accuracy
from playground.experiment.config import TrainConfig
from playground.training.messages import (
    Batches, Build, Command, Configure, Epochs, SetBias, SetCounters, SetData, SetParameters, SetWeight, Work,
    trainer_settings,
)
from playground.training.snapshot import Snapshot, make_snapshot

#: The message shown when the loss stops being finite.
NAN_MESSAGE = "loss became NaN — learning rate too high? Paused, last finite weights restored."


class EngineHost:
    """Holds the network, data and trainer; applies commands; trains in chunks."""

    def __init__(self) -> None:
        self.network = None
        self.trainer = None
        self.network_version = 0
        self.seed = 0
        self.data: tuple | None = None  # (X_train, T_train, X_test, T_test)
        self.n_classes = 2
        self.default_loss = "binary_cross_entropy"  # the data's problem's loss, for config.loss None
        self.config = TrainConfig()
        self._last_finite = None  # (weights, biases, epoch, steps) of the last finite state
        self._stale = False  # network or data changed: a new trainer is due
        self._start_pending = False  # the epoch-0 loss point of a new trainer is still to record
        self._reset_buffers()
        self._latest: dict = {}
        # The last batch of the last chunk, copied once per chunk (see _keep_last_batch).
        self._last_batch: dict = {}
        self._before = None  # parameters before the step being recorded (None: not kept)
        self._epoch_s: float | None = None  # how long the last epoch took, to see the chunk's end coming

    # ------------------------------------------------------------------ commands
    def apply(self, command: Command) -> str | None:
        """Apply one command; return an error message if it was refused.

        A refused command leaves the host exactly as it was before it.
        """
        handler = self._HANDLERS.get(type(command))
        if handler is None:
            return f"unknown command {command!r}"
        saved = dict(self.__dict__)
        try:
            handler(self, command)
        except (ValueError, TypeError, IndexError, KeyError) as exc:
            # Roll back: a half-applied command must not leave a mismatched state.
            self.__dict__.clear()
            self.__dict__.update(saved)
            return f"{type(command).__name__}: {exc}"
        return None

    def _build(self, c: Build) -> None:
        network = Network.from_parameters([np.array(w, dtype=float) for w in c.weights],
                                          [np.array(b, dtype=float) for b in c.biases],
                                          list(c.activations), dtype=np.float64)
        if list(network.sizes) != list(c.sizes):
            raise ValueError(f"parameters give sizes {network.sizes}, expected {list(c.sizes)}")
        self.network = network
        self.network_version = int(c.network_version)
        self.seed = int(c.seed)
        self._new_trainer()

    def _set_data(self, c: SetData) -> None:
        X_train = np.asarray(c.X_train, dtype=float)
        T_train = np.asarray(c.T_train, dtype=float)
        if X_train.ndim != 2 or T_train.ndim != 2 or len(X_train) != len(T_train) or len(X_train) == 0:
            raise ValueError(f"bad training data shapes {X_train.shape}, {T_train.shape}")
        X_test = np.asarray(c.X_test, dtype=float).reshape(-1, X_train.shape[1])
        T_test = np.asarray(c.T_test, dtype=float).reshape(-1, T_train.shape[1])
        self.data = (X_train, T_train, X_test, T_test)
        self.n_classes = int(c.n_classes)
        self.default_loss = str(c.default_loss)
        self._new_trainer()

    def _configure(self, c: Configure) -> None:
        if not isinstance(c.config, TrainConfig):
            raise TypeError(f"Configure needs a TrainConfig, not {type(c.config).__name__}")
        if self.trainer is not None:
            self.trainer.configure(**self._settings(c.config))
        self.config = c.config

    def _settings(self, config: TrainConfig | None = None) -> dict:
        """``Trainer`` keyword arguments of ``config`` (default: the current one)."""
        return trainer_settings(self.config if config is None else config, self.default_loss)

    def _set_weight(self, c: SetWeight) -> None:
        self._require_network()
        value = float(c.value)
        if not np.isfinite(value):
            raise ValueError("a weight must be a finite number")
        self.network.weights[c.layer][c.row, c.col] = value
        self._remember_finite()

    def _set_bias(self, c: SetBias) -> None:
        self._require_network()
        value = float(c.value)
        if not np.isfinite(value):
            raise ValueError("a bias must be a finite number")
        self.network.biases[c.layer][c.unit] = value
        self._remember_finite()

    def _set_parameters(self, c: SetParameters) -> None:
        self._require_network()
        self.network.set_parameters([np.asarray(w, dtype=float) for w in c.weights],
                                    [np.asarray(b, dtype=float) for b in c.biases])
        self._remember_finite()

    def _set_counters(self, c: SetCounters) -> None:
        """Continue counting from there (a restarted engine picks up where it was)."""
        self._ensure_trainer()
        if self.trainer is None:
            raise ValueError("no network and data to count for")
        self.trainer.epoch, self.trainer.steps = int(c.epoch), int(c.step)
        self._remember_finite()

    _HANDLERS = {Build: _build, SetData: _set_data, Configure: _configure, SetWeight: _set_weight,
                 SetBias: _set_bias, SetParameters: _set_parameters, SetCounters: _set_counters}

    def _require_network(self) -> None:
        if self.network is None:
            raise ValueError("no network built yet")

    def _new_trainer(self) -> None:
        """Drop the trainer; a fresh one (counters and optimizer state start over) is made
        once all commands of the exchange are applied.

        Data, network and settings of one change arrive as separate commands
        (e.g. a 3-class dataset, its softmax network and cross-entropy): checking
        them one by one against each other would refuse valid combinations.
        """
        self._reset_buffers()
        self._latest = {}
        self._last_batch = {}
        self.trainer = None
        self._stale = True
        self._start_pending = True

    def _ensure_trainer(self) -> None:
        """Create the pending trainer if network and data fit; ValueError if the engine refuses."""
        if not self._stale or self.network is None or self.data is None:
            return
        X_train, T_train, _, _ = self.data
        if X_train.shape[1] != self.network.sizes[0] or T_train.shape[1] != self.network.sizes[-1]:
            raise ValueError(f"the data ({X_train.shape[1]} inputs, {T_train.shape[1]} outputs) does not fit "
                             f"the network {self.network.sizes}")
        # Still stale if this raises: a later command (e.g. the fitting loss) may complete it.
        self.trainer = Trainer(self.network, X_train, T_train, seed=self.seed, **self._settings())
        self._stale = False
        self._remember_finite()

    def _remember_finite(self) -> None:
        """Keep the parameters and counters to return to if the loss diverges."""
        epoch, steps = (self.trainer.epoch, self.trainer.steps) if self.trainer is not None else (0, 0)
        self._last_finite = (*self.network.get_parameters(), epoch, steps)

    @property
    def ready(self) -> bool:
        """Network and data are set and fit each other."""
        return self.trainer is not None

    # ------------------------------------------------------------------ work
    def _reset_buffers(self) -> None:
        self._epochs: list[int] = []
        self._train_losses: list[float] = []
        self._test_losses: list[float] = []

    def work(self, work: Work) -> bool:
        """Train; return True if the loss diverged (then the last finite weights are back).

        Parameters
        ----------
        work : Epochs, Batches or Run
            See :mod:`playground.training.messages`.
        """
        if not self.ready:
            return False
        self._record_start()
        trainer = self.trainer
        self._before = None
        if isinstance(work, Batches):
            n = int(work.n)
            for k in range(n):
                epoch_before = trainer.epoch
                if k == n - 1:
                    self._keep_before()
                batch_loss = trainer.step()
                if not np.isfinite(batch_loss):
                    return self._diverged()
                if trainer.epoch != epoch_before and self._record_epoch():
                    return self._diverged()
            self._latest = {}
            self._keep_last_batch()
            return False
        if isinstance(work, Epochs):
            n_epochs, deadline = int(work.n), None
        else:
            n_epochs = int(work.max_epochs) if work.max_epochs is not None else 1 << 62
            deadline = time.perf_counter() + float(work.budget_s)
        done = 0
        while done < n_epochs:
            started = time.perf_counter()
            # Keep the parameters before the epoch's last step only when this epoch may
            # end the chunk (a snapshot is due after it): the last of n, or one that
            # may cross the deadline (twice the last epoch's time as margin).
            keep = done == n_epochs - 1 or (deadline is not None and (
                self._epoch_s is None or started + 2 * self._epoch_s >= deadline))
            self._before = None
            trainer.run_epoch(self._keep_before if keep else None)
            done += 1
            self._epoch_s = time.perf_counter() - started
            if self._record_epoch():
                return self._diverged()
            # An epoch that took far longer than the one before crossed the deadline
            # unannounced: one more (announced) epoch, so the snapshot has its batch.
            if deadline is not None and time.perf_counter() >= deadline and keep:
                break
        self._keep_last_batch()
        return False

    def _keep_before(self) -> None:
        """Copy the parameters the next step starts from (once per chunk, not per step)."""
        self._before = self.network.get_parameters()

    def _keep_last_batch(self) -> None:
        """Copy what the GUI shows of the chunk's last batch, at the end of the chunk.

        The engine's ``last_trace`` / ``last_gradients`` view its buffers (the
        next step overwrites them), so they are copied here, with the
        parameters before that step and the update it made.
        """
        grads, trace = self.trainer.last_gradients, self.trainer.last_trace
        before, self._before = self._before, None
        if before is None:
            return  # no step in this chunk (e.g. Batches(0)): the record of the last one stands
        if grads is None or trace is None:
            self._last_batch = {}
            return
        weights_before, biases_before = before
        weights, biases = self.network.get_parameters()
        self._last_batch = {
            "batch_size": int(trace.inputs.shape[0]),
            "batch_step": int(self.trainer.steps),
            "batch_loss": float(self.trainer.last_loss),
            "mean_inputs": np.asarray(trace.inputs).mean(axis=0),
            "mean_a": [np.asarray(a).mean(axis=0) for a in trace.a],
            "mean_y": [np.asarray(y).mean(axis=0) for y in trace.y],
            "mean_deltas": [np.asarray(d).mean(axis=0) for d in grads.deltas],
            "layer_mean_abs_delta": np.array([np.abs(d).mean() for d in grads.deltas]),
            "weights_before": weights_before,
            "biases_before": biases_before,
            "grad_weights": [np.array(g) for g in grads.weights],
            "grad_biases": [np.array(g) for g in grads.biases],
            "update_weights": [w - w0 for w, w0 in zip(weights, weights_before)],
            "update_biases": [b - b0 for b, b0 in zip(biases, biases_before)],
        }

    def _record_epoch(self) -> bool:
        """Measure train/test loss after an epoch; True if it is not finite."""
        X_train, T_train, X_test, T_test = self.data
        loss_name = self.trainer.loss
        train_loss = float(self.network.loss(X_train, T_train, loss=loss_name))
        test_loss = float(self.network.loss(X_test, T_test, loss=loss_name)) if len(X_test) else float("nan")
        finite = np.isfinite(train_loss) and np.all(np.isfinite(self.network.weights[-1]))
        if not finite:
            return True
        self._epochs.append(self.trainer.epoch)
        self._train_losses.append(train_loss)
        self._test_losses.append(test_loss)
        self._latest = {"train_loss": train_loss, "test_loss": None if not len(X_test) else test_loss}
        # Cheap (a few small arrays) and it is what makes NaN recovery exact.
        self._remember_finite()
        return False

    def _diverged(self) -> bool:
        """Put the last finite weights back and start the optimizer over."""
        weights, biases, epoch, step = self._last_finite
        self.network.set_parameters(weights, biases)
        # Momentum / Adam state is poisoned by the huge gradients: a new trainer
        # starts the optimizer over; counters go back with the weights.
        X_train, T_train, _, _ = self.data
        self.trainer = Trainer(self.network, X_train, T_train, seed=self.seed, **self._settings())
        self.trainer.epoch, self.trainer.steps = epoch, step
        self._latest = {}
        self._last_batch = {}
        self._before = None
        return True

    # ------------------------------------------------------------------ results
    def _record_start(self) -> None:
        """The loss before any training (epoch 0), once per new trainer, so curves start there."""
        if self._start_pending and self.trainer is not None:
            self._start_pending = False
            if self.trainer.steps == 0:
                self._record_epoch()

    def result(self, diverged: bool = False, errors: list[str] | None = None) -> Snapshot:
        """Everything the GUI needs now, as a Snapshot of fresh copies; clears the loss buffers."""
        self._record_start()
        fields = dict(
            network_version=self.network_version, ready=self.ready, diverged=diverged, errors=tuple(errors or ()),
            epoch=0, step=0, weights=(), biases=(),
            new_epochs=self._epochs, new_train_loss=self._train_losses, new_test_loss=self._test_losses,
        )
        self._reset_buffers()
        if self.network is not None:
            fields["weights"], fields["biases"] = self.network.get_parameters()
            if self.trainer is not None:
                fields["epoch"], fields["step"] = int(self.trainer.epoch), int(self.trainer.steps)
                fields.update(self._last_batch)
                fields.update(self._measures())
        return make_snapshot(**fields)

    def _measures(self) -> dict:
        """Latest loss and accuracy on the train and test sets."""
        X_train, T_train, X_test, T_test = self.data
        loss_name = self.trainer.loss
        latest = dict(self._latest)
        if "train_loss" not in latest:
            latest["train_loss"] = float(self.network.loss(X_train, T_train, loss=loss_name))
            latest["test_loss"] = float(self.network.loss(X_test, T_test, loss=loss_name)) if len(X_test) else None
        if self.n_classes >= 2:
            latest["train_accuracy"] = float(accuracy(self.network.predict(X_train), T_train))
            if len(X_test):
                latest["test_accuracy"] = float(accuracy(self.network.predict(X_test), T_test))
        return latest

    # ------------------------------------------------------------------ one call
    def exchange(self, commands: list[Command], work: Work | None) -> Snapshot:
        """Apply ``commands``, do ``work`` (or nothing), return the reply."""
        errors = [e for e in (self.apply(c) for c in commands) if e]
        try:
            self._ensure_trainer()
        except ValueError as exc:
            errors.append(f"cannot train this combination: {exc}")
        diverged = False
        if work is not None:
            try:
                diverged = self.work(work)
            except FloatingPointError:
                diverged = self._diverged()
        return self.result(diverged=diverged, errors=errors)
