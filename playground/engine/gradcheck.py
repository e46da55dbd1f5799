"""Backpropagation checked against finite differences.

Backprop runs on a float64 copy of the network (the caller's network and
weights are never touched). The finite differences evaluate the loss with an
independent forward pass in ``np.longdouble`` (80-bit extended precision on
x86 Linux; on platforms where it equals float64 the check is ~1000x noisier)
using the fourth-order central stencil

    f'(x) ~ (f(x - 2h) - 8 f(x - h) + 8 f(x + h) - f(x + 2h)) / (12 h),

so neither truncation (~h^4) nor rounding (~eps J / h) reaches 1e-9 of a
gradient at h = 1e-3. The relative error of one component is
``|g - d| / max(|g|, |d|, floor)``: the floor keeps components that are zero
up to rounding from dominating.

Where a function has a kink (relu and leaky_relu at a = 0, L1 at w = 0) or a
jump in its second derivative (elu at a = 0), a stencil straddling it
disagrees with the derivative; pick check points a few h away from those.
"""

from __future__ import annotations

import numpy as np

from .network import Network
from .regularization import check_rate, get_regularization

_STENCIL = ((-2, 1.0), (-1, -8.0), (1, 8.0), (2, -1.0))
_EXTENDED = np.longdouble


def relative_errors(backprop, numeric, floor: float = 1e-7) -> np.ndarray:
    """Elementwise ``|g - d| / max(|g|, |d|, floor)``, in ``np.longdouble``, same shape as the inputs."""
    backprop = np.asarray(backprop, dtype=_EXTENDED)
    numeric = np.asarray(numeric, dtype=_EXTENDED)
    scale = np.maximum(np.maximum(np.abs(backprop), np.abs(numeric)), floor)
    return np.abs(backprop - numeric) / scale


def _relative_error(backprop: np.ndarray, numeric: np.ndarray, floor: float) -> float:
    errors = relative_errors(backprop, numeric, floor)
    return float(np.max(errors)) if errors.size else 0.0


def _float64_copy(net: Network) -> Network:
    return Network.from_parameters(*net.get_parameters(), net.activations, dtype=np.float64, init=net.init)


def _penalty(weights, regularization: str, rate: float):
    # Written out from the documented formulas (not the engine's), in extended precision.
    if regularization == "l1":
        return rate * sum(np.sum(np.abs(w)) for w in weights)
    if regularization == "l2":
        return 0.5 * rate * sum(np.sum(w * w) for w in weights)
    return 0.0


def _forward(net: Network, weights, biases, X, start: int = 0, a=None):
    """Extended-precision forward from layer ``start`` (given its pre-activation ``a``); returns (a, y) of the output."""
    if a is None:
        a = X @ weights[0] + biases[0]
    y = net._acts[start].f(a)
    for l in range(start + 1, net.n_layers):
        a = y @ weights[l] + biases[l]
        y = net._acts[l].f(a)
    return a, y


def numeric_gradients(net: Network, X, T, loss=None, regularization="none", regularization_rate=0.0,
                      step: float = 1e-3):
    """Finite-difference gradients of the mean loss for every weight and bias.

    Parameters are those of :func:`gradcheck`; ``net`` is left unchanged.

    Returns
    -------
    weights, biases : list of ndarray
        ``(fan_in, fan_out)`` and ``(fan_out,)`` per layer, in ``np.longdouble``.
    """
    check = _float64_copy(net)
    X = check._check_inputs(X)
    T = check._check_targets(T, X.shape[0])
    loss_obj = check._loss_for(loss)
    regularization = get_regularization(regularization).name
    rate = check_rate(regularization_rate)
    X_ext, T_ext = X.astype(_EXTENDED), T.astype(_EXTENDED)
    weights = [w.astype(_EXTENDED) for w in check.weights]
    biases = [b.astype(_EXTENDED) for b in check.biases]

    def mean_loss():
        a, y = _forward(check, weights, biases, X_ext)
        return np.mean(loss_obj.per_sample(a, y, T_ext)) + _penalty(weights, regularization, rate)

    result = []
    for params in (weights, biases):
        result.append([])
        for p in params:
            numeric = np.empty(p.shape, dtype=_EXTENDED)
            flat, flat_numeric = p.reshape(-1), numeric.reshape(-1)  # views
            for k in range(flat.size):
                original = flat[k]
                total = _EXTENDED(0)
                for shift, weight in _STENCIL:
                    flat[k] = original + shift * step
                    total += weight * mean_loss()
                flat[k] = original
                flat_numeric[k] = total / (12 * step)
            result[-1].append(numeric)
    return result[0], result[1]


def gradcheck(net: Network, X, T, loss=None, regularization="none", regularization_rate=0.0,
              step: float = 1e-3, floor: float = 1e-7, deltas: bool = False) -> float:
    """Worst relative error between backprop's gradients and finite differences.

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
    loss_obj = check._loss_for(loss)
    regularization = get_regularization(regularization).name
    rate = check_rate(regularization_rate)
    _, grads = check.loss_and_gradients(X, T, loss=loss_obj.name, regularization=regularization,
                                        regularization_rate=rate)
    numeric_w, numeric_b = numeric_gradients(check, X, T, loss_obj.name, regularization, rate, step)
    worst = 0.0
    for g, numeric in zip(grads.weights + grads.biases, numeric_w + numeric_b):
        worst = max(worst, _relative_error(g, numeric, floor))
    if deltas:
        worst = max(worst, delta_check(net, X, T, loss=loss_obj.name, step=step, floor=floor))
    return worst


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
    _, grads = check.loss_and_gradients(X, T, loss=loss_obj.name)

    T_ext = T.astype(_EXTENDED)
    weights = [w.astype(_EXTENDED) for w in check.weights]
    biases = [b.astype(_EXTENDED) for b in check.biases]
    y = X.astype(_EXTENDED)
    worst = 0.0
    for layer in range(check.n_layers):
        a = y @ weights[layer] + biases[layer]
        numeric = np.empty_like(a)
        for j in range(a.shape[1]):
            total = np.zeros(a.shape[0], dtype=_EXTENDED)
            for shift, weight in _STENCIL:
                shifted = a.copy()
                shifted[:, j] += shift * step
                a_out, y_out = _forward(check, weights, biases, None, start=layer, a=shifted)
                total += weight * loss_obj.per_sample(a_out, y_out, T_ext)
            numeric[:, j] = total / (12 * step)
        worst = max(worst, _relative_error(grads.deltas[layer], numeric, floor))
        y = check._acts[layer].f(a)
    return worst


__all__ = ["delta_check", "gradcheck", "numeric_gradients", "relative_errors"]
