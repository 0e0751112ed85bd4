"""Live views of a training run: the loss and accuracy curves and the learning features.

Each view is built once per network and then updated in place (``setData``, ``setImage``
with fixed levels), so a refresh at 20 Hz costs a few milliseconds.  Views only show what
they are handed; they never run the network.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QWidget

from ...engine.network import Network
from ...engine.train import EpochRecord
from ..widgets.colors import channel_grid, grid_columns, palette

TRAIN_PEN = pg.mkPen("#1f77b4", width=2)
VAL_PEN = pg.mkPen("#d62728", width=2)
BATCH_PEN = pg.mkPen(QColor(31, 119, 180, 70), width=1)
CURSOR_PEN = pg.mkPen("#444", width=1.5, style=Qt.PenStyle.DashLine)
MAX_DOTS = 30


class CurvesView(QWidget):
    """Loss and accuracy, training and validation, against epochs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss_plot = pg.PlotWidget(background="w")
        self.acc_plot = pg.PlotWidget(background="w")
        # One row of legend, where the curves are not: loss falls (top right is free),
        # accuracy rises (bottom right is free); a column of three overran short plots.
        for plot, title, unit, corner, columns in (
                (self.loss_plot, self.tr("Loss (lower is better)"), self.tr("loss"), (-10, 10), 3),
                (self.acc_plot, self.tr("Accuracy"), self.tr("share right"), (-10, -10), 2)):
            plot.setTitle(title, color="#333")
            plot.setAccessibleName(title)
            plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)        # a picture: no Tab stop
            plot.setLabel("bottom", self.tr("epoch"))
            plot.setLabel("left", unit)
            plot.addLegend(offset=corner, colCount=columns)
            plot.getAxis("left").enableAutoSIPrefix(False)
            plot.setMouseEnabled(False, False)
        self.acc_plot.setYRange(0, 1.02, padding=0)
        self.loss_plot.disableAutoRange(axis="y")
        self._loss_top = 0.0
        # Thin lines without antialiasing paint fastest; set per curve, not globally.
        curve = dict(antialias=False)
        self.batch_curve = self.loss_plot.plot(pen=BATCH_PEN, name=self.tr("batch"), **curve)
        self.train_loss = self.loss_plot.plot(pen=TRAIN_PEN, name=self.tr("training"), **curve)
        self.val_loss = self.loss_plot.plot(pen=VAL_PEN, name=self.tr("validation"), **curve)
        self.train_acc = self.acc_plot.plot(pen=TRAIN_PEN, name=self.tr("training"), **curve)
        self.val_acc = self.acc_plot.plot(pen=VAL_PEN, name=self.tr("validation"), **curve)
        self.cursors = []                # the moment shown by the history slider
        for plot in (self.loss_plot, self.acc_plot):
            line = pg.InfiniteLine(angle=90, movable=False, pen=CURSOR_PEN)
            line.hide()
            plot.addItem(line, ignoreBounds=True)
            self.cursors.append(line)
        self.refreshes = 0
        self._epochs_shown = -1
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_plot)
        layout.addWidget(self.acc_plot)

    def set_span(self, epochs: float) -> None:
        """Fix the epoch axis for a run, so growing curves never re-tick it (cheap paints)."""
        for plot in (self.loss_plot, self.acc_plot):
            plot.disableAutoRange(axis="x")
            plot.setXRange(0, max(epochs, 1), padding=0.02)

    def show_curves(self, batch_x: np.ndarray, batch_loss: np.ndarray,
                    history: list[EpochRecord]) -> None:
        """Redraw from the run's numbers; epoch curves only when an epoch was added."""
        self.batch_curve.setData(batch_x, batch_loss)
        top = max(float(np.max(batch_loss)) if len(batch_loss) else 0.0,
                  max((r.train_loss for r in history), default=0.0))
        if top > self._loss_top or not len(batch_loss):
            # The loss axis only grows (then stays): re-ticking an axis is the costly paint.
            self._loss_top = top * 1.1 if top else 1.0
            self.loss_plot.setYRange(0, self._loss_top, padding=0)
        if len(history) != self._epochs_shown:
            self._epochs_shown = len(history)
            x = np.array([r.epoch for r in history], float)
            # A few epochs get a dot each, so one epoch is a point, not nothing.
            dots = dict(symbol="o", symbolSize=7) if len(history) <= MAX_DOTS else \
                dict(symbol=None)
            self.train_loss.setData(x, np.array([r.train_loss for r in history], float),
                                    symbolBrush=TRAIN_PEN.color(), **dots)
            self.train_acc.setData(x, np.array([r.train_accuracy for r in history], float),
                                   symbolBrush=TRAIN_PEN.color(), **dots)
            val = [r for r in history if r.val_loss is not None]
            vx = np.array([r.epoch for r in val], float)
            self.val_loss.setData(vx, np.array([r.val_loss for r in val], float),
                                  symbolBrush=VAL_PEN.color(), **dots)
            self.val_acc.setData(vx, np.array([r.val_accuracy for r in val], float),
                                 symbolBrush=VAL_PEN.color(), **dots)
        self.refreshes += 1

    def show_cursor(self, epoch: float | None) -> None:
        """A vertical line at the moment the history slider shows (None: none)."""
        for line in self.cursors:
            line.setVisible(epoch is not None)
            if epoch is not None:
                line.setValue(epoch)

    def clear(self) -> None:
        self._epochs_shown = -1
        self.show_cursor(None)
        self.show_curves(np.zeros(0), np.zeros(0), [])


UPSCALE = 4                # screen cells per weight in the features panel: thin gaps
START_GAP = 2 * UPSCALE    # transparent rows between the start and the current features


def feature_rows(weights: np.ndarray, cols: int) -> np.ndarray:
    """(features, channels, k, k) -> rows of at most ``cols`` features, each drawn as in
    Explore (``channel_grid``) with every weight an UPSCALE × UPSCALE block, and
    ``_feature_gap`` transparent cells between features."""
    height, width = _grid_shape(weights.shape, cols)
    out = np.full((height, width), np.nan, np.float32)
    gap = _feature_gap(weights.shape[1])
    for i, kernel in enumerate(weights):
        tile = np.repeat(np.repeat(channel_grid(kernel), UPSCALE, 0), UPSCALE, 1)
        row, col = divmod(i, cols)
        top, left = row * (tile.shape[0] + gap), col * (tile.shape[1] + gap)
        out[top:top + tile.shape[0], left:left + tile.shape[1]] = tile
    return out


def _grid_shape(shape: tuple[int, ...], cols: int) -> tuple[int, int]:
    f, c, k, _ = shape
    across = grid_columns(c)
    down = -(-c // across)
    tile_h, tile_w = (down * (k + 1) - 1) * UPSCALE, (across * (k + 1) - 1) * UPSCALE
    rows, gap = -(-f // cols), _feature_gap(c)
    return rows * (tile_h + gap) - gap, cols * (tile_w + gap) - gap


def _feature_gap(channels: int) -> int:
    """Cells between features: half a weight, or two when a feature is a grid of slices
    (which are one weight apart), so features stand apart from their own slices."""
    return UPSCALE // 2 if channels == 1 else 2 * UPSCALE


def best_columns(shape: tuple[int, ...], width: float, height: float) -> int:
    """How many features per row make them largest in a ``width`` × ``height`` box, with
    the start above the current state (all in one row when the box is not laid out yet)."""
    f = shape[0]
    if width < 1 or height < 1:
        return f
    best, best_scale = f, 0.0
    for rows in range(1, f + 1):
        cols = -(-f // rows)                    # balanced rows: 3 + 3, not 5 + 1
        h, w = _grid_shape(shape, cols)
        scale = min(width / w, height / (2 * h + START_GAP))
        if scale > best_scale * 1.001:
            best, best_scale = cols, scale
    return best


@dataclass
class FeatureBlock:
    """One block's picture in the features panel."""

    key: str                  # its weights in the state dict, e.g. ``layers.0.weight``
    item: pg.ImageItem        # the start on top, now below
    view: pg.ViewBox
    start: np.ndarray         # the starting weights
    columns: int              # features per row


class FeaturesView(pg.GraphicsLayoutWidget):
    """Each block's features: where they started (top) and now (below), wrapped into as
    many rows as make them largest in the panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.setToolTip(self.tr("Each small square is one feature: red pixels are positive "
                                "weights, blue negative (the tutorial's ±1)"))
        self.setAccessibleName(self.tr("Features of the network being trained"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._blocks: list[FeatureBlock] = []
        self._state: dict[str, np.ndarray] = {}
        self.refreshes = 0

    @property
    def blocks(self) -> tuple[FeatureBlock, ...]:
        """What each block's picture shows (read-only for callers)."""
        return tuple(self._blocks)

    def set_start(self, net: Network) -> None:
        """One picture per block for this network, its starting features on top."""
        self.clear()
        self._blocks = []
        state = net.state_dict()
        self._state = state
        conv = [i for i, layer in enumerate(net.layers) if layer.type == "conv"]
        for row, index in enumerate(conv):
            key = f"layers.{index}.weight"
            f, c = state[key].shape[:2]
            count = str(f) if c == 1 else f"{f}×{c}"
            self.addLabel(self.tr("{layer} ({count}): start on top, now below").format(
                          layer=net.names[index], count=count),
                          row=row * 2, col=0, color="#333", size="9pt")
            view = self.addViewBox(row=row * 2 + 1, col=0, lockAspect=True, enableMouse=False,
                                   invertY=True)
            item = pg.ImageItem(axisOrder="row-major")
            item.setColorMap(palette().colormap)
            view.addItem(item)
            block = FeatureBlock(key, item, view, state[key].copy(), f)
            self._blocks.append(block)
            view.sigResized.connect(lambda _view, block=block: self._on_view_resized(block))
            self._show(block, state[key])
            self._on_view_resized(block)          # the layout may have sized it already
        self.refreshes = 0

    def show_state(self, state: dict[str, np.ndarray]) -> None:
        self._state = state
        for block in self._blocks:
            self._show(block, state[block.key])
        self.refreshes += 1

    def _on_view_resized(self, block: FeatureBlock) -> None:
        size = block.view.size()
        cols = best_columns(block.start.shape, size.width(), size.height())
        if cols != block.columns:
            block.columns = cols
            self._show(block, self._state.get(block.key, block.start))
            block.view.autoRange(padding=0.02)

    @staticmethod
    def _show(block: FeatureBlock, now: np.ndarray) -> None:
        item, cols = block.item, block.columns
        top = feature_rows(block.start, cols)
        gap = np.full((START_GAP, top.shape[1]), np.nan, np.float32)
        image = np.vstack([top, gap, feature_rows(now, cols)])
        bound = float(max(np.nanmax(np.abs(image)), 1e-6))
        item.setImage(image, autoLevels=False, levels=(-bound, bound))


