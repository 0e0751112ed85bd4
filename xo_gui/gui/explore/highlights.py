"""Outlines on the pipeline's maps: where an explained value comes from and the cell
itself.  The boxes are made once and moved (a mixin of :class:`PipelineView`)."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from .map_items import MapItem

HIGHLIGHT = QColor(0, 200, 0)
FRAME = QColor(150, 150, 150)


class Highlights:
    """Needs ``blocks``, ``values``, ``weights``, ``_boxes`` / ``_boxes_used`` and
    ``_frame``."""

    def stage_item(self, stage: int, channel: int) -> tuple[MapItem | None, int]:
        """The mosaic showing trace[stage] and the column offset of ``channel`` in it."""
        for block in self.blocks:
            for band in block.bands:
                for item in band.values():
                    if item.stage == stage and item.first <= channel < item.first + item.count:
                        return item, (channel - item.first) * item.pitch
        if self.values is not None and self.values.stage == stage:
            return self.values, 0
        return None, 0

    def _box(self, parent, rect: QRectF, pen: QPen) -> QGraphicsRectItem:
        """A highlight box from the pool (created once, then moved and shown)."""
        if self._boxes_used == len(self._boxes):
            box = QGraphicsRectItem()
            box.setZValue(10)
            self._boxes.append(box)
        box = self._boxes[self._boxes_used]
        self._boxes_used += 1
        if box.parentItem() is not parent:
            box.setParentItem(parent)
        box.setRect(rect)
        box.setPen(pen)
        box.show()
        return box

    def highlighted(self) -> list:
        """The maps that show a box now: each source map, then the marked cell's map."""
        return [box.parentItem() for box in self._boxes[:self._boxes_used]]

    def highlight(self, stage: int, channels: tuple[int, ...], rows: tuple[int, int],
                  cols: tuple[int, int]) -> None:
        """Outline where a value comes from (several channels: one box in each map)."""
        self.clear_highlight()
        pen = QPen(HIGHLIGHT, 3)
        pen.setCosmetic(True)
        for channel in channels:
            item, offset = self.stage_item(stage, channel)
            if item is None:
                continue
            if item is self.values:       # a flat vector, drawn as a column
                rect = QRectF(0, cols[0], 1, cols[1] - cols[0])
            else:
                rect = QRectF(cols[0] + offset, rows[0], cols[1] - cols[0], rows[1] - rows[0])
            self._box(item, rect, pen)

    def mark(self, stage: int, cell: tuple) -> None:
        """Outline the cell being explained (added to the current highlight)."""
        if len(cell) == 3:
            item, offset = self.stage_item(stage, cell[0])
            rect = QRectF(cell[2] + offset, cell[1], 1, 1)
        elif self.values is not None and stage == self.values.stage:
            item, rect = self.values, QRectF(0, cell[0], 1, 1)
        elif self.weights is not None and stage == self.weights.stage:
            item = self.weights
            rect = QRectF(cell[0], 0, 1, item.image.shape[0])
        else:
            return
        if item is None:
            return
        pen = QPen(QColor(0, 0, 0), 2.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._box(item, rect, pen)

    def clear_highlight(self) -> None:
        for box in self._boxes[:self._boxes_used]:
            box.hide()
        self._boxes_used = 0

    def frame(self, stage: int | None, channel: int = 0, shape: tuple[int, int] = (0, 0)) -> None:
        """A grey frame around the map being animated, so its cells not filled yet keep
        the map's shape (``stage`` None: no frame)."""
        item, offset = self.stage_item(stage, channel) if stage is not None else (None, 0)
        if item is None:
            if self._frame is not None:
                self._frame.hide()
            return
        if self._frame is None:
            self._frame = QGraphicsRectItem()
            self._frame.setZValue(5)
            pen = QPen(FRAME, 1.5)
            pen.setCosmetic(True)
            self._frame.setPen(pen)
        if self._frame.parentItem() is not item:
            self._frame.setParentItem(item)
        self._frame.setRect(QRectF(offset, 0, shape[1], shape[0]))
        self._frame.show()
