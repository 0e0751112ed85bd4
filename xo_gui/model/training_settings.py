"""The Train tab's settings: where the network starts, its architecture, the knobs.

Edits are stored at once and checked after a short pause (one network is built per burst
of typing, not per keystroke); an impossible combination keeps its sentence in
``message`` and turns ``valid`` off, so training can never start on it.
"""
from __future__ import annotations

import enum
import os
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from ..engine.classic import classic_network
from ..engine.errors import ConfigError, XoError
from ..engine.model_files import load_model
from ..engine.network import Network, build_network, parse_sizes
from ..engine.threads import usable_cores
from ..engine.train import TrainConfig
from .engine_messages import engine_text

DEBOUNCE_MS = 150
# Seconds between batches.  At "watch" (the default) the default run of 250 batches lasts
# about 17 s, so a newcomer sees the first epoch unfold and can press Pause in time.
PACES = {"full speed": 0.0, "fast": 1 / 60, "watch": 1 / 15, "slow": 1 / 4,
         "one batch a second": 1.0}


class Start(enum.Enum):
    """Where training starts from."""

    TUTORIAL = "classic"
    RANDOM = "random"
    FILE = "file"


@dataclass(frozen=True)
class Architecture:
    """The starting network: a start kind, and for random weights its shape."""

    start: Start = Start.RANDOM
    blocks: int = 1
    features: str = "6"
    feature_size: int = 3
    pool_size: int = 2
    pool_stride: int = 2
    pool: str = "max"
    hidden: str = ""
    seed: int = 0
    frozen: tuple[int, ...] = ()


@dataclass(frozen=True)
class Knobs:
    """How training runs (the TrainConfig's fields, the stop rule and the pace)."""

    lr: float = 0.01
    batch_size: int = 32
    epochs: int = 10
    optimizer: str = "adam"
    loss: str = "cross_entropy"
    seed: int = 0
    stop_rule: str = "epochs"         # epochs, accuracy or loss
    stop_value: float = 0.95
    pace: str = "watch"


class TrainingSettings(QObject):
    """The settings, their preview network and whether they can work."""

    architectureChanged = Signal()     # stored (the preview follows after the pause)
    knobsChanged = Signal()
    previewChanged = Signal()          # a new preview network or message
    validityChanged = Signal(bool)
    stopPossibleChanged = Signal(bool)   # False: a validation target without validation images
    coresChanged = Signal()            # all_cores (a setting of this computer, not of the lab)

    def __init__(self, size: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.architecture = Architecture()
        self.knobs = Knobs()
        self.size = size
        self.classes: tuple[str, ...] = ("X", "O")
        self.file_path = ""
        self.file_net: Network | None = None
        self.preview: Network | None = None
        self.message = ""
        self.valid = True
        self.stop_possible = True
        self._validation_images = 1
        self.all_cores = QSettings().value("train/all_cores", False, bool)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._revalidate)
        self._revalidate()

    # --- intents ---------------------------------------------------------------------
    def update_architecture(self, **changes) -> None:
        new = replace(self.architecture, **changes)
        if new != self.architecture:
            self.architecture = new
            self.architectureChanged.emit()
            self._timer.start()

    def update_knobs(self, **changes) -> None:
        new = replace(self.knobs, **changes)
        if new.stop_rule == "loss" and self.knobs.stop_rule != "loss" and new.stop_value > 0.5:
            new = replace(new, stop_value=0.05)
        if new != self.knobs:
            self.knobs = new
            self.knobsChanged.emit()
            self._check_stop()

    def set_all_cores(self, on: bool) -> None:
        """Share large batches with helper processes on the other cores (remembered)."""
        if on != self.all_cores:
            self.all_cores = on
            QSettings().setValue("train/all_cores", on)
            self.coresChanged.emit()

    def set_grid_size(self, size: int) -> None:
        if size != self.size:
            self.size = size
            self._timer.start()

    def set_classes(self, classes: tuple[str, ...]) -> None:
        """The data's classes: the votes layer has one output each."""
        if tuple(classes) != self.classes:
            self.classes = tuple(classes)
            self._revalidate()

    def set_model_file(self, path: str, net: Network) -> None:
        """Start from this (already loaded and checked) network."""
        self.file_path, self.file_net = path, net
        self.architecture = replace(self.architecture, start=Start.FILE, frozen=())
        self.architectureChanged.emit()
        self._revalidate()

    def read_model_file(self, path: str) -> Network:
        """A model to start from, checked against the grid (XoError saying why not);
        the settings do not change."""
        return self.check_model_file(path, load_model(path))

    def check_model_file(self, path: str, net: Network) -> Network:
        """A loaded model checked against the grid (ConfigError saying why not)."""
        if net.image_size != (self.size, self.size):
            raise ConfigError(self.tr(
                "{name} takes {rows}×{cols} drawings; the editor's grid is {n}×{n}. Change "
                "the grid size in Explore first.").format(
                name=os.path.basename(path), rows=net.image_size[0], cols=net.image_size[1],
                n=self.size))
        return net

    def open_model_file(self, path: str) -> str:
        """Load a model to start from; '' when done, else the sentence saying why not."""
        try:
            net = self.read_model_file(path)
        except XoError as exc:
            return engine_text(exc)
        self.set_model_file(path, net)
        return ""

    def restore(self, architecture: Architecture, knobs: Knobs) -> None:
        """Settings from a lab file (already checked)."""
        self.architecture, self.knobs = architecture, knobs
        self.architectureChanged.emit()
        self.knobsChanged.emit()
        self._check_stop()
        self._revalidate()

    def set_validation_images(self, count: int) -> None:
        """How many validation images the data has: a validation target needs some."""
        self._validation_images = count
        self._check_stop()

    def flush(self) -> None:
        """Check pending edits now (before training starts, and in tests)."""
        if self._timer.isActive():
            self._revalidate()

    # --- what training asks for ------------------------------------------------------
    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def start_network(self) -> Network:
        """A fresh starting network, its frozen layers set (ConfigError if impossible)."""
        net = self._network()
        net.freeze([i for i in self.architecture.frozen if i < len(net.layers)
                    and net.layers[i].params])
        return net

    def config(self) -> TrainConfig:
        k = self.knobs
        return TrainConfig(
            epochs=k.epochs, batch_size=k.batch_size, lr=k.lr, optimizer=k.optimizer,
            loss=k.loss, seed=k.seed,
            target_accuracy=k.stop_value if k.stop_rule == "accuracy" else None,
            target_loss=k.stop_value if k.stop_rule == "loss" else None)

    @property
    def pace_seconds(self) -> float:
        return PACES[self.knobs.pace]

    @property
    def cores(self) -> int:
        """The engine threads training uses (xo_gui.engine.threads)."""
        return usable_cores() if self.all_cores else 1

    # --- checking --------------------------------------------------------------------
    def _network(self) -> Network:
        a, size = self.architecture, self.size
        if a.start == Start.TUTORIAL:
            if self.classes != ("X", "O"):
                raise ConfigError(self.tr("the tutorial's network tells X from O; the data "
                                          "has other classes"))
            return classic_network(size)
        if a.start == Start.FILE:
            if self.file_net is None:
                raise ConfigError(self.tr("choose a model file to start from"))
            if self.file_net.image_size != (size, size):
                rows, cols = self.file_net.image_size
                raise ConfigError(self.tr(
                    "this model takes {rows}×{cols} drawings; the editor's grid is {n}×{n}")
                    .format(rows=rows, cols=cols, n=size))
            if self.file_net.classes != self.classes:
                raise ConfigError(self.tr("this model's classes are {found}, the data's "
                                          "{wanted}").format(
                    found=", ".join(self.file_net.classes), wanted=", ".join(self.classes)))
            return self.file_net.copy()
        features = parse_sizes(a.features, "features per block")
        hidden = parse_sizes(a.hidden, "hidden sizes")
        return build_network(size, features, [a.feature_size], a.pool_size, a.pool_stride,
                             hidden, a.pool, self.classes, seed=a.seed, blocks=a.blocks)

    def _revalidate(self) -> None:
        self._timer.stop()
        try:
            net = self._network()
        except (XoError, ValueError) as exc:
            self.preview, self.message = None, engine_text(exc)
        else:
            self.preview, self.message = net, ""
        self.previewChanged.emit()
        self._set_valid(self.preview is not None)

    def _set_valid(self, valid: bool) -> None:
        if valid != self.valid:
            self.valid = valid
            self.validityChanged.emit(valid)

    def _check_stop(self) -> None:
        """A validation target with no validation images could never stop training."""
        possible = self.knobs.stop_rule == "epochs" or self._validation_images > 0
        if possible != self.stop_possible:
            self.stop_possible = possible
            self.stopPossibleChanged.emit(possible)
