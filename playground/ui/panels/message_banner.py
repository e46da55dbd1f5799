"""A one-line banner for things the user must read (NaN loss, a crashed engine, refused input).

A message may name its ``cause`` (e.g. ``"engine"``, ``"nan"``): whoever knows
the cause is gone calls :meth:`MessageBanner.clear_cause`, which hides the
banner only if it still shows that cause's message. It may also carry one
remedy, shown as a button (``action=("Restart engine", callback)``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

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
        self.action_button = QPushButton()
        self.action_button.setToolTip("Do what the message suggests (e.g. restart the engine)")
        self.action_button.hide()
        self.action_button.clicked.connect(self._on_action_clicked)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.setAutoRaise(True)
        close.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 2, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(close)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.level = "info"
        self.cause: str | None = None
        self._action = None
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def show_message(self, text: str, level: str = "error", cause: str | None = None, action=None) -> None:
        """Show ``text``, replacing any message; ``action`` is ``(label, callback[, tooltip])`` or None."""
        self.level = level
        self.cause = cause
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        if action:
            self.action_button.setToolTip(action[2] if len(action) > 2 else action[0])
        self.action_button.setVisible(bool(action))
        self._restyle()
        self.label.setText(text)
        self.show()

    def clear_cause(self, cause: str) -> None:
        """The cause of a message is gone: hide it if it is still the one shown."""
        if self.isVisible() and self.cause == cause:
            self.clear()

    def _on_action_clicked(self) -> None:
        callback = self._action
        self.clear()  # the remedy is under way; its outcome brings its own message
        if callback is not None:
            callback()

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
        self.cause = None
        self._action = None
        self.action_button.hide()
        self.hide()
