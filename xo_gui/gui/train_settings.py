"""The Train tab's model and hyperparameters: where to start, the architecture, the knobs.

Every change rebuilds a preview network with the engine's ``build_network``; an impossible
combination keeps its ConfigError sentence in place (in red, under the fields) and turns
``valid`` off, so Start can never be pressed on it.
"""
from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget, QFileDialog, QMessageBox)

from ..engine.classic import classic_network
from ..engine.errors import ConfigError, XoError
from ..engine.model_files import load_model
from ..engine.network import Network, build_network, parse_sizes
from ..engine.train import TrainConfig
from .app_model import AppModel
from .train_data_panel import float_spin, int_spin
from .train_worker import PACES

STARTS = {"classic": "Tutorial's network", "random": "Random weights", "file": "Model file"}
STOP_RULES = {"epochs": "after all epochs", "accuracy": "when validation accuracy ≥",
              "loss": "when validation loss ≤"}
LOSS_NAMES = {"cross_entropy": "Softmax cross-entropy", "tutorial": "Tutorial's error"}


def layer_role(net: Network, index: int) -> str:
    """How the tutorial would name a layer that has weights."""
    last = max(i for i, layer in enumerate(net.layers) if layer.params)
    if net.layers[index].type == "conv":
        return f"{net.names[index]}: features of block {net.names[index][4:]}"
    return f"{net.names[index]}: {'votes' if index == last else 'hidden neurons'}"


class SettingsPanel(QWidget):
    """Produces the starting network and the TrainConfig; says in place what is impossible."""

    validityChanged = Signal(bool)
    stopPossibleChanged = Signal(bool)   # False: a validation target without validation images
    networkChanged = Signal()        # a valid change to the starting network

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._file_net: Network | None = None
        self._file_path = ""
        self.valid = True
        self._preview: Network | None = None
        self._grid_size = model.grid_size
        self._validation_images = 1
        self.stop_possible = True
        self._build()
        model.imageChanged.connect(self._on_model_image)
        self._revalidate()

    def _build(self) -> None:
        start = QGroupBox("Start from")
        start_row = QHBoxLayout(start)
        self.start = QComboBox()
        for key, text in STARTS.items():
            self.start.addItem(text, key)
        self.start.setCurrentIndex(list(STARTS).index("random"))
        self.start.setToolTip("The tutorial's hand-made network, fresh random weights of the "
                              "architecture below, or a saved model")
        self.file_button = QPushButton("Choose…")
        self.file_button.setToolTip("Choose a model file (.npz) to start from")
        start_row.addWidget(self.start, 1)
        start_row.addWidget(self.file_button)

        arch = QGroupBox("Architecture")
        form = QFormLayout(arch)
        self.blocks = int_spin(1, 4, 1)
        self.blocks.setToolTip("How many convolution → ReLU → pooling blocks")
        self.features = QLineEdit("6")
        self.features.setToolTip("Features per block, e.g. 6 or 6,8 (one number per block, "
                                 "or one for all)")
        self.feature_size = int_spin(1, 15, 3)
        self.feature_size.setToolTip("Size of each feature (3 → 3×3)")
        self.pool_size = int_spin(1, 8, 2)
        self.pool_size.setToolTip("Pooling window size (2 → 2×2)")
        self.pool_stride = int_spin(1, 8, 2)
        self.pool_stride.setToolTip("How far the pooling window steps")
        self.pool = QComboBox()
        self.pool.addItems(["max", "avg"])
        self.hidden = QLineEdit("")
        self.hidden.setPlaceholderText("none (votes straight from the maps)")
        self.hidden.setToolTip("Sizes of fully connected layers before the votes, e.g. 16 or 32,16")
        self.model_seed = int_spin(0, 2**31 - 1, 0)
        self.model_seed.setToolTip("Seed of the random starting weights")
        for label, widget in (("Blocks", self.blocks), ("Features per block", self.features),
                              ("Feature size", self.feature_size), ("Pool window", self.pool_size),
                              ("Pool stride", self.pool_stride), ("Pooling", self.pool),
                              ("Hidden sizes", self.hidden), ("Weights seed", self.model_seed)):
            form.addRow(label, widget)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.shape_label = QLabel()
        self.shape_label.setWordWrap(True)
        self.shape_label.setStyleSheet("color: #555;")

        frozen = QGroupBox("Freeze (keep as they are)")
        frozen_box = QVBoxLayout(frozen)
        self.freeze_list = QListWidget()
        self.freeze_list.setFixedHeight(64)
        self.freeze_list.setToolTip("Checked layers do not learn - e.g. keep the tutorial's "
                                    "features and learn only the votes")
        frozen_box.addWidget(self.freeze_list)

        knobs = QGroupBox("Training")
        tf = QFormLayout(knobs)
        self.lr = float_spin(0.00001, 1e6, 0.01, 0.005, decimals=5)
        self.lr.setToolTip("Learning rate: how far each step moves the weights downhill")
        self.batch = int_spin(1, 4096, 32)
        self.batch.setToolTip("Images per step")
        self.epochs = int_spin(1, 100_000, 10)
        self.epochs.setToolTip("Passes over the training images")
        self.optimizer = QComboBox()
        self.optimizer.addItems(["adam", "momentum", "sgd"])
        self.optimizer.setToolTip("sgd is plain gradient descent: w ← w − lr·∂loss/∂w")
        self.loss = QComboBox()
        for key, text in LOSS_NAMES.items():
            self.loss.addItem(text, key)
        self.seed = int_spin(0, 2**31 - 1, 0)
        self.seed.setToolTip("Seed of the batch order")
        self.stop_rule = QComboBox()
        for key, text in STOP_RULES.items():
            self.stop_rule.addItem(text, key)
        self.stop_value = float_spin(0.0, 1.0, 0.95, 0.01, decimals=3)
        self.stop_value.setToolTip("Target validation accuracy (0-1) or loss")
        stop_row = QHBoxLayout()
        stop_row.addWidget(self.stop_rule, 1)
        stop_row.addWidget(self.stop_value)
        self.pace = QComboBox()
        self.pace.addItems(list(PACES))
        self.pace.setCurrentText("watch")
        self.pace.setToolTip("Full speed trains as fast as the engine can; 'watch' and 'slow' "
                             "wait between batches so you can see every change")
        for label, widget in (("Learning rate", self.lr), ("Batch size", self.batch),
                              ("Epochs (max)", self.epochs), ("Optimizer", self.optimizer),
                              ("Loss", self.loss), ("Order seed", self.seed),
                              ("Pace", self.pace)):
            tf.addRow(label, widget)
        tf.addRow("Stop", stop_row)
        self.stop_note = QLabel()
        self.stop_note.setWordWrap(True)
        self.stop_note.setStyleSheet("color: #b00020;")
        self.stop_note.setVisible(False)
        tf.addRow(self.stop_note)

        self.network_boxes = (start, arch, frozen)
        self.knob_box = knobs
        layout = QVBoxLayout(self)
        layout.addWidget(start)
        layout.addWidget(arch)
        layout.addWidget(self.message)
        layout.addWidget(self.shape_label)
        layout.addWidget(frozen)
        layout.addWidget(knobs)
        layout.addStretch(1)

        self.start.currentIndexChanged.connect(self._revalidate)
        self.file_button.clicked.connect(self._on_choose_file)
        for spin in (self.blocks, self.feature_size, self.pool_size, self.pool_stride,
                     self.model_seed):
            spin.valueChanged.connect(self._revalidate)
        for edit in (self.features, self.hidden):
            edit.textChanged.connect(self._revalidate)
        self.pool.currentIndexChanged.connect(self._revalidate)
        self.freeze_list.itemChanged.connect(lambda _item: self.networkChanged.emit())
        self.stop_rule.currentIndexChanged.connect(self._on_stop_rule)
        self._on_stop_rule()

    # --- what the tab asks for -----------------------------------------------------------
    @property
    def start_kind(self) -> str:
        return self.start.currentData()

    def start_network(self) -> Network:
        """A fresh starting network, its frozen layers set (ConfigError if impossible)."""
        net = self._network()
        frozen = [self.freeze_list.item(row).data(Qt.ItemDataRole.UserRole)
                  for row in range(self.freeze_list.count())
                  if self.freeze_list.item(row).checkState() == Qt.CheckState.Checked]
        net.freeze(frozen)
        return net

    def config(self, epochs: int | None = None) -> TrainConfig:
        rule = self.stop_rule.currentData()
        return TrainConfig(
            epochs=epochs or int(self.epochs.value()), batch_size=int(self.batch.value()),
            lr=float(self.lr.value()), optimizer=self.optimizer.currentText(),
            loss=self.loss.currentData(), seed=int(self.seed.value()),
            target_accuracy=float(self.stop_value.value()) if rule == "accuracy" else None,
            target_loss=float(self.stop_value.value()) if rule == "loss" else None)

    def pace_seconds(self) -> float:
        return PACES[self.pace.currentText()]

    def set_model_file(self, path: str, net: Network) -> None:
        """Start from this (already loaded and checked) network."""
        self._file_net, self._file_path = net, path
        self.start.setCurrentIndex(list(STARTS).index("file"))
        self._revalidate()

    # --- building and checking -----------------------------------------------------------
    def _network(self) -> Network:
        size = self.model.grid_size
        kind = self.start_kind
        if kind == "classic":
            return classic_network(size)
        if kind == "file":
            if self._file_net is None:
                raise ConfigError("choose a model file to start from")
            if self._file_net.image_size != (size, size):
                rows, cols = self._file_net.image_size
                raise ConfigError(f"this model takes {rows}×{cols} drawings; the editor's grid "
                                  f"is {size}×{size}")
            return self._file_net.copy()
        features = parse_sizes(self.features.text(), "features per block")
        hidden = parse_sizes(self.hidden.text(), "hidden sizes")
        return build_network(size, features, [int(self.feature_size.value())],
                             int(self.pool_size.value()), int(self.pool_stride.value()),
                             hidden, self.pool.currentText(), seed=int(self.model_seed.value()),
                             blocks=int(self.blocks.value()))

    def _revalidate(self) -> None:
        kind = self.start_kind
        for widget in (self.blocks, self.features, self.feature_size, self.pool_size,
                       self.pool_stride, self.pool, self.hidden, self.model_seed):
            widget.setEnabled(kind == "random")
        self.file_button.setVisible(kind == "file")
        try:
            net = self._network()
        except (XoError, ValueError) as exc:
            self._preview = None
            self.message.setText(f"Not possible: {exc}.")
            self.shape_label.setText("")
            self._set_valid(False)
            return
        self.message.setText("")
        self._preview = net
        shapes = " → ".join("×".join(map(str, s)) for s in
                            [net.input_shape[1:]] + [s for s, layer in zip(net.shapes, net.layers)
                                                     if layer.type in ("maxpool", "avgpool")])
        params = sum(v.size for _, _, v in net.parameters())
        where = f" ({os.path.basename(self._file_path)})" if kind == "file" else ""
        self.shape_label.setText(f"Image → pooled maps: {shapes}; {params:,} weights{where}")
        self._fill_freeze_list(net)
        self._set_valid(True)
        self.networkChanged.emit()

    def _on_model_image(self) -> None:
        """Only a new grid size changes the starting network; a pixel edit does not."""
        if self.model.grid_size != self._grid_size:
            self._grid_size = self.model.grid_size
            self._revalidate()

    def _fill_freeze_list(self, net: Network) -> None:
        checked = {self.freeze_list.item(r).text() for r in range(self.freeze_list.count())
                   if self.freeze_list.item(r).checkState() == Qt.CheckState.Checked}
        if not self.freeze_list.count():
            checked = {layer_role(net, i) for i in net.frozen}
        self.freeze_list.blockSignals(True)
        self.freeze_list.clear()
        for index, layer in enumerate(net.layers):
            if not layer.params:
                continue
            item = QListWidgetItem(layer_role(net, index))
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if item.text() in checked
                               else Qt.CheckState.Unchecked)
            self.freeze_list.addItem(item)
        self.freeze_list.blockSignals(False)

    def _set_valid(self, valid: bool) -> None:
        if valid != self.valid:
            self.valid = valid
            self.validityChanged.emit(valid)

    def set_validation_images(self, count: int) -> None:
        """How many validation images the data has: a validation target needs some."""
        self._validation_images = count
        self._check_stop()

    def _on_stop_rule(self) -> None:
        rule = self.stop_rule.currentData()
        self.stop_value.setRange(0.0, 1.0 if rule == "accuracy" else 100.0)
        if rule == "loss" and self.stop_value.value() > 0.5:
            self.stop_value.setValue(0.05)
        self._check_stop()

    def _check_stop(self) -> None:
        """A validation target with no validation images could never stop training: say
        so under the stop row and turn ``stop_possible`` off (Start waits for a fix)."""
        rule = self.stop_rule.currentData()
        possible = rule == "epochs" or self._validation_images > 0
        self.stop_value.setEnabled(rule != "epochs" and possible)
        self.stop_note.setText(
            "" if possible else "Not possible: there are no validation images (the Data "
            "page's validation share is 0), so this target can never be reached. Raise the "
            "share, or stop after all epochs.")
        self.stop_note.setVisible(not possible)
        if possible != self.stop_possible:
            self.stop_possible = possible
            self.stopPossibleChanged.emit(possible)

    def _on_choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Start from model", "", "Models (*.npz)")
        if not path:
            return
        try:
            net = load_model(path)
        except XoError as exc:
            QMessageBox.warning(self, "Cannot open model", str(exc))
            return
        self.set_model_file(path, net)

    def set_locks(self, network: bool, knobs: bool) -> None:
        """Nothing changes under a running trainer; a trained network keeps its shape."""
        for box in self.network_boxes:
            box.setEnabled(not network)
        self.knob_box.setEnabled(not knobs)
