"""The output panel (right): decision boundary, loss curves, deltas and the delta heatmap."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from playground.ui.plots.boundary_plot import BoundaryPlot
from playground.ui.plots.deltas_plot import DeltaHeatmap, DeltasPlot
from playground.ui.plots.loss_plot import LossPlot
from playground.ui.window.settings import restore_splitter, save_splitter


class OutputPanel(QWidget):
    """Stacks the four live plots in splitters; saves and restores their sizes and the plots' view options."""

    def save_view(self, settings) -> None:
        """Its splitters and each plot's view options."""
        for splitter in (self.splitter, self.delta_splitter):
            save_splitter(settings, splitter)
        for plot in (self.boundary, self.loss, self.deltas):
            plot.save_view(settings)

    def restore_view(self, settings) -> None:
        for splitter in (self.splitter, self.delta_splitter):
            restore_splitter(settings, splitter)
        for plot in (self.boundary, self.loss, self.deltas):
            plot.restore_view(settings)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boundary = BoundaryPlot()
        self.loss = LossPlot()
        self.deltas = DeltasPlot()
        self.heatmap = DeltaHeatmap()
        self.delta_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.delta_splitter.setObjectName("delta_splitter")
        self.delta_splitter.addWidget(self.deltas)
        self.delta_splitter.addWidget(self.heatmap)
        self.delta_splitter.setSizes([300, 150])
        self.delta_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("output_splitter")
        self.splitter.addWidget(self.boundary)
        self.splitter.addWidget(self.loss)
        self.splitter.addWidget(self.delta_splitter)
        self.splitter.setSizes([380, 220, 220])
        for i in range(3):
            self.splitter.setCollapsible(i, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        # Room for the axes' labels: below these the ticks would collide.
        self.boundary.plot.setMinimumSize(200, 180)
        for plot in (self.loss.plot, self.deltas.plot, self.heatmap.plot):
            plot.setMinimumHeight(110)
