"""The canvas follows the palette: dark background and light text in Dark, and back in Light.

Each test switches the whole application's theme (as View > Theme does) and
puts the starting look back afterwards, so the other tests see the usual one.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPalette

from playground.ui.style import themes
from playground.ui.style import colors
from playground.ui.style.contrast import TEXT_RATIO, contrast_ratio
from tests.ui.canvas.test_live import live


@pytest.fixture(autouse=True)
def back_to_system_theme(qapp):
    yield
    themes.apply_theme(themes.SYSTEM)


def switch(qtbot, editor, name: str) -> None:
    """Apply a theme as the menu does; wait for the event loop to hand it to the editor."""
    themes.apply_theme(name)
    qtbot.waitUntil(lambda: editor.scene.theme.dark == (name == themes.DARK), timeout=3000)


def pixels(widget) -> np.ndarray:
    """The widget as it is drawn, ``(h, w, 3)`` uint8."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    # A copy: the QImage owning these bytes is freed when this function returns.
    return raw.reshape(h, image.bytesPerLine())[:, : w * 3].reshape(h, w, 3).copy()


def lightness(color: QColor) -> int:
    return color.lightness()


def test_dark_theme_makes_the_canvas_dark_with_light_text_and_light_brings_it_back(qtbot, make_editor):
    editor, session, _ = make_editor(hidden=(4, 3))
    scene = editor.scene
    assert lightness(scene.backgroundBrush().color()) > 200   # the usual (light) look first

    switch(qtbot, editor, themes.DARK)
    background = scene.backgroundBrush().color()
    assert lightness(background) < 60
    for column in scene.columns:
        assert contrast_ratio(column.title.brush().color().name(), background.name()) >= TEXT_RATIO
        for neuron in column.neurons:
            if neuron.label is not None and neuron.active:
                assert contrast_ratio(neuron.label.brush().color().name(), background.name()) >= TEXT_RATIO
    # Drawn, not just configured: the empty corner of the view is dark.
    drawn = pixels(editor.view.viewport())
    assert drawn[:20, :20].mean() < 60

    switch(qtbot, editor, themes.LIGHT)
    background = scene.backgroundBrush().color()
    assert lightness(background) > 200
    assert lightness(scene.columns[0].title.brush().color()) < 80
    assert pixels(editor.view.viewport())[:20, :20].mean() > 200


def test_a_rebuild_in_dark_keeps_the_dark_colours(qtbot, make_editor):
    editor, _, _ = make_editor(hidden=(4,))
    switch(qtbot, editor, themes.DARK)
    assert editor.add_neuron(0)   # new items after the theme change
    title = editor.scene.columns[1].title.brush().color()
    assert lightness(title) > 180


def test_faded_edges_mix_toward_the_canvas_background(qtbot, make_editor):
    # 2-16-16-1 has 304 edges: above FEW_EDGES, so edges are faded.
    editor, session, _ = make_editor(hidden=(16, 16))
    snap, maps = live(session)
    editor.update_live(snap, maps)

    def blue_pen_lightness():
        pens = [pen.color() for pen, _ in editor.scene.edges._buckets]
        blues = [c for c in pens if c.blue() > c.red()]
        return np.mean([c.lightness() for c in blues])

    pure = QColor(colors.POSITIVE).lightness()
    assert blue_pen_lightness() > pure            # faded toward white
    switch(qtbot, editor, themes.DARK)
    assert blue_pen_lightness() < pure            # faded toward the dark background


def test_palette_strip_headings_and_popups_are_readable_in_dark(qtbot, make_editor):
    editor, _, _ = make_editor(hidden=(4,))
    switch(qtbot, editor, themes.DARK)
    strip = editor.palette
    headings = [w for w in strip.findChildren(type(editor.status)) if "Activation" in w.text()]
    assert headings
    pal = headings[0].palette()
    assert contrast_ratio(pal.color(QPalette.ColorRole.WindowText).name(),
                          pal.color(QPalette.ColorRole.Window).name()) >= TEXT_RATIO

    card = editor.hover_card
    card.show_at("<b>h1.1</b><br>" + "x" * 30, QPoint(10, 10))
    drawn = pixels(card).reshape(-1, 3).astype(int)
    luminance = drawn @ [299, 587, 114] // 1000
    # A dark card with light text: mostly dark pixels, some light ones.
    assert np.median(luminance) < 90 and luminance.max() > 180

    editor.open_weight_editor(0, 0, 0, QPoint(20, 20))
    editor.value_editor.show_error("'x' is not a number")
    error = editor.value_editor.error.palette()
    base = QColor(themes.make_palette(themes.DARK).color(QPalette.ColorRole.Base)).name()
    assert contrast_ratio(error.color(QPalette.ColorRole.WindowText).name(), base) >= TEXT_RATIO
