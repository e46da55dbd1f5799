"""The one place where the lesson UI touches the main window and its Session.

Everything else in ``playground.ui.lessons`` talks to a :class:`WindowAdapter`:
load a lesson's experiment the way File > Open does, read the newest
snapshot and the experiment, hear about snapshots and Reset, and find the
widgets behind a lesson's control names (:data:`CONTROL_WIDGETS`, the one
table from ``playground.lessons.controls.CONTROLS`` names to widgets). When
the window's internals move, this module is what changes.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QToolBar, QWidget

from playground.ui.lessons.visibility import ActionTarget, RowTarget, WidgetTarget


def _toolbar_item(bar: QToolBar, widget: QWidget, with_label: bool = True) -> list[ActionTarget]:
    """The toolbar actions holding ``widget`` (and the label just before it)."""
    actions = bar.actions()
    for k, action in enumerate(actions):
        if bar.widgetForAction(action) is widget:
            return [ActionTarget(a) for a in actions[max(0, k - 1) if with_label else k:k + 1]]
    return []


def _dock(window, object_name: str) -> list[WidgetTarget]:
    """A dock by objectName (the step-through, gradient-check and landscape views add theirs)."""
    dock = window.findChild(QDockWidget, object_name)
    return [WidgetTarget(dock)] if dock is not None else []


def _settings(window, *fields: str) -> list:
    """The rows of these TrainConfig fields in the training settings box."""
    return [RowTarget(window.hyper_panel.training.widget(name)) for name in fields]


def _features(window) -> list[WidgetTarget]:
    boxes = list(window.data_panel.feature_boxes.values())
    return [WidgetTarget(boxes[0].parentWidget())] if boxes else []


#: Control name -> the targets that make it up in the window (empty: the window has no such control yet).
#: ``network_editing`` and ``weight_editing`` are ways of using the canvas, not widgets; the
#: canvas has no read-only switch yet, so they map to nothing.
CONTROL_WIDGETS: dict[str, Callable[[object], list]] = {
    "dataset": lambda w: [WidgetTarget(w.data_panel.datasets), WidgetTarget(w.data_panel.source_label)],
    "classes": lambda w: [RowTarget(w.data_panel.classes)],
    "noise": lambda w: [RowTarget(w.data_panel.noise.parentWidget())],
    "train_fraction": lambda w: [RowTarget(w.data_panel.train_pct.parentWidget())],
    "samples": lambda w: [RowTarget(w.data_panel.samples)],
    "regenerate": lambda w: [WidgetTarget(w.data_panel.regenerate)],
    "learning_rate": lambda w: _settings(w, "learning_rate"),
    "optimizer": lambda w: _settings(w, "optimizer", "momentum", "beta1", "beta2"),
    "loss": lambda w: _settings(w, "loss"),
    "batch_size": lambda w: _settings(w, "batch_size"),
    "regularization": lambda w: _settings(w, "regularization", "regularization_rate"),
    "problem_type": lambda w: [RowTarget(w.hyper_panel.problem)],
    "activations": lambda w: [RowTarget(box) for box in w.hyper_panel.activation_boxes],
    "palette": lambda w: [WidgetTarget(w.editor.palette)],
    "features": _features,
    "network_editing": lambda w: [],
    "weight_editing": lambda w: [],
    "play": lambda w: [ActionTarget(w.bar.play_action)],
    "step": lambda w: [ActionTarget(w.bar.step_epoch_action), ActionTarget(w.bar.step_batch_action)],
    "reset": lambda w: [ActionTarget(w.bar.reset_action)],
    "speed": lambda w: _toolbar_item(w.bar, w.bar.speed),
    "boundary_plot": lambda w: [WidgetTarget(w.output.boundary)],
    "loss_plot": lambda w: [WidgetTarget(w.output.loss)],
    "deltas_plot": lambda w: [WidgetTarget(w.output.deltas_area())],
    "step_through": lambda w: _dock(w, "step_dock"),
    "gradient_check": lambda w: _dock(w, "gradient_check_dock"),
    "loss_landscape": lambda w: _dock(w, "loss_landscape_dock"),
}


class WindowAdapter:
    """What the lesson UI needs from a MainWindow.

    Parameters
    ----------
    window : MainWindow
    """

    def __init__(self, window) -> None:
        self.window = window
        self.session = window.session
        self.settings = window.settings
        self._hidden: set[str] = set()
        self._following: list[tuple] = []

    # ------------------------------------------------------------ the session
    @property
    def experiment(self):
        """The session's current experiment."""
        return self.session.experiment

    @property
    def latest_snapshot(self):
        """The newest training Snapshot (None before the first build)."""
        return self.session.latest_snapshot

    @property
    def n_train(self) -> int:
        """Training samples of the prepared data."""
        return len(self.session.prepared.X_train)

    @property
    def experiment_base_dir(self):
        """The folder a relative CSV path of the current experiment is relative to (None: none)."""
        return self.window.files.base_dir

    @property
    def has_hidden_layer(self) -> bool:
        return bool(self.session.network_spec.hidden)

    def load_experiment(self, experiment, base_dir) -> str | None:
        """Load an experiment as File > Open does, but as a new untitled document.

        Returns
        -------
        str or None
            Why the session refused it (nothing changed then), or None.
        """
        files = self.window.files
        problem = files.load(experiment, base_dir=base_dir)
        if problem is not None:
            return problem
        files.path = None  # Save asks where: never overwrite the lesson file with an experiment
        if files.changes is not None:
            files.changes.mark_saved()
        files.update_title()
        return None

    def follow(self, on_snapshot: Callable, on_reset: Callable, on_network_built: Callable) -> None:
        """Call back on every snapshot, on the Reset button, and when the network is rebuilt."""
        self._following = [(self.session.snapshot_ready, on_snapshot),
                           (self.window.bar.reset_action.triggered, lambda *_: on_reset()),
                           (self.session.network_built, on_network_built)]
        for signal, slot in self._following:
            signal.connect(slot)
        # Panels re-decide their rows' visibility on these; a hidden control must stay hidden.
        for signal in (self.session.settings_changed, self.session.network_changed, self.session.data_changed):
            signal.connect(self._reapply_hidden)

    def deltas_on_screen(self) -> bool:
        """Whether the deltas view is visible with some area on screen."""
        return self.window.output.deltas_on_screen()

    # ------------------------------------------------------------ controls
    def targets(self, name: str) -> list:
        """The window's targets for a control name ([] when the window has no such control)."""
        return CONTROL_WIDGETS[name](self.window)

    def missing_controls(self) -> list[str]:
        """Control names with no widget in this window."""
        return [name for name in CONTROL_WIDGETS if not self.targets(name)]

    def apply_controls(self, hide, show) -> None:
        """Hide the controls ``hide`` names, bring forward ``show``, and restore every other one."""
        hide = set(hide)
        was_hidden, self._hidden = self._hidden, hide
        for name in was_hidden - hide:
            for target in self.targets(name):
                target.set_visible(True)
        for name in hide:
            for target in self.targets(name):
                target.set_visible(False)
        for name in show:
            for target in self.targets(name):
                target.bring_forward()
        if was_hidden - hide:
            self._let_panels_resync()

    def restore_controls(self) -> None:
        """Every control the lesson hid is visible again (the lesson closed)."""
        self.apply_controls((), ())

    def _reapply_hidden(self, *_) -> None:
        for name in self._hidden:
            for target in self.targets(name):
                target.set_visible(False)

    def _let_panels_resync(self) -> None:
        # Rows such as momentum or Adam's betas are shown only for their optimizer: let the panel decide again.
        self.window.hyper_panel.sync()

    # ------------------------------------------------------------ the window
    def add_dock(self, dock: QDockWidget, area) -> None:
        self.window.addDockWidget(area, dock)

    def show_dock(self, dock: QDockWidget, width: int) -> None:
        """Show a side dock ``width`` px wide, taking the room from the window's edge when the screen has it."""
        window = self.window
        if dock.isVisible():
            dock.raise_()
            return
        screen = window.screen().availableGeometry() if window.screen() is not None else None
        if screen is not None and not (window.isMaximized() or window.isFullScreen()):
            grow = max(0, min(width, screen.right() - window.frameGeometry().right()))
            window.resize(window.width() + grow, window.height())
        dock.show()
        dock.raise_()
        window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        # Without this the canvas (the panes' stretching part) alone pays for the dock.
        window.share_room_of_canvas_and_plots()

    def add_menu(self, title: str):
        return self.window.menuBar().addMenu(title)

    def route_lesson_files(self, open_lesson: Callable) -> None:
        """Make File > Open (and a file on the command line) hand lesson files to ``open_lesson(path)``."""
        self.window.files.open_lesson = open_lesson
