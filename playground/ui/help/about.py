"""About: the version, and the licenses of the libraries the app ships with."""

from __future__ import annotations

import html
import platform
from dataclasses import dataclass

import numpy
import pyqtgraph
import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from playground import __version__
from playground.assets import resource_path


@dataclass(frozen=True)
class Component:
    """A library the app is built on, with its version and its license file(s) in ``resources/licenses``."""

    name: str
    version: str
    license: str
    files: tuple[str, ...]


def components() -> list[Component]:
    """The runtime libraries and the licenses they are used under."""
    return [
        Component("Qt", qVersion(), "LGPL-3.0 (GPL-3.0 incorporated by reference)", ("LGPL-3.0.txt", "GPL-3.0.txt")),
        Component("PySide6", PySide6.__version__, "LGPL-3.0", ("LGPL-3.0.txt", "GPL-3.0.txt")),
        Component("NumPy", numpy.__version__, "BSD-3-Clause (and the notices in its file)", ("numpy.txt",)),
        Component("pyqtgraph", pyqtgraph.__version__, "MIT", ("pyqtgraph.txt",)),
    ]


def about_html() -> str:
    """The About page: what the app is, its version and the versions and licenses of its libraries."""
    rows = "".join(f"<tr><td>{html.escape(c.name)}</td><td>{html.escape(c.version)}</td>"
                   f"<td>{html.escape(c.license)}</td></tr>" for c in components())
    return (f"<h2>Backprop Playground {html.escape(__version__)}</h2>"
            "<p>An offline desktop app that teaches how neural networks learn by backpropagation. "
            "MIT license.</p>"
            f"<p>Python {html.escape(platform.python_version())}</p>"
            "<table cellspacing='6'><tr><th align='left'>Library</th><th align='left'>Version</th>"
            f"<th align='left'>License</th></tr>{rows}</table>"
            "<p>The full license texts are in the other tabs.</p>")


def license_text(filename: str) -> str:
    """The text of a license shipped in ``resources/licenses``."""
    return resource_path("licenses", filename).read_text(encoding="utf-8")


class AboutDialog(QDialog):
    """The About window: a summary tab, then one tab per license text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Backprop Playground")
        self.tabs = QTabWidget(self)
        summary = QTextBrowser()
        summary.setHtml(about_html())
        self.tabs.addTab(summary, "About")
        shown: set[str] = set()
        for component in components():
            for filename in component.files:
                if filename in shown:
                    continue
                shown.add(filename)
                text = QTextBrowser()
                text.setPlainText(license_text(filename))
                self.tabs.addTab(text, filename.removesuffix(".txt"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)
