"""A CSV file as a dataset: numeric feature columns and a target (classes or values)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playground.data.csv_table import (
    MAX_CLASSES, MAX_ROWS, RawTable, cells_as_floats, column_index, column_label, file_stamp, first_invalid,
    parse_numbers, read_table,
)
from playground.data.errors import CSVError, quoted

#: Numeric class labels must be integers of at most this size: beyond 2**53 a float64 holds
#: only even (then coarser) integers, so ``1e300`` is not a label anyone meant.
MAX_LABEL = 2**53


@dataclass(frozen=True, eq=False)
class CSVData:
    """A loaded CSV dataset.

    Attributes
    ----------
    raw : ndarray, shape (n, d), float64
        The feature columns, every value finite.
    raw_names : tuple of str, length d
    labels : ndarray, shape (n,)
        int64 class indices ``0..K-1``, or float64 values (regression).
    n_classes : int
        K >= 2, or 0 for regression.
    class_names : tuple of str
        Display name of each class index (the file's labels); empty for regression.
    target_name : str
    dropped_rows : int
        Rows skipped because of empty, NaN or inf cells (only with ``drop_invalid_rows``).
    """

    raw: np.ndarray
    raw_names: tuple[str, ...]
    labels: np.ndarray
    n_classes: int
    class_names: tuple[str, ...]
    target_name: str
    dropped_rows: int


def _few_integers(values: np.ndarray) -> bool:
    """Numeric targets look like class labels: all integers, at most MAX_CLASSES distinct."""
    if not np.all((values == np.round(values)) & (np.abs(values) <= MAX_LABEL)):
        return False
    return len(np.unique(values)) <= MAX_CLASSES


#: The last few loaded files, keyed by path, size, mtime and options: loading an
#: experiment (to learn its problem type) and preparing it then read a big file once.
_CACHE: dict[tuple, CSVData] = {}
_CACHE_SIZE = 2


def load_csv(
    path: str | Path,
    target: str | int | None = None,
    columns=None,
    problem: str = "auto",
    drop_invalid_rows: bool = False,
    max_rows: int = MAX_ROWS,
) -> CSVData:
    """Load a CSV file as features and targets (cached while the file is unchanged).

    Parameters
    ----------
    path : str or Path
    target : str or int, optional
        Target column by name or 0-based index; default the last column.
    columns : sequence of (str or int), optional
        Feature columns; default every column but the target.
    problem : {"auto", "classification", "regression"}
        "auto": text labels, or numbers that are all integers with at most 10
        distinct values, are classes; other numbers are regression targets.
    drop_invalid_rows : bool
        Skip rows with an empty, NaN or inf cell instead of refusing the file.
    max_rows : int
        Refuse files with more rows, naming the limit.

    Returns
    -------
    CSVData
        Its arrays are read-only (they may be shared with the cache).

    Raises
    ------
    CSVError
        Naming the file, line and column of the first problem.
    """
    path = Path(path)
    try:
        key = (file_stamp(path), target, None if columns is None else tuple(columns), problem,
               drop_invalid_rows, max_rows)
    except (OSError, TypeError, ValueError):
        key = None  # missing file, a NUL in the path, or an unhashable option: _load reports it
    if key is not None and key in _CACHE:
        return _CACHE[key]
    data = _load(path, target, columns, problem, drop_invalid_rows, max_rows)
    data.raw.flags.writeable = False
    data.labels.flags.writeable = False
    if key is not None:
        while len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = data
    return data


def _load(
    path: Path,
    target: str | int | None = None,
    columns=None,
    problem: str = "auto",
    drop_invalid_rows: bool = False,
    max_rows: int = MAX_ROWS,
) -> CSVData:
    """:func:`load_csv` without the cache."""
    table = read_table(path, max_rows=max_rows)
    t = column_index(table, -1 if target is None else target, path, "target")
    if columns is None:
        feature_idx = [j for j in range(len(table.names)) if j != t]
    else:
        feature_idx = [column_index(table, c, path, "feature") for c in columns]
        if t in feature_idx:
            raise CSVError(f"column {quoted(table.names[t])} cannot be both a feature and the target", path=path)
        if len(set(feature_idx)) != len(feature_idx):
            raise CSVError("a feature column is listed twice", path=path)
    if not feature_idx:
        raise CSVError("no feature columns besides the target", path=path)

    n = len(table.lines)
    invalid = np.zeros(n, dtype=bool)
    raw = np.empty((n, len(feature_idx)), dtype=np.float64)
    for k, j in enumerate(feature_idx):
        raw[:, k], bad = parse_numbers(table, j, path)
        if bad.any() and not drop_invalid_rows:
            raise first_invalid(table, bad, j, path)
        invalid |= bad
    labels, n_classes, class_names, bad_target = _parse_target(table, t, problem, path)
    if bad_target.any() and not drop_invalid_rows:
        raise first_invalid(table, bad_target, t, path)
    invalid |= bad_target
    dropped = int(invalid.sum())
    if dropped:
        keep = ~invalid
        raw, labels = raw[keep], labels[keep]
        if len(raw) < 2:
            raise CSVError(f"only {len(raw)} valid rows are left after dropping {dropped}", path=path)
        if n_classes:
            # Re-index so the classes left are 0..K-1 and keep only their names.
            present, labels = np.unique(labels, return_inverse=True)
            class_names = tuple(class_names[i] for i in present)
            n_classes = len(class_names)
    if n_classes == 1:
        raise CSVError(f"the target column {quoted(table.names[t])} holds a single class ({quoted(class_names[0])}); "
                       "classification needs at least 2", path=path)
    return CSVData(
        raw=np.ascontiguousarray(raw),
        raw_names=tuple(table.names[j] for j in feature_idx),
        labels=labels,
        n_classes=n_classes,
        class_names=class_names,
        target_name=table.names[t],
        dropped_rows=dropped,
    )


def _parse_target(table: RawTable, t: int, problem: str, path: Path):
    """``(labels, n_classes, class_names, invalid_mask)`` of the target column."""
    values, numeric = _target_numbers(table.columns[t])
    if numeric:
        invalid = ~np.isfinite(values)
        valid = values[~invalid]
        if problem == "regression" or (problem == "auto" and not _few_integers(valid)):
            return values, 0, (), invalid
        usable = (values == np.round(values)) & (np.abs(values) <= MAX_LABEL)
        if not np.all(usable[~invalid]):
            i = int(np.flatnonzero(~invalid & ~usable)[0])
            what = ("is not an integer" if values[i] != np.round(values[i])
                    else "is too large for a class label (numeric labels go up to ±2**53)")
            raise CSVError(f"class label {quoted(table.columns[t][i].strip())} {what}; set data.problem "
                           "to regression, or use text labels",
                           path=path, line=int(table.lines[i]), column=column_label(table, t))
        uniques, inverse = np.unique(np.where(invalid, valid.min() if valid.size else 0, values),
                                     return_inverse=True)
        names = tuple(str(int(u)) for u in uniques)
    else:
        column = np.array([c.strip() for c in table.columns[t]])
        empty = column == ""
        if problem == "regression":
            i = int(np.flatnonzero([not _parses(c) for c in column])[0])
            raise CSVError(f"target {quoted(str(column[i]))} is text; regression needs numbers", path=path,
                           line=int(table.lines[i]), column=column_label(table, t))
        invalid = empty
        uniques, inverse = np.unique(np.where(empty, column[~empty][0] if (~empty).any() else "", column),
                                     return_inverse=True)
        names = tuple(str(u) for u in uniques)
    if len(names) > MAX_CLASSES:
        raise CSVError(f"the target column {quoted(table.names[t])} has {len(names)} classes; "
                       f"at most {MAX_CLASSES} are supported", path=path)
    return inverse.astype(np.int64).ravel(), len(names), names, invalid


def _target_numbers(column: list) -> tuple[np.ndarray | None, bool]:
    """The target column as numbers (empty cells as NaN), and whether it is numeric at all."""
    values, text_at = cells_as_floats(column)
    return (None, False) if text_at is not None else (values, True)


def _parses(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
