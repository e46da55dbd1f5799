"""File > Export ▸: Python scripts, data, loss and weights files, and figures.

The numbers come from :mod:`playground.export` (Qt-free, shared with
``playground export``) with the app's *live* weights, so a script exported
mid-training starts from what the canvas shows. Figures are drawn by Qt:
PNG through ``QWidget.render`` into a pixmap at 1× or 2× device pixels, SVG
through pyqtgraph's ``SVGExporter`` for the plots (real vector items) and
``QSvgGenerator`` for the canvas and the whole window. Every failure shows
through ``window.show_message`` and leaves the app as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, NamedTuple

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QAction, QPainter, QPixmap
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QMenu,
                               QWidget)


try:  # QtSvg is a separate Qt module; some PySide6 builds (and distro splits) leave it out.
    from PySide6.QtSvg import QSvgGenerator
except ImportError:  # pragma: no cover - depends on the installed PySide6
    QSvgGenerator = None


def _export():
    """:mod:`playground.export`, loaded at the first export: the window's first frame does not need it."""
    from playground import export

    return export


#: Whether the canvas and the window can be saved as SVG (the plots always can, through pyqtgraph).
SVG_WIDGETS = QSvgGenerator is not None
SCALES = (1, 2)


class FigureChoice(NamedTuple):
    """What Export ▸ Figure… writes: ``target`` (a key of :meth:`ExportMenu.figure_targets`),
    ``fmt`` (``"png"`` or ``"svg"``) and ``scale`` (1 or 2, PNG only)."""
    target: str
    fmt: str
    scale: int = 1


class FigureDialog(QDialog):
    """Asks which figure, which format and, for PNG, which scale."""

    def __init__(self, targets: dict[str, tuple[str, QWidget, bool]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export figure")
        self._targets = targets
        layout = QFormLayout(self)
        self.target = QComboBox()
        for key, (label, _widget, _is_plot) in targets.items():
            self.target.addItem(label, key)
        self.fmt = QComboBox()
        self.scale = QComboBox()
        for s in SCALES:
            self.scale.addItem(f"{s}×", s)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout.addRow("Figure", self.target)
        layout.addRow("Format", self.fmt)
        layout.addRow("Scale", self.scale)
        layout.addRow(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.target.currentIndexChanged.connect(self._update_formats)
        self.fmt.currentIndexChanged.connect(self._update_scale)
        self._update_formats()

    def _update_formats(self) -> None:
        key = self.target.currentData()
        svg = svg_possible(self._targets[key][2])
        self.fmt.clear()
        self.fmt.addItem("PNG", "png")
        if svg:
            self.fmt.addItem("SVG", "svg")
        self.note.setText("" if svg else "SVG of the canvas and the window needs QtSvg, which this PySide6 "
                                         "lacks: PNG only.")
        self._update_scale()

    def _update_scale(self) -> None:
        self.scale.setEnabled(self.fmt.currentData() == "png")

    def choice(self) -> FigureChoice:
        return FigureChoice(self.target.currentData(), self.fmt.currentData(), self.scale.currentData())


def svg_possible(is_plot: bool) -> bool:
    """Plots export SVG through pyqtgraph; other widgets need QtSvg."""
    return is_plot or SVG_WIDGETS


# ------------------------------------------------------------ figure writers
def write_png(widget: QWidget, path: str | Path, scale: int = 1) -> None:
    """``widget`` as a PNG of ``scale`` × its size in device-independent pixels.

    Raises
    ------
    OSError
        When the image cannot be written.
    """
    size = widget.size()
    pixmap = QPixmap(QSize(size.width() * scale, size.height() * scale))
    pixmap.setDevicePixelRatio(scale)  # the widget paints at its own size, sharper, not bigger
    pixmap.fill(QWidget.palette(widget).window().color())  # QWidget's: the canvas has its own `palette`
    QWidget.render(widget, pixmap)  # QWidget's: a QGraphicsView (the plots) overrides render() for its scene
    if not pixmap.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def write_plot_svg(plot_widget, path: str | Path) -> None:
    """A pyqtgraph PlotWidget as SVG: pyqtgraph's ``SVGExporter``, else Qt's generator.

    pyqtgraph 0.14's exporter fails on the path syntax newer Qt writes
    (pyqtgraph issue #3485: ``x,y = c.split(',')`` raises ValueError with
    Qt 6.11); the plot is then drawn through ``QSvgGenerator`` instead, which
    is also vector output, only with less tidy grouping.

    Raises
    ------
    OSError
        When neither exporter wrote the file.
    """
    from pyqtgraph.exporters import SVGExporter  # imported on use: pyqtgraph loads its exporters lazily

    try:
        SVGExporter(plot_widget.plotItem).export(fileName=str(path))
    except Exception as exc:  # noqa: BLE001 - any failure of the third-party walk: try Qt's generator
        if QSvgGenerator is None:
            raise OSError(f"pyqtgraph's SVG exporter failed ({type(exc).__name__}: {exc})") from exc
        write_widget_svg(plot_widget, path)
    if not Path(path).is_file():
        raise OSError(f"could not write {path}")


def write_widget_svg(widget: QWidget, path: str | Path) -> None:
    """Any widget as SVG through ``QSvgGenerator`` (needs QtSvg; see :data:`SVG_WIDGETS`).

    Raises
    ------
    OSError
        When QtSvg is missing or the file was not written.
    """
    if QSvgGenerator is None:
        raise OSError("SVG needs QtSvg, which this PySide6 lacks")
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(widget.size())
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle(widget.windowTitle() or "Backprop Playground")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"could not write {path}")
    try:
        QWidget.render(widget, painter, QPoint())  # the painter overload needs the offset
    except BaseException:
        painter.end()
        Path(path).unlink(missing_ok=True)  # the generator wrote the header already: no half file
        raise
    painter.end()
    if not Path(path).is_file():
        raise OSError(f"could not write {path}")


# ------------------------------------------------------------ the menu
class ExportMenu:
    """File > Export ▸ for a main window.

    Parameters
    ----------
    window : MainWindow
        Provides ``session``, ``files``, ``output`` (its ``loss_history`` and
        ``figure_targets``), ``editor`` (the canvas) and ``show_message``.
    file_menu : QMenu

    Attributes
    ----------
    ask_figure : callable () -> FigureChoice or None
        The Figure… dialog (tests replace it); None = cancelled.
    """

    def __init__(self, window, file_menu: QMenu) -> None:
        self.window = window
        self.ask_figure: Callable[[], FigureChoice | None] = self._figure_dialog
        self.menu = file_menu.addMenu("&Export")
        self.actions: dict[str, QAction] = {}
        for key, text, slot in (
                ("pytorch", "Python script (&PyTorch)…", lambda: self.export_script("pytorch")),
                ("numpy", "Python script (&NumPy)…", lambda: self.export_script("numpy")),
                ("data", "&Data as CSV…", self.export_data),
                ("loss", "&Loss history as CSV…", self.export_loss),
                ("weights", "&Weights as .npz…", self.export_weights),
                ("figure", "&Figure…", self.export_figure)):
            action = self.menu.addAction(text)
            action.triggered.connect(lambda *_, s=slot: s())
            self.actions[key] = action
        self.menu.insertSeparator(self.actions["figure"])

    # ------------------------------------------------------------ helpers
    def _ask_path(self, title: str, name: str, file_filter: str) -> Path | None:
        start = str(Path(self.window.files.last_dir) / name)
        path, _ = QFileDialog.getSaveFileName(self.window, title, start, file_filter)
        if not path:
            return None
        path = Path(path)
        return path if path.suffix else path.with_suffix(Path(name).suffix)

    def _run(self, what: str, write: Callable[[], object], path: Path) -> bool:
        """Call ``write``; a message either way, never an exception."""
        try:
            write()
        except (OSError, ValueError) as exc:
            self.window.show_message(f"Could not export {what} to {path}: {exc}")
            return False
        self.window.show_message(f"Exported {what} to {path}.", "info")
        return True

    def live_model(self):
        """:func:`playground.export.export_model` of the session with its live weights and epoch."""
        session = self.window.session
        weights, biases = session.parameters()
        snapshot = session.latest_snapshot
        epoch = snapshot.epoch if snapshot is not None else 0
        experiment = self.window.files.experiment_to_save()
        return _export().export_model(experiment, session.prepared, weights, biases, epoch)

    # ------------------------------------------------------------ numbers and scripts
    def export_script(self, kind: str) -> bool:
        label = {"pytorch": "PyTorch", "numpy": "NumPy"}[kind]
        path = self._ask_path(f"Export {label} script", f"net_{kind}.py", "Python (*.py);;All files (*)")
        if path is None:
            return False
        return self._run(f"the {label} script", lambda: _export().write_script(path, kind, self.live_model()), path)

    def export_data(self) -> bool:
        path = self._ask_path("Export data", "data.csv", "CSV (*.csv);;All files (*)")
        if path is None:
            return False
        return self._run("the data", lambda: _export().write_data_csv(path, self.window.session.prepared), path)

    def export_loss(self) -> bool:
        path = self._ask_path("Export loss history", "loss.csv", "CSV (*.csv);;All files (*)")
        if path is None:
            return False
        epochs, (train, test) = self.window.output.loss_history()
        return self._run("the loss history", lambda: _export().write_loss_csv(path, epochs, train, test), path)

    def export_weights(self) -> bool:
        path = self._ask_path("Export weights", "weights.npz", "NumPy archive (*.npz);;All files (*)")
        if path is None:
            return False

        def write():
            m = self.live_model()
            _export().write_weights_npz(path, m.weights, m.biases, m.activations, m.feature_names,
                                        m.class_names, m.norm_mean, m.norm_std)
        return self._run("the weights", write, path)

    # ------------------------------------------------------------ figures
    def figure_targets(self) -> dict[str, tuple[str, QWidget, bool]]:
        """``key -> (label, widget, is_pyqtgraph_plot)`` in menu order."""
        w = self.window
        return {**w.output.figure_targets(),
                "canvas": ("Network canvas", w.editor, False),
                "window": ("Whole window", w, False)}

    def _figure_dialog(self) -> FigureChoice | None:
        dialog = FigureDialog(self.figure_targets(), self.window)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def export_figure(self) -> bool:
        choice = self.ask_figure()
        if choice is None:
            return False
        label, widget, is_plot = self.figure_targets()[choice.target]
        if choice.fmt == "svg" and not svg_possible(is_plot):
            self.window.show_message(f"SVG of the {label.lower()} needs QtSvg, which this PySide6 lacks; "
                                     "export it as PNG.")
            return False
        png = choice.fmt == "png"
        path = self._ask_path(f"Export {label.lower()}", f"{choice.target}.{choice.fmt}",
                              "PNG image (*.png)" if png else "SVG image (*.svg)")
        if path is None:
            return False
        if png:
            return self._run(f"the {label.lower()}", lambda: _guarded(lambda: write_png(widget, path, choice.scale)), path)
        write = (lambda: write_plot_svg(widget, path)) if is_plot else (lambda: write_widget_svg(widget, path))
        return self._run(f"the {label.lower()}", lambda: _guarded(write), path)


def _guarded(write: Callable[[], None]) -> None:
    """Run a third-party exporter; any exception it raises becomes an OSError with its text.

    pyqtgraph's exporters raise whatever their item walk hits (AttributeError,
    TypeError, ...); the menu must show a message, not crash the app.
    """
    try:
        write()
    except OSError:
        raise
    except Exception as exc:  # noqa: BLE001 - see the docstring
        raise OSError(f"{type(exc).__name__}: {exc}") from exc
