"""The gradient check students can run, and break.

:func:`gradient_check` compares the reference backprop's gradient of every
weight and bias (``playground.engine.reference``) with a finite-difference
estimate (the engine's fourth-order stencil in extended precision,
``playground.engine.gradcheck``). A bug from :data:`BUGS` swaps one of the
reference's backward equations for a classic mistake, in a copy of the
equations, so the check can be seen to fail. The loss is the data loss
(no regularization), the J of the textbook equations.

Where an activation has a kink (relu and leaky_relu at a = 0, elu's second
derivative at 0), a sample sitting within a few 1e-3 of it can make one row
disagree without any bug; the default network (tanh) has none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from playground.engine import Network
from playground.engine.gradcheck import numeric_gradients, relative_errors
from playground.engine.reference import TEXTBOOK, Equations, output_delta, reference_backprop
from playground.notation import number

from .parameters import Parameter

#: Worst relative error a healthy backprop stays under.
TOLERANCE = 1e-6


def _output_without_slope(act, loss, a, y, t):
    if act.name == loss.fused_activation:
        return output_delta(act, loss, a, y, t)  # y - t: no f'(a) in it to drop
    return loss.output_gradient(y, t)


def _drop_derivative() -> Equations:
    return replace(TEXTBOOK, output_delta=_output_without_slope,
                   hidden_delta=lambda act, a, y, w_next, delta_next: delta_next @ w_next.T)


def _forget_bias() -> Equations:
    return replace(TEXTBOOK, bias_gradient=lambda delta: np.zeros(delta.shape[1], dtype=delta.dtype))


def _wrong_sign() -> Equations:
    return replace(TEXTBOOK, output_delta=lambda *args: -output_delta(*args))


#: The bugs that can be switched on: name -> (what goes wrong, the broken equations).
BUGS = {
    "drop_derivative": ("the slope f′(a) is left out of every delta: δ_j = Σ_k w_jk δ_k "
                        "(and δ = ∂J/∂y at a chain-rule output)", _drop_derivative),
    "forget_bias": ("the biases' gradients are never computed: ∂J/∂b stays 0", _forget_bias),
    "wrong_sign": ("the output delta has the wrong sign: δ = t − y", _wrong_sign),
}


@dataclass(frozen=True)
class GradientRow:
    """One parameter's two gradients.

    Attributes
    ----------
    layer, i, j : int
        The parameter ``(l, i, j)``: weight ``net.weights[l][i, j]``, or with
        ``j = -1`` the bias ``net.biases[l][i]``.
    backprop : float
        ``dJ/dparameter`` from (possibly broken) backpropagation.
    numeric : float
        The finite-difference estimate.
    rel_error : float
        ``|backprop - numeric| / max(|backprop|, |numeric|, floor)``.
    """

    layer: int
    i: int
    j: int
    backprop: float
    numeric: float
    rel_error: float

    @property
    def parameter(self) -> Parameter:
        return Parameter(self.layer, self.i, self.j)

    @property
    def name(self) -> str:
        """``w_12 (layer 1)`` or ``b_3 (layer 2)``, neurons counted from 1."""
        return self.parameter.name


@dataclass(frozen=True)
class Verdict:
    """The check's outcome: ``passed``, the ``worst`` relative error, its ``row`` and a sentence."""

    passed: bool
    worst: float
    row: GradientRow | None
    text: str


def gradient_check(net: Network, X, T, loss=None, bug=None, *, step: float = 1e-3,
                   floor: float = 1e-7) -> list[GradientRow]:
    """Backprop's gradient of each parameter next to a finite-difference estimate.

    Parameters
    ----------
    net : Network
        Left unchanged; the check runs on a float64 copy.
    X : array (n, n_in)
    T : array (n, n_out)
    loss : str or None
        A key of ``LOSSES``; None: the output activation's natural loss.
    bug : str or None
        None for the textbook backprop, or a key of :data:`BUGS`.
    step : float
        Finite-difference step h.
    floor : float
        Smallest denominator of a relative error (gradients that are zero up
        to rounding do not count as errors).

    Returns
    -------
    list of GradientRow
        One per weight and bias, the worst relative error first. The cost is
        ``4 * n_parameters`` forward passes over X: pass a few dozen samples
        for a large network.

    Raises
    ------
    ValueError
        Unknown bug, bad shapes or names.
    """
    if bug is not None and bug not in BUGS:
        raise ValueError(f"unknown bug {bug!r}; choose None or one of {sorted(BUGS)}")
    check = Network.from_parameters(*net.get_parameters(), net.activations, dtype=np.float64, init=net.init)
    equations = TEXTBOOK if bug is None else BUGS[bug][1]()
    ref = reference_backprop(check, X, T, loss=loss, equations=equations)
    numeric_w, numeric_b = numeric_gradients(check, X, T, loss=loss, step=step)
    rows = []
    for l in range(check.n_layers):
        errors = relative_errors(ref.grad_weights[l], numeric_w[l], floor)
        for (i, j), g in np.ndenumerate(ref.grad_weights[l]):
            rows.append(GradientRow(l, i, j, float(g), float(numeric_w[l][i, j]), float(errors[i, j])))
        errors = relative_errors(ref.grad_biases[l], numeric_b[l], floor)
        for k, g in enumerate(ref.grad_biases[l]):
            rows.append(GradientRow(l, k, -1, float(g), float(numeric_b[l][k]), float(errors[k])))
    rows.sort(key=lambda row: row.rel_error, reverse=True)  # stable: ties keep layer order
    return rows


def verdict(rows: list[GradientRow], tolerance: float = TOLERANCE) -> Verdict:
    """Whether every row's relative error is at most ``tolerance``, in one sentence."""
    if not rows:
        return Verdict(True, 0.0, None, "Nothing to check: the network has no parameters.")
    worst = max(rows, key=lambda row: row.rel_error)
    limit = number(tolerance, 0) if tolerance >= 1 else f"{tolerance:.0e}".replace("-", "\u2212")
    error = f"{worst.rel_error:.1e}".replace("-", "\u2212")
    if worst.rel_error <= tolerance:
        return Verdict(True, worst.rel_error, worst,
                       f"Passed: backprop agrees with finite differences (worst relative error {error} ≤ {limit}).")
    bad = sum(row.rel_error > tolerance for row in rows)
    return Verdict(False, worst.rel_error, worst,
                   f"Failed: {bad} of {len(rows)} gradients disagree with finite differences; the worst is "
                   f"{worst.name} (relative error {error} > {limit}).")
