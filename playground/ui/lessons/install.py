"""Puts the lessons into a MainWindow: the dock with the lesson panel, the Lessons menu, File > Open of lessons.

The lesson panel, the browser and the lesson files' code (``playground.lessons``)
are imported and built when first needed: a lesson opened, the browser shown
(the welcome, after the first frame), the dock restored open. Until then no
lesson is open and there is nothing to track (issue 13: fast start-up).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget

from playground.ui.lessons.adapter import WindowAdapter
from playground.ui.window.lazy_dock import LazyDock

#: Width the lesson dock opens with (px): a 360 px lesson image fits without a scroll bar.
DOCK_WIDTH = 400


class Lessons(QObject):
    """The lesson features of one window.

    Attributes
    ----------
    panel : LessonPanel
        ``panel.record_action(name)`` records a ``ui`` action for the open lesson
        (built on first access; :meth:`record_action` never builds it).
    dock : LazyDock
        Holds the panel; shown while a lesson is open.
    menu : QMenu
        Lessons: Browse lessons…, Open lesson file…, Reset this lesson, Close lesson, Teacher mode…
    """

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.adapter = WindowAdapter(window)
        self.dock = LazyDock("Lesson", "lesson_dock", self._make_panel, window)
        # Closed with the panel's "Close lesson", so the hidden controls always come back.
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.adapter.add_dock(self.dock, Qt.DockWidgetArea.RightDockWidgetArea)
        self.dock.hide()
        # The window restores its docks as they were at the last exit: without a lesson, this one stays hidden.
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        self.browser = None
        self.teacher = None

        self.menu = self.adapter.add_menu("&Lessons")
        self.browse_action = self.menu.addAction("&Browse lessons…", self.open_browser)
        self.browse_action.setShortcut(QKeySequence("Ctrl+L"))
        self.open_file_action = self.menu.addAction("&Open lesson file…", self.ask_open_file)
        self.menu.addSeparator()
        self.reset_action = self.menu.addAction("&Reset this lesson", lambda: self.panel.reset_lesson())
        self.close_action = self.menu.addAction("&Close lesson", lambda: self.panel.close_lesson())
        self.menu.addSeparator()
        self.teacher_action = self.menu.addAction("&Teacher mode…", self.open_teacher)
        self._on_lesson_changed(None)
        self.adapter.route_lesson_files(self.open_if_lesson)

    @property
    def panel(self):
        """The LessonPanel (built now if it was not yet)."""
        return self.dock.widget()

    def _make_panel(self):
        # Imported here: the panel, its tracker and playground.lessons load with the first lesson.
        from playground.ui.lessons.panel import LessonPanel

        panel = LessonPanel(self.adapter)
        panel.lesson_changed.connect(self._on_lesson_changed)
        return panel

    def record_action(self, name: str) -> None:
        """``panel.record_action(name)``; before the panel exists no lesson is open: nothing to record."""
        if self.dock.is_built:
            self.panel.record_action(name)

    # ------------------------------------------------------------ opening
    def open_browser(self, welcome: bool = False):
        """Show the lesson browser (not modal: the app stays usable); returns the LessonBrowser."""
        from playground.ui.lessons.browser import LessonBrowser

        if self.browser is not None:
            self.browser.close()
        self.browser = LessonBrowser(self.panel, welcome=welcome, parent=self.window)
        self.browser.show()
        self.browser.raise_()
        return self.browser

    def offer_welcome(self) -> bool:
        """On the first start only, show the lesson browser as a welcome; True if shown."""
        from playground.ui.lessons import progress_store

        settings = self.adapter.settings
        if settings.value(progress_store.WELCOMED_KEY, False, type=bool):
            return False
        settings.setValue(progress_store.WELCOMED_KEY, True)
        self.open_browser(welcome=True)
        return True

    def ask_open_file(self) -> bool:
        from playground.ui.lessons.browser import ask_lesson_file

        path = ask_lesson_file(self.window)
        return bool(path) and self.panel.open_file(path)

    def open_if_lesson(self, path) -> bool | None:
        """File > Open's hook: open a lesson file in the panel; None for any other file."""
        from playground.ui.lessons.panel import is_lesson_file

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
