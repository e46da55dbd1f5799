"""A one-line banner for things the user must read (NaN loss, a crashed engine, refused input)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

_STYLES = {
    "error": "background: #FDECEA; color: #8A1C12; border: 1px solid #F5C2BC;",
    "warning": "background: #FFF4E5; color: #7A4A00; border: 1px solid #F9D9A8;",
    "info": "background: #E8F1FB; color: #0B3C6B; border: 1px solid #BBD4F0;",
}


class MessageBanner(QWidget):
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
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def show_message(self, text: str, level: str = "error") -> None:
        self.setStyleSheet(f"MessageBanner {{ {_STYLES.get(level, _STYLES['info'])} }}")
        self.label.setText(text)
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.hide()
