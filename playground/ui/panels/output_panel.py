"""The output panel (right): decision boundary, loss curves, deltas and the delta heatmap."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from playground.ui.plots.boundary_plot import BoundaryPlot
from playground.ui.plots.deltas_plot import DeltaHeatmap, DeltasPlot
from playground.ui.plots.loss_plot import LossPlot
from playground.ui.window.settings import restore_splitter, save_splitter


class OutputPanel(QWidget):
    """Stacks the four live plots in splitters; saves and restores their sizes and the plots' view options.

    Signals
    -------
    slice_chosen(object)
        The user chose another plane through data with more than two inputs (a PlaneSlice).
    """

    slice_chosen = Signal(object)

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
        self.boundary.slice_chosen.connect(self.slice_chosen)

    # ------------------------------------------------------------ what the live view shows
    # LiveView (ui/live) calls only these: which plot draws what is the panel's business.
    def show_network(self, layer_sizes) -> None:
        """A new network of ``layer_sizes`` (inputs first): empty curves, one delta curve per
        weight layer, and the heatmap's neurons grey (no delta yet)."""
        self.loss.clear()
        self.deltas.set_layers(len(layer_sizes) - 1)
        self.heatmap.set_deltas([np.full(n, np.nan) for n in layer_sizes[1:]])

    def add_curve_points(self, snapshot) -> None:
        """A snapshot's new loss points and its layers' mean |δ| go into the curves' histories.

        Cheap (an append); they are drawn at the next :meth:`refresh_curves`.
        """
        self.loss.add_points(snapshot.new_epochs, snapshot.new_train_loss, snapshot.new_test_loss)
        self.deltas.add_point(snapshot.epoch, snapshot.layer_mean_abs_delta)

    def refresh_curves(self) -> None:
        """Draw the loss and delta curves from their histories (nothing new: no work)."""
        self.loss.refresh()
        self.deltas.refresh()

    def set_loss(self, name: str) -> None:
        """The loss training uses (a key of the engine's LOSSES): the loss plot shows its formula."""
        self.loss.set_loss(name)

    def set_problem(self, kind: str, output_activation: str, value_range=(0.0, 1.0), class_names=()) -> None:
        """How the boundary colours the output (see :meth:`BoundaryPlot.set_problem`)."""
        self.boundary.set_problem(kind, output_activation, value_range, class_names=class_names)

    def show_data(self, train, test, bounds, axes: tuple[str, str], one_input: bool = False) -> None:
        """The data under the boundary map.

        Parameters
        ----------
        train, test : (xy, labels)
            Points ``(n, 2)`` and their class indices or values ``(n,)``.
        bounds : ((x_min, x_max), (y_min, y_max))
            The plane shown.
        axes : (str, str)
            The horizontal and vertical axis names.
        one_input : bool
            One-input data: points at ``(x, target)`` under a prediction curve, no map.
        """
        self.boundary.set_one_input(one_input)
        self.boundary.set_bounds(bounds)
        self.boundary.set_axes(*axes)
        self.boundary.set_points(train[0], train[1], test[0], test[1])

    def show_slice(self, plane) -> None:
        """Which two inputs span the plane and where the others are held (a PlaneSlice)."""
        self.boundary.show_slice(plane)

    def show_prediction(self, values, curve=None) -> None:
        """The network's output over the grid, ``(r, r)`` or ``(r, r, K)``; for one-input data
        also ``curve = (xs, ys)``, the prediction f(x), each ``(r,)``."""
        self.boundary.set_output(values)
        if curve is not None:
            self.boundary.set_curve(*curve)

    def show_neuron_map(self, title: str | None, values=None, low: float = -1.0, high: float = 1.0) -> None:
        """One neuron's map ``(r, r)`` in place of the output; ``title`` None: the output again."""
        self.boundary.show_neuron_map(title, values, low, high)

    def show_heatmap(self, mean_deltas, moment: str = "") -> None:
        """Each neuron's batch-mean δ (per layer ``(fan_out_l,)``) and the moment they belong to
        ("batch of 10, before the update of step 1"; "" if unknown)."""
        self.heatmap.set_deltas(mean_deltas)
        self.heatmap.set_moment(moment)

    # ------------------------------------------------------------ what others ask of the panel
    def loss_history(self):
        """The loss curves' stored history: epochs ``(m,)`` and ``(train, test)`` ``(2, m)``."""
        return self.loss.history_arrays()

    def figure_targets(self) -> dict:
        """The plots File > Export > Figure… offers: ``key -> (label, plot widget, True)``, in menu order."""
        return {"boundary": ("Boundary plot", self.boundary.figure_widget(), True),
                "loss": ("Loss plot", self.loss.figure_widget(), True),
                "deltas": ("Deltas plot", self.deltas.figure_widget(), True)}

    def deltas_area(self) -> QWidget:
        """The part that holds the delta curves and the heatmap (a lesson hides it as one)."""
        return self.delta_splitter

    def deltas_on_screen(self) -> bool:
        """Whether the deltas and the heatmap are shown with some area on screen."""
        return self.delta_splitter.isVisible() and not self.delta_splitter.visibleRegion().isEmpty()
