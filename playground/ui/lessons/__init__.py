"""Lessons in the app: the lesson panel, the browser, teacher mode and the Lessons menu.

``install(window)`` adds them to a MainWindow and returns the :class:`Lessons`
it made; ``window.lessons.panel.record_action(name)`` is how other panels
report what the student did. Only ``adapter.py`` touches the window's internals.
"""

from playground.ui.lessons.install import Lessons, install

__all__ = ["Lessons", "install"]
