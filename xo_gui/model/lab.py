"""The lab: the drawing, Explore's network and its trace, the explained cell, one undo
stack for every edit, and the training parts (data, settings, session).

Views observe it through signals (one per field) and send intents through its methods;
an intent that cannot be carried out says why through ``refused`` and changes nothing.
Values are replaced, never mutated in place, so a view may keep the arrays it was handed.
"""
from __future__ import annotations

import enum
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..engine.classic import CLASSIC_FEATURES, classic_network
from ..engine.data import canonical, preset
from ..engine.drawing_files import read_drawing, write_drawing
from ..engine.errors import ConfigError, XoError
from ..engine.explain import Cell, explain
from ..engine.losses import softmax
from ..engine.network import LayerTrace, Network
from .animation import Animation
from .commands import DrawingCommand, NetworkCommand, WeightsCommand
from .drawing import (MAX_GRID, MIN_GRID, TRANSFORMS, Origin, OriginKind, at_size, grid_kind,
                      kind_preset, preset_origin, shifted)
from .engine_messages import engine_text
from .explained import Explained
from .file_reader import FileReader, FileTask
from .training import Training


class NetworkSource(enum.Enum):
    """Which network Explore shows."""

    TUTORIAL = "tutorial"     # the tutorial's hand-made network (any grid size)
    TRAINED = "trained"       # the Train tab's network
    FILE = "file"             # a model file
    OTHER = "other"           # built in code (benchmarks, tests)


class LabModel(QObject):
    """The whole state of the lab, driven without widgets."""

    imageChanged = Signal()
    gridSizeChanged = Signal(int)
    originChanged = Signal()
    networkChanged = Signal()        # another network (the architecture may differ)
    weightsChanged = Signal()        # same architecture, new weights
    traceChanged = Signal()          # trace and scores recomputed
    refused = Signal(str, str)       # title, sentence: an intent that changed nothing

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._network: Network = classic_network()
        self._source = NetworkSource.TUTORIAL
        self._name = ""
        self._image = canonical("X", 9)
        self._origin = Origin()
        self.trace: list[LayerTrace] = []
        self.scores = np.zeros(2, np.float32)
        self.probabilities = self.scores.copy()
        self.forward_ms = 0.0
        self.explained = Explained(self)
        self.path = ""                   # the lab file this lab was opened from or saved to
        self.files = FileReader(self)    # every open reads its file in a worker
        self.training = Training(self)
        self.gridSizeChanged.connect(self.training.data.set_grid_size)
        self.gridSizeChanged.connect(self.training.settings.set_grid_size)
        self.imageChanged.connect(lambda: self.training.session.set_probe(self._image))
        self._recompute()
        self.explained.reset(self._source == NetworkSource.TUTORIAL)
        self.animation = Animation(self)

    # --- the drawing -----------------------------------------------------------------
    @property
    def image(self) -> np.ndarray:
        return self._image

    @property
    def grid_size(self) -> int:
        return self._image.shape[0]

    @property
    def origin(self) -> Origin:
        return self._origin

    @property
    def truth(self) -> int | None:
        """The class the drawing is known to be (from its preset, example or label)."""
        return self._origin.label

    def set_truth(self, label: int | None) -> None:
        """Say what the drawing really is (Train's "The drawing is")."""
        if label != self._origin.label:
            self._origin = self._origin.with_label(label)
            self.originChanged.emit()

    def preview_stroke(self, image: np.ndarray) -> None:
        """A stroke in progress: shown live, pushed as one step by ``commit_stroke``."""
        self._image = np.clip(np.asarray(image, np.float32), -1, 1)
        self.imageChanged.emit()
        self._recompute()

    def commit_stroke(self, before: np.ndarray) -> None:
        if not np.array_equal(before, self._image):
            self.undo_stack.push(DrawingCommand(
                self, (before, self._origin), (self._image, self._origin.edited()),
                self.tr("Paint")))

    def set_drawing(self, image: np.ndarray, text: str, origin: Origin | None = None) -> bool:
        """Any edit that is not a stroke, as one undoable step.  Another grid size rebuilds
        the tutorial's network for it; a trained network is refused (``refused``)."""
        image = np.clip(np.asarray(image, np.float32), -1, 1)
        origin = origin if origin is not None else self._origin.edited()
        if image.shape == self._image.shape:
            if np.array_equal(image, self._image) and origin == self._origin:
                return True
            self.undo_stack.push(DrawingCommand(self, (self._image, self._origin),
                                                (image, origin), text))
            return True
        size = image.shape[0]
        if not self.resizable:
            n = self.grid_size
            self.refused.emit(self.tr("Cannot change the grid size"), self.tr(
                "The network in use was trained on {n}×{n} drawings and cannot read a "
                "{size}×{size} one. Use Edit → Use the tutorial’s network (or retrain at "
                "that size) to change the grid size.").format(n=n, size=size))
            return False
        self.undo_stack.push(NetworkCommand(
            self, self._network_state(),
            (classic_network(size), NetworkSource.TUTORIAL, "", image, origin), text))
        return True

    def load_preset(self, name: str) -> bool:
        from .names import preset_title
        return self.set_drawing(preset(name, self.grid_size),
                                self.tr("Preset {name}").format(name=preset_title(name)),
                                preset_origin(name))

    def load_kind_preset(self, kind: str, name: str) -> bool:
        """The engine's example grid of a sound or text class at the current grid size;
        its right answer is that class when the training data holds it."""
        from .names import kind_preset_title
        image = kind_preset(kind, name, self.grid_size)
        if image is None:
            self.refused.emit(self.tr("Cannot draw the preset"), self.tr(
                "{preset} cannot be drawn on a {n}×{n} grid.").format(
                preset=kind_preset_title(kind, name), n=self.grid_size))
            return False
        classes = self.training.data.classes
        label = classes.index(name) if name in classes else None
        return self.set_drawing(image, self.tr("Preset {name}").format(
            name=kind_preset_title(kind, name)), Origin(OriginKind.PRESET, f"{kind}:{name}", label))

    @property
    def grid_kind(self) -> str:
        """What the drawing's rows and columns mean: 'letters', 'sound' or 'text' - the
        preset's kind, else the kind of the training data."""
        return grid_kind(self._origin) or self.training.data.settings.kind

    def transform(self, name: str) -> bool:
        """clear, invert, rotate or mirror."""
        text = {"clear": self.tr("Clear"), "invert": self.tr("Invert"),
                "rotate": self.tr("Rotate"), "mirror": self.tr("Mirror")}[name]
        return self.set_drawing(TRANSFORMS[name](self._image), text)

    def shift(self, rows: int, cols: int) -> bool:
        return self.set_drawing(shifted(self._image, rows, cols), self.tr("Shift"))

    def set_grid_size(self, size: int) -> bool:
        """A preset is redrawn at the new size; a hand drawing is resampled."""
        if size == self.grid_size:
            return True
        if not MIN_GRID <= size <= MAX_GRID:
            self.refused.emit(self.tr("Cannot change the grid size"), self.tr(
                "The grid goes from {low} to {high}.").format(low=MIN_GRID, high=MAX_GRID))
            return False
        return self.set_drawing(at_size(self._image, self._origin, size),
                                self.tr("Grid {n}×{n}").format(n=size), self._origin)

    def open_example(self, image: np.ndarray, label: int, text: str) -> bool:
        """An image of the training data (e.g. a misclassified one), with its label."""
        return self.set_drawing(image, text, Origin(OriginKind.EXAMPLE, "", int(label)))

    def open_drawing(self, path: str) -> bool:
        """A drawing file; a bad one is refused with a message, the drawing stays."""
        return self.drawing_task(path).now()

    def drawing_task(self, path: str) -> FileTask:
        """``open_drawing`` as a read for ``files`` (the file is read in a worker)."""
        def fail(why: str) -> None:
            self.refused.emit(self.tr("Cannot open drawing"), why)
        return FileTask(lambda: read_drawing(path),
                        lambda image: self._use_drawing(Path(path).name, image, fail), fail)

    def _use_drawing(self, name: str, image: np.ndarray, fail) -> bool:
        if image.shape[0] != image.shape[1]:
            fail(self.tr("{name} is {rows}×{cols}; drawings here are square").format(
                name=name, rows=image.shape[0], cols=image.shape[1]))
            return False
        if not MIN_GRID <= image.shape[0] <= MAX_GRID:
            fail(self.tr("{name} is {n}×{n}; the grid goes from {low} to {high}").format(
                name=name, n=image.shape[0], low=MIN_GRID, high=MAX_GRID))
            return False
        return self.set_drawing(image, self.tr("Open {name}").format(name=name),
                                Origin(OriginKind.FILE, name, None))

    def import_picture(self, path: str) -> bool:
        return self.picture_task(path).now()

    def picture_task(self, path: str) -> FileTask:
        """A picture scaled into the grid, read and decoded in a worker."""
        from .picture import picture_to_grid
        name, size = Path(path).name, self.grid_size
        return FileTask(lambda: picture_to_grid(path, size), lambda image: self.set_drawing(
            image, self.tr("Import {name}").format(name=name), Origin(OriginKind.FILE, name,
                                                                       None)),
            lambda why: self.refused.emit(self.tr("Cannot import picture"), why))

    def save_drawing(self, path: str) -> bool:
        """Atomic save: a failed write never damages the file already on disk."""
        try:
            write_drawing(path, self._image)
        except (XoError, OSError) as exc:
            self.refused.emit(self.tr("Cannot save drawing"), engine_text(exc))
            return False
        return True

    # --- Explore's network -----------------------------------------------------------
    @property
    def network(self) -> Network:
        return self._network

    @property
    def network_source(self) -> NetworkSource:
        return self._source

    @property
    def network_title(self) -> str:
        """How the window names the network that judges the drawing."""
        if self._source == NetworkSource.TUTORIAL:
            return self.tr("the tutorial's network")
        if self._source == NetworkSource.TRAINED:
            return self.tr("the trained network")
        return self._name or self.tr("a network")

    @property
    def network_name(self) -> str:
        """The file a network came from, when it did (else '')."""
        return self._name

    @property
    def classes(self) -> tuple[str, ...]:
        return self._network.classes

    @property
    def resizable(self) -> bool:
        """Only the tutorial's network can be rebuilt for another grid size."""
        return self._source == NetworkSource.TUTORIAL

    def use_network(self, network: Network, source: NetworkSource, name: str = "",
                    text: str = "", resample: bool = False) -> bool:
        """Show another network (undoable).  At another grid size the drawing is redrawn
        (a preset) or resampled, but only when ``resample`` says the user agreed."""
        size = network.image_size
        image, origin = self._image, self._origin
        if image.shape != size:
            if not resample or size[0] != size[1]:
                self.refused.emit(self.tr("Cannot use this network"), self.tr(
                    "The network takes {rows}×{cols} drawings; the drawing is {n}×{n}.")
                    .format(rows=size[0], cols=size[1], n=self.grid_size))
                return False
            image = at_size(image, origin, size[0])
        self.undo_stack.push(NetworkCommand(
            self, self._network_state(), (network, source, name, image, origin),
            text or self.tr("Use another network")))
        return True

    def use_tutorial_network(self) -> bool:
        return self.use_network(classic_network(self.grid_size), NetworkSource.TUTORIAL,
                                text=self.tr("Use the tutorial's network"))

    def flip_feature_pixel(self, layer: int, feature: int, channel: int, row: int,
                           col: int) -> None:
        """Flip one feature pixel between +1 and −1 (undoable)."""
        before = self._network.state_dict()
        after = {k: v.copy() for k, v in before.items()}
        weight = after[f"layers.{layer}.weight"]
        weight[feature, channel, row, col] = -1.0 if weight[feature, channel, row, col] > 0 else 1.0
        self.undo_stack.push(WeightsCommand(self, before, after, self.tr(
            "Flip a feature pixel")))

    def reset_features(self) -> bool:
        """Put the tutorial's three features back into the first convolution (undoable)."""
        key = "layers.0.weight"
        before = self._network.state_dict()
        if key not in before or before[key].shape != CLASSIC_FEATURES.shape:
            self.refused.emit(self.tr("Cannot reset features"), self.tr(
                "This network's first layer does not have the tutorial's three 3×3 features."))
            return False
        after = {k: v.copy() for k, v in before.items()}
        after[key] = CLASSIC_FEATURES.copy()
        if "layers.0.bias" in after:
            after["layers.0.bias"][...] = 0
        if all(np.array_equal(before[k], after[k]) for k in before):
            return True
        self.undo_stack.push(WeightsCommand(self, before, after, self.tr("Reset features")))
        return True

    # --- the lab file ----------------------------------------------------------------
    @property
    def modified(self) -> bool:
        """Edits or training since the lab was last saved or opened."""
        return not self.undo_stack.isClean() or self.training.session.dirty

    def mark_saved(self, path: str) -> None:
        self.path = path
        self.undo_stack.setClean()
        self.training.session.dirty = False

    def restore(self, lab, source: "NetworkSource", name: str, origin: Origin,
                architecture, knobs, data_settings) -> None:
        """A checked lab file replaces the open lab (not an undo step: it is another
        document)."""
        self.undo_stack.clear()
        self._apply_network(lab.explore.copy(), source, name, lab.drawing.copy(), origin)
        self.training.restore(lab, architecture, knobs, data_settings)

    # --- results ---------------------------------------------------------------------
    @property
    def prediction(self) -> str:
        return self.classes[int(np.argmax(self.scores))]

    def explain_cell(self, layer: int, cell: tuple) -> Cell:
        """Where trace[layer][cell] comes from (the engine's explanation)."""
        return explain(self._network, self._image, self.trace, layer, cell)

    # --- applied by the undo commands ------------------------------------------------
    def _network_state(self):
        return (self._network, self._source, self._name, self._image, self._origin)

    def _apply_drawing(self, image: np.ndarray, origin: Origin) -> None:
        if image.shape != self._network.image_size:
            raise ConfigError("the drawing does not fit the network")   # a bug, not the user
        same = np.array_equal(image, self._image)   # a finished stroke is shown already
        changed = origin != self._origin
        self._origin = origin
        if not same:
            self._image = image.copy()
            self.imageChanged.emit()
        if changed:
            self.originChanged.emit()
        if not same:
            self._recompute()

    def _apply_weights(self, state: dict[str, np.ndarray]) -> None:
        self._network.load_state_dict(state)
        self.weightsChanged.emit()
        self._recompute()

    def _apply_network(self, network: Network, source: NetworkSource, name: str,
                       image: np.ndarray, origin: Origin) -> None:
        old_size = self.grid_size
        self._network, self._source, self._name = network, source, name
        self._image, self._origin = image.copy(), origin
        self.explained.reset(source == NetworkSource.TUTORIAL, recompute=False)
        self.networkChanged.emit()
        if self.grid_size != old_size:
            self.gridSizeChanged.emit(self.grid_size)
        self.imageChanged.emit()
        self.originChanged.emit()
        self._recompute()

    def _recompute(self) -> None:
        start = time.perf_counter()
        self.trace = self._network.trace(self._image)
        self.scores = self.trace[-1].output
        self.probabilities = softmax(self.scores.astype(np.float64)).astype(np.float32)
        self.forward_ms = (time.perf_counter() - start) * 1e3
        self.traceChanged.emit()
        self.explained.refresh()
