"""The Train tab's data: generated X and O images, the user's own drawings, dataset files.

The generator regenerates (debounced) whenever a setting changes, at the editor's grid
size.  The user's drawings join the training set only, listed apart so each can be
removed.  Files go through the engine's checked, atomic dataset functions.
"""
from __future__ import annotations

import os
from dataclasses import fields

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox,
                               QPushButton, QSlider, QSpinBox, QVBoxLayout, QWidget)

from ..engine.data import CLASSES, VARIATION_LEVELS, Variation, generate, split
from ..engine.drawing_files import load_dataset, save_dataset
from ..engine.errors import XoError
from .app_model import AppModel

# slider name -> (label, maximum used by the slider, unit shown, tooltip)
_VARIATION_UI = {
    "shift": ("Shift", 0.3, "of grid", "How far letters may move from the centre"),
    "scale": ("Scale", 0.5, "±", "How much bigger or smaller letters may be"),
    "rotation": ("Rotation", 60.0, "°", "How far letters may be turned"),
    "thickness": ("Thickness", 2.0, "px", "Extra stroke width"),
    "deform": ("Wobble", 1.0, "px", "A smooth random bend, like a shaky hand"),
    "noise": ("Noise", 0.2, "", "Chance that each pixel is flipped"),
}
THUMBS = 24


def int_spin(low: int, high: int, value: int, step: int = 1) -> QSpinBox:
    """A spin box with its range set before its value (so the value is never clamped)."""
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setValue(value)
    return spin


def float_spin(low: float, high: float, value: float, step: float, decimals: int = 2
               ) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setDecimals(decimals)
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setValue(value)
    return spin


def image_pixmap(image: np.ndarray, cell: int = 4) -> QPixmap:
    """A ±1 image as a grey pixmap, ink dark on light paper like the editor."""
    grey = np.ascontiguousarray(((1 - np.clip(image, -1, 1)) * 127.5).astype(np.uint8))
    h, w = grey.shape
    qimage = QImage(grey.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(qimage).scaled(w * cell, h * cell, Qt.AspectRatioMode.IgnoreAspectRatio,
                                            Qt.TransformationMode.FastTransformation)


def labelled_icon(image: np.ndarray, text: str, size: int = 48) -> QIcon:
    """A thumbnail with its label written in the corner."""
    pixmap = image_pixmap(image, max(1, size // image.shape[0]))
    painter = QPainter(pixmap)
    painter.setPen(QColor(200, 30, 30))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(9, pixmap.height() // 4))
    painter.setFont(font)
    painter.drawText(pixmap.rect().adjusted(2, 0, 0, 0), Qt.AlignmentFlag.AlignLeft, text)
    painter.end()
    return QIcon(pixmap)


class _Slider(QWidget):
    """A slider for one variation amount with its value printed beside it."""

    changed = Signal()
    STEPS = 100

    def __init__(self, maximum: float, unit: str) -> None:
        super().__init__()
        self.maximum, self.unit = maximum, unit
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, self.STEPS)
        self.text = QLabel()
        self.text.setMinimumWidth(64)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.slider, 1)
        row.addWidget(self.text)
        self.slider.valueChanged.connect(self._on_moved)
        self._on_moved()

    def value(self) -> float:
        return self.slider.value() / self.STEPS * self.maximum

    def set_value(self, value: float) -> None:
        self.slider.setValue(round(min(value, self.maximum) / self.maximum * self.STEPS))

    def _on_moved(self) -> None:
        self.text.setText(f"{self.value():.2g} {self.unit}".strip())
        self.changed.emit()


class DataPanel(QWidget):
    """Generator settings, sample thumbnails, the user's drawings, dataset files."""

    changed = Signal()               # the training data changed

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._generated: tuple[np.ndarray, np.ndarray] = (np.zeros((0, 9, 9), np.float32),
                                                          np.zeros(0, np.int64))
        self._from_file: str | None = None
        self._user: list[tuple[np.ndarray, int]] = []
        self._size = model.grid_size
        self._regen = QTimer(self)
        self._regen.setSingleShot(True)
        self._regen.setInterval(120)
        self._regen.timeout.connect(self.regenerate)
        self._build()
        model.imageChanged.connect(self._on_model_image)
        self.regenerate()

    # --- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        gen = QGroupBox("Generated X and O images")
        form = QFormLayout(gen)
        self.count = int_spin(10, 200_000, 1000, 100)
        self.count.setToolTip("How many images to generate (half X, half O)")
        self.level = QComboBox()
        self.level.addItems(list(VARIATION_LEVELS) + ["custom"])
        self.level.setToolTip("A ready-made amount of variety; the sliders fine-tune it")
        self.sliders: dict[str, _Slider] = {}
        form.addRow("Images", self.count)
        form.addRow("Variation", self.level)
        for name, (label, maximum, unit, tip) in _VARIATION_UI.items():
            slider = _Slider(maximum, unit)
            slider.setToolTip(tip)
            slider.changed.connect(self._on_slider)
            self.sliders[name] = slider
            form.addRow(label, slider)
        self.seed = int_spin(0, 2**31 - 1, 0)
        self.seed.setToolTip("The same seed always gives the same images")
        self.validation = float_spin(0.0, 0.9, 0.2, 0.05)
        self.validation.setToolTip("Share of images kept aside to check the network on "
                                   "images it never trained on")
        form.addRow("Seed", self.seed)
        form.addRow("Validation share", self.validation)
        self.size_label = QLabel()
        form.addRow("Grid size", self.size_label)

        self.thumbs = QListWidget()
        self._icon_list(self.thumbs, 40)
        self.thumbs.setFixedHeight(104)
        self.thumbs.setToolTip("The first generated samples with their labels")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.note = QLabel()              # what happened to an opened file, said in place
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b35c00;")
        self.note.hide()

        mine = QGroupBox("Your drawings (training set only)")
        box = QVBoxLayout(mine)
        buttons = QHBoxLayout()
        self.add_x = QPushButton("Add drawing as X")
        self.add_o = QPushButton("Add drawing as O")
        self.remove = QPushButton("Remove")
        for button, tip in ((self.add_x, "Add the editor's drawing, labelled X"),
                            (self.add_o, "Add the editor's drawing, labelled O"),
                            (self.remove, "Remove the selected drawings")):
            button.setToolTip(tip)
            buttons.addWidget(button)
        self.user_list = QListWidget()
        self.user_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self._icon_list(self.user_list, 40)
        self.user_list.setFixedHeight(64)
        box.addLayout(buttons)
        box.addWidget(self.user_list)

        files = QHBoxLayout()
        self.open_button = QPushButton("Open dataset…")
        self.save_button = QPushButton("Save dataset…")
        self.generated_button = QPushButton("Use generated")
        self.generated_button.setToolTip("Go back to generated images after opening a file")
        for button in (self.open_button, self.save_button, self.generated_button):
            files.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(gen)
        layout.addWidget(self.thumbs)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addLayout(files)
        layout.addWidget(mine)
        layout.addStretch(1)

        self.level.setCurrentText("medium")
        self._on_level("medium")
        self.level.currentTextChanged.connect(self._on_level)
        for spin in (self.count, self.seed, self.validation):
            spin.valueChanged.connect(self._schedule)
        self.add_x.clicked.connect(lambda: self.add_drawing(0))
        self.add_o.clicked.connect(lambda: self.add_drawing(1))
        self.remove.clicked.connect(self._on_remove)
        self.open_button.clicked.connect(self._on_open)
        self.save_button.clicked.connect(self._on_save)
        self.generated_button.clicked.connect(self._on_use_generated)

    @staticmethod
    def _icon_list(widget: QListWidget, size: int) -> None:
        widget.setViewMode(QListWidget.ViewMode.IconMode)
        widget.setIconSize(QSize(size, size))
        widget.setMovement(QListWidget.Movement.Static)
        widget.setResizeMode(QListWidget.ResizeMode.Adjust)
        widget.setSpacing(2)

    # --- the data ----------------------------------------------------------------------
    def variation(self) -> Variation:
        return Variation(**{name: self.sliders[name].value() for name in _VARIATION_UI})

    def datasets(self) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """(training, validation) images and labels; the user's drawings train only."""
        images, labels = self._generated
        train, val = split(images, labels, float(self.validation.value()), int(self.seed.value()))
        mine = [(img, lab) for img, lab in self._user if img.shape == (self._size, self._size)]
        if mine:
            train = (np.concatenate([train[0], np.stack([m[0] for m in mine])]),
                     np.concatenate([train[1], np.array([m[1] for m in mine], np.int64)]))
        return train, val

    @property
    def grid_size(self) -> int:
        return self._size

    def regenerate(self) -> None:
        """Make the generated images again from the current settings (skipped for a file)."""
        self._regen.stop()
        if self._from_file is None:
            self._generated = generate(int(self.count.value()), self._size, self.variation(),
                                       int(self.seed.value()))
        self._refresh()
        self.changed.emit()

    def add_drawing(self, label: int) -> None:
        """The editor's drawing joins the training set with this label."""
        image = np.array(self.model.image, np.float32)
        self._user.append((image, label))
        self._refresh()
        self.changed.emit()

    # --- view --------------------------------------------------------------------------
    def _refresh(self) -> None:
        images, labels = self._generated
        self.thumbs.clear()
        for image, label in zip(images[:THUMBS], labels[:THUMBS]):
            self.thumbs.addItem(QListWidgetItem(labelled_icon(image, CLASSES[label]), ""))
        self.user_list.clear()
        for image, label in self._user:
            item = QListWidgetItem(labelled_icon(image, CLASSES[label]), "")
            item.setToolTip(f"Your drawing, labelled {CLASSES[label]}")
            self.user_list.addItem(item)
        (train, val) = self.datasets()
        source = f"from {os.path.basename(self._from_file)}" if self._from_file else "generated"
        other = sum(img.shape != (self._size, self._size) for img, _ in self._user)
        text = (f"{len(images)} images {source}: {len(train[0])} for training, "
                f"{len(val[0])} for validation")
        if self._user:
            text += f" (training includes {len(self._user) - other} of your drawings)"
        if other:
            text += f"; {other} drawings of another grid size are left out"
        self.summary.setText(text)
        self.size_label.setText(f"{self._size} × {self._size} (the editor's)")
        self.generated_button.setVisible(self._from_file is not None)
        self.remove.setEnabled(bool(self._user))

    # --- handlers ----------------------------------------------------------------------
    def _schedule(self) -> None:
        self._regen.start()

    def _on_level(self, name: str) -> None:
        if name not in VARIATION_LEVELS:
            return
        variation = VARIATION_LEVELS[name]
        for field in fields(variation):
            slider = self.sliders[field.name]
            slider.blockSignals(True)
            slider.set_value(getattr(variation, field.name))
            slider.blockSignals(False)
            slider._on_moved()
        self._schedule()

    def _on_slider(self) -> None:
        current = self.variation()
        for name, level in VARIATION_LEVELS.items():
            if all(abs(getattr(level, f.name) - getattr(current, f.name))
                   <= self.sliders[f.name].maximum / _Slider.STEPS for f in fields(level)):
                break
        else:
            name = "custom"
        self.level.blockSignals(True)
        self.level.setCurrentText(name)
        self.level.blockSignals(False)
        self._schedule()

    def _on_model_image(self) -> None:
        if self.model.grid_size != self._size:
            old, self._size = self._size, self.model.grid_size
            if self._from_file is not None:
                n = self._size
                self._set_note(f"{os.path.basename(self._from_file)} holds {old}×{old} images "
                               f"and the grid is now {n}×{n}, so generated {n}×{n} images are "
                               f"used instead. Open it again after going back to {old}×{old}.")
                self._from_file = None
            self.regenerate()

    def _set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _on_remove(self) -> None:
        rows = sorted((self.user_list.row(item) for item in self.user_list.selectedItems()),
                      reverse=True)
        for row in rows:
            del self._user[row]
        self._refresh()
        self.changed.emit()

    def _on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open dataset", "", "Datasets (*.npz)")
        if path:
            self.open_dataset(path)

    def open_dataset(self, path: str) -> bool:
        """Train on a dataset file instead of generated images; False (and a message) if bad."""
        try:
            images, labels, classes = load_dataset(path)
            if tuple(classes) != tuple(self.model.classes):
                raise XoError(f"its classes are {', '.join(classes)}, not "
                              f"{', '.join(self.model.classes)}")
            if images.shape[1:] != (self._size, self._size):
                raise XoError(f"its images are {images.shape[1]}×{images.shape[2]}; the editor's "
                              f"grid is {self._size}×{self._size} (change the grid size first)")
        except XoError as exc:
            QMessageBox.warning(self, "Cannot open dataset", f"Cannot use {path}:\n{exc}")
            return False
        self._generated = (np.asarray(images, np.float32), np.asarray(labels, np.int64))
        self._from_file = path
        self._set_note("")
        self.regenerate()
        return True

    def _on_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save dataset", "dataset.npz", "Datasets (*.npz)")
        if path:
            self.save_dataset(path)

    def save_dataset(self, path: str) -> bool:
        """Everything (generated or opened images and your drawings), atomically."""
        images, labels = self._generated
        mine = [(img, lab) for img, lab in self._user if img.shape == images.shape[1:]]
        if mine:
            images = np.concatenate([images, np.stack([m[0] for m in mine])])
            labels = np.concatenate([labels, np.array([m[1] for m in mine], np.int64)])
        try:
            save_dataset(path, images, labels, self.model.classes)
        except XoError as exc:
            QMessageBox.warning(self, "Cannot save dataset", str(exc))
            return False
        return True

    def _on_use_generated(self) -> None:
        self._from_file = None
        self._set_note("")
        self.regenerate()
