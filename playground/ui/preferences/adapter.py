"""Edit > Preferences in the window: apply the stored preferences at start, open the dialog, apply its choices.

What each preference reaches, and how:

- theme: ``themes.apply_theme`` (Qt sends every widget a ``PaletteChange``);
  View > Theme shows the same choice;
- class palette and diverging map: ``colors.use_palettes``; the widgets that
  drew with the old colours redraw on ``style_changes.palette_changed``;
- precision: ``numbers.set_precision``; open views re-print on
  ``style_changes.precision_changed``, the others format with it when they next draw;
- resolution: ``LiveView.set_resolution``; View > Boundary resolution shows it;
- default speed: set once the window is whole (after its layout restored the last speed);
  the resolution is checked then too (the layout restores it, but only once a layout was saved).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from playground.ui.preferences import model
from playground.ui.preferences.dialog import PreferencesDialog
from playground.ui.style import colors, numbers, themes


class PreferencesController(QObject):
    """Owns Edit > Preferences… of ``window`` and applies what is chosen.

    Parameters
    ----------
    window : MainWindow
        Gives ``settings``, ``live``, ``bar``, ``theme_group`` and ``resolution_group``.
    menu : QMenu
        Where the action goes (the Edit menu; on macOS Qt moves it to the app menu).
    """

    def __init__(self, window, menu) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: PreferencesDialog | None = None
        stored = model.load(window.settings)
        # The data colours and digits before the plots first draw; theme and resolution
        # are restored by View > Theme and the live view from the same keys.
        colors.use_palettes(stored.class_palette, stored.diverging_map)
        numbers.set_precision(stored.precision)
        self.action = QAction("&Preferences…", window)
        self.action.setMenuRole(QAction.MenuRole.PreferencesRole)
        # Ctrl+, where the platform has no Preferences shortcut of its own (Linux, Windows).
        shortcut = QKeySequence(QKeySequence.StandardKey.Preferences)
        self.action.setShortcut(shortcut if not shortcut.isEmpty() else QKeySequence("Ctrl+,"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setToolTip("Theme, colours, number precision, boundary resolution and default speed")
        self.action.triggered.connect(self.open_dialog)
        menu.addSeparator()
        menu.addAction(self.action)
        window.addAction(self.action)
        window.when_ready(self._on_window_ready)

    def current(self) -> model.Preferences:
        """The preferences in use: the stored ones, with the theme and resolution as they are now."""
        stored = model.load(self.window.settings)
        return replace(stored, theme=themes.current_theme(), resolution=self.window.live.resolution)

    def open_dialog(self) -> PreferencesDialog:
        """Show the dialog (window-modal; one at a time) and return it."""
        if self.dialog is None:
            self.dialog = PreferencesDialog(self.current(), self.window)
            self.dialog.applied.connect(self.apply)
            self.dialog.finished.connect(self._on_dialog_finished)
            self.dialog.open()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _on_dialog_finished(self, result: int) -> None:
        self.dialog.deleteLater()
        self.dialog = None

    def apply(self, preferences: model.Preferences) -> None:
        """Store ``preferences`` and make them count now (the default speed: from the next window)."""
        window = self.window
        model.save(preferences, window.settings)
        if preferences.theme != themes.current_theme():
            themes.apply_theme(preferences.theme)
        for action in window.theme_group.actions():
            action.setChecked(action.data() == preferences.theme)
        colors.use_palettes(preferences.class_palette, preferences.diverging_map)
        numbers.set_precision(preferences.precision)
        self._use_resolution(preferences.resolution)

    def _use_resolution(self, resolution: int) -> None:
        if resolution != self.window.live.resolution:
            self.window.live.set_resolution(resolution)
        for action in self.window.resolution_group.actions():
            action.setChecked(action.data() == resolution)

    def _on_window_ready(self) -> None:
        """A chosen default speed replaces the last one used, which the layout restored."""
        stored = model.load(self.window.settings)
        if stored.default_speed != model.LAST_USED:
            self.window.bar.set_speed_text(stored.default_speed)
        self._use_resolution(stored.resolution)


def install(window, menu) -> PreferencesController:
    """Add Edit > Preferences… to ``window`` and apply the stored data colours and precision."""
    return PreferencesController(window, menu)
