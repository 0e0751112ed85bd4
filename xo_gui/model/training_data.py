"""The training data: generated images (made and split in a worker thread, never on the
GUI thread), a dataset file instead of them, and the user's own drawings.

The user's drawings join the training set only.  ``arrays()`` is the one place where they
are merged in; generation and the split run once per change of the settings.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal

from ..engine.data import CLASSES, VARIATION_LEVELS, Variation, generate, split
from ..engine.drawing_files import load_dataset, save_dataset
from ..engine.kinds import make_dataset, parse_classes
from ..engine.errors import XoError
from .engine_messages import engine_text
from .file_reader import FileTask

CHUNK = 20_000            # images per generation pass: progress and a quick cancel
DEBOUNCE_MS = 120

Arrays = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class DataSettings:
    """What the generator makes: how many, how varied, which seed, how much validation."""

    count: int = 1000
    variation: Variation = field(default_factory=lambda: VARIATION_LEVELS["medium"])
    seed: int = 0
    validation: float = 0.2
    kind: str = "letters"          # letters, sound or text (engine/kinds.py)
    classes: str = ""              # comma-separated names; '' for the kind's defaults
    shuffle: bool = False          # one fixed permutation of the pixels (seed: ``seed``)

    @property
    def plain_letters(self) -> bool:
        """X and O as they always were (generated in chunks, kept as generator settings)."""
        return self.kind == "letters" and not self.classes and not self.shuffle

    @property
    def level(self) -> str:
        """The ready-made level these amounts match, or 'custom'."""
        return next((name for name, v in VARIATION_LEVELS.items() if v == self.variation),
                    "custom")


class _Generator(QThread):
    """Generate and split in chunks; a cancelled run emits nothing."""

    progress = Signal(int, int)
    done = Signal(object)            # itself, with ``result``: images, labels, split

    def __init__(self, settings: DataSettings, size: int, images: Arrays | None) -> None:
        super().__init__()
        self.settings, self.size, self.given = settings, size, images
        self.cancelled = threading.Event()
        self.classes: tuple[str, ...] = CLASSES
        self.result: tuple | None = None
        self.error = ""

    def run(self) -> None:
        s = self.settings
        try:
            if self.given is not None:
                images, labels = self.given
            else:
                images, labels = self._generate(s)
                if images is None:
                    return
            parts = split(images, labels, s.validation, s.seed)
        except XoError as exc:          # impossible settings: said, and nothing changes
            self.error = engine_text(exc)
            return
        if not self.cancelled.is_set():
            self.result = (images, labels, parts)
            self.done.emit(self)

    def _generate(self, s: DataSettings) -> tuple[np.ndarray | None, np.ndarray | None]:
        if not s.plain_letters:                     # another kind, classes or a shuffle
            names = parse_classes(s.classes) if s.classes else None
            level = s.level if s.level != "custom" else "medium"
            made = make_dataset(s.kind, s.count, self.size,
                                s.variation if s.kind == "letters" else level, s.seed, names,
                                s.seed if s.shuffle else None)
            self.classes = made.classes
            return made.images, made.labels
        if s.count <= CHUNK:
            return generate(s.count, self.size, s.variation, s.seed)
        images, labels = [], []
        for start in range(0, s.count, CHUNK):
            if self.cancelled.is_set():
                return None, None
            n = min(CHUNK, s.count - start)
            part = generate(n, self.size, s.variation, s.seed * 1_000_003 + start // CHUNK)
            images.append(part[0])
            labels.append(part[1])
            self.progress.emit(start + n, s.count)
        return np.concatenate(images), np.concatenate(labels)


class TrainingData(QObject):
    """Generated (or opened) images, their split, and the user's drawings."""

    changed = Signal()                 # new arrays are ready
    busyChanged = Signal(bool)         # generating (the arrays are not ready)
    progress = Signal(int, int)        # images made, images asked for
    settingsChanged = Signal()
    noteChanged = Signal(str)          # what happened to an opened file, said in place
    classesChanged = Signal()          # a dataset file with other classes (2 to 10)
    refused = Signal(str, str)

    def __init__(self, size: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = DataSettings()
        self.classes: tuple[str, ...] = CLASSES
        self.size = size
        self.file: str | None = None
        self.note = ""
        self.own: list[tuple[np.ndarray, int]] = []
        self._file_arrays: Arrays | None = None
        self._images: Arrays = (np.zeros((0, size, size), np.float32), np.zeros(0, np.int64))
        self._parts: tuple[Arrays, Arrays] = (self._images, self._images)
        self._merged: tuple[Arrays, Arrays] | None = None     # _parts + the user's drawings
        self._worker: _Generator | None = None
        self._threads: set[_Generator] = set()   # cancelled ones too, until they end
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.regenerate)
        app = QCoreApplication.instance()
        if app is not None:               # never leave a running thread behind at exit
            app.aboutToQuit.connect(self.shutdown)
        self.regenerate()

    # --- reading ---------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._worker is not None or self._timer.isActive()

    @property
    def images(self) -> Arrays:
        """The generated or opened images and labels (without the user's drawings)."""
        return self._images

    def arrays(self) -> tuple[Arrays, Arrays]:
        """(training, validation); the user's drawings of this grid size train only.
        Merged once per change (200,000 images are worth not copying on every call)."""
        if self._merged is None:
            train, validation = self._parts
            mine = self.own_arrays()
            if len(mine[0]):
                train = (np.concatenate([train[0], mine[0]]),
                         np.concatenate([train[1], mine[1]]))
            self._merged = (train, validation)
        return self._merged

    def own_arrays(self) -> Arrays:
        mine = [(img, lab) for img, lab in self.own if img.shape == (self.size, self.size)]
        if not mine:
            return np.zeros((0, self.size, self.size), np.float32), np.zeros(0, np.int64)
        return np.stack([m[0] for m in mine]), np.array([m[1] for m in mine], np.int64)

    def wait(self) -> None:
        """Block until the arrays are ready (headless tools and tests)."""
        if self._timer.isActive():
            self.regenerate()
        while self._worker is not None:
            worker = self._worker
            worker.wait()
            self._take(worker)

    def shutdown(self) -> None:
        """Cancel and wait for every generation thread (the window is closing)."""
        self._timer.stop()
        for worker in list(self._threads):
            worker.cancelled.set()
            worker.wait()

    # --- intents ---------------------------------------------------------------------
    def update(self, **changes) -> None:
        """New generator settings (count, variation, seed, validation): debounced."""
        new = replace(self.settings, **changes)
        if new != self.settings:
            self.settings = new
            self.settingsChanged.emit()
            self._schedule()

    def set_grid_size(self, size: int) -> None:
        if size == self.size:
            return
        old, self.size = self.size, size
        self._merged = None
        if self.file is not None:
            self._set_note(self.tr(
                "{name} holds {old}×{old} images and the grid is now {n}×{n}, so generated "
                "{n}×{n} images are used instead. Open it again after going back to "
                "{old}×{old}.").format(name=os.path.basename(self.file), old=old, n=size))
            self.file, self._file_arrays = None, None
        self.regenerate()

    def add_drawing(self, image: np.ndarray, label: int) -> None:
        self.own.append((np.array(image, np.float32), int(label)))
        self._merged = None
        self.changed.emit()

    def remove_drawings(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self.own):
                del self.own[row]
        self._merged = None
        self.changed.emit()

    def open_dataset(self, path: str) -> bool:
        """Train on a dataset file instead of generated images; False (and ``refused``)."""
        return self.dataset_task(path).now()

    def dataset_task(self, path: str) -> FileTask:
        """``open_dataset`` as a read for the lab's file reader (the file is read in a
        worker; 2 to 10 classes, checked there)."""
        def fail(why: str) -> None:
            self.refused.emit(self.tr("Cannot open dataset"),
                              self.tr("Cannot use {path}:\n{why}").format(path=path, why=why))
        return FileTask(lambda: load_dataset(path), lambda found: self._use_dataset(
            path, found, fail), fail)

    def _use_dataset(self, path: str, found: tuple, fail: Callable[[str], None]) -> bool:
        images, labels, classes = found
        if images.shape[1:] != (self.size, self.size):
            fail(self.tr("its images are {rows}×{cols}; the editor's grid is {n}×{n} (change "
                         "the grid size first)").format(rows=images.shape[1],
                                                        cols=images.shape[2], n=self.size))
            return False
        self.file = path
        self._file_arrays = (np.asarray(images, np.float32), np.asarray(labels, np.int64))
        self._set_note("")
        self._set_classes(tuple(classes))
        self.regenerate()
        return True

    def restore(self, settings: DataSettings, own: list, images=None,
                classes: tuple[str, ...] = CLASSES) -> None:
        """Data from a lab file: its settings, classes and the user's drawings, and either
        the images themselves (a dataset file, other kinds) or the generator's settings."""
        self.settings = settings
        self._set_classes(tuple(classes))
        self.own = [(np.asarray(image, np.float32), int(label)) for image, label in own]
        self._merged = None
        if images is not None:
            self.file = self.tr("the lab file")
            self._file_arrays = (np.asarray(images[0], np.float32),
                                 np.asarray(images[1], np.int64))
        else:
            self.file, self._file_arrays = None, None
        self._set_note("")
        self.settingsChanged.emit()
        self.regenerate()

    def _set_classes(self, classes: tuple[str, ...]) -> None:
        """Other classes: the user's drawings (labelled for the old ones) are put aside."""
        if classes != self.classes:
            self.classes = classes
            self.own = []
            self._merged = None
            self.classesChanged.emit()

    def use_generated(self) -> None:
        self._set_classes(CLASSES)
        self.file, self._file_arrays = None, None
        self._set_note("")
        self.regenerate()

    def save_dataset(self, path: str) -> bool:
        """Everything (generated or opened images and the user's drawings), atomically;
        refused while new images are being made (the old ones would be saved)."""
        if self.busy:
            self.refused.emit(self.tr("Cannot save dataset"), self.tr(
                "The images are still being generated; save them when they are ready."))
            return False
        images, labels = self._images
        mine = self.own_arrays()
        try:
            save_dataset(path, np.concatenate([images, mine[0]]),
                         np.concatenate([labels, mine[1]]), self.classes)
        except XoError as exc:
            self.refused.emit(self.tr("Cannot save dataset"), engine_text(exc))
            return False
        return True

    def regenerate(self) -> None:
        """Make (or split) the images again in a worker; an older run is cancelled."""
        self._timer.stop()
        if self._worker is not None:
            self._worker.cancelled.set()
        was_busy = self._worker is not None
        worker = _Generator(self.settings, self.size, self._file_arrays)
        worker.done.connect(self._on_worker_done)
        worker.progress.connect(self.progress)
        worker.finished.connect(self._on_worker_finished)
        self._worker = worker
        self._threads.add(worker)
        worker.start()
        if not was_busy:
            self.busyChanged.emit(True)

    # --- internals -------------------------------------------------------------------
    def _schedule(self) -> None:
        was_busy = self.busy
        self._timer.start()
        if not was_busy:
            self.busyChanged.emit(True)

    def _on_worker_done(self, worker: _Generator) -> None:
        if worker is self._worker and not worker.cancelled.is_set():
            self._take(worker)

    def _on_worker_finished(self) -> None:
        worker = self.sender()
        if worker is self._worker:          # ended without a result: cancelled or refused
            self._take(worker)
        self._threads.discard(worker)
        worker.deleteLater()

    def _take(self, worker: _Generator) -> None:
        if worker.result is not None and worker.given is None:
            self._set_classes(worker.classes)
        if worker.result is not None:
            self._images, self._parts = worker.result[:2], worker.result[2]
            self._merged = None
        elif worker.error:
            self.refused.emit(self.tr("Cannot generate the images"), worker.error)
        self._finish(worker)

    def _finish(self, worker: _Generator) -> None:
        if worker is not self._worker:
            return
        self._worker = None
        if not self._timer.isActive():
            self.busyChanged.emit(False)
        self.changed.emit()

    def _set_note(self, text: str) -> None:
        if text != self.note:
            self.note = text
            self.noteChanged.emit(text)
