"""File > Open Recent, Examples ▸ and Revert (the export entries live in ``export_menu.py``).

The recent list is the last :data:`MAX_RECENT` experiment files opened or saved,
newest first, kept in the window's QSettings under :data:`RECENT_KEY`. A file
that has gone missing since is dropped from the list when chosen, with a
message. Examples open as untitled copies, so Ctrl+S never overwrites the
shipped file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from playground.assets import list_resources
from playground.experiment import load_experiment

MAX_RECENT = 8
RECENT_KEY = "files/recent"


def read_recent(settings) -> list[str]:
    """The stored recent paths, newest first (QSettings returns a str for a one-item list)."""
    value = settings.value(RECENT_KEY)
    if isinstance(value, str):
        value = [value] if value else []
    return [str(p) for p in (value or []) if p][:MAX_RECENT]


def example_title(path: Path) -> str:
    """``circle_features.json`` -> ``Circle features``."""
    return path.stem.replace("_", " ").capitalize()


class FileMenus:
    """Adds Open Recent, Examples and Revert to the window's File menu.

    Parameters
    ----------
    window : MainWindow
        Provides ``files`` (ExperimentFiles), ``settings`` and ``show_message``.
    file_menu : QMenu

    Attributes
    ----------
    ask_revert : callable () -> bool
        Whether to drop unsaved changes for the file on disk (a dialog; tests replace it).
    """

    def __init__(self, window, file_menu: QMenu) -> None:
        self.window = window
        self.files = window.files
        self.settings = window.settings
        self.ask_revert: Callable[[], bool] = self._ask_revert_dialog

        # Right after Open… (before the window's Import CSV… / Save entries when present).
        anchor = getattr(window, "import_csv_action", None)
        self.recent_menu = QMenu("Open &Recent", window)
        file_menu.insertMenu(anchor, self.recent_menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()  # also when never shown: tests and the shortcut list read it
        self.examples_menu = QMenu("E&xamples", window)
        file_menu.insertMenu(anchor, self.examples_menu)
        for path in list_resources("examples", ".json"):
            action = self.examples_menu.addAction(example_title(path))
            action.setData(str(path))
            action.triggered.connect(lambda *_, p=path: self.open_example(p))
        self.revert_action = QAction("Re&vert", window)
        self.revert_action.setStatusTip("Reload the experiment from its file, dropping unsaved changes")
        self.revert_action.triggered.connect(lambda *_: self.revert())
        file_menu.addAction(self.revert_action)
        # The title changes whenever the file does (a path, or untitled after New / an example).
        window.windowTitleChanged.connect(lambda *_: self._update_revert())
        self._update_revert()
        self.files.on_saved = self.remember

    # ------------------------------------------------------------ recent files
    def recent(self) -> list[str]:
        return read_recent(self.settings)

    def remember(self, path) -> None:
        """Put ``path`` first in the recent list (called after every successful open and save)."""
        path = str(Path(path).resolve())
        paths = [path] + [p for p in self.recent() if p != path]
        self._store(paths[:MAX_RECENT])
        self._update_revert()

    def clear_recent(self) -> None:
        self._store([])

    def _store(self, paths: list[str]) -> None:
        self.settings.setValue(RECENT_KEY, paths)
        self._fill_recent()

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = self.recent()
        for i, path in enumerate(paths, start=1):
            action = menu.addAction(f"&{i} {Path(path).name}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setData(path)
            action.triggered.connect(lambda *_, p=path: self.open_recent(p))
        if not paths:
            menu.addAction("(none)").setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("&Clear")
        clear.setEnabled(bool(paths))
        clear.triggered.connect(lambda *_: self.clear_recent())

    def open_recent(self, path: str) -> bool:
        """Open a recent file; a file that is gone leaves the list with a message."""
        if not Path(path).is_file():
            self._store([p for p in self.recent() if p != path])
            self.window.show_message(f"{path} no longer exists; it was removed from Open Recent.")
            return False
        if not self.files.confirm_discard("opening another experiment"):
            return False
        return self.files.open(path)

    # ------------------------------------------------------------ examples
    def open_example(self, path: Path) -> bool:
        """Load a shipped example as an untitled copy (Save asks where)."""
        if not self.files.confirm_discard("opening an example"):
            return False
        try:
            experiment = load_experiment(path)
        except (OSError, ValueError) as exc:  # pragma: no cover - the shipped examples are tested to load
            self.window.show_message(f"Could not open the example {path.name}: {exc}")
            return False
        problem = self.files.load(experiment, base_dir=path.parent)  # its CSV paths are relative to it
        if problem is not None:
            self.window.show_message(f"Could not open the example {path.name}: {problem}")
            return False
        self.files.path = None
        self.files._mark_clean()
        return True

    # ------------------------------------------------------------ revert
    def _update_revert(self) -> None:
        self.revert_action.setEnabled(self.files.path is not None)

    def revert(self) -> bool:
        """Reload the experiment from its file, after asking when there are unsaved changes."""
        path = self.files.path
        if path is None:
            return False
        if self.files.dirty and not self.ask_revert():
            return False
        if not path.is_file():
            self.window.show_message(f"Cannot revert: {path} no longer exists.")
            return False
        return self.files.open(path)

    def _ask_revert_dialog(self) -> bool:
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.window, "Revert", f"Drop the unsaved changes and reload {self.files.path.name} from disk?",
            buttons.Yes | buttons.Cancel, buttons.Cancel)
        return answer == buttons.Yes
