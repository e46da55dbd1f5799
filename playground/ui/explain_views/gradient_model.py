"""The gradient-check table's model: one row per parameter, sortable by any column.

Display text is formatted here; ``SORT_ROLE`` gives the raw number each
column sorts by (a :class:`QSortFilterProxyModel` with that sort role sorts
numerically, not as text).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from playground.explain.gradient_check import TOLERANCE
from playground.ui.style import colors
from playground.ui.style.changes import style_changes
from playground.ui.style.numbers import fmt

SORT_ROLE = Qt.ItemDataRole.UserRole

#: What a relative error means, for tooltips (the formula is gradient_check's).
RELATIVE_ERROR_TIP = (
    "Relative error = |backprop − numeric| / max(|backprop|, |numeric|, 1e−7).\n"
    f"At most {TOLERANCE:.0e}: the two agree up to rounding, backprop is right for this parameter.\n"
    "Around 1e−2 or more: backprop computes a different number, a bug (or a kink of relu right at a sample).\n"
    "It is relative, so a tiny gradient and a large one are judged alike."
)

COLUMNS = (
    ("parameter", "The weight w_ij (from neuron i to neuron j, counted from 1) or the bias b_j, and its layer."),
    ("backprop ∂J/∂θ", "The gradient backpropagation computes (with the bug chosen under 'Break it')."),
    ("numeric ∂J/∂θ", "Finite differences: (J(θ+h) − J(θ−h)) / 2h, refined to fourth order, with h = 1e−3.\n"
                      "Slow (4 forward passes per parameter) but independent of backprop."),
    ("relative error", RELATIVE_ERROR_TIP),
)
PARAMETER, BACKPROP, NUMERIC, RELATIVE = range(len(COLUMNS))


def _number(value: float) -> str:
    # Two digits more than the other views: agreement in the sixth digit is the point of the check.
    return fmt(value, 2)


class GradientTableModel(QAbstractTableModel):
    """Rows of :func:`playground.explain.gradient_check` (``GradientRow`` objects)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list = []
        self._order: dict[int, int] = {}
        self.fail_color = QColor(colors.FAILED)
        style_changes.precision_changed.connect(self._on_precision_changed)

    def _on_precision_changed(self, digits: int) -> None:
        """Edit > Preferences changed the precision: the views ask for every number again."""
        if self.rows:
            self.dataChanged.emit(self.index(0, BACKPROP), self.index(len(self.rows) - 1, NUMERIC))

    def set_rows(self, rows) -> None:
        """New rows; their order in the network (layer, weights then biases) is the parameter column's sort key."""
        self.beginResetModel()
        self.rows = list(rows)
        order = sorted(range(len(self.rows)), key=lambda k: (self.rows[k].layer, self.rows[k].j == -1,
                                                             self.rows[k].i, self.rows[k].j))
        self._order = {k: rank for rank, k in enumerate(order)}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section][1]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == PARAMETER:
                return row.name
            value = (row.backprop, row.numeric, row.rel_error)[column - 1]
            return f"{value:.1e}".replace("-", "−") if column == RELATIVE else _number(value)
        if role == SORT_ROLE:
            return float(self._order[index.row()]) if column == PARAMETER else \
                float((row.backprop, row.numeric, row.rel_error)[column - 1])
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == RELATIVE:
                state = "agrees" if row.rel_error <= TOLERANCE else "DISAGREES"
                return f"{row.name}: {state} (relative error {row.rel_error:.2e}).\n\n{RELATIVE_ERROR_TIP}"
            return COLUMNS[column][1]
        if role == Qt.ItemDataRole.ForegroundRole and row.rel_error > TOLERANCE:
            return self.fail_color
        if role == Qt.ItemDataRole.TextAlignmentRole and column != PARAMETER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
