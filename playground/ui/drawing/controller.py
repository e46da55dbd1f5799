"""Draw mode on the boundary plot: the mouse strokes and the drawn points on top of the map.

While draw mode is on, the plot's own panning and context menu are off: a
left click adds a point of the chosen class (Point tool), a left drag sprays
points around the cursor (Spray) or erases (Eraser), and a right click or
drag always erases. A stroke changes only what is drawn here; when the mouse
is released the controller emits :attr:`DrawController.stroke_finished` with
the state before and after, and the draw adapter turns that into one undo step.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, Signal

from playground.ui.drawing import brush
from playground.ui.drawing.toolbar import DrawTools
from playground.ui.plots import colormaps
from playground.ui.style import colors
from playground.ui.style.changes import style_changes
from playground.ui.plots.boundary_plot import shared_brushes

#: Brush radius as a share of the visible x range.
BRUSH_SHARE = 0.04


class DrawController(QObject):
    """Mouse strokes on a BoundaryPlot and the overlay of drawn points.

    Parameters
    ----------
    boundary : BoundaryPlot
        Its header row gets the Draw toggle; the tools go in a row under it. Used
        through its methods only (``add_overlay``, ``set_draw_mode``, ...).
    seed : int
        Seed of the spray's jitter (the same strokes give the same points).

    Signals
    -------
    stroke_finished(str, object, object)
        A stroke ended: its description, the DrawState before and the one after
        (the latter's ``config`` not yet updated).
    mode_toggled(bool)
    """

    stroke_finished = Signal(str, object, object)
    mode_toggled = Signal(bool)

    def __init__(self, boundary, seed: int = 0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.boundary = boundary
        self.tools = DrawTools()
        self.rng = np.random.default_rng(seed)
        self.state: brush.DrawState | None = None
        self._stroke: tuple | None = None  # (state before, erasing) while the mouse is down
        self._view_range = None
        self.overlay = pg.ScatterPlotItem(size=7, pen=pg.mkPen("w", width=1.2))
        self.overlay.setZValue(5)
        self.overlay.setVisible(False)
        boundary.add_overlay(self.overlay)
        # The toggle sits in the header; the tools get a row of their own under it (shown
        # only while drawing), so the header, and the window's minimum width, barely grow.
        boundary.add_header_widget(self.tools.toggle)
        boundary.add_tool_row(self.tools)
        boundary.install_mouse_filter(self)
        self.tools.toggle.toggled.connect(self.set_active)
        style_changes.palette_changed.connect(self._on_palette_changed)

    @property
    def active(self) -> bool:
        return self.tools.toggle.isChecked()

    def set_active(self, on: bool) -> None:
        """Turn draw mode on or off (the toggle button does this)."""
        if self.tools.toggle.isChecked() != on:
            self.tools.toggle.setChecked(on)  # comes back here through toggled
            return
        self.tools.setVisible(on)
        self.overlay.setVisible(on)
        self.boundary.set_draw_mode(on)
        self._view_range = self.boundary.view_range() if on else None
        self.mode_toggled.emit(on)

    def set_state(self, state: brush.DrawState) -> None:
        """Show ``state``'s points and offer its classes."""
        self.state = state
        self.tools.set_classes(state.class_names, state.regression)
        self._draw()

    def _on_palette_changed(self) -> None:
        """New data colours (Edit > Preferences): the class swatches and the drawn points again."""
        if self.state is not None:
            self.set_state(self.state)

    def hold_view(self) -> None:
        """Keep the range the user drew in (new data would zoom to the points' extent)."""
        if self._view_range is not None:
            self.boundary.set_view_range(self._view_range)

    def brush_radius(self) -> float:
        (x0, x1), _ = self.boundary.view_range()
        return BRUSH_SHARE * (x1 - x0)

    # ------------------------------------------------------------ strokes
    def begin(self, xy, erase: bool = False) -> None:
        """Mouse down at plot coordinates ``xy``; ``erase`` for the right button."""
        if self.state is None:
            return
        erase = erase or self.tools.tool == "eraser"
        self._stroke = (self.state, erase)
        self._paint(xy, first=True)

    def extend(self, xy) -> None:
        """Mouse moved to ``xy`` with the button down."""
        if self._stroke is not None:
            self._paint(xy, first=False)

    def finish(self) -> None:
        """Mouse up: report the stroke if it changed anything."""
        if self._stroke is None:
            return
        before, erase = self._stroke
        self._stroke = None
        after = self.state
        change = after.n - before.n
        if change == 0 and (erase or after is before):
            return
        text = f"Erase {-change} point{'s' if change != -1 else ''}" if erase else \
            f"Draw {change} point{'s' if change != 1 else ''}"
        self.stroke_finished.emit(text, before, after)

    def _paint(self, xy, first: bool) -> None:
        before, erase = self._stroke
        r = self.brush_radius()
        if erase:
            self.state = brush.erase_points(self.state, xy, r)
        elif self.tools.tool == "point":
            if first:
                self.state = brush.add_points(self.state, np.asarray([xy], dtype=float), self.tools.label())
        else:
            self.state = brush.add_points(self.state, brush.spray(xy, r, brush.SPRAY_POINTS, self.rng),
                                          self.tools.label())
        self._draw()

    def _draw(self) -> None:
        s = self.state
        if s is None:
            return
        if s.regression:
            lo, hi = (float(s.labels.min()), float(s.labels.max())) if s.n else (0.0, 1.0)
            rgb = colormaps.regression_rgb(s.labels[:, None], lo, hi if hi > lo else lo + 1.0)[:, 0]
        else:
            n_classes = max(len(s.class_names), int(s.labels.max()) + 1 if s.n else 0)
            rgb = colors.class_rgb(s.labels, n_classes)
        self.overlay.setData(pos=s.points, brush=shared_brushes(rgb))

    # ------------------------------------------------------------ mouse
    def plot_point(self, widget_pos) -> tuple[float, float]:
        """Plot coordinates of a position on the plot's viewport."""
        return self.boundary.to_plot_coordinates(widget_pos)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if not self.active:
            return False
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            return True  # right-click erases in draw mode
        if kind == QEvent.Type.MouseButtonPress:
            if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
                self.begin(self.plot_point(event.position()), erase=event.button() == Qt.MouseButton.RightButton)
            return True
        if kind == QEvent.Type.MouseMove:
            if self._stroke is not None:
                self.extend(self.plot_point(event.position()))
                return True
            return False  # hover read-outs keep working
        if kind == QEvent.Type.MouseButtonRelease:
            self.finish()
            return True
        if kind == QEvent.Type.MouseButtonDblClick:
            return True
        return False
