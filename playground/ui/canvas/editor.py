"""NetworkEditor: the palette and the network view, the middle of the main window.

The session's spec is the single source of truth. Every edit is computed by
the pure functions of :mod:`playground.experiment.edits` and handed to the
window's :class:`~playground.ui.edits.actions.Actions`, which pushes it as a
command on the one undo stack; the command tells the session, the session says
``network_changed``, and the editor rebuilds its items from the new spec.
Live data (``update_live``) only restyles the existing items.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from playground.experiment import edits
from playground.experiment.edits import MAX_HIDDEN_LAYERS, MAX_UNITS, MIN_UNITS, NetworkState
from playground.ui.canvas.cards import edge_card, neuron_card
from playground.ui.canvas.dialogs import HoverCard, LayerDialog, ValueEditor, parse_value
from playground.ui.canvas.interaction import InteractionMixin
from playground.ui.canvas.layout import compute_layout
from playground.ui.canvas.palette import HIDDEN_ACTIVATIONS, Palette
from playground.ui.canvas.edges import edge_scale
from playground.ui.canvas.scene import NetworkScene
from playground.ui.canvas.theme import CanvasTheme
from playground.ui.canvas.view import NetworkView
from playground.ui.live.moment import after_moment, batch_moment
from playground.ui.session.protocols import CanvasSession
from playground.ui.style import colors
from playground.ui.style.changes import style_changes
from playground.ui.style.contrast import TEXT_RATIO, readable
from playground.ui.plots.color_scale import ColorScale
from playground.ui.plots.theme import PaletteRestyleMixin, widget_palette
from playground.ui.edits.actions import Actions

from playground.data.features import FEATURES

DEFAULT_UNITS = 4


#: What the edges can show: mode -> (menu text, what the strip says the edges show).
EDGE_MODES = {
    "weights": ("&Weights w", "w"),
    "gradients": ("&Gradients ∂J/∂w", "∂J/∂w"),
    "updates": ("&Updates Δw", "Δw"),
}

#: Colour of a refused edit's reason (adjusted to stay readable on the palette).
STATUS_COLOR = colors.REFUSED


class NetworkEditor(PaletteRestyleMixin, InteractionMixin, QWidget):
    """Design the network by drag and drop; show it live while it trains.

    Parameters
    ----------
    session : CanvasSession
        What the editor needs of the session (``ui/session/protocols.py``); the
        app's Session, or a test fake.
    actions : Actions
        Every edit goes through it (the window's one), and every refusal is
        reported through ``actions.report``; :func:`standalone_editor` makes an
        editor whose own status line shows them.

    Signals
    -------
    neuron_hovered(int, int)
        ``(layer, unit)`` under the mouse in ``neuron_maps`` indexing, ``(-1, -1)`` when none.
    neuron_pinned(int, int)
        ``(layer, unit)`` clicked to pin its map, ``(-1, -1)`` when unpinned.
    """

    neuron_hovered = Signal(int, int)
    neuron_pinned = Signal(int, int)

    def __init__(self, session: CanvasSession, actions: Actions, parent=None):
        super().__init__(parent)
        self.session = session
        self.actions = actions
        self.rng = np.random.default_rng()
        self.scene = NetworkScene(self)
        self.view = NetworkView(self.scene, self)
        self.palette = Palette(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        self.value_editor = ValueEditor(self.view.viewport())
        self.value_editor.value_entered.connect(self._on_value_editor_entered)
        self.value_editor.closed.connect(lambda: self.scene.edges.set_highlight(None))
        self.value_editor.stepped.connect(self._on_value_editor_stepped)
        self.hover_card = HoverCard(self.view.viewport())
        self.layer_dialog: LayerDialog | None = None
        self.last_menu = None
        self.current: tuple[int, int | None] = (0, None)   # (layout column, unit or None)
        self.pinned: tuple[int, int] | None = None           # (layout column, display unit)
        self.hovered: tuple[int, int] | None = None
        self.hovered_edge: tuple[int, int, int] | None = None
        self.edge_mode = "weights"
        self.mode_actions = QActionGroup(self)
        self.mode_actions.setExclusive(True)
        for mode, (text, _) in EDGE_MODES.items():
            action = QAction(text, self.mode_actions)
            action.setCheckable(True)
            action.setChecked(mode == self.edge_mode)
            action.setData(mode)
            action.setToolTip(f"Edge colour and width show {EDGE_MODES[mode][1]}")
            action.triggered.connect(lambda *_, m=mode: self.set_edge_mode(m))
        self.palette.add_modes(self.mode_actions.actions())
        self._snapshot = None
        self._params: tuple[list, list] = ([], [])
        self.parameter_pick = None  # callable((l, i, j)): a view picking parameters takes edge and bias clicks

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.palette)
        box.addWidget(self.view, 1)
        # What the thumbnails' (and edges') colours mean, as TF Playground shows under its network.
        self.color_scale = ColorScale()
        self.color_scale.setObjectName("canvas_color_scale")
        self.color_scale.setMaximumWidth(420)
        box.addWidget(self.color_scale, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.status)

        session.network_changed.connect(self._on_session_network_changed)
        session.data_changed.connect(self._on_session_data_changed)
        style_changes.palette_changed.connect(self._restyle)  # new data colours (Edit > Preferences)
        self._restyle()
        self.rebuild()

    def _restyle(self) -> None:
        """Follow the palette (View > Theme, or the system's) and the data colours: canvas, scale, status line."""
        if getattr(self, "status", None) is None:
            return  # a palette change while still being built: __init__ restyles at its end
        palette = widget_palette(self)
        self.scene.set_theme(CanvasTheme.from_palette(palette))
        self.color_scale.set_gradient("neuron outputs, weights", colors.DIVERGING_RGB,
                                      [(0.0, "−1"), (0.5, "0"), (1.0, "+1")])
        color = readable(STATUS_COLOR, [palette.color(QPalette.ColorRole.Window).name()], TEXT_RATIO)
        self.status.setStyleSheet(f"color: {color}; padding: 2px 6px;")

    # ------------------------------------------------------------------ state
    def current_state(self) -> NetworkState:
        """The session's network now: spec, selected features and the newest parameters."""
        weights, biases = self.session.parameters()
        return NetworkState(self.session.network_spec, tuple(self.session.prepared.feature_names),
                            [np.asarray(w) for w in weights], [np.asarray(b) for b in biases])

    def feature_choices(self) -> tuple[str, ...]:
        """Every input the input column offers, in display order.

        2-D raw data (generated, drawn, a two-column CSV) offers the data
        layer's whole feature list; other data offers its own columns, which
        cannot be switched (features need 2-D points). Read from the session's
        data each time, so nothing of an earlier dataset lingers.
        """
        prepared = self.session.prepared
        if len(prepared.raw_names) == 2:
            return tuple(FEATURES)
        return tuple(prepared.feature_names)

    def hidden_activations(self) -> tuple[str, ...]:
        return HIDDEN_ACTIVATIONS

    # ------------------------------------------------------------------ building
    def _on_session_network_changed(self, *_):
        self.rebuild()

    def _on_session_data_changed(self, *_):
        self.rebuild()

    def rebuild(self) -> None:
        """Recreate the items from the session's spec (only on a change of shape or data)."""
        state = self.current_state()
        n_out = int(np.shape(state.weights[-1])[1])
        class_names = tuple(getattr(self.session.prepared, "class_names", ()) or ())
        layout = compute_layout(state.spec, state.features, self.feature_choices(),
                                n_out, class_names)
        self.value_editor.close_editor()
        self.hover_card.hide()
        self.hovered = None
        self.hovered_edge = None
        self.scene.rebuild(layout, self)
        self._snapshot = None
        self._params = (state.weights, state.biases)
        self._show_edges()
        column, unit = self.current
        column = min(column, len(layout.columns) - 1)
        unit = unit if unit is not None and unit < layout.columns[column].units else None
        self.set_current(column, unit)
        if self.pinned is not None and self.scene.neuron(*self.pinned) is None:
            self.pinned = None
            self.neuron_pinned.emit(-1, -1)
        self._refresh_marks()
        self._refresh_limits()
        if self.view.auto_fit:
            self.view.fit()

    def _refresh_limits(self) -> None:
        """Grey out what cannot be done, saying why."""
        full = len(self.scene.layout.columns) - 2 >= MAX_HIDDEN_LAYERS
        self.palette.set_layer_enabled(not full, f"The network has the maximum of {MAX_HIDDEN_LAYERS} hidden layers")
        for item in self.scene.columns:
            if item.plus is not None:
                item.plus.set_enabled(item.column.units < MAX_UNITS, f"at most {MAX_UNITS} neurons")
                item.minus.set_enabled(item.column.units > MIN_UNITS,
                                       f"at least {MIN_UNITS}; remove the layer instead")

    def set_current(self, column: int, unit: int | None = None) -> None:
        """Make layout column ``column`` (and optionally one of its neurons) the keyboard's target."""
        self.current = (column, unit)
        # The dashed outline is the keyboard's cursor: shown only while the view has the focus.
        focused = self.view.hasFocus()
        for item in self.scene.columns:
            item.set_current(focused and item.column.index == column and unit is None)
        self._refresh_marks()

    def view_focus_changed(self, focused: bool) -> None:
        self.set_current(*self.current)

    def _refresh_marks(self) -> None:
        for item in self.scene.columns:
            for neuron in item.neurons:
                key = (item.column.index, neuron.unit)
                neuron.set_marks(key == self.current, key == self.pinned)

    def show_message(self, text: str) -> None:
        """Why an edit was refused, reported where every refused change is (``actions.report``)."""
        self.actions.report(text)

    def show_status(self, text: str) -> None:
        """Show ``text`` in the status line under the canvas ("" hides it): a standalone editor's message place."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # ------------------------------------------------------------------ edits
    def _edit(self, func, text: str, **kwargs) -> bool:
        """Compute an edit with ``func`` and hand it to the actions; when refused, say why and keep everything."""
        try:
            before = self.current_state()
            after = func(*before, rng=self.rng, **kwargs)
        except ValueError as exc:
            self.show_message(str(exc))
            return False
        return self.actions.edit_network(text, before, after)

    def insert_layer(self, at: int, units: int | None = None, activation: str | None = None) -> bool:
        """Insert a hidden layer at position ``at`` (0 .. number of hidden layers)."""
        hidden = self.session.network_spec.hidden
        if activation is None:
            activation = hidden[min(at, len(hidden) - 1)].activation if hidden else "tanh"
        return self._edit(edits.insert_layer, f"Insert layer {at + 1}", at=at,
                          units=DEFAULT_UNITS if units is None else units, activation=activation)

    def remove_layer(self, h: int) -> bool:
        return self._edit(edits.remove_layer, f"Remove layer {h + 1}", layer=h)

    def move_layer(self, src: int, dst: int) -> bool:
        if src == dst:
            return False
        return self._edit(edits.move_layer, f"Move layer {src + 1} to {dst + 1}", src=src, dst=dst)

    def add_neuron(self, h: int, at: int | None = None) -> bool:
        return self._edit(edits.add_neuron, f"Add a neuron to layer {h + 1}", layer=h, at=at)

    def remove_neuron(self, h: int, unit: int | None = None) -> bool:
        """Remove neuron ``unit`` of hidden layer ``h`` (the last one when None)."""
        spec = self.session.network_spec
        if unit is None:
            unit = spec.hidden[h].units - 1 if 0 <= h < len(spec.hidden) else -1
        return self._edit(edits.remove_neuron, f"Remove neuron {unit + 1} of layer {h + 1}", layer=h, unit=unit)

    def set_width(self, h: int, n: int) -> bool:
        return self._edit(edits.set_width, f"Set layer {h + 1} to {n} neurons", layer=h, n=n)

    def set_activation(self, h: int, name: str) -> bool:
        what = "output" if h == len(self.session.network_spec.hidden) else f"layer {h + 1}"
        return self._edit(edits.set_activation, f"Set {what} activation to {name}", layer=h, name=name)

    def edit_layer(self, h: int, n: int, name: str) -> bool:
        """Width and activation in one undo step (the layer dialog)."""
        def both(spec, features, weights, biases, rng):
            state = edits.set_width(spec, features, weights, biases, rng, layer=h, n=n)
            return edits.set_activation(*state, rng=rng, layer=h, name=name)
        return self._edit(both, f"Edit layer {h + 1}: {n} x {name}")

    def toggle_feature(self, name: str) -> bool:
        on = name not in self.session.prepared.feature_names
        return self._edit(edits.toggle_feature, f"Switch {name} {'on' if on else 'off'}", name=name,
                          order=self.feature_choices())

    def set_weight(self, l: int, i: int, j: int, value) -> bool:
        """Set ``weights[l][i, j]`` to ``value`` (a number or the text typed), undoably."""
        value = self._parse(value)
        return value is not None and self.actions.set_weight(l, i, j, value)

    def set_bias(self, l: int, j: int, value) -> bool:
        """Set ``biases[l][j]`` to ``value`` (a number or the text typed), undoably."""
        value = self._parse(value)
        return value is not None and self.actions.set_bias(l, j, value)

    def _parse(self, value) -> float | None:
        """A weight or bias typed or given as a number; None (and the reason shown) when it is not one."""
        try:
            return parse_value(value) if isinstance(value, str) else parse_value(repr(float(value)))
        except (ValueError, TypeError) as exc:
            self.show_message(str(exc))
            return None

    def open_layer_dialog(self, h: int) -> LayerDialog | None:
        """Open the width + activation dialog for hidden layer ``h`` (non-blocking)."""
        spec = self.session.network_spec
        if not 0 <= h < len(spec.hidden):
            return None
        layer = spec.hidden[h]
        dialog = LayerDialog(f"Layer {h + 1}", layer.units, layer.activation, self.hidden_activations(), self)
        dialog.accepted.connect(lambda: self.edit_layer(h, *dialog.values()))
        self.layer_dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ value editor
    def open_weight_editor(self, l: int, i: int, j: int, pos) -> None:
        weights = (self._snapshot.weights if self._snapshot is not None else self._params[0])
        title = f"weight {self._neuron_name(l, i)} → {self._neuron_name(l + 1, j)}"
        self.scene.edges.set_highlight((l, i, j))
        self.value_editor.open_for(("w", l, i, j), title, float(weights[l][i, j]), pos)

    def open_bias_editor(self, l: int, j: int, pos) -> None:
        biases = (self._snapshot.biases if self._snapshot is not None else self._params[1])
        self.value_editor.open_for(("b", l, j), f"bias of {self._neuron_name(l + 1, j)}",
                                   float(biases[l][j]), pos)

    def _on_value_editor_entered(self, text: str) -> None:
        target = self.value_editor.target
        if target is None:
            return
        try:
            parse_value(text)
        except ValueError as exc:
            self.value_editor.show_error(str(exc))
            return
        ok = self.set_weight(*target[1:], text) if target[0] == "w" else self.set_bias(*target[1:], text)
        if ok:
            self.value_editor.close_editor()
            self.view.setFocus()
        else:
            self.value_editor.show_error(self.actions.refusal)

    def _on_value_editor_stepped(self, step: int) -> None:
        """Up / Down in the weight editor: the previous / next incoming weight of the same neuron."""
        target = self.value_editor.target
        if target is None or target[0] != "w":
            return
        _, l, i, j = target
        fan_in = np.shape(self._params[0][l])[0]
        self.open_weight_editor(l, (i + step) % fan_in, j, self.value_editor.pos())

    def _neuron_name(self, column: int, row: int) -> str:
        """A readable name: the feature for an input, else ``h<layer>.<unit>`` or ``out.<unit>``."""
        layout = self.scene.layout
        if column == 0:
            features = self.session.prepared.feature_names
            return features[row] if 0 <= row < len(features) else f"x{row}"
        if column == len(layout.columns) - 1:
            return f"out{row + 1}" if layout.columns[-1].units > 1 else "out"
        return f"h{column}.{row + 1}"

    # ------------------------------------------------------------------ live
    def update_live(self, snapshot, neuron_maps) -> None:
        """Show a training snapshot: edges, biases, deltas, thumbnails; no items are created.

        Parameters
        ----------
        snapshot : Snapshot or None
            Dropped when its weights do not fit the network shown (an older build).
        neuron_maps : sequence of ndarray or None
            ``neuron_maps[0]`` is ``(n_features, r, r)``, ``neuron_maps[l + 1]``
            is ``(fan_out_l, r, r)``; row 0 of a map is the lowest ``x2``.
        """
        if snapshot is not None and self.scene.fits(snapshot.weights):
            self._snapshot = snapshot
            self._show_edges()
            if len(snapshot.mean_deltas):
                self.scene.show_deltas(snapshot.mean_deltas)
            target = self.value_editor.target
            if target is not None:
                value = (snapshot.weights[target[1]][target[2], target[3]] if target[0] == "w"
                         else snapshot.biases[target[1]][target[2]])
                self.value_editor.set_current(float(value))
            if self.hovered is not None and self.hover_card.isVisible():
                self.hover_card.setText(self.neuron_card(*self.hovered))
            elif self.hovered_edge is not None and self.hover_card.isVisible():
                self.hover_card.setText(self.edge_card(*self.hovered_edge))
        if neuron_maps is not None:
            self.scene.show_maps(neuron_maps)

    def neuron_card(self, column: int, unit: int) -> str:
        """The hover card's HTML for a neuron (layout column, display unit); see :mod:`.cards`."""
        col = self.scene.layout.columns[column]
        if col.kind == "input":
            state = "on" if col.active[unit] else "off (click to switch on)"
            return f"<b>input {col.labels[unit]}</b><br>{state}"
        fan_in = np.shape(self._params[0][column - 1])[0]
        sources = [self._neuron_name(column - 1, i) for i in range(fan_in)]
        return neuron_card(self._snapshot, self._params, column - 1, unit, self._neuron_name(column, unit),
                           col.activation, sources)

    def edge_card(self, l: int, i: int, j: int) -> str:
        """The hover card's HTML for the edge ``w_ij`` of weight layer ``l``; see :mod:`.cards`."""
        title = f"{self._neuron_name(l, i)} → {self._neuron_name(l + 1, j)}"
        return edge_card(self._snapshot, self._params, l, i, j, title)

    # ------------------------------------------------------------------ edge modes
    def set_edge_mode(self, mode: str) -> None:
        """Colour and size the edges by ``mode``: ``weights``, ``gradients`` or ``updates``."""
        if mode not in EDGE_MODES:
            raise ValueError(f"unknown edge mode {mode!r}; one of {', '.join(EDGE_MODES)}")
        for action in self.mode_actions.actions():
            action.setChecked(action.data() == mode)
        if mode != self.edge_mode:
            self.edge_mode = mode
            self._show_edges()

    def edge_values(self):
        """What the edges show now, one ``(fan_in, fan_out)`` array per layer, or None (nothing yet)."""
        snap = self._snapshot
        if self.edge_mode == "weights":
            return snap.weights if snap is not None else self._params[0]
        if snap is None or not snap.has_batch:
            return None
        return snap.grad_weights if self.edge_mode == "gradients" else snap.update_weights

    def _show_edges(self) -> None:
        """Edges in the chosen mode, bias markers, and the strip's note of what and when they show."""
        snap = self._snapshot
        weights, biases = (snap.weights, snap.biases) if snap is not None else self._params
        values = self.edge_values()
        symbol = EDGE_MODES[self.edge_mode][1]
        if values is None:
            # No batch yet: every edge thin, same colour; the note says why.
            values = [np.zeros(np.shape(w)) for w in weights]
            note = f"edges: {symbol} (no batch yet: Step batch or Play)"
        elif self.edge_mode == "weights":
            note = f"edges: w, {after_moment(snap)}"
        elif self.edge_mode == "gradients":
            note = f"edges: ∂J/∂w, batch mean, {batch_moment(snap)}"
        else:
            note = f"edges: Δw, the update of step {snap.batch_step:,}"
        self.scene.show_parameters(weights, biases, values, edge_scale(values, self.edge_mode))
        self.palette.set_mode_note(note)

    def highlight(self, neurons: dict, edges: dict, labels: dict | None = None) -> None:
        """Point at ``neurons`` ``{(column, row): role}`` and ``edges`` ``{(l, i, j): role}``, with
        ``labels`` ``{(column, row): (text, role)}`` on neurons; see :mod:`playground.ui.canvas.highlight`."""
        self.scene.highlight.show(neurons, edges, labels or {})

    def clear_highlight(self) -> None:
        self.scene.highlight.clear()

    def pin(self, column: int, unit: int) -> None:
        """Pin (or unpin when pinned already) a hidden or output neuron's map."""
        key = (column, unit)
        col = self.scene.layout.columns[column]
        if col.kind == "input":
            return
        if self.pinned == key:
            self.pinned = None
            self.neuron_pinned.emit(-1, -1)
        else:
            self.pinned = key
            self.neuron_pinned.emit(column, unit)
        self._refresh_marks()


def standalone_editor(session: CanvasSession, undo_stack, parent=None) -> NetworkEditor:
    """An editor outside the main window (``python -m playground.ui.canvas``, tests).

    Its edits go through an :class:`Actions` over ``undo_stack`` whose refusals
    show in the editor's own status line (in the window they show in the banner).
    """
    # report is called only on an edit, so `editor` is bound by then.
    actions = Actions(session, undo_stack, report=lambda text: editor.show_status(text))
    editor = NetworkEditor(session, actions, parent)
    return editor
