"""Backpropagation checked against finite differences.

Both sides are computed on a float64 copy of the network, so the check
measures the math, not float32 rounding, and never touches the caller's
weights. Finite differences use the fourth-order central stencil

    f'(x) ~ (f(x - 2h) - 8 f(x - h) + 8 f(x + h) - f(x + 2h)) / (12 h),

whose truncation error (~h^4) is far below its rounding error at h = 1e-3.
The relative error of one component is ``|g - d| / max(|g|, |d|, floor)``: the
floor keeps components that are zero up to rounding from dominating.

Where a function has a kink (relu and leaky_relu at a = 0, L1 at w = 0) a
finite difference straddling it disagrees with any one-sided derivative; pick
check points away from kinks.
"""

from __future__ import annotations

import numpy as np

from .network import Network
from .regularization import check_rate, get_regularization

_STENCIL = ((-2, 1.0), (-1, -8.0), (1, 8.0), (2, -1.0))


def _relative_error(backprop: np.ndarray, numeric: np.ndarray, floor: float) -> float:
    scale = np.maximum(np.maximum(np.abs(backprop), np.abs(numeric)), floor)
    return float(np.max(np.abs(backprop - numeric) / scale)) if backprop.size else 0.0


def _float64_copy(net: Network) -> Network:
    return Network.from_parameters(*net.get_parameters(), net.activations, dtype=np.float64, init=net.init)


def gradcheck(net: Network, X, T, loss=None, regularization="none", regularization_rate=0.0,
              step: float = 1e-3, floor: float = 1e-7, deltas: bool = False) -> float:
    """Worst relative error between backprop's and finite differences' gradients.

    Parameters
    ----------
    net : Network
        Left unchanged.
    X : array (n, n_in)
    T : array (n, n_out)
    loss : str or None
        As in :meth:`Network.loss` (None: the output activation's natural loss).
    regularization, regularization_rate
        Included in the loss and its gradients.
    step : float
        Finite-difference step h.
    floor : float
        Smallest denominator of a relative error.
    deltas : bool
        Also check every per-sample delta (see :func:`delta_check`).

    Returns
    -------
    float
        The largest relative error over every weight and bias (and delta).
    """
    check = _float64_copy(net)
    X = check._check_inputs(X)
    T = check._check_targets(T, X.shape[0])
    get_regularization(regularization)
    check_rate(regularization_rate)
    _, grads = check.loss_and_gradients(X, T, loss=loss, regularization=regularization,
                                        regularization_rate=regularization_rate)
    backprop = np.concatenate([np.vstack([w, b[None, :]]).ravel() for w, b in zip(grads.weights, grads.biases)])

    theta = check._theta  # flat parameters, same layout as `backprop`
    numeric = np.empty_like(theta)
    for k in range(theta.size):
        original = theta[k]
        total = 0.0
        for shift, weight in _STENCIL:
            theta[k] = original + shift * step
            total += weight * check.loss(X, T, loss=loss, regularization=regularization,
                                         regularization_rate=regularization_rate)
        theta[k] = original
        numeric[k] = total / (12 * step)
    worst = _relative_error(backprop, numeric, floor)
    if deltas:
        worst = max(worst, delta_check(net, X, T, loss=loss, step=step, floor=floor))
    return worst


def _losses_from_layer(net: Network, layer: int, a: np.ndarray, T: np.ndarray, loss) -> np.ndarray:
    """Per-sample losses ``J_i`` ``(n,)`` when layer ``layer``'s pre-activation is ``a``."""
    acts = [net._acts[l] for l in range(net.n_layers)]
    y = acts[layer].f(a)
    for l in range(layer + 1, net.n_layers):
        a = y @ net.weights[l] + net.biases[l]
        y = acts[l].f(a)
    return loss.per_sample(a, y, T)


def delta_check(net: Network, X, T, loss=None, step: float = 1e-3, floor: float = 1e-7) -> float:
    """Worst relative error between backprop's per-sample deltas and finite differences.

    ``deltas[l][i, j]`` should be ``dJ_i/da[l][i, j]`` with ``J_i`` sample i's
    loss. Perturbing column ``j`` of ``a[l]`` for all samples at once gives
    every sample's difference quotient in one pass, because sample i's loss
    depends on sample i's values only.

    Parameters are those of :func:`gradcheck`. Returns a float.
    """
    check = _float64_copy(net)
    X = check._check_inputs(X)
    T = check._check_targets(T, X.shape[0])
    loss_obj = check._loss_for(loss)
    trace = check.forward(X)
    _, grads = check.loss_and_gradients(X, T, loss=loss_obj.name)
    worst = 0.0
    for layer in range(check.n_layers):
        a = trace.a[layer]
        numeric = np.empty_like(a)
        for j in range(a.shape[1]):
            total = np.zeros(a.shape[0])
            for shift, weight in _STENCIL:
                shifted = a.copy()
                shifted[:, j] += shift * step
                total += weight * _losses_from_layer(check, layer, shifted, T, loss_obj)
            numeric[:, j] = total / (12 * step)
        worst = max(worst, _relative_error(grads.deltas[layer], numeric, floor))
    return worst


__all__ = ["gradcheck", "delta_check"]
