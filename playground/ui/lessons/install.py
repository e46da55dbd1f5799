"""Puts the lessons into a MainWindow: the dock with the lesson panel, the Lessons menu, File > Open of lessons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget

from playground.ui.lessons import progress_store
from playground.ui.lessons.adapter import WindowAdapter
from playground.ui.lessons.browser import LessonBrowser, ask_lesson_file
from playground.ui.lessons.panel import LessonPanel, is_lesson_file

#: Width the lesson dock opens with (px): a 360 px lesson image fits without a scroll bar.
DOCK_WIDTH = 400


class Lessons(QObject):
    """The lesson features of one window.

    Attributes
    ----------
    panel : LessonPanel
        ``panel.record_action(name)`` records a ``ui`` action for the open lesson.
    dock : QDockWidget
        Holds the panel; shown while a lesson is open.
    menu : QMenu
        Lessons: Browse lessons…, Open lesson file…, Reset this lesson, Close lesson, Teacher mode…
    """

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.adapter = WindowAdapter(window)
        self.panel = LessonPanel(self.adapter)
        self.dock = QDockWidget("Lesson", window)
        self.dock.setObjectName("lesson_dock")
        # Closed with the panel's "Close lesson", so the hidden controls always come back.
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.dock.setWidget(self.panel)
        self.adapter.add_dock(self.dock, Qt.DockWidgetArea.RightDockWidgetArea)
        self.dock.hide()
        # The window restores its docks as they were at the last exit: without a lesson, this one stays hidden.
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        self.browser: LessonBrowser | None = None
        self.teacher = None

        self.menu = self.adapter.add_menu("&Lessons")
        self.browse_action = self.menu.addAction("&Browse lessons…", self.open_browser)
        self.browse_action.setShortcut(QKeySequence("Ctrl+L"))
        self.open_file_action = self.menu.addAction("&Open lesson file…", self.ask_open_file)
        self.menu.addSeparator()
        self.reset_action = self.menu.addAction("&Reset this lesson", self.panel.reset_lesson)
        self.close_action = self.menu.addAction("&Close lesson", self.panel.close_lesson)
        self.menu.addSeparator()
        self.teacher_action = self.menu.addAction("&Teacher mode…", self.open_teacher)
        self.panel.lesson_changed.connect(self._on_lesson_changed)
        self._on_lesson_changed(None)
        self.adapter.route_lesson_files(self.open_if_lesson)

    # ------------------------------------------------------------ opening
    def open_browser(self, welcome: bool = False) -> LessonBrowser:
        """Show the lesson browser (not modal: the app stays usable)."""
        if self.browser is not None:
            self.browser.close()
        self.browser = LessonBrowser(self.panel, welcome=welcome, parent=self.window)
        self.browser.show()
        self.browser.raise_()
        return self.browser

    def offer_welcome(self) -> bool:
        """On the first start only, show the lesson browser as a welcome; True if shown."""
        settings = self.adapter.settings
        if settings.value(progress_store.WELCOMED_KEY, False, type=bool):
            return False
        settings.setValue(progress_store.WELCOMED_KEY, True)
        self.open_browser(welcome=True)
        return True

    def ask_open_file(self) -> bool:
        path = ask_lesson_file(self.window)
        return bool(path) and self.panel.open_file(path)

    def open_if_lesson(self, path) -> bool | None:
        """File > Open's hook: open a lesson file in the panel; None for any other file."""
        if not is_lesson_file(path):
            return None
        return self.panel.open_file(Path(path))

    def open_teacher(self):
        """Teacher mode: edit the open lesson, or start a new one from the current experiment."""
        from playground.ui.lessons.teacher import TeacherWindow

        if self.teacher is not None:
            self.teacher.close()
        self.teacher = TeacherWindow(self.panel, self.adapter.experiment, lesson=self.panel.lesson,
                                     base_dir=self.adapter.experiment_base_dir, parent=self.window)
        self.teacher.show()
        return self.teacher

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible and self.panel.lesson is None:
            self.dock.hide()

    def _on_lesson_changed(self, lesson) -> None:
        self.reset_action.setEnabled(lesson is not None)
        self.close_action.setEnabled(lesson is not None)
        if lesson is None:
            self.dock.hide()
        else:
            self.adapter.show_dock(self.dock, DOCK_WIDTH)


def install(window) -> Lessons:
    """Give a MainWindow its lessons; returns them (the window keeps them as ``window.lessons``)."""
    return Lessons(window)
