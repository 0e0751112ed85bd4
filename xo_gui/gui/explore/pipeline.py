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
from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsSimpleTextItem, QLabel

from ...engine.layers import AvgPool, Conv2D, Flatten, Linear, MaxPool, ReLU
from ...model.lab import LabModel, NetworkSource
from ...model.names import feature_name
from ..widgets.colors import (LEVELS, channel_grid, channel_grid_pixel, grid_columns, mosaic,
                              draw_focus_ring, palette)
from .highlights import Highlights
from .map_items import MIN_NUMBER_PX, MapItem, number_size

pg.setConfigOptions(imageAxisOrder="row-major")

TILE = 7.0            # scene width of one feature map, whatever its size in cells
BAND = 8              # at most this many features side by side; more wrap to a new band
LABEL_H = 1.0         # room for a row label above each row (times the label scale)
LABEL_SHARE = 1 / 72  # a label is at least this share of the scene's larger side (readable)
KERNEL_GRID_H = 4.2   # at most this scene height for a feature's grid of channel slices
VOTES_W = 4.2         # scene width of the weight columns of a hidden layer, however many
translate = QCoreApplication.translate


@dataclass
class _Block:
    conv: int                  # layer index of the convolution in the network / trace
    kernel: int                # feature size
    kernels: list[MapItem]
    bands: list[dict[str, MapItem]]   # per band of features: "conv", "relu", "pool" mosaics


def _stage_label(layer) -> tuple[str, str]:
    """(role, row label) for a layer drawn as a row of maps."""
    if isinstance(layer, Conv2D):
        return "conv", translate("Pipeline", "convolution → feature maps")
    if isinstance(layer, ReLU):
        return "relu", translate("Pipeline", "ReLU: negatives → 0")
    text = (translate("Pipeline", "max pooling {n}×{n}, stride {stride}")
            if isinstance(layer, MaxPool) else
            translate("Pipeline", "average pooling {n}×{n}, stride {stride}"))
    return "pool", text.format(n=layer.window, stride=layer.stride)


_WALK = {Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0), Qt.Key.Key_Left: (0, -1),
         Qt.Key.Key_Right: (0, 1)}


class PipelineView(Highlights, pg.GraphicsLayoutWidget):
    """Draws the lab's trace; emits the cell pointed at (layer, cell), clicks, and the
    keyboard's walk over the cells (arrow keys) and pin (Enter) while it has the focus."""

    cellHovered = Signal(int, tuple)
    cellClicked = Signal(int, tuple)
    kernelHovered = Signal(int, tuple)      # conv layer, (feature, channel, row, col)
    kernelClicked = Signal(int, tuple)
    walkRequested = Signal(int, int)        # rows, columns
    pinRequested = Signal()

    def __init__(self, model: LabModel, parent=None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.model = model
        self.show_numbers = True
        self.view = self.addViewBox(row=0, col=0)
        self.view.setAspectLocked(True)
        self.view.invertY(True)
        self.view.setMouseEnabled(False, False)
        self.view.setMenuEnabled(False)
        self.legend = pg.ColorBarItem(values=LEVELS, colorMap=palette().colormap,
                                      label=self.tr("value (−1 … +1)"),
                                      interactive=False, width=14)
        self.addItem(self.legend, row=0, col=1)
        self._items: list = []
        self._boxes: list[QGraphicsRectItem] = []       # made once, reused by every hover
        self._boxes_used = 0
        self._frame: QGraphicsRectItem | None = None    # around the animated map
        self.blocks: list[_Block] = []
        self.values: MapItem | None = None
        self.weights: MapItem | None = None
        self._vote_layer = -1
        self._weights_levels = LEVELS
        self._label_scale = 1.0      # > 1 for big scenes, so the labels stay readable
        self._shown_weights: dict[str, np.ndarray] = {}
        self.setAccessibleName(self.tr("The network, layer by layer"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setViewportMargins(2, 2, 2, 2)     # room for the focus ring (arrows walk cells)
        self.small_note = QLabel(self.tr("The numbers are too small to read at this size: zoom "
                                         "in (Ctrl++) or make the window larger."), self)
        self.small_note.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 3px;")
        self.small_note.setWordWrap(True)       # in as many lines as the panel's width needs
        self.small_note.move(4, 4)
        self.small_note.hide()
        self.view.sigResized.connect(self.numbers_fit_changed)
        model.networkChanged.connect(self._on_model_network)
        model.traceChanged.connect(self._on_model_trace)
        model.animation.changed.connect(self._on_model_trace)
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
        self._boxes, self._boxes_used = [], 0      # every box belongs to a removed map
        self._frame = None
        self._items, self.blocks = [], []
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
        top = -2.1 * self._lh - 0.2               # room for the labels above the first row
        self.view.setRange(QRectF(-0.3, top, max(width, 1) + 0.6, height - top + 0.3),
                           padding=0)
        self.numbers_fit_changed()

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
            text = (self.tr("Block {n}: {f} features {k}×{k} over {c} maps")
                    if conv.channels > 1 else self.tr("Block {n}: {f} features {k}×{k}"))
            self._text(text.format(n=number, f=feats, k=conv.size, c=conv.channels),
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
                name = feature_name(self.model.network_source == NetworkSource.TUTORIAL, f)
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
        right = self._text(self.tr("{n} values").format(n=n), x, bottom + 0.95 * ls)
        self.values = self._map_item("values", flat, -1, QRectF(x, top, 1.0, height))
        wx = x + 1.6
        last = fc is layers[-1]
        cw = 1.4 if last else min(1.4, VOTES_W / k)
        bound = float(np.abs(fc.params["weight"]).max()) or 1.0
        self._weights_levels = (-bound, bound)       # their own colour scale, said above
        scale = self.tr("colours ±{m}").format(m=f"{bound:.2g}")
        self._text(self.tr("weights") if last else self.tr("weights → {k} neurons").format(k=k),
                   wx, top - 1.45 * ls)
        right = max(right, self._text(scale, wx, top - 0.75 * ls))
        if last:
            for i, name in enumerate(self.model.classes):
                self._text(name, wx + i * cw + 0.35, top - 0.05 * ls)
        self.weights = self._map_item("weights", flat + 1, -1, QRectF(wx, top, cw * k, height))
        self._vote_layer = flat + 1
        right = max(right, wx + cw * k + 0.8)
        if not last:
            hidden = [layer.outputs for layer in layers[flat + 1:] if isinstance(layer, Linear)]
            sizes = " → ".join(map(str, hidden[:-1]))
            text = (self.tr("→ hidden layers ({sizes}),\nsummarized here; the votes\nare in "
                            "the votes chart (left)") if len(hidden) > 2 else
                    self.tr("→ hidden layer ({sizes}),\nsummarized here; the votes\nare in "
                            "the votes chart (left)"))
            lines = text.format(sizes=sizes).split("\n")
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
                for item in band.values():      # an animated map: filled cells only
                    maps = trace[item.stage].output[item.first:item.first + item.count]
                    maps = self.model.animation.shown(item.stage, maps, item.first)
                    item.show_array(mosaic(maps, item.pitch))
        anim = self.model.animation
        self.frame(anim.layer, anim.feature,
                   trace[anim.layer].output.shape[1:] if anim.active else (0, 0))
        if self.values is not None:
            self.values.show_array(trace[self.values.stage].output[:, None].astype(np.float32))
            weights = net.layers[self._vote_layer].params["weight"]
            shown = self._shown_weights.get("votes")
            if shown is None or not np.array_equal(shown, weights):
                self._shown_weights["votes"] = weights.copy()
                self.weights.show_array(np.ascontiguousarray(weights.T, np.float32),
                                        self._weights_levels)

    def numbers_fit_changed(self, *_args) -> None:
        """Say in place when the maps' cells are too small for readable numbers (zoom in
        to see them); measured from the geometry, so cells out of view count too."""
        px_w, px_h = self.view.viewPixelSize()
        small = False
        if self.show_numbers and px_w > 0 and px_h > 0:
            for item in self._items:
                if isinstance(item, MapItem) and item.role in ("conv", "relu", "pool") \
                        and item.image is not None:
                    rows, cols = item.image.shape
                    size, _ = number_size(item.scene_rect.width() / cols / px_w,
                                          item.scene_rect.height() / rows / px_h)
                    small = small or size < MIN_NUMBER_PX
        if small:
            width = max(120, self.width() - 8)
            self.small_note.setFixedSize(width, self.small_note.heightForWidth(width))
        self.small_note.setVisible(small)

    def set_zoom(self, factor: float) -> None:
        """Above 100 % the maps need more room than the panel: the scroll area around the
        panel scrolls (below 100 % they simply fill it)."""
        base = (640, 520)
        self.setMinimumSize(int(base[0] * factor) if factor > 1 else 0,
                            int(base[1] * factor) if factor > 1 else 0)


    def set_show_numbers(self, shown: bool) -> None:
        """View → Show numbers: the tutorial's tables on or off."""
        self.show_numbers = shown
        for item in self._items:
            if isinstance(item, MapItem):
                item.numbers.shown = shown
                item.numbers.update()
        self.numbers_fit_changed()

    # --- pointing ----------------------------------------------------------------------
    def _on_item_cell(self, item: MapItem, cell: tuple[int, int], clicked: bool) -> None:
        r, c = cell
        if item.role == "kernel":
            block = self.blocks[item.block]
            channels = self.model.network.layers[block.conv].channels
            channel, kr, kc = channel_grid_pixel(channels, block.kernel, r, c)
            signal = self.kernelClicked if clicked else self.kernelHovered
            signal.emit(block.conv, (item.first, channel, kr, kc))
            return
        if item.role in ("conv", "relu", "pool"):
            f, cc = divmod(c, item.pitch)
            target = (item.first + f, r, cc)
        elif item.role == "values":
            target = (r,)
        else:
            target = (c,)
        (self.cellClicked if clicked else self.cellHovered).emit(item.stage, target)

    def event(self, event) -> bool:
        """With the focus here, the arrow keys walk the cells (not shift the drawing)."""
        if event.type() == QEvent.Type.ShortcutOverride and (
                event.key() in _WALK or event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            event.accept()
            return True
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint:
            draw_focus_ring(self)
        return handled

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in _WALK:
            self.walkRequested.emit(*_WALK[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.pinRequested.emit()
        else:
            super().keyPressEvent(event)

