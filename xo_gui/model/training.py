"""Training as the lab drives it: the data, the settings and the session, and the rules
that join them (when Start is possible, what a reset starts from, how votes are judged).

The Train tab only shows this and sends intents; a lesson or a test can drive it the
same way without any widget.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..engine.errors import XoError
from ..engine.model_files import load_model, save_model
from ..engine.safe_files import atomic_write_bytes
from ..engine.train import History
from ..engine.data import CLASSES
from ..engine.network import Network
from ..engine.threads import set_threads
from .compare import CompareRun
from .engine_messages import engine_text
from .file_reader import FileTask
from .gradients import GradientCheck
from .session import TrainSession
from .training_data import TrainingData
from .training_settings import Start, TrainingSettings
from .worker import judged

EVAL_CHUNK = 2048

if TYPE_CHECKING:
    from .lab import LabModel


class Training(QObject):
    """Data + settings + session; ``readyChanged`` whenever Start may have become
    possible or impossible."""

    readyChanged = Signal()
    startReset = Signal()            # the session starts again from a new network
    momentChanged = Signal()         # the history slider shows another moment (or now)
    refused = Signal(str, str)

    def __init__(self, lab: "LabModel") -> None:
        super().__init__(lab)
        self.lab = lab
        self.data = TrainingData(lab.grid_size, self)
        self.settings = TrainingSettings(lab.grid_size, self)
        self.session = TrainSession(self)
        self.compare = CompareRun(self)      # the limitation demo (the Compare page)
        self.data.changed.connect(self._on_data)
        self.data.busyChanged.connect(lambda _busy: self.readyChanged.emit())
        self.data.refused.connect(self.refused)
        self.compare.refused.connect(self.refused)
        self.data.classesChanged.connect(lambda: self.settings.set_classes(self.data.classes))
        self.settings.previewChanged.connect(self._on_settings)
        self.settings.validityChanged.connect(lambda _valid: self.readyChanged.emit())
        self.settings.stopPossibleChanged.connect(lambda _ok: self.readyChanged.emit())
        self.session.stateChanged.connect(self._on_state)
        self.moment: int | None = None   # the moment of the history shown; None: now
        self.reset()

    # --- state -----------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self.session.state

    def why_not(self) -> str:
        """'' when training can start (or go on), else the sentence saying why not."""
        s = self.settings
        if self.data.busy:
            return self.tr("The training images are being generated…")
        if not s.stop_possible:
            return self.tr("A validation target needs validation images: see the red note "
                           "under 'Stop' on the 'Model & training' page.")
        net = self.session.current
        if self.state == "done" and net is not None and net.image_size != (self.data.size,) * 2:
            return self.tr("The trained network reads {n}×{n} drawings and the grid is now "
                           "{m}×{m}: press Reset to start again at this size, or go back to "
                           "{n}×{n} in Explore to train it more.").format(
                n=net.image_size[0], m=self.data.size)
        if self.state == "done" and net is not None and net.classes != self.data.classes:
            return self.tr("The trained network tells {found} apart and the data holds "
                           "{wanted}: press Reset to start again with these classes.").format(
                found=", ".join(net.classes), wanted=", ".join(self.data.classes))
        if self.state == "ready" and (not s.valid or s.pending and not self._flushed()):
            return self.tr("These settings cannot work: see the red note under 'Model & "
                           "training' and change them to start.")
        return ""

    def _flushed(self) -> bool:
        self.settings.flush()
        return self.settings.valid

    @property
    def votes_as_probabilities(self) -> bool:
        """A network trained (or about to be) with softmax cross-entropy is judged on its
        probabilities; the tutorial's loss, and the tutorial's own network (its votes are
        weighted averages), on the raw votes."""
        s = self.session
        if s.state != "ready" or s.history:
            return s.loss_name == "cross_entropy"
        if self.settings.architecture.start == Start.TUTORIAL:
            return False
        return self.settings.knobs.loss == "cross_entropy"

    def probe_scores(self) -> np.ndarray | None:
        """The votes of the network being trained for the editor's drawing."""
        return self.session.probe_scores(self.lab.image)

    # --- intents ---------------------------------------------------------------------
    def start(self, single_step: bool = False) -> bool:
        """Start (or continue) training; False, with ``refused``, if it cannot."""
        reason = self.why_not()
        if reason:
            self.refused.emit(self.tr("Cannot start training"), reason)
            return False
        if self.state == "ready" and not self.reset():
            return False
        train, validation = self.data.arrays()
        set_threads(self.settings.cores)
        try:
            self.session.start(train, validation, self.settings.config(),
                               self.settings.pace_seconds, single_step, self.lab.image)
        except XoError as exc:
            self.refused.emit(self.tr("Cannot start training"), engine_text(exc))
            return False
        return True

    def toggle_pause(self) -> None:
        if self.state == "running":
            self.session.pause()
        elif self.state == "paused":
            self.session.resume()

    def step(self) -> None:
        """One batch: continue a paused run by one, or start a run that pauses after one."""
        if self.state == "paused":
            self.session.step()
        elif self.state in ("ready", "done"):
            self.start(single_step=True)

    def stop(self) -> None:
        self.session.stop()

    def reset(self) -> bool:
        """Forget the training; start again from the settings' network."""
        self.settings.flush()
        try:
            net = self.settings.start_network()
        except XoError as exc:
            self.refused.emit(self.tr("Cannot reset"), engine_text(exc))
            return False
        self.session.reset(net)
        self.moment = None
        self.startReset.emit()
        return True

    def open_model(self, path: str, confirm: Callable[[], bool] | None = None) -> bool:
        """Start from a model file; a bad file is explained and nothing changes.  A good
        one is used only if ``confirm`` (asked after the file was checked) agrees."""
        return self.model_task(path, confirm).now()

    def model_task(self, path: str, confirm: Callable[[], bool] | None = None) -> FileTask:
        """``open_model`` as a read for the lab's file reader (the file is read in a worker)."""
        def apply(net: Network) -> bool:
            try:
                net = self.settings.check_model_file(path, net)
            except XoError as exc:
                fail(engine_text(exc))
                return False
            if confirm is not None and not confirm():
                return False
            self.settings.set_model_file(path, net)
            return self.reset()

        def fail(why: str) -> None:
            self.refused.emit(self.tr("Cannot open model"), why)
        return FileTask(lambda: load_model(path), apply, fail)

    def save_model(self, path: str) -> bool:
        net = self.session.current
        if net is None:
            return False
        try:
            save_model(path, net, {"source": "trained", "epochs": len(self.session.history)})
        except (XoError, OSError) as exc:
            self.refused.emit(self.tr("Cannot save model"), engine_text(exc))
            return False
        self.session.dirty = False
        return True

    def export_history(self, path: str) -> bool:
        try:
            atomic_write_bytes(path, History(list(self.session.history)).to_csv().encode())
        except (XoError, OSError) as exc:
            self.refused.emit(self.tr("Cannot export history"), engine_text(exc))
            return False
        return True

    def check_gradient(self, name: str, index: int, eps: float) -> GradientCheck | None:
        """Nudge one weight of the network being trained (on the editor's drawing)."""
        label = self.lab.truth if self.lab.truth is not None else 0
        try:
            return self.session.gradient(self.lab.image, label, name, index, eps)
        except (XoError, IndexError, KeyError) as exc:
            self.refused.emit(self.tr("Cannot compare gradients"), engine_text(exc))
            return None

    def shutdown(self) -> None:
        self.session.shutdown()
        self.compare.shutdown()
        self.data.shutdown()
        self.lab.files.shutdown()

    def restore(self, lab, architecture, knobs, data_settings) -> None:
        """The training part of a lab file: settings, data, trained network, history."""
        history = lab.history if lab.trained is not None else None
        start = (history.network(0, lab.trained) if history is not None and len(history)
                 else lab.trained)
        if architecture.start == Start.FILE:
            self.settings.file_net, self.settings.file_path = (start or lab.explore).copy(), ""
        self.settings.restore(architecture, knobs)
        own = lab.data.pairs() if lab.data is not None else []
        images = None
        if lab.data is not None and lab.data.images is not None:
            images = (lab.data.images, lab.data.labels)
        self.data.restore(data_settings, own, images,
                          tuple(lab.data.classes) if lab.data is not None else CLASSES)
        self.moment = None
        if lab.trained is None:
            self.reset()
            return
        self.session.restore(start, lab.trained, history)
        self.startReset.emit()
        self.readyChanged.emit()

    # --- the run's history: rewind, show, fork ----------------------------------------
    def show_moment(self, index: int | None) -> None:
        """Show the network as it was at moment ``index`` of the history (None: now)."""
        history = self.session.run_history
        if index is not None and (not len(history) or index >= len(history) - 1):
            index = None                  # the last moment is now
        if index != self.moment:
            self.moment = index
            self.momentChanged.emit()

    def moment_network(self) -> Network | None:
        """The network at the moment shown (a copy when it is not now)."""
        if self.moment is None:
            return self.session.current
        return self.session.run_history.network(self.moment, self.session.current)

    def moment_scores(self) -> np.ndarray | None:
        net = self.moment_network()
        if net is None or self.lab.image.shape != net.image_size:
            return None
        return net.scores(self.lab.image[None])[0]

    def moment_judged(self):
        """(confusion, mistakes) of the validation images at the moment shown."""
        net, (images, labels) = self.moment_network(), self.data.arrays()[1]
        if net is None or not len(images) or images.shape[1:] != net.image_size:
            return None, []
        said = np.concatenate([net.predict(images[i:i + EVAL_CHUNK])
                               for i in range(0, len(images), EVAL_CHUNK)])
        return judged(said, images, labels, len(net.classes))

    def train_from_here(self) -> bool:
        """Fork: forget the history after the moment shown and train on from it."""
        if self.moment is None:
            return self.start()
        try:
            self.session.fork(self.moment)
        except XoError as exc:
            self.refused.emit(self.tr("Cannot train from here"), engine_text(exc))
            return False
        self.moment = None
        self.momentChanged.emit()
        return self.start()

    # --- internals -------------------------------------------------------------------
    def _on_state(self, state: str) -> None:
        if state == "running" and self.moment is not None:
            self.moment = None
            self.momentChanged.emit()
        self.readyChanged.emit()

    def _on_data(self) -> None:
        self.settings.set_validation_images(len(self.data.arrays()[1][0]))
        self.readyChanged.emit()

    def _on_settings(self) -> None:
        if self.state == "ready" and self.settings.valid:
            self.reset()
        self.readyChanged.emit()
