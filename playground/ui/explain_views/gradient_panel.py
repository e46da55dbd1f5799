"""The gradient-check panel: backprop against finite differences, in a sortable table, and breakable.

Run compares every weight's and bias's backprop gradient with a numeric
estimate (:func:`playground.explain.gradient_check`) on a copy of the current
network and up to ``DEFAULT_POINTS`` training points, off the GUI thread. The
verdict line says pass or fail with the worst relative error. "Break it"
swaps one backward equation for a classic bug (:data:`playground.explain.BUGS`)
so students see what a failing check looks like; choosing one re-runs the check.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox, QTableView,
    QVBoxLayout, QWidget,
)

from playground.explain import BUGS, gradient_check, verdict
from playground.ui.explain_views.gradient_model import (
    RELATIVE, RELATIVE_ERROR_TIP, SORT_ROLE, GradientTableModel,
)
from playground.ui.explain_views.jobs import LatestJob
from playground.ui.explain_views.style import set_status, status_color
from playground.ui.plots.theme import PaletteRestyleMixin

#: Training points the check uses by default (4 forward passes over them per parameter).
DEFAULT_POINTS = 64
MAX_POINTS = 1000


def bug_title(name: str) -> str:
    """``drop_derivative`` -> ``drop derivative`` (the combo's text; the description is BUGS')."""
    return name.replace("_", " ")


class GradientCheckPanel(PaletteRestyleMixin, QWidget):
    """Table of backprop vs numeric gradients, a verdict, a bug switch and a Run button.

    Parameters
    ----------
    adapter : SessionAdapter

    Signals
    -------
    check_finished(object)
        The :class:`~playground.explain.Verdict` of a check that was shown.
    """

    check_finished = Signal(object)

    def __init__(self, adapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.adapter = adapter
        self.job = LatestJob(self)
        self.job.finished.connect(self._on_job_finished)
        self.job.failed.connect(self._on_job_failed)
        self.verdict = None
        self.rows: list = []
        self._shown_request = 0
        self._stale = False
        self._checked = (None, None)  # (training step, loss) of the check shown

        self.bug_box = QComboBox()
        self.bug_box.addItem("none (textbook backprop)", None)
        for name, (description, _) in BUGS.items():
            self.bug_box.addItem(bug_title(name), name)
            self.bug_box.setItemData(self.bug_box.count() - 1, description, Qt.ItemDataRole.ToolTipRole)
        self.bug_box.setToolTip("Swap one backward equation for a classic mistake (in a copy of backprop),\n"
                                "to see what a failing gradient check looks like.")
        self.bug_text = QLabel()
        self.bug_text.setWordWrap(True)
        self.points_box = QSpinBox()
        self.points_box.setRange(1, MAX_POINTS)
        self.points_box.setValue(DEFAULT_POINTS)
        self.points_box.setToolTip("Training points the check uses, spread over the training set.\n"
                                   "The numeric gradient costs 4 forward passes over them per parameter.")
        self.run_button = QPushButton("Run check")
        self.run_button.setToolTip("Compare backprop's gradient of every weight and bias with finite differences.")
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict_label.setToolTip(RELATIVE_ERROR_TIP)

        self.model = GradientTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(RELATIVE, Qt.SortOrder.DescendingOrder)  # worst first, as the check returns them
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        controls = QHBoxLayout()
        controls.addWidget(QLabel("Break it:"))
        controls.addWidget(self.bug_box, 1)
        controls.addWidget(QLabel("points:"))
        controls.addWidget(self.points_box)
        controls.addWidget(self.run_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addLayout(controls)
        box.addWidget(self.bug_text)
        box.addWidget(self.verdict_label)
        box.addWidget(self.table, 1)

        self.run_button.clicked.connect(self.run)
        self.bug_box.currentIndexChanged.connect(self._on_bug_box_changed)
        adapter.network_rebuilt.connect(self._on_network_changed)
        adapter.problem_changed.connect(self._on_problem_changed)
        adapter.snapshot_arrived.connect(self._on_snapshot_arrived)
        self._show_bug()
        self.points_box.setMaximum(max(1, min(MAX_POINTS, adapter.n_training())))
        set_status(self.verdict_label, "Press Run check to compare backprop with finite differences.")

    # ------------------------------------------------------------ running
    @property
    def bug(self) -> str | None:
        return self.bug_box.currentData()

    def run(self) -> int:
        """Start a check of the current network (copies) in the background; returns its request number."""
        net = self.adapter.network()
        X, T = self.adapter.training_data(self.points_box.value())
        loss, bug = self.adapter.loss(), self.bug
        n = sum(w.size + b.size for w, b in zip(net.weights, net.biases))
        self.run_button.setEnabled(False)
        self._checked = (self.adapter.step(), loss)
        set_status(self.verdict_label, f"Checking {n} gradients on {len(X)} training points…")
        return self.job.submit(lambda: gradient_check(net, X, T, loss=loss, bug=bug))

    def _on_job_finished(self, request: int, rows, seconds: float) -> None:
        if request != self.job.last_request:
            return  # a newer check is on its way
        self.run_button.setEnabled(True)
        self._stale = False
        self._shown_request = request
        self.rows = rows
        self.model.set_rows(rows)
        self.verdict = verdict(rows)
        self._show_verdict()
        self.check_finished.emit(self.verdict)

    def _on_job_failed(self, request: int, message: str) -> None:
        if request != self.job.last_request:
            return
        self.run_button.setEnabled(True)
        set_status(self.verdict_label, f"The check could not run: {message}", "fail")

    def _show_verdict(self) -> None:
        v = self.verdict
        if v is None:
            return
        text = v.text
        if self._stale:
            text += " (The network has changed since: run the check again.)"
        set_status(self.verdict_label, text, "pass" if v.passed else "fail")

    # ------------------------------------------------------------ reactions
    def _show_bug(self) -> None:
        name = self.bug
        self.bug_text.setText("Backprop as in the textbook." if name is None else f"Bug: {BUGS[name][0]}.")

    def _on_bug_box_changed(self, _index: int) -> None:
        self._show_bug()
        if self.verdict is not None or self.job.busy:
            self.run()  # the point of the switch is to see the check fail (or pass again) at once

    def _on_network_changed(self) -> None:
        self.points_box.setMaximum(max(1, min(MAX_POINTS, self.adapter.n_training())))
        if self.verdict is not None and not self._stale:
            self._stale = True
            self._show_verdict()

    def _on_problem_changed(self) -> None:
        if self.adapter.loss() != self._checked[1]:
            self._on_network_changed()

    def _on_snapshot_arrived(self, step: int, weights, biases) -> None:
        if step != self._checked[0]:
            self._on_network_changed()  # trained since: the gradients shown are of older weights

    def _restyle(self) -> None:
        self.model.fail_color = QColor(status_color(self, "fail"))
        self.model.layoutChanged.emit()
        kind = self.verdict_label.property("status_kind") or "note"
        set_status(self.verdict_label, self.verdict_label.text(), kind)

    def shutdown(self) -> None:
        self.job.wait()
