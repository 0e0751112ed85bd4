"""The Train tab: data and settings on the left, controls and live views on the right.

Its controller shows the lab's training (``_on_model_*``) and sends the user's intents
(``_on_view_*``); the rules (when Start is possible, what a reset starts from) live in the
model.  Only the visible page of the lower notebook is redrawn while training runs, which
keeps each refresh to a few milliseconds.
"""
from __future__ import annotations

import os
import numpy as np
from PySide6.QtCore import QBuffer, QIODevice, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMessageBox, QProgressBar,
                               QPushButton, QScrollArea, QSplitter, QTabWidget, QVBoxLayout,
                               QWidget)

from ...engine.errors import XoError
from ...engine.safe_files import atomic_write_bytes
from ...model.engine_messages import engine_text
from ...model.lab import LabModel, NetworkSource
from ..widgets.folders import ask_open, ask_save
from .compare_page import CompareView
from .data_panel import DataPanel
from .pages import ConfusionView, GradientView, VotesView
from .history_bar import HistoryBar
from .settings_panel import SettingsPanel
from .shows_training import ShowsTraining
from .views import CurvesView, FeaturesView

def _scrolled(widget: QWidget) -> QScrollArea:
    """A page that scrolls down, never sideways (and never wider than the column)."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class TrainTab(ShowsTraining, QWidget):
    """Press Start and watch the features and votes learn."""

    openInExplore = Signal()          # the user wants to see a drawing or model in Explore

    def __init__(self, model: LabModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.training = model.training
        self.session = model.training.session
        self._pages_shown = 0.0
        self._votes_stale = True          # the votes page waits until it can be seen
        self._votes_for: np.ndarray | None = None   # the drawing the votes page shows
        self.data = DataPanel(model)
        self.settings = SettingsPanel(model)
        self._build()
        self._wire()
        self._on_model_reset()
        self._on_model_state()

    # --- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        left = QTabWidget()
        left.addTab(_scrolled(self.data), self.tr("Data"))
        left.addTab(_scrolled(self.settings), self.tr("Model && training"))
        left.setUsesScrollButtons(False)     # both page names always show
        for page in range(left.count()):     # each page is named after its tab
            left.widget(page).setAccessibleName(left.tabText(page).replace("&&", "&"))
        left.setMinimumWidth(330)
        left.setMaximumWidth(420)
        self.left = left
        self.start_button = QPushButton(self.tr("Start"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.step_button = QPushButton(self.tr("Step"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.reset_button = QPushButton(self.tr("Reset"))
        for button, tip, keys in (
                (self.start_button, self.tr("Train in the background (Ctrl+Return)"), "Ctrl+Return"),
                (self.pause_button, self.tr("Pause or resume after the current batch (Ctrl+P)"),
                 "Ctrl+P"),
                (self.step_button, self.tr("Train exactly one batch, then pause - see the Gradients "
                                      "page for what changed (Ctrl+.)"), "Ctrl+."),
                (self.stop_button, self.tr("Stop after the current batch, keeping the weights "
                                           "(Ctrl+Shift+Return)"), "Ctrl+Shift+Return"),
                (self.reset_button, self.tr("Forget the training and start again from the "
                                            "settings (Ctrl+Shift+R)"), "Ctrl+Shift+R")):
            button.setToolTip(tip)
            button.setShortcut(QKeySequence(keys))
        self.start_button.setStyleSheet("font-weight: bold;")
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.speed = QLabel()
        self.speed.setMinimumWidth(300)              # a changing number never re-lays out
        self.speed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.speed.setToolTip(self.tr("How many batches a second the window is showing (the "
                                      "pace waits between them), and how fast the engine itself "
                                      "trains: images per second (forward, backward, update)"))
        controls = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.step_button,
                       self.stop_button, self.reset_button):
            controls.addWidget(button)
        controls.addWidget(self.progress, 1)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.speed)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 4, 4, 4)
        right_layout.addLayout(controls)
        right_layout.addLayout(status_row)
        right_layout.addWidget(self._views(), 1)
        right_layout.addLayout(self._file_row())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(left)
        layout.addWidget(right, 1)

    def _insert_page(self, index: int, page: QWidget) -> None:
        """The lower pages under short names that fit side by side; the tip says more."""
        name, tip = ((self.tr("Votes"), self.tr("Votes and the error table")),
                     (self.tr("Confusion"), self.tr("The confusion matrix and the mistakes")),
                     (self.tr("Gradients"), self.tr("Nudge a weight and compare with backprop")),
                     (self.tr("Compare"), self.tr("ConvNet against a fully connected network, "
                                                  "ordered and shuffled")))[index]
        self.pages.setTabToolTip(self.pages.insertTab(index, page, name), tip)

    def _on_model_classes(self) -> None:
        """Other classes: the votes and confusion pages are made again for them."""
        classes, page = self.training.data.classes, self.pages.currentIndex()
        for old in (self.votes, self.confusion):
            self.pages.removeTab(self.pages.indexOf(old))
            old.deleteLater()
        self.votes, self.confusion = VotesView(classes), ConfusionView(classes)
        self._insert_page(0, self.votes)
        self._insert_page(1, self.confusion)
        self.votes.truthChosen.connect(self.model.set_truth)
        self.confusion.mistakeClicked.connect(self._on_view_mistake)
        self.pages.setCurrentIndex(page)
        self._refresh_votes()

    def _views(self) -> QSplitter:
        self.curves = CurvesView()
        self.features = FeaturesView()
        classes = self.training.data.classes
        self.votes = VotesView(classes)
        self.confusion = ConfusionView(classes)
        self.gradients = GradientView()
        self.compare = CompareView(self.training.compare)
        self.pages = QTabWidget()
        self.pages.setUsesScrollButtons(False)          # short names that fit; the tip
        self.pages.setElideMode(Qt.TextElideMode.ElideRight)   # says the rest
        for index, page in enumerate((self.votes, self.confusion, self.gradients,
                                      _scrolled(self.compare))):
            self._insert_page(index, page)
        self.pages.widget(self.pages.count() - 1).setAccessibleName(self.tr("Compare"))
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.features)
        lower.addWidget(self.pages)
        lower.setSizes([450, 420])
        self.pages.setMinimumWidth(340)             # the error table's headers stay whole
        self.history_bar = HistoryBar()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.curves, 1)
        top_layout.addWidget(self.history_bar)
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(top)
        middle.addWidget(lower)
        middle.setSizes([300, 420])
        return middle

    def _file_row(self) -> QHBoxLayout:
        self.explore_button = QPushButton(self.tr("Use in Explore"))
        self.explore_button.setToolTip(self.tr("Show the trained network in the Explore tab, its "
                                          "features editable like the tutorial's"))
        self.save_button = QPushButton(self.tr("Save model…"))
        self.open_button = QPushButton(self.tr("Open model…"))
        self.open_button.setToolTip(self.tr("Start from a saved model (the current one is kept if "
                                       "the file cannot be used)"))
        self.csv_button = QPushButton(self.tr("Export history…"))
        self.csv_button.setToolTip(self.tr("The loss and accuracy of every epoch as a CSV file"))
        self.png_button = QPushButton(self.tr("Export curves…"))
        self.png_button.setToolTip(self.tr("The loss and accuracy curves as a PNG picture"))
        row = QHBoxLayout()
        for button in (self.explore_button, self.save_button, self.open_button,
                       self.csv_button, self.png_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _wire(self) -> None:
        t, s = self.training, self.session
        s.updated.connect(self._on_model_snapshot)
        s.ended.connect(self._on_model_ended)
        s.failed.connect(self._on_model_failed)
        t.readyChanged.connect(self._on_model_state)
        t.startReset.connect(self._on_model_reset)
        t.momentChanged.connect(self._on_model_moment)
        t.data.classesChanged.connect(self._on_model_classes)
        self.history_bar.momentChosen.connect(t.show_moment)
        self.history_bar.exploreRequested.connect(self.show_moment_in_explore)
        self.history_bar.forkRequested.connect(self.train_from_here)
        self.start_button.clicked.connect(lambda: self.start())
        self.pause_button.clicked.connect(t.toggle_pause)
        self.step_button.clicked.connect(self.step)
        self.stop_button.clicked.connect(t.stop)
        self.reset_button.clicked.connect(self.reset)
        self.explore_button.clicked.connect(lambda: self.use_in_explore())
        self.save_button.clicked.connect(self._on_view_save)
        self.open_button.clicked.connect(self._on_view_open)
        self.settings.openModelRequested.connect(self._on_view_open)
        self.csv_button.clicked.connect(self._on_view_export_csv)
        self.png_button.clicked.connect(self._on_view_export_png)
        self.model.imageChanged.connect(self._on_model_drawing)
        self.model.originChanged.connect(self._on_model_truth)
        self.votes.truthChosen.connect(self.model.set_truth)
        self.confusion.mistakeClicked.connect(self._on_view_mistake)
        self.gradients.compareRequested.connect(self._on_view_compare)
        self.pages.currentChanged.connect(lambda _i: self._show_pages(self.session.last))
        t.settings.knobsChanged.connect(self._refresh_votes)

    # --- intents ---------------------------------------------------------------------
    def start(self, single_step: bool = False) -> bool:
        """Start (or continue) training; False, with a message, if it cannot."""
        if not self.training.start(single_step):
            return False
        self.curves.set_span(len(self.session.history) + self.training.settings.config().epochs)
        self.status.setText(self.tr("One batch…") if single_step else self.tr("Training…"))
        return True

    def step(self) -> None:
        self.training.step()
        self.pages.setCurrentWidget(self.gradients)

    def reset(self) -> None:
        if self.session.dirty and not self._ask_keep(self.tr("Reset")):
            return
        if self.training.reset():
            self.status.setText(self.tr("Reset: the network is back at its starting weights."))

    def use_in_explore(self, net=None, text: str = "") -> bool:
        """The trained network becomes Explore's (a copy, so training can go on); at
        another grid size the user chooses first (the drawing is never discarded)."""
        net = net if net is not None else self.session.current
        if net is None:
            return False
        resample = False
        if net.image_size != self.model.image.shape:
            n, m = net.image_size[0], self.model.grid_size
            answer = QMessageBox.question(
                self, self.tr("Use in Explore"), self.tr(
                    "The trained network reads {n}×{n} drawings; the drawing is {m}×{m}. "
                    "Resample the drawing to {n}×{n} (Undo brings it back)?").format(n=n, m=m),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return False
            resample = True
        done = self.model.use_network(net.copy(), NetworkSource.TRAINED,
                                      text=text or self.tr("Use the trained network"),
                                      resample=resample)
        if done:
            self.openInExplore.emit()
        return done

    def show_moment_in_explore(self) -> bool:
        """The network of the moment shown goes to Explore (undoable)."""
        return self.use_in_explore(self.training.moment_network(),
                                   self.tr("Show a moment of training in Explore"))

    def train_from_here(self) -> bool:
        """Fork the run at the moment shown, after asking (what came after is forgotten)."""
        answer = QMessageBox.question(
            self, self.tr("Train from here"), self.tr(
                "Forget the training after this moment and train on from it?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.training.train_from_here()

    def shutdown(self) -> None:
        """Stop training and wait for the worker threads (the window is closing)."""
        self.training.shutdown()

    def confirm_close(self) -> bool:
        """Ask before an unsaved trained model is lost; False cancels the close."""
        return not self.session.dirty or self._ask_keep(self.tr("Close"))

    def save_model(self, path: str) -> bool:
        if not self.training.save_model(path):
            return False
        self.status.setText(self.tr("Saved the model to {path}.").format(path=path))
        return True

    def open_model(self, path: str) -> None:
        """Start from a model file, read in the lab's file reader; a bad file is explained
        and nothing changes."""
        task = self.training.model_task(
            path, lambda: not self.session.dirty or self._ask_keep(self.tr("Open")))
        use = task.apply

        def opened(net) -> bool:
            if not use(net):
                return False
            self.status.setText(self.tr("Opened {name}; press Start to train it further.")
                                .format(name=os.path.basename(path)))
            return True
        task.apply = opened
        self.training.lab.files.read(task, os.path.basename(path))

    def export_history(self, path: str) -> bool:
        return self.training.export_history(path)

    def export_curves(self, path: str) -> bool:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.curves.grab().save(buffer, "PNG")
        try:
            atomic_write_bytes(path, bytes(buffer.data()))
        except XoError as exc:
            QMessageBox.warning(self, self.tr("Cannot export curves"), engine_text(exc))
            return False
        return True

    def _ask_keep(self, action: str) -> bool:
        """Save / Discard / Cancel for an unsaved trained model; True to go ahead."""
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        answer = QMessageBox.question(
            self, self.tr("{action}: unsaved trained model").format(action=action),
            self.tr("The trained network has not been saved. Save it first?"), buttons,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self._on_view_save()
        return answer == QMessageBox.StandardButton.Discard

    # --- views -> model --------------------------------------------------------------
    def _on_view_save(self) -> bool:
        path = ask_save(self, "model", self.tr("Save model"), "trained.npz",
                        self.tr("Models (*.npz)"))
        return bool(path) and self.save_model(path)

    def _on_view_open(self) -> None:
        path = ask_open(self, "model", self.tr("Open model"), self.tr("Models (*.npz)"))
        if path:
            self.open_model(path)

    def _on_view_export_csv(self) -> None:
        path = ask_save(self, "export", self.tr("Export history"), "history.csv", "CSV (*.csv)")
        if path:
            self.export_history(path)

    def _on_view_export_png(self) -> None:
        path = ask_save(self, "export", self.tr("Export curves"), "curves.png", "PNG (*.png)")
        if path:
            self.export_curves(path)

    def _on_view_mistake(self, image: np.ndarray, label: int) -> None:
        if self.model.open_example(image, label, self.tr("Open a misclassified image")):
            self.openInExplore.emit()

    def _on_view_compare(self, name: str, index: int, eps: float) -> None:
        check = self.training.check_gradient(name, index, eps)
        if check is not None:
            self.gradients.show_check(check, eps)
