"""Deltas, the heart of backprop: mean |delta| per layer over time, and a heatmap of now.

:class:`DeltasPlot` draws one curve per weight layer on a log axis, so
vanishing (early layers far below later ones) or exploding gradients show at a
glance. :class:`DeltaHeatmap` shows the current mean delta of every neuron:
columns are layers (input side left), rows are neurons, orange < 0 < blue.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from playground.ui.style.numbers import fmt
from playground.ui.plots import colormaps
from playground.ui.plots.follow import follow, reset_range
from playground.ui.plots.history import DecimatedHistory
from playground.ui.plots.lazy_menu import plot_widget
from playground.ui.plots.theme import (
    DecadeAxis, PaletteRestyleMixin, header_unit, is_dark, readable_color, stack_header_over_plot, style_plot,
)
from playground.ui.window.settings import read_bool


def layer_colors(n_layers: int, widget: QWidget | None = None) -> list:
    """A colour per layer, input side to output side, readable on ``widget``'s palette.

    Plasma's hues in order (purple -> orange), each lightened on a dark palette
    or darkened on a light one just enough for a WCAG contrast of 3 against the
    plot and its header: plasma's dark purple vanishes on a dark background and
    its yellow on a white one.
    """
    hues = colormaps.colormap_at("plasma", [0.1 + 0.75 * i / max(1, n_layers - 1) for i in range(n_layers)])
    return [readable_color(QColor.fromRgbF(*rgb), widget) for rgb in hues.tolist()]


def layer_name(l: int, n_layers: int) -> str:
    """Short name of weight layer ``l`` (its neurons' layer): ``h1``, ``h2``, ..., ``out``."""
    return "out" if l == n_layers - 1 else f"h{l + 1}"


class DeltasPlot(PaletteRestyleMixin, QWidget):
    """Mean |delta| per layer versus epoch, log y."""

    def save_view(self, settings) -> None:
        settings.setValue("view/deltas_log", self.log_check.isChecked())

    def restore_view(self, settings) -> None:
        self.log_check.setChecked(read_bool(settings, "view/deltas_log", True))

    def __init__(self, parent: QWidget | None = None, capacity: int = 2048) -> None:
        super().__init__(parent)
        self._capacity = capacity
        self.history = DecimatedHistory(1, capacity)
        self.curves: list = []
        self.colors: list = []   # QColor per layer, as drawn now
        self._dirty = False
        self._force_range = True
        title = QLabel("<b>Deltas</b>: mean |δ| per layer")
        self.title = title
        title.setToolTip("δ = dJ/da, the error signal backpropagation sends to each neuron.\n"
                         "Curves far apart: vanishing (low) or exploding (high) gradients.")
        self.log_check = QCheckBox("log y")
        self.log_check.setChecked(True)
        self.log_check.setToolTip("Show the deltas on a logarithmic axis: small and large ones stay visible together")
        header = QHBoxLayout()
        header.setContentsMargins(4, 0, 4, 0)
        header.addWidget(title, 1)
        header.addWidget(self.log_check)
        self.plot = plot_widget(axisItems={"left": DecadeAxis("left")})
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "epoch")
        item.setLabel("left", "mean |δ|")
        # One row along the top: the curves of a vanishing gradient sit low.
        item.setLogMode(y=True)
        self.view = item.getViewBox()
        self.view.disableAutoRange()  # ranged by follow(): no axis repaint every frame
        style_plot(self.plot)
        stack_header_over_plot(self, header, self.plot)
        self.log_check.toggled.connect(self._on_log_toggled)

    def _restyle(self) -> None:
        style_plot(self.plot)
        self._color_layers()

    def set_layers(self, n_layers: int) -> None:
        """A new network: one empty curve per weight layer."""
        item = self.plot.getPlotItem()
        for curve in self.curves:
            item.removeItem(curve)
        self.history = DecimatedHistory(max(1, n_layers), self._capacity)
        self.curves = []
        for _ in range(n_layers):
            self.curves.append(item.plot(clipToView=True, autoDownsample=True))
        self._color_layers()
        self._dirty = self._force_range = True
        reset_range(self.view, self.log_check.isChecked())

    def _color_layers(self) -> None:
        """Curve pens and the key in the title, in colours readable on the current palette."""
        n_layers = len(self.curves)
        self.colors = layer_colors(n_layers, self)
        keys = []
        for l, (curve, color) in enumerate(zip(self.curves, self.colors)):
            curve.setPen(pg.mkPen(color, width=1))
            keys.append(header_unit(f"━ {layer_name(l, n_layers)}", color.name()))
        # The key lives in the title: a legend inside the plot would cover the curves.
        self.title.setText(f"<b>Deltas</b> {header_unit('mean |δ|:')} " + " ".join(keys))

    def add_point(self, epoch: float, layer_values: np.ndarray) -> None:
        """Mean |delta| of each layer ``(L,)`` at ``epoch``."""
        values = np.asarray(layer_values, dtype=float)
        if values.size != len(self.curves) or not np.all(np.isfinite(values)):
            return
        x, _ = self.history.last
        if np.isfinite(x) and epoch <= x:
            return  # one point per epoch is plenty (and keeps x increasing)
        self.history.append([epoch], values[:, None])
        self._dirty = True

    def refresh(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        x, y = self.history.arrays()
        log = self.log_check.isChecked()
        for curve, values in zip(self.curves, y):
            curve.setData(x, np.where(values > 0, values, np.nan) if log else values, connect="finite")
        # After a reset the first refreshes may have no point yet: keep asking for a fit until
        # one happened, or the axes of the previous run (epochs 2000-8000, 1e-50..1e150) stay.
        if follow(self.view, x, y, log, force=self._force_range):
            self._force_range = False

    def _on_log_toggled(self, on: bool) -> None:
        self.plot.getPlotItem().setLogMode(y=on)
        self.view.disableAutoRange()
        self._dirty = self._force_range = True
        self.refresh()

    def figure_widget(self) -> pg.PlotWidget:
        """The plot to export as a figure (File > Export > Figure…)."""
        return self.plot


class DeltaHeatmap(PaletteRestyleMixin, QWidget):
    """Current mean delta of every neuron: layers (x) by neurons (y)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: np.ndarray | None = None  # (max_width, L), NaN where a layer has no such neuron
        self.readout = QLabel("")
        header = QHBoxLayout()
        header.setContentsMargins(4, 0, 4, 0)
        title = QLabel("<b>δ now</b>")
        title.setToolTip("Mean δ of each neuron over the last batch; orange < 0 < blue.\n"
                         "The colour scale is the largest |δ| of the network.")
        header.addWidget(title)
        header.addWidget(self.readout, 1)
        self.plot = plot_widget()
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "layer")
        item.setLabel("left", "neuron")
        item.setMenuEnabled(False)
        self.view = item.getViewBox()
        self.view.setMouseEnabled(x=False, y=False)
        self.view.invertY(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        item.addItem(self.image)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        style_plot(self.plot)
        stack_header_over_plot(self, header, self.plot)

    def _restyle(self) -> None:
        style_plot(self.plot)
        if self.values is not None:
            self._draw()  # the empty cells take the new background at once, even while paused

    def set_deltas(self, mean_deltas) -> None:
        """Per-layer mean deltas, each ``(fan_out_l,)``."""
        if not len(mean_deltas):
            return
        width = max(len(d) for d in mean_deltas)
        grid = np.full((width, len(mean_deltas)), np.nan)
        for l, d in enumerate(mean_deltas):
            grid[: len(d), l] = d
        shape_changed = self.values is None or self.values.shape != grid.shape
        self.values = grid
        self._draw()
        if shape_changed:
            self.image.setRect(QRectF(0.5, -0.5, grid.shape[1], grid.shape[0]))
            self.view.setRange(xRange=(0.5, grid.shape[1] + 0.5), yRange=(-0.5, grid.shape[0] - 0.5), padding=0)
            self.plot.getPlotItem().getAxis("bottom").setTicks(
                [[(l + 1, str(l + 1)) for l in range(grid.shape[1])]])

    def set_moment(self, moment: str) -> None:
        """Say which moment the δ shown belong to (a tooltip; "" says nothing)."""
        self.plot.setToolTip(f"Batch means of δ = ∂J/∂a: {moment}" if moment else "")

    def _draw(self) -> None:
        grid = self.values
        scale = np.nanmax(np.abs(grid)) if np.any(np.isfinite(grid)) else 1.0
        background = (60, 60, 60) if is_dark(self) else (245, 245, 245)
        self.image.setImage(colormaps.signed_rgb(grid, scale, background), autoLevels=False, levels=(0, 255))

    def _on_mouse_moved(self, pos) -> None:
        if self.values is None:
            return
        p = self.view.mapSceneToView(pos)
        l, j = int(round(p.x())) - 1, int(round(p.y()))
        if 0 <= l < self.values.shape[1] and 0 <= j < self.values.shape[0] and np.isfinite(self.values[j, l]):
            self.readout.setText(f"layer {l + 1}, neuron {j + 1}: δ = {fmt(self.values[j, l])}")
        else:
            self.readout.setText("")


def _demo() -> None:  # pragma: no cover - manual look
    app = pg.mkQApp()
    w = QWidget()
    lay = QHBoxLayout(w)
    d, h = DeltasPlot(), DeltaHeatmap()
    lay.addWidget(d, 2)
    lay.addWidget(h, 1)
    d.set_layers(3)
    for e in range(1, 500):
        d.add_point(e, np.array([1e-3, 1e-2, 1e-1]) * np.exp(-e / 300))
    d.refresh()
    rng = np.random.default_rng(0)
    h.set_deltas([rng.normal(size=8) * 0.01, rng.normal(size=8) * 0.1, rng.normal(size=1)])
    w.resize(700, 300)
    w.show()
    app.exec()


if __name__ == "__main__":  # pragma: no cover
    _demo()
