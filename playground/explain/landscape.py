"""The loss as a surface over two parameters, all others held.

Only two parameters change over the grid, so the layers before the first of
them are computed once, and where a parameter sits only one neuron's column
changes: that column is computed for the grid values alone and reaches the
next layer as a rank-one update (``a += (y_new - y) w_row``) instead of a
full product. From there on each layer is computed once for the whole grid
(NumPy broadcasting over a ``(rows, columns, n, units)`` block), in blocks of
grid rows that keep the arrays small.
"""

from __future__ import annotations

import math

import numpy as np

from playground.engine import ACTIVATIONS, LOSSES, Network, natural_loss
from playground.engine.regularization import check_rate, get_regularization

from .parameters import parameter

_BLOCK_ELEMENTS = 1 << 17  # values per layer array of one block of grid rows (1 MB in float64: stays in cache)


def loss_landscape(net: Network, X, T, loss=None, *, first, second, span: float = 2.0, steps: int = 41,
                   regularization="none", regularization_rate=0.0):
    """The loss over a grid of values of two parameters; ``net`` is not changed.

    Parameters
    ----------
    net : Network
    X : array (n, n_in)
    T : array (n, n_out)
    loss : str or None
        A key of ``LOSSES``; None: the output activation's natural loss.
    first, second : tuple (l, i, j)
        Two different parameters: the weight ``net.weights[l][i, j]``, or with
        ``j = -1`` the bias ``net.biases[l][i]``.
    span : float
        Each grid runs from the current value - span to + span.
    steps : int
        Grid points per axis (>= 2); with an odd number the middle point is
        the current value.
    regularization, regularization_rate
        Added to J as :meth:`Network.loss` does (weights only). Default none:
        the data loss, as in the walkthrough's equations.

    Returns
    -------
    w1 : ndarray (steps,)
        Values of the first parameter (the columns).
    w2 : ndarray (steps,)
        Values of the second parameter (the rows).
    J : ndarray (steps, steps)
        ``J[r, c]``: the mean loss with the first parameter at ``w1[c]`` and the
        second at ``w2[r]``; equals ``net.loss`` with those values set.

    Raises
    ------
    ValueError
        Bad shapes, names, parameters (or the same one twice), span or steps.
    """
    p1, p2 = parameter(net, first), parameter(net, second)
    if p1 == p2:
        raise ValueError(f"first and second are the same parameter {tuple(first)}; pick two different ones")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 2:
        raise ValueError(f"steps must be an integer >= 2, not {steps!r}")
    span = float(span)
    if not (math.isfinite(span) and span > 0):
        raise ValueError(f"span must be finite and > 0, not {span!r}")
    reg = get_regularization(regularization)
    rate = check_rate(regularization_rate)
    net.loss(X, T, loss=loss)  # the engine's own checks of X, T and the loss, with their messages
    trace = net.forward(X)  # the layers before the first parameter, and every base value
    T = np.asarray(T, dtype=net.dtype).reshape(trace.inputs.shape[0], net.sizes[-1])
    loss_obj = LOSSES[natural_loss(ACTIVATIONS[net.activations[-1]].name) if loss is None else loss]

    offsets = np.linspace(-span, span, int(steps))
    if steps % 2:
        offsets[steps // 2] = 0.0  # the current value itself, whatever linspace's rounding
    v1, v2 = p1.value(net), p2.value(net)
    w1, w2 = v1 + offsets, v2 + offsets
    d1 = (w1 - v1).astype(net.dtype)  # what each grid value adds to the current one
    d2 = (w2 - v2).astype(net.dtype)

    n = trace.inputs.shape[0]
    widest = max(net.sizes[1:])
    rows_per_block = max(1, _BLOCK_ELEMENTS // max(1, len(w1) * n * widest))
    J = np.empty((len(w2), len(w1)))
    cache: dict = {}
    for r0 in range(0, len(w2), rows_per_block):
        block = d2[r0 : r0 + rows_per_block]
        J[r0 : r0 + len(block)] = _surface(net, trace, T, loss_obj, (p1, d1[None, :, None]),
                                           (p2, block[:, None, None]), cache)
    if rate > 0 and reg.name != "none":
        J += _penalty_grid(net, reg, rate, p1, w1, p2, w2)
    return w1, w2, J


def _dot(y: np.ndarray, W: np.ndarray) -> np.ndarray:
    """``y @ W`` over any leading dimensions, as one 2-D product."""
    return (y.reshape(-1, y.shape[-1]) @ W).reshape(y.shape[:-1] + (W.shape[1],))


def _surface(net, trace, T, loss_obj, fixed, varied, cache: dict) -> np.ndarray:
    """Mean loss for every combination of two parameter changes, ``(rows, columns)``.

    ``fixed`` and ``varied`` are ``(Parameter, d)`` with ``d`` of shape
    ``(1, columns, 1)`` and ``(rows, 1, 1)``. Each layer is held as ``main``
    (all units, ``(..., n, units)``) plus ``cols``: the units whose values
    differ from ``main`` along another grid axis, ``(..., n)``. Values that
    do not depend on ``varied`` (the block of grid rows) are kept in
    ``cache`` and computed once for all blocks.
    """
    acts = [ACTIVATIONS[name] for name in net.activations]
    L = net.n_layers
    start = min(fixed[0].layer, varied[0].layer)
    y_main, main_varies = (trace.inputs if start == 0 else trace.y[start - 1]), False
    y_cols: dict[int, tuple[np.ndarray, bool]] = {}  # unit -> (values, depends on the block)
    for l in range(start, L):
        W, b = net.weights[l], net.biases[l]
        if l == start:
            a_main = trace.a[l]
        elif main_varies:
            a_main = _dot(y_main, W) + b
        else:
            a_main = cache.get((l, "a"))
            if a_main is None:
                a_main = _dot(y_main, W) + b
                for c, (y_col, varies) in y_cols.items():
                    if not varies:  # rank-one update for a column that differs
                        a_main = a_main + (y_col - y_main[..., c])[..., None] * W[c]
                cache[(l, "a")] = a_main
        for c, (y_col, varies) in y_cols.items():
            if varies or main_varies:
                a_main = a_main + (y_col - y_main[..., c])[..., None] * W[c]
        main_varies = main_varies or any(varies for _, varies in y_cols.values())
        a_cols: dict[int, tuple[np.ndarray, bool]] = {}
        for (p, d), by_block in ((fixed, False), (varied, True)):
            if p.layer != l:
                continue
            base, varies = a_cols.get(p.unit, (a_main[..., p.unit], main_varies))
            if p.is_bias:
                term, term_varies = d, by_block
            else:
                y_i, y_varies = y_cols.get(p.i, (y_main[..., p.i], main_varies))
                term, term_varies = d * y_i, by_block or y_varies
            a_cols[p.unit] = (base + term, varies or term_varies)
        if l == L - 1:
            return _mean_loss(acts[l], loss_obj, a_main, {u: a for u, (a, _) in a_cols.items()}, T)
        if l == start:
            y_main = trace.y[l]
        elif main_varies:
            y_main = acts[l].f(a_main)
        else:
            y_main = cache.get((l, "y"))
            if y_main is None:
                y_main = cache[(l, "y")] = acts[l].f(a_main)
        y_cols = {}
        for u, (a, varies) in a_cols.items():
            if not varies and (l, "col", u) in cache:
                y_cols[u] = (cache[(l, "col", u)], False)
                continue
            y_cols[u] = (acts[l].f(a), varies)
            if not varies:
                cache[(l, "col", u)] = y_cols[u][0]
    raise AssertionError("unreachable: the output layer returns")


def _mean_loss(act, loss_obj, a_main, a_cols, T) -> np.ndarray:
    """Mean loss over the samples, ``(rows, columns)``, from the output layer's pre-activations."""
    k = a_main.shape[-1]
    shape = np.broadcast_shapes(a_main.shape[:-1], *(a.shape for a in a_cols.values()))
    a = np.array(np.broadcast_to(a_main, shape + (k,)))
    for u, values in a_cols.items():
        a[..., u] = values
    a2 = a.reshape(-1, k)
    y2 = act.f(a2)  # softmax needs rows of units: the 2-D layout
    t2 = np.broadcast_to(T, shape + (k,)).reshape(-1, k)
    per_sample = loss_obj.per_sample(a2, y2, t2).reshape(shape)
    return np.mean(per_sample, axis=-1)


def _penalty_grid(net, reg, rate, p1, w1, p2, w2) -> np.ndarray:
    """The regularization penalty over the grid, ``(len(w2), len(w1))``: biases carry none."""
    weights = [w.copy() for w in net.weights]
    for p in (p1, p2):
        if not p.is_bias:
            weights[p.layer][p.i, p.j] = 0  # counted per grid value below (l1 and l2 give 0 at 0)
    rest = reg.penalty(weights, rate)

    def along(p, values):
        if p.is_bias:
            return np.zeros(len(values))
        return np.array([reg.penalty([np.array([[v]])], rate) for v in values])

    return rest + along(p2, w2)[:, None] + along(p1, w1)[None, :]
