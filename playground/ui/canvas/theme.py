"""The canvas's non-data colours, derived from the palette (light or dark).

Data colours (orange < 0 < blue for weights, biases, deltas and maps) never
change: they carry meaning. Everything around them (background, column bands,
text, outlines, the grey of a zero delta) follows the palette's Base and Text
colours, so the canvas matches the rest of the window in any theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from playground.ui.style import colors
from playground.ui.style.contrast import mix


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` toward ``b``."""
    return QColor(*mix(a.getRgb()[:3], b.getRgb()[:3], t))


@dataclass(frozen=True)
class CanvasTheme:
    """Colours of everything on the canvas that is not data."""

    dark: bool
    background: QColor     # the scene; faded edges are mixed toward it
    band: QColor           # a hidden column's band
    band_io: QColor        # the input and output columns' bands
    title: QColor          # column titles, enabled buttons, the selection outline
    subtitle: QColor       # "8 · tanh", bias marker outlines
    label: QColor          # a feature's or a class's name
    label_off: QColor      # a switched-off feature's name, disabled buttons
    node_off: QColor       # fill of a switched-off input
    node_off_border: QColor
    neutral: QColor        # a neuron's ring at zero (or no) delta
    button: QColor         # fill of the + / - buttons

    @classmethod
    def from_palette(cls, palette: QPalette | None = None) -> "CanvasTheme":
        """The theme for ``palette`` (default: the application's)."""
        palette = palette if palette is not None else QApplication.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = base.lightness() < 128
        # On a dark canvas the bands and the zero-delta ring need a bigger step
        # away from the background to be seen at all (and the light LUT grey
        # would turn every ring into a bright frame).
        return cls(
            dark=dark,
            background=QColor(base),
            band=_blend(base, text, 0.09 if dark else 0.05),
            band_io=_blend(base, text, 0.06 if dark else 0.03),
            title=QColor(text),
            subtitle=_blend(text, base, 0.3),
            label=_blend(text, base, 0.15),
            label_off=_blend(text, base, 0.55),
            node_off=_blend(base, text, 0.06 if dark else 0.04),
            node_off_border=_blend(base, text, 0.35 if dark else 0.22),
            neutral=_blend(base, text, 0.28) if dark else QColor(colors.NEUTRAL),
            button=_blend(base, text, 0.12) if dark else QColor(base),
        )


def theme_of(item) -> CanvasTheme:
    """The theme of the item's scene (one for the application palette outside a canvas scene)."""
    theme = getattr(item.scene(), "theme", None)
    return theme if theme is not None else CanvasTheme.from_palette()
