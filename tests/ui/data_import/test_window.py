"""Import in the window: File > Import CSV…, Cancel, OK, and dropped files."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog

from playground.assets import resource_path
from playground.ui.data_import.dialog import ImportDialog

IRIS = resource_path("datasets", "iris.csv")


def run_dialog(monkeypatch, qtbot, answer, seen):
    """Replace the dialog's exec: wait for the file to load, then answer like a user."""
    def exec_(dialog):
        seen.append(dialog)
        qtbot.waitUntil(lambda: dialog.job is None, timeout=20_000)
        if answer == "ok":
            dialog.accept()
            qtbot.waitUntil(lambda: dialog.data_config is not None, timeout=20_000)
            return QDialog.DialogCode.Accepted
        dialog.reject()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ImportDialog, "exec", exec_)


def test_file_menu_import_and_ok_applies_the_csv(window, qtbot, monkeypatch):
    seen = []
    run_dialog(monkeypatch, qtbot, "ok", seen)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(IRIS), ""))
    version = window.session.network_version
    window.import_csv_action.trigger()
    data = window.session.experiment.data
    assert seen and (data.source, data.target, data.path) == ("csv", "species", str(IRIS.resolve()))
    assert window.session.prepared.n_classes == 3 and window.session.layer_sizes()[0] == 4
    assert window.session.network_version > version


def test_cancel_changes_nothing(window, qtbot, monkeypatch):
    seen = []
    run_dialog(monkeypatch, qtbot, "cancel", seen)
    before = window.session.experiment
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(IRIS), ""))
    window.import_csv_action.trigger()
    assert seen and window.session.experiment is before


def drop(window, qtbot, path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    return enter.isAccepted(), event.isAccepted()


def test_dropping_a_csv_opens_the_import_dialog(window, qtbot, monkeypatch):
    seen = []
    run_dialog(monkeypatch, qtbot, "ok", seen)
    assert drop(window, qtbot, IRIS) == (True, True)
    qtbot.waitUntil(lambda: window.session.experiment.data.source == "csv", timeout=20_000)
    assert seen[0].path == IRIS


def test_dropping_an_experiment_opens_it(window, qtbot, monkeypatch, tmp_path):
    seen = []
    run_dialog(monkeypatch, qtbot, "ok", seen)
    from dataclasses import replace

    from playground.experiment import save_experiment

    experiment = window.session.experiment
    saved = replace(experiment, data=replace(experiment.data, generator="xor"))
    path = tmp_path / "xor.json"
    save_experiment(saved, path)
    assert drop(window, qtbot, path) == (True, True)
    qtbot.waitUntil(lambda: window.session.experiment.data.generator == "xor")
    assert window.files.path == path and not seen


def test_other_files_are_refused(window, qtbot, tmp_path):
    path = tmp_path / "picture.png"
    path.write_bytes(b"x")
    before = window.session.experiment
    assert drop(window, qtbot, path) == (False, False)
    assert window.session.experiment is before


def test_a_large_import_shows_a_sample_of_points_with_shared_brushes(window, qtbot, monkeypatch, tmp_path):
    import numpy as np

    from playground.ui.plots.boundary_plot import MAX_POINTS_SHOWN

    rng = np.random.default_rng(1)
    X = rng.normal(size=(60_000, 2))
    path = tmp_path / "many.csv"
    with open(path, "w") as f:
        f.write("u,v,label\n")
        np.savetxt(f, np.column_stack([X, X[:, 0] * X[:, 1] > 0]), fmt="%.5f,%.5f,%d")
    run_dialog(monkeypatch, qtbot, "ok", [])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.import_csv_action.trigger()
    assert len(window.session.prepared.X_train) == 30_000
    points = window.output.boundary.train_points
    assert len(points.data) == MAX_POINTS_SHOWN
    assert len({id(b) for b in points.data["brush"]}) == 2  # one brush per class, not per point


def test_dropping_an_experiment_on_unsaved_work_asks_first(window, qtbot, tmp_path):
    from dataclasses import replace

    from playground.experiment import save_experiment

    experiment = window.session.experiment
    path = tmp_path / "xor.json"
    save_experiment(replace(experiment, data=replace(experiment.data, generator="xor")), path)
    assert window.editor.add_neuron(0)            # unsaved work
    asked = []
    window.files.ask_unsaved = lambda: asked.append("cancel") or "cancel"
    assert drop(window, qtbot, path) == (True, True)
    qtbot.waitUntil(lambda: asked == ["cancel"])
    assert window.session.experiment.data.generator == "spiral"   # kept: the user cancelled
    window.files.ask_unsaved = lambda: "discard"                    # let the fixture close it
