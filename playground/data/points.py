"""Points to predict (a CSV of raw inputs) and the predictions written back as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from playground.data.csv_table import MAX_ROWS, column_index, first_invalid, name_list, parse_numbers, read_table
from playground.data.errors import CSVError


def load_points(path: str | Path, raw_names, max_rows: int = MAX_ROWS) -> np.ndarray:
    """Read the raw inputs of the points to predict.

    Parameters
    ----------
    path : str or Path
    raw_names : sequence of str
        The raw input columns the network was trained on (``x1, x2`` or a CSV header).
        With a header the columns are taken by these names (others are ignored);
        without one the file must have exactly ``len(raw_names)`` columns, in order.

    Returns
    -------
    ndarray, shape (m, len(raw_names)), float64

    Raises
    ------
    CSVError
        Naming the file, line and column (missing columns, text, NaN, inf or empty cells).
    """
    raw_names = tuple(raw_names)
    table = read_table(path, max_rows=max_rows, min_rows=1, min_columns=1)
    if table.has_header:
        missing = [n for n in raw_names if n not in table.names]
        if missing:
            raise CSVError(f"missing input column{'s' if len(missing) > 1 else ''} {name_list(missing)}; "
                           f"the network's inputs are {name_list(raw_names)}", path=path)
        idx = [column_index(table, n, path, "input") for n in raw_names]
    else:
        if len(table.names) != len(raw_names):
            raise CSVError(f"has {len(table.names)} columns but the network takes {len(raw_names)} inputs "
                           f"({name_list(raw_names)}); add a header row to pick columns by name", path=path)
        idx = list(range(len(raw_names)))
    raw = np.empty((len(table.lines), len(idx)))
    for k, j in enumerate(idx):
        raw[:, k], bad = parse_numbers(table, j, path)
        if bad.any():
            raise first_invalid(table, bad, j, path, hint=None)  # predict has no option to skip rows
    return raw


def prediction_table(raw_names, raw: np.ndarray, Y: np.ndarray, class_names) -> tuple[list[str], list[list]]:
    """Header and rows of the predictions file.

    Parameters
    ----------
    raw_names : sequence of str
    raw : ndarray, shape (m, d)
    Y : ndarray, shape (m, n_out)
        Network outputs: one value (regression), P(class 1) (two classes) or K scores.
    class_names : sequence of str
        Empty for regression.

    Returns
    -------
    header : list of str
        The raw columns, then ``prediction`` (regression) or ``p(<class>)`` per
        class and ``predicted_class``.
    rows : list of list
    """
    class_names = list(class_names)
    header = list(raw_names)
    if not class_names:
        return header + ["prediction"], np.column_stack([raw, Y[:, :1]]).tolist()
    if Y.shape[1] == 1:
        probs = np.column_stack([1.0 - Y[:, 0], Y[:, 0]])
    else:
        probs = Y
    winners = np.argmax(probs, axis=1)
    header += [f"p({name})" for name in class_names] + ["predicted_class"]
    rows = np.column_stack([raw, probs]).tolist()
    for row, k in zip(rows, winners.tolist()):
        row.append(class_names[k])
    return header, rows


def write_predictions(out, header, rows) -> None:
    """Write the table as CSV (comma separated, quoted when needed) to a text stream."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


def predictions_csv(header, rows) -> str:
    """The predictions CSV as text."""
    buf = io.StringIO()
    write_predictions(buf, header, rows)
    return buf.getvalue()
