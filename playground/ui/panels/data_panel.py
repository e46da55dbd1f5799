"""The data panel (left): dataset picker with thumbnails, noise, train %, samples, features.

Any change here makes new data, which resets the network's weights; the panel
says so. Feature checkboxes go through a callback (the window wires it to the
canvas's undoable ``toggle_feature``), because adding an input keeps the other
weights.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from PySide6.QtCore import QSignalBlocker, QTimer, Qt
from PySide6.QtWidgets import (
    QCheckBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QListWidgetItem, QPushButton,
    QSlider, QSpinBox, QVBoxLayout, QWidget,
)

from playground.data import FEATURES, GENERATORS
from playground.data.generators import MAX_NOISE, MAX_SAMPLES, MIN_SAMPLES
from playground.data.split import MAX_TRAIN_FRACTION, MIN_TRAIN_FRACTION
from playground.ui.panels.dataset_list import DatasetList
from playground.ui.panels.tooltips import DATA as TIPS
from playground.ui.session.protocols import PanelSession

RESET_NOTE = "Changing the data resets the network's weights."
#: What the generator-only controls say when they are on (off, they say why not).
GENERATOR_TIPS = {
    "classes": "Number of classes the dataset is drawn with",
    "noise": "Noise added to the generated points",
    "samples": "Number of points to generate",
    "regenerate": "Draw new random samples (new seed)",
}


def not_generated_reason(source: str) -> str:
    """Why noise, classes, samples and Regenerate are off for data of ``source`` ("csv" or "inline")."""
    where = "a CSV file" if source == "csv" else "points stored in the experiment (drawn or inline)"
    return (f"Only for generated datasets: this data comes from {where}, so there is nothing to "
            "regenerate. Pick a dataset above to use these controls.")


class DataPanel(QWidget):
    """Dataset, noise, split, sample count, seed and input features of the session's data.

    Parameters
    ----------
    session : PanelSession
        What the panel needs of the session (``ui/session/protocols.py``).
    toggle_feature : callable
        ``toggle_feature(name)``: the canvas's undoable edit (it keeps every other weight).
    actions : Actions
        Every change goes through it (undoable); it reports refusals.
    """
    def __init__(self, session: PanelSession, actions, toggle_feature: Callable[[str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actions = actions

        self.session = session
        self._toggle_feature = toggle_feature

        # Every dataset visible, no title clipped, thumbnails on the palette (dataset_list.py).
        self.datasets = DatasetList()
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)

        self.classes = QSpinBox()
        self.classes.setToolTip(TIPS["classes"])
        self.noise = QSlider(Qt.Orientation.Horizontal)
        self.noise.setToolTip(TIPS["noise"])
        self.noise.setRange(0, int(round(MAX_NOISE * 100)))
        self.noise_value = QLabel()
        self.train_pct = QSlider(Qt.Orientation.Horizontal)
        self.train_pct.setToolTip(TIPS["train_share"])
        self.train_pct.setRange(int(round(MIN_TRAIN_FRACTION * 100)), int(round(MAX_TRAIN_FRACTION * 100)))
        self.train_value = QLabel()
        self.samples = QSpinBox()
        self.samples.setToolTip(TIPS["samples"])
        self.samples.setRange(MIN_SAMPLES, MAX_SAMPLES)
        self.samples.setSingleStep(50)
        self.samples.setKeyboardTracking(False)
        self.regenerate = QPushButton("Regenerate")
        for value_label in (self.noise_value, self.train_value):
            value_label.setMinimumWidth(value_label.fontMetrics().horizontalAdvance("100 %") + 4)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Classes", self.classes)
        form.addRow("Noise", _with_value(self.noise, self.noise_value))
        form.addRow("Training data", _with_value(self.train_pct, self.train_value))
        form.addRow("Samples", self.samples)

        self.feature_boxes: dict[str, QCheckBox] = {}
        features_box = QGroupBox("Input features")
        grid = QGridLayout(features_box)
        for k, name in enumerate(FEATURES):
            box = QCheckBox(name)
            box.setToolTip(f"Feed {name} to the network")
            box.toggled.connect(lambda on, n=name: self._on_feature_toggled(n, on))
            grid.addWidget(box, k // 2, k % 2)
            self.feature_boxes[name] = box

        note = QLabel(RESET_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid); font-style: italic;")
        data_box = QGroupBox("Data")
        box_layout = QVBoxLayout(data_box)
        box_layout.addWidget(self.datasets)
        box_layout.addWidget(self.source_label)
        box_layout.addLayout(form)
        box_layout.addWidget(self.regenerate)
        box_layout.addWidget(note)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(data_box)
        layout.addWidget(features_box)
        layout.addStretch(1)

        self.datasets.itemClicked.connect(self._on_dataset_clicked)
        self.classes.valueChanged.connect(lambda v: self._change(classes=v))
        self.noise.valueChanged.connect(lambda v: self.noise_value.setText(f"{v} %"))
        self.noise.sliderReleased.connect(self._on_noise_committed)
        self.noise.actionTriggered.connect(self._on_slider_action)
        self.train_pct.valueChanged.connect(lambda v: self.train_value.setText(f"{v} %"))
        self.train_pct.sliderReleased.connect(self._on_train_committed)
        self.train_pct.actionTriggered.connect(self._on_slider_action)
        self.samples.valueChanged.connect(lambda v: self._change(samples=v))
        self.regenerate.clicked.connect(self._on_regenerate_clicked)
        session.data_changed.connect(self.sync)
        session.network_changed.connect(self.sync)
        self.sync()

    # ------------------------------------------------------------ from the session
    def sync(self, *_) -> None:
        """Show the session's current data settings (without triggering changes)."""
        data = self.session.experiment.data
        blockers = [QSignalBlocker(w) for w in (self.datasets, self.classes, self.noise, self.train_pct,
                                                 self.samples, *self.feature_boxes.values())]
        generated = data.source == "generator"
        for i in range(self.datasets.count()):
            item = self.datasets.item(i)
            item.setSelected(generated and item.data(Qt.ItemDataRole.UserRole) == data.generator)
        self.source_label.setVisible(not generated)
        self.source_label.setText("" if generated else f"Data from {data.source}: {data.path or 'points in the file'}")
        info = GENERATORS.get(data.generator) if generated else None
        off_tip = "" if generated else not_generated_reason(data.source)
        if info is not None and info.max_classes > info.min_classes:
            self.classes.setRange(info.min_classes, info.max_classes)
            self.classes.setValue(data.classes or info.default_classes)
            self.classes.setEnabled(True)
            self.classes.setToolTip(GENERATOR_TIPS["classes"])
        else:
            self.classes.setRange(0, 10)
            self.classes.setValue(self.session.prepared.n_classes)
            self.classes.setEnabled(False)
            if info is None:
                fixed = off_tip
            elif info.default_classes:
                fixed = f"{info.title} always has {info.default_classes} classes"
            else:
                fixed = f"{info.title} is a regression dataset: no classes"
            self.classes.setToolTip(fixed)
        # Disabled widgets still show their tooltip: it says why they are off.
        for key, widget in (("noise", self.noise), ("samples", self.samples), ("regenerate", self.regenerate)):
            widget.setEnabled(generated)
            widget.setToolTip(GENERATOR_TIPS[key] if generated else off_tip)
        self.noise_value.setToolTip(self.noise.toolTip())
        self.noise.setValue(int(round(data.noise * 100)))
        self.noise_value.setText(f"{self.noise.value()} %")
        self.train_pct.setValue(int(round(data.train_fraction * 100)))
        self.train_value.setText(f"{self.train_pct.value()} %")
        self.samples.setValue(data.samples)
        selected = set(self.session.prepared.feature_names)
        two_d = len(self.session.prepared.raw_names) == 2
        for name, box in self.feature_boxes.items():
            box.setChecked(name in selected)
            box.setEnabled(two_d)
        del blockers

    # ------------------------------------------------------------ to the session
    def _change(self, **changes) -> None:
        """Replace fields of the DataConfig (the session refuses bad values and says why)."""
        data = self.session.experiment.data
        try:
            new = replace(data, **changes)
        except ValueError as exc:  # the DataConfig's own check
            self.actions.report(str(exc))
        else:
            self.actions.set_data(new)  # undoable; reports the session's refusal itself
        self.sync()

    def _on_dataset_clicked(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        data = self.session.experiment.data
        if data.source == "generator" and data.generator == name:
            return
        # classes=None: the new generator's own default number of classes.
        self._change(source="generator", generator=name, classes=None)

    def _on_slider_action(self, *_):
        # Keyboard and page steps have no release; commit them right away.
        if not self.sender().isSliderDown():

            QTimer.singleShot(0, self._on_noise_committed if self.sender() is self.noise else self._on_train_committed)

    def _on_noise_committed(self) -> None:
        self._change(noise=self.noise.value() / 100)

    def _on_train_committed(self) -> None:
        self._change(train_fraction=self.train_pct.value() / 100)

    def _on_regenerate_clicked(self) -> None:
        data = self.session.experiment.data
        self._change(seed=(data.seed + 1) % (2**32))

    def _on_feature_toggled(self, name: str, on: bool) -> None:
        self._toggle_feature(name)
        self.sync()  # the edit may have been refused (last feature): show the truth


def _with_value(slider: QSlider, label: QLabel) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(slider, 1)
    layout.addWidget(label)
    return row
