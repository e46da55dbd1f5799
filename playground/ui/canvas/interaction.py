"""What the mouse and the keyboard do on the canvas (the editor's controller side).

Mixed into :class:`~playground.ui.canvas.editor.NetworkEditor`; every handler
ends in one of the editor's undoable edits, so mouse, menu and keyboard paths
share one implementation.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from playground.experiment.edits import MAX_HIDDEN_LAYERS, MAX_UNITS, MIN_UNITS
from playground.ui.canvas.layout import COLUMN, Column

_PLUS_KEYS = (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
_MINUS_KEYS = (Qt.Key.Key_Minus, Qt.Key.Key_Underscore)
_DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class InteractionMixin:
    """Callbacks of the graphics items and the view."""

    # ------------------------------------------------------------------ columns
    def column_clicked(self, column: Column) -> None:
        self.set_current(column.index, None)
        self.view.setFocus()

    def column_double_clicked(self, column: Column) -> None:
        if column.kind == "hidden":
            self.open_layer_dialog(column.hidden)

    def column_button_clicked(self, column: Column, symbol: str) -> None:
        self.set_current(column.index, None)
        if symbol == "+":
            self.add_neuron(column.hidden)
        else:
            self.remove_neuron(column.hidden)

    def column_dragging(self, column: Column, x: float) -> None:
        target = self.scene.layout.move_target(x)
        self.scene.indicator.show_at((target + 1) * COLUMN + (COLUMN / 2 if target > column.hidden else
                                                              -COLUMN / 2 if target < column.hidden else 0))

    def column_dropped(self, column: Column, x: float) -> None:
        self.scene.indicator.hide()
        target = self.scene.layout.move_target(x)
        if target != column.hidden:
            if self.move_layer(column.hidden, target):
                self.set_current(target + 1, None)

    # ------------------------------------------------------------------ neurons
    def neuron_clicked(self, column: Column, unit: int) -> None:
        self.view.setFocus()
        if column.kind == "input":
            self.set_current(column.index, unit)
            self.toggle_feature(column.labels[unit])
            return
        self.set_current(column.index, unit)
        self.pin(column.index, unit)

    def neuron_hovered_at(self, column: Column, unit: int, entered: bool, screen_pos) -> None:
        if not entered:
            if self.hovered == (column.index, unit):
                self.hovered = None
                self.hover_card.hide()
                self.neuron_hovered.emit(-1, -1)
            return
        self.hovered = (column.index, unit)
        self.hovered_edge = None
        row = column.rows[unit]
        # A switched-off input has no map: report "none".
        self.neuron_hovered.emit(*((column.index, row) if row is not None else (-1, -1)))
        pos = self.view.viewport().mapFromGlobal(screen_pos)
        self.hover_card.show_at(self.neuron_card(column.index, unit), pos)

    def bias_clicked(self, column: Column, unit: int, scene_pos) -> None:
        if self.parameter_pick is not None:
            return self.parameter_pick((column.index - 1, unit, -1))
        self.set_current(column.index, unit)
        self.open_bias_editor(column.index - 1, unit, self.view.mapFromScene(scene_pos))

    def edge_hovered(self, lij, view_pos: QPoint) -> None:
        """The mouse is over edge ``lij`` (None: over no edge); its card follows, a neuron's card wins."""
        lij = None if lij is None else tuple(lij)
        if self.hovered is not None:
            return
        # The dashed outline marks the hovered edge, unless the value editor marks the edited one.
        editing = self.value_editor.isVisible()
        if lij is None:
            if self.hovered_edge is not None:
                self.hovered_edge = None
                self.hover_card.hide()
                if not editing:
                    self.scene.edges.set_highlight(None)
            return
        if lij != self.hovered_edge and not editing:
            self.scene.edges.set_highlight(lij)
        self.hovered_edge = lij
        self.hover_card.show_at(self.edge_card(*lij), view_pos)

    def edge_clicked(self, lij, view_pos: QPoint) -> None:
        if self.parameter_pick is not None:
            return self.parameter_pick(tuple(lij))
        self.open_weight_editor(*lij, view_pos)

    # ------------------------------------------------------------------ context menu
    def context_menu_requested(self, column: Column, unit: int | None, screen_pos) -> None:
        self.set_current(column.index, unit)
        menu = self.build_context_menu(column, unit)
        self.last_menu = menu
        menu.popup(screen_pos)

    def build_context_menu(self, column: Column, unit: int | None) -> QMenu:
        """The right-click menu of a column or one of its neurons; actions disabled at the limits say why."""
        menu = QMenu(self)
        menu.setToolTipsVisible(True)

        def add(text, slot, enabled=True, why=""):
            action = QAction(text, menu)
            action.triggered.connect(lambda *_: slot())
            action.setEnabled(enabled)
            if why and not enabled:
                action.setToolTip(why)
            menu.addAction(action)
            return action

        if column.kind == "input":
            if unit is not None:
                name = column.labels[unit]
                add(f"Switch {name} {'off' if column.active[unit] else 'on'}", lambda: self.toggle_feature(name))
            else:
                for name, active in zip(column.labels, column.active):
                    add(f"Switch {name} {'off' if active else 'on'}", lambda n=name: self.toggle_feature(n))
            return menu
        if column.kind == "output":
            note = add("The output layer follows the data", lambda: None, enabled=False)
            note.setToolTip("Its size comes from the problem: 1 for regression or two classes, K for K classes")
            if unit is not None:
                add("Edit bias…", lambda: self.open_bias_editor(column.index - 1, unit,
                                                                 self.view.viewport().rect().center()))
                add("Pin output map", lambda: self.pin(column.index, unit))
            return menu
        h, units = column.hidden, column.units
        n_hidden = self.scene.layout.n_hidden
        add("Add neuron", lambda: self.add_neuron(h), units < MAX_UNITS, f"at most {MAX_UNITS} neurons")
        label = f"Remove neuron {unit + 1}" if unit is not None else "Remove last neuron"
        add(label, lambda: self.remove_neuron(h, unit), units > MIN_UNITS,
            f"at least {MIN_UNITS} neuron; remove the layer instead")
        add("Set width and activation…", lambda: self.open_layer_dialog(h))
        sub = menu.addMenu("Set activation")
        for name in self.hidden_activations():
            action = QAction(name, sub)
            action.setCheckable(True)
            action.setChecked(name == column.activation)
            action.triggered.connect(lambda *_, n=name: self.set_activation(h, n))
            sub.addAction(action)
        menu.addSeparator()
        full = n_hidden >= MAX_HIDDEN_LAYERS
        why = f"at most {MAX_HIDDEN_LAYERS} hidden layers"
        add("Insert layer before", lambda: self.insert_layer(h), not full, why)
        add("Insert layer after", lambda: self.insert_layer(h + 1), not full, why)
        add("Move layer left", lambda: self.move_layer(h, h - 1), h > 0, "already the first hidden layer")
        add("Move layer right", lambda: self.move_layer(h, h + 1), h < n_hidden - 1, "already the last hidden layer")
        if unit is not None:
            add("Edit bias…", lambda: self.open_bias_editor(h, unit, self.view.viewport().rect().center()))
        menu.addSeparator()
        add("Remove layer", lambda: self.remove_layer(h))
        return menu

    # ------------------------------------------------------------------ drops
    def drag_over(self, kind: str | None, value: str, x: float, y: float) -> bool:
        """Show where a palette item would land; False when it cannot be dropped there."""
        layout = self.scene.layout
        self.scene.indicator.hide()
        self.set_current(*self.current)
        if kind is None:
            return False
        if kind == "layer":
            if layout.n_hidden >= MAX_HIDDEN_LAYERS:
                return False
            self.scene.indicator.show_at(layout.gap_x(layout.gap_at(x)))
            return True
        h = layout.hidden_at(x)
        if h is None:
            return False
        self.scene.columns[h + 1].set_current(True)
        return True

    def drop(self, kind: str, value: str, x: float, y: float) -> bool:
        """Apply a palette drop at scene ``(x, y)``: insert a layer, add a neuron or set an activation."""
        layout = self.scene.layout
        self.drag_over(None, "", 0.0, 0.0)
        if kind == "layer":
            at = layout.gap_at(x)
            if self.insert_layer(at):
                self.set_current(at + 1, None)
                return True
            return False
        h = layout.hidden_at(x)
        if h is None:
            self.show_message("Drop it on a hidden layer")
            return False
        self.set_current(h + 1, None)
        if kind == "neuron":
            return self.add_neuron(h)
        if kind == "activation":
            return self.set_activation(h, value)
        return False

    # ------------------------------------------------------------------ keyboard
    def handle_key(self, key, modifiers) -> bool:
        """Keyboard paths for every canvas action; True when the key was used.

        Tab / Shift+Tab walk the columns, Up / Down the neurons of a column;
        + / - add or remove a neuron; Delete removes the selected neuron or layer;
        Enter edits the layer (or a neuron's bias); W edits a neuron's incoming
        weights (Up / Down in the editor walk them); Space toggles an input or
        pins a neuron; Insert adds a layer after the current column; Ctrl+Left /
        Right move the current layer.
        """
        layout = self.scene.layout
        column, unit = self.current
        col = layout.columns[column]
        h = col.hidden
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            back = key == Qt.Key.Key_Backtab or bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
            self.set_current((column + (-1 if back else 1)) % len(layout.columns), None)
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not ctrl:
            step = -1 if key == Qt.Key.Key_Up else 1
            new = 0 if unit is None else min(max(unit + step, 0), col.units - 1)
            self.set_current(column, new)
            return True
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and ctrl:
            if h is None:
                return False
            target = h + (-1 if key == Qt.Key.Key_Left else 1)
            if 0 <= target < layout.n_hidden and self.move_layer(h, target):
                self.set_current(target + 1, None)
            return True
        if key == Qt.Key.Key_Escape:
            self.set_current(column, None)
            return True
        if key == Qt.Key.Key_Insert:
            at = min(column, layout.n_hidden)
            if self.insert_layer(at):
                self.set_current(at + 1, None)
            return True
        if key in _ENTER_KEYS:
            if col.kind == "input" and unit is not None:
                self.toggle_feature(col.labels[unit])
            elif unit is not None:
                point = self.view.mapFromScene(self.scene.neuron(column, unit).scenePos())
                self.open_bias_editor(column - 1, unit, point)
            elif h is not None:
                self.open_layer_dialog(h)
            return True
        if key == Qt.Key.Key_W and unit is not None and col.kind != "input":
            # The neuron's first incoming weight; Up / Down in the editor walk the others.
            point = self.view.mapFromScene(self.scene.neuron(column, unit).scenePos())
            self.open_weight_editor(column - 1, 0, unit, point)
            return True
        if key == Qt.Key.Key_Space and unit is not None:
            if col.kind == "input":
                self.toggle_feature(col.labels[unit])
            else:
                self.pin(column, unit)
            return True
        if key in _PLUS_KEYS or key in _MINUS_KEYS or key in _DELETE_KEYS:
            if h is None:
                self.show_message("The input and output columns follow the data; select a hidden layer (Tab)")
                return True
            if key in _PLUS_KEYS:
                self.add_neuron(h)
            elif key in _MINUS_KEYS or unit is not None:
                if self.remove_neuron(h, unit) and unit is not None:
                    self.set_current(column, min(unit, col.units - 2))
            else:
                if self.remove_layer(h):
                    self.set_current(max(column - 1, 0), None)
            return True
        return False
