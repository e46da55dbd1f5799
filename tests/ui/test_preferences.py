"""Edit > Preferences (issue 12): stored in QSettings, applied live, bad values fall back."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox

import playground
from playground.explain.gradient_check import GradientRow
from playground.ui.preferences import model
from playground.ui.preferences.dialog import PreferencesDialog
from playground.ui.preferences.model import LAST_USED, PreferenceError, Preferences
from playground.ui.style import colors, numbers, themes
from playground.ui.window.settings import make_settings

NON_DEFAULT = Preferences(theme="dark", class_palette="okabe-ito", diverging_map="red-blue", precision=7,
                          resolution=150, default_speed="30 epochs/s")


@pytest.fixture(autouse=True)
def default_style():
    """The data colours, digits and theme are the app's, not a window's: put them back after each test."""
    yield
    colors.use_palettes(colors.DEFAULT_CLASS_PALETTE, colors.DEFAULT_DIVERGING_MAP)
    numbers.set_precision(numbers.DEFAULT_PRECISION)
    if themes.current_theme() != themes.SYSTEM:
        themes.apply_theme(themes.SYSTEM)


def _rows(rgb) -> set:
    return {tuple(int(c) for c in row) for row in np.asarray(rgb).reshape(-1, np.shape(rgb)[-1])}


# ------------------------------------------------------------------ the model
def test_preferences_round_trip_through_qsettings(tmp_path):
    path = str(tmp_path / "prefs.ini")
    settings = make_settings(path)
    model.save(NON_DEFAULT, settings)
    assert model.load(settings) == NON_DEFAULT
    assert model.load(make_settings(path)) == NON_DEFAULT  # from the file, where every value is a string
    assert make_settings(path).value("view/theme") == "dark"  # the key View > Theme uses too


def test_missing_settings_give_the_defaults(tmp_path):
    assert model.load(make_settings(str(tmp_path / "empty.ini"))) == Preferences()


@pytest.mark.parametrize("key, value", [
    ("view/theme", "neon"), ("preferences/class_palette", "rainbow"), ("preferences/diverging_map", 3),
    ("preferences/precision", "many"), ("preferences/precision", 12), ("preferences/precision", 1),
    ("view/resolution", 75), ("view/resolution", "huge"), ("preferences/default_speed", "warp 9"),
])
def test_a_bad_stored_value_falls_back_to_its_default_alone(tmp_path, key, value):
    path = str(tmp_path / "bad.ini")
    settings = make_settings(path)
    model.save(NON_DEFAULT, settings)
    settings.setValue(key, value)
    settings.sync()
    field = next(name for name, k in model.KEYS.items() if k == key)
    loaded = model.load(make_settings(path))
    assert getattr(loaded, field) == getattr(Preferences(), field)
    assert replace(loaded, **{field: getattr(NON_DEFAULT, field)}) == NON_DEFAULT  # the others kept


@pytest.mark.parametrize("field, value", [
    ("theme", "neon"), ("class_palette", "rainbow"), ("diverging_map", "jet"), ("precision", 9),
    ("precision", True), ("resolution", 75), ("default_speed", "1000 epochs/s"),
])
def test_a_bad_value_is_refused_naming_the_field(field, value):
    with pytest.raises(PreferenceError, match=field):
        Preferences(**{field: value})


def test_set_precision_refuses_what_the_dialog_cannot_offer():
    for bad in (1, 9, 4.5, "4", None, True):
        with pytest.raises(ValueError, match="precision"):
            numbers.set_precision(bad)
    assert numbers.precision() == numbers.DEFAULT_PRECISION


# ------------------------------------------------------------------ colours
def test_unknown_palette_names_change_nothing():
    before = colors.current_palettes(), colors.DIVERGING_RGB.copy()
    with pytest.raises(ValueError, match="rainbow"):
        colors.use_palettes("rainbow", "red-blue")
    assert colors.current_palettes() == before[0]
    np.testing.assert_array_equal(colors.DIVERGING_RGB, before[1])


@pytest.mark.parametrize("classes", list(colors.CLASS_PALETTES))
@pytest.mark.parametrize("diverging", list(colors.DIVERGING_MAPS))
def test_two_classes_take_the_diverging_ends_and_more_the_class_palette(classes, diverging):
    colors.use_palettes(classes, diverging)
    ends = colors.map_table(diverging)[[0, -1]]
    np.testing.assert_array_equal(colors.class_rgb([0, 1, 0], 2), ends[[0, 1, 0]])
    np.testing.assert_array_equal(colors.DIVERGING_RGB[[0, -1]], ends)
    np.testing.assert_array_equal(colors.class_rgb([0, 1, 2], 3), colors.palette_table(classes)[:3])
    assert colors.NEGATIVE == colors.DIVERGING_MAPS[diverging][1][0]


def test_palette_colours_are_read_at_draw_time_never_copied_at_import():
    # Preferences rebinds colors.NEGATIVE, CLASS_COLORS, DIVERGING_RGB...: an imported copy would keep the old ones.
    root = Path(playground.__file__).parent
    copied = re.compile(r"from playground\.ui\.style\.colors import .*\b(NEGATIVE|POSITIVE|NEUTRAL|CLASS_COLORS|"
                        r"DIVERGING\w*|_DIVERGING\w*)\b")
    offenders = [str(path.relative_to(root)) for path in root.rglob("*.py") if copied.search(path.read_text())]
    assert not offenders


# ------------------------------------------------------------------ the dialog in a window
def _dialog(window) -> PreferencesDialog:
    dialog = window.preferences.open_dialog()
    assert dialog.isVisible()
    return dialog


def test_edit_menu_has_preferences_with_its_role_and_shortcut(window):
    action = window.preferences.action
    assert action.menuRole() == QAction.MenuRole.PreferencesRole
    assert not action.shortcut().isEmpty()
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert action in edit_menu.actions()


def test_every_dialog_control_has_a_tooltip(qtbot, window):
    from tests.ui.test_tooltips import _controls

    dialog = _dialog(window)
    controls = _controls(dialog)
    assert len(controls) >= 10   # six controls and four buttons
    assert all(w.toolTip().strip() for w in controls), [type(w).__name__ for w in controls if not w.toolTip()]


def test_cancel_changes_nothing(qtbot, window):
    dialog = _dialog(window)
    dialog.set_values(NON_DEFAULT)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: window.preferences.dialog is None)
    assert colors.current_palettes() == (colors.DEFAULT_CLASS_PALETTE, colors.DEFAULT_DIVERGING_MAP)
    assert numbers.precision() == numbers.DEFAULT_PRECISION
    assert window.live.resolution == 100 and themes.current_theme() == themes.SYSTEM
    assert model.load(window.settings) == Preferences()


def test_ok_applies_stores_and_closes(qtbot, window):
    dialog = _dialog(window)
    dialog.set_values(NON_DEFAULT)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.preferences.dialog is None)
    assert colors.current_palettes() == ("okabe-ito", "red-blue")
    assert numbers.precision() == 7
    assert window.live.resolution == 150 and themes.current_theme() == "dark"
    assert [a.data() for a in window.theme_group.actions() if a.isChecked()] == ["dark"]
    assert model.load(make_settings(window.settings.fileName())) == NON_DEFAULT
    assert window.preferences.current() == NON_DEFAULT   # what the dialog shows next time


def test_restore_defaults_sets_the_controls_and_apply_applies_them(qtbot, window):
    window.preferences.apply(replace(NON_DEFAULT, theme="system"))
    dialog = _dialog(window)
    assert dialog.values() == replace(NON_DEFAULT, theme="system")
    dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.values() == Preferences()
    assert colors.current_palettes() == ("okabe-ito", "red-blue")   # not before Apply
    dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()
    assert colors.current_palettes() == (colors.DEFAULT_CLASS_PALETTE, colors.DEFAULT_DIVERGING_MAP)
    assert dialog.isVisible()


def test_a_palette_change_recolours_boundary_points_canvas_and_thumbnails(qtbot, window):
    boundary, editor = window.output.boundary, window.editor
    qtbot.waitUntil(lambda: boundary.rgb is not None and editor.scene.atlas._rgba is not None)
    default_map = _rows(colors.map_table("orange-blue"))
    assert _rows(boundary.rgb) <= default_map
    icon_before = window.data_panel.datasets.item(0).icon().pixmap(32, 32).toImage()

    window.preferences.apply(replace(window.preferences.current(), diverging_map="purple-green"))
    new_map = _rows(colors.map_table("purple-green"))
    assert _rows(boundary.rgb) <= new_map and not _rows(boundary.rgb) <= default_map
    # The spiral has two classes: its points take the new map's ends, like the boundary under them.
    brushes = {b.color().getRgb()[:3] for b in boundary.train_points.data["brush"]}
    assert brushes == _rows(colors.map_table("purple-green")[[0, -1]])
    atlas = editor.scene.atlas._rgba[..., :3]
    assert _rows(atlas) <= _rows(colors.DIVERGING_RGB) and not _rows(atlas) <= default_map
    assert window.data_panel.datasets.item(0).icon().pixmap(32, 32).toImage() != icon_before


def test_a_class_palette_change_recolours_three_class_data(qtbot, window):
    data = replace(window.session.experiment.data, generator="blobs", classes=3)
    assert window.actions.set_data(data)
    boundary = window.output.boundary
    qtbot.waitUntil(lambda: boundary.rgb is not None and boundary._kind == "multiclass")
    window.preferences.apply(replace(window.preferences.current(), class_palette="tol-bright"))
    qtbot.waitUntil(lambda: boundary.values is not None)
    brushes = {b.color().getRgb()[:3] for b in boundary.train_points.data["brush"]}
    assert brushes == _rows(colors.palette_table("tol-bright")[:3])
    # Full confidence shows the class colour itself: the winners' hues are the palette's.
    full = colors.palette_table("tol-bright")[:3]
    probabilities = np.eye(3)[None, :, :]   # (1, 3, 3): three certain pixels
    from playground.ui.plots import colormaps
    np.testing.assert_array_equal(colormaps.multiclass_rgb(probabilities, discretize=True)[0], full)


def test_precision_reaches_the_cards_step_through_and_gradient_check(qtbot, window):
    from playground.ui.canvas.cards import _n
    from playground.ui.explain_views.gradient_model import BACKPROP, GradientTableModel

    model_ = GradientTableModel()
    model_.set_rows([GradientRow(0, 0, 0, 0.123456789123, -0.123456789, 1e-9)])
    changed = []
    model_.dataChanged.connect(lambda *args: changed.append(args))
    shown = lambda: model_.data(model_.index(0, BACKPROP))  # noqa: E731
    assert (_n(0.123456789), shown()) == ("0.1235", "0.123457")
    window.preferences.apply(replace(window.preferences.current(), precision=7))
    assert (_n(0.123456789), shown()) == ("0.1234568", "0.123456789")
    assert changed   # the open gradient table re-printed
    assert _n(-0.5) == "\u22120.5"
    qtbot.waitUntil(lambda: window.is_ready)
    assert window.step_dock.widget().decimals_spin.value() == 5   # the equations: two fewer decimals


def _decimals_shown(text: str) -> set[int]:
    return {len(m) for m in re.findall(r"\d\.(\d+)(?!\d*e)", text)}


def test_precision_rewrites_the_open_step_through(qtbot, window):
    window.step_dock.show()
    panel = window.step_dock.widget()
    qtbot.waitUntil(lambda: panel.cursor is not None)
    panel.go(panel.cursor.find("forward", 1) + 2)
    assert _decimals_shown(panel.browser.toPlainText()) == {2}
    window.preferences.apply(replace(window.preferences.current(), precision=8))
    assert _decimals_shown(panel.browser.toPlainText()) == {6}


def test_resolution_change_reaches_the_live_view_and_the_view_menu(qtbot, window):
    window.preferences.apply(replace(window.preferences.current(), resolution=50))
    assert window.live.resolution == 50 and window.live.grid.resolution == 50
    assert window.output.boundary.rgb.shape[:2] == (50, 50)
    assert [a.data() for a in window.resolution_group.actions() if a.isChecked()] == [50]
    # View > Boundary resolution and the dialog show one value.
    next(a for a in window.resolution_group.actions() if a.data() == 200).trigger()
    assert window.preferences.current().resolution == 200


def test_a_new_window_starts_at_the_default_speed(qtbot, make_window):
    first = make_window()
    first.bar.set_speed_text("10 epochs/s")
    first.preferences.apply(replace(first.preferences.current(), default_speed="30 epochs/s"))
    assert first.bar.speed.currentText() == "10 epochs/s"   # the window open keeps its speed
    first.close()
    second = make_window()   # the same settings file
    qtbot.waitUntil(lambda: second.is_ready)
    assert second.bar.speed.currentText() == "30 epochs/s"
    second.preferences.apply(replace(second.preferences.current(), default_speed=LAST_USED))
    second.bar.set_speed_text("3 epochs/s")
    second.close()
    third = make_window()
    qtbot.waitUntil(lambda: third.is_ready)
    assert third.bar.speed.currentText() == "3 epochs/s"   # the last one used


def test_stored_colours_and_precision_apply_to_a_new_window(qtbot, make_window, tmp_path):
    model.save(replace(NON_DEFAULT, theme="system"), make_settings(str(tmp_path / "settings.ini")))
    window = make_window()
    assert colors.current_palettes() == ("okabe-ito", "red-blue") and numbers.precision() == 7
    qtbot.waitUntil(lambda: window.output.boundary.rgb is not None)
    assert _rows(window.output.boundary.rgb) <= _rows(colors.map_table("red-blue"))
    assert window.live.resolution == 150


def test_closed_windows_do_not_hear_later_changes(qtbot, tmp_path, monkeypatch):
    from playground.ui.window.main_window import MainWindow

    monkeypatch.setenv("PLAYGROUND_RECOVERY_DIR", str(tmp_path / "recovery"))
    window = MainWindow(mode="inprocess", settings=make_settings(str(tmp_path / "settings.ini")))
    window.show()
    qtbot.waitUntil(lambda: window.is_ready)
    window.close()
    assert window.session._closed
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    colors.use_palettes("tol-muted", "brown-teal")   # no slot of a deleted widget runs (pytest-qt would fail)
    numbers.set_precision(3)
