"""File > Export ▸: every entry writes a valid file from the live state (dialogs patched)."""

from __future__ import annotations

import ast
import csv
import runpy

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFileDialog

from playground.ui.files.export_menu import SVG_WIDGETS, FigureChoice, FigureDialog
from tests.ui.conftest import wait_snapshot


def answer_save(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


@pytest.fixture
def trained(make_window, qtbot):
    """A window after two epochs: the live weights differ from the seeded start."""
    window = make_window()
    window.bar.step_epoch_action.trigger()
    window.bar.step_epoch_action.trigger()
    wait_snapshot(qtbot, window.session, lambda s: s.epoch >= 2)
    qtbot.waitUntil(lambda: len(window.output.loss.history) >= 2)
    return window


def test_scripts_carry_the_live_weights(trained, tmp_path, monkeypatch):
    window = trained
    live_weights, live_biases = window.session.parameters()
    for kind in ("numpy", "pytorch"):
        path = tmp_path / f"net_{kind}.py"
        answer_save(monkeypatch, path)
        window.export_menu.actions[kind].trigger()
        ast.parse(path.read_text())
        if kind == "numpy":  # numpy only: nothing runs outside __main__, so reading its constants is safe
            names = runpy.run_path(str(path), run_name="not_main")
            for w, live in zip(names["WEIGHTS"], live_weights):
                np.testing.assert_array_equal(np.asarray(w), live)
            for b, live in zip(names["BIASES"], live_biases):
                np.testing.assert_array_equal(np.asarray(b), live)
    assert "Exported" in window.banner.text


def test_data_loss_and_weights_files(trained, tmp_path, monkeypatch):
    window = trained
    prepared = window.session.prepared
    answer_save(monkeypatch, tmp_path / "data")  # no suffix: .csv is added
    window.export_menu.actions["data"].trigger()
    rows = list(csv.reader((tmp_path / "data.csv").open()))
    assert len(rows) == 1 + len(prepared.X_train) + len(prepared.X_test) and "split" in rows[0]

    answer_save(monkeypatch, tmp_path / "loss.csv")
    window.export_menu.actions["loss"].trigger()
    rows = list(csv.reader((tmp_path / "loss.csv").open()))
    epochs, _ = window.output.loss.history.arrays()
    assert rows[0] == ["epoch", "train_loss", "test_loss"] and len(rows) == 1 + len(epochs)

    answer_save(monkeypatch, tmp_path / "weights.npz")
    window.export_menu.actions["weights"].trigger()
    weights, biases = window.session.parameters()
    with np.load(tmp_path / "weights.npz") as archive:
        for i, (w, b) in enumerate(zip(weights, biases)):
            np.testing.assert_array_equal(archive[f"W{i}"], w)
            np.testing.assert_array_equal(archive[f"b{i}"], b)


@pytest.mark.parametrize("target", ["boundary", "loss", "deltas", "canvas", "window"])
def test_every_figure_as_png_at_both_scales_and_as_svg(make_window, tmp_path, monkeypatch, target):
    window = make_window()
    widget = window.export_menu.figure_targets()[target][1]
    for scale in (1, 2):
        path = tmp_path / f"{target}{scale}.png"
        window.export_menu.ask_figure = lambda: FigureChoice(target, "png", scale)
        answer_save(monkeypatch, path)
        size = widget.size()  # before: the "Exported" banner then takes room from the plots
        window.export_menu.actions["figure"].trigger()
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size.width() * scale, size.height() * scale)
        assert window.banner.text.startswith("Exported")
    window.export_menu.ask_figure = lambda: FigureChoice(target, "svg")
    path = tmp_path / f"{target}.svg"
    answer_save(monkeypatch, path)
    window.export_menu.actions["figure"].trigger()
    if target in ("canvas", "window") and not SVG_WIDGETS:
        assert not path.exists() and "QtSvg" in window.banner.text
    else:
        assert window.banner.text.startswith("Exported") and QSvgRenderer(str(path)).isValid()
        assert QSvgRenderer(str(path)).defaultSize().width() > 100


def test_the_figure_dialog_offers_every_target_and_scale_only_for_png(make_window):
    window = make_window()
    dialog = FigureDialog(window.export_menu.figure_targets(), window)
    assert [dialog.target.itemData(i) for i in range(dialog.target.count())] == [
        "boundary", "loss", "deltas", "canvas", "window"]
    dialog.fmt.setCurrentIndex(dialog.fmt.findData("svg"))
    assert not dialog.scale.isEnabled()
    dialog.fmt.setCurrentIndex(dialog.fmt.findData("png"))
    dialog.scale.setCurrentIndex(1)
    assert dialog.scale.isEnabled() and dialog.choice() == FigureChoice("boundary", "png", 2)
    dialog.deleteLater()


def test_a_failed_export_shows_a_message_and_cancel_writes_nothing(make_window, tmp_path, monkeypatch):
    window = make_window()
    answer_save(monkeypatch, tmp_path / "missing" / "loss.csv")
    window.export_menu.actions["loss"].trigger()
    assert "Could not export the loss history" in window.banner.text
    window.export_menu.ask_figure = lambda: FigureChoice("window", "png", 1)
    window.export_menu.actions["figure"].trigger()
    assert "Could not export the whole window" in window.banner.text
    answer_save(monkeypatch, "")
    window.banner.clear()
    for key in ("pytorch", "numpy", "data", "weights"):
        window.export_menu.actions[key].trigger()
    assert window.banner.text == "" and {p.name for p in tmp_path.iterdir()} <= {"recovery"}
