"""The Train tab's data page: the generator's settings, sample thumbnails, the user's own
drawings, dataset files.  A view of the lab's training data: every control sends one
intent; the page redraws itself from the data's signals."""
from __future__ import annotations

import os
from dataclasses import fields

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QProgressBar, QPushButton, QSlider,
                               QVBoxLayout, QWidget)

from ...engine.data import VARIATION_LEVELS, Variation
from ...model.lab import LabModel
from ..widgets.colors import show_as_note
from ..widgets.folders import ask_open, ask_save
from ..widgets.spins import float_spin, int_spin
from ..widgets.thumbnails import labelled_icon

THUMBS = 24
translate = QCoreApplication.translate


def _variation_ui() -> dict:
    """slider name -> (label, slider maximum, value text pattern, tooltip)."""
    return {
        "shift": (translate("DataPanel", "Shift"), 0.3,
                  translate("DataPanel", "up to {pct}% of the grid"),
                  translate("DataPanel", "How far letters may move from the centre")),
        "scale": (translate("DataPanel", "Scale"), 0.5,
                  translate("DataPanel", "±{pct}%"),
                  translate("DataPanel", "How much bigger or smaller letters may be")),
        "rotation": (translate("DataPanel", "Rotation"), 60.0,
                     translate("DataPanel", "up to {value}°"),
                     translate("DataPanel", "How far letters may be turned")),
        "thickness": (translate("DataPanel", "Thickness"), 2.0,
                      translate("DataPanel", "up to {value} px more"),
                      translate("DataPanel", "Extra stroke width")),
        "deform": (translate("DataPanel", "Wobble"), 1.0,
                   translate("DataPanel", "up to {value} px"),
                   translate("DataPanel", "A smooth random bend, like a shaky hand")),
        "noise": (translate("DataPanel", "Noise"), 0.2,
                  translate("DataPanel", "{pct}% of pixels flipped"),
                  translate("DataPanel", "Chance that each pixel is flipped")),
    }


class _Slider(QWidget):
    """A slider for one variation amount with its value printed beside it."""

    moved = Signal()
    STEPS = 100

    def __init__(self, maximum: float, pattern: str) -> None:
        super().__init__()
        self.maximum, self.pattern = maximum, pattern
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, self.STEPS)
        self.text = QLabel()
        self.text.setMinimumWidth(84)
        self.text.setWordWrap(True)              # "up to 10% of the grid" may take two lines
        self.slider.setMinimumWidth(50)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.slider, 1)
        row.addWidget(self.text)
        self.slider.valueChanged.connect(self._on_moved)
        self._on_moved()

    def value(self) -> float:
        return self.slider.value() / self.STEPS * self.maximum

    def set_value(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(min(value, self.maximum) / self.maximum * self.STEPS))
        self.slider.blockSignals(False)
        self._show()

    def _show(self) -> None:
        v = self.value()
        self.text.setText(self.pattern.format(pct=f"{v * 100:.0f}", value=f"{v:.2g}"))

    def _on_moved(self) -> None:
        self._show()
        self.moved.emit()


class DataPanel(QWidget):
    """Generator settings, sample thumbnails, the user's drawings, dataset files."""

    def __init__(self, model: LabModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.data = model.training.data
        self._build()
        self._wire()
        self._on_model_settings()
        self._on_model_data()
        self._on_model_busy(self.data.busy)

    # --- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        gen = self._generator_box()
        self.busy = QProgressBar()
        self.busy.setTextVisible(True)
        self.busy.hide()
        self.thumbs = QListWidget()
        _icon_list(self.thumbs, 40)
        self.thumbs.setFixedHeight(104)
        self.thumbs.setAccessibleName(self.tr("Generated images"))
        self.thumbs.setToolTip(self.tr("The first generated samples with their labels"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.note = QLabel()              # what happened to an opened file, said in place
        self.note.setWordWrap(True)
        show_as_note(self.note, "warning")
        self.note.hide()
        mine = self._own_box()
        files = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open dataset…"))
        self.save_button = QPushButton(self.tr("Save dataset…"))
        self.generated_button = QPushButton(self.tr("Use generated"))
        self.generated_button.setToolTip(self.tr("Go back to generated images after opening "
                                                 "a file"))
        for button in (self.open_button, self.save_button, self.generated_button):
            files.addWidget(button)
        layout = QVBoxLayout(self)
        for widget in (gen, self.busy, self.thumbs, self.summary, self.note):
            layout.addWidget(widget)
        layout.addLayout(files)
        layout.addWidget(mine)
        layout.addStretch(1)

    def _generator_box(self) -> QGroupBox:
        """What the generator makes: kind, classes, count, variation, seed, validation."""
        gen = QGroupBox(self.tr("Generated images"))
        form = QFormLayout(gen)
        self.kind = QComboBox()
        for kind, text in (("letters", self.tr("letters")), ("sound", self.tr("sounds")),
                           ("text", self.tr("text"))):
            self.kind.addItem(text, kind)
        self.kind.setToolTip(self.tr("What the grids show: drawn letters, sounds as "
                                     "spectrograms (rows: pitch, columns: time) or words as "
                                     "letter × position grids"))
        self.classes = QLineEdit()
        self.classes.setPlaceholderText(self.tr("the kind's own (X,O; rising,falling; …)"))
        self.classes.setToolTip(self.tr("2 to 10 comma-separated class names, e.g. X,O,+ for "
                                        "letters, rising,falling,steady for sounds, bad,dab "
                                        "for text"))
        self.shuffle = QCheckBox(self.tr("shuffle the pixels"))
        self.shuffle.setToolTip(self.tr("The same data without its neighbourhoods: a "
                                        "ConvNet loses its edge, a fully connected net does "
                                        "not care"))
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Classes"), self.classes)
        form.addRow("", self.shuffle)
        self.count = int_spin(10, 200_000, 1000, 100)
        self.count.setToolTip(self.tr("How many images to generate (half X, half O)"))
        self.level = QComboBox()
        names = {"none": self.tr("none"), "low": self.tr("low"), "medium": self.tr("medium"),
                 "high": self.tr("high")}
        for name in VARIATION_LEVELS:
            self.level.addItem(names.get(name, name), name)
        self.level.addItem(self.tr("custom"), "custom")
        self.level.setToolTip(self.tr("A ready-made amount of variety; the sliders "
                                      "fine-tune it"))
        form.addRow(self.tr("Images"), self.count)
        form.addRow(self.tr("Variation"), self.level)
        self.sliders: dict[str, _Slider] = {}
        for name, (label, maximum, pattern, tip) in _variation_ui().items():
            slider = _Slider(maximum, pattern)
            slider.setToolTip(tip)
            slider.slider.setAccessibleName(label)
            self.sliders[name] = slider
            form.addRow(label, slider)
        self.seed = int_spin(0, 2**31 - 1, 0)
        self.seed.setToolTip(self.tr("The same seed always gives the same images"))
        self.validation = float_spin(0.0, 0.9, 0.2, 0.05)
        self.validation.setToolTip(self.tr("Share of images kept aside to check the network "
                                           "on images it never trained on"))
        form.addRow(self.tr("Seed"), self.seed)
        form.addRow(self.tr("Validation share"), self.validation)
        self.size_label = QLabel()
        form.addRow(self.tr("Grid size"), self.size_label)
        return gen

    def _own_box(self) -> QGroupBox:
        mine = QGroupBox(self.tr("Your drawings (training set only)"))
        box = QVBoxLayout(mine)
        self.add_row = QGridLayout()              # one "Add drawing as …" per class
        self.add_buttons: list[QPushButton] = []
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.setToolTip(self.tr("Remove the selected drawings"))
        self.remove.clicked.connect(self._on_view_remove)
        self._make_add_buttons()
        self.user_list = QListWidget()
        self.user_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        _icon_list(self.user_list, 40)
        self.user_list.setFixedHeight(64)
        self.user_list.setAccessibleName(self.tr("Your drawings (training set only)"))
        box.addLayout(self.add_row)
        box.addWidget(self.user_list)
        return mine

    def _make_add_buttons(self) -> None:
        for button in self.add_buttons:
            self.add_row.removeWidget(button)
            button.deleteLater()
        self.add_buttons = []
        for label, name in enumerate(self.data.classes):
            button = QPushButton(self.tr("Add drawing as {name}").format(name=name))
            button.setToolTip(self.tr("Add the editor's drawing, labelled {name}").format(
                name=name))
            button.clicked.connect(lambda _=False, k=label: self._on_view_add(k))
            self.add_row.addWidget(button, label // 2, label % 2)
            self.add_buttons.append(button)
        count = len(self.add_buttons)
        self.add_row.addWidget(self.remove, count // 2, count % 2)

    @property
    def add_x(self) -> QPushButton:
        return self.add_buttons[0]

    @property
    def add_o(self) -> QPushButton:
        return self.add_buttons[1]

    def _wire(self) -> None:
        data = self.data
        self.kind.activated.connect(
            lambda i: data.update(kind=self.kind.itemData(i), classes=""))
        self.classes.editingFinished.connect(
            lambda: data.update(classes=self.classes.text().strip()))
        self.shuffle.toggled.connect(lambda on: data.update(shuffle=bool(on)))
        self.count.valueChanged.connect(lambda v: data.update(count=int(v)))
        self.seed.valueChanged.connect(lambda v: data.update(seed=int(v)))
        self.validation.valueChanged.connect(lambda v: data.update(validation=float(v)))
        self.level.activated.connect(self._on_view_level)
        for slider in self.sliders.values():
            slider.moved.connect(self._on_view_slider)
        data.classesChanged.connect(self._make_add_buttons)
        self.open_button.clicked.connect(self._on_view_open)
        self.save_button.clicked.connect(self._on_view_save)
        self.generated_button.clicked.connect(data.use_generated)
        data.settingsChanged.connect(self._on_model_settings)
        data.changed.connect(self._on_model_data)
        data.busyChanged.connect(self._on_model_busy)
        data.progress.connect(self._on_model_progress)
        data.noteChanged.connect(self._on_model_note)

    # --- views -> model --------------------------------------------------------------
    def _on_view_level(self, index: int) -> None:
        name = self.level.itemData(index)
        if name in VARIATION_LEVELS:
            self.data.update(variation=VARIATION_LEVELS[name])

    def _on_view_slider(self) -> None:
        self.data.update(variation=Variation(
            **{name: slider.value() for name, slider in self.sliders.items()}))

    def _on_view_add(self, label: int) -> None:
        self.data.add_drawing(self.model.image, label)
        self.model.set_truth(label)

    def _on_view_remove(self) -> None:
        self.data.remove_drawings([self.user_list.row(i) for i in self.user_list.selectedItems()])

    def _on_view_open(self) -> None:
        path = ask_open(self, "dataset", self.tr("Open dataset"), self.tr("Datasets (*.npz)"))
        if path:       # read in the lab's file reader, never on the GUI thread
            self.model.files.read(self.data.dataset_task(path), os.path.basename(path))

    def _on_view_save(self) -> None:
        path = ask_save(self, "dataset", self.tr("Save dataset"), "dataset.npz",
                        self.tr("Datasets (*.npz)"))
        if path:
            self.data.save_dataset(path)

    # --- model -> views --------------------------------------------------------------
    def _on_model_settings(self) -> None:
        s = self.data.settings
        self.kind.setCurrentIndex(self.kind.findData(s.kind))
        if self.classes.text() != s.classes:
            self.classes.setText(s.classes)
        self.shuffle.blockSignals(True)
        self.shuffle.setChecked(s.shuffle)
        self.shuffle.blockSignals(False)
        for spin, value in ((self.count, s.count), (self.seed, s.seed),
                            (self.validation, s.validation)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        for f in fields(s.variation):
            self.sliders[f.name].set_value(getattr(s.variation, f.name))
        self.level.setCurrentIndex(self.level.findData(s.level))

    def _on_model_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.busy.setVisible(busy)
        self.busy.setRange(0, 0)
        self.busy.setFormat(self.tr("generating…"))

    def _on_model_progress(self, done: int, total: int) -> None:
        self.busy.setRange(0, total)
        self.busy.setValue(done)
        self.busy.setFormat(self.tr("{done} of {total} images").format(done=done, total=total))

    def _on_model_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _on_model_data(self) -> None:
        data, classes = self.data, self.data.classes
        images, labels = data.images
        self.thumbs.clear()
        for image, label in zip(images[:THUMBS], labels[:THUMBS]):
            self.thumbs.addItem(QListWidgetItem(labelled_icon(image, classes[label]), ""))
        self.user_list.clear()
        for image, label in data.own:
            item = QListWidgetItem(labelled_icon(image, classes[label]), "")
            item.setToolTip(self.tr("Your drawing, labelled {name}").format(name=classes[label]))
            self.user_list.addItem(item)
        train, val = data.arrays()
        used = len(data.own_arrays()[0])
        if data.file:
            text = self.tr("{n} images from {file}: {train} for training, {val} for "
                           "validation").format(n=len(images), file=os.path.basename(data.file),
                                                train=len(train[0]), val=len(val[0]))
        else:
            text = self.tr("{n} images generated: {train} for training, {val} for "
                           "validation").format(n=len(images), train=len(train[0]),
                                                val=len(val[0]))
        if data.own:
            text += " " + self.tr("(training includes {n} of your drawings)").format(n=used)
        if len(data.own) > used:
            text += " " + self.tr("{n} drawings of another grid size are left out").format(
                n=len(data.own) - used)
        self.summary.setText(text)
        self.size_label.setText(self.tr("{n} × {n} (the editor's)").format(n=data.size))
        self.generated_button.setVisible(data.file is not None)
        self.remove.setEnabled(bool(data.own))


def _icon_list(widget: QListWidget, size: int) -> None:
    widget.setViewMode(QListWidget.ViewMode.IconMode)
    widget.setIconSize(QSize(size, size))
    widget.setMovement(QListWidget.Movement.Static)
    widget.setResizeMode(QListWidget.ResizeMode.Adjust)
    widget.setSpacing(2)
