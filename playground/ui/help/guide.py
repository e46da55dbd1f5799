"""The offline user guide: ``resources/help/guide.html`` in a QTextBrowser."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from playground.assets import resource_path

GUIDE_FILE = "guide.html"


class GuideDialog(QDialog):
    """A non-modal window showing the user guide; links inside it jump to its sections.

    Parameters
    ----------
    parent : QWidget, optional
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backprop Playground — user guide")
        self.setObjectName("guide_dialog")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guide_browser")
        # Relative links and images resolve inside resources/help, never on the network.
        self.browser.setSearchPaths([str(resource_path("help"))])
        self.browser.setOpenExternalLinks(False)
        self.browser.setSource(QUrl.fromLocalFile(str(resource_path("help", GUIDE_FILE))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 640)

    def show_section(self, anchor: str = "") -> None:
        """Show the window at ``anchor`` (a section name such as ``"math"``), or at the top."""
        if anchor:
            self.browser.scrollToAnchor(anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)
        self.show()
        self.raise_()
        self.activateWindow()
