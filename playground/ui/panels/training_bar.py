"""The toolbar: Play/Pause (Space), Step epoch, Step batch, Reset (R), speed, counters."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QToolBar, QWidget

from playground.assets import resource_path
from playground.ui.live.moment import batch_moment
from playground.ui.style.numbers import format_number, format_percent

#: Speed choices: label -> epochs per second (None = as fast as possible).
SPEEDS = {"max speed": None, "300 epochs/s": 300.0, "100 epochs/s": 100.0, "30 epochs/s": 30.0,
          "10 epochs/s": 10.0, "3 epochs/s": 3.0, "1 epoch/s": 1.0}


def icon(name: str) -> QIcon:
    """An icon from resources/icons (an empty icon if the file is missing)."""
    try:
        return QIcon(str(resource_path("icons", f"{name}.svg")))
    except FileNotFoundError:
        return QIcon()


def epoch_readout(epoch: str, step: str, batch_loss: str, compact: bool) -> str:
    """The epoch read-out's rich text from its formatted numbers; the short form leaves out the step."""
    if compact:
        return f"Epoch <b>{epoch}</b> · batch loss <b>{batch_loss}</b>"
    return f"Epoch <b>{epoch}</b> · step <b>{step}</b> · batch loss <b>{batch_loss}</b>"


def _plain(rich_text: str) -> str:
    """The visible characters of a read-out's rich text (its only tags are <b> and </b>)."""
    return rich_text.replace("<b>", "").replace("</b>", "")


class TrainingBar(QToolBar):
    """Controls and read-outs of training, bound to a session."""

    speed_changed = Signal(object)

    def __init__(self, session, actions, parent: QWidget | None = None) -> None:
        super().__init__("Training", parent)
        self.setObjectName("training_bar")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.session = session
        self._play_icon, self._pause_icon = icon("play"), icon("pause")

        self.play_action = QAction(self._play_icon, "Play", self)
        self.play_action.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.play_action.setToolTip("Play / pause training (Space)")
        self.step_epoch_action = QAction(icon("step-epoch"), "Step epoch", self)
        self.step_epoch_action.setShortcut(QKeySequence("Ctrl+Right"))
        self.step_epoch_action.setToolTip("Train exactly one epoch (Ctrl+Right)")
        self.step_batch_action = QAction(icon("step-batch"), "Step batch", self)
        self.step_batch_action.setShortcut(QKeySequence("Shift+Right"))
        self.step_batch_action.setToolTip("Train exactly one (mini-)batch (Shift+Right)")
        self.reset_action = QAction(icon("reset"), "Reset", self)
        self.reset_action.setShortcut(QKeySequence(Qt.Key.Key_R))
        self.reset_action.setToolTip("New random weights, epoch 0 (R)")
        for action in (self.play_action, self.step_epoch_action, self.step_batch_action, self.reset_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)

        self.speed = QComboBox()
        self.speed.addItems(list(SPEEDS))
        self.speed.setToolTip("As fast as possible, or a cap in epochs per second")
        self.speed.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Space stays Play/Pause after a click
        self.addSeparator()
        self._speed_label = self.addWidget(QLabel(" Speed "))  # hidden in a narrow window
        self.addWidget(self.speed)
        self.addSeparator()
        self._shown = None      # the snapshot the read-outs show
        self._compact = False   # short read-outs in a narrow window
        self.epoch_label = QLabel()
        self.loss_label = QLabel()
        self.accuracy_label = QLabel()
        for label in (self.epoch_label, self.loss_label, self.accuracy_label):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(8, 0, 8, 0)
            self.addWidget(label)
        for label in (self.loss_label, self.accuracy_label):
            label.setToolTip("On the training set / on the test set")
        self._set_epoch_room()
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)

        self.play_action.triggered.connect(session.toggle_play)
        self.step_epoch_action.triggered.connect(session.step_epoch)
        self.step_batch_action.triggered.connect(session.step_batch)
        self.reset_action.triggered.connect(lambda *_: actions.reset())  # undoable
        self.speed.currentTextChanged.connect(self._on_speed_chosen)
        session.training_state_changed.connect(self.show_running)
        self.show_running(session.running)
        self.show_snapshot(session.latest_snapshot)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        # In a narrow window the buttons drop their text (the icons and tooltips stay), so
        # the epoch, loss and accuracy read-outs keep their place instead of going into
        # the toolbar's "»" overflow menu.
        super().resizeEvent(event)
        self._fit_buttons()

    def _fit_buttons(self) -> None:
        """Labelled buttons and full read-outs when they fit; else icons, then short read-outs."""
        metrics = self.fontMetrics()
        labelled = sum(metrics.horizontalAdvance(a.text()) + 52 for a in self._buttons())
        icons = 40 * len(self._buttons())
        others = self.speed.sizeHint().width() + metrics.horizontalAdvance(" Speed ") + 60
        full = self._readout_width(compact=False)
        narrow = self.width() < labelled + full + others
        compact = self.width() < icons + full + others
        style = Qt.ToolButtonStyle.ToolButtonIconOnly if narrow else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        if self.toolButtonStyle() != style:
            self.setToolButtonStyle(style)
        if compact != self._compact:
            self._compact = compact
            self._speed_label.setVisible(not compact)  # the list's tooltip still says what it is
            self._set_epoch_room()
            self._write_readouts()

    def _set_epoch_room(self) -> None:
        # Room for growing counters, so the read-outs do not jump at every new digit.
        sample = _plain(epoch_readout("000", "0,000", "0.000", self._compact))
        self.epoch_label.setMinimumWidth(self.epoch_label.fontMetrics().horizontalAdvance(sample) + 8)

    def _buttons(self) -> tuple:
        return self.play_action, self.step_epoch_action, self.step_batch_action, self.reset_action

    def _readout_width(self, compact: bool) -> int:
        """Pixels the three read-outs take with their texts in full or short form (bold counted wider);
        the epoch read-out takes at least its room for growing counters."""
        metrics = self.fontMetrics()
        epoch, *others = (int(1.1 * metrics.horizontalAdvance(_plain(text))) + 16
                          for text in self._readout_texts(compact))
        return max(epoch, self.epoch_label.minimumWidth()) + sum(others)

    def _readout_texts(self, compact: bool) -> tuple[str, str, str]:
        """Rich texts of the epoch, loss and accuracy read-outs; the short form drops the step
        (the epoch read-out's tooltip keeps it) and "train" / "test"."""
        snap = self._shown
        if snap is None:
            return "", "", ""
        epoch = epoch_readout(f"{snap.epoch:,}", f"{snap.step:,}", format_number(snap.batch_loss, 3), compact)
        train, test = format_number(snap.train_loss), format_number(snap.test_loss)
        loss = (f"Loss <b>{train}</b> / <b>{test}</b>" if compact else
                f"Loss train <b>{train}</b> / test <b>{test}</b>")
        if snap.train_accuracy is None:
            return epoch, loss, ""
        train, test = format_percent(snap.train_accuracy), format_percent(snap.test_accuracy)
        accuracy = (f"Accuracy <b>{train}</b> / <b>{test}</b>" if compact else
                    f"Accuracy train <b>{train}</b> / test <b>{test}</b>")
        return epoch, loss, accuracy

    def _write_readouts(self) -> None:
        epoch, loss, accuracy = self._readout_texts(self._compact)
        self.epoch_label.setText(epoch)
        self.loss_label.setText(loss)
        self.accuracy_label.setText(accuracy)

    def widget_for(self, action: QAction) -> QWidget:
        """The tool button of ``action`` (for tests and focus handling)."""
        return self.widgetForAction(action)

    def show_running(self, running: bool) -> None:
        self.play_action.setText("Pause" if running else "Play")
        self.play_action.setIcon(self._pause_icon if running else self._play_icon)

    def show_snapshot(self, snapshot) -> None:
        """Epoch counter, losses and accuracies of ``snapshot``."""
        if snapshot is None:
            return
        # Step batch changes the step and the batch loss even when the epoch stays.
        moment = batch_moment(snapshot)
        counters = f"Epoch {snapshot.epoch:,}, step {snapshot.step:,}: completed epochs and (mini-)batch steps"
        self.epoch_label.setToolTip(f"{counters}.\nBatch loss: the loss of the last (mini-)batch, {moment}"
                                    if moment else f"{counters}; no batch trained yet")
        self._shown = snapshot
        self._write_readouts()
        self._fit_buttons()   # longer read-outs may no longer fit beside labelled buttons

    def save_view(self, settings) -> None:
        settings.setValue("view/speed", self.speed.currentText())

    def restore_view(self, settings) -> None:
        self.set_speed_text(str(settings.value("view/speed", "max speed")))

    def set_speed_text(self, text: str) -> None:
        if text in SPEEDS:
            self.speed.setCurrentText(text)

    def _on_speed_chosen(self, text: str) -> None:
        self.session.set_speed(SPEEDS[text])
        self.speed_changed.emit(SPEEDS[text])
