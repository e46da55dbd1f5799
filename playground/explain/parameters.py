"""Naming one parameter of a network: ``(l, i, j)``.

``(l, i, j)`` with ``j >= 0`` is the weight ``w_ij`` of weight layer ``l``,
``net.weights[l][i, j]``: from neuron ``i`` of the layer before to neuron
``j``. A bias is ``(l, k, -1)``: ``net.biases[l][k]``, the bias of neuron
``k`` of layer ``l``'s outputs. ``j = -1`` for a bias follows the gradient
check's rows (issue 11), so a row's ``(layer, i, j)`` can be passed on as is,
for instance to :func:`playground.explain.loss_landscape`. Indices are 0-based,
as in ``net.weights``; the equations on screen count neurons from 1.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

from playground.notation import plain, rich, sym


@dataclass(frozen=True)
class Parameter:
    """One weight or bias of a network, by position (see the module docstring).

    Attributes
    ----------
    layer : int
        Weight layer ``l``, as in ``net.weights[l]``.
    i : int
        Source neuron of a weight; for a bias, the neuron it belongs to.
    j : int
        Target neuron of a weight; ``-1`` for a bias.
    """

    layer: int
    i: int
    j: int

    @property
    def is_bias(self) -> bool:
        return self.j == -1

    @property
    def unit(self) -> int:
        """The neuron of layer ``l``'s outputs this parameter feeds (``j``, or ``i`` for a bias)."""
        return self.i if self.is_bias else self.j

    @property
    def markup(self) -> str:
        return sym("b", self.i) if self.is_bias else sym("w", self.i, self.j)

    @property
    def name(self) -> str:
        """Plain text, neurons from 1: ``w_12 (layer 1)``, ``b_3 (layer 2)``."""
        return f"{plain(self.markup)} (layer {self.layer + 1})"

    @property
    def html(self) -> str:
        return f"{rich(self.markup)} (layer {self.layer + 1})"

    def value(self, net) -> float:
        """The parameter's current value in ``net``."""
        if self.is_bias:
            return float(net.biases[self.layer][self.i])
        return float(net.weights[self.layer][self.i, self.j])


def parameter(net, spec) -> Parameter:
    """Check ``spec = (l, i, j)`` against ``net`` and return it as a :class:`Parameter`.

    Raises
    ------
    ValueError
        When ``spec`` is not three integers naming a weight or bias of ``net``
        (negative indices other than ``j = -1`` are refused, not wrapped).
    """
    try:
        l, i, j = (operator.index(v) for v in spec)
    except (TypeError, ValueError):
        raise ValueError(f"a parameter is (layer, i, j) with integers (j = -1 for a bias), not {spec!r}") from None
    if not 0 <= l < net.n_layers:
        raise ValueError(f"layer {l} does not exist: the network has weight layers 0..{net.n_layers - 1}")
    fan_in, fan_out = net.weights[l].shape
    if j == -1:
        if not 0 <= i < fan_out:
            raise ValueError(f"bias ({l}, {i}, -1): layer {l} has neurons 0..{fan_out - 1}")
    elif not (0 <= i < fan_in and 0 <= j < fan_out):
        raise ValueError(f"weight ({l}, {i}, {j}): layer {l} has i in 0..{fan_in - 1} and j in 0..{fan_out - 1}")
    return Parameter(l, i, j)
