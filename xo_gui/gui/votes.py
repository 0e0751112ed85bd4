"""Votes and prediction, beside the naive pixel-by-pixel comparison the tutorial starts
from (which fails on a shifted X where the network does not)."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..engine.data import canonical
from ..engine.explain import pixel_match
from .app_model import AppModel

RAW_BRUSH, PROB_BRUSH = (90, 90, 90), (230, 140, 20)
CLASSIC_TIP = ("The tutorial's network votes with weighted averages: each vote is the average "
               "of the pooled values weighted for that letter, so 0.70 against 0.41 is a clear "
               "win even though softmax makes it only about 57%. Networks trained with "
               "softmax cross-entropy are judged by their probabilities.")


def votes_text(classes: tuple[str, ...], scores: np.ndarray) -> str:
    """'votes 0.70 vs 0.41' (winner first), or 'votes X 0.70, O 0.41, …' for more answers."""
    order = np.argsort(-np.asarray(scores), kind="stable")
    if len(classes) == 2:
        return "votes " + " vs ".join(f"{float(scores[i]):.2f}" for i in order)
    return "votes " + ", ".join(f"{classes[i]} {float(scores[i]):.2f}" for i in order)


def prediction_text(model: AppModel) -> tuple[str, str]:
    """(answer, how sure): the votes for the tutorial's network, whose votes are weighted
    averages (their softmax is a timid ~57%), the probability for any other network."""
    k = int(np.argmax(model.scores))
    name = model.classes[k]
    if model.network_source == "classic":
        return name, votes_text(model.classes, model.scores)
    return name, f"{float(model.probabilities[k]):.0%}"


class MatchBar(QWidget):
    """A light percentage bar (QProgressBar repaints synchronously on every value)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name, self._value = name, 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(200, 22)

    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:
        if value != self._value:
            self._value = value
            self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.fillRect(r, QColor(245, 245, 245))
        p.fillRect(QRectF(r.x(), r.y(), r.width() * self._value / 100, r.height()),
                   QColor(120, 170, 220))
        p.setPen(QColor(150, 150, 150))
        p.drawRect(r)
        p.setPen(QColor(20, 20, 20))
        p.drawText(r, Qt.AlignmentFlag.AlignCenter,
                   f"standard {self.name}: {self._value}% of pixels match")
        p.end()


class VotesPanel(QWidget):
    """Bar chart of raw votes and softmax probabilities, the prediction in large text."""

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.prediction = QLabel()
        font = QFont()
        font.setPointSize(22)
        font.setBold(True)
        self.prediction.setFont(font)
        self.prediction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setMinimumHeight(110)
        self.raw = pg.BarGraphItem(x=[0], height=[0], width=0.38, brush=RAW_BRUSH, name="vote")
        self.prob = pg.BarGraphItem(x=[0], height=[0], width=0.38, brush=PROB_BRUSH,
                                    name="probability")
        self.plot.addItem(self.raw)
        self.plot.addItem(self.prob)
        self.plot.addLine(y=0, pen=pg.mkPen((120, 120, 120)))
        self.plot.setToolTip("Grey: the raw votes (sum of value × weight). Orange: the "
                             "softmax probabilities, which add up to 1.")
        self._tip = ""
        # The legend sits above the chart, never over a bar.
        self.legend = QLabel("<span style='color: #5a5a5a;'>■</span> vote &nbsp; "
                             "<span style='color: #e68c14;'>■</span> probability (softmax)")
        self.legend.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.naive_bars: dict[str, MatchBar] = {}
        self._y_range = (0.0, 0.0)
        self.naive_verdict = QLabel()
        self.naive_verdict.setWordWrap(True)
        naive = QGridLayout()
        heading = QLabel("<b>Naive way:</b> pixel-by-pixel match with the standard letter")
        heading.setWordWrap(True)
        naive.addWidget(heading, 0, 0, 1, 2)
        self._naive_box = naive
        self._classes: tuple[str, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prediction)
        layout.addWidget(self.legend)
        layout.addWidget(self.plot, 1)
        layout.addLayout(naive)
        layout.addWidget(self.naive_verdict)
        model.networkChanged.connect(self._on_model_network)
        model.traceChanged.connect(self._on_model_trace)
        self._on_model_network()
        self._on_model_trace()

    def _on_model_network(self) -> None:
        classes = self.model.classes
        if classes != self._classes:
            self._classes = classes
            axis = self.plot.getAxis("bottom")
            axis.setTicks([[(i, name) for i, name in enumerate(classes)]])
            for bar in self.naive_bars.values():
                bar.setParent(None)
            self.naive_bars = {}
            for row, name in enumerate(c for c in classes if c in ("X", "O")):
                bar = MatchBar(name)
                self._naive_box.addWidget(bar, row + 1, 0, 1, 2)
                self.naive_bars[name] = bar
        self._references = {name: canonical(name, self.model.grid_size) for name in self.naive_bars}

    def _on_model_trace(self) -> None:
        scores, probs = self.model.scores, self.model.probabilities
        x = np.arange(len(scores), dtype=float)
        self.raw.setOpts(x=x - 0.2, height=scores)
        self.prob.setOpts(x=x + 0.2, height=probs)
        low, high = min(0.0, float(scores.min())), max(1.0, float(scores.max()))
        if (low, high) != self._y_range:          # re-ranging re-lays out the axes: rarely
            self._y_range = (low, high)
            self.plot.setYRange(low, high, padding=0.05)
            self.plot.setXRange(-0.6, len(scores) - 0.4, padding=0)
        name, sure = prediction_text(self.model)
        answer = f"It's an {name}" if name in ("X", "O") else name
        if self.model.network_source == "classic":
            text = (f"{answer}<br><span style='font-size: 12pt; font-weight: normal;'>"
                    f"— {sure}</span>")
            tip = CLASSIC_TIP
        else:
            text = f"{answer}  ({sure})"
            tip = "The softmax probability of the winning answer."
        self.prediction.setText(text)
        if tip != self._tip:
            self._tip = tip
            self.prediction.setToolTip(tip)
            self.plot.setToolTip("Grey: the raw votes (sum of value × weight). Orange: the "
                                 "softmax probabilities, which add up to 1."
                                 + (" " + CLASSIC_TIP if tip is CLASSIC_TIP else ""))
        image = self.model.image
        if self.naive_bars:
            if next(iter(self._references.values())).shape != image.shape:
                self._references = {n: canonical(n, image.shape[0]) for n in self.naive_bars}
            matches = {n: pixel_match(image, ref) for n, ref in self._references.items()}
            for name, bar in self.naive_bars.items():
                bar.setValue(round(matches[name] * 100))
            best = max(matches, key=matches.get)
            if matches[best] == 1.0:
                verdict = f"Naive guess: <b>{best}</b> (a perfect match)"
            else:
                others = ", ".join(f"{matches[n]:.0%} for {n}" for n in matches if n != best)
                verdict = (f"Naive guess: <b>{best}</b>, only {matches[best]:.0%} alike "
                           f"({others}): a shift or tilt blurs it; the features still find "
                           "the strokes.")
            self.naive_verdict.setText(verdict)
