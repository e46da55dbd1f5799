"""Accuracy of predictions against targets."""

from __future__ import annotations

import numpy as np


def accuracy(Y, T) -> float:
    """Fraction of samples classified correctly.

    Parameters
    ----------
    Y : array (n, 1) or (n, K)
        Network outputs: one sigmoid output (class 1 when ``y >= 0.5``) or K
        class scores (the argmax is the class).
    T : array of the same shape
        Targets: {0, 1} for one output, one-hot rows for K outputs.

    Returns
    -------
    float in [0, 1]; ``nan`` for zero samples.
    """
    Y = np.asarray(Y)
    T = np.asarray(T)
    if Y.ndim == 1:
        Y = Y.reshape(-1, 1)
    if T.ndim == 1:
        T = T.reshape(-1, 1)
    if Y.shape != T.shape or Y.ndim != 2:
        raise ValueError(f"Y and T must have the same (n, k) shape, got {Y.shape} and {T.shape}")
    if Y.shape[0] == 0:
        return float("nan")
    if Y.shape[1] == 1:
        return float(np.mean((Y[:, 0] >= 0.5) == (T[:, 0] >= 0.5)))
    return float(np.mean(np.argmax(Y, axis=1) == np.argmax(T, axis=1)))
