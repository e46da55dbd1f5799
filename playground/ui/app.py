"""Start the Qt application and show the main window."""

from __future__ import annotations

import sys


def run_app(experiment: str | None = None) -> int:
    """Create the QApplication, open the main window, run the event loop."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Backprop Playground")
    app.setOrganizationName("Backprop Playground")
    window = QMainWindow()
    window.setWindowTitle("Backprop Playground")
    window.resize(1400, 860)
    window.show()
    return app.exec()
