"""Plots follow the system palette (light or dark) instead of pyqtgraph's black default."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QTimer, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsItem, QLabel, QLayout, QVBoxLayout, QWidget

from playground.ui.style.contrast import GRAPHICS_RATIO, readable

NO_BREAK_SPACE, WORD_JOINER = "\u00a0", "\u2060"


def widget_palette(widget: QWidget | None = None) -> QPalette:
    """The palette ``widget`` has, or is about to get, from a palette change in progress.

    After ``QApplication.setPalette`` Qt hands the new palette to widgets one
    event at a time, in no fixed order, so while restyling one widget another's
    ``palette()`` may still be the old one. A widget that (with all its
    parents) has no palette of its own uses the application's, which is
    current at once; only an explicitly set palette is read from the widget.
    """
    if widget is None:
        return QApplication.palette()
    ancestor = widget
    while ancestor is not None:
        if ancestor.testAttribute(Qt.WidgetAttribute.WA_SetPalette):
            return widget.palette()
        ancestor = ancestor.parentWidget()
    return QApplication.palette(widget)


def palette_colors(widget: QWidget | None = None) -> tuple[QColor, QColor]:
    """``(background, foreground)`` of the widget's (or the application's) palette."""
    palette = widget_palette(widget)
    return palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)


def is_dark(widget: QWidget | None = None) -> bool:
    """True when the palette's background is dark."""
    return palette_colors(widget)[0].lightness() < 128


def readable_color(color, widget: QWidget | None = None, ratio: float = GRAPHICS_RATIO) -> QColor:
    """``color`` adjusted (lightness only) to reach ``ratio`` on the widget's Base and Window colours.

    A plot draws on Base and its header (where the keys are) sits on Window, so
    a colour must read on both.
    """
    palette = widget_palette(widget)
    backgrounds = [palette.color(role).name() for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window)]
    return QColor(readable(QColor(color).name(), backgrounds, ratio))


#: Room right of a plot for half of the bottom axis' last tick label.
RIGHT_ROOM_PX = 12


def style_plot(plot_widget: pg.PlotWidget) -> None:
    """Background, axis and label colours from the palette; call again on a palette change."""
    background, foreground = palette_colors(plot_widget)
    plot_widget.setBackground(background)
    item = plot_widget.getPlotItem()
    # The bottom axis centres its last tick label on the plot's right edge, where half
    # of it ("200", "10") was cut off: keep room for that half.
    left, top, _, bottom = item.getContentsMargins()
    item.setContentsMargins(left, top, RIGHT_ROOM_PX, bottom)
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(foreground))
        axis.setTextPen(pg.mkPen(foreground))
        # "loss (x0.001)" confuses more than it helps: plain numbers. Only once:
        # pyqtgraph's enableAutoSIPrefix(False) still computes a prefix for the
        # current range, so on a restyle with losses below 1 the ticks became "7·10²".
        if axis.autoSIPrefix:
            axis.enableAutoSIPrefix(False)
        # Axes change rarely (ranges follow in jumps) but would be repainted, text and
        # all, whenever a curve next to them moves; a pixmap cache blits them instead.
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    legend = item.legend
    if legend is not None:
        back = QColor(background)
        back.setAlpha(200)
        legend.setBrush(pg.mkBrush(back))
        legend.setPen(pg.mkPen(QColor(foreground).lighter(150) if is_dark(plot_widget) else QColor(200, 200, 200)))
        legend.setLabelTextColor(foreground)


class PaletteRestyleMixin:
    """Call ``self._restyle()`` when the widget's palette changes (light <-> dark, View > Theme).

    The one restyle mechanism of the UI: plots, the canvas and the panels with
    hand-picked colours all mix it in before ``QWidget`` and implement ``_restyle``.

    Qt hands a new palette to a parent first and to its children after the
    parent's ``PaletteChange``; a restyle that reads a child's palette (a plot
    widget's) would still see the old one, so it runs once the event loop is
    back, after the whole tree has the new palette. Several changes in a row
    give one restyle.
    """
    def _restyle(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API

        if event.type() == QEvent.Type.PaletteChange and not getattr(self, "_restyle_pending", False):
            self._restyle_pending = True
            QTimer.singleShot(0, self, self._run_restyle)  # with ``self`` as context: dropped if deleted
        super().changeEvent(event)

    def _run_restyle(self) -> None:
        self._restyle_pending = False
        self._restyle()


#: The name the plots were written against (kept: other modules import it).
PlotHeaderMixin = PaletteRestyleMixin


class DecadeAxis(pg.AxisItem):
    """An axis whose log scale labels only the decades once it spans more than one.

    pyqtgraph labels every 2..9 minor tick of a log axis; over two decades on a
    plot 150 px high they overlap into an unreadable column.
    """
    def logTickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph API
        strings = super().logTickStrings(values, scale, spacing)
        low, high = self.range
        vertical = self.orientation in ("left", "right")
        room = max(2, int(self.size().height() / (1.8 * self.fontMetrics().height()))) if vertical else 99
        if high - low > 1.0:
            # Past one decade: 1-2-5 labels if they fit, else the decades only.
            mantissas = [round(10 ** (v - np.floor(v + 1e-9)), 3) for v in values]
            for keep in ((1.0, 2.0, 5.0), (1.0,)):
                kept = [text if m in keep else "" for m, text in zip(mantissas, strings)]
                if sum(1 for t in kept if t) <= room:
                    break
            return kept
        if not vertical:
            return strings
        shown = [i for i, text in enumerate(strings) if text]
        step = max(1, -(-len(shown) // room))  # ceil: every step-th label fits
        keep = set(shown[::step])
        return [text if i in keep else "" for i, text in enumerate(strings)]

    def fontMetrics(self):  # noqa: N802 - Qt naming

        return QFontMetrics(self.style.get("tickFont") or self.font())


#: The smallest plot area (width, height in px) of an output-panel plot: room for the
#: axes' labels, below which the ticks would collide.
PLOT_MIN_SIZE = (0, 110)


def header_unit(text: str, color: str | None = None) -> str:
    """Plain ``text`` as one piece of a plot header's rich text, in ``color`` (a ``QColor.name()``) if given.

    Headers wrap in a narrow window (:func:`stack_header_over_plot`); a piece wraps
    as a whole ("━ train", "mean |δ|:"): its spaces become no-break spaces and a
    word joiner follows each "|", after which Unicode would allow a break. (Qt's
    rich text ignores ``white-space: nowrap`` on a span.)
    """
    unbroken = text.replace(" ", NO_BREAK_SPACE).replace("|", "|" + WORD_JOINER)
    return f"<span style='color:{color}'>{unbroken}</span>" if color else unbroken


def stack_header_over_plot(widget: QWidget, header: QLayout, plot: QWidget,
                           min_size: tuple[int, int] = PLOT_MIN_SIZE) -> None:
    """Lay out an output-panel plot: its header row (title, toggles) over the plot, edge to edge.

    The header's labels wrap: in a narrow window a title takes a second line
    instead of holding the whole output column (and so the canvas) wider.
    ``min_size`` is the plot area's minimum (each plot knows what its axes need).
    """
    plot.setMinimumSize(*min_size)
    for k in range(header.count()):
        label = header.itemAt(k).widget()
        if isinstance(label, QLabel):
            label.setWordWrap(True)
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addLayout(header)
    layout.addWidget(plot, 1)
