"""What data to train on and how to train: two frozen dataclasses.

Both validate themselves on construction, so a ``dataclasses.replace`` with a
bad value raises :class:`ExperimentError` and the caller keeps the old object.
Messages name the field as it is written in experiment files
(``data.noise``, ``training.learning_rate``).
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.data.features import FEATURES
from playground.data.generators import GENERATORS, MAX_NOISE, MAX_SAMPLES, MIN_NOISE, MIN_SAMPLES
from playground.data.split import MAX_TRAIN_FRACTION, MIN_TRAIN_FRACTION
from playground.engine.optimizers import DEFAULT_SETTINGS as OPTIMIZER_DEFAULTS
from playground.experiment.checks import (
    check_choice, check_int, check_number, engine_names, is_int, is_number,
)
from playground.experiment.errors import ExperimentError

SOURCES = ("generator", "csv", "inline")
PROBLEMS = ("auto", "classification", "regression")
#: The app's palette has ten colours, so at most ten classes anywhere.
MAX_CLASSES = 10


@dataclass(frozen=True)
class DataConfig:
    """Where the samples come from, which input features, and how they are split.

    Only the fields of the chosen ``source`` are used (and written to files).

    Attributes
    ----------
    source : {"generator", "csv", "inline"}
    generator : str
        A key of ``playground.data.GENERATORS`` (source "generator").
    classes : int or None
        Number of classes of the generator (spiral 2..5, blobs 3..6); None = its default.
    samples : int
        Number of generated points, 10..5000.
    noise : float
        Generator noise, 0..0.5.
    features : tuple of str or None
        Input features computed from 2-D raw points (``x1``, ``x1^2``, ``sin(x2)``...);
        None (the default) = the raw inputs themselves (``x1, x2`` for 2-D data,
        every feature column of a CSV file otherwise).
        Data whose raw points are not 2-D accepts only None.
    train_fraction : float
        Share of samples used for training, 0.1..1.0 (stratified for classes);
        1.0 trains on every sample and leaves no test set.
    normalize : bool
        Standardize every feature with the training set's mean and std.
    seed : int
        Seed of the generator and of the split.
    path : str or None
        CSV file (source "csv"); relative to the experiment file.
    target : str or int or None
        CSV target column by name or 0-based index (negative counts from the end);
        None = the last column.
    columns : tuple of (str or int) or None
        CSV feature columns; None = every column but the target.
    problem : {"auto", "classification", "regression"}
        CSV and inline data: "auto" treats string labels and few distinct integers as classes.
    points : tuple of tuple of float or None
        Inline raw points, one tuple per sample (source "inline").
    labels : tuple of (int or float) or None
        Inline labels: class indices or regression values.
    class_names : tuple of str or None
        Inline data: display names of the classes (default ``"0", "1", ...``).
    """

    source: str = "generator"
    generator: str = "spiral"
    classes: int | None = None
    samples: int = 500
    noise: float = 0.1
    features: tuple[str, ...] | None = None
    train_fraction: float = 0.5
    normalize: bool = False
    seed: int = 1
    path: str | None = None
    target: str | int | None = None
    columns: tuple[str | int, ...] | None = None
    problem: str = "auto"
    points: tuple[tuple[float, ...], ...] | None = None
    labels: tuple[float, ...] | None = None
    class_names: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        # Lists from JSON or from callers become tuples, so the object stays hashable and immutable.
        # NumPy arrays (drawn points from the app) become plain tuples of Python numbers.
        for name in ("points", "labels"):
            value = getattr(self, name)
            if hasattr(value, "tolist") and hasattr(value, "ndim"):
                object.__setattr__(self, name, value.tolist())
        for name in ("features", "columns", "labels", "class_names"):
            value = getattr(self, name)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))
        if isinstance(self.points, (list, tuple)) and all(isinstance(p, list) for p in self.points):
            object.__setattr__(self, "points", tuple(tuple(p) for p in self.points))
        self._validate()

    def _validate(self) -> None:
        check_choice("data.source", self.source, SOURCES)
        check_number("data.train_fraction", self.train_fraction, MIN_TRAIN_FRACTION, MAX_TRAIN_FRACTION)
        if not isinstance(self.normalize, bool):
            raise ExperimentError(f"data.normalize must be true or false, got {self.normalize!r}")
        check_int("data.seed", self.seed, 0, 2**32 - 1)
        if self.features is not None:
            if not isinstance(self.features, tuple) or not self.features:
                raise ExperimentError(f"data.features must be a non-empty list of feature names, got {self.features!r}")
            for name in self.features:
                if not isinstance(name, str) or name not in FEATURES:
                    raise ExperimentError(
                        f"data.features: unknown feature {name!r}; choose from {', '.join(FEATURES)}")
            if len(set(self.features)) != len(self.features):
                raise ExperimentError(f"data.features repeats a name: {list(self.features)}")
        check_choice("data.problem", self.problem, PROBLEMS)
        if self.source == "generator":
            self._validate_generator()
        elif self.source == "csv":
            self._validate_csv()
        else:
            self._validate_inline()

    def _validate_generator(self) -> None:
        check_choice("data.generator", self.generator, GENERATORS)
        info = GENERATORS[self.generator]
        check_int("data.samples", self.samples, MIN_SAMPLES, MAX_SAMPLES)
        check_number("data.noise", self.noise, MIN_NOISE, MAX_NOISE)
        if self.classes is not None:
            if info.kind == "regression":
                if self.classes != 0:
                    raise ExperimentError(
                        f"data.classes must be 0 for the regression generator {self.generator!r}, got {self.classes!r}")
            else:
                check_int(f"data.classes (generator {self.generator!r})", self.classes, info.min_classes,
                          info.max_classes)

    def _validate_csv(self) -> None:
        if not isinstance(self.path, str) or not self.path.strip():
            raise ExperimentError(f"data.path must name a CSV file, got {self.path!r}")
        if self.target is not None and not (isinstance(self.target, str) or is_int(self.target)):
            raise ExperimentError(f"data.target must be a column name or index, got {self.target!r}")
        if self.columns is not None:
            if not isinstance(self.columns, tuple) or not self.columns:
                raise ExperimentError(f"data.columns must be a non-empty list of columns, got {self.columns!r}")
            for c in self.columns:
                if not (isinstance(c, str) or is_int(c)):
                    raise ExperimentError(f"data.columns: {c!r} is neither a column name nor an index")

    def _validate_inline(self) -> None:
        if not isinstance(self.points, tuple) or len(self.points) < 2:
            raise ExperimentError("data.points must list at least 2 points for source 'inline'")
        width = len(self.points[0]) if isinstance(self.points[0], tuple) else 0
        if width < 1:
            raise ExperimentError("data.points must be a list of [x1, x2, ...] lists")
        for i, p in enumerate(self.points):
            if not isinstance(p, tuple) or len(p) != width:
                raise ExperimentError(f"data.points[{i}] must have {width} coordinates like data.points[0], got {p!r}")
            for v in p:
                if not is_number(v) or v != v or v in (float("inf"), float("-inf")):
                    raise ExperimentError(f"data.points[{i}] must hold finite numbers, got {p!r}")
        if not isinstance(self.labels, tuple) or len(self.labels) != len(self.points):
            n = len(self.labels) if isinstance(self.labels, tuple) else 0
            raise ExperimentError(f"data.labels must have one label per point ({len(self.points)}), got {n}")
        for i, v in enumerate(self.labels):
            if not is_number(v) or v != v or v in (float("inf"), float("-inf")):
                raise ExperimentError(f"data.labels[{i}] must be a finite number, got {v!r}")
        if self.class_names is not None:
            if not all(isinstance(c, str) for c in self.class_names):
                raise ExperimentError(f"data.class_names must be strings, got {self.class_names!r}")
            if len(self.class_names) > MAX_CLASSES:
                raise ExperimentError(f"data.class_names: at most {MAX_CLASSES} classes, got {len(self.class_names)}")
        if self.features is not None and width != 2:
            raise ExperimentError(f"data.features need 2-D points; these points have {width} coordinates")


@dataclass(frozen=True)
class TrainConfig:
    """How the network is trained: every training setting, in one record.

    The app's panel, the session, the worker, the engine host and
    ``playground train`` all pass this one record along; the host hands every
    field that ``Trainer.configure`` knows to the engine (see
    :func:`playground.training.messages.trainer_settings`). A new setting is a
    field here (with its default and check) plus one widget.

    Attributes
    ----------
    loss : str or None
        A key of ``playground.engine.LOSSES``; None = the problem's default
        (mse for regression, binary_cross_entropy for two classes, cross_entropy for K).
    optimizer : str
        A key of ``playground.engine.OPTIMIZERS`` (``sgd``, ``momentum``, ``adam``...).
    learning_rate : float
        > 0.
    momentum : float
        0 <= momentum < 1 (optimizers ``momentum`` and ``nesterov``).
    beta1, beta2 : float
        Adam's decay rates of the first and second moment, 0 <= beta < 1.
    epsilon : float
        Adam's denominator guard, > 0.
    batch_size : int
        Samples per update; 0 = the whole training set (batch), 1 = online.
    regularization : {"none", "l1", "l2"}
    regularization_rate : float
        >= 0.
    epochs : int
        Epochs for ``playground train`` (the app trains until paused).
    seed : int
        Seed of the weight initialisation and of the batch order.
    """

    loss: str | None = None
    optimizer: str = "sgd"
    learning_rate: float = 0.03
    # The optimizer defaults are the engine's own, so the two can never disagree.
    momentum: float = OPTIMIZER_DEFAULTS["momentum"]
    beta1: float = OPTIMIZER_DEFAULTS["beta1"]
    beta2: float = OPTIMIZER_DEFAULTS["beta2"]
    epsilon: float = OPTIMIZER_DEFAULTS["epsilon"]
    batch_size: int = 10
    regularization: str = "none"
    regularization_rate: float = 0.0
    epochs: int = 100
    seed: int = 0

    def __post_init__(self) -> None:
        if self.loss is not None:
            check_choice("training.loss", self.loss, engine_names("losses"))
        check_choice("training.optimizer", self.optimizer, engine_names("optimizers"))
        check_number("training.learning_rate", self.learning_rate, 0.0, lo_open=True)
        check_number("training.momentum", self.momentum, 0.0, 1.0, hi_open=True)
        check_number("training.beta1", self.beta1, 0.0, 1.0, hi_open=True)
        check_number("training.beta2", self.beta2, 0.0, 1.0, hi_open=True)
        check_number("training.epsilon", self.epsilon, 0.0, lo_open=True)
        check_int("training.batch_size", self.batch_size, 0)
        check_choice("training.regularization", self.regularization, engine_names("regularizations"))
        check_number("training.regularization_rate", self.regularization_rate, 0.0)
        check_int("training.epochs", self.epochs, 0, 10_000_000)
        check_int("training.seed", self.seed, 0, 2**32 - 1)
