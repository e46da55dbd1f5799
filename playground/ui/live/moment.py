"""Which moment of training a live number belongs to, said once for every view.

A snapshot holds two moments. Its ``weights`` are the network *now* (after the
last step and any edit since). Its ``mean_a``, ``mean_y``, ``mean_deltas`` and
``grad_*`` belong to its last batch, computed with ``weights_before``: the
parameters *before* that batch's update. A card that shows a, y or δ shows the
before-weights beside them (so Σ w·y + b gives the a it shows) and says so with
:func:`batch_moment`; a view of the weights now says :func:`after_moment`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def batch_moment(snapshot) -> str:
    """``"batch of 10, before the update of step 1,234"``; ``""`` without a batch record."""
    if snapshot is None or not snapshot.has_batch:
        return ""
    samples = "1 sample" if snapshot.batch_size == 1 else f"batch of {snapshot.batch_size:,}"
    return f"{samples}, before the update of step {snapshot.batch_step:,}"


def after_moment(snapshot) -> str:
    """``"after step 1,234"`` (the weights now), ``"before any step"`` at step 0."""
    if snapshot is None or snapshot.step == 0:
        return "before any step"
    return f"after step {snapshot.step:,}"


@dataclass(frozen=True, eq=False)
class NeuronNumbers:
    """One neuron's numbers at one moment: its last batch, with the weights of that batch.

    Attributes
    ----------
    a, y, delta : float
        Batch means of the pre-activation, output and ``δ = ∂J/∂a``.
    bias : float
        ``b_j`` before the update.
    weights : ndarray, shape (fan_in,)
        Incoming ``w_ij`` before the update.
    inputs : ndarray, shape (fan_in,)
        Batch means of the incoming ``y_i`` (the data's inputs for the first layer).

    ``weights @ inputs + bias == a`` (a is linear in y, so the means keep the identity).
    """

    a: float
    y: float
    delta: float
    bias: float
    weights: np.ndarray
    inputs: np.ndarray


def neuron_numbers(snapshot, l: int, j: int) -> NeuronNumbers | None:
    """Neuron ``j`` of weight layer ``l`` at the snapshot's last batch; None without a batch record."""
    if snapshot is None or not snapshot.has_batch or not 0 <= l < snapshot.n_layers:
        return None
    inputs = snapshot.mean_inputs if l == 0 else snapshot.mean_y[l - 1]
    return NeuronNumbers(
        a=float(snapshot.mean_a[l][j]), y=float(snapshot.mean_y[l][j]), delta=float(snapshot.mean_deltas[l][j]),
        bias=float(snapshot.biases_before[l][j]), weights=np.asarray(snapshot.weights_before[l])[:, j],
        inputs=np.asarray(inputs))
