"""The time slider under the curves: rewind to any moment the run kept, show that network
in Explore, or train on from there (a fork).  ←/→ step one moment when it has the focus."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from ...engine.run_history import RunHistory


class HistoryBar(QWidget):
    """Shows ``RunHistory`` moments; the slider's last position is "now"."""

    momentChosen = Signal(int)
    exploreRequested = Signal()
    forkRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setPageStep(1)
        self.slider.setToolTip(self.tr("Rewind: drag, or use ← and →, to see the features, the "
                                       "votes and the mistakes as they were at that moment"))
        self.slider.setAccessibleName(self.tr("Training history"))
        self.label = QLabel()
        self.label.setMinimumWidth(180)
        self.show_button = QPushButton(self.tr("Show in Explore"))
        self.show_button.setToolTip(self.tr("Put the network of this moment in Explore "
                                            "(Undo brings the previous one back)"))
        self.fork_button = QPushButton(self.tr("Train from here"))
        self.fork_button.setToolTip(self.tr("Forget what came after this moment and train on "
                                            "from it"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("History")))
        row.addWidget(self.slider, 1)
        row.addWidget(self.label)
        row.addWidget(self.show_button)
        row.addWidget(self.fork_button)
        self.slider.valueChanged.connect(self.momentChosen)
        self.show_button.clicked.connect(self.exploreRequested)
        self.fork_button.clicked.connect(self.forkRequested)

    def show_history(self, history: RunHistory, moment: int | None, running: bool) -> None:
        """The slider spans the moments kept; it follows the end while training runs."""
        count = len(history)
        index = count - 1 if moment is None else moment
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(count - 1, 0))
        self.slider.setValue(max(index, 0))
        self.slider.blockSignals(False)
        self.slider.setEnabled(count > 1 and not running)
        self.fork_button.setEnabled(moment is not None and not running)
        self.show_button.setEnabled(count > 0 and not running)
        if not count:
            self.label.setText(self.tr("nothing trained yet"))
            return
        snap = history.at(max(index, 0))
        text = (self.tr("now: epoch {epoch}") if moment is None else
                self.tr("moment {i} of {n}: epoch {epoch}")).format(
            epoch=f"{snap.epoch:.2f}", i=index + 1, n=count)
        if history.thinned:
            text += " " + self.tr("· older moments thinned evenly")
        self.label.setText(text)
