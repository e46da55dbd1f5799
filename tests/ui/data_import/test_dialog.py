"""The CSV import dialog driven like a user: detection, choices, errors, progress, Cancel and OK."""

from __future__ import annotations

import gc
import time

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer

from playground.assets import resource_path
from playground.ui.data_import.dialog import ImportDialog

IRIS = resource_path("datasets", "iris.csv")


@pytest.fixture
def open_dialog(qtbot):
    dialogs = []

    def make(path, wait=True, **kw):
        dialog = ImportDialog(path, **kw)
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        if wait:
            qtbot.waitUntil(lambda: dialog.job is None, timeout=20_000)
        return dialog

    yield make
    for d in dialogs:
        d.reject()
        if d.job is not None:
            d.job.thread.join(20)


def test_detects_iris_separator_header_and_types(open_dialog):
    d = open_dialog(IRIS)
    assert d.separator_combo.currentData() == "," and d.header_check.isChecked()
    assert [d.type_combo(j).currentText() for j in range(5)] == ["number"] * 4 + ["text"]
    assert d.target_combo.currentText() == "species"
    assert d.preview_model.rowCount() == 50 and d.preview_model.columnCount() == 5
    assert d.preview_model.item(0, 4).text() == "setosa"
    assert "3 classes" in d.kind_label.text() and d.ok_button.isEnabled()
    assert not d.error_label.isVisible() and not d.progress.isVisible()


def test_detects_a_semicolon_file_without_header(open_dialog, qtbot, tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("".join(f"{i * 0.5};{i % 3};{(i + 1) % 2}\n" for i in range(30)))
    d = open_dialog(path)
    assert d.separator_combo.currentData() == ";" and not d.header_check.isChecked()
    assert d.scan.names == ("x1", "x2", "x3")
    assert "2 classes" in d.kind_label.text()
    d.header_check.setChecked(True)  # a change of header reads the file again
    assert d.job is not None and d.scan is None
    qtbot.waitUntil(lambda: d.job is None, timeout=10_000)
    assert d.scan.header and d.scan.names == ("0.0", "0", "1") and d.scan.n_rows == 29
    assert "the first row as a header" in d.summary_label.text()  # the loader would not: a copy


def test_changing_the_target_changes_the_problem(open_dialog):
    d = open_dialog(IRIS)
    d.target_combo.setCurrentIndex(0)  # sepal_length: numbers
    assert "regression" in d.kind_label.text()
    assert d.feature_item(0).checkState() == Qt.CheckState.Unchecked
    d.problem_combo.setCurrentIndex(d.problem_combo.findData("classification"))
    assert "not an integer" in d.error_label.text() and not d.ok_button.isEnabled()
    d.problem_combo.setCurrentIndex(d.problem_combo.findData("auto"))
    d.target_combo.setCurrentIndex(4)
    assert "classification" in d.kind_label.text() and d.ok_button.isEnabled()


def test_a_bad_file_shows_the_loaders_error_and_ok_is_disabled(open_dialog, tmp_path):
    from playground.data import CSVError
    from playground.data.csv_data import load_csv

    path = tmp_path / "bad.csv"
    path.write_text("a,b,label\n1,2,x\n3,4,y\n5,oops,x\n")
    d = open_dialog(path)
    with pytest.raises(CSVError) as loader:
        load_csv(path)
    assert d.error_label.text() == str(loader.value)
    assert "line 4, column 2 ('b')" in d.error_label.text()
    assert not d.ok_button.isEnabled()
    # Typing the column as text takes it out of the features: the rest imports.
    d.type_combo(1).setCurrentText("text")
    assert d.ok_button.isEnabled() and d.feature_item(1).checkState() == Qt.CheckState.Unchecked


def test_a_ragged_file_names_its_line(open_dialog, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,c\n1,2,3\n4,5\n")
    d = open_dialog(path)
    assert "line 3" in d.error_label.text() and not d.ok_button.isEnabled()


def test_dropped_rows_are_explained(open_dialog, tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("a,b,t\n1,2,0\n,3,1\n4,5,0\n6,7,1\n8,9,0\n")
    d = open_dialog(path)
    text = d.summary_label.text()
    assert "Dropped: 1 rows" in text and "line 3, empty" in text and "gaps-imported.csv" in text


def test_ok_returns_the_data_config(open_dialog, qtbot):
    d = open_dialog(IRIS)
    d.train_spin.setValue(60)
    d.normalize_check.setChecked(False)
    d.accept()
    qtbot.waitUntil(lambda: d.data_config is not None, timeout=10_000)
    c = d.data_config
    assert (c.source, c.target, c.columns, c.train_fraction, c.normalize) == ("csv", "species", None, 0.6, False)
    assert c.path == str(IRIS.resolve())


def big_file(tmp_path, rows=200_000):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(rows, 2))
    path = tmp_path / "big.csv"
    with open(path, "w") as f:
        f.write("u,v,label\n")
        np.savetxt(f, np.column_stack([X, X[:, 0] > 0]), fmt="%.6f,%.6f,%d")
    return path


def test_a_large_file_loads_with_progress_while_the_event_loop_turns(open_dialog, qtbot, tmp_path, monkeypatch):
    from playground.ui.data_import import table_scan

    monkeypatch.setattr(table_scan, "CHUNK_BYTES", 1 << 16)
    # Windows of earlier tests waiting for deletion would be torn down in this test's event
    # loop turns (~0.3 s of the GUI thread after the main-window tests): delete them first.
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    path = big_file(tmp_path)
    d = open_dialog(path, wait=False)
    values = []
    d.progress.valueChanged.connect(values.append)
    # A timer counts the GUI thread's turns while the load runs: a load done in the GUI
    # thread would give none (no rate is asserted: the machine may be busy).
    turns_while_loading = []
    timer = QTimer()
    timer.timeout.connect(lambda: turns_while_loading.append(time.perf_counter()) if d.job is not None else None)
    t0 = time.perf_counter()
    timer.start(1)
    qtbot.waitUntil(lambda: d.job is None, timeout=30_000)
    timer.stop()
    assert d.scan.n_rows == 200_000 and d.ok_button.isEnabled()
    assert len([v for v in values if 0 < v < 1000]) >= 3  # progress in between, not just the end
    assert len(turns_while_loading) >= 3, ([round(t - t0, 3) for t in turns_while_loading], time.perf_counter() - t0, values)


def slow_columns(monkeypatch):
    """Each column takes 0.3 s more to convert, so a test can stop the scan before it ends."""
    from playground.ui.data_import import table_scan

    convert = table_scan._column
    monkeypatch.setattr(table_scan, "_column", lambda *a: time.sleep(0.3) or convert(*a))


def test_a_large_load_can_be_stopped(open_dialog, qtbot, tmp_path, monkeypatch):
    slow_columns(monkeypatch)
    path = big_file(tmp_path)
    d = open_dialog(path, wait=False)
    job = d.job
    qtbot.waitUntil(lambda: d.progress.value() > 0, timeout=10_000)
    d.stop_button.click()
    assert d.job is None and d.scan is None and not d.ok_button.isEnabled()
    job.thread.join(10)
    assert not job.thread.is_alive()
    assert "Stopped" in d.summary_label.text()


def test_cancel_during_a_load_stops_the_thread_and_returns_nothing(open_dialog, qtbot, tmp_path, monkeypatch):
    slow_columns(monkeypatch)
    path = big_file(tmp_path)
    d = open_dialog(path, wait=False)
    job = d.job
    qtbot.waitUntil(lambda: d.progress.value() > 0, timeout=10_000)
    d.reject()
    assert job.cancelled and d.result() == 0 and d.data_config is None
    job.thread.join(10)
    assert not job.thread.is_alive()


def test_the_first_rows_show_before_the_whole_file_is_read(open_dialog, tmp_path):
    d = open_dialog(big_file(tmp_path), wait=False)
    assert d.job is not None  # still reading
    assert d.preview_model.rowCount() == 50 and d.preview_model.horizontalHeaderItem(2).text() == "label"
    assert d.preview_model.verticalHeaderItem(0).text() == "2"  # numbered by file line
