"""LiveView: turns the session's snapshots into drawn frames, on its own timer.

Snapshots arrive up to ~30 a second. Each one's loss points and layer deltas go
into the (decimated) histories at once — that is all the work done per
snapshot. The drawing happens on a timer and only for the newest snapshot: the
grid forward pass (boundary and every neuron's map) when the weights changed,
then ``setData`` / ``setImage`` on items that already exist.
"""

from __future__ import annotations

import json
import time

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from playground.data.slices import PlaneSlice, default_slice
from playground.engine import ACTIVATIONS
from playground.ui.session.fields import problem_kind
from playground.ui.live.grid import DEFAULT_RESOLUTION, RESOLUTIONS, BoundaryGrid
from playground.ui.live.moment import batch_moment
from playground.ui.style.changes import style_changes

#: Shortest time between two frames. A frame is drawn when a snapshot arrives
#: (no timer aliasing), but never sooner than this after the previous one.
FRAME_MS = 25
#: The curves move by a pixel or less per frame: redrawing them at ~15 Hz saves a
#: third of a frame's cost and looks the same.
CURVE_MS = 66
#: The settings key of the plane through > 2 inputs (a JSON PlaneSlice record).
SLICE_KEY = "view/slice"
#: Where the grid resolution is kept (View > Boundary resolution and Edit > Preferences share it).
RESOLUTION_KEY = "view/resolution"



class LiveView(QObject):
    """Feeds the output panel and the network editor from the session.

    Parameters
    ----------
    session : Session
    output : OutputPanel
    editor : object with ``update_live(snapshot, neuron_maps)``, optional
    bar : TrainingBar, optional
    resolution : int
        Grid points per side of the boundary and the neuron maps.
    hold_drawing : bool
        Draw nothing (no grid forward pass, no boundary, no neuron maps) until
        :meth:`release`. The window holds its first drawing until its first
        frame is on screen (issue 13: the boundary grid waits for the first paint).
    """

    frame_drawn = Signal()

    def __init__(self, session, output, editor=None, bar=None, resolution: int = DEFAULT_RESOLUTION,
                 parent: QObject | None = None, hold_drawing: bool = False) -> None:
        super().__init__(parent)
        self._held = hold_drawing
        self.session = session
        self.output = output
        self.editor = editor
        self.bar = bar
        self.resolution = resolution
        self.frames = 0
        self.grid: BoundaryGrid | None = None
        #: The plane the boundary shows; kept while the data's columns stay the same.
        self.plane: PlaneSlice | None = None
        self._stored_plane: dict | None = None  # a restored slice for data not shown yet
        self.neuron_maps: list[np.ndarray] | None = None
        self.output_values: np.ndarray | None = None
        self.one_input = False  # the data has one input: the output is a curve f(x), not a map
        self._drawn = None  # the snapshot last drawn
        self._maps_of = None  # the weights the maps were computed from
        self._curves_at = 0.0
        self._hovered: tuple[int, int] | None = None
        self._pinned: tuple[int, int] | None = None
        self._last_frame = 0.0
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timer_timeout)
        session.snapshot_ready.connect(self._on_session_snapshot)
        session.network_built.connect(self._on_session_network_built)
        session.data_changed.connect(self._on_session_data_changed)
        session.settings_changed.connect(lambda *_: self._show_loss())
        output.slice_chosen.connect(self.set_slice)
        style_changes.palette_changed.connect(self._on_palette_changed)
        self._on_session_data_changed()
        self._on_session_network_built(session.network_version)

    # ------------------------------------------------------------ session events
    def _on_session_snapshot(self, snapshot) -> None:
        self.output.add_curve_points(snapshot)
        self._schedule()

    def _schedule(self) -> None:
        """Draw the newest snapshot soon: at once, or when FRAME_MS since the last frame passed."""
        if self._stopped or self._held or self.timer.isActive():
            return  # a frame is already due (or drawing waits for release); it will take the newest snapshot
        wait_ms = FRAME_MS - (time.perf_counter() - self._last_frame) * 1000
        self.timer.start(max(0, int(wait_ms)))

    def _on_session_network_built(self, version: int) -> None:
        # Empty curves; the heatmap shows the new network's neurons (grey: no delta yet) right away.
        self.output.show_network(self.session.layer_sizes())
        self._drawn = None
        self._maps_of = None
        self._configure_boundary()
        self._show_loss()
        self.draw()

    def _show_loss(self) -> None:
        """The loss plot's title shows the formula of the loss training uses."""
        self.output.set_loss(self.session.experiment.loss_for(self.session.prepared))

    def _on_session_data_changed(self) -> None:
        prepared = self.session.prepared
        self.grid = BoundaryGrid(prepared, self.resolution, self._plane_for(prepared))
        self._configure_boundary()
        self._show_data()
        self._maps_of = None
        self._show_loss()

    def _show_data(self) -> None:
        """The points, the plane's bounds and axis names, and the slice line, for the current grid."""
        prepared, plane = self.session.prepared, self.grid.plane
        names = prepared.raw_names
        one_input = self.one_input = len(names) == 1
        if one_input:
            # Points at (x, target); the prediction is drawn as a curve over them.
            train = np.column_stack([prepared.raw_train[:, 0], prepared.labels_train])
            test = np.column_stack([prepared.raw_test[:, 0], prepared.labels_test])
            lo, hi = self._label_range()
            pad = 0.1 * (hi - lo or 1.0)
            bounds = (self.grid.bounds[0], (lo - pad, hi + pad))
            axes = (names[0], "target / prediction")
        else:
            # The two columns spanning the plane (the first two unless a slice chose others).
            train, test = plane.project(prepared.raw_train), plane.project(prepared.raw_test)
            bounds = self.grid.bounds
            axes = (plane.names[plane.x], plane.names[plane.y])
        self.output.show_data((train, prepared.labels_train), (test, prepared.labels_test), bounds, axes, one_input)
        self.output.show_slice(plane)

    def _label_range(self) -> tuple[float, float]:
        prepared = self.session.prepared
        labels = np.concatenate([prepared.labels_train, prepared.labels_test]).astype(float)
        return (float(labels.min()), float(labels.max())) if labels.size else (0.0, 1.0)

    def _configure_boundary(self) -> None:
        prepared = self.session.prepared
        self.output.set_problem(problem_kind(prepared.n_classes),
                                self.session.network_spec.output_activation, self._label_range(),
                                class_names=prepared.class_names or ())

    def save_view(self, settings) -> None:
        settings.setValue(RESOLUTION_KEY, self.resolution)
        self._save_slice(settings)

    def restore_view(self, settings) -> None:
        self._restore_slice(settings)
        try:
            resolution = int(settings.value(RESOLUTION_KEY, self.resolution))
        except (TypeError, ValueError):
            return
        if resolution in RESOLUTIONS and resolution != self.resolution:
            self.set_resolution(resolution)

    def set_resolution(self, resolution: int) -> None:
        """Grid points per side of the boundary and the neuron maps (20..200); redraws."""
        self.resolution = int(resolution)
        self._on_session_data_changed()
        self.draw()

    # ------------------------------------------------------------ plane slice (> 2 inputs)
    def _plane_for(self, prepared) -> PlaneSlice:
        """The plane for new data: the current one while the columns stay, a restored one, or the default."""
        plane = default_slice(prepared)
        if self.plane is not None and self.plane.names == plane.names:
            plane = plane.restored(self.plane.to_record())  # held values clipped into the new range
        elif self._stored_plane is not None and self._stored_plane.get("columns") == list(plane.names):
            plane = plane.restored(self._stored_plane)
            self._stored_plane = None
        self.plane = plane
        return plane

    def set_slice(self, plane: PlaneSlice) -> None:
        """Show the plane ``plane`` through the current data's inputs; redraws boundary and maps at once.

        A view setting, not an experiment change: nothing to undo, training goes on.
        """
        prepared = self.session.prepared
        if plane.names != tuple(prepared.raw_names):
            return  # chosen for data that has been replaced since
        self.plane = plane
        self.grid = BoundaryGrid(prepared, self.resolution, plane)
        self._redraw_plane()

    def _redraw_plane(self) -> None:
        """Points, scales, boundary and neuron maps again from the current grid, at once."""
        self._configure_boundary()
        self._show_data()
        self._maps_of = None
        self.draw()

    def _save_slice(self, settings) -> None:
        plane = self.plane
        record = plane.to_record() if plane is not None and plane.width > 2 else self._stored_plane
        if record is None:
            settings.remove(SLICE_KEY)
        else:
            settings.setValue(SLICE_KEY, json.dumps(record))

    def _restore_slice(self, settings) -> None:
        """The stored slice now if it fits the data shown, else for the first data with its columns."""
        text = settings.value(SLICE_KEY)
        try:
            record = json.loads(text) if isinstance(text, str) else None
        except ValueError:
            record = None
        if not isinstance(record, dict):
            return  # missing or unreadable: the default slice stays
        if self.plane is not None and record.get("columns") == list(self.plane.names):
            self.set_slice(self.plane.restored(record))
        else:
            self._stored_plane = record

    # ------------------------------------------------------------ colours
    def _on_palette_changed(self) -> None:
        """New data colours (Edit > Preferences): points, scales, boundary, heatmap and canvas again."""
        if not self._stopped and self.grid is not None:
            self._redraw_plane()  # the grid (and its features) stays: only colours changed

    # ------------------------------------------------------------ hover / pin
    def show_neuron(self, layer: int, unit: int) -> None:
        """Show neuron ``(layer, unit)`` (``neuron_maps`` indexing) large; ``(-1, -1)``: none."""
        self._hovered = None if layer < 0 else (layer, unit)
        self._show_focus()

    def pin_neuron(self, layer: int, unit: int) -> None:
        """Keep showing this neuron's map when the mouse leaves it; ``(-1, -1)``: unpin."""
        self._pinned = None if layer < 0 else (layer, unit)
        self._show_focus()

    def _show_focus(self) -> None:
        focus = self._hovered or self._pinned
        maps = self.neuron_maps
        if focus is None or maps is None or focus[0] >= len(maps) or focus[1] >= len(maps[focus[0]]):
            self.output.show_neuron_map(None)
            return
        layer, unit = focus
        values = maps[layer][unit]
        if layer == 0:
            name, activation = f"input {self.session.features[unit]}", None
        else:
            activations = self.session.network_spec.activations()
            activation = activations[layer - 1]
            name = ("output" if layer == len(maps) - 1 else f"hidden {layer}") + f", neuron {unit + 1} ({activation})"
        # A bounded output is coloured over its whole range; otherwise symmetric around 0 from the data.
        low, high = ACTIVATIONS[activation].output_range if activation is not None else (None, None)
        if low is None or high is None:
            m = float(np.nanmax(np.abs(values))) or 1.0
            low, high = -m, m
        self.output.show_neuron_map(name, values, low, high)

    # ------------------------------------------------------------ frames
    def _on_timer_timeout(self) -> None:
        snapshot = self.session.latest_snapshot
        if snapshot is not self._drawn:
            self._draw_staged(snapshot)

    def draw(self) -> None:
        """Draw the newest snapshot now, all parts at once (nothing while held: see :meth:`release`)."""
        if self._held:
            return
        snapshot = self.session.latest_snapshot
        if self._draw_plots(snapshot):
            self._draw_curves(snapshot, force=True)
            self._draw_network(snapshot)

    def _draw_staged(self, snapshot) -> None:
        """The same frame in up to three event-loop turns: plots, curves, network view.

        Qt paints what each turn changed before the next one starts, so the
        event loop is never blocked for a whole frame (timers and input keep
        their pace: the 5 ms timer of the benchmark measures exactly that).
        """
        if not self._draw_plots(snapshot):
            return

        def curves_then_network():
            if self._draw_curves(snapshot):
                QTimer.singleShot(0, lambda: self._draw_network(snapshot))
            else:
                self._draw_network(snapshot)

        QTimer.singleShot(0, curves_then_network)

    def _draw_curves(self, snapshot, force: bool = False) -> bool:
        """Loss and delta curves, at most every CURVE_MS while running; True if redrawn."""
        now = time.perf_counter()
        if self._stopped or not (force or not snapshot.running or now - self._curves_at >= CURVE_MS / 1000):
            return False
        self._curves_at = now
        self.output.refresh_curves()
        return True

    def _draw_plots(self, snapshot) -> bool:
        """Grid, boundary, heatmap and counters; False if there is nothing to draw."""
        if snapshot is None or not snapshot.weights or self.grid is None or self._stopped:
            return False
        self._drawn = snapshot
        self._last_frame = time.perf_counter()
        if self._maps_of is not snapshot.weights:
            try:
                self.output_values, self.neuron_maps = self.grid.evaluate(
                    snapshot.weights, snapshot.biases, self.session.network_spec.activations())
            except ValueError:
                # Weights of a design the session already replaced; the next snapshot fits.
                return False
            self._maps_of = snapshot.weights
            out = self.output_values
            # One input: every grid row holds the same x values, so row 0 is the curve f(x).
            curve = (self.grid.xs, out[0, :, 0]) if self.one_input else None
            self.output.show_prediction(out[..., 0] if out.shape[-1] == 1 else out, curve)
            if self._hovered or self._pinned:
                self._show_focus()
        if len(snapshot.mean_deltas):
            # The heatmap says which moment its δ belong to, as the canvas and its cards do.
            self.output.show_heatmap(snapshot.mean_deltas, batch_moment(snapshot) or "")
        if self.bar is not None:
            self.bar.show_snapshot(snapshot)
        return True

    def _draw_network(self, snapshot) -> None:
        """The canvas: edges, deltas, thumbnails (from the maps of the same snapshot)."""
        if self._stopped:
            return
        if self.editor is not None and self._maps_of is snapshot.weights:
            self.editor.update_live(snapshot, self.neuron_maps)
        self.frames += 1
        self.frame_drawn.emit()

    @property
    def held(self) -> bool:
        """Whether drawing waits for :meth:`release` (``hold_drawing``)."""
        return self._held

    def release(self) -> None:
        """Start drawing: the newest snapshot now, then every frame as usual."""
        if self._held:
            self._held = False
            self.draw()

    def stop(self) -> None:
        self._stopped = True
        self.timer.stop()
