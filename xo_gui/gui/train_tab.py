"""The Train tab: data and settings on the left, controls and live views on the right.

It wires the panels to a :class:`TrainSession` (which owns the worker thread) and to the
application model (the editor's drawing; "Use in Explore").  Views are refreshed from the
session's snapshots; only the visible page of the lower notebook is redrawn, which keeps
each refresh to a few milliseconds while training runs.
"""
from __future__ import annotations

import os
import time

import numpy as np
from PySide6.QtCore import QBuffer, QIODevice, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMessageBox, QProgressBar,
                               QPushButton, QScrollArea, QSplitter, QTabWidget, QVBoxLayout,
                               QWidget)

from ..engine.data import canonical
from ..engine.safe_files import atomic_write_bytes
from ..engine.errors import XoError
from ..engine.model_files import load_model, save_model
from ..engine.train import History
from .app_model import AppModel
from .train_data_panel import DataPanel
from .train_session import TrainSession
from .train_settings import SettingsPanel
from .train_views import ConfusionView, CurvesView, FeaturesView, GradientView, VotesView
from .train_worker import Snapshot


PAGES_INTERVAL = 0.2      # seconds between refreshes of the votes/confusion/gradient pages


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


class TrainTab(QWidget):
    """Press Start and watch the features and votes learn."""

    openInExplore = Signal()          # the user wants to see a drawing or model in Explore
    # Intents for the editor, which makes each one undoable (the main window wires them):
    drawingRequested = Signal(object, str)                 # image, what the undo step says
    networkRequested = Signal(object, str, object, str)    # network, source, image|None, text

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.session = TrainSession(self)
        self._pages_shown = 0.0
        self._votes_stale = True          # the votes page waits until it can be seen
        self.data = DataPanel(model)
        self.settings = SettingsPanel(model)
        self._build()
        self._wire()
        self._on_data()
        self._reset_from_settings()
        self._on_state(self.session.state)

    # --- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        left = QTabWidget()
        left.addTab(_scrolled(self.data), "Data")
        left.addTab(_scrolled(self.settings), "Model && training")
        left.setMinimumWidth(330)
        left.setMaximumWidth(420)
        self.left = left

        self.start_button = QPushButton("Start")
        self.pause_button = QPushButton("Pause")
        self.step_button = QPushButton("Step")
        self.stop_button = QPushButton("Stop")
        self.reset_button = QPushButton("Reset")
        tips = ((self.start_button, "Train in the background (Ctrl+Return)", "Ctrl+Return"),
                (self.pause_button, "Pause or resume after the current batch (Ctrl+P)", "Ctrl+P"),
                (self.step_button, "Train exactly one batch, then pause - see the Gradients "
                                   "page for what changed (Ctrl+.)", "Ctrl+."),
                (self.stop_button, "Stop after the current batch, keeping the weights", None),
                (self.reset_button, "Forget the training and start again from the settings",
                 None))
        for button, tip, keys in tips:
            button.setToolTip(tip)
            if keys:
                button.setShortcut(QKeySequence(keys))
        self.start_button.setStyleSheet("font-weight: bold;")
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.speed = QLabel()
        self.speed.setMinimumWidth(130)              # a changing number never re-lays out
        self.speed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.speed.setToolTip("Images per second through the engine (forward, backward, update)")
        controls = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.step_button,
                       self.stop_button, self.reset_button):
            controls.addWidget(button)
        controls.addWidget(self.progress, 1)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.speed)

        self.curves = CurvesView()
        self.features = FeaturesView()
        classes = self.model.classes
        self.votes = VotesView(classes)
        self.confusion = ConfusionView(classes)
        self.gradients = GradientView()
        self.pages = QTabWidget()
        self.pages.addTab(self.votes, "Votes && error")
        self.pages.addTab(self.confusion, "Confusion && mistakes")
        self.pages.addTab(self.gradients, "Gradients")
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.features)
        lower.addWidget(self.pages)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        lower.setSizes([450, 420])
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.curves)
        middle.addWidget(lower)
        middle.setSizes([300, 420])

        self.explore_button = QPushButton("Use in Explore")
        self.explore_button.setToolTip("Show the trained network in the Explore tab, its "
                                       "features editable like the tutorial's")
        self.save_button = QPushButton("Save model…")
        self.open_button = QPushButton("Open model…")
        self.open_button.setToolTip("Start from a saved model (the current one is kept if the "
                                    "file cannot be used)")
        self.csv_button = QPushButton("Export history…")
        self.csv_button.setToolTip("The loss and accuracy of every epoch as a CSV file")
        self.png_button = QPushButton("Export curves…")
        self.png_button.setToolTip("The loss and accuracy curves as a PNG picture")
        after = QHBoxLayout()
        for button in (self.explore_button, self.save_button, self.open_button,
                       self.csv_button, self.png_button):
            after.addWidget(button)
        after.addStretch(1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 4, 4, 4)
        right_layout.addLayout(controls)
        right_layout.addLayout(status_row)
        right_layout.addWidget(middle, 1)
        right_layout.addLayout(after)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(left)
        layout.addWidget(right, 1)

    def _wire(self) -> None:
        s = self.session
        s.updated.connect(self._on_snapshot)
        s.stateChanged.connect(self._on_state)
        s.ended.connect(self._on_ended)
        s.failed.connect(self._on_failed)
        self.start_button.clicked.connect(lambda: self.start())
        self.pause_button.clicked.connect(self.toggle_pause)
        self.step_button.clicked.connect(self.step)
        self.stop_button.clicked.connect(s.stop)
        self.reset_button.clicked.connect(self.reset)
        self.explore_button.clicked.connect(self.use_in_explore)
        self.save_button.clicked.connect(self._on_save)
        self.open_button.clicked.connect(self._on_open)
        self.csv_button.clicked.connect(self._on_export_csv)
        self.png_button.clicked.connect(self._on_export_png)
        self.settings.networkChanged.connect(self._on_settings_changed)
        self.settings.validityChanged.connect(lambda _valid: self._on_state(s.state))
        self.settings.stopPossibleChanged.connect(lambda _possible: self._on_state(s.state))
        self.data.changed.connect(self._on_data)
        self.model.imageChanged.connect(self._on_drawing)
        self.confusion.mistakeClicked.connect(self._on_mistake)
        self.gradients.compareRequested.connect(self._on_compare)
        self.pages.currentChanged.connect(lambda _i: self._show_pages(self.session.last))
        self.settings.loss.currentIndexChanged.connect(self._refresh_votes)

    # --- the controls ----------------------------------------------------------------------
    def start(self, single_step: bool = False) -> bool:
        """Start (or continue) training; False, with a message, if the settings cannot work."""
        if not self.settings.stop_possible:
            self.status.setText("A validation target needs validation images: see the red "
                                "note under 'Stop' on the 'Model & training' page.")
            return False
        if self.session.state == "ready":
            if not self._reset_from_settings():
                return False
        try:
            train, validation = self.data.datasets()
            self.session.start(train, validation, self.settings.config(),
                               self.settings.pace_seconds(), single_step, self.model.image)
        except XoError as exc:
            QMessageBox.warning(self, "Cannot start training", str(exc))
            return False
        done = len(self.session.history)
        self.curves.set_span(done + self.settings.config().epochs)
        self.status.setText("Training…" if not single_step else "One batch…")
        return True

    def toggle_pause(self) -> None:
        if self.session.state == "running":
            self.session.pause()
        elif self.session.state == "paused":
            self.session.resume()

    def step(self) -> None:
        """One batch: continue a paused run by one, or start a run that pauses after one."""
        if self.session.state == "paused":
            self.session.step()
        elif self.session.state in ("ready", "done"):
            self.start(single_step=True)
        self.pages.setCurrentWidget(self.gradients)

    def reset(self) -> None:
        if self.session.dirty and not self._ask_keep("Reset"):
            return
        self._reset_from_settings()
        self.status.setText("Reset: the network is back at its starting weights.")

    def use_in_explore(self) -> None:
        """The trained network becomes the Explore tab's (a copy, so training can go on)."""
        net = self.session.current
        if net is None:
            return
        image = None if self.model.image.shape == net.image_size else canonical(
            "X", net.image_size[0])
        self.networkRequested.emit(net.copy(), "trained", image, "Use the trained network")
        self.openInExplore.emit()

    def shutdown(self) -> None:
        """Stop training and wait for the worker (the window is closing)."""
        self.session.shutdown()

    def confirm_close(self) -> bool:
        """Ask before an unsaved trained model is lost; False cancels the close."""
        return not self.session.dirty or self._ask_keep("Close")

    # --- files -------------------------------------------------------------------------------
    def save_model(self, path: str) -> bool:
        net = self.session.current
        if net is None:
            return False
        try:
            save_model(path, net, {"source": "trained", "epochs": len(self.session.history)})
        except (XoError, OSError) as exc:
            QMessageBox.warning(self, "Cannot save model", str(exc))
            return False
        self.session.dirty = False
        self.status.setText(f"Saved the model to {path}.")
        return True

    def open_model(self, path: str) -> bool:
        """Start from a model file; a bad file is explained and nothing changes."""
        try:
            net = load_model(path)
        except XoError as exc:
            QMessageBox.warning(self, "Cannot open model", str(exc))
            return False
        if net.image_size != (self.model.grid_size, self.model.grid_size):
            QMessageBox.warning(self, "Cannot open model",
                                f"{os.path.basename(path)} takes {net.image_size[0]}×"
                                f"{net.image_size[1]} drawings; the editor's grid is "
                                f"{self.model.grid_size}×{self.model.grid_size}. Change the "
                                "grid size in Explore first.")
            return False
        if self.session.dirty and not self._ask_keep("Open"):
            return False
        self.settings.set_model_file(path, net)
        self._reset_from_settings()
        self.status.setText(f"Opened {os.path.basename(path)}; press Start to train it further.")
        return True

    def export_history(self, path: str) -> bool:
        try:
            atomic_write_bytes(path, History(list(self.session.history)).to_csv().encode())
        except XoError as exc:
            QMessageBox.warning(self, "Cannot export history", str(exc))
            return False
        return True

    def export_curves(self, path: str) -> bool:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.curves.grab().save(buffer, "PNG")
        try:
            atomic_write_bytes(path, bytes(buffer.data()))
        except XoError as exc:
            QMessageBox.warning(self, "Cannot export curves", str(exc))
            return False
        return True

    def _ask_keep(self, action: str) -> bool:
        """Save / Discard / Cancel for an unsaved trained model; True to go ahead."""
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        answer = QMessageBox.question(
            self, f"{action}: unsaved trained model",
            "The trained network has not been saved. Save it first?", buttons,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self._on_save()
        return answer == QMessageBox.StandardButton.Discard

    def _on_save(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, "Save model", "trained.npz", "Models (*.npz)")
        return bool(path) and self.save_model(path)

    def _on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open model", "", "Models (*.npz)")
        if path:
            self.open_model(path)

    def _on_export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export history", "history.csv", "CSV (*.csv)")
        if path:
            self.export_history(path)

    def _on_export_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export curves", "curves.png", "PNG (*.png)")
        if path:
            self.export_curves(path)

    # --- session -> views ------------------------------------------------------------------
    def _reset_from_settings(self) -> bool:
        try:
            net = self.settings.start_network()
        except XoError as exc:
            self.status.setText(f"Not possible: {exc}")
            return False
        self.session.reset(net)
        self.features.set_start(net)
        self.gradients.set_network(net)
        self.curves.clear()
        self.confusion.clear()
        self._refresh_votes()
        self._show_progress(None)
        return True

    def _on_settings_changed(self) -> None:
        if self.session.state == "ready":
            self._reset_from_settings()

    def _on_snapshot(self, snap: Snapshot) -> None:
        s = self.session
        self.curves.show_curves(np.asarray(s.batch_x), np.asarray(s.batch_loss), snap.history)
        self.features.show_state(snap.state)
        now = time.perf_counter()
        if now - self._pages_shown >= PAGES_INTERVAL or snap.final or snap.paused:
            self._pages_shown = now            # numbers are read, not watched: 5 Hz is plenty
            self._show_pages(snap)
        self._show_progress(snap)

    def _show_pages(self, snap: Snapshot | None) -> None:
        """Only the visible page is redrawn; the others catch up when shown."""
        page = self.pages.currentWidget()
        if page is self.votes:
            if (self.session.state == "running" and snap is not None
                    and snap.probe_scores is not None and self.isVisible()):
                self.votes.show_scores(snap.probe_scores, self._votes_as_probabilities())
            else:
                self._refresh_votes()
        elif snap is None:
            return
        elif page is self.confusion:
            self.confusion.show_results(snap.confusion, snap.mistakes)
        elif page is self.gradients and snap.step_detail is not None:
            self.gradients.show_step(snap.step_detail)

    def _show_progress(self, snap: Snapshot | None) -> None:
        if snap is None:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat("not started")
            self.speed.setText("")
            return
        p = snap.progress
        self.progress.setRange(0, max(p.total_steps, 1))
        self.progress.setValue(p.step)
        epochs = max(p.total_steps // max(p.batches_per_epoch, 1), 1)
        left = self.session.seconds_left
        text = f"epoch {p.epoch}/{epochs} · batch {p.batch}/{p.batches_per_epoch}"
        if left is not None and self.session.state == "running":
            text += f" · {_duration(left)} left"
        self.progress.setFormat(text)
        self.speed.setText(f"{p.samples_per_second:,.0f} samples/s")

    def _on_data(self) -> None:
        self.settings.set_validation_images(len(self.data.datasets()[1][0]))
        self._on_state(self.session.state)

    def _on_state(self, state: str) -> None:
        runs = state in ("running", "paused")
        network_ok = self.settings.valid or state != "ready"
        valid = network_ok and self.settings.stop_possible
        self.start_button.setText("Train more" if state == "done" else "Start")
        self.start_button.setEnabled(state in ("ready", "done") and valid)
        self.pause_button.setText("Resume" if state == "paused" else "Pause")
        self.pause_button.setEnabled(runs)
        self.step_button.setEnabled(state != "running" and valid)
        self.stop_button.setEnabled(runs)
        self.reset_button.setEnabled(state != "ready")
        trained = state == "done" or self.session.history != []
        for button in (self.explore_button, self.save_button):
            button.setEnabled(not runs and self.session.current is not None)
        self.csv_button.setEnabled(trained and not runs)
        self.png_button.setEnabled(trained and not runs)
        self.open_button.setEnabled(not runs)
        self.data.setEnabled(state != "running" and state != "paused")
        self.settings.set_locks(network=state != "ready", knobs=runs)
        if state == "paused":
            self.status.setText("Paused. Step trains one batch; Resume goes on.")
        elif state in ("ready", "done") and not self.settings.stop_possible:
            self.status.setText("A validation target needs validation images: see the red "
                                "note under 'Stop' on the 'Model & training' page.")
        elif state == "ready":
            self.status.setText(
                "Press Start to train, or Step to train one batch and see what changed."
                if valid else "These settings cannot work: see the red note under "
                "'Model & training' and change them to start.")

    def _on_ended(self, status: str, sentence: str) -> None:
        self.status.setText(sentence + ("" if status == "diverged" else
                                        " Use in Explore, save it, or train more."))
        if status == "diverged":
            QMessageBox.warning(self, "Training diverged", sentence)

    def _on_failed(self, message: str) -> None:
        self.status.setText(f"Training failed: {message}")
        QMessageBox.critical(self, "Training failed",
                             f"Training stopped because of an error:\n{message}\n\n"
                             "The weights of the last update shown are kept.")

    def _on_drawing(self) -> None:
        """A pixel edit: the worker's probe follows it; the votes page only if it is seen."""
        self.session.set_probe(self.model.image)
        if self.session.state != "running":
            self._votes_stale = True
            self._refresh_votes()

    def _refresh_votes(self) -> None:
        """The votes for the editor's drawing by the current network, now if the votes page
        is on screen, else when it is next shown (an edit in Explore costs nothing here)."""
        if not (self.isVisible() and self.pages.currentWidget() is self.votes):
            self._votes_stale = True
            return
        self._votes_stale = False
        self.votes.show_scores(self.session.probe_scores(self.model.image),
                               self._votes_as_probabilities())

    def _votes_as_probabilities(self) -> bool:
        """A network trained (or about to be) with softmax cross-entropy is judged on its
        probabilities; the tutorial's loss, and the tutorial's own network (its votes are
        weighted averages), on the raw votes."""
        s = self.session
        if s.state != "ready" or s.history:
            return s.loss_name == "cross_entropy"
        if self.settings.start_kind == "classic":
            return False
        return self.settings.loss.currentData() == "cross_entropy"

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._votes_stale:
            self._show_pages(self.session.last)

    def _on_mistake(self, image: np.ndarray) -> None:
        self.drawingRequested.emit(image, "Open a misclassified image")
        self.openInExplore.emit()

    def _on_compare(self, name: str, index: int, eps: float) -> None:
        try:
            check = self.session.gradient(self.model.image, self.votes.right_label, name,
                                          index, eps)
        except (XoError, IndexError, KeyError) as exc:
            QMessageBox.warning(self, "Cannot compare gradients", str(exc))
            return
        self.gradients.show_check(check, eps)
