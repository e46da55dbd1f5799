"""Loss functions by name, averaged over the n samples of a batch.

For sample ``i`` with output ``y_i`` (pre-activation ``a_i``) and target ``t_i``:

- ``mse``: ``J_i = 1/2 sum_k (y_ik - t_ik)^2``; any output activation (the
  output delta goes through the chain rule, ``delta = f'(a) * (y - t)``,
  or the softmax Jacobian).
- ``binary_cross_entropy``: ``J_i = -sum_k t_ik log y_ik + (1 - t_ik) log(1 - y_ik)``
  with a sigmoid output, targets in [0, 1]. Computed from the logits as
  ``softplus(a) - t a``, so no ``log(0)`` appears.
- ``cross_entropy``: ``J_i = -sum_k t_ik log y_ik`` with a softmax output and
  one-hot (or probability) target rows that sum to 1. Computed as
  ``logsumexp(a_i) - sum_k t_ik a_ik``.

The loss of a batch is ``J = (1/n) sum_i J_i``. For the fused pairs
(identity + mse, sigmoid + binary_cross_entropy, softmax + cross_entropy) the
output delta ``dJ_i/da_i`` is exactly ``y_i - t_i``. A cross-entropy loss on
any other output activation raises ``ValueError`` rather than compute a
gradient that would be wrong or full of 0/0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import Activation
from .kernels import vdot


@dataclass(frozen=True)
class Loss:
    """One loss function.

    Attributes
    ----------
    name : str
    fused_activation : str
        The output activation for which the output delta is ``y - t``.
    any_activation : bool
        True when the loss works with every output activation (through the chain rule).
    per_sample : callable
        ``per_sample(a, y, T) -> (n,)`` the loss ``J_i`` of each sample (allocates).
    build : callable
        ``build(activation, a, y, delta) -> (forward_ops, fn)`` over
        preallocated ``(n, n_out)`` buffers: ``forward_ops`` compute ``y``
        from ``a`` (the output activation, fused with the loss where that
        saves work) and ``fn(T) -> float`` writes the per-sample output delta
        ``dJ_i/da`` into ``delta`` and returns ``sum_i J_i``.
    output_gradient : callable or None
        ``output_gradient(y, T) -> (n, n_out)``, the per-sample ``dJ_i/dy``
        that the chain rule multiplies by ``f'(a)`` (see ``reference.py``).
        Set for the losses that work after any activation; None for those
        used only after their fused activation, where ``delta = y - t``.
    """

    name: str
    fused_activation: str
    any_activation: bool
    per_sample: Callable
    build: Callable
    output_gradient: Callable | None = None

    def check(self, activation: Activation) -> None:
        """Raise ``ValueError`` unless this loss can be used after ``activation`` on the output layer."""
        if self.any_activation or activation.name == self.fused_activation:
            return
        raise ValueError(
            f"loss {self.name!r} needs a {self.fused_activation!r} output layer, not {activation.name!r} "
            f"(use 'mse' for other output activations)"
        )


# --- mse ----------------------------------------------------------------------


def _mse_per_sample(a, y, T):
    diff = y - T
    return 0.5 * np.einsum("ik,ik->i", diff, diff)


def _mse_output_gradient(y, T):
    return y - T


def _mse_build(activation, a, y, delta):
    # delta first holds dJ_i/dy = y - t, then the activation turns it into dJ_i/da.
    tape = activation.backprop_ops(a, y, delta)

    def output(T):
        np.subtract(y, T, delta)
        total = 0.5 * float(vdot(delta, delta))
        for fn, args in tape:
            fn(*args)
        return total

    return activation.forward_ops(a, y), output


# --- binary cross-entropy (sigmoid output) ----------------------------------------


def _bce_per_sample(a, y, T):
    return np.sum(np.logaddexp(0, a) - T * a, axis=1)


def _bce_build(activation, a, y, delta):
    # sigmoid(a) = exp(a - softplus(a)), and J_i = softplus(a) - t a: one softplus for both.
    softplus = np.empty_like(a)
    forward = [(np.logaddexp, (0, a, softplus)), (np.subtract, (a, softplus, y)), (np.exp, (y, y))]

    def output(T):
        np.subtract(y, T, delta)
        return float(np.add.reduce(softplus, None)) - float(vdot(T, a))

    return forward, output


# --- cross-entropy (softmax output) -----------------------------------------------


def _ce_per_sample(a, y, T):
    m = np.max(a, axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.sum(np.exp(a - m), axis=1))
    return lse - np.einsum("ik,ik->i", T, a)


def _ce_build(activation, a, y, delta):
    # Softmax shifted by the row maximum m; logsumexp(a_i) = m_i + log(sum_k e^(a_ik - m_i))
    # reuses the same maximum and sum.
    n = a.shape[0]
    row_max = np.empty((n, 1), dtype=a.dtype)
    row_sum = np.empty((n, 1), dtype=a.dtype)
    forward = [
        (np.maximum.reduce, (a, 1, None, row_max, True)),  # (array, axis, dtype, out, keepdims)
        (np.subtract, (a, row_max, y)),
        (np.exp, (y, y)),
        (np.add.reduce, (y, 1, None, row_sum, True)),
        (np.divide, (y, row_sum, y)),
    ]

    def output(T):
        np.subtract(y, T, delta)
        np.log(row_sum, row_sum)
        return float(np.add.reduce(row_max, None)) + float(np.add.reduce(row_sum, None)) - float(vdot(T, a))

    return forward, output


#: Loss functions by name.
LOSSES: dict[str, Loss] = {
    "mse": Loss("mse", "identity", True, _mse_per_sample, _mse_build, output_gradient=_mse_output_gradient),
    "binary_cross_entropy": Loss("binary_cross_entropy", "sigmoid", False, _bce_per_sample, _bce_build),
    "cross_entropy": Loss("cross_entropy", "softmax", False, _ce_per_sample, _ce_build),
}

#: The loss that pairs with each fused output activation.
NATURAL_LOSS = {"sigmoid": "binary_cross_entropy", "softmax": "cross_entropy"}


def get_loss(name: str) -> Loss:
    """Return the loss called ``name``; ``ValueError`` listing the known names otherwise."""
    try:
        return LOSSES[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown loss {name!r}; choose one of {sorted(LOSSES)}") from None


def natural_loss(output_activation: str) -> str:
    """The loss whose output delta is ``y - t`` after ``output_activation`` (``mse`` by default)."""
    return NATURAL_LOSS.get(output_activation, "mse")
