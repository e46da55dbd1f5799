"""View > Theme: the real menu action switches the whole window live, and the choice is kept.

Every test puts the starting ("System") look back, so the other tests see the usual one.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from playground.ui.style import themes
from playground.ui.style.contrast import GRAPHICS_RATIO, TEXT_RATIO, contrast_ratio, readable
from playground.ui.window.settings import make_settings


@pytest.fixture(autouse=True)
def back_to_system_theme(qapp):
    yield
    themes.apply_theme(themes.SYSTEM)


def theme_action(window, name: str):
    """The View > Theme entry called ``name``, found through the menu bar like a user would."""
    view = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View")
    theme = next(a.menu() for a in view.actions() if a.menu() and a.text().replace("&", "") == "Theme")
    return next(a for a in theme.actions() if a.text().replace("&", "") == name)


def choose(qtbot, window, name: str) -> None:
    """Trigger View > Theme > ``name`` and wait until the canvas has followed."""
    theme_action(window, name).trigger()
    want_dark = name == "Dark"
    qtbot.waitUntil(lambda: window.editor.scene.theme.dark == want_dark, timeout=3000)


def check_colors(window, dark: bool) -> None:
    scene = window.editor.scene
    background = scene.backgroundBrush().color()
    assert (background.lightness() < 60) if dark else (background.lightness() > 200)
    title = scene.columns[1].title.brush().color()
    assert contrast_ratio(title.name(), background.name()) >= TEXT_RATIO
    assert (title.lightness() > 180) if dark else (title.lightness() < 80)
    output = window.output
    for plot in (output.loss.plot, output.deltas.plot, output.boundary.plot, output.heatmap.plot):
        lightness = plot.backgroundBrush().color().lightness()
        assert (lightness < 60) if dark else (lightness > 200), plot
        # A restyle must not switch the ticks to SI-scaled ones (0.7 shown as "7·10²").
        assert plot.getPlotItem().getAxis("left").autoSIPrefixScale == 1.0
    # The loss key (orange "test" on a light header was 2:1).
    loss_header = output.loss.title.palette().color(QPalette.ColorRole.Window).name()
    loss_keys = re.findall(r"color:\s*(#[0-9a-fA-F]{6})", output.loss.title.text())
    assert len(loss_keys) == 2
    for color in loss_keys:
        assert contrast_ratio(color, loss_header) >= GRAPHICS_RATIO
    deltas = output.deltas
    plot_back = deltas.plot.backgroundBrush().color().name()
    header_back = deltas.title.palette().color(QPalette.ColorRole.Window).name()
    keys = re.findall(r"color:\s*(#[0-9a-fA-F]{6})", deltas.title.text())
    assert len(deltas.colors) == len(keys) == 3     # h1, h2, out of the 2-8-8-1 example
    for color in [c.name() for c in deltas.colors] + keys:
        assert contrast_ratio(color, plot_back) >= GRAPHICS_RATIO
        assert contrast_ratio(color, header_back) >= GRAPHICS_RATIO


def banner_text_color(window) -> str:
    return window.banner.label.palette().color(QPalette.ColorRole.WindowText).name().lower()


def test_view_menu_switches_canvas_and_plots_to_dark_and_back_to_light(qtbot, window):
    assert theme_action(window, "System").isChecked()
    # A message shown before the switch must follow it (a pink band with pale text was unreadable).
    window.banner.show_message("Learning rate: 'abc' is not a number", "error")
    light_text = banner_text_color(window)
    choose(qtbot, window, "Dark")
    assert theme_action(window, "Dark").isChecked()
    check_colors(window, dark=True)
    back, text, _ = window.banner.colors()
    assert contrast_ratio(back, text) >= TEXT_RATIO
    qtbot.waitUntil(lambda: banner_text_color(window) == text.lower(), timeout=3000)
    assert text.lower() != light_text

    choose(qtbot, window, "Light")
    check_colors(window, dark=False)
    qtbot.waitUntil(lambda: banner_text_color(window) == light_text, timeout=3000)


def test_the_choice_survives_a_restart(qtbot, make_window, tmp_path):
    first = make_window(settings_name="theme.ini")
    choose(qtbot, first, "Dark")
    first.close()
    assert make_settings(str(tmp_path / "theme.ini")).value(themes.SETTINGS_KEY) == "dark"

    themes.apply_theme(themes.SYSTEM)          # a new process starts with the system's look
    QApplication.processEvents()
    second = make_window(settings_name="theme.ini")
    assert theme_action(second, "Dark").isChecked()
    qtbot.waitUntil(lambda: second.editor.scene.theme.dark, timeout=3000)
    check_colors(second, dark=True)


def test_system_restores_the_starting_palette(qtbot, window):
    start = QApplication.palette().color(QPalette.ColorRole.Base).name()
    choose(qtbot, window, "Dark")
    assert QApplication.palette().color(QPalette.ColorRole.Base).name() != start
    theme_action(window, "System").trigger()
    assert QApplication.palette().color(QPalette.ColorRole.Base).name() == start
    assert window.settings.value(themes.SETTINGS_KEY) == "system"


def test_an_unknown_stored_theme_means_system(tmp_path):
    settings = make_settings(str(tmp_path / "odd.ini"))
    settings.setValue(themes.SETTINGS_KEY, "purple")
    assert themes.stored_theme(settings) == themes.SYSTEM


@pytest.mark.parametrize("background", ["#ffffff", "#efefef", "#1e1e1e", "#2b2b2b"])
def test_readable_reaches_the_ratio_and_keeps_readable_colours(background):
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    for color in ("#41049d", "#f0f921", "#0877bd", "#f59322"):
        assert contrast_ratio(readable(color, [background]), background) >= GRAPHICS_RATIO
    assert readable("#777777", ["#ffffff"], 1.5) == "#777777"   # already fine: unchanged


def indicator_contrast(box) -> float:
    """The strongest contrast between a pixel of ``box``'s check indicator and the window behind it."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = box.grab().toImage()
    behind = [box.palette().color(QPalette.ColorRole.Window).name(), box.palette().color(QPalette.ColorRole.Base).name()]
    best = 1.0
    for x in range(rect.left(), rect.right() + 1):
        for y in range(rect.top(), rect.bottom() + 1):
            pixel = image.pixelColor(x, y).name()
            best = max(best, min(contrast_ratio(pixel, b) for b in behind))
    return best


@pytest.mark.parametrize("name", ["Dark", "Light"])
def test_empty_check_boxes_stay_visible(qtbot, window, name):
    # Issue 9: on the dark palette "test points" and "discretize" were near-invisible squares.
    choose(qtbot, window, name)
    boundary = window.output.boundary
    for box in (boundary.discretize_check, window.data_panel.findChildren(type(boundary.discretize_check))[-1]):
        box.setChecked(False)
        assert indicator_contrast(box) >= 2.9   # WCAG asks 3:1 of UI parts; pixels round a little


def test_colour_codes_are_written_only_in_the_style_package():
    import re
    from pathlib import Path

    import playground

    root = Path(playground.__file__).parent
    code = re.compile(r"#[0-9A-Fa-f]{6}\b")
    offenders = [f"{path.relative_to(root)}:{n}" for path in root.rglob("*.py") if "style" not in path.parts
                 for n, line in enumerate(path.read_text().splitlines(), 1)
                 if code.search(line.split("  #")[0])]
    assert not offenders, f"colour codes outside ui/style: {offenders}"


def test_canvas_plots_and_thumbnails_share_one_diverging_map():
    import numpy as np

    from playground.ui.plots import colormaps
    from playground.ui.style import colors

    ends = np.array([[-1.0, 0.0, 1.0]])
    canvas = colors.map_values(ends)[0, :, :3]
    plots = colormaps.signed_rgb(ends, 1.0)[0]
    np.testing.assert_array_equal(canvas[[0, 2]], plots[[0, 2]])
    np.testing.assert_array_equal(canvas[[0, 2]], colors.DIVERGING_RGB[[0, -1]])
    np.testing.assert_array_equal(colors.class_rgb([0, 1], 2), colors.DIVERGING_RGB[[0, -1]])  # two classes: its ends
