"""The hover cards' text: a neuron's and an edge's numbers, each from one moment, saying which.

A neuron card shows the batch means of ``a``, ``y`` and ``δ`` of the last
batch beside the weights and bias that batch was computed with (before its
update), so the sum it writes, ``Σ w·ȳ + b``, gives the ``ā`` it shows. An edge
card shows ``w`` now, and of the last batch: ``w`` before its update, the
batch-mean gradient ``∂J/∂w`` and the update ``Δw`` (new − old).
Qt-free: plain functions of a snapshot (see :mod:`playground.ui.live.moment`).
"""

from __future__ import annotations

import numpy as np

from playground.ui.live.moment import after_moment, batch_moment, neuron_numbers
from playground.ui.style.numbers import fmt

#: Incoming weights listed on a neuron card; the rest are summed up in one line.
MAX_INCOMING = 10
NO_BATCH = "<i>no batch yet: Step batch or Play shows a, y, δ, ∂J/∂w and Δw</i>"


def _n(value) -> str:
    """A number on a card: the preferred significant digits (Edit > Preferences), a true minus sign."""
    return fmt(value)


def _factor(value) -> str:
    """A number after "·": negative ones in parentheses, ``0.65 · (−0.23)``."""
    text = _n(value)
    return f"({text})" if text.startswith("−") else text


def neuron_card(snapshot, params, l: int, j: int, name: str, activation: str, sources) -> str:
    """HTML of neuron ``j`` of weight layer ``l`` (0 = the first hidden layer).

    Parameters
    ----------
    snapshot : Snapshot or None
    params : (weights, biases)
        The parameters now, shown when there is no batch yet.
    name, activation : str
    sources : list of str
        Names of the ``fan_in`` neurons feeding this one.
    """
    rows = [f"<b>{name}</b> ({activation})"]
    numbers = neuron_numbers(snapshot, l, j)
    if numbers is None:
        weights, biases = (snapshot.weights, snapshot.biases) if snapshot is not None else params
        rows += [NO_BATCH, f"<i>weights now ({after_moment(snapshot)}):</i>",
                 f"bias b = {_n(biases[l][j])}"]
        incoming = np.asarray(weights[l])[:, j]
        rows += [f"&nbsp;&nbsp;{src}: w = {_n(w)}" for src, w in zip(sources, incoming[:MAX_INCOMING])]
        if len(incoming) > MAX_INCOMING:
            rows.append(f"&nbsp;&nbsp;… {len(incoming) - MAX_INCOMING} more")
        return "<br>".join(rows)
    rows += [f"<i>{batch_moment(snapshot)}</i>",
             "<i>batch means (bar) over its samples, with the weights and bias of that moment:</i>",
             f"ā = Σ w·ȳ + b = <b>{_n(numbers.a)}</b>",
             f"ȳ (mean of f(a)) = {_n(numbers.y)} &nbsp; δ̄ (mean of ∂J/∂a) = {_n(numbers.delta)}",
             f"bias b = {_n(numbers.bias)}", "incoming: w · ȳ"]
    shown = min(len(numbers.weights), MAX_INCOMING)
    rows += [f"&nbsp;&nbsp;{sources[i]}: {_n(numbers.weights[i])} · {_factor(numbers.inputs[i])}"
             for i in range(shown)]
    if len(numbers.weights) > shown:
        rest = float(numbers.weights[shown:] @ numbers.inputs[shown:])
        rows.append(f"&nbsp;&nbsp;… {len(numbers.weights) - shown} more, together {_n(rest)}")
    return "<br>".join(rows)


def edge_card(snapshot, params, l: int, i: int, j: int, title: str) -> str:
    """HTML of the weight ``w_ij`` of layer ``l``: now, and at the snapshot's last batch."""
    weights = snapshot.weights if snapshot is not None else params[0]
    rows = [f"<b>w {title}</b>", f"w = <b>{_n(weights[l][i, j])}</b> &nbsp; <i>now, {after_moment(snapshot)}</i>"]
    if snapshot is None or not snapshot.has_batch:
        return "<br>".join(rows + [NO_BATCH])
    rows += [f"<i>{batch_moment(snapshot)}:</i>",
             f"w before the update = {_n(snapshot.weights_before[l][i, j])}",
             f"∂J/∂w = {_n(snapshot.grad_weights[l][i, j])} &nbsp; <i>batch mean of y<sub>i</sub>·δ<sub>j</sub></i>",
             f"Δw = {_n(snapshot.update_weights[l][i, j])} &nbsp; <i>the update: new − old</i>"]
    return "<br>".join(rows)
