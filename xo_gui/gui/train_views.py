"""Live views of a training run: curves, features, votes, confusion, mistakes, gradients.

Each view is built once per network and then updated in place (``setData``, ``setImage``
with fixed levels, table cells), so a refresh at 20 Hz costs a few milliseconds.  Views
only show what they are handed; they never run the network.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QListWidget, QListWidgetItem, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ..engine.losses import error_table, softmax
from ..engine.network import Network
from ..engine.train import EpochRecord
from .pictures import COLORMAP, channel_grid, grid_columns
from .train_data_panel import float_spin, int_spin, labelled_icon
from .train_gradients import GradientCheck, parameter_names
from .train_worker import StepDetail

TRAIN_PEN = pg.mkPen("#1f77b4", width=2)
VAL_PEN = pg.mkPen("#d62728", width=2)
BATCH_PEN = pg.mkPen(QColor(31, 119, 180, 70), width=1)


def _table(rows: int, cols: int, headers: list[str]) -> QTableWidget:
    table = QTableWidget(rows, cols)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setDefaultSectionSize(22)
    return table


def _set(table: QTableWidget, row: int, col: int, text: str) -> None:
    item = table.item(row, col)
    if item is None:
        item = QTableWidgetItem()
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        table.setItem(row, col, item)
    item.setText(text)


class CurvesView(QWidget):
    """Loss and accuracy, training and validation, against epochs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss_plot = pg.PlotWidget(background="w")
        self.acc_plot = pg.PlotWidget(background="w")
        for plot, title, unit in ((self.loss_plot, "Loss (lower is better)", "loss"),
                                  (self.acc_plot, "Accuracy", "share right")):
            plot.setTitle(title, color="#333")
            plot.setLabel("bottom", "epoch")
            plot.setLabel("left", unit)
            plot.addLegend(offset=(-10, 10))
            plot.getAxis("left").enableAutoSIPrefix(False)
            plot.setMouseEnabled(False, False)
        self.acc_plot.setYRange(0, 1.02, padding=0)
        self.loss_plot.disableAutoRange(axis="y")
        self._loss_top = 0.0
        # Thin lines without antialiasing paint fastest; set per curve, not globally.
        curve = dict(antialias=False)
        self.batch_curve = self.loss_plot.plot(pen=BATCH_PEN, name="batch", **curve)
        self.train_loss = self.loss_plot.plot(pen=TRAIN_PEN, name="training", **curve)
        self.val_loss = self.loss_plot.plot(pen=VAL_PEN, name="validation", **curve)
        self.train_acc = self.acc_plot.plot(pen=TRAIN_PEN, name="training", **curve)
        self.val_acc = self.acc_plot.plot(pen=VAL_PEN, name="validation", **curve)
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
            self.train_loss.setData(x, np.array([r.train_loss for r in history], float))
            self.train_acc.setData(x, np.array([r.train_accuracy for r in history], float))
            val = [r for r in history if r.val_loss is not None]
            vx = np.array([r.epoch for r in val], float)
            self.val_loss.setData(vx, np.array([r.val_loss for r in val], float))
            self.val_acc.setData(vx, np.array([r.val_accuracy for r in val], float))
        self.refreshes += 1

    def clear(self) -> None:
        self._epochs_shown = -1
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


class FeaturesView(pg.GraphicsLayoutWidget):
    """Each block's features: where they started (top) and now (below), wrapped into as
    many rows as make them largest in the panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.setToolTip("Each small square is one feature: red pixels are positive weights, "
                        "blue negative (the tutorial's ±1)")
        # per block: [state key, image item, view box, starting weights, features per row]
        self._items: list[list] = []
        self._state: dict[str, np.ndarray] = {}
        self.refreshes = 0

    def set_start(self, net: Network) -> None:
        """One picture per block for this network, its starting features on top."""
        self.clear()
        self._items = []
        state = net.state_dict()
        self._state = state
        conv = [i for i, layer in enumerate(net.layers) if layer.type == "conv"]
        for row, index in enumerate(conv):
            key = f"layers.{index}.weight"
            f, c = state[key].shape[:2]
            where = "" if c == 1 else f"×{c}"
            self.addLabel(f"{net.names[index]} ({f}{where}): start on top, now below",
                          row=row * 2, col=0, color="#333", size="9pt")
            view = self.addViewBox(row=row * 2 + 1, col=0, lockAspect=True, enableMouse=False,
                                   invertY=True)
            item = pg.ImageItem(axisOrder="row-major")
            item.setColorMap(COLORMAP)
            view.addItem(item)
            entry = [key, item, view, state[key].copy(), f]
            self._items.append(entry)
            view.sigResized.connect(lambda _view, entry=entry: self._on_view_resized(entry))
            self._show(entry, state[key])
            self._on_view_resized(entry)          # the layout may have sized it already
        self.refreshes = 0

    def show_state(self, state: dict[str, np.ndarray]) -> None:
        self._state = state
        for entry in self._items:
            self._show(entry, state[entry[0]])
        self.refreshes += 1

    def _on_view_resized(self, entry: list) -> None:
        size = entry[2].size()
        cols = best_columns(entry[3].shape, size.width(), size.height())
        if cols != entry[4]:
            entry[4] = cols
            self._show(entry, self._state.get(entry[0], entry[3]))
            entry[2].autoRange(padding=0.02)

    @staticmethod
    def _show(entry: list, now: np.ndarray) -> None:
        _, item, _, start, cols = entry
        top = feature_rows(start, cols)
        gap = np.full((START_GAP, top.shape[1]), np.nan, np.float32)
        image = np.vstack([top, gap, feature_rows(now, cols)])
        bound = float(max(np.nanmax(np.abs(image)), 1e-6))
        item.setImage(image, autoLevels=False, levels=(-bound, bound))


class VotesView(QWidget):
    """Votes and prediction for the editor's drawing, and the tutorial's error table."""

    def __init__(self, classes: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.classes = classes
        self.plot = pg.PlotWidget(background="w")
        self.plot.setTitle("Votes for the editor's drawing", color="#333")
        self.plot.getAxis("bottom").setTicks([list(enumerate(classes))])
        self.bars = pg.BarGraphItem(x=np.arange(len(classes)), height=np.zeros(len(classes)),
                                    width=0.6, brushes=["#1f77b4", "#ff7f0e"])
        self.plot.addItem(self.bars)
        self.plot.setMouseEnabled(False, False)
        self.prediction = QLabel("–")
        self.prediction.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.right = QComboBox()
        self.right.addItems(list(classes))
        self.right.setToolTip("What the drawing really is: the 'right answer' of the table")
        self.table = _table(len(classes) + 1, 4, ["", "right answer", "actual answer\n(vote)", "error"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, 50)
        self._scores: np.ndarray | None = None
        self._as_probability = False
        top = QHBoxLayout()
        top.addWidget(self.prediction, 1)
        top.addWidget(QLabel("The drawing is"))
        top.addWidget(self.right)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.plot, 3)
        layout.addWidget(self.table, 2)
        self.right.currentIndexChanged.connect(
            lambda: self.show_scores(self._scores, self._as_probability))

    @property
    def right_label(self) -> int:
        return self.right.currentIndex()

    def show_scores(self, scores: np.ndarray | None, as_probability: bool = False) -> None:
        """The votes as bars; the table's "actual answer" is the softmax probability for a
        network trained with cross-entropy, the raw vote for the tutorial's error (the
        tutorial's network votes with weighted averages, already on its 0-1 scale)."""
        self._scores, self._as_probability = scores, as_probability
        if scores is None:
            return
        scores = np.asarray(scores, float)
        self.bars.setOpts(height=scores)
        winner = int(np.argmax(scores))
        answers = softmax(scores) if as_probability else scores
        self.prediction.setText(f"The network says: {self.classes[winner]}"
                                + (f" ({answers[winner]:.0%})" if as_probability else ""))
        kind = "probability" if as_probability else "vote"
        header = self.table.horizontalHeaderItem(2)
        if header.text() != f"actual answer\n({kind})":
            header.setText(f"actual answer\n({kind})")
            self.table.setToolTip(
                "The tutorial's table: right answer 1 for the true letter, 0 for the other; "
                + ("actual answer = the softmax probability, since this network learns with "
                   "softmax cross-entropy" if as_probability else
                   "actual answer = the raw vote (the tutorial's error compares votes "
                   "directly)") + "; error = |right − actual|, and their total.")
        rows, total = error_table(answers, self.right_label, self.classes)
        for r, row in enumerate(rows):
            for c, text in enumerate((row.name, f"{row.right:g}", f"{row.actual:.2f}",
                                      f"{row.error:.2f}")):
                _set(self.table, r, c, text)
        last = len(rows)
        for c, text in enumerate(("total", "", "", f"{total:.2f}")):
            _set(self.table, last, c, text)


class ConfusionView(QWidget):
    """Confusion matrix of the validation set and its misclassified images."""

    mistakeClicked = Signal(object)          # the image (np.ndarray)

    def __init__(self, classes: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.classes = classes
        k = len(classes)
        self.table = _table(k, k, [f"said {c}" for c in classes])
        self.table.setVerticalHeaderLabels([f"is {c}" for c in classes])
        self.table.verticalHeader().setVisible(True)
        self.table.setToolTip("Validation images: rows are the right answer, columns what "
                              "the network said")
        self.mistakes = QListWidget()
        self.mistakes.setViewMode(QListWidget.ViewMode.IconMode)
        self.mistakes.setIconSize(QSize(54, 54))
        self.mistakes.setMovement(QListWidget.Movement.Static)
        self.mistakes.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.mistakes.setToolTip("Misclassified validation images: click one to open it in "
                                 "the editor")
        self.empty = QLabel("No validation results yet.")
        self._images: list[np.ndarray] = []
        self._shown: object = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Confusion matrix (validation)"))
        layout.addWidget(self.table, 2)
        layout.addWidget(self.empty)
        layout.addWidget(self.mistakes, 3)
        self.mistakes.itemClicked.connect(
            lambda item: self.mistakeClicked.emit(self._images[self.mistakes.row(item)]))

    def show_results(self, confusion: np.ndarray | None,
                     mistakes: list[tuple[np.ndarray, int, int]]) -> None:
        if confusion is None or confusion is self._shown:
            return                           # unchanged since the last epoch end
        self._shown = confusion
        peak = max(int(confusion.max()), 1)
        for i in range(len(self.classes)):
            for j in range(len(self.classes)):
                _set(self.table, i, j, str(int(confusion[i, j])))
                shade = int(255 - 120 * confusion[i, j] / peak)
                color = QColor(shade, 255, shade) if i == j else QColor(255, shade, shade)
                self.table.item(i, j).setBackground(color)
        self.mistakes.clear()
        self._images = [image for image, _, _ in mistakes]
        for image, right, said in mistakes:
            item = QListWidgetItem(labelled_icon(image, self.classes[said]), "")
            item.setToolTip(f"Is {self.classes[right]}, the network said {self.classes[said]}. "
                            "Click to open it in the editor.")
            self.mistakes.addItem(item)
        wrong = int(confusion.sum() - np.trace(confusion))
        self.empty.setText(f"{wrong} misclassified (first {len(mistakes)} shown, "
                           "labelled with what the network said; click one to open it):"
                           if wrong else "Every validation image is right.")

    def clear(self) -> None:
        self._shown = None
        self.table.clearContents()
        self.mistakes.clear()
        self._images = []
        self.empty.setText("No validation results yet.")


class GradientView(QWidget):
    """Numerical vs backprop gradient for one weight; what a single Step changed."""

    compareRequested = Signal(str, int, float)     # parameter name, flat index, eps

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = QComboBox()
        self.param.setToolTip("Which weights: layers.<index>.weight|bias, as in model files")
        self.index = int_spin(0, 0, 0)
        self.index.setToolTip("Which weight within them (counted row by row)")
        self.eps = float_spin(1e-5, 1.0, 1e-3, 1e-3, decimals=5)
        self.eps.setToolTip("How far to nudge the weight up and down")
        self.compare = QPushButton("Nudge and compare")
        self.compare.setToolTip("Loss on the editor's drawing with the weight nudged down "
                                "and up, against the exact backprop gradient")
        self.result = QLabel("Choose a weight and press 'Nudge and compare'.")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.steps = _table(0, 5, ["layer / weight", "before", "gradient", "after", "|grad|"])
        self.steps.setToolTip("Press Step to train one batch and see what changed")
        self._sizes: dict[str, int] = {}
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.param, 2)
        row.addWidget(QLabel("#"))
        row.addWidget(self.index, 1)
        form.addRow("Weight", row)
        form.addRow("Nudge ±", self.eps)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.compare)
        layout.addWidget(self.result)
        layout.addWidget(QLabel("After a Step (one batch):"))
        layout.addWidget(self.steps, 1)
        self.param.currentIndexChanged.connect(self._on_param)
        self.compare.clicked.connect(lambda: self.compareRequested.emit(
            self.parameter, int(self.index.value()), float(self.eps.value())))

    def set_network(self, net: Network) -> None:
        self._sizes = {name: value.size for name, (_, _, value)
                       in zip(parameter_names(net), net.parameters())}
        self.param.blockSignals(True)
        self.param.clear()
        for name, (index, key, _) in zip(self._sizes, net.parameters()):
            self.param.addItem(f"{net.names[index]} {key}  ({name})", name)
        self.param.blockSignals(False)
        self._on_param()
        self.steps.setRowCount(0)

    @property
    def parameter(self) -> str:
        return self.param.currentData() or ""

    def _on_param(self) -> None:
        self.index.setMaximum(max(self._sizes.get(self.parameter, 1) - 1, 0))

    def show_check(self, check: GradientCheck, eps: float) -> None:
        self.result.setText(
            f"weight = {check.weight:.5g}<br>"
            f"loss with weight − {eps:g}: {check.loss_down:.6f}<br>"
            f"loss with weight + {eps:g}: {check.loss_up:.6f}<br>"
            f"<b>nudge estimate</b> (difference ÷ {2 * eps:g}): <b>{check.numerical:.6g}</b><br>"
            f"<b>backprop</b>: <b>{check.backprop:.6g}</b> "
            f"(they differ by {check.difference:.2g})"
            + ("<br><i>They disagree: the loss has a corner here (a tie in a pooling window "
               "or a ReLU input at exactly 0), where the two sides slope differently. Try "
               "a smaller nudge or another weight.</i>"
               if check.difference > 1e-3 * max(1.0, abs(check.backprop)) else ""))

    def show_step(self, detail: StepDetail) -> None:
        rows = [(name, "", "", "", f"{norm:.3g}") for name, norm in detail.grad_norms]
        rows += [(f"{name}[{i}]", f"{b:.4f}", f"{g:.4f}", f"{a:.4f}", "")
                 for name, i, b, g, a in detail.changes]
        self.steps.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                _set(self.steps, r, c, text)
