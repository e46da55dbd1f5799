"""Data and numbers as files: the data CSV, the loss-history CSV and the weights ``.npz``.

Plain functions over arrays, called by ``playground export`` and the app's
Export menu alike. Floats are written with ``repr``, so they read back exactly.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

SPLIT_COLUMN = "split"


def data_table(data) -> tuple[list[str], list[list]]:
    """Header and rows of the data CSV: the raw input columns, the label or target, the split.

    Parameters
    ----------
    data : PreparedData or ExportModel
        Anything with ``raw_names``, ``class_names``, ``raw_train`` ``(n_train, d)``,
        ``labels_train`` ``(n_train,)``, ``raw_test`` and ``labels_test``.

    Returns
    -------
    header : list of str
        ``raw_names``, then ``label`` (classes, written by name) or ``target``
        (regression values), then ``split``.
    rows : list of list
        Training rows first, then test rows, each in the playground's order;
        ``split`` is ``train`` or ``test``.
    """
    names = list(data.class_names)
    header = [*data.raw_names, "label" if names else "target", SPLIT_COLUMN]
    rows = []
    for part, raw, labels in (("train", data.raw_train, data.labels_train), ("test", data.raw_test, data.labels_test)):
        raw = np.asarray(raw, dtype=np.float64)
        shown = [names[int(k)] for k in labels] if names else [float(v) for v in labels]
        for point, label in zip(raw.tolist(), shown):
            rows.append([*point, label, part])
    return header, rows


def _write_rows(path, header, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_data_csv(path: str | Path, data) -> None:
    """Write :func:`data_table` of ``data`` as a comma-separated file.

    Raises
    ------
    OSError
        When the file cannot be written.
    """
    _write_rows(path, *data_table(data))


def write_loss_csv(path: str | Path, epochs, train_loss, test_loss) -> None:
    """Write the loss history: columns ``epoch``, ``train_loss``, ``test_loss``.

    Parameters
    ----------
    epochs, train_loss, test_loss : sequence of float, equal lengths
        E.g. ``state.loss_epochs``, ``state.train_loss``, ``state.test_loss``.

    Raises
    ------
    ValueError
        When the lengths differ.
    OSError
        When the file cannot be written.
    """
    epochs, train_loss, test_loss = (np.asarray(v, dtype=np.float64).ravel() for v in (epochs, train_loss, test_loss))
    if not len(epochs) == len(train_loss) == len(test_loss):
        raise ValueError(f"loss history: {len(epochs)} epochs but {len(train_loss)} train and "
                         f"{len(test_loss)} test losses")
    # Whole epochs print as integers; the curve may also hold fractional ones.
    shown = [int(e) if float(e).is_integer() else float(e) for e in epochs.tolist()]
    _write_rows(path, ["epoch", "train_loss", "test_loss"],
                [list(row) for row in zip(shown, train_loss.tolist(), test_loss.tolist())])


def write_weights_npz(path: str | Path, weights, biases, activations, feature_names, class_names=(),
                      norm_mean=None, norm_std=None) -> None:
    """Write the network's parameters as an uncompressed ``.npz`` archive.

    Parameters
    ----------
    weights : sequence of array (fan_in, fan_out)
        Stored as ``W0``, ``W1``, ...
    biases : sequence of array (fan_out,)
        Stored as ``b0``, ``b1``, ...
    activations : sequence of str
        One per weight layer; stored as the string array ``activations``.
    feature_names : sequence of str
        The network's inputs (``feature_names``).
    class_names : sequence of str
        ``class_names`` (empty for regression).
    norm_mean, norm_std : array (n_in,), optional
        Standardization statistics, stored when given.

    Notes
    -----
    Strings are stored as fixed-width unicode arrays, so ``np.load`` reads the
    file without ``allow_pickle``. The file is written to ``path`` as given
    (NumPy would otherwise append ``.npz``).

    Raises
    ------
    ValueError
        When the counts of weights, biases and activations differ.
    OSError
        When the file cannot be written.
    """
    if not len(weights) == len(biases) == len(activations):
        raise ValueError(f"{len(weights)} weight matrices, {len(biases)} bias vectors and "
                         f"{len(activations)} activations; they must match")
    arrays = {f"W{l}": np.asarray(W) for l, W in enumerate(weights)}
    arrays.update({f"b{l}": np.asarray(b) for l, b in enumerate(biases)})
    arrays["activations"] = np.array([str(a) for a in activations], dtype=str)
    arrays["feature_names"] = np.array([str(n) for n in feature_names], dtype=str)
    arrays["class_names"] = np.array([str(n) for n in class_names], dtype=str)
    if norm_mean is not None:
        arrays["norm_mean"] = np.asarray(norm_mean, dtype=np.float64)
        arrays["norm_std"] = np.asarray(norm_std, dtype=np.float64)
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)
