"""The keyboard shortcuts, listed from the window's own actions so the list cannot drift."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)


def action_name(action: QAction) -> str:
    """An action's text as a menu shows it, without the ``&`` mnemonic marks or a trailing ``…``."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """``(what, keys)`` for every action that has a shortcut, sorted by name, one row per name.

    Parameters
    ----------
    actions : iterable of QAction
        Typically ``window.findChildren(QAction)``: menu, toolbar and window actions.

    Returns
    -------
    list of (str, str)
        The action's name and its shortcuts in the platform's native text, joined by ", ".
    """
    rows: dict[str, str] = {}
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        name = action_name(action)
        if keys and name and name not in rows:
            rows[name] = ", ".join(keys)
    return sorted(rows.items(), key=lambda row: row[0].lower())


class ShortcutsDialog(QDialog):
    """A table of the shortcuts of ``actions``.

    Parameters
    ----------
    actions : iterable of QAction
    parent : QWidget, optional
    """

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcuts_table")
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for r, (name, keys) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(name))
            self.table.setItem(r, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(460, 520)
