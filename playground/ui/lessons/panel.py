"""The lesson panel: a lesson's text beside the live app, step by step, with its checkpoints.

It opens a lesson (loading its experiment into the session through the
:class:`~playground.ui.lessons.adapter.WindowAdapter`), shows one step at a
time (Back / Next), hides and brings forward the controls the step names,
and lists the step's checkpoints, which turn green as the student meets them
(tested by a :class:`~playground.ui.lessons.tracker.LessonTracker`). Progress
is saved in the window's QSettings after every change, so a lesson opened
again continues where the student left it.

Other panels report what the student did with :meth:`LessonPanel.record_action`
(``lesson_panel.record_action("applied_step")``); with no lesson open it does nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget,
)

from playground.assets import resource_path
from playground.lessons import LessonError, load_lesson
from playground.lessons.checkpoints import format_value
from playground.ui.style.contrast import TEXT_RATIO, readable
from playground.ui.lessons import progress_store
from playground.ui.lessons.tracker import LessonTracker
from playground.ui.style import colors

#: The colour of a met checkpoint (adjusted to stay readable on the theme's background).
MET_COLOR = colors.MET
MET_MARK, OPEN_MARK = "✓", "○"


def lesson_text_browser() -> QTextBrowser:
    """A read-only rich-text view that finds lesson images in ``resources/``."""
    view = QTextBrowser()
    view.setOpenLinks(False)
    view.setSearchPaths([str(resource_path())])
    return view


class LessonPanel(QWidget):
    """A lesson's steps and checkpoints, beside the live app.

    Parameters
    ----------
    adapter : WindowAdapter

    Signals
    -------
    lesson_changed(object)
        The open lesson (None when closed).
    """

    lesson_changed = Signal(object)

    def __init__(self, adapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.adapter = adapter
        self.settings = adapter.settings
        self.lesson = None
        self.tracker: LessonTracker | None = None
        self._saved = ""

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 120%;")
        self.step_label = QLabel()
        self.step_label.setWordWrap(True)
        self.step_label.setStyleSheet("font-weight: bold;")
        self.text = lesson_text_browser()
        self.checkpoint_list = QListWidget()
        self.checkpoint_list.setWordWrap(True)
        self.checkpoint_list.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.hint_button = QPushButton("Hint")
        self.hint_button.setToolTip("A hint for the selected checkpoint (or the first one not met yet)")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("font-style: italic;")
        self.hint.hide()
        self.done_label = QLabel()
        self.back_button = QPushButton("◂ Back")
        self.next_button = QPushButton("Next ▸")
        self.back_button.setToolTip("The lesson's previous step")
        self.next_button.setToolTip("The lesson's next step (once this one is done)")
        self.reset_button = QPushButton("Reset lesson")
        self.reset_button.setToolTip("Forget this lesson's progress and load its experiment again")
        self.close_button = QPushButton("Close lesson")
        self.close_button.setToolTip("Close the lesson; hidden controls come back")

        checkpoints_header = QHBoxLayout()
        checkpoints_header.addWidget(QLabel("<b>Checkpoints</b>"))
        checkpoints_header.addStretch(1)
        checkpoints_header.addWidget(self.hint_button)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.reset_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.step_label)
        layout.addWidget(self.text, 1)
        layout.addLayout(checkpoints_header)
        layout.addWidget(self.checkpoint_list)
        layout.addWidget(self.hint)
        layout.addWidget(self.done_label)
        layout.addLayout(nav)
        layout.addLayout(bottom)

        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.hint_button.clicked.connect(self.show_hint)
        self.checkpoint_list.currentRowChanged.connect(lambda *_: self.hint.hide())
        self.reset_button.clicked.connect(self.reset_lesson)
        self.close_button.clicked.connect(self.close_lesson)
        adapter.follow(self._on_snapshot, lambda: self.record_action("reset"), self._on_network_built)
        self._show_nothing()

    # ------------------------------------------------------------ opening and closing
    def open_file(self, path) -> bool:
        """Open a lesson file; a broken one shows a message and changes nothing."""
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            self._error("Could not open the lesson", str(exc))
            return False
        return self.open_lesson(lesson)

    def open_lesson(self, lesson) -> bool:
        """Load the lesson's experiment and show the step the student was on (step 1 the first time)."""
        problem = self.adapter.load_experiment(lesson.experiment, lesson.base_dir)
        if problem is not None:
            self._error("Could not open the lesson", f"{lesson.title}:\n{problem}")
            return False
        if self.tracker is not None:
            self.tracker.stop()
        self.lesson = lesson
        self._saved = ""
        self.tracker = LessonTracker(self.adapter, lesson, progress_store.load_progress(self.settings, lesson), self)
        self.tracker.updated.connect(self._on_tracker_updated)
        self.lesson_changed.emit(lesson)
        self._show_step()
        return True

    def close_lesson(self) -> None:
        """Close the lesson: the hidden controls come back; its progress stays saved."""
        if self.lesson is None:
            return
        self._save()
        self.tracker.stop()
        self.tracker.deleteLater()
        self.tracker, self.lesson = None, None
        self.adapter.restore_controls()
        self._show_nothing()
        self.lesson_changed.emit(None)

    def reset_lesson(self) -> None:
        """Start the open lesson over: progress forgotten, its experiment loaded again, step 1."""
        if self.lesson is None:
            return
        lesson = self.lesson
        progress_store.clear_progress(self.settings, lesson)
        self._saved = ""
        if self.adapter.load_experiment(lesson.experiment, lesson.base_dir) is None:
            self.tracker.reset()
        self._show_step()

    # ------------------------------------------------------------ steps
    @property
    def step(self) -> int:
        """The current step's index (0-based), -1 with no lesson open."""
        return self.tracker.progress.step if self.tracker is not None else -1

    def go_to(self, step: int) -> None:
        if self.tracker is None:
            return
        self.tracker.progress.go_to(step)
        self._show_step()

    def next(self) -> None:
        self.go_to(self.step + 1)

    def back(self) -> None:
        self.go_to(self.step - 1)

    # ------------------------------------------------------------ actions
    def record_action(self, name: str) -> None:
        """Record what the student did in a view (an action name of ``playground.lessons.ACTIONS``).

        Other panels call this, e.g. ``record_action("applied_step")``. Without an open lesson it does nothing.

        Raises
        ------
        ValueError
            For a name that is not a ``ui`` action (a programming error, not a user's).
        """
        if self.tracker is not None:
            self.tracker.record_action(name)

    def checkpoint_states(self) -> list[bool]:
        """Met (True) or not, for each checkpoint of the current step, as shown."""
        if self.tracker is None:
            return []
        return [self.tracker.progress.is_met(self.step, i) for i in range(len(self.lesson.steps[self.step].checkpoints))]

    def show_hint(self) -> None:
        """Show the hint of the selected checkpoint, or of the first one not met yet."""
        if self.tracker is None or not self.lesson.steps[self.step].checkpoints:
            return
        checkpoints = self.lesson.steps[self.step].checkpoints
        row = self.checkpoint_list.currentRow()
        if row < 0:
            states = self.checkpoint_states()
            row = states.index(False) if False in states else 0
        self.hint.setText(f"Hint: {checkpoints[row].hint}")
        self.hint.show()

    # ------------------------------------------------------------ drawing
    def _show_nothing(self) -> None:
        self.title.setText("No lesson open")
        self.step_label.setText("")
        self.text.setHtml("<p>Pick a lesson with <b>Lessons › Browse lessons…</b>, or open a lesson file "
                          "with <b>File › Open…</b>.</p>")
        self.checkpoint_list.clear()
        self.hint.hide()
        self.done_label.setText("")
        for button in (self.back_button, self.next_button, self.reset_button, self.close_button, self.hint_button):
            button.setEnabled(False)

    def _show_step(self) -> None:
        lesson, k = self.lesson, self.step
        step = lesson.steps[k]
        self.title.setText(lesson.title)
        self.step_label.setText(f"Step {k + 1} of {len(lesson.steps)}: {step.title}")
        self.text.setHtml(step.text)
        self.adapter.apply_controls(step.hide, step.show)
        self.checkpoint_list.clear()
        for checkpoint in step.checkpoints:
            item = QListWidgetItem(checkpoint.text)
            item.setData(Qt.ItemDataRole.UserRole, checkpoint.check)
            self.checkpoint_list.addItem(item)
        self._fit_checkpoint_list()
        self.hint.hide()
        self.back_button.setEnabled(k > 0)
        self.next_button.setEnabled(k < len(lesson.steps) - 1)
        for button in (self.reset_button, self.close_button):
            button.setEnabled(True)
        self.hint_button.setEnabled(bool(step.checkpoints))
        self.tracker.evaluate_now()  # draws the checkpoints and saves

    def _fit_checkpoint_list(self) -> None:
        # As tall as its rows (the text above gets the rest), never more than a few lines' worth.
        rows = sum(self.checkpoint_list.sizeHintForRow(i) for i in range(self.checkpoint_list.count()))
        line = self.checkpoint_list.fontMetrics().height()
        self.checkpoint_list.setFixedHeight(min(max(rows, line) + 2 * self.checkpoint_list.frameWidth() + 6, 8 * line))

    def _on_tracker_updated(self) -> None:
        if self.tracker is None:
            return
        live = self.tracker.live_state()
        step = self.lesson.steps[self.step]
        met_color = QColor(readable(MET_COLOR, [self.palette().color(QPalette.ColorRole.Base).name()], TEXT_RATIO))
        for i, checkpoint in enumerate(step.checkpoints):
            item = self.checkpoint_list.item(i)
            if item is None:
                continue
            met = self.tracker.progress.is_met(self.step, i)
            item.setText(f"{MET_MARK if met else OPEN_MARK}  {checkpoint.text}")
            item.setForeground(QBrush(met_color) if met else QBrush())
            item.setToolTip(f"{checkpoint.check}  (now: {format_value(checkpoint.value_in(live))})")
        if self.tracker.progress.done:
            self.done_label.setText("<b>Lesson complete ✓</b>")
        elif step.checkpoints and self.tracker.progress.step_done(self.step):
            self.done_label.setText("Step done ✓ — press Next")
        else:
            self.done_label.setText("")
        self._save()

    def _save(self) -> None:
        # Called for every evaluation while training: write only when something changed.
        if self.tracker is not None and self.tracker.progress.to_json() != self._saved:
            self._saved = self.tracker.progress.to_json()
            progress_store.save_progress(self.settings, self.tracker.progress)

    # ------------------------------------------------------------ session events
    def _on_snapshot(self, snapshot) -> None:
        if self.tracker is not None:
            self.tracker.on_snapshot(snapshot)

    def _on_network_built(self, *_) -> None:
        if self.tracker is not None:
            self.tracker.on_network_built()

    def _error(self, title: str, text: str) -> None:
        QMessageBox.critical(self, title, text)


def is_lesson_file(path) -> bool:
    """Whether ``path`` is a JSON file whose ``format`` says lesson (a cheap look before a full load)."""
    import json

    from playground.lessons import LESSON_FORMAT

    try:
        doc = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and doc.get("format") == LESSON_FORMAT
