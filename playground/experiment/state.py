"""Trained state stored in an experiment file: parameters, counters, loss history."""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral

import numpy as np

from playground.data.errors import quoted
from playground.experiment.errors import ExperimentError


def _same(a, b) -> bool:
    """Arrays equal in dtype, shape and every bit (NaN equals NaN)."""
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@dataclass(frozen=True, eq=False)
class TrainedState:
    """What training produced, so a file can be reopened or used by ``playground predict``.

    Attributes
    ----------
    weights : tuple of ndarray
        ``weights[l]`` has shape ``(fan_in, fan_out)``.
    biases : tuple of ndarray
        ``biases[l]`` has shape ``(fan_out,)``.
    epoch : int
    steps : int
        Optimizer steps taken.
    loss_epochs, train_loss, test_loss : tuple of float
        The loss curves: one point each, at (possibly fractional) epochs.
    feature_names : tuple of str
        The network's inputs, in order.
    raw_names : tuple of str
        Columns a points file for ``predict`` must have.
    class_names : tuple of str
        Empty for regression.
    norm_mean, norm_std : ndarray, shape (k,), or None
        Standardization statistics of the training features (None when not normalized).

    Arrays are stored exactly: a saved and reloaded state is equal bit for bit.
    """

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    epoch: int = 0
    steps: int = 0
    loss_epochs: tuple[float, ...] = ()
    train_loss: tuple[float, ...] = ()
    test_loss: tuple[float, ...] = ()
    feature_names: tuple[str, ...] = ()
    raw_names: tuple[str, ...] = ()
    class_names: tuple[str, ...] = ()
    norm_mean: np.ndarray | None = None
    norm_std: np.ndarray | None = None

    def __post_init__(self) -> None:
        for name in ("weights", "biases", "feature_names", "raw_names", "class_names"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        # Plain Python numbers, whatever the caller passed (NumPy scalars do not serialize to JSON).
        for name in ("loss_epochs", "train_loss", "test_loss"):
            try:
                object.__setattr__(self, name, tuple(float(v) for v in getattr(self, name)))
            except (TypeError, ValueError):
                raise ExperimentError(f"state.{name} must be a list of numbers") from None
        for name in ("epoch", "steps"):
            value = getattr(self, name)
            if not isinstance(value, Integral) or isinstance(value, bool):
                raise ExperimentError(f"state.{name} must be an integer, got {quoted(value)}")
            object.__setattr__(self, name, int(value))
        # Own read-only copies: nobody can change a saved state behind its back.
        object.__setattr__(self, "weights", tuple(_frozen(w) for w in self.weights))
        object.__setattr__(self, "biases", tuple(_frozen(b) for b in self.biases))
        for name in ("norm_mean", "norm_std"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _frozen(getattr(self, name)))
        self.validate()

    def validate(self) -> None:
        """Check that the parameter shapes chain and the curves have equal lengths."""
        if len(self.weights) != len(self.biases) or not self.weights:
            raise ExperimentError(f"state: {len(self.weights)} weight matrices but {len(self.biases)} bias vectors")
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            if W.ndim != 2 or b.ndim != 1 or W.shape[1] != b.shape[0]:
                raise ExperimentError(f"state.weights[{l}] has shape {W.shape} but state.biases[{l}] has "
                                      f"shape {b.shape}")
            if l and self.weights[l - 1].shape[1] != W.shape[0]:
                raise ExperimentError(f"state.weights[{l}] has {W.shape[0]} rows but layer {l - 1} has "
                                      f"{self.weights[l - 1].shape[1]} outputs")
        if not (len(self.loss_epochs) == len(self.train_loss) == len(self.test_loss)):
            raise ExperimentError("state.loss_epochs, train_loss and test_loss must have the same length")
        if self.epoch < 0 or self.steps < 0:
            raise ExperimentError("state.epoch and state.steps must be >= 0")
        if (self.norm_mean is None) != (self.norm_std is None):
            raise ExperimentError("state.norm_mean and state.norm_std come together")
        if self.norm_mean is not None and not (self.norm_mean.shape == self.norm_std.shape
                                               == (self.weights[0].shape[0],)):
            raise ExperimentError(f"state.norm_mean and norm_std must have {self.weights[0].shape[0]} values "
                                  "(one per input)")
        if self.feature_names and len(self.feature_names) != self.weights[0].shape[0]:
            raise ExperimentError(f"state.feature_names lists {len(self.feature_names)} inputs but "
                                  f"state.weights[0] has {self.weights[0].shape[0]} rows")

    @property
    def sizes(self) -> list[int]:
        """Layer widths ``[n_in, h1, ..., n_out]``."""
        return [self.weights[0].shape[0], *(W.shape[1] for W in self.weights)]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TrainedState):
            return NotImplemented
        arrays = ("weights", "biases")
        if any(len(getattr(self, a)) != len(getattr(other, a)) for a in arrays):
            return False
        if not all(_same(x, y) for a in arrays for x, y in zip(getattr(self, a), getattr(other, a))):
            return False
        for name in ("norm_mean", "norm_std"):
            x, y = getattr(self, name), getattr(other, name)
            if (x is None) != (y is None) or (x is not None and not _same(x, y)):
                return False
        plain = ("epoch", "steps", "feature_names", "raw_names", "class_names")
        curves = ("loss_epochs", "train_loss", "test_loss")
        return all(getattr(self, n) == getattr(other, n) for n in plain) and all(
            _same(np.asarray(getattr(self, n), float), np.asarray(getattr(other, n), float)) for n in curves)

    __hash__ = None  # type: ignore[assignment]


def _frozen(a) -> np.ndarray:
    a = np.array(a, copy=True)
    if a.dtype.kind != "f":
        a = a.astype(np.float64)
    a.flags.writeable = False
    return a
