"""What the canvas highlights for the stops shown (no Qt).

Neurons are named ``(column, row)`` as on the canvas: column 0 holds the
inputs (row = the feature's row of ``weights[0]``), column ``l + 1`` the
outputs of weight layer ``l``. Edges are ``(l, i, j)`` for ``weights[l][i, j]``.

Roles: ``focus`` is what the stop computes (the neuron, the weights whose
gradient or update it writes), ``input`` what it reads (the neurons feeding
a sum, the outgoing weights and deltas behind a hidden delta), ``saturated``
a neuron whose slope is near zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.notation import number

FOCUS, INPUT, SATURATED = "focus", "input", "saturated"


@dataclass
class Marks:
    """Highlights for the canvas.

    Attributes
    ----------
    neurons : dict
        ``(column, row) -> role``.
    edges : dict
        ``(l, i, j) -> role``.
    labels : dict
        ``(column, row) -> (text, role)``: a value shown on the neuron.
    """

    neurons: dict = field(default_factory=dict)
    edges: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)

    def _neuron(self, key, role) -> None:
        if self.neurons.get(key) != FOCUS:
            self.neurons[key] = role

    def _edge(self, key, role) -> None:
        if self.edges.get(key) != FOCUS:
            self.edges[key] = role


def marks_for(walk, span, all_stops, last: int, decimals: int = 2) -> Marks:
    """The highlights of the stops ``span``, with the values known up to stop ``last``.

    Parameters
    ----------
    walk : Walkthrough
    span : list of Stop
        The stops shown.
    all_stops : list of Stop
        Every stop, in order (labels collect the values of ``all_stops[:last + 1]``).
    last : int
        Index of the last stop shown.
    decimals : int
        Places of the labels' numbers.
    """
    marks = Marks()
    sizes = [len(walk.x)] + [len(a) for a in walk.a]
    L = walk.n_layers
    for stop in span:
        l, j = stop.layer, stop.unit
        if stop.kind == "loss":
            for k in range(sizes[-1]):
                marks._neuron((L, k), FOCUS)
            continue
        if j < 0:
            continue  # the update rule: nothing of its own on the canvas
        marks._neuron((l + 1, j), FOCUS)
        # Forward sums, gradients and updates all use the incoming weights and the layer before.
        for i in range(sizes[l]):
            marks._edge((l, i, j), FOCUS)
            marks._neuron((l, i), INPUT)
        if stop.kind == "backward" and l < L - 1:
            # A hidden delta reads the outgoing weights and the deltas of the layer after.
            for k in range(sizes[l + 2]):
                marks._edge((l + 1, j, k), INPUT)
                marks._neuron((l + 2, k), INPUT)
    _labels(marks, walk, all_stops[last].kind, all_stops[: last + 1], decimals)
    return marks


def _labels(marks: Marks, walk, phase: str, done, decimals: int) -> None:
    """Forward and loss: the inputs and every output computed so far; backward and update: the deltas."""
    if phase in ("forward", "loss"):
        for i, v in enumerate(walk.x):
            marks.labels[(0, i)] = (f"x={number(v, decimals)}", INPUT)
        for stop in done:
            if stop.kind == "forward":
                value = walk.y[stop.layer][stop.unit]
                marks.labels[(stop.layer + 1, stop.unit)] = (f"y={number(value, decimals)}", FOCUS)
        return
    for stop in done:
        if stop.kind == "backward":
            l, j = stop.layer, stop.unit
            role = SATURATED if walk.saturated[l][j] else FOCUS
            marks.labels[(l + 1, j)] = (f"δ={number(walk.delta[l][j], decimals)}", role)
    if phase == "update":
        for l in range(walk.n_layers):
            for j, d in enumerate(walk.delta[l]):
                role = SATURATED if walk.saturated[l][j] else FOCUS
                marks.labels[(l + 1, j)] = (f"δ={number(d, decimals)}", role)
