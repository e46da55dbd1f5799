"""What the data's problem type implies for the output layer and the loss.

One place decides the output size, activation and loss from the number of
classes, so the app, the CLI and the files agree:

=================  ============  =================  ======================
problem            output units  output activation  loss
=================  ============  =================  ======================
regression (K=0)   1             identity           mse
two classes        1             sigmoid            binary_cross_entropy
K >= 3 classes     K             softmax            cross_entropy
=================  ============  =================  ======================
"""

from __future__ import annotations


def output_units_for(n_classes: int) -> int:
    """Width of the output layer: 1 for regression and two classes, K for K >= 3."""
    return n_classes if n_classes >= 3 else 1


def default_output(n_classes: int) -> tuple[str, str]:
    """``(output_activation, loss)`` that suit a problem with ``n_classes`` (0 = regression)."""
    if n_classes == 0:
        return "identity", "mse"
    if n_classes == 2:
        return "sigmoid", "binary_cross_entropy"
    return "softmax", "cross_entropy"


def problem_name(n_classes: int) -> str:
    """``"regression"``, ``"two classes"`` or ``"K classes"``, for messages."""
    return "regression" if n_classes == 0 else f"{n_classes} classes"


def mismatch(output_activation: str, loss: str, n_classes: int) -> str | None:
    """Why an output activation and loss do not fit the problem, or None when they do.

    The losses' own pairing rules come from the engine (cross-entropy needs
    softmax, binary cross-entropy needs sigmoid); on top, softmax needs K >= 3
    outputs and regression targets are not probabilities.
    """
    from playground.engine.losses import LOSSES

    problem = problem_name(n_classes)
    if output_activation == "softmax" and n_classes < 3:
        return f"network.output_activation softmax needs 3 or more classes; this data is {problem}"
    spec = LOSSES.get(loss)
    if spec is not None and not spec.any_activation and output_activation != spec.fused_activation:
        return (f"training.loss {loss} needs output_activation {spec.fused_activation}, "
                f"got {output_activation}")
    if n_classes == 0 and loss in ("binary_cross_entropy", "cross_entropy"):
        return f"training.loss {loss} is for classes; this data is regression (use mse)"
    if n_classes >= 3 and loss == "binary_cross_entropy":
        return f"training.loss binary_cross_entropy is for two classes; this data has {n_classes} (use cross_entropy)"
    return None
