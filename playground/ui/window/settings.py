"""Saving and restoring the window's size, docks and view options (QSettings).

The window keeps its geometry and dock layout; every part of it with view
settings (``MainWindow.view_parts()``) saves and restores its own through
``save_view(settings)`` / ``restore_view(settings)``, under keys it owns.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

VERSION = 1


def make_settings(path: str | None = None) -> QSettings:
    """The app's settings: the user's (organization/app) or an INI file at ``path`` (tests)."""
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("Backprop Playground", "Backprop Playground")


def save(settings: QSettings, window) -> None:
    """Store the window's geometry and dock layout; every part of it stores its own view."""
    settings.setValue("version", VERSION)
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState(VERSION))
    for part in window.view_parts():
        part.save_view(settings)
    settings.sync()


def restore(settings: QSettings, window) -> None:
    """Apply stored values; anything missing or unreadable keeps its default."""
    if settings.value("version") is None:
        return
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state, VERSION)
    for part in window.view_parts():
        part.restore_view(settings)


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    """A stored flag; INI files give "true"/"false" strings back."""
    value = settings.value(key)
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


def save_splitter(settings: QSettings, splitter) -> None:
    settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())


def restore_splitter(settings: QSettings, splitter) -> None:
    value = settings.value(f"splitters/{splitter.objectName()}")
    if isinstance(value, QByteArray):
        splitter.restoreState(value)


def restore_geometry(settings: QSettings, window) -> None:
    """Only the stored size and place (before the window's parts exist; :func:`restore` does the rest)."""
    geometry = settings.value("window/geometry") if settings.value("version") is not None else None
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
