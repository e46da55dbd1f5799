"""The app's few style-sheet rules, set on the widgets they are for, never on the whole app.

A style sheet on the QApplication makes Qt draw *every* widget through its
style-sheet style. Measured on the dev machine, that cost 100-150 ms of the
first frame (building and polishing the window), for rules that only touch
group boxes (bold titles, room above them) and the training toolbar's spacing.
So the rules (``resources/styles/app.qss``) go on the parts that have those
widgets: the left column, the training bar and the CSV import dialog.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtWidgets import QWidget

from playground.assets import resource_path


@lru_cache(maxsize=1)
def panel_sheet() -> str:
    """The rules for group boxes and the training bar ("" if the file is missing: the default look)."""
    try:
        return resource_path("styles", "app.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


def apply_panel_style(widget: QWidget) -> None:
    """Give ``widget`` and its children the panel rules (bold group-box titles, toolbar spacing)."""
    sheet = panel_sheet()
    if sheet and widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)
