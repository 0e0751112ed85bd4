"""The pipeline panel: every feature, feature map, ReLU map and pooled map, then the votes.

All maps of one kind in one block share a single ImageItem (a mosaic with transparent
gaps), so a pixel edit updates a handful of items in place instead of rebuilding anything:
that is what keeps an edit within one frame.  Items are rebuilt only when the network's
architecture changes.  The panel never computes the network: it draws ``model.trace`` and
reports which cell the user points at or clicks.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsSimpleTextItem

from ..engine.layers import AvgPool, Conv2D, Flatten, Linear, MaxPool, ReLU
from .app_model import AppModel
from .pictures import (COLORMAP, LEVELS, LUT, channel_grid, channel_grid_pixel,
                       feature_name, grid_columns, mosaic)

pg.setConfigOptions(imageAxisOrder="row-major")

TILE = 7.0            # scene width of one feature map, whatever its size in cells
BAND = 8              # at most this many features side by side; more wrap to a new band
LABEL_H = 1.0         # room for a row label above each row (times the label scale)
LABEL_SHARE = 1 / 72  # a label is at least this share of the scene's larger side (readable)
KERNEL_GRID_H = 4.2   # at most this scene height for a feature's grid of channel slices
VOTES_W = 4.2         # scene width of the weight columns of a hidden layer, however many
HIGHLIGHT = QColor(0, 200, 0)


def text_color(value: float) -> QColor:
    """Dark text on the light middle of the colour map, white on its saturated ends."""
    return QColor(255, 255, 255) if abs(value) > 0.55 else QColor(20, 20, 20)


def number_text(value: float, compact: bool = False) -> str:
    """Two decimals like the tutorial's tables; compact drops the leading zero."""
    text = f"{value:.2f}"
    if text == "-0.00":
        text = "0.00"
    if compact:
        text = text.replace("0.", ".", 1) if abs(value) < 1 else text[:-1]
    return text


class NumbersItem(pg.GraphicsObject):
    """The values printed in the cells of its parent image, when a cell is big enough."""

    def __init__(self, parent: pg.ImageItem) -> None:
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
        size = min(cell_h * 0.45, cell_w / 3.0)
        compact = size < 9                      # ".78" instead of "0.78" in small cells
        if compact:
            size = min(cell_h * 0.45, cell_w / 2.5)
        if size < 7:
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

    def show_array(self, data: np.ndarray) -> None:
        """Update in place; the scene rectangle is re-applied only when the shape changes."""
        old = self.image
        self.setImage(data, autoLevels=False, levels=LEVELS, lut=LUT)
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


@dataclass
class _Block:
    conv: int                  # layer index of the convolution in the network / trace
    kernel: int                # feature size
    kernels: list[MapItem]
    bands: list[dict[str, MapItem]]   # per band of features: "conv", "relu", "pool" mosaics


def _stage_label(layer) -> tuple[str, str]:
    """(role, row label) for a layer drawn as a row of maps."""
    if isinstance(layer, Conv2D):
        return "conv", "convolution → feature maps"
    if isinstance(layer, ReLU):
        return "relu", "ReLU: negatives → 0"
    kind = "max" if isinstance(layer, MaxPool) else "average"
    return "pool", f"{kind} pooling {layer.window}×{layer.window}, stride {layer.stride}"


class PipelineView(pg.GraphicsLayoutWidget):
    """Draws the model's trace; emits the cell pointed at (layer, cell) and clicks."""

    cellHovered = Signal(int, tuple)
    cellClicked = Signal(int, tuple)
    kernelHovered = Signal(int, tuple)      # conv layer, (feature, channel, row, col)

    def __init__(self, model: AppModel, parent=None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.model = model
        self.show_numbers = True
        self.view = self.addViewBox(row=0, col=0)
        self.view.setAspectLocked(True)
        self.view.invertY(True)
        self.view.setMouseEnabled(False, False)
        self.view.setMenuEnabled(False)
        self.legend = pg.ColorBarItem(values=LEVELS, colorMap=COLORMAP, label="value (−1 … +1)",
                                      interactive=False, width=14)
        self.addItem(self.legend, row=0, col=1)
        self._items: list = []
        self._highlights: list[QGraphicsRectItem] = []
        self.blocks: list[_Block] = []
        self.values: MapItem | None = None
        self.weights: MapItem | None = None
        self._vote_layer = -1
        self._label_scale = 1.0      # > 1 for big scenes, so the labels stay readable
        self._shown_weights: dict[str, np.ndarray] = {}
        self.setToolTip("Point at any cell to see where it comes from; click a feature's "
                        "pixel to flip it between +1 and −1.")
        model.networkChanged.connect(self._on_model_network)
        model.traceChanged.connect(self._on_model_trace)
        self._on_model_network()
        self._on_model_trace()

    # --- building (only when the architecture changes) --------------------------------
    def _text(self, text: str, x: float, y: float, bold: bool = False,
              height: float = 0.62) -> float:
        """A label sized in scene units (bottom-left at x, y): it scales with the maps, so
        labels never overlap them however many features there are.  Returns its right end."""
        item = QGraphicsSimpleTextItem(text)
        font = QFont()
        font.setPixelSize(40)
        font.setBold(bold)
        item.setFont(font)
        item.setBrush(QColor(40, 40, 40))
        scale = height * self._label_scale / 40
        item.setScale(scale)
        item.setPos(x, y - item.boundingRect().height() * scale)
        self.view.addItem(item, ignoreBounds=True)
        self._items.append(item)
        return x + item.boundingRect().width() * scale

    @property
    def _lh(self) -> float:
        """The room for one row label, in scene units."""
        return LABEL_H * self._label_scale

    def _map_item(self, role: str, stage: int, block: int, rect: QRectF) -> MapItem:
        item = MapItem(self, role, stage, block)
        item.numbers.shown = self.show_numbers
        self.view.addItem(item)
        item.scene_rect = rect
        self._items.append(item)
        return item

    def _clear(self) -> None:
        for item in self._items:
            self.view.removeItem(item)
        self._items, self.blocks, self._highlights = [], [], []
        self.values = self.weights = None
        self._shown_weights = {}

    def _on_model_network(self) -> None:
        """Build the scene; a big one is built again with larger labels and room for them,
        so a label never shrinks below about 1/72 of the panel (about 9 pixels)."""
        self._label_scale = 1.0
        width, height = self._build_scene()
        for _ in range(3):                       # larger labels add height: settle in a few
            extent = max(width, height)
            if 0.62 * self._label_scale >= extent * LABEL_SHARE:
                break
            self._label_scale = extent * LABEL_SHARE / 0.62 * 1.1
            width, height = self._build_scene()
        top = -1.45 * self._lh - 0.2              # room for the labels above the first row
        self.view.setRange(QRectF(-0.3, top, max(width, 1) + 0.6, height - top + 0.3),
                           padding=0)

    def _build_scene(self) -> tuple[float, float]:
        """Every block, then the votes; returns the scene's (width, height)."""
        self._clear()
        net = self.model.network
        layers, shapes = net.layers, net.shapes
        convs = [i for i, l in enumerate(layers) if isinstance(l, Conv2D)]
        y, width = 0.0, 0.0
        for number, index in enumerate(convs, start=1):
            stages = [index]
            while (stages[-1] + 1 < len(layers)
                   and isinstance(layers[stages[-1] + 1], (ReLU, MaxPool, AvgPool))
                   and len(shapes[stages[-1] + 1]) == 3):
                stages.append(stages[-1] + 1)
            y, w = self._build_block(number, stages, y, titled=len(convs) > 1)
            width = max(width, w)
        flat = next((i for i, l in enumerate(layers) if isinstance(l, Flatten)), None)
        if flat is not None and flat + 1 < len(layers) and isinstance(layers[flat + 1], Linear):
            bottom = y - self._lh if self.blocks else 12.0
            width, y = self._build_votes(flat, layers[flat + 1], width + 1.2, bottom, y)
        return width, y

    def _build_block(self, number: int, stages: list[int], y: float, titled: bool):
        """Kernels above the maps of the convolution and of the ReLU / pooling layers that
        follow it (``stages``), in bands of at most BAND features."""
        layers, shapes = self.model.network.layers, self.model.network.shapes
        index = stages[0]
        conv = layers[index]
        size = shapes[index][1]
        gap = max(1, round(size * 0.15))
        pitch = size + gap
        scale = TILE / size
        feats = conv.features
        if titled:
            self._text(f"Block {number}: {feats} features {conv.size}×{conv.size}"
                       + (f" over {conv.channels} maps" if conv.channels > 1 else ""),
                       0, y, bold=True, height=0.75)
            y += self._lh
        cols = grid_columns(conv.channels)          # each feature: a grid of channel slices
        rows = -(-conv.channels // cols)
        gw, gh = cols * (conv.size + 1) - 1, rows * (conv.size + 1) - 1
        kc = min(1.0, TILE / gw, (TILE if conv.channels == 1 else KERNEL_GRID_H) / gh)
        kh, kw = gh * kc, gw * kc
        kernels, bands, width = [], [], 0.0
        for first in range(0, feats, BAND):
            count = min(BAND, feats - first)
            width = max(width, (pitch * (count - 1) + size) * scale)
            for f in range(first, first + count):
                x = (f - first) * pitch * scale
                name = feature_name(self.model.network_source, f)
                self._text(name, x, y - 0.1)
                item = self._map_item("kernel", index, number - 1, QRectF(x, y, kw, kh))
                item.first = f
                kernels.append(item)
            y += kh + self._lh
            maps = {}
            for stage in stages:
                role, label = _stage_label(layers[stage])
                key = role if role not in maps else f"{role}{stage}"   # e.g. two ReLUs
                cells = shapes[stage][1]
                self._text(label, 0, y - 0.1)
                h = cells * scale
                w = (pitch * (count - 1) + cells) * scale
                item = self._map_item(role, stage, number - 1, QRectF(0, y, w, h))
                item.pitch, item.first, item.count = pitch, first, count
                maps[key] = item
                y += h + self._lh
            bands.append(maps)
        self.blocks.append(_Block(index, conv.size, kernels, bands))
        return y, width

    def _build_votes(self, flat: int, fc: Linear, x: float, bottom: float,
                     y: float) -> tuple[float, float]:
        """The flattened values as a column, the weights of the first fully connected layer
        beside it (one column per answer, or per hidden neuron), spanning the blocks'
        height.  Hidden layers after it are summarized in a note: their votes are in the
        votes panel.  Returns the scene's (width, height)."""
        layers = self.model.network.layers
        n, k = fc.inputs, fc.outputs
        ls = self._label_scale
        top = 0.0
        height = bottom - top
        right = self._text(f"{n} values", x, bottom + 0.95 * ls)
        self.values = self._map_item("values", flat, -1, QRectF(x, top, 1.0, height))
        wx = x + 1.6
        last = fc is layers[-1]
        cw = 1.4 if last else min(1.4, VOTES_W / k)
        self._text("weights" if last else f"weights → {k} neurons", wx, top - 0.75 * ls)
        if last:
            for i, name in enumerate(self.model.classes):
                self._text(name, wx + i * cw + 0.35, top - 0.05 * ls)
        self.weights = self._map_item("weights", flat + 1, -1, QRectF(wx, top, cw * k, height))
        self._vote_layer = flat + 1
        right = max(right, wx + cw * k + 0.8)
        if not last:
            hidden = [layer.outputs for layer in layers[flat + 1:] if isinstance(layer, Linear)]
            sizes = " → ".join(map(str, hidden[:-1]))
            lines = (f"→ hidden layer{'s' if len(hidden) > 2 else ''} ({sizes}),",
                     "summarized here; the votes", "are in the votes chart (left)")
            for i, line in enumerate(lines):
                right = max(right, self._text(line, x, bottom + (0.95 + i + 1) * ls))
            y = max(y, bottom + (len(lines) + 1) * self._lh)
        return right, max(y, bottom + self._lh)

    # --- updating (every edit) ---------------------------------------------------------
    def _on_model_trace(self) -> None:
        trace, net = self.model.trace, self.model.network
        for block in self.blocks:
            weight = net.layers[block.conv].params["weight"]
            for f, item in enumerate(block.kernels):    # redrawn only when edited
                key = f"{block.conv}.{f}"
                shown = self._shown_weights.get(key)
                if shown is None or not np.array_equal(shown, weight[f]):
                    self._shown_weights[key] = weight[f].copy()
                    item.show_array(channel_grid(weight[f]))
            for band in block.bands:
                for item in band.values():
                    maps = trace[item.stage].output[item.first:item.first + item.count]
                    item.show_array(mosaic(maps, item.pitch))
        if self.values is not None:
            self.values.show_array(trace[self.values.stage].output[:, None].astype(np.float32))
            weights = net.layers[self._vote_layer].params["weight"]
            shown = self._shown_weights.get("votes")
            if shown is None or not np.array_equal(shown, weights):
                self._shown_weights["votes"] = weights.copy()
                self.weights.show_array(np.ascontiguousarray(weights.T, np.float32))

    def set_show_numbers(self, shown: bool) -> None:
        """View → Show numbers: the tutorial's tables on or off."""
        self.show_numbers = shown
        for item in self._items:
            if isinstance(item, MapItem):
                item.numbers.shown = shown
                item.numbers.update()

    # --- pointing ----------------------------------------------------------------------
    def _on_item_cell(self, item: MapItem, cell: tuple[int, int], clicked: bool) -> None:
        r, c = cell
        if item.role == "kernel":
            block = self.blocks[item.block]
            channels = self.model.network.layers[block.conv].channels
            channel, kr, kc = channel_grid_pixel(channels, block.kernel, r, c)
            if clicked:
                self.flip_kernel_pixel(block.conv, item.first, channel, kr, kc)
            else:
                self.kernelHovered.emit(block.conv, (item.first, channel, kr, kc))
            return
        if item.role in ("conv", "relu", "pool"):
            f, cc = divmod(c, item.pitch)
            target = (item.first + f, r, cc)
        elif item.role == "values":
            target = (r,)
        else:
            target = (c,)
        (self.cellClicked if clicked else self.cellHovered).emit(item.stage, target)

    def flip_kernel_pixel(self, layer: int, feature: int, channel: int, row: int, col: int) -> None:
        """Flip one feature pixel between +1 and -1 and hand the new weights to the model."""
        state = self.model.network.state_dict()
        weight = state[f"layers.{layer}.weight"]
        value = weight[feature, channel, row, col]
        weight[feature, channel, row, col] = -1.0 if value > 0 else 1.0
        self.model.set_weights(state)

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

    def highlight(self, stage: int, channels: tuple[int, ...], rows: tuple[int, int],
                  cols: tuple[int, int]) -> None:
        """Outline where a value comes from (several channels: one box in each map)."""
        self.clear_highlight()
        for channel in channels:
            item, offset = self.stage_item(stage, channel)
            if item is None:
                continue
            if item is self.values:       # a flat vector, drawn as a column
                rect = QRectF(0, cols[0], 1, cols[1] - cols[0])
            else:
                rect = QRectF(cols[0] + offset, rows[0], cols[1] - cols[0], rows[1] - rows[0])
            box = QGraphicsRectItem(rect, item)
            pen = QPen(HIGHLIGHT, 3)
            pen.setCosmetic(True)
            box.setPen(pen)
            self._highlights.append(box)

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
        box = QGraphicsRectItem(rect, item)
        pen = QPen(QColor(0, 0, 0), 2.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        box.setPen(pen)
        self._highlights.append(box)

    def clear_highlight(self) -> None:
        for box in self._highlights:
            scene = box.scene()
            if scene is not None:
                scene.removeItem(box)
        self._highlights = []
