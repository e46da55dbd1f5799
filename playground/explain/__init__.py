"""What the teaching views show, computed without Qt (NumPy only). See docs/explain.md.

- :func:`walkthrough`: one sample through the network, every equation with
  its numbers (forward, loss, deltas, gradients, one SGD step).
- :func:`gradient_check`: backprop against finite differences, one row per
  parameter, with classic bugs that can be switched on.
- :func:`loss_landscape`: the loss over a grid of two parameters.

None of them changes the network they are given. A parameter is named
``(l, i, j)``: the weight ``net.weights[l][i, j]``, or with ``j = -1`` the bias
``net.biases[l][i]`` (see :mod:`playground.explain.parameters`).
"""

from .gradient_check import BUGS, GradientRow, Verdict, gradient_check, verdict
from .landscape import loss_landscape
from .parameters import Parameter, parameter
from .walkthrough import J_CONVENTION, SATURATED_SLOPE, Step, Walkthrough, walkthrough

__all__ = [
    "BUGS",
    "J_CONVENTION",
    "SATURATED_SLOPE",
    "GradientRow",
    "Parameter",
    "Step",
    "Verdict",
    "Walkthrough",
    "gradient_check",
    "loss_landscape",
    "parameter",
    "verdict",
    "walkthrough",
]
