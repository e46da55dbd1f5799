"""The immutable picture of training that the worker publishes to the GUI.

The worker emits a :class:`Snapshot` at most ~30 times a second through a
queued ``Signal(object)``. A queued signal does not copy its payload, so every
array in a Snapshot is a copy owned by the snapshot alone (made by
:func:`make_snapshot`) and marked read-only: the GUI may keep it as long as it
likes, and nothing can change it under its feet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np


def _frozen(array) -> np.ndarray:
    """A read-only copy of ``array`` (float64 unless it is already a float array)."""
    out = np.array(array, dtype=float, copy=True)
    out.flags.writeable = False
    return out


def _frozen_tuple(arrays: Sequence) -> tuple[np.ndarray, ...]:
    return tuple(_frozen(a) for a in arrays)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """What the network looks like now, and what happened since the last snapshot.

    Layer index ``l = 0 .. L-1`` counts weight layers, as everywhere in the
    project: ``weights[0]`` maps the inputs to the first hidden layer.

    Attributes
    ----------
    network_version : int
        Which network build the weights belong to; bumped on every shape change,
        so a view can drop a snapshot of a network it no longer shows.
    epoch, step : int
        Completed epochs and (mini-)batch steps since the last build or reset.
    weights, biases : tuple of ndarray
        ``weights[l]`` is ``(fan_in, fan_out)``, ``biases[l]`` is ``(fan_out,)``.
    mean_a, mean_y, mean_deltas : tuple of ndarray
        Per neuron, the mean over the last batch of the activation value ``a``,
        the output ``y = f(a)`` and the delta ``dJ/da``; each ``(fan_out_l,)``.
        Empty tuples before the first step.
    layer_mean_abs_delta : ndarray
        ``(L,)``, the mean of ``|delta|`` over the neurons and samples of each
        layer in the last batch (NaN before the first step).
    new_epochs, new_train_loss, new_test_loss : ndarray
        ``(k,)`` each: the loss points recorded since the previous snapshot
        (epoch numbers and the data loss after that epoch; test loss is NaN
        when there is no test set).
    train_loss, test_loss, train_accuracy, test_accuracy : float or None
        The latest values; accuracy is None for regression, test values are
        None without a test set, all are None before anything was measured.
    batch_size, batch_step : int
        The last batch of this snapshot: how many samples it had and which step
        it was (1-based, as ``step`` counts); 0 before the first step.
    batch_loss : float or None
        That batch's mean loss (before its update, regularization included).
    mean_inputs : ndarray
        ``(n_in,)``, the batch's mean input: with ``mean_y`` it gives every
        layer's mean input, so ``mean_a[l] = mean_in[l] @ weights_before[l] + biases_before[l]``.
    weights_before, biases_before : tuple of ndarray
        The parameters that batch's ``a``, ``y`` and ``delta`` were computed
        with: the ones before its update (``weights`` are after it, and after
        any edit since).
    grad_weights, grad_biases : tuple of ndarray
        ``dJ/dW[l]`` ``(fan_in, fan_out)`` and ``dJ/db[l]`` ``(fan_out,)`` of
        that batch: the batch-mean gradients the update used (regularization included).
    update_weights, update_biases : tuple of ndarray
        The update of that step, new minus old parameters (``ΔW = -η dJ/dW`` for
        plain SGD; momentum and Adam differ).
    running : bool
        True while training runs, False when paused.
    message : str or None
        Something the user must read, e.g. why training paused (NaN loss) or
        that the engine process stopped.
    ready : bool
        Network and data are set and fit each other, so work can run.
    diverged : bool
        The loss became NaN/inf in this exchange; the last finite weights are back.
    errors : tuple of str
        Why commands of this exchange were refused (the state before each is kept).

    The engine host replies with a Snapshot (``running`` False, no
    ``message``); the worker passes it on with ``dataclasses.replace``,
    changing only what it adds: ``running``, ``message`` and the loss points
    of replies it merged.
    """

    network_version: int
    epoch: int
    step: int
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    mean_a: tuple[np.ndarray, ...] = ()
    mean_y: tuple[np.ndarray, ...] = ()
    mean_deltas: tuple[np.ndarray, ...] = ()
    layer_mean_abs_delta: np.ndarray = field(default_factory=lambda: _frozen(np.zeros(0)))
    batch_size: int = 0
    batch_step: int = 0
    batch_loss: float | None = None
    mean_inputs: np.ndarray = field(default_factory=lambda: _frozen(np.zeros(0)))
    weights_before: tuple[np.ndarray, ...] = ()
    biases_before: tuple[np.ndarray, ...] = ()
    grad_weights: tuple[np.ndarray, ...] = ()
    grad_biases: tuple[np.ndarray, ...] = ()
    update_weights: tuple[np.ndarray, ...] = ()
    update_biases: tuple[np.ndarray, ...] = ()
    new_epochs: np.ndarray = field(default_factory=lambda: _frozen(np.zeros(0)))
    new_train_loss: np.ndarray = field(default_factory=lambda: _frozen(np.zeros(0)))
    new_test_loss: np.ndarray = field(default_factory=lambda: _frozen(np.zeros(0)))
    train_loss: float | None = None
    test_loss: float | None = None
    train_accuracy: float | None = None
    test_accuracy: float | None = None
    running: bool = False
    message: str | None = None
    ready: bool = False
    diverged: bool = False
    errors: tuple[str, ...] = ()

    @property
    def n_layers(self) -> int:
        """Number of weight layers ``L``."""
        return len(self.weights)

    @property
    def has_batch(self) -> bool:
        """Whether the last batch's record (before-weights, gradients, update) is here."""
        return self.batch_size > 0 and len(self.weights_before) == len(self.weights) > 0


def _opt_float(value) -> float | None:
    return None if value is None else float(value)


def make_snapshot(
    *,
    network_version: int,
    epoch: int,
    step: int,
    weights: Sequence,
    biases: Sequence,
    mean_a: Sequence = (),
    mean_y: Sequence = (),
    mean_deltas: Sequence = (),
    layer_mean_abs_delta=None,
    batch_size: int = 0,
    batch_step: int = 0,
    batch_loss=None,
    mean_inputs=(),
    weights_before: Sequence = (),
    biases_before: Sequence = (),
    grad_weights: Sequence = (),
    grad_biases: Sequence = (),
    update_weights: Sequence = (),
    update_biases: Sequence = (),
    new_epochs=(),
    new_train_loss=(),
    new_test_loss=(),
    train_loss=None,
    test_loss=None,
    train_accuracy=None,
    test_accuracy=None,
    running: bool = False,
    message: str | None = None,
    ready: bool = False,
    diverged: bool = False,
    errors: Sequence[str] = (),
) -> Snapshot:
    """Build a :class:`Snapshot` that owns read-only copies of every array given.

    Parameters are the fields of :class:`Snapshot`; sequences of arrays may be
    lists or tuples of anything ``np.array`` accepts. When
    ``layer_mean_abs_delta`` is None it is all-NaN ``(L,)``.
    """
    n_layers = len(weights)
    if layer_mean_abs_delta is None:
        layer_mean_abs_delta = np.full(n_layers, np.nan)
    return Snapshot(
        network_version=int(network_version),
        epoch=int(epoch),
        step=int(step),
        weights=_frozen_tuple(weights),
        biases=_frozen_tuple(biases),
        mean_a=_frozen_tuple(mean_a),
        mean_y=_frozen_tuple(mean_y),
        mean_deltas=_frozen_tuple(mean_deltas),
        layer_mean_abs_delta=_frozen(layer_mean_abs_delta),
        batch_size=int(batch_size),
        batch_step=int(batch_step),
        batch_loss=_opt_float(batch_loss),
        mean_inputs=_frozen(mean_inputs),
        weights_before=_frozen_tuple(weights_before),
        biases_before=_frozen_tuple(biases_before),
        grad_weights=_frozen_tuple(grad_weights),
        grad_biases=_frozen_tuple(grad_biases),
        update_weights=_frozen_tuple(update_weights),
        update_biases=_frozen_tuple(update_biases),
        new_epochs=_frozen(new_epochs),
        new_train_loss=_frozen(new_train_loss),
        new_test_loss=_frozen(new_test_loss),
        train_loss=_opt_float(train_loss),
        test_loss=_opt_float(test_loss),
        train_accuracy=_opt_float(train_accuracy),
        test_accuracy=_opt_float(test_accuracy),
        running=bool(running),
        message=message,
        ready=bool(ready),
        diverged=bool(diverged),
        errors=tuple(str(e) for e in errors),
    )


def freeze(snapshot: Snapshot) -> Snapshot:
    """Mark every array of ``snapshot`` read-only, in place, and return it.

    A snapshot that crossed the pipe from the engine process owns freshly
    unpickled arrays: no copy is needed, only the flag.
    """
    for value in vars(snapshot).values():
        for array in (value if isinstance(value, tuple) else (value,)):
            if isinstance(array, np.ndarray):
                array.flags.writeable = False
    return snapshot


def concat_frozen(arrays: Sequence[np.ndarray]) -> np.ndarray:
    """One read-only array of the given 1-D arrays, end to end."""
    return _frozen(np.concatenate(arrays) if len(arrays) else np.zeros(0))
