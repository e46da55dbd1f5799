"""The decision boundary: the network's output over the input plane, with the data on top.

One ImageItem (row-major, row ``i`` at ``y = ys[i]``, ascending) placed on the
input bounds, two scatter items (training points, test points on a toggle), all
created once and updated in place. Hovering a neuron on the network view shows
that neuron's map here instead (:meth:`show_neuron_map`). A colour scale under
the map says what its colours mean: the class-1 output (two classes), the
predicted value (regression), one swatch per class (K classes) or the hovered
neuron's range. Regression data is titled "Output": it has no decision boundary.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from playground.ui.plots import colormaps
from playground.ui.plots.color_scale import ColorScale
from playground.ui.plots.lazy_menu import plot_widget
from playground.ui.plots.slice_controls import SliceControls
from playground.ui.style import colors
from playground.ui.plots.theme import PlotHeaderMixin, style_plot, stack_header_over_plot
from playground.ui.window.settings import read_bool

#: Output activation -> the range of its values (for the two-class colour map).
OUTPUT_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


#: Points drawn per scatter at most: a million CSV rows would take minutes to lay
#: out and seconds every frame to paint; a sample of 5,000 shows the same picture.
MAX_POINTS_SHOWN = 5000

#: How far the map's colours are mixed toward white behind the points.
IMAGE_WASH = 0.3


def washed(rgb: np.ndarray) -> np.ndarray:
    """``rgb`` uint8 mixed :data:`IMAGE_WASH` toward white, as the map shows it (and its scale)."""
    return (np.asarray(rgb) * (1.0 - IMAGE_WASH) + 255.0 * IMAGE_WASH).astype(np.uint8)


def _number(value: float) -> str:
    return f"{value:.3g}"


#: Below this width (px) the header has no room for its title beside the toggles.
COMPACT_WIDTH = 330

class BoundaryPlot(PlotHeaderMixin, QWidget):
    """Output over the plane as an image, training and test points, two toggles."""

    options_changed = Signal()
    #: The user chose another plane through > 2 inputs (a PlaneSlice; :meth:`show_slice` shows one).
    slice_chosen = Signal(object)
    #: A left click inside the plot area, at plot coordinates (x, y) (the step-through picks a point with it).
    point_clicked = Signal(float, float)

    def save_view(self, settings) -> None:
        settings.setValue("view/test_points", self.test_check.isChecked())
        settings.setValue("view/discretize", self.discretize_check.isChecked())

    def restore_view(self, settings) -> None:
        self.test_check.setChecked(read_bool(settings, "view/test_points", False))
        self.discretize_check.setChecked(read_bool(settings, "view/discretize", False))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: np.ndarray | None = None  # the last output drawn, (r, r) or (r, r, K)
        self.rgb: np.ndarray | None = None  # what the image shows, (r, r, 3) uint8
        self._kind = "binary"
        self._output_range = (0.0, 1.0)
        self._value_range = (0.0, 1.0)
        self._neuron: tuple | None = None  # (title, map (r, r), low, high) while hovering
        self._class_names: tuple[str, ...] = ()

        self.title = QLabel("<b>Decision boundary</b>")
        self.test_check = QCheckBox("test points")
        self.test_check.setToolTip("Show the test points (outlined in black)")
        self.discretize_check = QCheckBox("discretize")
        self.discretize_check.setToolTip("Show only the decided class, not the confidence")
        header = QHBoxLayout()
        header.setContentsMargins(4, 0, 4, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.test_check)
        header.addWidget(self.discretize_check)

        self.plot = plot_widget()  # its right-click menu is built on the first right-click
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "x1")
        item.setLabel("left", "x2")
        self.view = item.getViewBox()
        self.view.setAspectLocked(True)
        self.view.disableAutoRange()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        item.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("w", width=1.2))
        self.test_points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("k", width=1.2))
        item.addItem(self.train_points)
        item.addItem(self.test_points)
        self.test_points.setVisible(False)
        # One-input data (e.g. a sine): the prediction is a curve y = f(x) over the points.
        self.curve = pg.PlotDataItem(pen=pg.mkPen(colors.ACCENT, width=2))
        self.curve.setVisible(False)
        item.addItem(self.curve)
        self.one_input = False
        style_plot(self.plot)

        self.header = header  # the draw mode adds its toggle and tools here (ui/drawing)
        # A map and two axes; low enough that a 600 px window keeps room for the slice line under it.
        stack_header_over_plot(self, header, self.plot, min_size=(200, 150))
        self.scale = ColorScale()
        self.layout().addWidget(self.scale)
        # Data with more than two inputs: which two span the plane, where the others are held.
        self.slices = SliceControls()
        self.layout().insertWidget(self.layout().indexOf(self.plot) + 1, self.slices)
        self.slices.slice_chosen.connect(self.slice_chosen)
        self._update_scale()
        self.test_check.toggled.connect(self._on_test_toggled)
        self.discretize_check.toggled.connect(self._on_discretize_toggled)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_clicked)

    def _restyle(self) -> None:
        style_plot(self.plot)
        self.scale.update()

    # ------------------------------------------------------------ data
    def set_problem(self, kind: str, output_activation: str, value_range=(0.0, 1.0), class_names=()) -> None:
        """How to colour the output: ``binary``, ``multiclass`` or ``regression``.

        ``class_names`` label the scale's ends (two classes) or swatches (K classes).
        """
        self._kind = kind
        self._output_range = OUTPUT_RANGES.get(output_activation, (0.0, 1.0))
        self._value_range = tuple(float(v) for v in value_range)
        self._class_names = tuple(str(n) for n in class_names)
        if self._neuron is None:
            self.title.setText(self.output_title())
        self._update_scale()

    def output_title(self) -> str:
        """The map's title: "Prediction" (one input), "Output" (regression), else "Decision boundary"."""
        if self.one_input:
            return "<b>Prediction</b>"
        return "<b>Output</b>" if self._kind == "regression" else "<b>Decision boundary</b>"

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        # In a narrow column (a 900 x 600 window) the toggles leave no room for the title,
        # which showed clipped ("Dec"): hide it there; the colour scale below names the map.
        super().resizeEvent(event)
        self.title.setVisible(event.size().width() >= COMPACT_WIDTH)

    def _update_scale(self) -> None:
        """The scale for what the map shows now (a hovered neuron's range, or the network's output)."""
        scale = self.scale
        if self._neuron is not None and not self.one_input:
            _, _, low, high = self._neuron
            scale.set_gradient("neuron output", washed(colors.DIVERGING_RGB),
                               [(0.0, _number(low)), (0.5, _number((low + high) / 2)), (1.0, _number(high))])
        elif self._kind == "multiclass":
            names = self._class_names or tuple(str(k) for k in range(len(colors.CLASS_COLORS)))
            rgb = colors.class_rgb(np.arange(len(names)), len(names))
            scale.set_classes("class", [(name, washed(rgb[k])) for k, name in enumerate(names)])
        elif self._kind == "regression":
            lo, hi = self._value_range
            scale.set_gradient("value", washed(colormaps.sequential_lut()),
                               [(0.0, _number(lo)), (0.5, _number((lo + hi) / 2)), (1.0, _number(hi))])
        else:
            lo, hi = self._output_range
            names = self._class_names[:2] if len(self._class_names) >= 2 else ("0", "1")
            # "class 0" where the names are only numbers, else the names ("setosa").
            first, second = (name if not name.isdigit() else f"class {name}" for name in names)
            scale.set_gradient("output", washed(colors.DIVERGING_RGB),
                               [(0.0, f"{_number(lo)}: {first}"), (0.5, _number((lo + hi) / 2)),
                                (1.0, f"{_number(hi)}: {second}")])
        scale.setVisible(not self.one_input)  # one input: a curve over the points, no map to explain

    def set_bounds(self, bounds) -> None:
        """Place the image on ``((x_min, x_max), (y_min, y_max))`` and show that range."""
        (x0, x1), (y0, y1) = bounds
        self._rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        self.image.setRect(self._rect)
        self.view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.02)

    def set_axes(self, x_name: str, y_name: str) -> None:
        """Name the horizontal and vertical axes (input names, or "target / prediction")."""
        item = self.plot.getPlotItem()
        item.setLabel("bottom", x_name)
        item.setLabel("left", y_name)

    def show_slice(self, plane) -> None:
        """The slice line and chooser for ``plane`` (a PlaneSlice; shown only for > 2 inputs)."""
        self.slices.set_slice(plane)

    def slice_caption(self) -> str:
        """What the plane shows when the data has more than two inputs (else "")."""
        return self.slices.caption() if self.slices.plane is not None and self.slices.plane.width > 2 else ""

    def set_points(self, train_xy, train_values, test_xy, test_values) -> None:
        """Training and test points ``(n, 2)`` coloured by class index or value ``(n,)``.

        At most MAX_POINTS_SHOWN of each are drawn (:func:`thin`).
        """
        for item, xy, values in ((self.train_points, train_xy, train_values), (self.test_points, test_xy, test_values)):
            xy, values = thin(np.asarray(xy), np.asarray(values))
            item.setData(pos=xy, brush=self._brushes(values))

    def _brushes(self, values) -> list:
        values = np.asarray(values, dtype=float).reshape(-1)
        if self._kind == "regression":
            lo, hi = self._value_range
            rgb = colormaps.regression_rgb(values[:, None], lo, hi)[:, 0]
        else:
            rgb = colors.class_rgb(values, 2 if self._kind == "binary" else max(3, len(self._class_names)))
        return shared_brushes(rgb)

    def set_one_input(self, on: bool) -> None:
        """Data with a single input: draw f(x) as a curve instead of an image over the plane."""
        self.one_input = on
        self.curve.setVisible(on)
        self.image.setVisible(not on)
        self.view.setAspectLocked(not on)
        self.title.setText(self.output_title())
        self._update_scale()

    def set_curve(self, xs: np.ndarray, ys: np.ndarray) -> None:
        """The prediction ``ys`` ``(r,)`` at ``xs`` ``(r,)`` (one-input data)."""
        self.curve.setData(xs, ys)

    def set_output(self, values: np.ndarray) -> None:
        """The network output over the grid: ``(r, r)`` (one output) or ``(r, r, K)``."""
        self.values = values
        if self._neuron is None:
            self._draw(values)

    def show_neuron_map(self, title: str | None, values: np.ndarray | None = None,
                        low: float = -1.0, high: float = 1.0) -> None:
        """Show one neuron's map ``(r, r)`` large (None: back to the network output)."""
        if title is None or values is None:
            if self._neuron is not None:
                self._neuron = None
                self._update_scale()
            self.title.setText(self.output_title())
            if self.values is not None:
                self._draw(self.values)
            return
        changed = self._neuron is None or self._neuron[2:] != (low, high)
        self._neuron = (title, values, low, high)
        if self.one_input:
            return  # the plane of one input has no second axis to show a map on
        if changed:
            self._update_scale()
        self.title.setText(f"<b>{title}</b>")
        rgb = colormaps.two_class_rgb(values, low, high, discretize=self.discretize_check.isChecked())
        self._set_rgb(rgb)

    def _draw(self, values: np.ndarray) -> None:
        discretize = self.discretize_check.isChecked()
        if self._kind == "multiclass" and values.ndim == 3:
            rgb = colormaps.multiclass_rgb(values, discretize)
        elif self._kind == "regression":
            lo, hi = self._value_range
            rgb = colormaps.regression_rgb(values.reshape(values.shape[:2]), lo, hi, discretize)
        else:
            lo, hi = self._output_range
            rgb = colormaps.two_class_rgb(values.reshape(values.shape[:2]), lo, hi, discretize)
        self._set_rgb(rgb)

    def _set_rgb(self, rgb: np.ndarray) -> None:
        """Show the map ``rgb`` ``(r, r, 3) uint8``, washed 30 % toward white.

        The wash (as in TF Playground) keeps the class-coloured points visible
        where the network already agrees with them; it is the same in light and
        dark palettes, unlike an item opacity over the plot's background.
        """
        self.rgb = rgb
        rect = getattr(self, "_rect", None)
        shown = washed(rgb)
        self.image.setImage(shown, autoLevels=False, levels=(0, 255))
        if rect is not None:
            self.image.setRect(rect)

    # ------------------------------------------------------------ toggles
    def _on_test_toggled(self, on: bool) -> None:
        self.test_points.setVisible(on)
        self.options_changed.emit()

    def _on_discretize_toggled(self, on: bool) -> None:
        if self._neuron is not None:
            self.show_neuron_map(*self._neuron)
        elif self.values is not None:
            self._draw(self.values)
        self.options_changed.emit()

    # ------------------------------------------------------------ modes that work on the plot
    # Draw mode (ui/drawing) and the step-through's point picking (ui/stepthrough) use the
    # plot through these methods only: what the plot is made of stays its own business.
    def add_overlay(self, item, ignore_bounds: bool = False) -> None:
        """Draw the graphics ``item`` (drawn points, a marker) over the map, in plot coordinates."""
        self.plot.getPlotItem().addItem(item, ignoreBounds=ignore_bounds)

    def add_header_widget(self, widget: QWidget) -> None:
        """Put ``widget`` at the end of the header row (draw mode's toggle).

        A narrow window then clips the title rather than refuses to shrink for it.
        """
        self.header.addWidget(widget)
        self.title.setMinimumWidth(1)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, self.title.sizePolicy().verticalPolicy())

    def add_tool_row(self, widget: QWidget) -> None:
        """Put ``widget`` in a row of its own between the header and the plot (draw mode's tools)."""
        self.layout().insertWidget(1, widget)

    def install_mouse_filter(self, watcher) -> None:
        """Let ``watcher.eventFilter`` see the plot area's mouse events before the plot does."""
        self.plot.viewport().installEventFilter(watcher)

    def to_plot_coordinates(self, widget_pos) -> tuple[float, float]:
        """Plot coordinates ``(x, y)`` of a position (QPoint or QPointF) on the plot area."""
        scene = self.plot.mapToScene(widget_pos.toPoint() if isinstance(widget_pos, QPointF) else widget_pos)
        p = self.view.mapSceneToView(scene)
        return (p.x(), p.y())

    def pixel_size(self) -> tuple[float, float]:
        """Plot units per screen pixel along x and y (the axes may be scaled differently)."""
        size = self.view.viewPixelSize()
        return (size[0], size[1])

    def view_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The range shown: ``((x_min, x_max), (y_min, y_max))``."""
        (x0, x1), (y0, y1) = self.view.viewRange()
        return ((x0, x1), (y0, y1))

    def set_view_range(self, view_range) -> None:
        """Show exactly ``((x_min, x_max), (y_min, y_max))`` (no padding)."""
        (x0, x1), (y0, y1) = view_range
        self.view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def set_draw_mode(self, on: bool) -> None:
        """Drawing on the plot: the data points hide (the drawn ones are shown instead) and the
        mouse stops panning and zooming; off: the points (test points if ticked) and pan/zoom return."""
        self.train_points.setVisible(not on)
        self.test_points.setVisible(not on and self.test_check.isChecked())
        self.view.setMouseEnabled(not on, not on)

    def figure_widget(self) -> pg.PlotWidget:
        """The plot to export as a figure (File > Export > Figure…)."""
        return self.plot

    def _on_scene_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.view.sceneBoundingRect().contains(event.scenePos()):
            return
        p = self.view.mapSceneToView(event.scenePos())
        self.point_clicked.emit(p.x(), p.y())


def thin(xy: np.ndarray, values: np.ndarray, limit: int = None) -> tuple[np.ndarray, np.ndarray]:
    """At most ``limit`` (MAX_POINTS_SHOWN) of the points ``(n, 2)`` and values ``(n,)``, evenly spaced.

    The split shuffles each part, so an even stride is a random sample.
    """
    limit = MAX_POINTS_SHOWN if limit is None else limit
    if len(xy) <= limit:
        return xy, values
    keep = np.linspace(0, len(xy) - 1, limit).astype(np.int64)
    return xy[keep], values[keep]


def shared_brushes(rgb: np.ndarray) -> list:
    """One brush per point of ``rgb`` ``(n, 3) uint8``, the same QBrush object for the same colour.

    pyqtgraph renders a symbol image per distinct brush *object*: with a fresh brush
    per point, 100,000 CSV rows took seconds to show; shared, it is one per class.
    """
    rgb = np.asarray(rgb).astype(np.int64).reshape(-1, 3)
    codes, inverse = np.unique(rgb[:, 0] << 16 | rgb[:, 1] << 8 | rgb[:, 2], return_inverse=True)
    brushes = [pg.mkBrush(int(c) >> 16, int(c) >> 8 & 255, int(c) & 255) for c in codes]
    return [brushes[i] for i in inverse.ravel().tolist()]


def _demo() -> None:  # pragma: no cover - manual look
    app = pg.mkQApp()
    w = BoundaryPlot()
    r = np.linspace(-6, 6, 100)
    xx, yy = np.meshgrid(r, r)
    w.set_bounds(((-6, 6), (-6, 6)))
    w.set_output(1 / (1 + np.exp(-(xx * yy) / 4)))
    pts = np.random.default_rng(0).uniform(-6, 6, (200, 2))
    w.set_points(pts, (pts[:, 0] * pts[:, 1] > 0).astype(int), pts[:0], [])
    w.resize(400, 400)
    w.show()
    app.exec()


if __name__ == "__main__":  # pragma: no cover
    _demo()
