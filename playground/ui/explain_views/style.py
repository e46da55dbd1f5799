"""Colours of the teaching views' status lines, readable on the light and the dark palette."""

from __future__ import annotations

from PySide6.QtGui import QPalette

from playground.ui.style.contrast import TEXT_RATIO, readable
from playground.ui.plots.theme import widget_palette
from playground.ui.style import colors

#: Base colour per kind of status line; nudged (lightness only) to a 4.5:1 contrast.
STATUS_COLORS = {"pass": colors.MET, "fail": colors.FAILED, "note": None}


def status_color(widget, kind: str) -> str | None:
    """``"#rrggbb"`` for a status line of ``kind`` on ``widget``'s window colour (None: the palette's text)."""
    base = STATUS_COLORS.get(kind)
    if base is None:
        return None
    window = widget_palette(widget).color(QPalette.ColorRole.Window).name()
    return readable(base, [window], TEXT_RATIO)


def set_status(label, text: str, kind: str = "note") -> None:
    """Show ``text`` in ``label`` in the colour of ``kind`` (``pass``, ``fail`` or ``note``)."""
    color = status_color(label, kind)
    label.setStyleSheet(f"color: {color};" if color else "")
    label.setProperty("status_kind", kind)
    label.setText(text)
