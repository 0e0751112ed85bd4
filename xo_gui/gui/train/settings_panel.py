"""The Train tab's settings page: where to start, the architecture, the knobs.

A view of the lab's training settings: each control stores its value through one intent;
the preview network, its shapes and what is impossible come back from the settings."""
from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from ...engine.network import Network
from ...engine.threads import usable_cores
from ...model.lab import LabModel
from ...model.training_settings import PACES, Start
from ..widgets.colors import show_as_note
from ..widgets.spins import float_spin, int_spin

translate = QCoreApplication.translate


def layer_role(net: Network, index: int) -> str:
    """How the tutorial would name a layer that has weights."""
    last = max(i for i, layer in enumerate(net.layers) if layer.params)
    name = net.names[index]
    if net.layers[index].type == "conv":
        return translate("SettingsPanel", "{layer}: features of block {n}").format(
            layer=name, n=name[4:])
    if index == last:
        return translate("SettingsPanel", "{layer}: votes").format(layer=name)
    return translate("SettingsPanel", "{layer}: hidden neurons").format(layer=name)


class SettingsPanel(QWidget):
    """Shows the settings and what is impossible; sends every edit to the lab."""

    openModelRequested = Signal()

    def __init__(self, model: LabModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = model.training.settings
        self._build()
        self._wire()
        self._on_model_architecture()
        self._on_model_knobs()
        self._on_model_preview()

    def _build(self) -> None:
        start = QGroupBox(self.tr("Start from"))
        row = QHBoxLayout(start)
        self.start = QComboBox()
        for kind, text in ((Start.TUTORIAL, self.tr("Tutorial's network")),
                           (Start.RANDOM, self.tr("Random weights")), (Start.FILE, self.tr("Model file"))):
            self.start.addItem(text, kind)
        self.start.setToolTip(self.tr("The tutorial's hand-made network, fresh random weights of "
                                 "the architecture below, or a saved model"))
        self.file_button = QPushButton(self.tr("Choose…"))
        self.file_button.setToolTip(self.tr("Choose a model file (.npz) to start from"))
        row.addWidget(self.start, 1)
        row.addWidget(self.file_button)
        self.start.setAccessibleName(self.tr("Start from"))
        arch = self._architecture_box()
        self.message = QLabel()
        self.message.setWordWrap(True)
        show_as_note(self.message)
        self.shape_label = QLabel()
        self.shape_label.setWordWrap(True)
        frozen = QGroupBox(self.tr("Freeze (keep as they are)"))
        frozen_box = QVBoxLayout(frozen)
        self.freeze_list = QListWidget()
        self.freeze_list.setFixedHeight(64)
        self.freeze_list.setToolTip(self.tr("Checked layers do not learn - e.g. keep the "
                                       "tutorial's features and learn only the votes"))
        frozen_box.addWidget(self.freeze_list)
        self.freeze_list.setAccessibleName(self.tr("Freeze (keep as they are)"))
        knobs = self._knobs_box()
        self.network_boxes = (start, arch, frozen)
        self.knob_box = knobs
        layout = QVBoxLayout(self)
        for widget in (start, arch, self.message, self.shape_label, frozen, knobs):
            layout.addWidget(widget)
        layout.addStretch(1)

    def _architecture_box(self) -> QGroupBox:
        arch = QGroupBox(self.tr("Architecture"))
        form = QFormLayout(arch)
        self.blocks = int_spin(1, 4, 1)
        self.blocks.setToolTip(self.tr("How many convolution → ReLU → pooling blocks. One is "
                                       "enough for 9×9 X and O; try 2 on 28×28 grids, where "
                                       "the second block combines the first one's strokes."))
        self.features = QLineEdit("6")
        self.features.setToolTip(self.tr("Features per block, e.g. 6 or 6,8 (one number per "
                                    "block, or one for all)"))
        self.feature_size = int_spin(1, 15, 3)
        self.feature_size.setToolTip(self.tr("Size of each feature (3 → 3×3), the tutorial's "
                                             "size. Larger features see longer strokes but "
                                             "need more examples; try 5 on big grids."))
        self.pool_size = int_spin(1, 8, 2)
        self.pool_size.setToolTip(self.tr("Pooling window size (2 → 2×2, the tutorial's). "
                                          "Larger windows forgive larger shifts but blur "
                                          "where a stroke was."))
        self.pool_stride = int_spin(1, 8, 2)
        self.pool_stride.setToolTip(self.tr("How far the pooling window steps. Equal to the "
                                            "window, the map shrinks by that factor; 1 keeps "
                                            "its size (and its cost)."))
        self.pool = QComboBox()
        self.pool.addItem(self.tr("max"), "max")
        self.pool.addItem(self.tr("average"), "avg")
        self.hidden = QLineEdit("")
        self.hidden.setPlaceholderText(self.tr("none (votes straight from the maps)"))
        self.hidden.setToolTip(self.tr("Sizes of fully connected layers before the votes, e.g. "
                                  "16 or 32,16"))
        self.model_seed = int_spin(0, 2**31 - 1, 0)
        self.model_seed.setToolTip(self.tr("Seed of the random starting weights"))
        self.arch_widgets = (self.blocks, self.features, self.feature_size, self.pool_size,
                             self.pool_stride, self.pool, self.hidden, self.model_seed)
        for label, widget in zip((self.tr("Blocks"), self.tr("Features per block"), self.tr("Feature size"),
                                  self.tr("Pool window"), self.tr("Pool stride"), self.tr("Pooling"),
                                  self.tr("Hidden sizes"), self.tr("Weights seed")), self.arch_widgets):
            form.addRow(label, widget)
        return arch

    def _knobs_box(self) -> QGroupBox:
        knobs = QGroupBox(self.tr("Training"))
        form = QFormLayout(knobs)
        self.lr = float_spin(0.00001, 1e6, 0.01, 0.005, decimals=5)
        self.lr.setToolTip(self.tr("Learning rate: how far each step moves the weights "
                                   "downhill. Try 0.01 with adam, 0.1 with sgd; too large and "
                                   "the loss jumps about or the training diverges, too small "
                                   "and it crawls."))
        self.batch = int_spin(1, 4096, 32)
        self.batch.setToolTip(self.tr("Images per step: the gradient is their average. Small "
                                      "batches take many noisy steps, large ones few smooth "
                                      "ones; 16 to 64 is a good start."))
        self.epochs = int_spin(1, 100_000, 10)
        self.epochs.setToolTip(self.tr("Passes over the training images. Watch the "
                                       "validation curve: when it stops improving, more "
                                       "epochs only memorize."))
        self.optimizer = QComboBox()
        self.optimizer.addItems(["adam", "momentum", "sgd"])
        self.optimizer.setToolTip(self.tr("sgd is plain gradient descent: w ← w − lr·∂loss/∂w"))
        self.loss = QComboBox()
        for key, text in (("cross_entropy", self.tr("Softmax cross-entropy")),
                          ("tutorial", self.tr("Tutorial's error"))):
            self.loss.addItem(text, key)
        self.seed = int_spin(0, 2**31 - 1, 0)
        self.seed.setToolTip(self.tr("Seed of the batch order"))
        self.pace = QComboBox()
        for key, text in zip(PACES, (self.tr("full speed"), self.tr("fast"), self.tr("watch"),
                                     self.tr("slow"), self.tr("one batch a second"))):
            self.pace.addItem(text, key)
        self.pace.setToolTip(self.tr("Full speed trains as fast as the engine can; 'watch' and "
                                "'slow' wait between batches so you can see every change"))
        for label, widget in ((self.tr("Learning rate"), self.lr), (self.tr("Batch size"), self.batch),
                              (self.tr("Epochs (max)"), self.epochs), (self.tr("Optimizer"), self.optimizer),
                              (self.tr("Loss"), self.loss), (self.tr("Order seed"), self.seed),
                              (self.tr("Pace"), self.pace)):
            form.addRow(label, widget)
        form.addRow("", self._cores_box())
        form.addRow(self.tr("Stop"), self._stop_row())
        self.stop_note = QLabel(self.tr(
            "Not possible: there are no validation images (the Data page's validation share "
            "is 0), so this target can never be reached. Raise the share, or stop after all "
            "epochs."))
        self.stop_note.setWordWrap(True)
        show_as_note(self.stop_note)
        self.stop_note.setVisible(False)
        form.addRow(self.stop_note)
        return knobs

    def _stop_row(self) -> QHBoxLayout:
        self.stop_rule = QComboBox()
        for key, text in (("epochs", self.tr("after all epochs")),
                          ("accuracy", self.tr("when validation accuracy ≥")),
                          ("loss", self.tr("when validation loss ≤"))):
            self.stop_rule.addItem(text, key)
        self.stop_value = float_spin(0.0, 100.0, 0.95, 0.01, decimals=3)
        self.stop_value.setToolTip(self.tr("Target validation accuracy (0-1) or loss"))
        stop_row = QHBoxLayout()
        stop_row.addWidget(self.stop_rule, 1)
        stop_row.addWidget(self.stop_value)
        self.stop_rule.setAccessibleName(self.tr("Stop"))
        self.stop_value.setAccessibleName(self.tr("Stop target"))
        return stop_row

    def _cores_box(self) -> QCheckBox:
        self.all_cores = QCheckBox(self.tr("Use all cores"))
        self.all_cores.setToolTip(self.tr(
            "Batches with much work (a 28×28 network's, say) are shared with a helper "
            "program on each other core: faster when the computer has nothing else to do, "
            "and the same training to rounding. Light batches, such as the 9×9 network's, "
            "always run on one core."))
        self.all_cores.setEnabled(usable_cores() > 1)
        return self.all_cores

    def _wire(self) -> None:
        s = self.settings
        arch, knob = s.update_architecture, s.update_knobs
        self.start.activated.connect(lambda i: arch(start=self.start.itemData(i)))
        self.file_button.clicked.connect(self.openModelRequested)
        self.blocks.valueChanged.connect(lambda v: arch(blocks=int(v)))
        self.features.textEdited.connect(lambda t: arch(features=t))
        self.feature_size.valueChanged.connect(lambda v: arch(feature_size=int(v)))
        self.pool_size.valueChanged.connect(lambda v: arch(pool_size=int(v)))
        self.pool_stride.valueChanged.connect(lambda v: arch(pool_stride=int(v)))
        self.pool.activated.connect(lambda i: arch(pool=self.pool.itemData(i)))
        self.hidden.textEdited.connect(lambda t: arch(hidden=t))
        self.model_seed.valueChanged.connect(lambda v: arch(seed=int(v)))
        self.freeze_list.itemChanged.connect(self._on_view_freeze)
        self.lr.valueChanged.connect(lambda v: knob(lr=float(v)))
        self.batch.valueChanged.connect(lambda v: knob(batch_size=int(v)))
        self.epochs.valueChanged.connect(lambda v: knob(epochs=int(v)))
        self.optimizer.activated.connect(lambda i: knob(optimizer=self.optimizer.itemText(i)))
        self.loss.activated.connect(lambda i: knob(loss=self.loss.itemData(i)))
        self.seed.valueChanged.connect(lambda v: knob(seed=int(v)))
        self.stop_rule.activated.connect(lambda i: knob(stop_rule=self.stop_rule.itemData(i)))
        self.stop_value.valueChanged.connect(lambda v: knob(stop_value=float(v)))
        self.pace.activated.connect(lambda i: knob(pace=self.pace.itemData(i)))
        self.all_cores.toggled.connect(s.set_all_cores)
        s.coresChanged.connect(self._on_model_knobs)
        s.architectureChanged.connect(self._on_model_architecture)
        s.knobsChanged.connect(self._on_model_knobs)
        s.previewChanged.connect(self._on_model_preview)
        s.stopPossibleChanged.connect(lambda _ok: self._on_model_knobs())

    def _on_view_freeze(self, _item) -> None:
        frozen = tuple(self.freeze_list.item(r).data(Qt.ItemDataRole.UserRole)
                       for r in range(self.freeze_list.count())
                       if self.freeze_list.item(r).checkState() == Qt.CheckState.Checked)
        self.settings.update_architecture(frozen=frozen)

    # --- model -> view ---------------------------------------------------------------
    def _on_model_architecture(self) -> None:
        a = self.settings.architecture
        self.start.setCurrentIndex(self.start.findData(a.start))
        for widget, value in ((self.blocks, a.blocks), (self.feature_size, a.feature_size),
                              (self.pool_size, a.pool_size), (self.pool_stride, a.pool_stride),
                              (self.model_seed, a.seed)):
            _quietly(widget.setValue, widget, value)
        for edit, text in ((self.features, a.features), (self.hidden, a.hidden)):
            if edit.text() != text:
                edit.setText(text)
        self.pool.setCurrentIndex(self.pool.findData(a.pool))
        for widget in self.arch_widgets:
            widget.setEnabled(a.start == Start.RANDOM)
        self.file_button.setVisible(a.start == Start.FILE)

    def _on_model_knobs(self) -> None:
        k, s = self.settings.knobs, self.settings
        for widget, value in ((self.lr, k.lr), (self.batch, k.batch_size),
                              (self.epochs, k.epochs), (self.seed, k.seed),
                              (self.stop_value, k.stop_value)):
            _quietly(widget.setValue, widget, value)
        self.optimizer.setCurrentText(k.optimizer)
        self.loss.setCurrentIndex(self.loss.findData(k.loss))
        self.stop_rule.setCurrentIndex(self.stop_rule.findData(k.stop_rule))
        self.pace.setCurrentIndex(self.pace.findData(k.pace))
        _quietly(self.all_cores.setChecked, self.all_cores, s.all_cores)
        self.stop_value.setEnabled(k.stop_rule != "epochs" and s.stop_possible)
        self.stop_note.setVisible(not s.stop_possible)

    def _on_model_preview(self) -> None:
        s = self.settings
        net = s.preview
        if net is None:
            self.message.setText(self.tr("Not possible: {why}.").format(why=s.message))
            self.shape_label.setText("")
            return
        self.message.setText("")
        shapes = " → ".join("×".join(map(str, shape)) for shape in
                            [net.input_shape[1:]] + [shape for shape, layer in
                                                     zip(net.shapes, net.layers)
                                                     if layer.type in ("maxpool", "avgpool")])
        params = sum(v.size for _, _, v in net.parameters())
        where = (f" ({os.path.basename(s.file_path)})"
                 if s.architecture.start == Start.FILE else "")
        self.shape_label.setText(self.tr("Image → pooled maps: {shapes}; {n} weights{where}")
                                 .format(shapes=shapes, n=f"{params:,}", where=where))
        self._fill_freeze_list(net)

    def _fill_freeze_list(self, net: Network) -> None:
        frozen = set(self.settings.architecture.frozen)
        self.freeze_list.blockSignals(True)
        self.freeze_list.clear()
        for index, layer in enumerate(net.layers):
            if not layer.params:
                continue
            item = QListWidgetItem(layer_role(net, index))
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if index in frozen
                               else Qt.CheckState.Unchecked)
            self.freeze_list.addItem(item)
        self.freeze_list.blockSignals(False)

    def set_locks(self, network: bool, knobs: bool) -> None:
        """Nothing changes under a running trainer; a trained network keeps its shape."""
        for box in self.network_boxes:
            box.setEnabled(not network)
        self.knob_box.setEnabled(not knobs)


def _quietly(setter, widget, value) -> None:
    """Show the model's value without sending it back (no feedback loop)."""
    widget.blockSignals(True)
    setter(value)
    widget.blockSignals(False)
