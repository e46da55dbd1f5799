"""Train and test loss versus epoch: log toggle, hover readout, constant cost.

The history is decimated (:class:`DecimatedHistory`), the curves clip to the
view and downsample, and the axes follow the data in jumps (only when a point
leaves the view) instead of re-autoranging every frame. Panning or zooming by
hand stops following; the "fit" button starts it again.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QWidget

from playground.notation import batch_loss_formula, plain, rich
from playground.ui.plots.follow import follow, reset_range
from playground.ui.plots.history import DecimatedHistory
from playground.ui.plots.lazy_menu import plot_widget
from playground.ui.style import colors
from playground.ui.style.numbers import fmt
from playground.ui.plots.theme import (
    DecadeAxis, PlotHeaderMixin, header_unit, palette_colors, readable_color, stack_header_over_plot, style_plot,
)
from playground.ui.window.settings import read_bool

TRAIN_COLOR = colors.TRAIN_CURVE
TEST_COLOR = colors.TEST_CURVE
#: Wide pens cost ~10x more to rasterize than 1 px ones (the CPU draws every frame).
PEN_WIDTH = 1
#: The formula title's size, and the room its line leaves at the plot's edges.
TITLE_POINTS = 8
TITLE_MARGIN_PX = 12


class LossPlot(PlotHeaderMixin, QWidget):
    """Panel with the loss curves, a "log y" toggle and a hover readout."""

    def save_view(self, settings) -> None:
        settings.setValue("view/loss_log", self.log_check.isChecked())

    def restore_view(self, settings) -> None:
        self.log_check.setChecked(read_bool(settings, "view/loss_log", True))

    def __init__(self, parent: QWidget | None = None, capacity: int = 4096) -> None:
        super().__init__(parent)
        self.history = DecimatedHistory(n_series=2, capacity=capacity)
        self.follow = True
        self._dirty = False
        self.loss_name: str | None = None
        self._shown_formula: str | None = None

        self.log_check = QCheckBox("log y")
        self.log_check.setToolTip("Logarithmic loss axis")
        self.log_check.setChecked(True)
        self.fit_button = QPushButton("fit")
        self.fit_button.setToolTip("Fit the axes to the whole curve and follow new points again")
        self.fit_button.setFlat(True)
        self.readout = QLabel("")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The key lives in the title: a legend inside the plot would cover the curves.
        self.title = title = QLabel()
        header = QHBoxLayout()
        header.setContentsMargins(4, 0, 4, 0)
        header.addWidget(title)
        header.addWidget(self.readout, 1)
        header.addWidget(self.log_check)
        header.addWidget(self.fit_button)

        self.plot = plot_widget(axisItems={"left": DecadeAxis("left")})
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "epoch")
        item.setLabel("left", "loss")
        self.train_curve = item.plot(pen=pg.mkPen(TRAIN_COLOR, width=PEN_WIDTH), name="train",
                                     clipToView=True, autoDownsample=True, downsampleMethod="peak")
        self.test_curve = item.plot(pen=pg.mkPen(TEST_COLOR, width=PEN_WIDTH), name="test",
                                    clipToView=True, autoDownsample=True, downsampleMethod="peak")
        self.view = item.getViewBox()
        self.view.disableAutoRange()
        self.view.setMouseEnabled(x=True, y=True)
        self.view.sigRangeChangedManually.connect(self._on_view_range_changed_manually)
        self._mouse_proxy = pg.SignalProxy(self.plot.scene().sigMouseMoved, rateLimit=30,
                                           slot=self._on_mouse_moved)
        self._restyle()

        stack_header_over_plot(self, header, self.plot)
        self.log_check.toggled.connect(self._on_log_toggled)
        self.fit_button.clicked.connect(self.fit)
        self._on_log_toggled(self.log_check.isChecked())

    def _restyle(self) -> None:
        style_plot(self.plot)
        self._write_key()

    def _write_key(self) -> None:
        """The key in the title, its colours nudged to stay readable on the header (orange on white was 2:1)."""
        train, test = (readable_color(c, self).name() for c in (TRAIN_COLOR, TEST_COLOR))
        self.title.setText(f"<b>Loss</b> {header_unit('━ train', train)} {header_unit('━ test', test)}")
        self._shown_formula = None  # redrawn in the (new) theme's colour
        self._fit_formula()

    def _formula_forms(self) -> list[str]:
        """The loss formula, longest first: the whole batch mean, the per-sample J_i, the mean alone."""
        full = batch_loss_formula(self.loss_name)
        mean, _, per_sample = full.partition(",  ")
        return [full, per_sample, mean] if per_sample else [full]

    def _fit_formula(self) -> None:
        """The formula is the plot's own title, one line over the curves (the header row has
        no room for it): whole when it fits the plot's width, else its longest form that does;
        the tooltip always holds it whole."""
        item = self.plot.getPlotItem()
        if not self.loss_name:
            self._shown_formula = None
            item.setTitle(None)
            return
        forms = self._formula_forms()
        font = QFont(self.plot.font())
        font.setPointSizeF(TITLE_POINTS)
        metrics = QFontMetricsF(font)
        # The title spans the view box only, not the loss axis beside it.
        room = self.plot.width() - item.getAxis("left").width() - TITLE_MARGIN_PX
        shown = next((f for f in forms if metrics.horizontalAdvance(plain(f).replace("_", "")) <= room), forms[-1])
        if shown != self._shown_formula:
            self._shown_formula = shown
            item.setTitle(rich(shown), size=f"{TITLE_POINTS:g}pt", color=palette_colors(self.plot)[1])
        self.plot.setToolTip(f"Loss curves of {plain(forms[0])}")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_formula()

    def title_text(self) -> str:
        """The loss formula the plot shows (rich text, whole), ``""`` before a loss is set."""
        return rich(batch_loss_formula(self.loss_name)) if self.loss_name else ""

    def shown_title(self) -> str:
        """The title as drawn now: the formula, shortened when the plot is narrow."""
        return self.plot.getPlotItem().titleLabel.text if self.loss_name else ""

    def set_loss(self, name: str) -> None:
        """Show the formula of loss ``name`` (a key of the engine's LOSSES) as the plot's title."""
        if name != self.loss_name:
            self.loss_name = name
            self._write_key()

    # ------------------------------------------------------------ data
    def clear(self) -> None:
        """Forget the curves (new build)."""
        self.history.clear()
        self.train_curve.setData([], [])
        self.test_curve.setData([], [])
        self.readout.setText("")
        self.follow = True
        self._dirty = False
        reset_range(self.view, self.log_check.isChecked())

    def add_points(self, epochs, train_loss, test_loss) -> None:
        """Append loss points ``(k,)`` each; drawn at the next :meth:`refresh`."""
        if len(epochs):
            self.history.append(epochs, np.vstack([train_loss, test_loss]))
            self._dirty = True

    def refresh(self) -> None:
        """Redraw from the history (cheap: at most ``capacity`` points)."""
        if not self._dirty:
            return
        self._dirty = False
        x, y = self.history.arrays()
        train, test = y
        self.train_curve.setData(x, self._positive(train))
        # connect="finite" skips the NaNs of a missing test set.
        self.test_curve.setData(x, self._positive(test), connect="finite")
        if self.follow:
            self._follow(x, y)

    def _positive(self, values: np.ndarray) -> np.ndarray:
        """Log axes cannot show zero; clamp to a tiny positive value in log mode."""
        if self.log_check.isChecked():
            return np.where(values > 0, values, np.nan) if np.any(values <= 0) else values
        return values

    def history_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The stored loss history: epochs ``(m,)`` and ``(train, test)`` losses ``(2, m)``
        (test NaN where there is no test set; decimated to at most ``capacity`` points)."""
        return self.history.arrays()

    # ------------------------------------------------------------ axes
    def fit(self) -> None:
        """Fit the whole curve and follow new points again."""
        self.follow = True
        x, y = self.history.arrays()
        self._follow(x, y, force=True)

    def _follow(self, x: np.ndarray, y: np.ndarray, force: bool = False) -> None:
        follow(self.view, x, y, self.log_check.isChecked(), force)

    def _on_view_range_changed_manually(self, *args) -> None:
        self.follow = False

    def _on_log_toggled(self, on: bool) -> None:
        self.plot.getPlotItem().setLogMode(y=on)
        # setLogMode switches autorange back on; this plot ranges itself (see follow).
        self.view.disableAutoRange()
        self._dirty = True
        self.refresh()
        self.fit()

    # ------------------------------------------------------------ hover
    def _on_mouse_moved(self, event) -> None:
        pos = event[0]
        if not self.plot.sceneBoundingRect().contains(pos) or len(self.history) == 0:
            return
        epoch = self.view.mapSceneToView(pos).x()
        self.readout.setText(self.readout_at(epoch))

    def readout_at(self, epoch: float) -> str:
        """Text for the stored point nearest to ``epoch``."""
        x, y = self.history.arrays()
        if x.size == 0:
            return ""
        i = int(np.clip(np.searchsorted(x, epoch), 0, x.size - 1))
        if i > 0 and abs(x[i - 1] - epoch) < abs(x[i] - epoch):
            i -= 1
        text = f"epoch {int(x[i])}: train {fmt(y[0, i])}"
        if np.isfinite(y[1, i]):
            text += f", test {fmt(y[1, i])}"
        return text

    # ------------------------------------------------------------ export
    def figure_widget(self) -> pg.PlotWidget:
        """The plot to export as a figure (File > Export > Figure…)."""
        return self.plot


def _demo() -> None:  # pragma: no cover - manual look
    app = pg.mkQApp()
    w = LossPlot()
    e = np.arange(1, 5001)
    w.add_points(e, 0.7 * np.exp(-e / 800) + 0.02, 0.7 * np.exp(-e / 900) + 0.05)
    w.refresh()
    w.resize(500, 300)
    w.show()
    app.exec()


if __name__ == "__main__":  # pragma: no cover
    _demo()
