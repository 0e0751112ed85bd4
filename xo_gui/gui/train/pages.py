"""The Train tab's pages under the curves: the votes and the tutorial's error table for
the editor's drawing, the confusion matrix and the mistakes, the gradient insight.

Each page only shows what it is handed and sends intents (a clicked mistake, a nudge);
none runs the network.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QListWidget, QListWidgetItem, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ...engine.losses import error_table, softmax
from ...engine.network import Network
from ...model.gradients import GradientCheck, parameter_names
from ...model.worker import StepDetail
from ..widgets.colors import text_color
from ..widgets.spins import float_spin, int_spin
from ..widgets.thumbnails import labelled_icon
from ..widgets.vote_chart import VoteChart


def _table(rows: int, cols: int, headers: list[str]) -> QTableWidget:
    table = QTableWidget(rows, cols)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)        # Tab leaves the table (arrows walk its cells)
    table.setCornerButtonEnabled(False)     # no hidden select-all button in the Tab chain
    table.verticalHeader().setDefaultSectionSize(22)
    return table


def _set(table: QTableWidget, row: int, col: int, text: str) -> None:
    item = table.item(row, col)
    if item is None:
        item = QTableWidgetItem()
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        table.setItem(row, col, item)
    item.setText(text)


class VotesView(QWidget):
    """The votes of the network being trained for the editor's drawing (named), and the
    tutorial's error table against what the drawing really is."""

    truthChosen = Signal(int)

    def __init__(self, classes: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.classes = tuple(classes)
        self.chart = VoteChart()
        self.chart.set_classes(self.classes)
        self.prediction = QLabel("–")
        self.prediction.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.prediction.setWordWrap(True)
        self.right = QComboBox()
        self.right.addItems(list(self.classes))
        self.right.setToolTip(self.tr("What the drawing really is: the 'right answer' of the "
                                      "table (presets, examples and your labelled drawings set "
                                      "it)"))
        self.table = _table(len(self.classes) + 1, 4, [
            "", self.tr("right answer"), self.tr("actual answer\n(vote)"), self.tr("error")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, 50)
        self.right.setAccessibleName(self.tr("The drawing is"))
        self.table.setAccessibleName(self.tr("Error table"))
        self._shown: tuple | None = None
        self._judged_against = -1          # the right answer the table was made for
        top = QHBoxLayout()
        top.addWidget(self.prediction, 1)
        top.addWidget(QLabel(self.tr("The drawing is")))
        top.addWidget(self.right)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.table, 2)
        self.right.activated.connect(self.truthChosen)

    @property
    def right_label(self) -> int:
        return self.right.currentIndex()

    def set_truth(self, label: int | None) -> None:
        """The drawing's known label (shown; the table follows, also after the user chose
        it in the box, which already shows it)."""
        if label is None:
            return
        if label != self.right.currentIndex():
            self.right.setCurrentIndex(label)
        if self._shown is not None and label != self._judged_against:
            self.show_scores(*self._shown)

    def show_scores(self, scores: np.ndarray | None, as_probability: bool = False,
                    judge: str = "") -> None:
        """The votes as bars; the table's "actual answer" is the softmax probability for a
        network trained with cross-entropy, the raw vote for the tutorial's error (the
        tutorial's network votes with weighted averages, already on its 0-1 scale)."""
        self._shown = (scores, as_probability, judge)
        if scores is None:                   # the network reads another grid size
            self.prediction.setText(self.tr(
                "{judge} reads drawings of another size than this one: no verdict.").format(
                judge=judge or self.tr("The network")))
            self.table.clearContents()
            return
        self._judged_against = self.right_label
        scores = np.asarray(scores, float)
        probabilities = softmax(scores)
        self.chart.show_votes(scores, probabilities)
        winner = int(np.argmax(scores))
        answers = probabilities if as_probability else scores
        sure = f" ({answers[winner]:.0%})" if as_probability else ""
        self.prediction.setText(self.tr("{judge} says: {name}{sure}").format(
            judge=judge or self.tr("The network"), name=self.classes[winner], sure=sure))
        self._show_header(as_probability)
        rows, total = error_table(answers, self.right_label, self.classes)
        for r, row in enumerate(rows):
            for c, text in enumerate((row.name, f"{row.right:g}", f"{row.actual:.2f}",
                                      f"{row.error:.2f}")):
                _set(self.table, r, c, text)
        for c, text in enumerate((self.tr("total"), "", "", f"{total:.2f}")):
            _set(self.table, len(rows), c, text)

    def _show_header(self, as_probability: bool) -> None:
        text = (self.tr("actual answer\n(probability)") if as_probability
                else self.tr("actual answer\n(vote)"))
        header = self.table.horizontalHeaderItem(2)
        if header.text() == text:
            return
        header.setText(text)
        self.table.setToolTip(self.tr(
            "The tutorial's table: right answer 1 for the true letter, 0 for the other; "
            "actual answer = the softmax probability, since this network learns with softmax "
            "cross-entropy; error = |right − actual|, and their total.") if as_probability
            else self.tr("The tutorial's table: right answer 1 for the true letter, 0 for the "
                         "other; actual answer = the raw vote (the tutorial's error compares "
                         "votes directly); error = |right − actual|, and their total."))


class ConfusionView(QWidget):
    """Confusion matrix of the validation set and its misclassified images."""

    mistakeClicked = Signal(object, int)     # the image (np.ndarray), its right answer

    def __init__(self, classes: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.classes = classes
        k = len(classes)
        self.table = _table(k, k, [self.tr("said {name}").format(name=c) for c in classes])
        self.table.setVerticalHeaderLabels([self.tr("is {name}").format(name=c)
                                            for c in classes])
        self.table.verticalHeader().setVisible(True)
        self.table.setAccessibleName(self.tr("Confusion matrix (validation)"))
        self.table.setToolTip(self.tr("Validation images: rows are the right answer, columns "
                                      "what the network said"))
        self.mistakes = QListWidget()
        self.mistakes.setViewMode(QListWidget.ViewMode.IconMode)
        self.mistakes.setAccessibleName(self.tr("Misclassified validation images"))
        self.mistakes.setIconSize(QSize(54, 54))
        self.mistakes.setMovement(QListWidget.Movement.Static)
        self.mistakes.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.mistakes.setToolTip(self.tr("Misclassified validation images: click one to "
                                         "open it in the editor"))
        self.empty = QLabel(self.tr("No validation results yet."))
        self._images: list[tuple[np.ndarray, int]] = []
        self._shown: object = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Confusion matrix (validation)")))
        layout.addWidget(self.table, 2)
        layout.addWidget(self.empty)
        layout.addWidget(self.mistakes, 3)
        self.mistakes.itemClicked.connect(
            lambda item: self.mistakeClicked.emit(*self._images[self.mistakes.row(item)]))

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
                self.table.item(i, j).setForeground(text_color(0.0))   # light cells, any theme
        self.mistakes.clear()
        self._images = [(image, right) for image, right, _ in mistakes]
        for image, right, said in mistakes:
            item = QListWidgetItem(labelled_icon(image, self.classes[said]), "")
            item.setToolTip(self.tr("Is {right}, the network said {said}. Click to open it "
                                    "in the editor.").format(right=self.classes[right],
                                                             said=self.classes[said]))
            self.mistakes.addItem(item)
        wrong = int(confusion.sum() - np.trace(confusion))
        self.empty.setText(self.tr(
            "{wrong} misclassified (first {shown} shown, labelled with what the network said; "
            "click one to open it):").format(wrong=wrong, shown=len(mistakes))
            if wrong else self.tr("Every validation image is right."))

    def clear(self) -> None:
        self._shown = None
        self.table.clearContents()
        self.mistakes.clear()
        self._images = []
        self.empty.setText(self.tr("No validation results yet."))


class GradientView(QWidget):
    """Numerical vs backprop gradient for one weight; what a single Step changed."""

    compareRequested = Signal(str, int, float)     # parameter name, flat index, eps

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = QComboBox()
        self.param.setToolTip(self.tr("Which weights: layers.<index>.weight|bias, as in "
                                      "model files"))
        self.index = int_spin(0, 0, 0)
        self.index.setToolTip(self.tr("Which weight within them (counted row by row)"))
        self.eps = float_spin(1e-5, 1.0, 1e-3, 1e-3, decimals=5)
        self.eps.setToolTip(self.tr("How far to nudge the weight up and down"))
        self.compare = QPushButton(self.tr("Nudge and compare"))
        self.compare.setToolTip(self.tr("Loss on the editor's drawing (against what the "
                                        "drawing is) with the weight nudged down and up, "
                                        "against the exact backprop gradient"))
        self.result = QLabel(self.tr("Choose a weight and press 'Nudge and compare'."))
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.steps = _table(0, 5, [self.tr("layer / weight"), self.tr("before"),
                                   self.tr("gradient"), self.tr("after"), "|grad|"])
        self.steps.setToolTip(self.tr("Press Step to train one batch and see what changed"))
        self.steps.horizontalHeader().setSectionResizeMode(     # the names stay whole
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.param.setAccessibleName(self.tr("Weight"))
        self.index.setAccessibleName(self.tr("Weight number"))
        self.steps.setAccessibleName(self.tr("What one step changed"))
        self._sizes: dict[str, int] = {}
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.param, 2)
        row.addWidget(QLabel("#"))
        row.addWidget(self.index, 1)
        form.addRow(self.tr("Weight"), row)
        form.addRow(self.tr("Nudge ±"), self.eps)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.compare)
        layout.addWidget(self.result)
        layout.addWidget(QLabel(self.tr("After a Step (one batch):")))
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
            text = (self.tr("{layer} weights  ({name})") if key == "weight"
                    else self.tr("{layer} biases  ({name})"))
            self.param.addItem(text.format(layer=net.names[index], name=name), name)
        self.param.blockSignals(False)
        self._on_param()
        self.steps.setRowCount(0)

    @property
    def parameter(self) -> str:
        return self.param.currentData() or ""

    def _on_param(self) -> None:
        self.index.setMaximum(max(self._sizes.get(self.parameter, 1) - 1, 0))

    def show_check(self, check: GradientCheck, eps: float) -> None:
        text = self.tr(
            "weight = {weight}<br>loss with weight − {eps}: {down}<br>loss with weight + {eps}: "
            "{up}<br><b>nudge estimate</b> (difference ÷ {two_eps}): <b>{numerical}</b><br>"
            "<b>backprop</b>: <b>{backprop}</b> (they differ by {difference})").format(
            weight=f"{check.weight:.5g}", eps=f"{eps:g}", down=f"{check.loss_down:.6f}",
            up=f"{check.loss_up:.6f}", two_eps=f"{2 * eps:g}", numerical=f"{check.numerical:.6g}",
            backprop=f"{check.backprop:.6g}", difference=f"{check.difference:.2g}")
        if check.difference > 1e-3 * max(1.0, abs(check.backprop)):
            text += "<br><i>" + self.tr(
                "They disagree: the loss has a corner here (a tie in a pooling window or a "
                "ReLU input at exactly 0), where the two sides slope differently. Try a "
                "smaller nudge or another weight.") + "</i>"
        self.result.setText(text)

    def show_step(self, detail: StepDetail) -> None:
        rows = [(name, "", "", "", f"{norm:.3g}") for name, norm in detail.grad_norms]
        rows += [(f"{name}[{i}]", f"{b:.4f}", f"{g:.4f}", f"{a:.4f}", "")
                 for name, i, b, g, a in detail.changes]
        self.steps.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                _set(self.steps, r, c, text)
