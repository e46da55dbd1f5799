"""Gradient-descent training of a Network: full-batch, online and mini-batch.

Each epoch visits every sample once, in an order reshuffled from the
trainer's own seeded ``np.random.Generator`` (a full batch is not shuffled:
its mean gradient does not depend on the order). One seed gives one run, bit
for bit. Settings change between steps through :meth:`Trainer.configure`
without touching the weights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .kernels import take
from .losses import get_loss
from .network import Gradients, Network, Trace
from .optimizers import check_learning_rate, check_settings, get_optimizer
from .regularization import check_rate, get_regularization


@dataclass(frozen=True)
class TrainSettings:
    """Everything :meth:`Trainer.configure` can change."""

    loss: str
    optimizer: str = "sgd"
    learning_rate: float = 0.03
    batch_size: int = 10  # 0 = full batch, 1 = online
    momentum: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    regularization: str = "none"
    regularization_rate: float = 0.0


_OPTIMIZER_SETTINGS = ("momentum", "beta1", "beta2", "epsilon")
_EPOCH_COPY_LIMIT = 1 << 20  # bytes of inputs up to which each epoch gets a shuffled copy


class Trainer:
    """Trains ``net`` in place on ``(X, T)``.

    Parameters
    ----------
    net : Network
    X : array (n, n_in)
    T : array (n, n_out)
        Targets; for binary_cross_entropy in [0, 1], for cross_entropy rows
        of non-negative values summing to 1 (one-hot).
    loss : str or None
        None: the output activation's natural loss.
    optimizer : str
        ``sgd``, ``momentum``, ``nesterov`` or ``adam``.
    learning_rate : float
    batch_size : int or None
        None or 0: full batch; 1: online; otherwise mini-batches (the last
        batch of an epoch holds the remaining samples).
    momentum, beta1, beta2, epsilon : float
        Optimizer settings (see ``optimizers``).
    regularization : str
        ``none``, ``l1`` or ``l2``; ``regularization_rate`` its rate.
    seed : int or None
        Seed of the shuffling generator.

    Raises
    ------
    ValueError
        On any bad setting or data; nothing is trained.

    Attributes
    ----------
    net : Network
    epoch, steps : int
        Completed epochs and steps (plain counters: a host may set them to continue a count).
    last_loss : float or None
        The last step's batch loss.
    settings : TrainSettings
        Also readable one by one: ``trainer.learning_rate``, ``trainer.optimizer``, ...
    steps_per_epoch, n_samples : int
    last_gradients : Gradients or None
    last_trace : Trace or None
        The last step's batch: its ``a``, ``y`` (before the update) and deltas.

    Notes
    -----
    ``last_gradients`` and ``last_trace`` view the engine's buffers: the next
    step overwrites them. Copy what you keep. A step whose loss is not finite
    leaves the weights untouched (and is still counted).
    """

    def __init__(self, net: Network, X, T, loss=None, optimizer="sgd", learning_rate=0.03, batch_size=10,
                 momentum=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8, regularization="none",
                 regularization_rate=0.0, seed=0):
        if not isinstance(net, Network):
            raise ValueError(f"net must be a Network, not {type(net).__name__}")
        self.net = net
        self._rng = np.random.default_rng(seed)
        self.epoch = 0
        self.steps = 0
        self._position = 0
        self._last_ws = None
        self.last_loss: float | None = None
        loss = net._loss_for(loss).name
        self._settings = self._checked(TrainSettings(loss=loss), dict(
            optimizer=optimizer, learning_rate=learning_rate, batch_size=batch_size, momentum=momentum,
            beta1=beta1, beta2=beta2, epsilon=epsilon, regularization=regularization,
            regularization_rate=regularization_rate))
        self._apply(self._settings)
        self._optimizer = self._new_optimizer()
        self.set_data(X, T)

    # --- settings ------------------------------------------------------------------

    @property
    def settings(self) -> TrainSettings:
        """The current settings (frozen; change them with :meth:`configure`)."""
        return self._settings

    def __getattr__(self, name):
        # trainer.learning_rate, trainer.optimizer, ... read the settings.
        settings = self.__dict__.get("_settings")
        if settings is not None and name in TrainSettings.__dataclass_fields__:
            return getattr(settings, name)
        raise AttributeError(name)

    def _checked(self, current: TrainSettings, changes: dict) -> TrainSettings:
        unknown = set(changes) - set(TrainSettings.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown training settings {sorted(unknown)}; known: {sorted(TrainSettings.__dataclass_fields__)}")
        changes = dict(changes)
        if "loss" in changes:
            changes["loss"] = self.net._loss_for(changes["loss"]).name
        if "optimizer" in changes:
            get_optimizer(changes["optimizer"])
        if "learning_rate" in changes:
            changes["learning_rate"] = check_learning_rate(changes["learning_rate"])
        if "batch_size" in changes:
            size = changes["batch_size"]
            if size is None:
                size = 0
            if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 0:
                raise ValueError(f"batch_size must be an integer >= 0 (0 or None: full batch), not {size!r}")
            changes["batch_size"] = int(size)
        if "regularization" in changes:
            changes["regularization"] = get_regularization(changes["regularization"]).name
        if "regularization_rate" in changes:
            changes["regularization_rate"] = check_rate(changes["regularization_rate"])
        changes.update(check_settings({k: changes[k] for k in _OPTIMIZER_SETTINGS if k in changes}))
        return replace(current, **changes)

    def _apply(self, settings: TrainSettings) -> None:
        self._settings = settings
        self._loss = get_loss(settings.loss)
        self._lr = settings.learning_rate
        self._reg = settings.regularization
        self._rate = settings.regularization_rate

    def _new_optimizer(self):
        s = self._settings
        cls = get_optimizer(s.optimizer)
        return cls(self.net.n_parameters, self.net.dtype,
                   **{name: getattr(s, name) for name in _OPTIMIZER_SETTINGS})

    def configure(self, **changes) -> None:
        """Change settings between steps; the weights are kept.

        Any key of :class:`TrainSettings`. Changing the optimizer resets only
        the optimizer's state (velocity, Adam moments); changing the batch size
        continues the current epoch from where it is. On a bad value nothing
        changes and ``ValueError`` is raised.
        """
        new = self._checked(self._settings, changes)
        if new.loss != self._settings.loss:
            self._check_target_values(self._T, get_loss(new.loss).name)
        old = self._settings
        self._apply(new)
        if new.optimizer != old.optimizer:
            self._optimizer = self._new_optimizer()
        else:
            self._optimizer.configure(**{name: getattr(new, name) for name in _OPTIMIZER_SETTINGS})

    # --- data ----------------------------------------------------------------------

    def set_data(self, X, T) -> None:
        """Train on new data from the next step on (a fresh epoch order); weights are kept.

        Raises ``ValueError`` (and keeps the previous data) on bad shapes or
        non-finite values, or targets the loss cannot take.
        """
        X = self.net._check_inputs(X)
        T = self.net._check_targets(T, X.shape[0])
        if not (np.all(np.isfinite(X)) and np.all(np.isfinite(T))):
            raise ValueError("X and T must be finite")
        self._check_target_values(T, self._settings.loss)
        n, n_in = X.shape
        x_aug = np.empty((n, n_in + 1), dtype=self.net.dtype)
        x_aug[:, :n_in] = X
        x_aug[:, n_in] = 1  # the ones column that multiplies the first layer's bias row
        self._X_aug = x_aug
        self._T = T
        # Small data: copy the whole set in the epoch's order once, then batches
        # are free slices. Large data: gather each batch into the workspace's
        # input buffer, which stays in cache (a 30 MB shuffled copy does not).
        self._gather_batches = x_aug.nbytes > _EPOCH_COPY_LIMIT
        if self._gather_batches:
            self._X_epoch = self._T_epoch = None
            self._batch_T: dict[int, np.ndarray] = {}
        else:
            self._X_epoch = np.empty_like(x_aug)
            self._T_epoch = np.empty_like(T)
        self._order = np.arange(n)
        self._n = n
        self._position = 0

    @staticmethod
    def _check_target_values(T: np.ndarray, loss: str) -> None:
        if loss == "binary_cross_entropy" and (T.min() < 0 or T.max() > 1):
            raise ValueError("binary_cross_entropy needs targets in [0, 1]")
        if loss == "cross_entropy" and (T.min() < 0 or not np.allclose(T.sum(axis=1), 1, atol=1e-5)):
            raise ValueError("cross_entropy needs one-hot targets (non-negative rows summing to 1)")

    @property
    def n_samples(self) -> int:
        return self._n

    @property
    def steps_per_epoch(self) -> int:
        """Batches in one epoch with the current batch size."""
        size = self._settings.batch_size or self._n
        return -(-self._n // size)

    # --- training --------------------------------------------------------------------

    def step(self) -> float:
        """One (mini-)batch update; returns that batch's mean loss (before the update, regularization included)."""
        with np.errstate(all="ignore"):  # a diverging run gives inf/NaN losses, reported, not warned
            return self._step()

    def run_epoch(self, before_last_step=None) -> float:
        """Steps to the next epoch boundary; returns the mean loss over those samples (before each update).

        ``before_last_step``, if given, is called with no arguments just before
        the epoch's last step (e.g. to keep the parameters that step starts from).
        """
        total, count = 0.0, 0
        with np.errstate(all="ignore"):
            while True:
                start = self._position
                if before_last_step is not None and start + (self._settings.batch_size or self._n) >= self._n:
                    before_last_step()
                value = self._step()
                size = (self._position or self._n) - start
                total += value * size
                count += size
                if self._position == 0:
                    return total / count

    def _step(self) -> float:
        n, pos = self._n, self._position
        size = self._settings.batch_size or n
        net = self.net
        if size >= n and pos == 0:
            x_aug, T = self._X_aug, self._T  # full batch: the order does not matter
            size = n
            ws = net._workspace(size)
        else:
            size = min(size, n - pos)
            ws = net._workspace(size)
            if pos == 0:
                self._order = order = self._rng.permutation(n)
                if not self._gather_batches:
                    take(self._X_aug, order, 0, self._X_epoch)
                    take(self._T, order, 0, self._T_epoch)
            if self._gather_batches:
                rows = self._order[pos : pos + size]
                x_aug = ws.x_aug
                take(self._X_aug, rows, 0, x_aug)
                T = self._batch_T.get(size)
                if T is None:
                    T = self._batch_T[size] = np.empty((size, self._T.shape[1]), dtype=self._T.dtype)
                take(self._T, rows, 0, T)
            else:
                x_aug = self._X_epoch[pos : pos + size]
                T = self._T_epoch[pos : pos + size]
        value = net._compute(ws, x_aug, T, self._loss, self._reg, self._rate)
        if math.isfinite(value):
            self._optimizer.step(net._theta, net._grad, self._lr)
        self._last_ws = ws
        self._last_inputs = x_aug
        pos += size
        if pos >= n:
            pos = 0
            self.epoch += 1
        self._position = pos
        self.steps += 1
        self.last_loss = value
        return value

    @property
    def last_gradients(self) -> Gradients | None:
        """Gradients of the last step, viewing engine buffers (valid until the next step)."""
        if self._last_ws is None:
            return None
        return self.net._gradients_view(self._last_ws)

    @property
    def last_trace(self) -> Trace | None:
        """Forward values of the last step's batch (before its update), viewing engine buffers."""
        if self._last_ws is None:
            return None
        ws = self._last_ws
        return Trace(inputs=self._last_inputs[:, :-1], a=list(ws.a), y=list(ws.y))
