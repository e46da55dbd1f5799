"""Where everything goes, computed from the spec alone (no Qt).

This is the canvas's model side, as pyqtgraph's flowchart keeps ``Node`` apart
from ``NodeGraphicsItem``: :func:`compute_layout` turns the design into column
and node positions in scene units; the graphics items only draw what it says,
and drops and clicks are mapped back to layers through it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.experiment.network import NetworkSpec

NODE = 30.0          # side of a neuron's square (scene units)
PITCH = 40.0         # vertical distance between neurons
COLUMN = 170.0       # horizontal distance between columns
HEADER = 64.0        # room above the tallest column for the title and the + / - buttons


@dataclass(frozen=True)
class Column:
    """One column of neurons.

    Attributes
    ----------
    kind : {"input", "hidden", "output"}
    index : int
        Position from the left, 0 = inputs; equals the ``neuron_maps`` index of
        its neurons (``weights[index - 1]`` feeds it).
    hidden : int or None
        Index into ``spec.hidden`` for a hidden column.
    x : float
        Centre of the column.
    ys : tuple of float
        Centre of each node.
    labels : tuple of str
        One per node (feature names, class names, or empty).
    active : tuple of bool
        Whether each node takes part in the network (input features switched off are drawn, inactive).
    rows : tuple of int or None
        For input nodes, the row of ``weights[0]`` of an active feature; for other columns the unit itself.
    title, activation : str
    """

    kind: str
    index: int
    hidden: int | None
    x: float
    ys: tuple[float, ...]
    labels: tuple[str, ...]
    active: tuple[bool, ...]
    rows: tuple[int | None, ...]
    title: str
    activation: str

    @property
    def units(self) -> int:
        return len(self.ys)


@dataclass(frozen=True)
class NetworkLayout:
    """Every column, in scene units; ``top`` is the y of the headers' upper edge.

    ``text_scale`` enlarges titles, labels and buttons of tall networks, which
    are shown zoomed out, so they stay readable when the whole network is fitted.
    """

    columns: tuple[Column, ...]
    top: float
    bottom: float
    text_scale: float = 1.0

    @property
    def n_hidden(self) -> int:
        return len(self.columns) - 2

    @property
    def width(self) -> float:
        return self.columns[-1].x - self.columns[0].x

    def hidden_column(self, h: int) -> Column:
        return self.columns[h + 1]

    def gap_at(self, x: float) -> int:
        """Where a layer dropped at scene ``x`` is inserted: a hidden position 0 .. n_hidden."""
        return int(np.clip(np.floor(x / COLUMN), 0, self.n_hidden))

    def gap_x(self, gap: int) -> float:
        """Scene x of the gap before hidden position ``gap`` (between columns ``gap`` and ``gap + 1``)."""
        return (gap + 0.5) * COLUMN

    def hidden_at(self, x: float, tolerance: float = 0.4) -> int | None:
        """The hidden layer whose column band contains scene ``x``, else None."""
        k = int(np.round(x / COLUMN))
        if 1 <= k <= self.n_hidden and abs(x - k * COLUMN) <= tolerance * COLUMN:
            return k - 1
        return None

    def move_target(self, x: float) -> int:
        """The hidden position a layer column dragged to scene ``x`` moves to."""
        return int(np.clip(np.round(x / COLUMN) - 1, 0, max(self.n_hidden - 1, 0)))

    def edge_segments(self) -> list[np.ndarray]:
        """End points of every connection, per weight layer.

        Returns
        -------
        list of ndarray
            Entry ``l`` has shape ``(fan_in_l, fan_out_l, 4)`` holding
            ``(x0, y0, x1, y1)``: from the right side of node ``i`` of column ``l``
            to the left side of node ``j`` of column ``l + 1``.
        """
        out = []
        for src, dst in zip(self.columns[:-1], self.columns[1:]):
            # Rows of the weight matrix, not display order (they differ for inputs).
            ys_in = np.array([y for _, y in sorted((r, y) for y, r in zip(src.ys, src.rows) if r is not None)])
            ys_out = np.array(dst.ys)
            seg = np.empty((len(ys_in), len(ys_out), 4))
            seg[..., 0] = src.x + NODE / 2
            seg[..., 1] = ys_in[:, None]
            seg[..., 2] = dst.x - NODE / 2
            seg[..., 3] = ys_out[None, :]
            out.append(seg)
        return out


def _ys(n: int) -> tuple[float, ...]:
    return tuple(float(y) for y in (np.arange(n) - (n - 1) / 2.0) * PITCH)


def compute_layout(spec: NetworkSpec, features: tuple[str, ...], choices: tuple[str, ...],
                   n_outputs: int, class_names: tuple[str, ...] = ()) -> NetworkLayout:
    """Lay out the network: inputs, hidden layers, outputs from left to right.

    Parameters
    ----------
    spec : NetworkSpec
    features : tuple of str
        The selected features, in the column order of ``X`` (rows of ``weights[0]``).
    choices : tuple of str
        Every feature the input column offers, in display order (the selected
        ones included); a selected feature missing from it is appended.
    n_outputs : int
        Width of the output layer (from the data).
    class_names : tuple of str
        Labels of the output nodes when there are K >= 3 of them.
    """
    shown = list(choices) + [f for f in features if f not in choices]
    rows = tuple(features.index(f) if f in features else None for f in shown)
    columns = [Column("input", 0, None, 0.0, _ys(len(shown)), tuple(shown),
                      tuple(r is not None for r in rows), rows, "Inputs", "")]
    for h, layer in enumerate(spec.hidden):
        columns.append(Column("hidden", h + 1, h, (h + 1) * COLUMN, _ys(layer.units),
                              ("",) * layer.units, (True,) * layer.units, tuple(range(layer.units)),
                              f"Layer {h + 1}", layer.activation))
    names = tuple(class_names) if len(class_names) == n_outputs and n_outputs > 1 else ("",) * n_outputs
    columns.append(Column("output", len(spec.hidden) + 1, None, (len(spec.hidden) + 1) * COLUMN,
                          _ys(n_outputs), names, (True,) * n_outputs, tuple(range(n_outputs)),
                          "Output", spec.output_activation))
    tallest = max(c.units for c in columns)
    half = (tallest - 1) / 2.0 * PITCH + NODE / 2
    text_scale = float(np.clip(tallest / 12.0, 1.0, 2.4))
    return NetworkLayout(tuple(columns), top=-half - HEADER * text_scale, bottom=half, text_scale=text_scale)
