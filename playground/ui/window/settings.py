"""Saving and restoring the window's size, splitters, docks and view options (QSettings)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

VERSION = 1


def make_settings(path: str | None = None) -> QSettings:
    """The app's settings: the user's (organization/app) or an INI file at ``path`` (tests)."""
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("Backprop Playground", "Backprop Playground")


def save(settings: QSettings, window) -> None:
    """Store the window's geometry, layout and view options."""
    settings.setValue("version", VERSION)
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState(VERSION))
    for splitter in window.splitters():
        settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
    output = window.output
    settings.setValue("view/speed", window.bar.speed.currentText())
    settings.setValue("view/loss_log", output.loss.log_check.isChecked())
    settings.setValue("view/deltas_log", output.deltas.log_check.isChecked())
    settings.setValue("view/test_points", output.boundary.test_check.isChecked())
    settings.setValue("view/discretize", output.boundary.discretize_check.isChecked())
    settings.setValue("view/resolution", window.live.resolution)
    settings.setValue("files/last_dir", window.files.last_dir)
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
    for splitter in window.splitters():
        value = settings.value(f"splitters/{splitter.objectName()}")
        if isinstance(value, QByteArray):
            splitter.restoreState(value)
    output = window.output
    window.bar.set_speed_text(str(settings.value("view/speed", "max speed")))
    output.loss.log_check.setChecked(_bool(settings.value("view/loss_log"), True))
    output.deltas.log_check.setChecked(_bool(settings.value("view/deltas_log"), True))
    output.boundary.test_check.setChecked(_bool(settings.value("view/test_points"), False))
    output.boundary.discretize_check.setChecked(_bool(settings.value("view/discretize"), False))
    try:
        resolution = int(settings.value("view/resolution", window.live.resolution))
    except (TypeError, ValueError):
        resolution = window.live.resolution
    for action in window.resolution_group.actions():
        if action.data() == resolution and not action.isChecked():
            action.trigger()
    last_dir = settings.value("files/last_dir")
    if isinstance(last_dir, str) and last_dir:
        window.files.last_dir = last_dir


def _bool(value, default: bool) -> bool:
    """QSettings INI files give "true"/"false" strings back."""
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)
