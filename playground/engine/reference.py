"""A plain reference backpropagation: the textbook equations, one line each.

Readable, not fast (the fast path is :meth:`Network.loss_and_gradients`; the
tests check that both give the same numbers). For weight layer ``l``, ``y_i``
are the outputs of the layer before it (the inputs ``x`` when ``l = 0``):

    a_j = sum_i w_ij y_i + b_j                 pre-activation of neuron j
    y_j = f(a_j)                               its output
    delta_j = dJ/da_j:
        output:  delta = f'(a) * dJ/dy         (= y - t for the matched pairs
                                                identity + mse, sigmoid +
                                                binary_cross_entropy, softmax +
                                                cross_entropy)
        hidden:  delta_j = f'(a_j) sum_k w_jk delta_k
    dJ/dw_ij = y_i delta_j,   dJ/db_j = delta_j

Every line holds per sample; over a batch of ``n`` samples (rows) the
gradients are those of the mean loss ``J = (1/n) sum_i J_i``, so each
sample's ``y_i delta_j`` is averaged. Regularization is not part of these
equations and is left out here.

The backward equations are the fields of :class:`Equations`, so a caller can
swap one of them (``playground.explain`` injects the classic bugs that way)
without a second copy of the algorithm.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import Activation
from .losses import Loss
from .network import Network


def output_delta(act: Activation, loss: Loss, a, y, t):
    """``delta = f'(a) * dJ/dy`` of the output layer, ``(n, n_out)``."""
    if act.name == loss.fused_activation:
        return y - t  # the matched pair: f'(a) * dJ/dy simplifies to y - t
    dJ_dy = loss.output_gradient(y, t)
    if act.derivative_ops is None:  # softmax: f' is the Jacobian dy_k/da_j = y_k ([j = k] - y_j)
        return y * (dJ_dy - np.sum(dJ_dy * y, axis=1, keepdims=True))
    return act.derivative(a, y) * dJ_dy


def hidden_delta(act: Activation, a, y, w_next, delta_next):
    """``delta_j = f'(a_j) sum_k w_jk delta_k``, ``(n, fan_out)``; ``w_next`` is the next layer's W."""
    return act.derivative(a, y) * (delta_next @ w_next.T)


def weight_gradient(y_prev, delta):
    """``dJ/dw_ij = y_i delta_j``, averaged over the n samples: ``(fan_in, fan_out)``."""
    return y_prev.T @ delta / len(delta)


def bias_gradient(delta):
    """``dJ/db_j = delta_j``, averaged over the n samples: ``(fan_out,)``."""
    return np.sum(delta, axis=0) / len(delta)


@dataclass(frozen=True)
class Equations:
    """The backward equations used by :func:`backward` (swap one with ``dataclasses.replace``)."""

    output_delta: Callable = output_delta
    hidden_delta: Callable = hidden_delta
    weight_gradient: Callable = weight_gradient
    bias_gradient: Callable = bias_gradient


TEXTBOOK = Equations()


@dataclass(eq=False)
class ReferenceResult:
    """What :func:`reference_backprop` computes for a batch of n samples.

    Attributes
    ----------
    loss : float
        ``(1/n) sum_i J_i`` (no regularization).
    inputs : ndarray (n, n_in)
    a, y, deltas : list of ndarray
        Per weight layer ``l``: ``(n, fan_out)`` pre-activations, outputs and
        per-sample ``dJ_i/da``.
    grad_weights, grad_biases : list of ndarray
        ``(fan_in, fan_out)`` and ``(fan_out,)``: gradients of the mean loss.
    """

    loss: float
    inputs: np.ndarray
    a: list
    y: list
    deltas: list
    grad_weights: list
    grad_biases: list


def forward(acts, weights, biases, x):
    """``a_j = sum_i w_ij y_i + b_j`` and ``y_j = f(a_j)``, layer by layer; returns lists ``a``, ``y``."""
    a, y = [], []
    for act, w, b in zip(acts, weights, biases):
        a.append((y[-1] if y else x) @ w + b)
        y.append(act.f(a[-1]))
    return a, y


def backward(acts, loss: Loss, weights, x, a, y, t, equations: Equations = TEXTBOOK):
    """Deltas from the output back, then ``dJ/dW`` and ``dJ/db``; returns three lists by layer ``l``."""
    L = len(acts)
    deltas = [None] * L
    deltas[-1] = equations.output_delta(acts[-1], loss, a[-1], y[-1], t)
    for l in range(L - 2, -1, -1):
        deltas[l] = equations.hidden_delta(acts[l], a[l], y[l], weights[l + 1], deltas[l + 1])
    y_in = [x] + y[:-1]  # what feeds layer l
    grad_w = [equations.weight_gradient(y_in[l], deltas[l]) for l in range(L)]
    grad_b = [equations.bias_gradient(deltas[l]) for l in range(L)]
    return deltas, grad_w, grad_b


def reference_backprop(net: Network, X, T, loss=None, equations: Equations = TEXTBOOK) -> ReferenceResult:
    """Forward and backward pass by the textbook equations, on the network's own weights.

    Parameters
    ----------
    net : Network
        Read only; the computation runs in its dtype.
    X : array (n, n_in)
    T : array (n, n_out)
    loss : str or None
        A key of ``LOSSES``; None: the output activation's natural loss.
    equations : Equations
        The backward equations (default: the textbook's).

    Returns
    -------
    ReferenceResult

    Raises
    ------
    ValueError
        Bad shapes, unknown names, or a loss that cannot follow the output activation.
    """
    X = net._check_inputs(X)
    T = net._check_targets(T, X.shape[0])
    loss_obj = net._loss_for(loss)
    acts, weights = net._acts, list(net.weights)
    a, y = forward(acts, weights, list(net.biases), X)
    deltas, grad_w, grad_b = backward(acts, loss_obj, weights, X, a, y, T, equations)
    value = float(np.mean(loss_obj.per_sample(a[-1], y[-1], T)))
    return ReferenceResult(value, X, a, y, deltas, grad_w, grad_b)


__all__ = ["Equations", "ReferenceResult", "TEXTBOOK", "backward", "forward", "reference_backprop"]
