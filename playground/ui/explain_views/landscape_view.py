"""The loss-landscape view: J over two picked parameters, with the path training takes across it.

Pick two parameters by clicking two edges (weights) or bias squares on the
canvas ("Pick on canvas"), or from the two lists; a one-neuron model starts
with its two weights. J is drawn as a heat map with contour lines and a colour
scale; the current values are marked, and the last ``PATH_LENGTH`` snapshots
of the two values are drawn on top while training runs.

The surface is computed off the GUI thread (:mod:`.jobs`): when the view is
shown or refreshed, when the pair, span or grid change, and while training
when the parameters moved far (any by ``FAR`` x span) since the surface was
computed, at most every ``THROTTLE_S``. A hidden view computes nothing.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QAbstractListModel, QModelIndex, QRectF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from playground.explain import Parameter
from playground.ui.explain_views.jobs import LatestJob
from playground.ui.explain_views.picks import (
    TrainingPath, all_parameters, fits, largest_change, preselected_pair, value_of,
)
from playground.ui.explain_views.style import set_status
from playground.ui.explain_views.surface import compute_surface
from playground.ui.plots.lazy_menu import plot_widget
from playground.ui.plots.theme import PaletteRestyleMixin, style_plot
from playground.ui.style import colors
from playground.ui.style.numbers import fmt

#: Grid sizes offered (points per axis; odd, so the middle point is the current value).
RESOLUTIONS = (21, 41, 61, 81, 101)
DEFAULT_RESOLUTION = 41
DEFAULT_SPAN = 2.0
#: The surface is recomputed while training when a parameter moved by this fraction of the span.
FAR = 0.05
#: ... but at most this often (seconds).
THROTTLE_S = 0.5
#: Pause after the last change of the span before the surface is computed (ms).
SPAN_PAUSE_MS = 300
#: Training points the surface is computed over (spread evenly over a larger training set).
MAX_POINTS = 2000

PICK_FIRST = "Click the first parameter on the canvas: an edge (a weight) or a neuron's small bias square."


class ParameterListModel(QAbstractListModel):
    """Every weight and bias of the network, for the two parameter lists (shared, built lazily by Qt)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.parameters: list[Parameter] = []
        self._rows: dict[Parameter, int] = {}

    def set_sizes(self, sizes) -> None:
        self.beginResetModel()
        self.parameters = all_parameters(sizes)
        self._rows = {p: k for k, p in enumerate(self.parameters)}
        self.endResetModel()

    def row_of(self, p: Parameter | None) -> int:
        return self._rows.get(p, -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.parameters)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self.parameters[index.row()].name
        return None


class LandscapeView(PaletteRestyleMixin, QWidget):
    """J(first, second) as a heat map with contours, the current point and the training path.

    Parameters
    ----------
    adapter : SessionAdapter

    Signals
    -------
    action_done(str)
        Lesson actions, when the surface of a pair is first drawn in the
        shown view: ``picked_two_weights`` if the pair was newly picked (on
        the canvas, in the lists, by :meth:`set_pair`, or preselected for a
        one-neuron model), then ``viewed_landscape`` for a pair not seen yet.
    surface_drawn(object)
        The :class:`~.surface.Surface` just drawn.
    """

    action_done = Signal(str)
    surface_drawn = Signal(object)

    def __init__(self, adapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.adapter = adapter
        self.first: Parameter | None = None
        self.second: Parameter | None = None
        self.surface = None
        self.path = TrainingPath()
        self.draw_ms = float("nan")   # GUI time of the last surface -> image + contours
        self._pending: Parameter | None = None   # first click of a canvas pick
        self._dirty = True
        self._requested_at = -1e9
        self._viewed_pair = None
        self._announce_pick = False
        self._sizes: list[int] = []
        self.job = LatestJob(self)
        self.job.finished.connect(self._on_job_finished)
        self.job.failed.connect(self._on_job_failed)
        self.throttle = QTimer(self)
        self.throttle.setSingleShot(True)
        self.throttle.timeout.connect(self.refresh)
        self._build()
        adapter.network_rebuilt.connect(self._on_network_rebuilt)
        adapter.problem_changed.connect(self._on_problem_changed)
        adapter.snapshot_arrived.connect(self._on_snapshot_arrived)
        self._on_network_rebuilt()

    # ------------------------------------------------------------ widgets
    def _build(self) -> None:
        self.params = ParameterListModel(self)
        self.first_box, self.second_box = QComboBox(), QComboBox()
        for box, axis in ((self.first_box, "x"), (self.second_box, "y")):
            box.setModel(self.params)
            box.setPlaceholderText("choose…")
            box.setMinimumContentsLength(12)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setToolTip(f"The parameter on the {axis} axis. w_ij: the weight from neuron i to neuron j "
                           "of the layer (counted from 1); b_j: the bias of neuron j.")
        self.first_box.activated.connect(lambda row: self._choose(0, self.params.parameters[row]))
        self.second_box.activated.connect(lambda row: self._choose(1, self.params.parameters[row]))
        self.pick_button = QPushButton("Pick on canvas")
        self.pick_button.setCheckable(True)
        self.pick_button.setToolTip("Then click two edges (weights) or bias squares in the network.")
        self.pick_button.toggled.connect(self._on_pick_toggled)
        self.span_box = QDoubleSpinBox()
        self.span_box.setRange(0.05, 50.0)
        self.span_box.setDecimals(2)
        self.span_box.setSingleStep(0.5)
        self.span_box.setValue(DEFAULT_SPAN)
        self.span_box.setPrefix("± ")
        self.span_box.setToolTip("Each axis runs from the current value − span to + span.")
        # Typing "1.5" passes through "1." : wait for a pause before computing.
        self.span_timer = QTimer(self)
        self.span_timer.setSingleShot(True)
        self.span_timer.setInterval(SPAN_PAUSE_MS)
        self.span_timer.timeout.connect(self._on_grid_changed)
        self.span_box.valueChanged.connect(lambda _: self.span_timer.start())
        self.resolution_box = QComboBox()
        for n in RESOLUTIONS:
            self.resolution_box.addItem(f"{n} × {n}", n)
        self.resolution_box.setCurrentIndex(RESOLUTIONS.index(DEFAULT_RESOLUTION))
        self.resolution_box.setToolTip("Grid points per axis (each is one loss over the training set).")
        self.resolution_box.currentIndexChanged.connect(lambda _: self._on_grid_changed())
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Compute the surface again around the current weights.")
        self.refresh_button.clicked.connect(self.refresh)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.readout = QLabel()

        self.plot = plot_widget()
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        self.view = item.getViewBox()
        # One unit is as long on both axes (both span the same range): the steepest-descent
        # path then crosses the contour lines at right angles on screen too, as in the chapter.
        self.view.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        item.addItem(self.image)
        self.colorbar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=pg.colormap.get("viridis"),
                                        interactive=False, label="J", width=14)
        self.colorbar.setImageItem(self.image, insert_in=item)
        self.contours = pg.PlotDataItem(pen=pg.mkPen(255, 255, 255, 130, width=1), connect="pairs")
        self.path_item = pg.PlotDataItem(pen=pg.mkPen(colors.PATH, width=2), symbol="o", symbolSize=4,
                                         symbolPen=None, symbolBrush=colors.PATH)
        self.current = pg.ScatterPlotItem(size=13, pen=pg.mkPen("k", width=1.5), brush="w", symbol="o")
        for it, z in ((self.contours, 2), (self.path_item, 3), (self.current, 4)):
            it.setZValue(z)
            item.addItem(it)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        style_plot(self.plot)

        grid = QGridLayout()
        grid.addWidget(QLabel("x:"), 0, 0)
        grid.addWidget(self.first_box, 0, 1)
        grid.addWidget(QLabel("y:"), 0, 2)
        grid.addWidget(self.second_box, 0, 3)
        grid.addWidget(self.pick_button, 0, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("span"))
        row.addWidget(self.span_box)
        row.addWidget(QLabel("grid"))
        row.addWidget(self.resolution_box)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addLayout(grid)
        box.addLayout(row)
        box.addWidget(self.message)
        box.addWidget(self.plot, 1)
        box.addWidget(self.readout)

    def _restyle(self) -> None:
        style_plot(self.plot)
        kind = self.message.property("status_kind") or "note"
        set_status(self.message, self.message.text(), kind)

    # ------------------------------------------------------------ picking
    @property
    def pair(self) -> tuple[Parameter, Parameter] | None:
        return (self.first, self.second) if self.first is not None and self.second is not None else None

    def set_pair(self, first, second) -> bool:
        """Show J over ``first`` (x) and ``second`` (y), each ``(l, i, j)`` or a Parameter; False (and why) if refused."""
        try:
            first, second = (p if isinstance(p, Parameter) else Parameter(*map(int, p)) for p in (first, second))
        except (TypeError, ValueError):
            self._say(f"A parameter is (layer, i, j), not {first!r} / {second!r}.", "fail")
            return False
        for p in (first, second):
            if not fits(p, self._sizes):
                self._say(f"({p.layer}, {p.i}, {p.j}) is not a parameter of this network; the view is unchanged.",
                          "fail")
                self._sync_boxes()
                return False
        if first == second:
            self._say(f"x and y are both {first.name}: pick two different parameters. The view is unchanged.",
                      "fail")
            self._sync_boxes()
            return False
        self._set(first, second)
        self._announce_pick = True   # said when its surface is first shown (a preselection too)
        return True

    def _set(self, first: Parameter, second: Parameter) -> None:
        self.first, self.second = first, second
        self._pending = None
        self._sync_boxes()
        self.path.clear()
        weights, biases = self.adapter.parameters()
        self.path.record(self.adapter.step(), value_of(first, weights, biases), value_of(second, weights, biases))
        self._say(f"J over {first.name} (x) and {second.name} (y).")
        self.surface = None
        self.refresh()

    def _choose(self, axis: int, p: Parameter) -> None:
        """One of the two lists changed: keep the other parameter."""
        other = self.second if axis == 0 else self.first
        if other is None:
            if axis == 0:
                self.first = p
            else:
                self.second = p
            self._say(f"{p.name} on the {'xy'[axis]} axis; now choose the {'yx'[axis]} parameter.")
            return
        self.set_pair(*((p, other) if axis == 0 else (other, p)))

    def _sync_boxes(self) -> None:
        self.first_box.setCurrentIndex(self.params.row_of(self.first))
        self.second_box.setCurrentIndex(self.params.row_of(self.second))

    def _on_pick_toggled(self, on: bool) -> None:
        if on and not self.adapter.can_pick:
            self.pick_button.setChecked(False)
            return
        self.adapter.set_canvas_pick(self._on_canvas_pick if on else None)
        self.adapter.mark_edge(None)
        self._pending = None
        if on:
            self._say(PICK_FIRST)
        elif self.pair is not None:
            self._say(f"J over {self.first.name} (x) and {self.second.name} (y).")

    def _on_canvas_pick(self, lij) -> None:
        p = Parameter(*lij)
        if self._pending is None:
            self._pending = p
            self.adapter.mark_edge(None if p.is_bias else lij)
            self._say(f"x: {p.name}. Now click the second parameter.")
            return
        if p == self._pending:
            self._say(f"That is {p.name} again: click a different parameter for the y axis.", "fail")
            return
        first = self._pending
        self.pick_button.setChecked(False)   # ends the pick mode and the canvas hook
        self.set_pair(first, p)

    def _say(self, text: str, kind: str = "note") -> None:
        set_status(self.message, text, kind)

    # ------------------------------------------------------------ computing
    def refresh(self) -> None:
        """Compute the surface around the current parameters (now if shown, else when next shown)."""
        self.throttle.stop()
        if self.pair is None:
            return
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        self._requested_at = time.monotonic()
        net = self.adapter.network()
        X, T = self.adapter.training_data(MAX_POINTS)
        problem = (self.adapter.loss(), *self.adapter.regularization())
        first, second = self.pair
        span, steps = self.span_box.value(), self.resolution_box.currentData()
        self.job.submit(lambda: compute_surface(net, X, T, problem, first, second, span, steps))

    def _on_job_finished(self, request: int, surface, seconds: float) -> None:
        if request != self.job.last_request or surface.pair != self.pair:
            return  # a newer request is on its way, or the pair changed meanwhile
        self.draw_surface(surface)

    def _on_job_failed(self, request: int, message: str) -> None:
        if request == self.job.last_request:
            self._say(f"The surface could not be computed: {message}", "fail")

    def draw_surface(self, surface) -> None:
        """Hand a computed surface to the image, the colour scale and the contour item."""
        start = time.perf_counter()
        J = surface.J
        finite = np.isfinite(J)
        if not finite.any():
            self._say("The loss is not finite anywhere on this grid (the weights diverged?): reset the "
                      "network or make the span smaller.", "fail")
            return
        lo, hi = float(J[finite].min()), float(J[finite].max())
        hi = hi if hi > lo else lo + 1e-12
        w1, w2 = surface.w1, surface.w2
        dx, dy = (w1[-1] - w1[0]) / (len(w1) - 1), (w2[-1] - w2[0]) / (len(w2) - 1)
        self.image.setImage(np.where(finite, J, hi), autoLevels=False)
        self.image.setRect(QRectF(w1[0] - dx / 2, w2[0] - dy / 2, dx * len(w1), dy * len(w2)))
        self.colorbar.setLevels((lo, hi))
        segments = surface.segments
        self.contours.setData(segments[:, 0], segments[:, 1], connect="pairs")
        item = self.plot.getPlotItem()
        item.setLabel("bottom", surface.first.html)
        item.setLabel("left", surface.second.html)
        self.view.setRange(xRange=(w1[0] - dx / 2, w1[-1] + dx / 2), yRange=(w2[0] - dy / 2, w2[-1] + dy / 2),
                           padding=0)
        self.surface = surface
        self._draw_path()
        mid = (len(w2) // 2, len(w1) // 2)
        self.readout.setText(f"J = {fmt(J[mid])} at the grid's centre, the values it was computed at "
                             f"({len(w1)} × {len(w2)} grid, {surface.seconds * 1000:.0f} ms)")
        self.draw_ms = (time.perf_counter() - start) * 1000
        self.surface_drawn.emit(surface)
        if self.isVisible():
            if self._announce_pick:
                self._announce_pick = False
                self.action_done.emit("picked_two_weights")
            if self._viewed_pair != surface.pair:
                self._viewed_pair = surface.pair
                self.action_done.emit("viewed_landscape")

    def _draw_path(self) -> None:
        v1, v2 = self.path.arrays()
        self.path_item.setData(v1, v2)
        self.current.setData(v1[-1:], v2[-1:])

    # ------------------------------------------------------------ the session
    def _on_network_rebuilt(self) -> None:
        sizes = self.adapter.layer_sizes()
        if sizes != self._sizes:
            self._sizes = sizes
            self.params.set_sizes(sizes)
        pair = self.pair
        if pair is not None and all(fits(p, sizes) for p in pair):
            self._set(*pair)   # same parameters, new values: the path starts over
            return
        self.first = self.second = None
        self.surface = None
        self.path.clear()
        self.image.clear()
        self.contours.setData([], [])
        self._draw_path()
        preselected = preselected_pair(sizes)
        if preselected is not None:
            self.set_pair(*preselected)
        else:
            self._sync_boxes()
            self._say("Pick two parameters: press Pick on canvas and click two edges (or bias squares), "
                      "or choose them in the lists above.")

    def _on_problem_changed(self) -> None:
        if self.surface is not None and self.surface.problem != (self.adapter.loss(), *self.adapter.regularization()):
            self.refresh()

    def _on_snapshot_arrived(self, step: int, weights, biases) -> None:
        pair = self.pair
        if pair is None or not all(fits(p, self._sizes) for p in pair):
            return
        self.path.record(step, value_of(pair[0], weights, biases), value_of(pair[1], weights, biases))
        if not self.isVisible():
            self._dirty = True
            return
        self._draw_path()
        s = self.surface
        if s is None or self.throttle.isActive():
            return
        moved = max(largest_change(s.weights, weights), largest_change(s.biases, biases))
        if moved >= FAR * s.span:
            wait = THROTTLE_S - (time.monotonic() - self._requested_at)
            if wait <= 0:
                self.refresh()
            else:
                self.throttle.start(int(wait * 1000))

    def _on_grid_changed(self) -> None:
        s = self.surface
        if s is None or s.span != self.span_box.value() or len(s.w1) != self.resolution_box.currentData():
            self.refresh()

    def _on_mouse_moved(self, pos) -> None:
        s = self.surface
        if s is None or not self.plot.sceneBoundingRect().contains(pos):
            return
        p = self.view.mapSceneToView(pos)
        c = int(np.argmin(np.abs(s.w1 - p.x())))
        r = int(np.argmin(np.abs(s.w2 - p.y())))
        inside = s.w1[0] <= p.x() <= s.w1[-1] and s.w2[0] <= p.y() <= s.w2[-1]
        if inside:
            self.readout.setText(f"{s.first.name} = {fmt(s.w1[c], -1)}, {s.second.name} = {fmt(s.w2[r], -1)}: "
                                 f"J = {fmt(s.J[r, c])}")

    # ------------------------------------------------------------ showing
    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._dirty or self.surface is None:
            self.refresh()
        else:
            self._draw_path()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.pick_button.setChecked(False)   # a hidden view must not take the canvas's clicks
        super().hideEvent(event)

    def shutdown(self) -> None:
        self.throttle.stop()
        self.span_timer.stop()
        self.pick_button.setChecked(False)
        self.job.wait()
