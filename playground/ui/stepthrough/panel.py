"""The step-through panel: one training sample through the network, equation by equation.

Pick a point (a click in the boundary plot, Previous / Next, "a misclassified
one", or a table row when the data has more than two inputs), then walk it
forward, through the loss, backward and through the update, one neuron or one
layer at a time, or as an animation. The canvas highlights what each stop
computes and reads (``NetworkEditor.highlight``). "Apply this step" applies
that one online SGD step, undoably. Everything is computed from a
:class:`~playground.ui.stepthrough.adapter.Frozen` copy, so the panel stays
consistent while training runs, and says so.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpinBox,
    QTableWidget, QTableWidgetItem, QTextBrowser, QToolButton, QVBoxLayout, QWidget,
)

from playground.explain import walkthrough
from playground.ui.stepthrough import render
from playground.ui.stepthrough.adapter import SessionLink
from playground.ui.stepthrough.cursor import Cursor, stops
from playground.ui.stepthrough.marks import marks_for
from playground.ui.stepthrough.points import PointPicker, misfits, plot_coordinates
from playground.ui.style import numbers
from playground.ui.style.changes import style_changes

#: Sums longer than this are folded to their first terms, "…" and the last one.
MAX_TERMS = 4
#: Animation speeds (stops per second).
SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0)
#: Rows of the point table (data with more than two inputs).
TABLE_ROWS = 500


class StepThroughPanel(QWidget):
    """The dock's widget.

    Parameters
    ----------
    session : Session
    actions : Actions
        The window's one (``ui/edits/actions.py``): "Apply this step" is an undo step there.
    editor : NetworkEditor
        Its ``highlight`` / ``clear_highlight`` show the marks.
    boundary : BoundaryPlot
        Clicks on it pick a point; a ring marks the chosen one.

    Signals
    -------
    shown()
        The panel's text and the canvas were updated (after every move).
    action_done(str)
        A lesson action (``playground.lessons.actions``): ``followed_sample`` when a
        walk reached the backward pass, ``applied_step`` after "Apply this step".
    """

    shown = Signal()
    action_done = Signal(str)

    def __init__(self, session, actions, editor, boundary, parent=None):
        super().__init__(parent)
        self.link = SessionLink(session, actions, self)
        self.editor = editor
        self.boundary = boundary
        self.picker = PointPicker(boundary, self)
        self.frozen = None
        self.walk = None
        self.cursor: Cursor | None = None
        self.point = 0
        self.predictions = None
        self.wrong = np.zeros(0, dtype=int)
        self.active = False
        self.marks = None  # the canvas highlights shown last (playground.ui.stepthrough.marks.Marks)
        self.unfolded: set = set()
        self.expanded: set = set()
        self._stale_reason = ""
        self._applying = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_timer_timeout)
        self._build()
        self.link.moved.connect(self._check_current)
        self.link.rebuilt.connect(self._on_link_rebuilt)
        self.link.edited.connect(self._on_link_edited)
        self.picker.picked.connect(self.set_point)

    # ------------------------------------------------------------ building
    def _button(self, text: str, tip: str, slot, shortcut: str | None = None) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip + (f" ({shortcut})" if shortcut else ""))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The panel keeps the focus, so the arrow keys go on stepping after a click.
        button.clicked.connect(lambda *_: (self.setFocus(), slot()))
        if shortcut:
            key = QShortcut(QKeySequence(shortcut), self)
            key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            key.activated.connect(slot)
        return button

    def _build(self) -> None:
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.setSpacing(4)

        # --- the point
        row = QHBoxLayout()
        self.prev_point_button = self._button("◀ Point", "Previous training point", lambda: self.set_point(self.point - 1))
        self.next_point_button = self._button("Point ▶", "Next training point", lambda: self.set_point(self.point + 1))
        self.point_spin = QSpinBox()
        self.point_spin.setToolTip("Number of the training point to walk through (or click a point in the "
                                   "decision boundary plot)")
        self.point_spin.setMinimum(1)
        self.point_spin.valueChanged.connect(lambda v: self.set_point(v - 1))
        self.misfit_button = self._button("A misclassified one", "Walk through a point the network gets wrong "
                                          "(the next one on each press)", self.pick_misfit)
        for w in (self.prev_point_button, self.point_spin, self.next_point_button, self.misfit_button):
            row.addWidget(w)
        row.addStretch(1)
        box.addLayout(row)
        self.point_label = QLabel()
        self.point_label.setWordWrap(True)
        self.point_label.setToolTip("The chosen training point: its raw inputs, its target and the network's output")
        box.addWidget(self.point_label)
        self.table = QTableWidget()
        self.table.setToolTip("Training points (the data has more than two inputs: pick a row instead of a "
                              "point in the plot)")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(130)
        self.table.cellClicked.connect(lambda r, _c: self.set_point(r))
        self.table.hide()
        box.addWidget(self.table)

        # --- the stepping
        row = QHBoxLayout()
        self.first_button = self._button("|◀", "First stop: the first neuron of the forward pass", self.first, "Home")
        self.back_button = self._button("◀ Back", "One neuron (or layer) back", self.previous, "Left")
        self.next_button = self._button("Next ▶", "One neuron (or layer) on", self.next, "Right")
        self.last_button = self._button("▶|", "Last stop: the update of the output layer", self.last, "End")
        for w in (self.first_button, self.back_button, self.next_button, self.last_button):
            w.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            row.addWidget(w)
        self.pace_combo = QComboBox()
        self.pace_combo.addItem("one neuron", "neuron")
        self.pace_combo.addItem("one layer", "layer")
        self.pace_combo.setToolTip("How far Next and Back go: one neuron, or a whole layer (L toggles)")
        self.pace_combo.currentIndexChanged.connect(lambda *_: self.set_pace(self.pace_combo.currentData()))
        toggle = QShortcut(QKeySequence("L"), self)
        toggle.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        toggle.activated.connect(lambda: self.pace_combo.setCurrentIndex(1 - self.pace_combo.currentIndex()))
        row.addWidget(self.pace_combo)
        row.addStretch(1)
        box.addLayout(row)

        row = QHBoxLayout()
        self.play_button = QToolButton()
        self.play_button.setText("▶ Animate")
        self.play_button.setCheckable(True)
        self.play_button.setToolTip("Step on by itself at the chosen speed; press again to stop (P)")
        self.play_button.toggled.connect(self._on_play_toggled)
        play_key = QShortcut(QKeySequence("P"), self)
        play_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        play_key.activated.connect(self.play_button.toggle)
        self.speed_combo = QComboBox()
        for s in SPEEDS:
            self.speed_combo.addItem(f"{s:g} stops/s", s)
        self.speed_combo.setCurrentIndex(SPEEDS.index(2.0))
        self.speed_combo.setToolTip("Speed of the animation")
        self.speed_combo.currentIndexChanged.connect(lambda *_: self._set_interval())
        self.decimals_spin = QSpinBox()
        self.decimals_spin.setRange(0, 8)
        self.decimals_spin.setValue(numbers.decimals())  # from Edit > Preferences > number precision
        self.decimals_spin.setPrefix("decimals ")
        self.decimals_spin.setToolTip("Number of decimals of every number shown")
        self.decimals_spin.valueChanged.connect(lambda *_: self.show_span())
        style_changes.precision_changed.connect(self._on_precision_changed)
        for w in (self.play_button, self.speed_combo, self.decimals_spin):
            row.addWidget(w)
        row.addStretch(1)
        box.addLayout(row)

        # --- the frozen notice
        self.notice = QFrame()
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        notice_box = QHBoxLayout(self.notice)
        notice_box.setContentsMargins(6, 2, 6, 2)
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setToolTip("The numbers below stay those of the copy they were computed from")
        self.refresh_button = self._button("Refresh", "Compute the walk again from the network as it is now",
                                           self.refresh, "F5")
        notice_box.addWidget(self.notice_label, 1)
        notice_box.addWidget(self.refresh_button)
        self.notice.hide()
        box.addWidget(self.notice)

        self.progress_label = QLabel()
        self.progress_label.setToolTip("Where the walk is: phase, layer, neuron")
        box.addWidget(self.progress_label)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.browser.setToolTip("The equations of this stop with the network's numbers; click (unfold) to "
                                "see a folded sum in full")
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        box.addWidget(self.browser, 1)

        row = QHBoxLayout()
        self.apply_button = self._button("Apply this step", "Apply exactly this one online SGD step "
                                         "(w ← w − η·∂J/∂w for every weight and bias) to the network; "
                                         "Edit > Undo takes it back", self.apply_step)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setToolTip("What the last action did")
        row.addWidget(self.apply_button)
        row.addWidget(self.status_label, 1)
        box.addLayout(row)
        self._set_interval()

    # ------------------------------------------------------------ activation
    def set_active(self, on: bool) -> None:
        """The dock is shown (compute, highlight, pick) or hidden (clear the canvas and the plot marker)."""
        self.active = bool(on)
        self.picker.set_enabled(on)
        if not on:
            self.play_button.setChecked(False)
            self.editor.clear_highlight()
            return
        self.setFocus()
        if self.frozen is None or not self.link.is_current(self.frozen) and not self.link.running:
            self.refresh()
        else:
            self._check_current()
            self.show_span()

    # ------------------------------------------------------------ the copy and the point
    def refresh(self) -> None:
        """Take a fresh copy of the network and compute the walk again (the cursor stays where it was)."""
        self.frozen = self.link.freeze()
        where = self.cursor.lo if self.cursor is not None else 0
        pace = self.pace_combo.currentData()
        self.predictions = self.frozen.network().predict(self.frozen.X)
        self.wrong = misfits(self.frozen, self.predictions)
        self.picker.set_points(plot_coordinates(self.frozen))
        n = self.frozen.n_points
        self.point_spin.blockSignals(True)
        self.point_spin.setMaximum(max(n, 1))
        self.point_spin.blockSignals(False)
        self._fill_table()
        regression = self.frozen.n_classes == 0
        self.misfit_button.setText("A badly fit one" if regression else "A misclassified one")
        self.misfit_button.setToolTip(
            "Walk through one of the worst-fit tenth of the points, worst first (the next one on each press)"
            if regression else "Walk through a point the network gets wrong (the next one on each press)")
        self.point = min(self.point, max(n - 1, 0))
        self._compute(keep=where, pace=pace)
        self._check_current()

    def set_point(self, k: int) -> None:
        """Walk training point ``k`` (wraps around) from the first stop."""
        if self.frozen is None:
            self.refresh()
        n = self.frozen.n_points
        if n == 0:
            return
        self.point = int(k) % n
        self.status_label.clear()
        self._compute(keep=0, pace=self.pace_combo.currentData())

    def pick_misfit(self) -> None:
        """The next point the network gets wrong after the current one."""
        if self.frozen is None:
            self.refresh()
        if len(self.wrong) == 0:
            self.status_label.setText("The network gets every training point right: nothing misclassified.")
            return
        if self.frozen.n_classes == 0:
            order = list(self.wrong)
            k = order[(order.index(self.point) + 1) % len(order)] if self.point in order else order[0]
        else:
            later = self.wrong[self.wrong > self.point]
            k = int(later[0]) if len(later) else int(self.wrong[0])
        self.set_point(int(k))

    def _compute(self, keep: int, pace: str) -> None:
        f, k = self.frozen, self.point
        self.unfolded.clear()
        self.expanded.clear()
        if f.n_points == 0:
            self.walk = self.cursor = None
            self.browser.setHtml("<p>There are no training points.</p>")
            return
        self.walk = walkthrough(f.network(), f.X[k], f.T[k], f.loss, learning_rate=f.learning_rate,
                                regularization=f.regularization, regularization_rate=f.regularization_rate)
        self.cursor = Cursor(stops(self.walk.sections(), f.sizes), pace)
        self.cursor.go(keep)
        self.point_spin.blockSignals(True)
        self.point_spin.setValue(k + 1)
        self.point_spin.blockSignals(False)
        if self.table.isVisible():
            self.table.selectRow(k)
        self.point_label.setText(render.point_html(f, k, self.predictions[k], k in set(self.wrong.tolist()),
                                                   self.decimals_spin.value()))
        self.picker.mark(k)
        self.show_span()

    def _fill_table(self) -> None:
        f = self.frozen
        many = f.raw.shape[1] > 2
        self.table.setVisible(many)
        if not many:
            return
        rows = min(f.n_points, TABLE_ROWS)
        names = list(f.raw_names) + ["target"]
        self.table.setColumnCount(len(names))
        self.table.setHorizontalHeaderLabels(names)
        self.table.setRowCount(rows)
        for r in range(rows):
            for c, v in enumerate([*f.raw[r], f.labels[r]]):
                self.table.setItem(r, c, QTableWidgetItem(numbers.fmt(float(v))))

    def _on_precision_changed(self, digits: int) -> None:
        """A new precision in Edit > Preferences: the equations take its decimals (the box can still change them)."""
        self.decimals_spin.setValue(numbers.decimals())

    # ------------------------------------------------------------ moving
    def next(self) -> bool:
        if self.cursor is None:
            return False
        moved = self.cursor.next()
        self.show_span()
        return moved

    def previous(self) -> bool:
        if self.cursor is None:
            return False
        moved = self.cursor.previous()
        self.show_span()
        return moved

    def first(self) -> None:
        if self.cursor is not None:
            self.cursor.first()
            self.show_span()

    def last(self) -> None:
        if self.cursor is not None:
            self.cursor.last()
            self.show_span()

    def go(self, k: int) -> None:
        if self.cursor is not None:
            self.cursor.go(k)
            self.show_span()

    def set_pace(self, pace: str) -> None:
        """``neuron`` or ``layer``: how far Next and Back go."""
        index = self.pace_combo.findData(pace)
        if index != self.pace_combo.currentIndex():
            self.pace_combo.setCurrentIndex(index)  # comes back here through the signal
            return
        if self.cursor is not None:
            self.cursor.set_pace(pace)
            self.show_span()

    def _on_play_toggled(self, on: bool) -> None:
        self.play_button.setText("■ Stop" if on else "▶ Animate")
        if on:
            if self.cursor is not None and self.cursor.at_end:
                self.cursor.first()
                self.show_span()
            self.timer.start()
        else:
            self.timer.stop()

    def _set_interval(self) -> None:
        self.timer.setInterval(int(1000 / self.speed_combo.currentData()))

    def _on_timer_timeout(self) -> None:
        if not self.next() or self.cursor.at_end:
            self.play_button.setChecked(False)

    # ------------------------------------------------------------ showing
    def show_span(self) -> None:
        """Write the stops the cursor spans and highlight them on the canvas."""
        if self.cursor is None or self.walk is None:
            return
        d = self.decimals_spin.value()
        self.progress_label.setText(render.progress(self.walk, self.cursor))
        html = render.span_html(self.walk, self.cursor, d, MAX_TERMS, self.unfolded, self.expanded)
        self.browser.setHtml(html)
        for button, enabled in ((self.first_button, not self.cursor.at_start),
                                (self.back_button, not self.cursor.at_start),
                                (self.next_button, not self.cursor.at_end),
                                (self.last_button, not self.cursor.at_end)):
            button.setEnabled(enabled)
        if self.active:
            self.marks = marks_for(self.walk, self.cursor.span, self.cursor.stops, self.cursor.hi, d)
            self.editor.highlight(self.marks.neurons, self.marks.edges, self.marks.labels)
        self.shown.emit()
        if any(stop.kind in ("backward", "update") for stop in self.cursor.span):
            self.action_done.emit("followed_sample")
        # Write the sections around this one while the user reads it: the next press finds them ready.
        QTimer.singleShot(0, self._prefetch)

    def _prefetch(self) -> None:
        cursor, walk = self.cursor, self.walk
        if cursor is None or walk is None:
            return
        d = self.decimals_spin.value()
        for k in (cursor.hi + 1, cursor.lo - 1):
            if 0 <= k < len(cursor.stops):
                stop = cursor.stops[k]
                walk.steps(d, MAX_TERMS, kind=stop.kind, layer=stop.layer)

    def _on_browser_anchor_clicked(self, url) -> None:
        parsed = render.parse_link(url.toString())
        if parsed is None:
            return
        what, key = parsed
        target = self.unfolded if what == "unfold" else self.expanded
        target.symmetric_difference_update({key})
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.show_span()
        bar.setValue(position)

    # ------------------------------------------------------------ consistency
    def _check_current(self) -> None:
        """Say so when the network moved on from the frozen copy; Apply only works on a current one."""
        if not self.active or self.frozen is None:
            return
        current = self.link.is_current(self.frozen)
        running = self.link.running
        if running or not current:
            f = self.frozen
            self.notice_label.setText(
                f"<b>Frozen copy</b> from epoch {f.epoch} (step {f.step}); training has moved on."
                if running or f.version == self.link.session.network_version else
                f"<b>Frozen copy</b> from epoch {f.epoch}; the network has changed since.")
            self.notice.show()
        else:
            self.notice.hide()
        self.apply_button.setEnabled(current and not running)

    def _on_link_rebuilt(self) -> None:
        # A new shape or new data: the old copy cannot be shown on the new canvas.
        if self.active and not self.link.running:
            self.refresh()
        else:
            self.frozen = self.walk = self.cursor = None
            self.editor.clear_highlight()

    def _on_link_edited(self) -> None:
        # An edit, an applied step, an undo or a redo, new settings while paused: follow the network.
        if self.active and not self.link.running and not self._applying and self.frozen is not None:
            self.refresh()

    # ------------------------------------------------------------ apply
    def apply_step(self) -> bool:
        """Apply the walk's online SGD step to the network (undoable); True if applied."""
        if self.frozen is None or self.walk is None:
            return False
        before = self.walk.loss
        self._applying = True
        try:
            why = self.link.apply_step(self.frozen, self.point)
        finally:
            self._applying = False
        if why is not None:
            self.status_label.setText(why)
            return False
        self.refresh()
        self.action_done.emit("applied_step")
        self.status_label.setText(f"Applied. J on point {self.point + 1}: {render_number(before, self)} → "
                                  f"{render_number(self.walk.loss, self)} (Edit > Undo takes it back).")
        return True


def render_number(value: float, panel: StepThroughPanel) -> str:
    from playground.notation import number

    return number(value, max(panel.decimals_spin.value(), 3))
