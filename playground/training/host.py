"""The engine host: owns the live Network and Trainer, runs training in chunks.

It is plain Python + NumPy (no Qt), so the same class runs in a child process
(:func:`playground.training.child.child_main`, the normal mode: training does
not share the GUI's GIL) and inside the worker thread (the in-process mode for
tests and debugging).

Protocol
--------
The worker talks to the host in *exchanges*: it hands over a list of commands
and, optionally, one unit of work, and gets back one result dict.

Commands, ``(name, kwargs)`` tuples applied in order:

``("build", sizes, activations, weights, biases, network_version, seed)``
    A new network with exactly these parameters; counters and optimizer state
    start over.
``("set_data", X_train, T_train, X_test, T_test, n_classes)``
    New data, same weights (features already computed and standardized).
``("configure", {"learning_rate": ..., "optimizer": ..., "momentum": ...,
"beta1": ..., "beta2": ..., "batch_size": ..., "loss": ..., "regularization": ...,
"regularization_rate": ...})``
    Any subset; applied live, weights kept.
``("set_counters", epoch, step)``
    Continue the counters from there (after an engine restart).
``("set_weight", l, i, j, value)``, ``("set_bias", l, j, value)``,
``("set_parameters", weights, biases)``
    Edits of the live parameters, weights otherwise kept.

Work, ``(kind, n_or_budget)``:

``("epochs", n)``, ``("batches", n)``
    Exactly ``n`` epochs or (mini-)batch steps.
``("run", budget_s, max_epochs)``
    Whole epochs until ``budget_s`` seconds have passed (at least one) or
    ``max_epochs`` are done.

The result is a dict with the fields of
:class:`~playground.training.snapshot.Snapshot` except ``running`` and
``message``, plus ``diverged`` (the loss became NaN/inf: the last finite
weights are back in place), ``errors`` (messages of commands that were
refused; the state before each of them is kept) and ``ready`` (network and data
are both set, so work can run). Every array in it is a fresh copy.
"""

from __future__ import annotations

import time

import numpy as np

#: The message shown when the loss stops being finite.
NAN_MESSAGE = "loss became NaN — learning rate too high? Paused, last finite weights restored."

_TRAIN_KEYS = (
    "learning_rate",
    "optimizer",
    "momentum",
    "beta1",
    "beta2",
    "epsilon",
    "batch_size",
    "loss",
    "regularization",
    "regularization_rate",
)


class EngineHost:
    """Holds the network, data and trainer; applies commands; trains in chunks."""

    def __init__(self) -> None:
        self.network = None
        self.trainer = None
        self.network_version = 0
        self.seed = 0
        self.data: tuple | None = None  # (X_train, T_train, X_test, T_test)
        self.n_classes = 2
        self.config: dict = {"learning_rate": 0.03, "optimizer": "sgd", "batch_size": 10,
                             "loss": "binary_cross_entropy"}
        self._last_finite = None  # (weights, biases, epoch, steps) of the last finite state
        self._stale = False  # network or data changed: a new trainer is due
        self._start_pending = False  # the epoch-0 loss point of a new trainer is still to record
        self._reset_buffers()
        self._latest: dict = {}

    # ------------------------------------------------------------------ commands
    def apply(self, command: tuple) -> str | None:
        """Apply one command; return an error message if it was refused.

        A refused command leaves the host exactly as it was before it.
        """
        name, *args = command
        handler = getattr(self, f"_cmd_{name}", None)
        if handler is None:
            return f"unknown command {name!r}"
        saved = dict(self.__dict__)
        saved["config"] = dict(self.config)
        try:
            handler(*args)
        except (ValueError, TypeError, IndexError, KeyError) as exc:
            # Roll back: a half-applied command must not leave a mismatched state.
            self.__dict__.clear()
            self.__dict__.update(saved)
            return f"{name}: {exc}"
        return None

    def _cmd_build(self, sizes, activations, weights, biases, network_version, seed=0) -> None:
        from playground.engine import Network

        network = Network.from_parameters([np.array(w, dtype=float) for w in weights],
                                          [np.array(b, dtype=float) for b in biases],
                                          list(activations), dtype=np.float64)
        if list(network.sizes) != list(sizes):
            raise ValueError(f"parameters give sizes {network.sizes}, expected {list(sizes)}")
        self.network = network
        self.network_version = int(network_version)
        self.seed = int(seed)
        self._new_trainer()

    def _cmd_set_data(self, X_train, T_train, X_test, T_test, n_classes) -> None:
        X_train = np.asarray(X_train, dtype=float)
        T_train = np.asarray(T_train, dtype=float)
        if X_train.ndim != 2 or T_train.ndim != 2 or len(X_train) != len(T_train) or len(X_train) == 0:
            raise ValueError(f"bad training data shapes {X_train.shape}, {T_train.shape}")
        X_test = np.asarray(X_test, dtype=float).reshape(-1, X_train.shape[1])
        T_test = np.asarray(T_test, dtype=float).reshape(-1, T_train.shape[1])
        self.data = (X_train, T_train, X_test, T_test)
        self.n_classes = int(n_classes)
        self._new_trainer()

    def _cmd_configure(self, changes: dict) -> None:
        changes = dict(changes)
        unknown = set(changes) - set(_TRAIN_KEYS)
        if unknown:
            raise KeyError(f"unknown training settings {sorted(unknown)}")
        if self.trainer is not None:
            self.trainer.configure(**changes)
        self.config.update(changes)

    def _cmd_set_weight(self, l, i, j, value) -> None:
        self._require_network()
        value = float(value)
        if not np.isfinite(value):
            raise ValueError("a weight must be a finite number")
        self.network.weights[l][i, j] = value
        self._remember_finite()

    def _cmd_set_bias(self, l, j, value) -> None:
        self._require_network()
        value = float(value)
        if not np.isfinite(value):
            raise ValueError("a bias must be a finite number")
        self.network.biases[l][j] = value
        self._remember_finite()

    def _cmd_set_parameters(self, weights, biases) -> None:
        self._require_network()
        self.network.set_parameters([np.asarray(w, dtype=float) for w in weights],
                                    [np.asarray(b, dtype=float) for b in biases])
        self._remember_finite()

    def _cmd_set_counters(self, epoch, step) -> None:
        """Continue counting from ``epoch`` / ``step`` (a restarted engine picks up where it was)."""
        self._ensure_trainer()
        if self.trainer is None:
            raise ValueError("no network and data to count for")
        self.trainer.epoch, self.trainer.steps = int(epoch), int(step)
        self._remember_finite()

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
        from playground.engine import Trainer

        # Still stale if this raises: a later command (e.g. the fitting loss) may complete it.
        self.trainer = Trainer(self.network, X_train, T_train, seed=self.seed, **self.config)
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

    def work(self, kind: str, amount: float, max_epochs: int | None = None) -> bool:
        """Train; return True if the loss diverged (then the last finite weights are back).

        Parameters
        ----------
        kind : {"epochs", "batches", "run"}
            See the module docstring.
        amount : float
            Number of epochs or batches, or the time budget in seconds for ``run``.
        max_epochs : int, optional
            Upper bound on the epochs of a ``run``.
        """
        if not self.ready:
            return False
        self._record_start()
        trainer = self.trainer
        if kind == "batches":
            for _ in range(int(amount)):
                epoch_before = trainer.epoch
                batch_loss = trainer.step()
                if not np.isfinite(batch_loss):
                    return self._diverged()
                if trainer.epoch != epoch_before and self._record_epoch():
                    return self._diverged()
            self._latest = {}
            return False
        if kind == "epochs":
            n_epochs, deadline = int(amount), None
        else:
            n_epochs = int(max_epochs) if max_epochs is not None else 1 << 62
            deadline = time.perf_counter() + float(amount)
        done = 0
        while done < n_epochs:
            trainer.run_epoch()
            done += 1
            if self._record_epoch():
                return self._diverged()
            if deadline is not None and time.perf_counter() >= deadline:
                break
        return False

    def _record_epoch(self) -> bool:
        """Measure train/test loss after an epoch; True if it is not finite."""
        X_train, T_train, X_test, T_test = self.data
        loss_name = self.config["loss"]
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
        from playground.engine import Trainer

        X_train, T_train, _, _ = self.data
        self.trainer = Trainer(self.network, X_train, T_train, seed=self.seed, **self.config)
        self.trainer.epoch, self.trainer.steps = epoch, step
        self._latest = {}
        return True

    # ------------------------------------------------------------------ results
    def _record_start(self) -> None:
        """The loss before any training (epoch 0), once per new trainer, so curves start there."""
        if self._start_pending and self.trainer is not None:
            self._start_pending = False
            if self.trainer.steps == 0:
                self._record_epoch()

    def result(self, diverged: bool = False, errors: list[str] | None = None) -> dict:
        """Everything the GUI needs now, as fresh copies; clears the loss buffers."""
        self._record_start()
        out = {
            "network_version": self.network_version,
            "ready": self.ready,
            "diverged": diverged,
            "errors": list(errors or ()),
            "epoch": 0,
            "step": 0,
            "weights": [],
            "biases": [],
            "mean_a": [],
            "mean_y": [],
            "mean_deltas": [],
            "layer_mean_abs_delta": None,
            "new_epochs": np.array(self._epochs, dtype=float),
            "new_train_loss": np.array(self._train_losses, dtype=float),
            "new_test_loss": np.array(self._test_losses, dtype=float),
            "train_loss": None,
            "test_loss": None,
            "train_accuracy": None,
            "test_accuracy": None,
        }
        self._reset_buffers()
        if self.network is None:
            return out
        weights, biases = self.network.get_parameters()
        out["weights"], out["biases"] = weights, biases
        if self.trainer is None:
            return out
        out["epoch"], out["step"] = int(self.trainer.epoch), int(self.trainer.steps)
        out.update(self._batch_means())
        out.update(self._measures())
        return out

    def _batch_means(self) -> dict:
        """Per-neuron means of a, y and delta over the last batch (empty before a step).

        ``last_trace`` and ``last_gradients`` are the engine's own buffers of
        that step (a and y before its update, the deltas it used), so these are
        exactly the numbers backpropagation worked with.
        """
        grads, trace = self.trainer.last_gradients, self.trainer.last_trace
        if grads is None or trace is None:
            return {}
        return {
            "mean_a": [np.asarray(a).mean(axis=0) for a in trace.a],
            "mean_y": [np.asarray(y).mean(axis=0) for y in trace.y],
            "mean_deltas": [np.asarray(d).mean(axis=0) for d in grads.deltas],
            "layer_mean_abs_delta": np.array([np.abs(d).mean() for d in grads.deltas]),
        }

    def _measures(self) -> dict:
        """Latest loss and accuracy on the train and test sets."""
        from playground.engine import accuracy

        X_train, T_train, X_test, T_test = self.data
        loss_name = self.config["loss"]
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
    def exchange(self, commands: list, work: tuple | None) -> dict:
        """Apply ``commands``, do ``work`` (or nothing), return the result dict."""
        errors = [e for e in (self.apply(c) for c in commands) if e]
        try:
            self._ensure_trainer()
        except ValueError as exc:
            errors.append(f"cannot train this combination: {exc}")
        diverged = False
        if work is not None:
            try:
                diverged = self.work(*work)
            except FloatingPointError:
                diverged = self._diverged()
        return self.result(diverged=diverged, errors=errors)
