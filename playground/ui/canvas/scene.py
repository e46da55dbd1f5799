"""The scene: builds the graphics items from a layout, and restyles them in place.

``rebuild`` runs only when the shape changes; ``show_parameters``,
``show_deltas`` and ``show_maps`` run every frame and only change colours,
widths and the one thumbnail atlas, never creating items.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsScene

from playground.ui.canvas.edges import EdgesItem
from playground.ui.canvas.highlight import HighlightOverlay
from playground.ui.canvas.items import ColumnItem, DropIndicator, NeuronItem
from playground.ui.canvas.layout import NetworkLayout
from playground.ui.canvas.theme import CanvasTheme
from playground.ui.canvas.thumbs import ThumbnailAtlas

DELTA_DECADES = 3.0  # the ring's intensity spans three decades of |mean delta| below the largest


def delta_strength(deltas: np.ndarray) -> np.ndarray:
    """Intensity 0 .. 1 of each mean delta on a log scale relative to the largest.

    A log scale lets a vanishing gradient show as a fading ring layer by layer
    while neurons within one layer remain distinguishable.

    Parameters
    ----------
    deltas : ndarray, shape (n,)

    Returns
    -------
    ndarray, shape (n,), 0 where a delta is 0 or not finite
    """
    mags = np.abs(np.where(np.isfinite(deltas), deltas, 0.0))
    top = mags.max() if mags.size else 0.0
    if top <= 0:
        return np.zeros_like(mags)
    with np.errstate(divide="ignore"):
        rel = np.log10(np.maximum(mags, 1e-300) / top)
    return np.clip(1.0 + rel / DELTA_DECADES, 0.0, 1.0)


class NetworkScene(QGraphicsScene):
    """Holds every item of one network build."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.layout: NetworkLayout | None = None
        self.columns: list[ColumnItem] = []
        self.theme = CanvasTheme.from_palette()
        self.edges = EdgesItem()
        self.atlas = ThumbnailAtlas()
        self.indicator = DropIndicator(0, 1)
        for item in (self.edges, self.atlas, self.indicator):
            self.addItem(item)
        self.highlight = HighlightOverlay(self)  # what a teaching view points at (canvas/highlight.py)
        # Items removed in a rebuild are kept alive one more rebuild: a rebuild
        # may run inside one of their own event handlers (a click on "+").
        self._graveyard: list = []
        self.set_theme(self.theme)

    def set_theme(self, theme: CanvasTheme) -> None:
        """Recolour everything that is not data (background, bands, text, outlines) in place."""
        self.theme = theme
        self.setBackgroundBrush(theme.background)
        self.edges.set_colors(theme.background, theme.title)
        for item in self.columns:
            item.apply_theme(theme)
        self.update()

    def rebuild(self, layout: NetworkLayout, controller) -> None:
        """Replace the columns and neurons with the ones ``layout`` describes."""
        self._graveyard = list(self.columns)
        for item in self.columns:
            self.removeItem(item)
        self.layout = layout
        self.columns = [ColumnItem(controller, c, layout.top, layout.bottom, layout.text_scale) for c in layout.columns]
        for item in self.columns:
            item.apply_theme(self.theme)
            self.addItem(item)
        self.edges.set_geometry(layout.edge_segments())
        targets = []
        for item in self.columns:
            for neuron in item.neurons:
                row = item.column.rows[neuron.unit]
                if row is not None:
                    targets.append(((item.column.index, row), neuron.thumbnail_rect()))
        self.atlas.set_targets(targets)
        self.indicator.prepareGeometryChange()
        self.indicator.top, self.indicator.bottom = layout.top, layout.bottom
        self.indicator.hide()
        rect = QRectF()
        for item in self.columns:
            rect = rect.united(item.sceneBoundingRect())
        self.setSceneRect(rect.adjusted(-30, -20, 30, 30))
        self.highlight.clear()  # its names belong to the old shape

    def neuron(self, column: int, unit: int) -> NeuronItem | None:
        """Neuron ``unit`` of layout column ``column`` (display order for inputs)."""
        if 0 <= column < len(self.columns) and 0 <= unit < len(self.columns[column].neurons):
            return self.columns[column].neurons[unit]
        return None

    def neuron_by_row(self, column: int, row: int) -> NeuronItem | None:
        """The neuron whose weight row (or unit) is ``row``: for inputs, the selected feature ``row``."""
        if not 0 <= column < len(self.columns):
            return None
        for neuron in self.columns[column].neurons:
            if self.columns[column].column.rows[neuron.unit] == row:
                return neuron
        return None

    def fits(self, weights) -> bool:
        """Whether parameters of these shapes belong to the network shown."""
        if self.layout is None or len(weights) != len(self.columns) - 1:
            return False
        for l, w in enumerate(weights):
            src, dst = self.layout.columns[l], self.layout.columns[l + 1]
            fan_in = sum(r is not None for r in src.rows)
            if np.shape(w) != (fan_in, dst.units):
                return False
        return True

    def show_parameters(self, weights, biases, edge_values=None, edge_full: float | None = None) -> None:
        """Edge colours and widths from ``weights`` (or ``edge_values`` scaled by ``edge_full``,
        see :meth:`EdgesItem.set_values`); bias markers from ``biases``."""
        if not self.fits(weights):
            return
        self.edges.set_values(weights if edge_values is None else edge_values, edge_full)
        for l, b in enumerate(biases):
            for neuron in self.columns[l + 1].neurons:
                if neuron.bias is not None and neuron.unit < len(b):
                    neuron.bias.set_value(float(b[neuron.unit]))

    def show_deltas(self, mean_deltas) -> None:
        """Each neuron's ring: colour = sign of its mean delta, intensity = magnitude (log scale)."""
        if len(mean_deltas) != len(self.columns) - 1:
            return
        flat = np.concatenate([np.asarray(d, dtype=float).ravel() for d in mean_deltas])
        strength = delta_strength(flat)
        k = 0
        for l, d in enumerate(mean_deltas):
            neurons = self.columns[l + 1].neurons
            if len(neurons) != len(d):
                return
            for neuron in neurons:
                # No tooltip: the hover card shows delta with the neuron's other numbers, and a
                # tooltip would pop up on top of it.
                neuron.set_delta(float(d[neuron.unit]), float(strength[k + neuron.unit]))
            k += len(d)

    def show_maps(self, neuron_maps) -> bool:
        return self.atlas.set_maps(neuron_maps)
