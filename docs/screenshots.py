"""Regenerate the README's screenshots from the real app: ``make screenshots``.

Each scene opens the real main window (in a real X window when run under
Xvfb by ``make screenshots``), sets it up as a user would, trains where the
scene needs it, and saves ``docs/images/<name>.png`` from ``QWidget.grab``.
The pictures are never edited by hand, so they cannot go stale: change the
app, run the command, commit the images.

Usage::

    make screenshots                          # every scene, under Xvfb
    .venv/bin/python docs/screenshots.py overview dark   # some scenes (needs a display)
    .venv/bin/python docs/screenshots.py --list
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

IMAGES = Path(__file__).resolve().parent / "images"
SCENES: dict[str, Callable] = {}


def scene(name: str):
    """Register a scene: ``fn(app, window) -> QWidget | QPixmap`` (the widget to grab, or the picture)."""
    def register(fn):
        SCENES[name] = fn
        return fn
    return register


def wait_until(app, condition, timeout_s: float = 60.0) -> None:
    """Process events until ``condition()`` holds (or fail after ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("a screenshot scene did not reach its state in time")
        app.processEvents()
        time.sleep(0.01)


def train_until(app, window, epochs: int) -> None:
    """Press Play, train to ``epochs``, pause, and wait until that frame is drawn."""
    session = window.session
    session.play()
    wait_until(app, lambda: session.latest_snapshot is not None and session.latest_snapshot.epoch >= epochs)
    session.pause()
    wait_until(app, lambda: not session.latest_snapshot.running)
    wait_until(app, lambda: window.live._drawn is session.latest_snapshot)
    settle(app)


def settle(app, seconds: float = 0.3) -> None:
    """Let pending paints and deferred layouts run."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


@scene("overview")
def _overview(app, window):
    """The default spiral after some training: data, network, boundary, loss and deltas."""
    train_until(app, window, 400)
    return window


@scene("canvas")
def _canvas(app, window):
    """The network canvas alone, while it trains: weights as edges, neuron maps, delta rings."""
    train_until(app, window, 200)
    return window.editor


@scene("canvas-gradients")
def _canvas_gradients(app, window):
    """The canvas in gradients mode (edges by the batch's ∂J/∂w) with an edge's hover card."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    train_until(app, window, 60)
    editor = window.editor
    editor.set_edge_mode("gradients")
    settle(app)
    x0, y0, x1, y1 = editor.scene.edges.segment((1, 2, 4))
    point = editor.view.mapFromScene(QPointF(x0 + (x1 - x0) * 0.4, y0 + (y1 - y0) * 0.4))
    viewport = editor.view.viewport()
    app.sendEvent(viewport, QMouseEvent(QEvent.Type.MouseMove, QPointF(point), QPointF(viewport.mapToGlobal(point)),
                                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                        Qt.KeyboardModifier.NoModifier))
    settle(app)
    return editor


@scene("dark")
def _dark(app, window):
    """View > Theme > Dark."""
    from playground.ui.style import themes

    themes.apply_theme(themes.DARK)
    train_until(app, window, 300)
    return window


@scene("small-window")
def _small(app, window):
    """The window at 900 x 600: panels scroll, the canvas keeps a readable size."""
    window.resize(900, 600)
    train_until(app, window, 200)
    return window


@scene("stepthrough-forward")
def _step_forward(app, window):
    """View > Step through: one training point's forward pass with its numbers, on the canvas too."""
    train_until(app, window, 150)
    window.step_dock.show()
    panel = window.step_dock.widget()
    wait_until(app, lambda: panel.cursor is not None)
    panel.set_point(3)
    panel.set_pace("neuron")
    for _ in range(5):
        panel.next()
    settle(app)
    return window


@scene("stepthrough-backward")
def _step_backward(app, window):
    """The same point's backward pass: each delta as error arriving x slope f'(a)."""
    train_until(app, window, 150)
    window.step_dock.show()
    panel = window.step_dock.widget()
    wait_until(app, lambda: panel.cursor is not None)
    panel.set_point(3)
    panel.set_pace("layer")
    while panel.next() and not any(stop.kind == "backward" and stop.layer == 0 for stop in panel.cursor.span):
        pass
    settle(app)
    return window


@scene("lessons-panel")
def _lessons(app, window):
    """Lessons > Browse: lesson 6 (XOR needs a hidden layer) beside the live app, checkpoints turning green."""
    from playground.lessons import load_lesson, shipped_lessons

    lesson = load_lesson(next(p for p in shipped_lessons() if p.stem.startswith("06")))
    window.lessons.panel.open_lesson(lesson)
    train_until(app, window, 300)
    return window


@scene("teacher-mode")
def _teacher(app, window):
    """Lessons > Teacher mode: edit a lesson's steps, text, hidden controls and checkpoints."""
    from playground.lessons import load_lesson, shipped_lessons

    lesson = load_lesson(next(p for p in shipped_lessons() if p.stem.startswith("06")))
    window.lessons.panel.open_lesson(lesson)
    teacher = window.lessons.open_teacher()
    settle(app)
    return teacher


@scene("gradient-check")
def _gradient_check(app, window):
    """View > Gradient check with "drop derivative" switched on: the check fails and says where."""
    train_until(app, window, 100)
    window.explain.gradient_dock.show()
    panel = window.explain.gradient_dock.widget()
    panel.bug_box.setCurrentIndex(panel.bug_box.findData("drop_derivative"))
    panel.run()
    wait_until(app, lambda: panel.verdict is not None)
    settle(app)
    return window


@scene("loss-landscape")
def _loss_landscape(app, window):
    """View > Loss landscape: J over two first-layer weights, with the path training took."""
    window.explain.landscape_dock.show()
    view = window.explain.landscape_dock.widget()
    net_sizes = window.session.layer_sizes()
    assert net_sizes[1] > 1
    view.set_pair((0, 0, 0), (0, 1, 0))
    train_until(app, window, 400)
    view.refresh()
    wait_until(app, lambda: view.surface is not None)
    settle(app, 0.6)
    return window


@scene("csv-import")
def _csv_import(app, window):
    """File > Import CSV: preview, detected separator/header/types, target and features (iris)."""
    from playground.assets import resource_path
    from playground.ui.data_import.dialog import ImportDialog

    dialog = ImportDialog(resource_path("datasets", "iris.csv"), parent=window)
    dialog.show()
    settle(app, 1.5)   # the preview and the background scan
    return dialog


@scene("draw-data")
def _draw_data(app, window):
    """Draw mode: an empty plane, three sprayed classes, then trained on what was drawn."""
    import numpy as np

    controller = window.drawing.controller
    tools = controller.tools
    controller.set_active(True)
    settle(app)
    window.drawing.clear()
    tools.tool_combo.setCurrentIndex(tools.tool_combo.findData("spray"))
    # Three classes sprayed along strokes, as a student would with the mouse.
    strokes = {0: [(-3.5, 2.5), (-2.5, 3.5), (-1.5, 3.0)],
               1: [(2.0, 2.0), (3.0, 1.0), (3.5, -0.5)],
               2: [(-2.0, -3.0), (0.0, -3.5), (1.5, -3.0)]}
    for label, path in strokes.items():
        tools.class_combo.setCurrentIndex(tools.class_combo.findData(label))
        for x, y in path:
            for dx in np.linspace(-0.4, 0.4, 4):
                controller.begin((x + dx, y))
                controller.finish()
        settle(app, 0.1)
    train_until(app, window, 300)
    return window


@scene("export-menu")
def _export_menu(app, window):
    """File > Export: scripts for PyTorch and NumPy, data, loss, weights and figures."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter

    train_until(app, window, 200)
    bar = window.menuBar()
    file_menu = next(a.menu() for a in bar.actions() if a.text() == "&File")
    export = window.export_menu.menu
    file_rect = bar.actionGeometry(next(a for a in bar.actions() if a.menu() is file_menu))
    file_menu.popup(bar.mapToGlobal(file_rect.bottomLeft()))
    settle(app)
    file_menu.setActiveAction(export.menuAction())
    export.popup(file_menu.mapToGlobal(file_menu.actionGeometry(export.menuAction()).topRight()))
    settle(app, 0.5)
    # Menus are windows of their own: paint both onto the grabbed main window.
    picture = window.grab()
    painter = QPainter(picture)
    for menu in (file_menu, export):
        painter.drawPixmap(window.mapFromGlobal(menu.mapToGlobal(QPoint(0, 0))), menu.grab())
    painter.end()
    export.hide()
    file_menu.hide()
    return picture


@scene("plot-slice")
def _plot_slice(app, window):
    """Iris (four inputs) trained, on the petal plane, the slice chooser open."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter

    from playground.assets import resource_path

    window.files.open(resource_path("examples", "iris.json"))
    train_until(app, window, 300)
    plane = window.live.grid.plane
    names = plane.names
    window.live.set_slice(plane.with_x(names.index("petal_length")).with_y(names.index("petal_width")))
    settle(app)
    output = window.output
    controls = output.boundary.slices
    controls.open_chooser()
    settle(app, 0.5)
    picture = output.grab()
    painter = QPainter(picture)
    popup = controls.popup
    painter.drawPixmap(output.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0))), popup.grab())
    painter.end()
    popup.hide()
    return picture


@scene("preferences")
def _preferences(app, window):
    """Edit > Preferences over a window in a colour-blind-safe map (red-blue), trained."""
    from dataclasses import replace

    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter

    controller = window.preferences
    default = controller.current()
    controller.apply(replace(default, class_palette="okabe-ito", diverging_map="red-blue"))
    try:
        train_until(app, window, 300)
        dialog = controller.open_dialog()
        settle(app, 0.5)
        picture = window.grab()
        painter = QPainter(picture)
        painter.drawPixmap(window.mapFromGlobal(dialog.mapToGlobal(QPoint(0, 0))), dialog.grab())
        painter.end()
        dialog.reject()
        return picture
    finally:
        controller.apply(default)  # the next scenes in the default colours


@scene("help")
def _help(app, window):
    """Help > User guide at the math section."""
    guide = window.help.show_guide("math")
    guide.resize(760, 560)
    settle(app)
    return guide


def run(names: list[str]) -> int:
    os.environ.setdefault("PLAYGROUND_ENGINE", "inprocess")
    os.environ.setdefault("PLAYGROUND_RECOVERY_DIR", tempfile.mkdtemp(prefix="screenshots-recovery-"))
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication

    from playground.ui.app import prepare_application
    from playground.ui.window.main_window import MainWindow
    from playground.ui.window.settings import make_settings

    app = prepare_application()
    IMAGES.mkdir(parents=True, exist_ok=True)
    settings_dir = tempfile.mkdtemp(prefix="screenshots-settings-")
    for name in names:
        from playground.ui.style import themes

        themes.apply_theme(themes.SYSTEM)
        window = MainWindow(settings=make_settings(os.path.join(settings_dir, f"{name}.ini")))
        window.resize(1440, 880)
        window.show()
        try:
            shown = SCENES[name](app, window)
            picture = shown if isinstance(shown, QPixmap) else shown.grab()
            path = IMAGES / f"{name}.png"
            picture.save(str(path))
            print(f"{path.relative_to(IMAGES.parent.parent)}  {picture.width()}x{picture.height()}", flush=True)
        finally:
            window.shutdown(confirmed=True)  # stops training, drops the autosave; the close asks nothing
            window.close()
            QApplication.processEvents()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenes", nargs="*", help="scenes to take (default: all)")
    parser.add_argument("--list", action="store_true", help="list the scenes and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, fn in SCENES.items():
            print(f"{name:14s} {fn.__doc__.strip().splitlines()[0]}")
        return 0
    unknown = [n for n in args.scenes if n not in SCENES]
    if unknown:
        parser.error(f"unknown scene(s): {', '.join(unknown)}; see --list")
    return run(args.scenes or list(SCENES))


if __name__ == "__main__":
    sys.exit(main())
