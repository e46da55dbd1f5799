"""Teacher mode: write a lesson in the app and save it as a lesson file students open.

The teacher starts from the open lesson or from the app's current
experiment, then writes the steps: a title, the rich text (a plain editor
beside a live preview), which controls to hide or bring forward, and the
checkpoints (condition, sentence, hint). The draft is the lesson's JSON
document; after every edit it is validated exactly as a lesson file is
(``playground.lessons.lesson_from_dict``) and the first problem is shown,
naming its field. Save is possible only for a valid draft, through
``save_lesson`` (atomic).
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
    QPlainTextEdit, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from playground.lessons import CONTROLS, LESSON_FORMAT, LESSON_VERSION, LessonError, lesson_from_dict, lesson_to_dict
from playground.lessons import parse_condition, save_lesson
from playground.experiment.errors import ExperimentError
from playground.experiment.serialize import experiment_to_dict
from playground.ui.lessons.browser import LESSON_FILTER
from playground.ui.lessons.panel import lesson_text_browser
from playground.ui.style import colors

NEW_STEP_TEXT = "<p>What the student reads: the idea, then what to do.</p>"
ERROR_COLOR = colors.REFUSED
#: Columns of the controls table.
HIDE_COLUMN, SHOW_COLUMN = 1, 2
CHECKPOINT_COLUMNS = ("check", "text", "hint")


def new_lesson_document(experiment) -> dict:
    """A one-step lesson document around an experiment (teacher mode's starting point)."""
    doc = experiment_to_dict(experiment)
    for key in ("format", "version", "state"):
        doc.pop(key, None)
    return {"format": LESSON_FORMAT, "version": LESSON_VERSION, "title": "New lesson",
            "summary": "One sentence for the lesson list.", "experiment": doc,
            "steps": [{"title": "First step", "text": NEW_STEP_TEXT}]}


class TeacherWindow(QDialog):
    """The lesson editor.

    Parameters
    ----------
    panel : LessonPanel
        Opens the saved lesson (Save and open).
    experiment : Experiment
        The app's current experiment, for a new lesson.
    lesson : Lesson, optional
        Edit this lesson instead (its experiment and steps, solutions kept).
    base_dir : Path, optional
        Folder a relative CSV path of a new lesson's experiment is relative to.

    Signals
    -------
    saved(str)
        The path a valid lesson was saved to.
    """

    saved = Signal(str)

    def __init__(self, panel, experiment, lesson=None, base_dir=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Teacher mode — write a lesson")
        self.panel = panel
        if lesson is not None:
            self.doc = lesson_to_dict(lesson)
            self.base_dir, self.name = lesson.base_dir, lesson.name
        else:
            self.doc = new_lesson_document(experiment)
            self.base_dir, self.name = (Path(base_dir) if base_dir else None), "new-lesson"
        self.error: str | None = None
        self.path: Path | None = None

        self.title_edit = QLineEdit(self.doc["title"])
        self.summary_edit = QLineEdit(self.doc["summary"])
        self.steps = QListWidget()
        self.add_step_button = QPushButton("Add step")
        self.remove_step_button = QPushButton("Remove step")
        self.step_title = QLineEdit()
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("<p>Rich text: p b i sub sup ul li img …</p>")
        self.preview = lesson_text_browser()
        self.controls = QTableWidget(len(CONTROLS), 3)
        self.controls.setHorizontalHeaderLabels(["Control", "Hide", "Bring forward"])
        self.controls.verticalHeader().hide()
        self.controls.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.controls.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, (name, description) in enumerate(CONTROLS.items()):
            item = QTableWidgetItem(name)
            item.setToolTip(description)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.controls.setItem(row, 0, item)
            for column in (HIDE_COLUMN, SHOW_COLUMN):
                box = QTableWidgetItem()
                box.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                box.setCheckState(Qt.CheckState.Unchecked)
                self.controls.setItem(row, column, box)
        self.checkpoints = QTableWidget(0, 3)
        self.checkpoints.setHorizontalHeaderLabels(["Check (e.g. test_loss < 0.1)", "Says", "Hint"])
        self.checkpoints.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_checkpoint_button = QPushButton("Add checkpoint")
        self.remove_checkpoint_button = QPushButton("Remove checkpoint")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton("Save as…")
        self.save_open_button = QPushButton("Save as and open…")
        close = QPushButton("Close")

        self._layout(close)
        self.title_edit.textEdited.connect(lambda text: self._set_top("title", text))
        self.summary_edit.textEdited.connect(lambda text: self._set_top("summary", text))
        self.steps.currentRowChanged.connect(self._show_step)
        self.add_step_button.clicked.connect(self.add_step)
        self.remove_step_button.clicked.connect(self.remove_step)
        self.step_title.textEdited.connect(lambda text: self._set_step("title", text))
        self.text_edit.textChanged.connect(self._on_text_changed)
        self.controls.itemChanged.connect(self._on_control_changed)
        self.checkpoints.itemChanged.connect(self._on_checkpoint_changed)
        self.add_checkpoint_button.clicked.connect(self.add_checkpoint)
        self.remove_checkpoint_button.clicked.connect(self.remove_checkpoint)
        self.save_button.clicked.connect(lambda: self.ask_save(open_after=False))
        self.save_open_button.clicked.connect(lambda: self.ask_save(open_after=True))
        close.clicked.connect(self.close)
        self._fill_steps(0)
        self.resize(1100, 760)

    def _layout(self, close: QPushButton) -> None:
        top = QFormLayout()
        top.addRow("Lesson title", self.title_edit)
        top.addRow("Summary", self.summary_edit)

        step_column = QVBoxLayout()
        step_column.addWidget(QLabel("<b>Steps</b>"))
        step_column.addWidget(self.steps, 1)
        step_column.addWidget(self.add_step_button)
        step_column.addWidget(self.remove_step_button)
        steps_box = QWidget()
        steps_box.setLayout(step_column)

        text_split = QSplitter(Qt.Orientation.Horizontal)
        text_split.addWidget(self.text_edit)
        text_split.addWidget(self.preview)
        checkpoint_buttons = QHBoxLayout()
        checkpoint_buttons.addWidget(QLabel("<b>Checkpoints</b>"))
        checkpoint_buttons.addStretch(1)
        checkpoint_buttons.addWidget(self.add_checkpoint_button)
        checkpoint_buttons.addWidget(self.remove_checkpoint_button)
        editor = QVBoxLayout()
        step_form = QFormLayout()
        step_form.addRow("Step title", self.step_title)
        editor.addLayout(step_form)
        editor.addWidget(QLabel("<b>Text</b> (left: rich text to edit · right: what students see)"))
        editor.addWidget(text_split, 3)
        editor.addLayout(checkpoint_buttons)
        editor.addWidget(self.checkpoints, 2)
        editor_box = QWidget()
        editor_box.setLayout(editor)

        controls_column = QVBoxLayout()
        controls_column.addWidget(QLabel("<b>Controls in this step</b>"))
        controls_column.addWidget(self.controls, 1)
        controls_box = QWidget()
        controls_box.setLayout(controls_column)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(steps_box)
        split.addWidget(editor_box)
        split.addWidget(controls_box)
        split.setSizes([170, 600, 330])

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_open_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    # ------------------------------------------------------------ the draft
    @property
    def step_docs(self) -> list[dict]:
        return self.doc["steps"]

    @property
    def current(self) -> int:
        return self.steps.currentRow()

    def _current_doc(self) -> dict | None:
        k = self.current
        return self.step_docs[k] if 0 <= k < len(self.step_docs) else None

    def lesson(self):
        """The draft as a validated Lesson.

        Raises
        ------
        LessonError
            Naming the first invalid field.
        """
        return lesson_from_dict(copy.deepcopy(self.doc), name=self.name, base_dir=self.base_dir)

    def validate(self) -> bool:
        """Check the draft; show the first problem (or that it is valid). True when valid."""
        try:
            lesson = self.lesson()
        except (LessonError, ExperimentError) as exc:
            self.error = str(exc)
            self.status.setText(f"<span style='color:{ERROR_COLOR}'>✗ {_escape(self.error)}</span>")
        else:
            self.error = None
            self.status.setText(f"✓ A valid lesson: {len(lesson.steps)} steps, {len(lesson.checkpoints)} checkpoints.")
        for button in (self.save_button, self.save_open_button):
            button.setEnabled(self.error is None)
        return self.error is None

    def _set_top(self, key: str, text: str) -> None:
        self.doc[key] = text
        self.validate()

    def _set_step(self, key: str, value) -> None:
        step = self._current_doc()
        if step is None:
            return
        if value in ("", [], None):
            step.pop(key, None)
        else:
            step[key] = value
        if key == "title":
            self.steps.currentItem().setText(f"{self.current + 1}. {value}")
        self.validate()

    # ------------------------------------------------------------ steps
    def _fill_steps(self, select: int) -> None:
        with QSignalBlocker(self.steps):
            self.steps.clear()
            for k, step in enumerate(self.step_docs):
                self.steps.addItem(f"{k + 1}. {step.get('title', '')}")
        self.steps.setCurrentRow(max(0, min(select, len(self.step_docs) - 1)))
        self._show_step(self.current)

    def add_step(self) -> None:
        """A new step after the current one."""
        at = self.current + 1
        self.step_docs.insert(at, {"title": f"Step {at + 1}", "text": NEW_STEP_TEXT})
        self._fill_steps(at)

    def remove_step(self) -> None:
        """Remove the current step (a lesson keeps at least one)."""
        if len(self.step_docs) <= 1 or self.current < 0:
            return
        del self.step_docs[self.current]
        self._fill_steps(self.current)

    def _show_step(self, k: int) -> None:
        step = self._current_doc()
        self.remove_step_button.setEnabled(len(self.step_docs) > 1)
        if step is None:
            return
        blockers = [QSignalBlocker(w) for w in (self.step_title, self.text_edit, self.controls, self.checkpoints)]
        self.step_title.setText(step.get("title", ""))
        self.text_edit.setPlainText(step.get("text", ""))
        self.preview.setHtml(step.get("text", ""))
        hide, show = set(step.get("hide", [])), set(step.get("show", []))
        for row, name in enumerate(CONTROLS):
            self.controls.item(row, HIDE_COLUMN).setCheckState(_checked(name in hide))
            self.controls.item(row, SHOW_COLUMN).setCheckState(_checked(name in show))
        self.checkpoints.setRowCount(0)
        for checkpoint in step.get("checkpoints", []):
            self._append_checkpoint_row(checkpoint)
        del blockers
        self.validate()

    # ------------------------------------------------------------ text and controls
    def _on_text_changed(self) -> None:
        text = self.text_edit.toPlainText()
        self.preview.setHtml(text)
        self._set_step("text", text)

    def _on_control_changed(self, item: QTableWidgetItem) -> None:
        if item.column() not in (HIDE_COLUMN, SHOW_COLUMN):
            return
        key = "hide" if item.column() == HIDE_COLUMN else "show"
        names = [name for row, name in enumerate(CONTROLS)
                 if self.controls.item(row, item.column()).checkState() == Qt.CheckState.Checked]
        self._set_step(key, names)

    # ------------------------------------------------------------ checkpoints
    def _append_checkpoint_row(self, checkpoint: dict) -> None:
        row = self.checkpoints.rowCount()
        self.checkpoints.insertRow(row)
        for column, key in enumerate(CHECKPOINT_COLUMNS):
            self.checkpoints.setItem(row, column, QTableWidgetItem(checkpoint.get(key, "")))
        self._mark_check(row)

    def add_checkpoint(self, check: str = "train_loss < 0.1", text: str = "The training loss is below 0.1",
                       hint: str = "Press Play and let it train.") -> None:
        """Add a checkpoint to the current step (a sample to edit)."""
        step = self._current_doc()
        if step is None:
            return
        checkpoint = {"check": check, "text": text, "hint": hint}
        step.setdefault("checkpoints", []).append(checkpoint)
        with QSignalBlocker(self.checkpoints):
            self._append_checkpoint_row(checkpoint)
        self.validate()

    def remove_checkpoint(self) -> None:
        step = self._current_doc()
        row = self.checkpoints.currentRow()
        if step is None or not (0 <= row < len(step.get("checkpoints", []))):
            return
        del step["checkpoints"][row]
        if not step["checkpoints"]:
            del step["checkpoints"]
        self.checkpoints.removeRow(row)
        self.validate()

    def set_checkpoint(self, row: int, key: str, value: str) -> None:
        """Edit one cell (as typing into the table does)."""
        self.checkpoints.item(row, CHECKPOINT_COLUMNS.index(key)).setText(value)

    def _on_checkpoint_changed(self, item: QTableWidgetItem) -> None:
        step = self._current_doc()
        if step is None or item.row() >= len(step.get("checkpoints", [])):
            return
        step["checkpoints"][item.row()][CHECKPOINT_COLUMNS[item.column()]] = item.text()
        if item.column() == 0:
            with QSignalBlocker(self.checkpoints):
                self._mark_check(item.row())
        self.validate()

    def _mark_check(self, row: int) -> None:
        """Colour a check cell red with the grammar's message when it does not parse."""
        item = self.checkpoints.item(row, 0)
        try:
            parse_condition(item.text(), f"checkpoints[{row}].check")
        except LessonError as exc:
            item.setForeground(QBrush(QColor(ERROR_COLOR)))
            item.setToolTip(str(exc))
        else:
            item.setForeground(QBrush())
            item.setToolTip("")

    # ------------------------------------------------------------ saving
    def save_to(self, path) -> bool:
        """Save the valid draft to ``path`` (``.json`` added when it has no suffix); False with the reason shown."""
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".json")
        if not self.validate():
            return False
        try:
            lesson = lesson_from_dict(copy.deepcopy(self.doc), name=path.stem, base_dir=self.base_dir)
            save_lesson(lesson, path)
        except (LessonError, ExperimentError, OSError) as exc:
            self.status.setText(f"<span style='color:{ERROR_COLOR}'>✗ Not saved: {_escape(str(exc))}</span>")
            return False
        self.path, self.name, self.base_dir = path, path.stem, path.parent
        self.status.setText(f"✓ Saved to {_escape(str(path))}. Students open it with File › Open.")
        self.saved.emit(str(path))
        return True

    def ask_save(self, open_after: bool = False) -> bool:
        start = str(self.path) if self.path else str(Path.home() / f"{self.name}.json")
        path, _ = QFileDialog.getSaveFileName(self, "Save lesson", start, LESSON_FILTER)
        if not path or not self.save_to(path):
            return False
        if open_after:
            self.panel.open_file(self.path)
        return True


def _checked(on: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked


def _escape(text: str) -> str:
    import html

    return html.escape(text)
