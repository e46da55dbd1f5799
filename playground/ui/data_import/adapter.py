"""The import dialog's one link to the window: File > Import CSV…, dropped files, applying the data.

Only this module touches the Session (through the window's undoable
``actions.set_data``, or :func:`apply_data_config`) and the window's open path
for experiments; the dialog itself changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QFileDialog

CSV_FILTER = "CSV files (*.csv *.tsv *.txt);;All files (*)"
#: Dropped files by suffix: what the window does with them.
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
EXPERIMENT_SUFFIXES = (".json",)


def apply_data_config(session, config) -> str | None:
    """Make ``config`` the session's data, as the data panel does; the reason when refused, else None.

    The session reports a refusal through ``error_occurred`` (and keeps its
    data); a session that raises instead is handled the same way.
    """
    refused: list[str] = []
    signal = getattr(session, "error_occurred", None)
    if signal is not None:
        signal.connect(refused.append)
    try:
        session.set_data_config(config)
    except ValueError as exc:
        refused.append(str(exc))
    finally:
        if signal is not None:
            signal.disconnect(refused.append)
    return refused[0] if refused else None


def ask_import(window, path=None) -> bool:
    """File > Import CSV…: pick a file (unless given), run the dialog, apply its result on OK.

    Returns
    -------
    bool
        Whether new data was applied.
    """
    from playground.ui.data_import.dialog import ImportDialog

    if path is None:
        start = getattr(getattr(window, "files", None), "last_dir", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(window, "Import CSV", start, CSV_FILTER)
        if not path:
            return False
    dialog = ImportDialog(path, base=window.session.experiment.data, parent=window)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.data_config is None:
            return False
        config = dialog.data_config
    finally:
        dialog.deleteLater()
    actions = getattr(window, "actions", None)
    if actions is not None:
        return actions.set_data(config)  # one undo step, like the data panel; a refusal is shown
    problem = apply_data_config(window.session, config)
    if problem is not None:
        window.banner.show_message(problem, "error")
        return False
    return True


def dropped_path(mime) -> Path | None:
    """The one local CSV or experiment file in a drag's mime data, else None."""
    if not mime.hasUrls():
        return None
    urls = [u for u in mime.urls() if u.isLocalFile()]
    if len(urls) != 1:
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in CSV_SUFFIXES + EXPERIMENT_SUFFIXES else None


def drag_entered(event) -> None:
    """Accept a drag that carries one CSV or experiment file."""
    if dropped_path(event.mimeData()) is not None:
        event.acceptProposedAction()
    else:
        event.ignore()


def dropped(window, event) -> None:
    """A CSV file opens the import dialog; an experiment file opens through File > Open's path."""
    path = dropped_path(event.mimeData())
    if path is None:
        event.ignore()
        return
    event.acceptProposedAction()
    # After the drop returns: a modal dialog inside the drop would hold the drag source waiting.
    if path.suffix.lower() in EXPERIMENT_SUFFIXES:
        # As File > Open: ask about unsaved work first, then open.
        QTimer.singleShot(0, lambda: window.files.confirm_discard("opening another experiment")
                          and window.files.open(path))
    else:
        QTimer.singleShot(0, lambda: ask_import(window, path))
