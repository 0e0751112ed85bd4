"""The one vote chart (Explore and Train): each answer's raw vote beside its softmax
probability, with a legend above the bars (never over one)."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

RAW_BRUSH, PROB_BRUSH = (90, 90, 90), (230, 140, 20)


class VoteChart(QWidget):
    """Bars are created once and updated in place; the axes re-range only when needed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setMinimumHeight(80)
        self.raw = pg.BarGraphItem(x=[0], height=[0], width=0.38, brush=RAW_BRUSH)
        self.prob = pg.BarGraphItem(x=[0], height=[0], width=0.38, brush=PROB_BRUSH)
        self.plot.addItem(self.raw)
        self.plot.addItem(self.prob)
        self.plot.addLine(y=0, pen=pg.mkPen((120, 120, 120)))
        self.base_tip = self.tr("Grey: the raw votes (sum of value × weight). Orange: the "
                                "softmax probabilities, which add up to 1.")
        self.plot.setToolTip(self.base_tip)
        self.plot.setAccessibleName(self.tr("Vote chart"))
        self.plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)      # a picture: no Tab stop
        self.legend = QLabel(self.tr(
            "<span style='color: #5a5a5a;'>■</span> vote &nbsp; "
            "<span style='color: #e68c14;'>■</span> probability (softmax)"))
        self.legend.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.classes: tuple[str, ...] = ()
        self._y_range = (0.0, 0.0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        layout.addWidget(self.plot, 1)

    def set_classes(self, classes: tuple[str, ...]) -> None:
        if classes != self.classes:
            self.classes = tuple(classes)
            self.plot.getAxis("bottom").setTicks([list(enumerate(self.classes))])
            self._y_range = (0.0, 0.0)

    def show_votes(self, scores: np.ndarray, probabilities: np.ndarray) -> None:
        x = np.arange(len(scores), dtype=float)
        self.raw.setOpts(x=x - 0.2, height=np.asarray(scores, float))
        self.prob.setOpts(x=x + 0.2, height=np.asarray(probabilities, float))
        low, high = min(0.0, float(np.min(scores))), max(1.0, float(np.max(scores)))
        if (low, high) != self._y_range:          # re-ranging re-lays out the axes: rarely
            self._y_range = (low, high)
            self.plot.setYRange(low, high, padding=0.05)
            self.plot.setXRange(-0.6, len(scores) - 0.4, padding=0)

    def heights(self) -> tuple[list[float], list[float]]:
        """The bars shown (raw votes, probabilities), for tests and the lesson."""
        return list(self.raw.opts["height"]), list(self.prob.opts["height"])
