"""Every control of the window says what it does (issue 13); hyperparameters say what higher and lower do."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSlider, QAbstractSpinBox, QComboBox, QDockWidget, QLineEdit, QScrollBar, QWidget,
)

from playground.engine import ACTIVATIONS
from playground.ui.panels.tooltips import DATA, TRAINING

CONTROLS = (QAbstractButton, QComboBox, QAbstractSpinBox, QAbstractSlider, QLineEdit)


def _controls(window) -> list[QWidget]:
    """The window's controls: panels, toolbars, canvas, plots and docks (hidden rows included)."""
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QScrollBar):
            continue  # scroll bars say what they are by where they are
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own parts (a dock's float and close buttons)
        if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox)):
            continue  # the text field inside a spin box or combo box: its owner has the tip
        found.append(widget)
    return found


def _name(widget: QWidget, window) -> str:
    """``QSpinBox 'text' in DataPanel < ...``: enough to find the widget in the code."""
    text = widget.text() if hasattr(widget, "text") else ""
    chain, parent = [], widget.parentWidget()
    while parent is not None and parent is not window and len(chain) < 4:
        chain.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    return f"{type(widget).__name__} {text!r} in {' < '.join(chain)}"


def test_every_control_has_a_tooltip(qtbot, window):
    for dock in window.findChildren(QDockWidget):
        dock.show()  # the docks' controls count too
    qtbot.wait(50)
    controls = _controls(window)
    visible = [w for w in controls if w.isVisible()]
    assert len(visible) > 40  # the walk did reach the panels, toolbar, canvas and docks
    missing = [_name(w, window) for w in controls if not w.toolTip().strip()]
    assert not missing, "controls without a tooltip:\n" + "\n".join(missing)


@pytest.mark.parametrize("tips, names", [
    (TRAINING, ("learning_rate", "momentum", "beta1", "beta2", "batch_size", "regularization_rate")),
    (DATA, ("noise", "train_share", "samples")),
])
def test_hyperparameter_tips_say_what_higher_and_lower_do(tips, names):
    for name in names:
        text = tips[name]
        assert any(word in text for word in ("Higher", "Larger", "More")), name
        assert any(word in text for word in ("Lower", "Smaller", "Fewer")), name


def test_training_widgets_show_their_fields_tip(window):
    for row in window.hyper_panel.training.rows:
        assert row.widget.toolTip().startswith(TRAINING[row.name])   # the loss adds its formula


def test_activation_tips_come_from_the_engine_registry(qtbot, window):
    box = window.hyper_panel.activation_boxes[0]
    assert ACTIVATIONS[box.currentText()].description in box.toolTip()
    window.editor.set_activation(0, "relu")
    qtbot.waitUntil(lambda: box.currentText() == "relu")
    assert ACTIVATIONS["relu"].description in box.toolTip()
    assert ACTIVATIONS["tanh"].description not in box.toolTip()
    item_tips = {box.itemText(i): box.itemData(i, 3) for i in range(box.count())}  # 3: ToolTipRole
    assert all(item_tips[name] == ACTIVATIONS[name].description for name in item_tips)
