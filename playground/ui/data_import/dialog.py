"""The CSV import dialog: preview, separator, header, column types, target, features, split.

Nothing changes until OK. The file is read on a background thread
(:class:`~.job.BackgroundJob`) with a progress bar and a Stop button, so a
million rows never freeze the window; every choice is checked against the
whole file at once (:func:`~.plan.make_plan`) and the first problem is shown
with its line and column, OK disabled. OK runs the loader itself on the result
(so what the dialog accepted is what the experiment will load, and the
loader's cache is warm), then the dialog holds :attr:`ImportDialog.data_config`.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QProgressBar, QPushButton, QSpinBox, QTableView, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from playground.data.errors import CSVError
from playground.ui.data_import import plan as plans
from playground.ui.data_import.job import BackgroundJob
from playground.ui.style import colors
from playground.ui.style.sheets import apply_panel_style
from playground.ui.data_import.table_scan import PREVIEW_ROWS, SEPARATOR_NAMES, head_preview, scan, sniff

PROBLEMS = (("auto", "Automatic"), ("classification", "Classification"), ("regression", "Regression"))
TYPES = ("number", "text")


class ImportDialog(QDialog):
    """Choose how a CSV file becomes the experiment's data.

    Parameters
    ----------
    path : str or Path
    base : DataConfig, optional
        The current data (its seed, normalization and training share are the defaults).
    parent : QWidget, optional

    Attributes
    ----------
    data_config : DataConfig or None
        What OK produced (None until then).
    scan : TableScan or None
        The file as split with the current separator and header.
    plan : ImportPlan or None
    job : BackgroundJob or None
        The read or check under way.
    """

    def __init__(self, path, base=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        apply_panel_style(self)  # its column groups have bold titles, as the left column's
        self.path = Path(path)
        self.base = base
        self.data_config = None
        self.scan = None
        self.plan = None
        self.job: BackgroundJob | None = None
        self.setWindowTitle(f"Import {self.path.name}")
        try:
            self.detected = sniff(self.path)
        except CSVError:
            self.detected = (",", True)  # the scan reports the problem itself

        self.separator_combo = QComboBox()
        for sep, name in SEPARATOR_NAMES.items():
            self.separator_combo.addItem(name.capitalize(), sep)
        self.header_check = QCheckBox("First row is a header")
        self.detected_label = QLabel()
        self.detected_label.setStyleSheet("color: palette(mid);")
        self.preview_model = QStandardItemModel(self)
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.columns_table = QTableWidget(0, 3)
        self.columns_table.setHorizontalHeaderLabels(["Column", "Type", "Feature"])
        self.columns_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns_table.verticalHeader().hide()
        self.target_combo = QComboBox()
        self.problem_combo = QComboBox()
        for key, text in PROBLEMS:
            self.problem_combo.addItem(text, key)
        self.kind_label = QLabel()
        self.kind_label.setWordWrap(True)
        self.normalize_check = QCheckBox("Standardize the inputs")
        self.normalize_check.setChecked(True if base is None or base.source == "generator" else base.normalize)
        self.train_spin = QSpinBox()
        self.train_spin.setRange(10, 90)
        self.train_spin.setSuffix(" %")
        self.train_spin.setValue(int(round(100 * (base.train_fraction if base is not None else 0.7))))
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet(f"color: {colors.REFUSED}; font-weight: bold;")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress_label = QLabel()
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop reading the file")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._compose()

        self.separator_combo.currentIndexChanged.connect(self._rescan)
        self.header_check.toggled.connect(self._rescan)
        self.target_combo.currentIndexChanged.connect(self._on_target_changed)
        self.problem_combo.currentIndexChanged.connect(self._replan)
        self.columns_table.itemChanged.connect(self._replan)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._set_file_choices(*self.detected)
        self._start_scan()

    def _compose(self) -> None:
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("Separator"))
        file_row.addWidget(self.separator_combo)
        file_row.addWidget(self.header_check)
        file_row.addWidget(self.detected_label, 1)
        preview_box = QGroupBox(f"First {PREVIEW_ROWS} rows")
        QVBoxLayout(preview_box).addWidget(self.preview)
        form = QFormLayout()
        form.addRow("Target", self.target_combo)
        form.addRow("Problem", self.problem_combo)
        form.addRow("", self.kind_label)
        form.addRow("Inputs", self.normalize_check)
        form.addRow("Training share", self.train_spin)
        choices = QHBoxLayout()
        columns_box = QGroupBox("Columns")
        QVBoxLayout(columns_box).addWidget(self.columns_table)
        choices.addWidget(columns_box, 1)
        use_box = QGroupBox("Use")
        use_box.setLayout(form)
        choices.addWidget(use_box, 1)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{self.path}</b>"))
        layout.addLayout(file_row)
        layout.addWidget(preview_box, 2)
        layout.addLayout(choices, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addLayout(progress_row)
        layout.addWidget(self.buttons)
        self.resize(820, 680)

    # ------------------------------------------------------------ reading
    def _set_file_choices(self, separator: str, header: bool) -> None:
        blockers = [QSignalBlocker(self.separator_combo), QSignalBlocker(self.header_check)]
        self.separator_combo.setCurrentIndex(self.separator_combo.findData(separator))
        self.header_check.setChecked(header)
        sep, head = self.detected
        self.detected_label.setText(f"detected: {SEPARATOR_NAMES[sep]}, {'a header' if head else 'no header'}")
        del blockers

    def _rescan(self, *_) -> None:
        self._start_scan(self.separator_combo.currentData(), self.header_check.isChecked())

    def _start_scan(self, separator=None, header=None) -> None:
        self._cancel_job()
        self.scan = self.plan = None
        self._show_error(None)
        self.summary_label.setText("Reading the file…")
        try:
            # The first rows at once; the columns and checks follow when the whole file is read.
            sep, head = self.detected
            self._fill_preview(*head_preview(self.path, separator or sep, head if header is None else header))
        except CSVError:
            self.preview_model.clear()  # the scan names the problem
        self.job = BackgroundJob(partial(scan, self.path, separator, header), self)
        self._run_job(self._on_scan_succeeded)

    def _run_job(self, on_success, busy: bool = False) -> None:
        # Each handler gets its job: a signal of a job the user replaced or stopped is ignored.
        job = self.job
        job.succeeded.connect(lambda result: job is self.job and on_success(result))
        job.failed.connect(lambda exc: job is self.job and self._on_job_failed(exc))
        job.progressed.connect(lambda f, text: job is self.job and self._on_job_progressed(f, text))
        self.progress.setRange(0, 0 if busy else 1000)
        self.progress.setValue(0)
        self.progress_label.setText("")
        for w in (self.progress, self.progress_label, self.stop_button):
            w.setVisible(True)
        self._update_ok()
        self.job.start()

    def _finish_job(self) -> None:
        self.job = None
        for w in (self.progress, self.progress_label, self.stop_button):
            w.setVisible(False)
        self._update_ok()

    def _cancel_job(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None

    def _on_job_progressed(self, fraction: float, text: str) -> None:
        if self.progress.maximum():
            self.progress.setValue(int(1000 * fraction))
            self.progress_label.setText(text)

    def _on_stop_clicked(self) -> None:
        self._cancel_job()
        self._finish_job()
        if self.scan is None:
            self.summary_label.setText("Stopped. Change the separator or the header to read the file again.")
        else:
            self.summary_label.setText("Check stopped; nothing was changed. Press OK to try again.")

    def _on_job_failed(self, exc) -> None:
        self._finish_job()
        self.summary_label.setText("")
        self._show_error(str(exc))

    def _on_scan_succeeded(self, result) -> None:
        self._finish_job()
        self.scan = result
        self._set_file_choices(result.separator, result.header)
        self._fill_preview(result.names, result.preview(), result.lines[:PREVIEW_ROWS].tolist())
        self._fill_columns()
        self._replan()

    # ------------------------------------------------------------ choices
    def _fill_preview(self, names, rows, lines) -> None:
        """Show ``rows`` (lists of cells) under ``names``, each numbered by its file line."""
        self.preview_model.clear()
        self.preview_model.setHorizontalHeaderLabels(list(names))
        for r, (row, line) in enumerate(zip(rows, lines)):
            self.preview_model.appendRow([QStandardItem(c) for c in row])
            self.preview_model.setVerticalHeaderItem(r, QStandardItem(str(int(line))))
        self.preview.resizeColumnsToContents()

    def _fill_columns(self) -> None:
        s = self.scan
        blockers = [QSignalBlocker(self.columns_table), QSignalBlocker(self.target_combo)]
        self.columns_table.setRowCount(len(s.names))
        self.target_combo.clear()
        target = len(s.names) - 1  # the loader's default: the last column
        for j, (name, col) in enumerate(zip(s.names, s.columns)):
            self.columns_table.setItem(j, 0, QTableWidgetItem(name))
            self.columns_table.item(j, 0).setFlags(Qt.ItemFlag.ItemIsEnabled)
            combo = QComboBox()
            combo.addItems(TYPES)
            combo.setCurrentText(col.guessed)
            combo.currentIndexChanged.connect(self._replan)
            self.columns_table.setCellWidget(j, 1, combo)
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            use = j != target and col.guessed == "number"
            check.setCheckState(Qt.CheckState.Checked if use else Qt.CheckState.Unchecked)
            self.columns_table.setItem(j, 2, check)
            self.target_combo.addItem(name, j)
        self.target_combo.setCurrentIndex(target)
        self.columns_table.resizeColumnsToContents()
        self.columns_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        del blockers

    def type_combo(self, j: int) -> QComboBox:
        """The type chooser of column ``j``."""
        return self.columns_table.cellWidget(j, 1)

    def feature_item(self, j: int) -> QTableWidgetItem:
        """The check box saying whether column ``j`` is a feature."""
        return self.columns_table.item(j, 2)

    def _on_target_changed(self, *_) -> None:
        t = self.target_combo.currentData()
        if t is not None:
            with QSignalBlocker(self.columns_table):
                self.feature_item(t).setCheckState(Qt.CheckState.Unchecked)
        self._replan()

    def choices(self) -> plans.ImportChoices:
        """What the dialog's controls say now (needs a scan)."""
        n = len(self.scan.names)
        t = self.target_combo.currentData()
        features = tuple(j for j in range(n) if j != t and self.feature_item(j).checkState() == Qt.CheckState.Checked)
        return plans.ImportChoices(
            target=t, features=features, types=tuple(self.type_combo(j).currentText() for j in range(n)),
            problem=self.problem_combo.currentData(), normalize=self.normalize_check.isChecked(),
            train_fraction=self.train_spin.value() / 100)

    def _replan(self, *_) -> None:
        if self.scan is None:
            return
        t = self.target_combo.currentData()
        with QSignalBlocker(self.columns_table):
            for j in range(len(self.scan.names)):
                item = self.feature_item(j)
                usable = j != t and self.type_combo(j).currentText() == "number"
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled if usable
                              else Qt.ItemFlag.ItemIsUserCheckable)
                if not usable:
                    item.setCheckState(Qt.CheckState.Unchecked)
        self.plan = plans.make_plan(self.scan, self.choices(), self.detected)
        p = self.plan
        if p.kind == "classification":
            shown = ", ".join(p.class_names[:6]) + (", …" if len(p.class_names) > 6 else "")
            self.kind_label.setText(f"→ classification, {len(p.class_names)} classes: {shown}")
        elif p.kind == "regression":
            self.kind_label.setText("→ regression (the target is a number to predict)")
        else:
            self.kind_label.setText("")
        lines = [f"{self.scan.n_rows:,} rows, {len(self.choices().features)} feature columns."]
        if p.error is None:
            lines.append(f"Dropped: {p.dropped:,} rows" + (": " + "; ".join(p.drop_reasons) if p.drop_reasons
                                                            else " (no empty, NaN or infinite cells)."))
            if p.copy_reasons:
                lines.append(f"The loader would not read the file this way ({'; '.join(p.copy_reasons)}): OK "
                             f"writes a cleaned copy, <b>{plans.copy_path(self.path).name}</b>, next to the file, "
                             "and the experiment uses it.")
        self.summary_label.setText("<br>".join(lines))
        self._show_error(None if p.error is None else str(p.error))

    def _show_error(self, text: str | None) -> None:
        self.error_label.setText(text or "")
        self.error_label.setVisible(bool(text))
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.job is None and self.plan is not None and self.plan.error is None
        self.ok_button.setEnabled(ok)

    # ------------------------------------------------------------ OK / Cancel
    def accept(self) -> None:
        """Check the result with the loader (on the thread), then close with :attr:`data_config` set."""
        if self.job is not None or self.plan is None or self.plan.error is not None:
            return
        choices = self.choices()
        config = plans.data_config(self.scan, choices, self.plan, self.base)
        scanned, plan = self.scan, self.plan

        def check(progress, cancelled):
            from playground.data.csv_data import load_csv

            if plan.copy_reasons:
                progress(0.0, "Writing the cleaned copy")
                plans.write_clean_copy(scanned, choices, plans.copy_path(scanned.path))
            if cancelled():
                return None
            progress(0.0, "Checking with the loader")
            return load_csv(config.path, config.target, config.columns, config.problem)

        self.job = BackgroundJob(check, self)
        self._run_job(lambda _: self._on_checked(config), busy=True)

    def _on_checked(self, config) -> None:
        self._finish_job()
        self.data_config = config
        super().accept()

    def reject(self) -> None:
        self._cancel_job()
        super().reject()
