"""Activation functions by name, each with its derivative, in numerically safe forms.

Notation (docs/architecture.md, Conventions): ``a`` is a layer's pre-activation, ``y = f(a)`` its
output. Every function here is safe for ``|a|`` up to 1e4 and beyond: no
overflow warning, no NaN (sigmoid is ``exp(a - softplus(a))``, softplus
``logaddexp``, ELU through ``expm1`` of ``min(a, 0)``, softmax shifts by the
row maximum).

Each :class:`Activation` also knows how to build *op tapes*: short lists of
``(ufunc, args)`` pairs over preallocated buffers, with the output given
positionally. The network runs these tapes in its training loop, so a
layer costs a handful of NumPy calls and no allocation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

import numpy as np

from .kernels import copyto

Op = tuple  # (callable, tuple of positional args); the callable writes into its last arg
# np.maximum/np.minimum deprecate a positional ``out``; their ops bind it with partial.

LEAKY_SLOPE = 0.01


def run_ops(ops: list[Op]) -> None:
    """Run an op tape in order."""
    for fn, args in ops:
        fn(*args)


@dataclass(frozen=True)
class Activation:
    """One activation function.

    Attributes
    ----------
    name : str
        Canonical name (``identity`` for the alias ``linear``).
    forward_ops : callable
        ``forward_ops(a, out) -> list of ops`` writing ``f(a)`` into ``out``;
        both ``(n, units)``. May allocate scratch buffers once, when called.
    derivative_ops : callable or None
        ``derivative_ops(a, y, out) -> list of ops`` writing the elementwise
        ``f'(a)`` into ``out``. None for softmax, whose Jacobian is not diagonal.
    backprop_ops : callable
        ``backprop_ops(a, y, g) -> list of ops`` turning ``g = dJ/dy`` into
        ``delta = dJ/da`` in place, ``(n, units)``.
    output_only : bool
        True for softmax: it may only be the activation of the output layer.
    derivative_uses_a : bool
        False when ``f'(a)`` is a function of ``y`` alone (``derivative_ops``
        then ignores ``a``), so it can be computed over any layout of ``y``.
    output_range : tuple of (float or None)
        ``(low, high)`` of ``f``; None for an unbounded side (views colour a
        bounded output over its whole range).
    order : int
        Position in every list shown to the user (palette, menus, combo boxes).
    description : str
        One line for tooltips.
    """

    name: str
    forward_ops: Callable
    derivative_ops: Callable | None
    backprop_ops: Callable
    output_only: bool = False
    derivative_uses_a: bool = True
    output_range: tuple = (None, None)
    order: int = 0
    description: str = ""

    @property
    def is_identity(self) -> bool:
        return self.name == "identity"

    def f(self, a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """Return ``f(a)``, ``(n, units)``, written into ``out`` when given."""
        a = np.asarray(a)
        if not np.issubdtype(a.dtype, np.floating):
            a = a.astype(np.float64)
        if out is None:
            out = np.empty_like(a)
        run_ops(self.forward_ops(a, out))
        return out

    def derivative(self, a: np.ndarray, y: np.ndarray | None = None, out: np.ndarray | None = None) -> np.ndarray:
        """Return the elementwise ``f'(a)``, ``(n, units)``; ``y = f(a)`` is computed when not given.

        Raises
        ------
        ValueError
            For softmax, whose derivative is a Jacobian per sample, not elementwise.
        """
        if self.derivative_ops is None:
            raise ValueError(f"{self.name} has no elementwise derivative (its Jacobian mixes units)")
        a = np.asarray(a)
        if not np.issubdtype(a.dtype, np.floating):
            a = a.astype(np.float64)
        if y is None:
            y = self.f(a)
        if out is None:
            out = np.empty_like(a)
        run_ops(self.derivative_ops(a, y, out))
        return out


def _elementwise_backprop(derivative_ops):
    """Backprop for an elementwise activation: ``g *= f'(a)`` via one scratch buffer."""

    def backprop_ops(a, y, g):
        scratch = np.empty_like(g)
        return [*derivative_ops(a, y, scratch), (np.multiply, (g, scratch, g))]

    return backprop_ops


# --- identity -------------------------------------------------------------


def _identity_forward(a, out):
    return [(copyto, (out, a))]


def _identity_derivative(a, y, out):
    return [(np.copyto, (out, 1))]


# --- sigmoid = exp(a - softplus(a)): the exponent is <= 0, so exp never
# overflows, and small outputs keep full relative precision (0.5 + 0.5 tanh(a/2)
# loses it below ~1e-8; 1 / (1 + exp(-a)) overflows for a < -709).


def _sigmoid_forward(a, out):
    return [
        (np.logaddexp, (0, a, out)),  # softplus(a) = log(1 + e^a)
        (np.subtract, (a, out, out)),  # log sigmoid(a)
        (np.exp, (out, out)),
    ]


def _sigmoid_derivative(a, y, out):
    # y (1 - y)
    return [(np.subtract, (1, y, out)), (np.multiply, (out, y, out))]


# --- tanh -------------------------------------------------------------------


def _tanh_forward(a, out):
    return [(np.tanh, (a, out))]


def _tanh_derivative(a, y, out):
    # 1 - y^2
    return [(np.multiply, (y, y, out)), (np.subtract, (1, out, out))]


# --- relu and leaky relu (derivative at 0 taken as 0, resp. the leak) --------


def _relu_forward(a, out):
    return [(partial(np.maximum, out=out), (a, 0))]


def _relu_derivative(a, y, out):
    # y > 0 exactly where a > 0; the boolean is cast into the float buffer.
    return [(np.greater, (y, 0, out))]


def _leaky_forward(a, out):
    return [(np.multiply, (a, LEAKY_SLOPE, out)), (partial(np.maximum, out=out), (a, out))]


def _leaky_derivative(a, y, out):
    return [
        (np.greater, (y, 0, out)),  # y > 0 exactly where a > 0
        (np.multiply, (out, 1.0 - LEAKY_SLOPE, out)),
        (np.add, (out, LEAKY_SLOPE, out)),
    ]


# --- elu (alpha = 1): max(a, 0) + expm1(min(a, 0)); exp never sees a > 0 -----


def _elu_forward(a, out):
    positive = np.empty_like(out)
    return [
        (partial(np.minimum, out=out), (a, 0)),
        (np.expm1, (out, out)),
        (partial(np.maximum, out=positive), (a, 0)),
        (np.add, (out, positive, out)),
    ]


def _elu_derivative(a, y, out):
    # 1 for a > 0, exp(a) = y + 1 otherwise: both are min(y, 0) + 1.
    return [(partial(np.minimum, out=out), (y, 0)), (np.add, (out, 1, out))]


# --- softplus = log(1 + e^a) = logaddexp(0, a); derivative sigmoid(a) ---------


def _softplus_forward(a, out):
    return [(np.logaddexp, (0, a, out))]


def _softplus_derivative(a, y, out):
    # sigmoid(a) = 1 - e^(-y), as -expm1(-y) to keep small values exact.
    return [(np.negative, (y, out)), (np.expm1, (out, out)), (np.negative, (out, out))]


# --- swish = a sigmoid(a); derivative s + a s (1 - s) = s + y (1 - s) ---------


def _swish_forward(a, out):
    return [*_sigmoid_forward(a, out), (np.multiply, (out, a, out))]


def _swish_derivative(a, y, out):
    s = np.empty_like(out)
    return [
        *_sigmoid_forward(a, s),
        (np.subtract, (1, s, out)),  # 1 - s
        (np.multiply, (out, y, out)),  # y (1 - s)
        (np.add, (out, s, out)),  # s + y (1 - s)
    ]


# --- gaussian = exp(-a^2); exp of a large negative number underflows to 0 ----


def _gaussian_forward(a, out):
    return [(np.multiply, (a, a, out)), (np.negative, (out, out)), (np.exp, (out, out))]


def _gaussian_derivative(a, y, out):
    # -2 a y
    return [(np.multiply, (a, y, out)), (np.multiply, (out, -2, out))]


# --- sin --------------------------------------------------------------------


def _sin_forward(a, out):
    return [(np.sin, (a, out))]


def _sin_derivative(a, y, out):
    return [(np.cos, (a, out))]


# --- softmax over each row, shifted by the row maximum ----------------------


def _softmax_forward(a, out):
    row = np.empty((a.shape[0], 1), dtype=out.dtype)
    return [
        (np.maximum.reduce, (a, 1, None, row, True)),  # (array, axis, dtype, out, keepdims)
        (np.subtract, (a, row, out)),
        (np.exp, (out, out)),
        (np.add.reduce, (out, 1, None, row, True)),
        (np.divide, (out, row, out)),
    ]


def _softmax_backprop(a, y, g):
    # Vector-Jacobian product: delta = y * (g - sum_k g_k y_k), per row.
    gy = np.empty_like(g)
    row = np.empty((g.shape[0], 1), dtype=g.dtype)
    return [
        (np.multiply, (g, y, gy)),
        (np.add.reduce, (gy, 1, None, row, True)),
        (np.subtract, (g, row, g)),
        (np.multiply, (g, y, g)),
    ]


def _make(name, forward, derivative, output_only=False, backprop=None, uses_a=True, *, output_range=(None, None),
          order=0, description=""):
    return Activation(
        name=name,
        forward_ops=forward,
        derivative_ops=derivative,
        backprop_ops=backprop if backprop is not None else _elementwise_backprop(derivative),
        output_only=output_only,
        derivative_uses_a=uses_a,
        output_range=output_range,
        order=order,
        description=description,
    )


def _identity_backprop(a, y, g):
    return []  # f'(a) = 1: delta is dJ/dy itself


_IDENTITY = _make("identity", _identity_forward, _identity_derivative, backprop=_identity_backprop, uses_a=False,
                  order=9, description="y = a: no squashing (regression outputs)")

#: Activation functions by name, with what the user is told about them. ``linear`` is an alias of ``identity``.
ACTIVATIONS: dict[str, Activation] = {
    "identity": _IDENTITY,
    "linear": _IDENTITY,
    "sigmoid": _make("sigmoid", _sigmoid_forward, _sigmoid_derivative, uses_a=False, output_range=(0.0, 1.0),
                     order=2, description="1 / (1 + e^-a): 0..1, a probability for two classes"),
    "tanh": _make("tanh", _tanh_forward, _tanh_derivative, uses_a=False, output_range=(-1.0, 1.0),
                  order=0, description="tanh(a): -1..1, centred on 0"),
    "relu": _make("relu", _relu_forward, _relu_derivative, uses_a=False, output_range=(0.0, None),
                  order=1, description="max(0, a): zero for negative inputs"),
    "leaky_relu": _make("leaky_relu", _leaky_forward, _leaky_derivative, uses_a=False, output_range=(None, None),
                        order=3, description=f"max({LEAKY_SLOPE} a, a): a small slope below 0"),
    "elu": _make("elu", _elu_forward, _elu_derivative, uses_a=False, output_range=(-1.0, None),
                 order=4, description="a above 0, e^a - 1 below: smooth, down to -1"),
    "softplus": _make("softplus", _softplus_forward, _softplus_derivative, uses_a=False, output_range=(0.0, None),
                      order=5, description="log(1 + e^a): a smooth relu"),
    "swish": _make("swish", _swish_forward, _swish_derivative, order=6, description="a * sigmoid(a)"),
    "gaussian": _make("gaussian", _gaussian_forward, _gaussian_derivative, output_range=(0.0, 1.0),
                      order=7, description="e^(-a^2): 1 at 0, fading either side"),
    "sin": _make("sin", _sin_forward, _sin_derivative, output_range=(-1.0, 1.0),
                 order=8, description="sin(a): -1..1, periodic"),
    "softmax": _make("softmax", _softmax_forward, None, output_only=True, backprop=_softmax_backprop,
                     output_range=(0.0, 1.0), order=10,
                     description="e^a / sum e^a: class probabilities (output layer only)"),
}


def activation_names(hidden: bool = False) -> tuple[str, ...]:
    """Activation names in display order, without aliases.

    Parameters
    ----------
    hidden : bool
        Only those usable in a hidden layer (no output-only ones).
    """
    canonical = [act for name, act in ACTIVATIONS.items() if act.name == name]
    return tuple(act.name for act in sorted(canonical, key=lambda act: act.order)
                 if not (hidden and act.output_only))


def get_activation(name: str) -> Activation:
    """Return the activation called ``name``.

    Raises
    ------
    ValueError
        When no activation has that name; the message lists the known names.
    """
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}") from None
