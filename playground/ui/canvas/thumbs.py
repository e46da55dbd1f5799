"""Every neuron's output map in ONE item and ONE image (an atlas).

The maps of all neurons are stacked into one RGBA image, one ``r x r`` tile per
neuron; a single item draws each tile into its neuron's square. Updating a
frame writes one NumPy array and repaints one item, instead of converting and
repainting one image item per neuron (measured ~5x slower).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsItem

from playground.ui.style import colors

TILE = 32  # largest tile side kept from a neuron map (the app's maps are up to 200 x 200)


class ThumbnailAtlas(QGraphicsItem):
    """Draws tile ``k`` of the atlas into ``targets[k]`` (scene rectangles)."""

    def __init__(self):
        super().__init__()
        self.setZValue(3)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self._targets: list[QRectF] = []
        self._keys: list[tuple[int, int]] = []   # (neuron_maps index, unit) of each tile
        self._counts: list[int] = []             # expected neuron_maps[c].shape[0]
        self._rect = QRectF()
        self._rgba: np.ndarray | None = None     # (n_tiles * r, r, 4) uint8, kept alive for the QImage
        self._image: QImage | None = None
        self._tile = 0

    def set_targets(self, targets: list[tuple[tuple[int, int], QRectF]]) -> None:
        """Where each ``(map index, unit)`` tile is drawn; clears the images (shape changed)."""
        self.prepareGeometryChange()
        self._keys = [key for key, _ in targets]
        n_columns = max((c for c, _ in self._keys), default=-1) + 1
        self._counts = [sum(1 for c, _ in self._keys if c == k) for k in range(n_columns)]
        self._targets = [rect for _, rect in targets]
        self._rect = QRectF()
        for rect in self._targets:
            self._rect = self._rect.united(rect)
        self._image = None
        self._rgba = None
        self.update()

    @property
    def n_tiles(self) -> int:
        return len(self._targets)

    def set_maps(self, neuron_maps) -> bool:
        """Colour the maps into the atlas; False (nothing drawn) when the shapes do not match.

        Parameters
        ----------
        neuron_maps : sequence of ndarray
            ``neuron_maps[c]`` is ``(units_c, r, r)`` for column ``c``, values
            around -1 .. 1 (NaN is drawn grey).
        """
        if not self._keys or len(neuron_maps) != len(self._counts):
            return False
        try:
            full = int(np.shape(neuron_maps[0])[-1])
            # Maps of another build (a different shape) are not drawn at all.
            if any(np.shape(m) != (n, full, full) for m, n in zip(neuron_maps, self._counts)):
                return False
            # A thumbnail is a few dozen pixels on screen: colour at most ~TILE px per side.
            step = max(1, -(-full // TILE))
            r = len(range(0, full, step))
            tiles = np.empty((len(self._keys), r, r), dtype=np.float32)
            for k, (c, unit) in enumerate(self._keys):
                tiles[k] = neuron_maps[c][unit][::step, ::step]
        except (IndexError, ValueError, TypeError):
            return False
        # Row 0 of a map is the lowest x2; images run top-down, so flip vertically.
        rgba = np.ascontiguousarray(colors.map_values(tiles[:, ::-1, :]).reshape(-1, r, 4))
        self._rgba = rgba
        self._tile = r
        self._image = QImage(rgba.data, r, rgba.shape[0], 4 * r, QImage.Format.Format_RGBA8888)
        self.update()
        return True

    def tile(self, k: int) -> np.ndarray | None:
        """The RGBA pixels of tile ``k``, ``(r, r, 4)`` (for tests and the hover card)."""
        if self._rgba is None:
            return None
        r = self._tile
        return self._rgba[k * r:(k + 1) * r]

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, option, widget=None):
        if self._image is None:
            return
        r = self._tile
        for k, target in enumerate(self._targets):
            painter.drawImage(target, self._image, QRectF(0, k * r, r, r))
