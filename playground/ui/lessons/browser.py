"""The lesson browser: the shipped lessons in chapter order, with each one's progress.

Reached from Lessons > Browse lessons…, and shown once as the welcome on the
first start. Open starts (or continues) a lesson in the lesson panel; Reset
progress forgets what the student met; "Open lesson file…" opens any lesson file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from playground.lessons import LessonError, load_lesson, shipped_lessons
from playground.ui.lessons import progress_store

LESSON_FILTER = "Lessons (*.json);;All files (*)"
WELCOME = ("<h3>Welcome to Backprop Playground</h3>"
           "<p>These lessons follow the backpropagation chapter, one idea each, in the live app. "
           "Pick one to start, or close this window to explore on your own; the lessons stay in the "
           "<b>Lessons</b> menu.</p>")


def ask_lesson_file(parent: QWidget, start_dir: str = "") -> str:
    """A file dialog for a lesson file; "" when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, "Open lesson", start_dir or str(Path.home()), LESSON_FILTER)
    return path


class LessonBrowser(QDialog):
    """The list of shipped lessons.

    Parameters
    ----------
    panel : LessonPanel
        Opens the chosen lesson.
    welcome : bool
        Show the first-run greeting above the list.
    """

    def __init__(self, panel, welcome: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lessons")
        self.panel = panel
        self.settings = panel.settings
        self.lessons = []
        problems = []
        for path in shipped_lessons():
            try:
                self.lessons.append(load_lesson(path))
            except LessonError as exc:  # a broken file must not hide the others
                problems.append(str(exc))

        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        self.open_button = QPushButton("Open")
        self.open_button.setDefault(True)
        self.reset_button = QPushButton("Reset progress")
        self.file_button = QPushButton("Open lesson file…")
        close = QPushButton("Close")

        layout = QVBoxLayout(self)
        if welcome:
            greeting = QLabel(WELCOME)
            greeting.setWordWrap(True)
            layout.addWidget(greeting)
        layout.addWidget(self.list, 1)
        if problems:
            note = QLabel("Not listed: " + "; ".join(problems))
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.reset_button, self.file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        self.list.itemDoubleClicked.connect(lambda *_: self.open_selected())
        self.list.currentRowChanged.connect(lambda *_: self._enable())
        self.open_button.clicked.connect(self.open_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.file_button.clicked.connect(self.open_file)
        close.clicked.connect(self.reject)
        self.refresh()
        self.resize(560, 520)

    def refresh(self) -> None:
        """Fill the list again (progress may have changed)."""
        row = max(self.list.currentRow(), 0)
        self.list.clear()
        for lesson in self.lessons:
            item = QListWidgetItem(f"{lesson.title}   —   {progress_store.summary(self.settings, lesson)}\n"
                                   f"{lesson.summary}")
            item.setData(Qt.ItemDataRole.UserRole, lesson.name)
            self.list.addItem(item)
        if self.lessons:
            self.list.setCurrentRow(min(row, len(self.lessons) - 1))
        self._enable()

    def selected(self):
        row = self.list.currentRow()
        return self.lessons[row] if 0 <= row < len(self.lessons) else None

    def open_selected(self) -> bool:
        lesson = self.selected()
        if lesson is None or not self.panel.open_lesson(lesson):
            return False
        self.accept()
        return True

    def reset_selected(self) -> None:
        """Forget the selected lesson's progress (and start it over if it is the open one)."""
        lesson = self.selected()
        if lesson is None:
            return
        if self.panel.lesson is not None and self.panel.lesson.name == lesson.name:
            self.panel.reset_lesson()
        progress_store.clear_progress(self.settings, lesson)
        self.refresh()

    def open_file(self) -> bool:
        path = ask_lesson_file(self)
        if not path or not self.panel.open_file(path):
            return False
        self.accept()
        return True

    def _enable(self) -> None:
        has = self.selected() is not None
        self.open_button.setEnabled(has)
        self.reset_button.setEnabled(has)
