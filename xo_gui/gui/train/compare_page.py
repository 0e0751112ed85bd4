"""The Train tab's Compare page: where ConvNets fail, with real numbers.

It shows the lab's comparison (model/compare.py): Run and Cancel, the progress of the
four trainings, their validation accuracies as a 2×2 table, one sentence on why, and the
command lines that give the same numbers.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit,
                               QProgressBar, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ...model.compare import CompareRun

MODELS = ("convnet", "fully_connected")
DATA = ("ordered", "shuffled")


class CompareView(QWidget):
    """A ConvNet and a fully connected network, on ordered and on shuffled text."""

    def __init__(self, compare: CompareRun, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.compare = compare
        intro = QLabel(self.tr(
            "Where ConvNets fail: a ConvNet and a fully connected network (no convolution) "
            "learn the same words, once as they are and once with every grid's cells moved "
            "by one fixed shuffle."))
        intro.setWordWrap(True)
        self.run_button = QPushButton(self.tr("Run"))
        self.run_button.setToolTip(self.tr("Make the two data sets and train the four "
                                           "networks in the background (a few seconds)"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop after the current batch"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        row = QHBoxLayout()
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress, 1)
        self.table = self._table()
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.commands = QPlainTextEdit()
        self.commands.setReadOnly(True)
        self.commands.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.commands.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.commands.setMaximumHeight(110)
        self.commands.setAccessibleName(self.tr("The same on the command line:"))
        self.commands.setStyleSheet(       # Fusion marks no focus on a read-only text
            "QPlainTextEdit { border: 2px solid palette(mid); }"
            "QPlainTextEdit:focus { border: 2px solid palette(highlight); }")
        self.commands.setToolTip(self.tr("Paste these into a terminal to make the same data "
                                         "and get the same four numbers"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(self.why)
        layout.addWidget(QLabel(self.tr("The same on the command line:")))
        layout.addWidget(self.commands)
        layout.addStretch(1)
        self.run_button.clicked.connect(compare.run)
        self.cancel_button.clicked.connect(compare.cancel)
        compare.stateChanged.connect(self._on_model_state)
        compare.progress.connect(self.progress.setValue)
        compare.finished.connect(self._on_model_results)
        self._on_model_state(compare.state)
        self._on_model_results()

    def _table(self) -> QTableWidget:
        table = QTableWidget(2, 2)
        table.setHorizontalHeaderLabels([self.tr("ordered"), self.tr("shuffled")])
        table.setVerticalHeaderLabels([self.tr("ConvNet"), self.tr("fully connected")])
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)        # Tab leaves the table (arrows walk its cells)
        table.setCornerButtonEnabled(False)     # no select-all button in the Tab chain
        table.setAccessibleName(self.tr("Validation accuracy of each network on each data set"))
        table.setToolTip(self.tr("Validation accuracy of each network on each data set"))
        table.setMaximumHeight(2 * 30 + table.horizontalHeader().sizeHint().height() + 4)
        table.verticalHeader().setDefaultSectionSize(30)
        for r in range(2):
            for c in range(2):
                item = QTableWidgetItem("–")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(r, c, item)
        return table

    def accuracy_text(self, model: str, data: str) -> str:
        """What the table shows for one network on one data set."""
        return self.table.item(MODELS.index(model), DATA.index(data)).text()

    # --- model -> view ---------------------------------------------------------------
    def _on_model_state(self, state: str) -> None:
        running = state == "running"
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setValue(self.compare.percent)
        self.note.setText(self.tr("Training four networks…") if running
                          else self.compare.note)
        self.note.setVisible(bool(self.note.text()))

    def _on_model_results(self) -> None:
        compare = self.compare
        if not compare.results:
            self.why.setText(self.tr("Press Run to see the four numbers."))
            return
        for r, model in enumerate(MODELS):
            for c, data in enumerate(DATA):
                accuracy = compare.accuracy(model, data)
                item = self.table.item(r, c)
                item.setText(f"{accuracy:.1%}")
                shade = int(255 - 130 * max(0.0, accuracy - 0.5) * 2)
                item.setBackground(QColor(shade, 255, shade))
        self.why.setText(self.why_sentence())
        self.commands.setPlainText("\n".join(compare.commands()))

    def why_sentence(self) -> str:
        """The lesson in one sentence, with the numbers of the last run."""
        a = {(m, d): self.compare.accuracy(m, d) for m in MODELS for d in DATA}
        return self.tr(
            "Shuffling the cells took the ConvNet from {c_o} to {c_s} and the fully "
            "connected network from {f_o} to {f_s}: a ConvNet's features look at "
            "neighbouring cells, and shuffling moves neighbours apart, while the fully "
            "connected network weighs every cell on its own and never used neighbours."
        ).format(c_o=f"{a['convnet', 'ordered']:.1%}", c_s=f"{a['convnet', 'shuffled']:.1%}",
                 f_o=f"{a['fully_connected', 'ordered']:.1%}",
                 f_s=f"{a['fully_connected', 'shuffled']:.1%}")
