"""The undispatched NumPy handles behave like the public functions."""

from __future__ import annotations

import numpy as np

from playground.engine import kernels


def test_kernels_match_numpy():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(5, 4)), rng.normal(size=(4, 3))
    out = np.empty((5, 3))
    kernels.dot(a, b, out)
    np.testing.assert_array_equal(out, np.dot(a, b))
    kernels.dot(a.T.copy().T, b, out)  # transposed operands are accepted too
    np.testing.assert_array_equal(out, np.dot(a, b))
    assert kernels.vdot(a, a) == np.vdot(a, a)
    target = np.zeros((5, 5))[:, :4]
    kernels.copyto(target, a, casting="same_kind")
    np.testing.assert_array_equal(target, a)
    taken = np.empty((2, 4))
    kernels.take(a, np.array([3, 1]), 0, taken)
    np.testing.assert_array_equal(taken, a[[3, 1]])
