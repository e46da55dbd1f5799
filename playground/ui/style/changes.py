"""What tells the widgets that a style preference changed while the app runs.

Edit > Preferences can switch the data colours (``colors.use_palettes``) and
the number precision (``numbers.set_precision``) live. The widgets that drew
with the old ones connect to :data:`style_changes` and redraw; a theme change
needs none of this (Qt sends every widget a ``PaletteChange``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class StyleChanges(QObject):
    """The one notifier: ``palette_changed()`` after new data colours, ``precision_changed(digits)``."""

    palette_changed = Signal()
    precision_changed = Signal(int)


#: Created at import (a plain QObject needs no QApplication); lives as long as the app.
style_changes = StyleChanges()
