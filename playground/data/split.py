"""Seeded train/test split (stratified for classes) and standardization."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.data.errors import DataError

#: 1.0 trains on every sample and leaves the test set empty (the chapter's four XOR points).
MIN_TRAIN_FRACTION, MAX_TRAIN_FRACTION = 0.1, 1.0


def train_test_indices(
    labels: np.ndarray, train_fraction: float, seed: int, stratify: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Indices of a seeded random split.

    Parameters
    ----------
    labels : ndarray, shape (n,)
        Class indices (used when ``stratify``) or anything of length n.
    train_fraction : float
        Share of the samples for training, 0.1..1.0. Exactly 1.0 puts every
        sample in training and returns an empty test part.
    seed : int
        The same seed gives the same split.
    stratify : bool
        Keep every class's share the same in both parts (classification).

    Returns
    -------
    train, test : ndarray of int64
        Disjoint indices covering ``0..n-1``. Below 1.0 both are non-empty
        (each class keeps at least one test sample); at 1.0 ``test`` is empty. Each part is in
        random order (not grouped by class), so online learning sees classes mixed.
    """
    n = len(labels)
    if not MIN_TRAIN_FRACTION <= train_fraction <= MAX_TRAIN_FRACTION:
        raise DataError(
            f"train_fraction must be between {MIN_TRAIN_FRACTION} and {MAX_TRAIN_FRACTION}, got {train_fraction}")
    if n < 2:
        raise DataError(f"need at least 2 samples to split into training and test data, got {n}")
    rng = np.random.default_rng([int(seed), 7])
    if train_fraction >= 1.0:
        return rng.permutation(n), np.zeros(0, dtype=np.int64)
    if stratify:
        train_parts, test_parts = [], []
        # The classes present, in order (labels are class indices 0..K-1). Not np.unique: its first
        # call imports numpy.ma, ~25 ms of the app's start-up for this one line (issue 13).
        for cls in np.flatnonzero(np.bincount(np.asarray(labels, dtype=np.intp))):
            members = rng.permutation(np.flatnonzero(labels == cls))
            k = int(round(train_fraction * len(members)))
            # A class with two or more samples gets at least one on each side.
            if len(members) >= 2:
                k = min(max(k, 1), len(members) - 1)
            train_parts.append(members[:k])
            test_parts.append(members[k:])
        train, test = np.concatenate(train_parts), np.concatenate(test_parts)
        if len(train) == 0 or len(test) == 0:
            raise DataError("too few samples to split into non-empty training and test data")
        return rng.permutation(train), rng.permutation(test)
    order = rng.permutation(n)
    k = min(max(int(round(train_fraction * n)), 1), n - 1)
    return order[:k], order[k:]


@dataclass(frozen=True, eq=False)
class Standardizer:
    """Per-column ``(X - mean) / std`` with statistics of the training set only.

    Attributes
    ----------
    mean, std : ndarray, shape (k,)
        A column with zero spread gets ``std = 1`` so it maps to 0, not NaN.
    """

    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, X: np.ndarray) -> "Standardizer":
        """Statistics of ``X`` (n, k), exact for any finite values.

        Each column is divided by a power of two near its largest magnitude first, so
        sums and squares cannot overflow even for values near 1e308 (NumPy would warn
        and give inf). Powers of two scale exactly: ordinary data gets the same bits
        as without scaling.
        """
        X = np.asarray(X, dtype=np.float64)
        largest = np.max(np.abs(X), axis=0) if len(X) else np.ones(X.shape[1])
        largest = np.where((largest > 0) & np.isfinite(largest), largest, 1.0)
        scale = np.ldexp(1.0, np.frexp(largest)[1] - 1)  # largest / scale in [1, 2)
        with np.errstate(over="ignore", invalid="ignore"):
            Xs = X / scale
            mean = Xs.mean(axis=0) * scale
            std = Xs.std(axis=0) * scale
        std = np.where(std > 0, std, 1.0)
        return cls(mean=mean, std=std)

    def transform(self, X: np.ndarray) -> np.ndarray:
        """``X`` (m, k) standardized with the stored statistics.

        Columns with statistics beyond 1 are divided by a power of two first (exact),
        so values near 1e308 do not overflow in ``X - mean``. Points far outside the
        training range may still give inf; callers check the result (see
        :mod:`playground.data.finite`), so NumPy's warning is silenced here.
        """
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.mean.shape[0]:
            raise DataError(f"expected {self.mean.shape[0]} feature columns, got shape {X.shape}")
        largest = np.maximum(np.abs(self.mean), self.std)
        scale = np.where(largest > 1, np.ldexp(1.0, np.frexp(largest)[1] - 1), 1.0)
        with np.errstate(over="ignore", invalid="ignore"):
            return (X / scale - self.mean / scale) / (self.std / scale)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Standardizer):
            return NotImplemented
        return bool(np.array_equal(self.mean, other.mean) and np.array_equal(self.std, other.std))

    __hash__ = None  # type: ignore[assignment]
