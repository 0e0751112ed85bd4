"""The pipeline's graphics items: a mosaic of maps that reports the cell under the mouse,
and the numbers printed in its cells when they fit."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter

from ..widgets.colors import LEVELS, palette, text_color
from ..widgets.numbers import number_text

MIN_NUMBER_PX = 11        # smaller numbers are not drawn; the panel says so instead

if TYPE_CHECKING:
    from .pipeline import PipelineView


def number_size(cell_w: float, cell_h: float) -> tuple[float, bool]:
    """The font's pixel size for numbers in cells of this many pixels, and whether they are
    written compactly (".78" instead of "0.78")."""
    size = min(cell_h * 0.5, cell_w / 2.8)
    if size >= 12:
        return size, False
    return min(cell_h * 0.58, cell_w / 1.75), True


class NumbersItem(pg.GraphicsObject):
    """The values printed in the cells of its parent image, when a cell is big enough."""

    def __init__(self, parent: "MapItem") -> None:
        super().__init__(parent)
        self._data: np.ndarray | None = None
        self.shown = True

    def set_data(self, data: np.ndarray) -> None:
        self.prepareGeometryChange()
        self._data = data
        self.update()

    def boundingRect(self) -> QRectF:
        if self._data is None:
            return QRectF()
        return QRectF(0, 0, self._data.shape[1], self._data.shape[0])

    def paint(self, painter: QPainter, *args) -> None:
        data = self._data
        if not self.shown or data is None:
            return
        t = painter.transform()
        cell_w, cell_h = abs(t.m11()) + abs(t.m21()), abs(t.m22()) + abs(t.m12())
        size, compact = number_size(cell_w, cell_h)
        if size < MIN_NUMBER_PX:
            return
        painter.save()
        painter.resetTransform()
        font = QFont()
        font.setPixelSize(int(size))
        painter.setFont(font)
        rows, cols = np.nonzero(np.isfinite(data))
        for r, c in zip(rows.tolist(), cols.tolist()):
            value = float(data[r, c])
            centre = t.map(QPointF(c + 0.5, r + 0.5))
            painter.setPen(text_color(value))
            box = QRectF(centre.x() - cell_w / 2, centre.y() - cell_h / 2, cell_w, cell_h)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, number_text(value, compact))
        painter.restore()


class MapItem(pg.ImageItem):
    """One mosaic of maps; reports (item, row, col) of the cell under the mouse."""

    def __init__(self, panel: "PipelineView", role: str, stage: int, block: int) -> None:
        super().__init__(axisOrder="row-major")
        self.panel, self.role, self.stage, self.block = panel, role, stage, block
        self.pitch = 1            # columns per feature tile in this mosaic
        self.first, self.count = 0, 1   # the features (channels) this mosaic shows
        self.scene_rect = QRectF(0, 0, 1, 1)
        self.numbers = NumbersItem(self)
        self.setAcceptHoverEvents(True)

    def show_array(self, data: np.ndarray, levels: tuple[float, float] = LEVELS) -> None:
        """Update in place; the scene rectangle is re-applied only when the shape changes."""
        old = self.image
        self.setImage(data, autoLevels=False, levels=levels, lut=palette().lut)
        if old is None or old.shape != data.shape:
            self.setRect(self.scene_rect)
        self.numbers.set_data(data)

    def _cell(self, pos: QPointF) -> tuple[int, int] | None:
        image = self.image
        if image is None:
            return None
        r, c = int(np.floor(pos.y())), int(np.floor(pos.x()))
        if 0 <= r < image.shape[0] and 0 <= c < image.shape[1] and np.isfinite(image[r, c]):
            return r, c
        return None

    def hoverEvent(self, ev) -> None:
        if ev.isExit():
            return
        cell = self._cell(ev.pos())
        if cell is not None:
            self.panel._on_item_cell(self, cell, clicked=False)

    def mouseClickEvent(self, ev) -> None:
        cell = self._cell(ev.pos())
        if cell is not None and ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self.panel._on_item_cell(self, cell, clicked=True)
