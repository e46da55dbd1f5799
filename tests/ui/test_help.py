"""The Help menu: the guide opens offline at its sections, shortcuts come from the actions, About lists licenses."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from playground.ui.help.about import components, license_text
from playground.ui.help.shortcuts import action_name, shortcut_rows


def test_help_menu_lists_guide_shortcuts_and_about(window):
    texts = [action_name(a) for a in window.help.menu.actions() if not a.isSeparator()]
    assert texts == ["User guide", "The math", "Keyboard shortcuts", "Lessons", "About Backprop Playground"]
    assert window.help.guide_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)


def test_help_lessons_opens_the_lesson_browser(qtbot, window):
    assert window.lessons.browser is None or not window.lessons.browser.isVisible()
    window.help.lessons_action.trigger()
    browser = window.lessons.browser
    assert browser is not None and browser.isVisible()
    assert browser.parent() is window
    browser.close()


def test_guide_is_bundled_html_with_every_section(qtbot, window):
    guide = window.help.show_guide()
    qtbot.addWidget(guide)
    text = guide.browser.toPlainText()
    for heading in ("Building a network", "Data", "Training", "The plots", "Files and recovery", "The math"):
        assert heading in text
    # The textbook equations are there in readable form (sub/superscripts, Greek letters).
    assert "δj = f′(aj) · Σk wjk δk" in text
    assert guide.browser.source().isLocalFile()


def test_guide_jumps_to_a_section(qtbot, window):
    guide = window.help.show_guide()
    qtbot.addWidget(guide)
    guide.resize(500, 300)
    guide.browser.verticalScrollBar().setValue(0)
    window.help.math_action.trigger()
    assert guide.isVisible()
    assert guide.browser.verticalScrollBar().value() > 0


def test_shortcuts_come_from_the_windows_actions(qtbot, window):
    rows = dict(shortcut_rows(window.findChildren(QAction)))
    assert rows["Play"] == "Space"
    assert rows["Save"] == QKeySequence(QKeySequence.StandardKey.Save).toString(QKeySequence.SequenceFormat.NativeText)
    assert "Ctrl+Z" in rows["Undo"]
    # A new action with a shortcut shows up without editing any list.
    extra = QAction("&Frobnicate…", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+F"))
    window.addAction(extra)
    dialog = window.help.show_shortcuts()
    qtbot.addWidget(dialog)
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "Frobnicate" in names
    assert names == sorted(names, key=str.lower)


def test_about_shows_versions_and_full_license_texts(qtbot, window):
    dialog = window.help.show_about()
    qtbot.addWidget(dialog)
    summary = dialog.tabs.widget(0).toPlainText()
    for component in components():
        assert component.name in summary and component.version in summary
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs[1:] == ["LGPL-3.0", "GPL-3.0", "numpy", "pyqtgraph"]
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in license_text("LGPL-3.0.txt")
    assert "NumPy Developers" in license_text("numpy.txt")
