"""Turn a data configuration into training and test arrays: :func:`prepare`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playground.data.csv_data import load_csv
from playground.data import finite
from playground.data.errors import DataError, quoted
from playground.data.finite import as_float_array
from playground.data.features import compute_features
from playground.data.generators import GENERATED_BOUNDS, GENERATORS, generate
from playground.data.slices import padded_span
from playground.data.split import Standardizer, train_test_indices

MAX_CLASSES = 10


@dataclass(frozen=True, eq=False)
class PreparedData:
    """Arrays ready for the engine, and what the app needs to draw them.

    Attributes
    ----------
    X_train, X_test : ndarray, shape (n_train, k), (n_test, k)
        Input features, standardized when the config asks for it.
    T_train, T_test : ndarray
        Targets: regression ``(n, 1)`` floats; two classes ``(n, 1)`` in {0, 1};
        K >= 3 classes one-hot ``(n, K)``.
    labels_train, labels_test : ndarray, shape (n,)
        Class indices (int64) or regression values (float64), for plotting.
    raw_train, raw_test : ndarray, shape (n, d)
        The raw points before features: ``d = 2`` for generated and drawn data
        (what the plots show). For CSV data ``d`` is the number of feature
        columns, so it is the raw numeric feature matrix when ``d != 2``.
    raw_names : tuple of str, length d
        Names of the raw columns (``x1, x2`` or the CSV header), as ``predict`` expects them.
    feature_names : tuple of str, length k
    n_classes : int
        K >= 2, or 0 for regression.
    class_names : tuple of str, length K
    standardizer : Standardizer or None
        Statistics of the training features (None when not normalizing).
    input_bounds : ((xmin, xmax), (ymin, ymax))
        Plot extent of the first two raw columns.
    features : tuple of str or None
        The feature recipe (None = raw columns used as they are).
    dropped_rows : int
        CSV rows skipped for invalid cells (``drop_invalid_rows``).
    """

    X_train: np.ndarray
    T_train: np.ndarray
    X_test: np.ndarray
    T_test: np.ndarray
    labels_train: np.ndarray
    labels_test: np.ndarray
    raw_train: np.ndarray
    raw_test: np.ndarray
    raw_names: tuple[str, ...]
    feature_names: tuple[str, ...]
    n_classes: int
    class_names: tuple[str, ...]
    standardizer: Standardizer | None
    input_bounds: tuple[tuple[float, float], tuple[float, float]]
    features: tuple[str, ...] | None
    dropped_rows: int = 0

    @property
    def is_regression(self) -> bool:
        """True when the targets are values, not classes."""
        return self.n_classes == 0

    def features_for(self, raw_points: np.ndarray) -> np.ndarray:
        """Map raw points through the same features and normalization as training.

        Parameters
        ----------
        raw_points : ndarray, shape (m, d)

        Returns
        -------
        ndarray, shape (m, k)
        """
        return features_from_raw(raw_points, self.features, self.standardizer, len(self.raw_names))


def features_from_raw(raw_points, features, standardizer: Standardizer | None, raw_width: int) -> np.ndarray:
    """Features (and standardization) of raw points ``(m, raw_width)`` -> ``(m, k)``."""
    raw_points = np.asarray(raw_points, dtype=np.float64)
    if raw_points.ndim != 2 or raw_points.shape[1] != raw_width:
        raise DataError(f"expected points with {raw_width} columns, got shape {raw_points.shape}")
    X = raw_points.copy() if features is None else compute_features(raw_points, features)
    return X if standardizer is None else standardizer.transform(X)


def targets_from_labels(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Engine targets: ``(n, 1)`` values or {0, 1}, or ``(n, K)`` one-hot for K >= 3."""
    if n_classes == 0 or n_classes == 2:
        return np.asarray(labels, dtype=np.float64).reshape(-1, 1)
    T = np.zeros((len(labels), n_classes))
    T[np.arange(len(labels)), labels] = 1.0
    return T


def _bounds(raw: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """The extent of the first two columns with a 5 % margin, never empty (as :func:`padded_span`)."""
    x = padded_span(raw[:, 0])
    y = padded_span(raw[:, 1]) if raw.shape[1] > 1 else (-1.0, 1.0)
    return (x, y)


def _inline_labels(config) -> tuple[np.ndarray, int, tuple[str, ...]]:
    values = as_float_array(config.labels, "data.labels")
    integral = values == np.round(values)
    if config.problem == "regression" or (config.problem == "auto" and config.class_names is None
                                          and not integral.all()):
        return values, 0, ()
    # Class labels are indices 0..K-1 (K <= MAX_CLASSES): 1e300 or 2**63 would be cast to nonsense.
    usable = integral & (values >= 0) & (values < MAX_CLASSES)
    if not usable.all():
        i = int(np.flatnonzero(~usable)[0])
        raise DataError(f"data.labels[{i}] is {quoted(config.labels[i])}; inline class labels must be "
                        f"integers 0 to {MAX_CLASSES - 1} (at most {MAX_CLASSES} classes; or set data.problem "
                        "to regression)")
    labels = values.astype(np.int64)
    k = int(labels.max()) + 1
    names = tuple(config.class_names) if config.class_names else tuple(str(i) for i in range(k))
    if len(set(names)) != len(names):
        repeated = next(n for n in names if names.count(n) > 1)
        raise DataError(f"data.class_names names two classes {quoted(repeated)}; class names must differ")
    if k > len(names):
        raise DataError(f"inline label {k - 1} has no name in data.class_names ({len(names)} names)")
    k = max(k, len(names), 2)
    if k > MAX_CLASSES:
        raise DataError(f"inline data has {k} classes; at most {MAX_CLASSES} are supported")
    return labels, k, (names + tuple(str(i) for i in range(len(names), k)))[:k]


def _csv_path(config, base_dir) -> Path:
    path = Path(config.path)
    return Path(base_dir) / path if not path.is_absolute() and base_dir is not None else path


def count_classes(config, base_dir: str | Path | None = None, drop_invalid_rows: bool = False) -> int:
    """The number of classes of the data (0 = regression), without building the arrays.

    Cheap for generators and inline data; a CSV file is loaded (and cached for
    the :func:`prepare` that usually follows).

    Raises
    ------
    DataError
    """
    if config.source == "generator":
        info = GENERATORS[config.generator]
        if info.kind == "regression":
            return 0
        return info.default_classes if config.classes is None else int(config.classes)
    if config.source == "inline":
        return _inline_labels(config)[1]
    return load_csv(_csv_path(config, base_dir), config.target, config.columns, config.problem,
                    drop_invalid_rows).n_classes


def prepare(config, base_dir: str | Path | None = None, drop_invalid_rows: bool = False) -> PreparedData:
    """Build the training and test arrays described by a data configuration.

    Parameters
    ----------
    config : playground.experiment.DataConfig
    base_dir : str or Path, optional
        Folder a relative CSV path is relative to (the experiment file's folder).
    drop_invalid_rows : bool
        CSV only: skip rows with empty, NaN or inf cells instead of refusing the file.

    Raises
    ------
    DataError
        If the data cannot be built (bad CSV, too few samples...).
    """
    class_names: tuple[str, ...] = ()
    dropped = 0
    target_name = ""
    if config.source == "generator":
        raw, labels = generate(config.generator, config.samples, config.noise, config.classes, config.seed)
        info = GENERATORS[config.generator]
        n_classes = 0 if info.kind == "regression" else int(labels.max()) + 1
        class_names = tuple(str(i) for i in range(n_classes))
        raw_names = ("x1", "x2")
        bounds = GENERATED_BOUNDS
    elif config.source == "csv":
        table = load_csv(_csv_path(config, base_dir), config.target, config.columns, config.problem, drop_invalid_rows)
        raw, labels, n_classes = table.raw, table.labels, table.n_classes
        class_names, raw_names, dropped = table.class_names, table.raw_names, table.dropped_rows
        target_name = table.target_name
        bounds = _bounds(raw)
    elif config.source == "inline":
        raw = as_float_array(config.points, "data.points")
        labels, n_classes, class_names = _inline_labels(config)
        raw_names = tuple(f"x{j + 1}" for j in range(raw.shape[1]))
        bounds = _bounds(raw)
    else:
        raise DataError(f"unknown data source {quoted(config.source)}")
    features = config.features
    if features is not None and raw.shape[1] != 2:
        raise DataError(f"input features like {quoted(features[0])} need 2-D data; this data has "
                        f"{raw.shape[1]} columns ({', '.join(raw_names)}); leave data.features out")
    train, test = train_test_indices(labels, config.train_fraction, config.seed, stratify=n_classes > 0)
    X_all = raw.copy() if features is None else compute_features(raw, features)
    feature_names = tuple(features) if features is not None else tuple(raw_names)
    finite.check_features(X_all, raw, feature_names, raw_names)
    standardizer = Standardizer.fit(X_all[train]) if config.normalize else None
    if standardizer is not None:
        X_all = standardizer.transform(X_all)
        finite.check_standardized(X_all, feature_names)
    T_all = targets_from_labels(labels, n_classes)
    finite.check_targets(T_all, labels, target_name, n_classes)
    return PreparedData(
        X_train=X_all[train], T_train=T_all[train], X_test=X_all[test], T_test=T_all[test],
        labels_train=labels[train], labels_test=labels[test],
        raw_train=raw[train], raw_test=raw[test], raw_names=tuple(raw_names),
        feature_names=feature_names,
        n_classes=n_classes, class_names=class_names, standardizer=standardizer,
        input_bounds=bounds, features=None if features is None else tuple(features),
        dropped_rows=dropped,
    )
