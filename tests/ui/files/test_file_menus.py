"""File > Open Recent, Examples and Revert, driven through the menu actions (dialogs patched)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from playground.assets import list_resources
from playground.experiment import load_experiment
from playground.ui.files.menus import MAX_RECENT, RECENT_KEY


def recent_actions(window):
    window.file_menus.recent_menu.aboutToShow.emit()
    return {Path(a.data()).name: a for a in window.file_menus.recent_menu.actions() if a.data()}


def save_to(window, monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    window.save_as_action.trigger()


def make_dirty(window):
    combo = window.hyper_panel.learning_rate
    combo.setEditText("0.1")
    combo.lineEdit().editingFinished.emit()
    assert window.files.dirty


def test_open_and_save_fill_the_recent_list_newest_first_and_clear_empties_it(make_window, tmp_path, monkeypatch):
    window = make_window()
    for i in range(MAX_RECENT + 2):
        save_to(window, monkeypatch, tmp_path / f"run{i}.json")
    recent = window.file_menus.recent()
    assert [Path(p).name for p in recent] == [f"run{i}.json" for i in range(MAX_RECENT + 1, 1, -1)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "run3.json"), ""))
    window.open_action.trigger()
    assert Path(window.file_menus.recent()[0]).name == "run3.json"
    assert len(window.file_menus.recent()) == MAX_RECENT  # moved to the front, not added twice
    assert list(recent_actions(window))[0] == "run3.json"
    assert str(window.settings.value(RECENT_KEY)[0]).endswith("run3.json")  # kept in QSettings
    clear = [a for a in window.file_menus.recent_menu.actions() if a.text() == "&Clear"][0]
    clear.trigger()
    assert window.file_menus.recent() == [] and recent_actions(window) == {}


def test_choosing_a_recent_file_opens_it_and_a_missing_one_leaves_the_list(make_window, tmp_path, monkeypatch):
    window = make_window()
    kept, gone = tmp_path / "kept.json", tmp_path / "gone.json"
    save_to(window, monkeypatch, kept)
    save_to(window, monkeypatch, gone)
    window.files.new()
    gone.unlink()
    recent_actions(window)["gone.json"].trigger()
    assert window.files.path is None  # nothing opened
    assert "no longer exists" in window.banner.text
    assert list(recent_actions(window)) == ["kept.json"]
    make_dirty(window)
    window.files.ask_unsaved = lambda: "cancel"
    recent_actions(window)["kept.json"].trigger()
    assert window.files.path is None and window.files.dirty  # Cancel keeps the work
    window.files.ask_unsaved = lambda: "discard"
    recent_actions(window)["kept.json"].trigger()
    assert window.files.path.resolve() == kept.resolve() and not window.files.dirty


def test_every_example_opens_as_an_untitled_copy_after_asking(make_window):
    window = make_window()
    examples = list_resources("examples", ".json")
    actions = window.file_menus.examples_menu.actions()
    assert [Path(a.data()).name for a in actions] == [p.name for p in examples]
    for action, path in zip(actions, examples):
        action.trigger()
        assert window.files.path is None and not window.files.dirty, path.name
        assert window.session.experiment.data == load_experiment(path).data, path.name
    make_dirty(window)
    asked = []
    window.files.ask_unsaved = lambda: asked.append(1) or "cancel"
    before = window.session.experiment
    actions[0].trigger()
    assert asked and window.session.experiment is before
    window.files.ask_unsaved = lambda: "discard"  # let the fixture close the window


def test_revert_reloads_the_file_after_asking_and_is_disabled_when_untitled(make_window, tmp_path, monkeypatch):
    window = make_window()
    revert = window.file_menus.revert_action
    assert not revert.isEnabled()
    save_to(window, monkeypatch, tmp_path / "run.json")
    assert revert.isEnabled()
    make_dirty(window)
    window.file_menus.ask_revert = lambda: False
    revert.trigger()
    assert window.session.experiment.training.learning_rate == 0.1 and window.files.dirty
    window.file_menus.ask_revert = lambda: True
    revert.trigger()
    assert window.session.experiment.training.learning_rate == 0.03 and not window.files.dirty
    window.files.new()
    assert not revert.isEnabled()
