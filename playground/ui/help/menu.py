"""Builds the Help menu of a main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

if TYPE_CHECKING:  # the dialogs are imported when first opened, not at the app's start-up (issue 13)
    from playground.ui.help.about import AboutDialog
    from playground.ui.help.guide import GuideDialog
    from playground.ui.help.shortcuts import ShortcutsDialog


class HelpMenu:
    """The Help menu's actions and the dialogs they open (created on first use, then reused)."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.menu: QMenu = window.menuBar().addMenu("&Help")
        self.guide_action = self._add("&User guide", self.show_guide, QKeySequence.StandardKey.HelpContents)
        self.math_action = self._add("The &math", lambda: self.show_guide("math"))
        self.shortcuts_action = self._add("&Keyboard shortcuts", self.show_shortcuts)
        # The window's lessons are installed after its menus: looked up when chosen.
        self.lessons_action = self._add("&Lessons…", self.show_lessons)
        self.menu.addSeparator()
        self.about_action = self._add("&About Backprop Playground", self.show_about)
        self.guide: GuideDialog | None = None

    def _add(self, text: str, slot, shortcut=None) -> QAction:
        action = self.menu.addAction(text)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda *_: slot())
        return action

    def show_guide(self, anchor: str = "") -> GuideDialog:
        """Open (or raise) the user guide at ``anchor``."""
        if self.guide is None:
            from playground.ui.help.guide import GuideDialog

            self.guide = GuideDialog(self.window)
        self.guide.show_section(anchor)
        return self.guide

    def show_shortcuts(self) -> ShortcutsDialog:
        """A fresh table of the window's shortcuts (actions added since are included)."""
        from playground.ui.help.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self.window.findChildren(QAction), self.window)
        dialog.show()
        return dialog

    def show_lessons(self):
        """The lesson browser (``window.lessons``, see ``playground.ui.lessons.install``)."""
        return self.window.lessons.open_browser()

    def show_about(self) -> AboutDialog:
        """The About window with versions and license texts."""
        from playground.ui.help.about import AboutDialog

        dialog = AboutDialog(self.window)
        dialog.show()
        return dialog


def add_help_menu(window: QMainWindow) -> HelpMenu:
    """Append a Help menu to ``window``'s menu bar."""
    return HelpMenu(window)
