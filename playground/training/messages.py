"""What the worker says to the engine host: small frozen commands and units of work.

One *exchange* carries a list of commands, applied in order, and at most one
unit of work; the host answers with one
:class:`~playground.training.snapshot.Snapshot` (see
:mod:`playground.training.host`). Everything here is plain data that pickles
across the pipe to the child process, and every field has a name: nothing is
read by position.

Training settings travel as the experiment's own
:class:`~playground.experiment.config.TrainConfig`, unchanged from the panel to the
host; :func:`trainer_settings` is the one place that turns it into
``Trainer.configure`` arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Union

import numpy as np

from playground.engine.trainer import TrainSettings
from playground.experiment.config import TrainConfig


# ------------------------------------------------------------------ commands
@dataclass(frozen=True, eq=False)
class Build:
    """A new network with exactly these parameters; counters and optimizer state start over.

    Attributes
    ----------
    sizes : tuple of int
        ``(n_in, h1, ..., n_out)``.
    activations : tuple of str
        One per weight layer.
    weights, biases : tuple of ndarray
        ``(fan_in, fan_out)`` and ``(fan_out,)`` per weight layer.
    network_version : int
        Tags every reply, so the GUI drops snapshots of older builds.
    seed : int
        Seed of the trainer's batch order.
    """

    sizes: tuple
    activations: tuple
    weights: tuple
    biases: tuple
    network_version: int
    seed: int = 0


@dataclass(frozen=True, eq=False)
class SetData:
    """New data, same weights (features already computed and standardized).

    Attributes
    ----------
    X_train, T_train, X_test, T_test : ndarray
        ``(n, n_in)`` and ``(n, n_out)``; the test set may have 0 rows.
    n_classes : int
        0 for regression (no accuracy).
    default_loss : str
        The problem's loss, used while ``TrainConfig.loss`` is None.
    """

    X_train: np.ndarray
    T_train: np.ndarray
    X_test: np.ndarray
    T_test: np.ndarray
    n_classes: int
    default_loss: str


@dataclass(frozen=True)
class Configure:
    """Every training setting; applied live, weights kept."""

    config: TrainConfig


@dataclass(frozen=True)
class SetWeight:
    """``weights[layer][row, col] = value``."""

    layer: int
    row: int
    col: int
    value: float


@dataclass(frozen=True)
class SetBias:
    """``biases[layer][unit] = value``."""

    layer: int
    unit: int
    value: float


@dataclass(frozen=True, eq=False)
class SetParameters:
    """Replace every parameter (same shapes), counters kept."""

    weights: tuple
    biases: tuple


@dataclass(frozen=True)
class SetCounters:
    """Continue counting from here (after an engine restart or opening a trained file)."""

    epoch: int
    step: int


Command = Union[Build, SetData, Configure, SetWeight, SetBias, SetParameters, SetCounters]


# ------------------------------------------------------------------ work
@dataclass(frozen=True)
class Epochs:
    """Exactly ``n`` epochs (the Step button, ``playground train``)."""

    n: int


@dataclass(frozen=True)
class Batches:
    """Exactly ``n`` (mini-)batch steps."""

    n: int


@dataclass(frozen=True)
class Run:
    """Whole epochs until ``budget_s`` has passed (at least one) or ``max_epochs`` are done (Play)."""

    budget_s: float
    max_epochs: int | None = None


Work = Union[Epochs, Batches, Run]


@dataclass(frozen=True)
class Fatal:
    """The child process's reply when the host itself raised: the traceback, as text."""

    traceback: str


# ------------------------------------------------------------------ settings
#: The settings the engine's Trainer takes, by name; each is a TrainConfig field too.
TRAINER_FIELDS = tuple(f.name for f in fields(TrainSettings))


def trainer_settings(config: TrainConfig, default_loss: str) -> dict:
    """Keyword arguments for ``Trainer(...)`` / ``Trainer.configure`` from the record.

    A None loss means the problem's own (``default_loss``).
    """
    settings = {name: getattr(config, name) for name in TRAINER_FIELDS}
    if settings["loss"] is None:
        settings["loss"] = default_loss
    return settings
