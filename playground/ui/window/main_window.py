"""The main window: composes the panels, the network editor and the live plots.

Left to right as TF Playground taught: data and hyperparameters, the network
(``playground.ui.canvas.NetworkEditor``), the output plots. The window owns
the Session and the QUndoStack, wires signals between the parts, and shuts
everything down when it closes. It contains no panel logic itself.

Start-up (issue 13): the window is whole when its constructor returns, but
cheap to build: the teaching docks are empty LazyDocks that build their panels
(and import their modules) when first shown (``window/lazy_dock.py``), and the
plots build their right-click menus on first use (``plots/lazy_menu.py``). With
``defer=True`` (what ``playground`` runs) the boundary grid and the neuron
maps are first computed and drawn, and the training engine's child process
started, only after the first frame is painted, and ``window.ready`` fires (and
``window.is_ready`` turns true) then; without it, at once. The parts are
imported where they are built (``_compose``, ``_build_menus``), so importing
this module alone (tests, the CLI) loads none of them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QMainWindow, QScrollArea, QSplitter, QUndoView, QVBoxLayout, QWidget,
)

from playground.training import status as engine_status
from playground.ui.panels.training_bar import icon
from playground.ui.style.sheets import apply_panel_style
from playground.ui.window import settings as window_settings
from playground.ui.window.input_guards import install_input_guards

TITLE = "Backprop Playground"
#: The network canvas never gets narrower than this (px): at 900 x 600 it was squeezed to ~170.
CANVAS_MIN_WIDTH = 340


#: At most this long after the first frame, the engine starts even if the boundary has not been
#: repainted yet (it repaints within a frame or two of ``LiveView.release``).
BOUNDARY_WAIT_MS = 250


class MainWindow(QMainWindow):
    """Backprop Playground's window.

    Parameters
    ----------
    experiment : Experiment, optional
        Defaults to the ready-made spiral example.
    mode : {"process", "inprocess"}, optional
        Where the engine runs (default ``$PLAYGROUND_ENGINE`` or ``process``).
    settings : QSettings, optional
        Where size, splitters and view options are kept (tests pass a temp file).
    defer : bool, optional
        Start the training engine after the window's first painted frame (what
        ``playground`` does, so the engine's start-up does not compete with the
        first frame); ``ready`` fires then. False (default): the engine starts at
        once and the window is ready when the constructor returns.
    """

    #: Emitted once, when the window is ready: at once unless ``defer``, else after its first painted frame.
    ready = Signal()

    def __init__(self, experiment=None, mode: str | None = None, settings=None, parent=None,
                 defer: bool = False) -> None:
        super().__init__(parent)
        from playground.ui.files import recovery
        from playground.ui.files.unsaved import UnsavedWork
        from playground.ui.session import Session

        self.setWindowTitle(TITLE)
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.settings = settings if settings is not None else window_settings.make_settings()
        self._closed = False
        self.is_ready = False
        self._built = False  # every part exists (closing asks about unsaved changes, saves the layout)
        self.resize(1440, 880)
        self.session = Session(experiment, mode=mode, parent=self, start=not defer)
        try:
            self._compose(hold_drawing=defer)
            self._compose_docks()
            # What is unsaved drives the title's star and the close question, then the autosave
            # and the restore offer (ui/files/recovery.py).
            self.unsaved = UnsavedWork(self.session, self.undo_stack, self)
            self.files.track(self.unsaved)
            self.recovery = recovery.install(self)
            # Size, splitters, view options and the docks where the user left them.
            window_settings.restore(self.settings, self)
        except BaseException:
            # The worker thread and engine process may already run: never leave them behind.
            self.session.shutdown()
            raise
        self._built = True
        if defer:
            self._after_paint = _AfterPaint(self.centralWidget(), self._on_first_frame)
        else:
            self._set_ready()

    def when_ready(self, callback) -> None:
        """Call ``callback()`` now if the window is ready, else once it is."""
        if self.is_ready:
            callback()
        else:
            self.ready.connect(lambda: callback())

    def _on_first_frame(self) -> None:
        """The first frame is on screen: draw the boundary and the neuron maps, show them, then go on."""
        if self._closed:
            return
        self.live.release()  # the boundary grid's forward pass, the boundary and the neuron maps
        # Shown before the engine starts: what follows (its child process, and on a first start the
        # welcome's lesson browser, ~90 ms) holds the event loop, and the boundary would appear only
        # after it. The boundary plot repaints once its scene has the new image; a hidden plot never
        # does, so the wait has a limit.
        plot = self.output.boundary.plot.viewport()
        self._after_paint = _AfterPaint(plot, self._on_first_drawing, timeout_ms=BOUNDARY_WAIT_MS)

    def _on_first_drawing(self) -> None:
        """The boundary is on screen (or took too long): start the engine, then announce ``ready``."""
        if self._closed:
            return
        self.session.start_engine()
        self._set_ready()

    def _set_ready(self) -> None:
        # The wheel and Space must not change or blank a field under the pointer (ui/input_guards.py);
        # installed now, not before the first frame: a Python filter that sees every event slows showing
        # it down, and the guard applies its wheel rule to the widgets already there.
        install_input_guards(QApplication.instance())
        self.is_ready = True
        self.ready.emit()

    def _compose(self, hold_drawing: bool = False) -> None:
        from playground.ui.canvas import NetworkEditor
        from playground.ui.edits.actions import Actions
        from playground.ui.files.experiment_files import ExperimentFiles
        from playground.ui.live.live_view import LiveView
        from playground.ui.panels.data_panel import DataPanel
        from playground.ui.panels.hyper_panel import HyperPanel
        from playground.ui.panels.message_banner import MessageBanner
        from playground.ui.panels.output_panel import OutputPanel
        from playground.ui.panels.training_bar import TrainingBar

        self.undo_stack = QUndoStack(self)
        # Every user change goes through these undoable actions (ui/edits/actions.py): panels, canvas,
        # draw mode and the step-through; their refusals are shown by _on_actions_report.
        self.actions = Actions(self.session, self.undo_stack, report=self._on_actions_report)
        self.editor = NetworkEditor(self.session, self.actions)
        self.bar = TrainingBar(self.session, self.actions, self)
        self.addToolBar(self.bar)
        apply_panel_style(self.bar)  # the toolbar's spacing
        self.data_panel = DataPanel(self.session, self.actions, toggle_feature=self.editor.toggle_feature)
        self.hyper_panel = HyperPanel(self.session, self.actions, set_activation=self.editor.set_activation)
        self.output = OutputPanel()
        self.banner = MessageBanner()
        self.files = ExperimentFiles(self, self.session, self.output.loss)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("main_splitter")
        self.main_splitter.addWidget(self._left_column())
        self.main_splitter.addWidget(self.editor)
        # A small window squeezes the side columns, never the network below a readable size.
        self.editor.setMinimumWidth(CANVAS_MIN_WIDTH)
        self.main_splitter.addWidget(self.output)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([280, 620, 500])
        for i in range(3):
            self.main_splitter.setCollapsible(i, False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.banner)
        layout.addWidget(self.main_splitter, 1)
        self._central_layout = layout  # add_banner() puts bars at its top
        self.setCentralWidget(central)

        self.undo_dock = QDockWidget("Undo history", self)
        self.undo_dock.setObjectName("undo_dock")
        self.undo_dock.setWidget(QUndoView(self.undo_stack))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.undo_dock)
        self.undo_dock.hide()
        self._build_menus()

        # Deferred: the boundary grid and the neuron maps are computed and drawn after the first frame.
        self.live = LiveView(self.session, self.output, editor=self.editor, bar=self.bar, parent=self,
                             hold_drawing=hold_drawing)
        from playground.ui.drawing import adapter as draw_mode

        self.drawing = draw_mode.install(self)  # after self.live: its data updates come first
        self.editor.neuron_hovered.connect(self.live.show_neuron)
        self.editor.neuron_pinned.connect(self.live.pin_neuron)
        self.session.engine_message.connect(self.show_message)
        self.session.engine_status_changed.connect(self._on_session_engine_status)
        self.session.training_state_changed.connect(self._on_session_training_state_changed)
        self.session.snapshot_ready.connect(self._on_session_snapshot)
        self.session.network_built.connect(self._on_session_network_built)
        self.statusBar().showMessage(f"Engine: {'child process' if self.session.mode == 'process' else 'in-process'}"
                                     " · Space: play/pause · R: reset", 8000)

    def _compose_docks(self) -> None:
        """The teaching docks (empty until first shown), Help and the lessons."""
        from playground.ui.explain_views import install as install_explain_views
        from playground.ui.help import add_help_menu
        from playground.ui.lessons import install as install_lessons
        from playground.ui.stepthrough import install as install_step_through

        self.step_dock = install_step_through(self)  # issue 10: one sample through the network
        self.explain = install_explain_views(self)  # issue 11: gradient check and loss landscape docks
        for dock in (self.step_dock, self.explain.gradient_dock, self.explain.landscape_dock):
            self.view_menu.insertAction(self.bar.toggleViewAction(), dock.toggleViewAction())
        # User guide (F1), keyboard shortcuts from the window's own actions, lessons, About (ui/help/).
        self.help = add_help_menu(self)
        self.lessons = install_lessons(self)  # Lessons menu, lesson dock, lesson files in File > Open
        # What a lesson's action checkpoints wait for ("applied_step", "followed_sample"), once the views exist.
        self.step_dock.when_built(lambda panel: panel.action_done.connect(self.lessons.record_action))
        self.explain.landscape_dock.when_built(lambda view: view.action_done.connect(self.lessons.record_action))

    # ------------------------------------------------------------ composition
    def _left_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.data_panel)
        layout.addWidget(self.hyper_panel)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("left_scroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(column)
        # Bold group-box titles. Set once the column has its parent: a style sheet set before makes
        # setWidget() restyle the whole column again (~90 M instructions, ~20 ms, under valgrind).
        apply_panel_style(column)
        scroll.setMinimumWidth(column.minimumSizeHint().width() + 24)
        return scroll

    def _build_menus(self) -> None:
        from playground.ui.files.export_menu import ExportMenu
        from playground.ui.files.menus import FileMenus
        from playground.ui.live.grid import DEFAULT_RESOLUTION, RESOLUTIONS
        from playground.ui.preferences import install as install_preferences
        from playground.ui.style.themes import add_theme_menu

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.new_action = self._action("&New", QKeySequence.StandardKey.New, self.files.new)
        self.open_action = self._action("&Open…", QKeySequence.StandardKey.Open, self.files.ask_open)
        self.save_action = self._action("&Save", QKeySequence.StandardKey.Save, self.files.save)
        self.save_as_action = self._action("Save &As…", QKeySequence.StandardKey.SaveAs, self.files.ask_save_as)
        self.import_csv_action = self._action("&Import CSV…", QKeySequence(), self._ask_import_csv)
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        for action in (self.new_action, self.open_action, self.import_csv_action, self.save_action,
                       self.save_as_action):
            file_menu.addAction(action)
        self.file_menus = FileMenus(self, file_menu)  # Open Recent, Examples, Revert (ui/files/menus.py)
        self.export_menu = ExportMenu(self, file_menu)  # scripts, data, loss, weights, figures
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = menu.addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        # Edit > Preferences…: theme, data colours, precision, resolution, default speed (ui/preferences/).
        self.preferences = install_preferences(self, edit_menu)

        train_menu = menu.addMenu("&Training")
        for action in (self.bar.play_action, self.bar.step_epoch_action, self.bar.step_batch_action,
                       self.bar.reset_action):
            train_menu.addAction(action)

        self.view_menu = view_menu = menu.addMenu("&View")
        view_menu.addAction(self.undo_dock.toggleViewAction())
        view_menu.addAction(self.bar.toggleViewAction())
        # The same actions as the canvas strip's Edges switch: one checked state for both.
        view_menu.addMenu("Canvas &edges show").addActions(self.editor.mode_actions.actions())
        resolution_menu = view_menu.addMenu("Boundary &resolution")
        self.resolution_group = QActionGroup(self)
        for r in RESOLUTIONS:
            action = resolution_menu.addAction(f"{r} × {r}")
            action.setCheckable(True)
            action.setData(r)
            action.setChecked(r == DEFAULT_RESOLUTION)
            self.resolution_group.addAction(action)
        self.resolution_group.triggered.connect(lambda action: self.live.set_resolution(action.data()))
        # System / Light / Dark, applied live and remembered (ui/themes.py).
        self.theme_group = add_theme_menu(view_menu, self.settings, self)

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda *_: slot())
        self.addAction(action)
        return action

    def view_parts(self) -> list:
        """The parts that save and restore their own view settings (``window/settings.py``), the window last."""
        return [self.bar, self.output, self.live, self.files, self]

    def save_view(self, settings) -> None:
        window_settings.save_splitter(settings, self.main_splitter)

    def restore_view(self, settings) -> None:
        window_settings.restore_splitter(settings, self.main_splitter)
        for action in self.resolution_group.actions():  # the menu shows the live view's resolution
            action.setChecked(action.data() == self.live.resolution)

    def add_banner(self, bar: QWidget) -> None:
        """Show ``bar`` across the top of the window, above the message banner and the panes.

        For bars that ask something of the user at once (the recovery offer): parts
        hand the window their bar instead of reaching into its layout.
        """
        self._central_layout.insertWidget(0, bar)

    def share_room_of_canvas_and_plots(self) -> None:
        """Split the width of the canvas and the plots evenly (a new side dock took it from the canvas)."""
        left, editor, output = self.main_splitter.sizes()
        self.main_splitter.setSizes([left, (editor + output) // 2, (editor + output) - (editor + output) // 2])

    # ------------------------------------------------------------ messages
    def show_message(self, text: str, kind: str = "error", cause: str | None = None, action=None) -> None:
        """The one place the window tells the user something: the banner above the panes.

        Panels report refused input here; the engine's messages (NaN loss, a
        stopped or silent engine) arrive as warnings with their ``cause``
        (``"nan"``, ``"engine"``), cleared once the cause is gone. ``action`` is
        ``(label, callback)`` for a remedy button.
        """
        self.banner.show_message(text, kind, cause=cause, action=action)

    def _on_session_snapshot(self, snapshot) -> None:
        if snapshot.message:
            self.show_message(snapshot.message, "warning", cause="nan" if snapshot.diverged else None)

    def _on_session_engine_status(self, status) -> None:
        if status.state == engine_status.OK:
            self.banner.clear_cause("engine")  # answering again, or a fresh engine took over
        else:
            self.show_message(status.text, "warning", cause="engine",
                              action=("Restart engine", self.session.restart_engine))

    def _on_session_training_state_changed(self, running: bool) -> None:
        if running:  # training again: the NaN warning is answered (a new learning rate, or a try)
            self.banner.clear_cause("nan")

    def _on_session_network_built(self, version: int) -> None:
        # A rebuild (reset, new design) answers a NaN-loss warning; errors stay until dismissed.
        self.banner.clear_cause("nan")

    def _on_actions_report(self, text: str) -> None:
        """A refused change shows like any other message; the next change that works takes it back."""
        if text:
            self.show_message(text, cause="refused")
        else:
            self.banner.clear_cause("refused")

    # ------------------------------------------------------------ dropped files
    def _ask_import_csv(self) -> None:
        from playground.ui.data_import import adapter as data_import

        data_import.ask_import(self)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        from playground.ui.data_import import adapter as data_import

        data_import.drag_entered(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        from playground.ui.data_import import adapter as data_import

        data_import.dropped(self, event)  # a CSV opens the import dialog, a .json the experiment

    # ------------------------------------------------------------ shutdown
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        # Unsaved changes: Save / Discard / Cancel.
        if self._built and not self._closed and not self.files.confirm_close():
            event.ignore()
            return
        self.shutdown(confirmed=True)
        super().closeEvent(event)

    def shutdown(self, confirmed: bool = False) -> bool:
        """Save the layout, stop the timer, the worker and its engine process (within ~1 s).

        ``confirmed``: the user answered the unsaved-changes question (a close), so
        the autosave goes. Without it (``app.aboutToQuit``: a logout, SIGTERM, no
        close) unsaved work keeps its autosave for the next start's restore offer.
        """
        if self._closed:
            return True
        self._closed = True
        if not self._built:
            return True  # the constructor failed, and stopped the session itself
        try:
            window_settings.save(self.settings, self)
        except Exception:  # noqa: BLE001 - never let a settings problem keep training alive
            pass
        self.live.stop()
        self.recovery.finish(keep_unsaved=not confirmed)  # a clean exit leaves no recovery file behind
        return self.session.shutdown(timeout_s=1.0)


class _AfterPaint(QObject):
    """Calls ``callback()`` once, from the event loop, after ``widget``'s next paint has finished.

    A zero timer started from the Paint event fires after the whole frame is
    drawn and flushed to the screen, so the callback's work never delays it.
    With ``timeout_ms``, the callback runs then at the latest (a widget that is
    hidden, or has nothing new to paint, does not hold it up).
    """

    def __init__(self, widget: QWidget, callback, timeout_ms: int | None = None) -> None:
        super().__init__(widget)
        self._callback = callback
        self._widget = widget
        widget.installEventFilter(self)
        if timeout_ms is not None:
            QTimer.singleShot(timeout_ms, self, self._call)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            QTimer.singleShot(0, self, self._call)
        return False

    def _call(self) -> None:
        if self._callback is None:
            return
        callback, self._callback = self._callback, None
        self._widget.removeEventFilter(self)
        callback()
