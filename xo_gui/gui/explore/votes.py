"""Votes and prediction, beside the naive pixel-by-pixel comparison the tutorial starts
from (which fails on a shifted X where the network does not)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...engine.data import canonical
from ...engine.explain import pixel_match
from ...model.lab import LabModel, NetworkSource
from ..widgets.vote_chart import VoteChart


def classic_tip() -> str:
    return QCoreApplication.translate(
        "Votes", "The tutorial's network votes with weighted averages: each vote is the "
        "average of the pooled values weighted for that letter, so 0.70 against 0.41 is a "
        "clear win even though softmax makes it only about 57%. Networks trained with "
        "softmax cross-entropy are judged by their probabilities.")


def votes_text(classes: tuple[str, ...], scores: np.ndarray) -> str:
    """'votes 0.70 vs 0.41' (winner first), or 'votes X 0.70, O 0.41, …' for more answers."""
    order = np.argsort(-np.asarray(scores), kind="stable")
    if len(classes) == 2:
        numbers = " vs ".join(f"{float(scores[i]):.2f}" for i in order)
    else:
        numbers = ", ".join(f"{classes[i]} {float(scores[i]):.2f}" for i in order)
    return QCoreApplication.translate("Votes", "votes {numbers}").format(numbers=numbers)


def prediction_text(model: LabModel) -> tuple[str, str]:
    """(answer, how sure): the votes for the tutorial's network, whose votes are weighted
    averages (their softmax is a timid ~57%), the probability for any other network."""
    k = int(np.argmax(model.scores))
    name = model.classes[k]
    if model.network_source == NetworkSource.TUTORIAL:
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
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, self.tr(
            "standard {name}: {value}% of pixels match").format(name=self.name,
                                                                 value=self._value))
        p.end()


class VotesPanel(QWidget):
    """The vote chart and the prediction in large text, naming the network that judges."""

    def __init__(self, model: LabModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.prediction = QLabel()
        self.prediction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prediction.setWordWrap(True)
        self.chart = VoteChart()
        self._tip = ""
        self.naive_bars: dict[str, MatchBar] = {}
        self.naive_verdict = QLabel()
        self.naive_verdict.setWordWrap(True)
        naive = QGridLayout()
        heading = QLabel(self.tr("<b>Naive way:</b> pixel-by-pixel match with the standard "
                                 "letter"))
        heading.setWordWrap(True)
        self.naive_heading = heading            # the lesson outlines the naive part
        naive.addWidget(heading, 0, 0, 1, 2)
        self._naive_box = naive
        self._classes: tuple[str, ...] = ()
        self._references: dict[str, np.ndarray] = {}
        self._size_prediction()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prediction)
        layout.addWidget(self.chart, 1)
        layout.addLayout(naive)
        layout.addWidget(self.naive_verdict)
        model.networkChanged.connect(self._on_model_network)
        model.traceChanged.connect(self._on_model_trace)
        self._on_model_network()
        self._on_model_trace()

    def changeEvent(self, event) -> None:
        """The prediction stays twice the size of the text around it, at any zoom."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_prediction()

    def _size_prediction(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(self.font().pointSizeF() * 1.8)
        font.setBold(True)
        self.prediction.setFont(font)

    def _on_model_network(self) -> None:
        classes = self.model.classes
        self.chart.set_classes(classes)
        if classes != self._classes:
            self._classes = classes
            for bar in self.naive_bars.values():
                bar.setParent(None)
            self.naive_bars = {}
            for row, name in enumerate(c for c in classes if c in ("X", "O")):
                bar = MatchBar(name)
                self._naive_box.addWidget(bar, row + 1, 0, 1, 2)
                self.naive_bars[name] = bar
        self._references = {}

    def _on_model_trace(self) -> None:
        model = self.model
        self.chart.show_votes(model.scores, model.probabilities)
        name, sure = prediction_text(model)
        tutorial = model.network_source == NetworkSource.TUTORIAL
        answer = self.tr("It's an {name}").format(name=name) if name in ("X", "O") else name
        self.prediction.setText(
            f"{answer}<br><span style='font-size: small; font-weight: normal;'>"
            f"{sure} · {model.network_title}</span>")
        tip = classic_tip() if tutorial else self.tr(
            "The softmax probability of the winning answer.")
        if tip != self._tip:
            self._tip = tip
            self.prediction.setToolTip(tip)
            self.chart.plot.setToolTip(self.chart.base_tip + (" " + tip if tutorial else ""))
        self._show_naive(model.image)

    def _show_naive(self, image: np.ndarray) -> None:
        if not self.naive_bars:
            return
        if not self._references or next(iter(self._references.values())).shape != image.shape:
            self._references = {n: canonical(n, image.shape[0]) for n in self.naive_bars}
        matches = {n: pixel_match(image, ref) for n, ref in self._references.items()}
        for name, bar in self.naive_bars.items():
            bar.setValue(round(matches[name] * 100))
        best = max(matches, key=matches.get)
        if matches[best] == 1.0:
            verdict = self.tr("Naive guess: <b>{name}</b> (a perfect match)").format(name=best)
        else:
            others = ", ".join(self.tr("{share} for {name}").format(
                share=f"{matches[n]:.0%}", name=n) for n in matches if n != best)
            verdict = self.tr("Naive guess: <b>{name}</b>, only {share} alike ({others}): a "
                              "shift or tilt blurs it; the features still find the strokes."
                              ).format(name=best, share=f"{matches[best]:.0%}", others=others)
        self.naive_verdict.setText(verdict)
