"""A one-line banner for things the user must read (NaN loss, a crashed engine, refused input)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from playground.ui.plots.theme import PaletteRestyleMixin, is_dark
from playground.ui.style.colors import BANNER


def banner_colors(level: str, dark: bool) -> tuple[str, str, str]:
    """``(background, text, border)`` of a message of ``level`` (unknown levels: info)."""
    table = BANNER[bool(dark)]
    return table.get(level, table["info"])


class MessageBanner(PaletteRestyleMixin, QWidget):
    """Shows one message at a time with a close button; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.setAutoRaise(True)
        close.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 2, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.level = "info"
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def show_message(self, text: str, level: str = "error") -> None:
        self.level = level
        self._restyle()
        self.label.setText(text)
        self.show()

    def colors(self) -> tuple[str, str, str]:
        """``(background, text, border)`` the banner uses now."""
        # The parent's palette: our own is replaced by the style sheet.
        parent = self.parentWidget()
        return banner_colors(self.level, is_dark(parent) if parent is not None else is_dark())

    def _restyle(self) -> None:
        back, text, border = self.colors()
        # Children do not inherit a style sheet's colour: name the label and the button too.
        sheet = (f"MessageBanner {{ background: {back}; border: 1px solid {border}; }}"
                 f" MessageBanner QLabel, MessageBanner QToolButton {{ color: {text}; background: transparent; }}")
        if sheet != self.styleSheet():  # a new sheet repolishes: never loop on our own change
            self.setStyleSheet(sheet)

    def clear(self) -> None:
        self.label.clear()
        self.hide()
