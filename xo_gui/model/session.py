"""The Train tab's controller: one trained network, its runs, its history.

Qt-aware but widget-free (testable without a window).  It starts a :class:`TrainWorker`
on a copy of the current network, folds the worker's snapshots into the history of the
whole session (runs continue each other: "Train more"), keeps a GUI-side copy of the
latest weights, and answers the small questions the views ask about it (the votes for
the editor's drawing, a gradient check) so no widget runs the network.
"""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from ..engine.errors import ConfigError
from ..engine.network import Network
from ..engine.run_history import HistoryRecorder, RunHistory
from ..engine.train import EpochRecord, TrainConfig, Trainer
from .gradients import GradientCheck, check_gradient
from .worker import Snapshot, TrainWorker



class TrainSession(QObject):
    """States: ``ready`` (nothing trained yet), ``running``, ``paused``, ``done``."""

    updated = Signal(object)          # Snapshot, renumbered for the whole session
    stateChanged = Signal(str)
    ended = Signal(str, str)          # status, a sentence for the user
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker: TrainWorker | None = None
        self.state = "ready"
        self.start_net: Network | None = None
        self.current: Network | None = None
        self.run_history = RunHistory()  # weights at moments of the run, every batch's loss
        self.dirty = False                # trained weights nobody has saved yet
        self.last: Snapshot | None = None
        self.seconds_left: float | None = None
        self.loss_name = "cross_entropy"
        self._clock: tuple[float, int] | None = None
        self._rate = 0.0
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # --- lifecycle -------------------------------------------------------------------------
    def reset(self, net: Network) -> None:
        """Forget everything trained; start again from ``net`` (kept as the 'start')."""
        self.shutdown()
        self.start_net = net.copy()
        self.current = net.copy()
        self.run_history = RunHistory()
        self.dirty = False
        self.last = None
        self._set_state("ready")

    def start(self, train: tuple[np.ndarray, np.ndarray], validation: tuple[np.ndarray, np.ndarray],
              config: TrainConfig, pace: float = 0.0, single_step: bool = False,
              probe: np.ndarray | None = None) -> None:
        """Train the current network further (ConfigError if the settings cannot work)."""
        if self.worker is not None:
            if self.state != "done":
                raise ConfigError("training is already running")
            self.shutdown()                  # the last run has ended; let its thread finish
        if self.current is None:
            raise ConfigError("there is no network to train")
        if len(validation[0]) == 0:
            validation = None
        trainer = Trainer(self.current.copy(), train, validation, config)
        self.loss_name = config.loss
        recorder = HistoryRecorder.continuing(self.run_history, trainer.net.state_dict,
                                              trainer.batches_per_epoch)
        worker = TrainWorker(trainer, validation, pace, single_step, recorder)
        worker.set_probe(probe)
        worker.snapshot.connect(self._on_snapshot)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_thread_finished)
        self.worker = worker
        self._clock = None
        self._rate = 0.0
        self.seconds_left = None
        self._set_state("running")
        worker.start()

    def pause(self) -> None:
        if self.worker is not None and self.state == "running":
            self.worker.pause()
            self._set_state("paused")

    def resume(self) -> None:
        if self.worker is not None and self.state == "paused":
            self.worker.resume()
            self._set_state("running")

    def step(self) -> None:
        """One batch: from a pause, or as the first batch of a new run (paused after)."""
        if self.worker is not None and self.state == "paused":
            self.worker.step_once()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()

    def shutdown(self) -> None:
        """Stop any run and wait for its thread (closing the window, quitting)."""
        worker = self.worker
        if worker is None:
            return
        worker.stop()
        # The Trainer checks the stop flag after every batch, so this returns within one
        # batch.  Never terminate(): killing a thread that runs Python can leave the
        # interpreter (the GIL, NumPy's state) broken.
        worker.wait()
        self._on_thread_finished()

    def set_probe(self, image: np.ndarray) -> None:
        if self.worker is not None:
            self.worker.set_probe(image)

    # --- questions the views ask -----------------------------------------------------------
    def probe_scores(self, image: np.ndarray) -> np.ndarray | None:
        """The current network's votes for one drawing (None if the sizes differ)."""
        if self.current is None or np.shape(image) != self.current.image_size:
            return None
        return self.current.scores(np.asarray(image)[None])[0]

    def gradient(self, image: np.ndarray, label: int, name: str, index: int,
                 eps: float) -> GradientCheck:
        if self.current is None:
            raise ConfigError("there is no network yet")
        return check_gradient(self.current, np.asarray(image)[None], np.array([label]),
                              self.loss_name, name, index, eps)

    # --- from the worker -------------------------------------------------------------------
    # --- the run's history -----------------------------------------------------------------
    @property
    def history(self) -> list[EpochRecord]:
        """Every epoch of the session's runs, numbered across them."""
        return self.run_history.epochs

    @property
    def batch_x(self) -> np.ndarray:
        return self.run_history.batches()[1]

    @property
    def batch_loss(self) -> np.ndarray:
        return self.run_history.batches()[2]

    def restore(self, start: Network, trained: Network, history: RunHistory | None) -> None:
        """A saved session (a lab file): its start, its trained network, its history."""
        self.reset(start)
        self.current = trained.copy()
        if history is not None:
            self.run_history = history
        self._set_state("done" if history is not None and history.epochs else "ready")

    def fork(self, index: int) -> None:
        """Train from here: forget the history after moment ``index`` and go back to its
        weights; the next run continues from there."""
        if self.worker is not None and self.state in ("running", "paused"):
            raise ConfigError("stop the training first")
        snap = self.run_history.truncate_after(index)
        self.current.load_state_dict(dict(snap.state))
        self.dirty = True
        self._set_state("done" if index > 0 else "ready")

    def _on_snapshot(self, snap: Snapshot) -> None:
        if self.sender() is not self.worker or self.current is None:
            return                         # a stopped run's late news
        p = snap.progress
        self.current.load_state_dict(snap.state)
        self.dirty = True
        self._estimate_time(p.step, p.total_steps, snap.paused)
        snap.history = self.history
        self.last = snap
        if snap.paused and self.state == "running":
            self._set_state("paused")
        self.updated.emit(snap)
        if snap.final:
            self._set_state("done")
            self.ended.emit(p.status, self._sentence(snap))

    def _estimate_time(self, step: int, total: int, paused: bool) -> None:
        now = time.perf_counter()
        if self._clock is not None and self.state == "running" and step > self._clock[1]:
            rate = (step - self._clock[1]) / max(now - self._clock[0], 1e-6)
            self._rate = rate if not self._rate else 0.8 * self._rate + 0.2 * rate
        self._clock = (now, step)
        self.seconds_left = (total - step) / self._rate if self._rate else None

    def _sentence(self, snap: Snapshot) -> str:
        p, n = snap.progress, len(self.history)
        if p.status == "finished":
            text = self.tr("Finished {n} epochs.").format(n=n)
        elif p.status == "target":
            text = self.tr("Reached the target after {n} epochs.").format(n=n)
        elif p.status == "stopped":
            return self.tr("Stopped at epoch {epoch}, batch {batch}: the weights so far are "
                           "kept.").format(epoch=p.epoch, batch=p.batch)
        elif p.status == "diverged":
            return self.tr("Training diverged: the loss became too large or not a number (is "
                           "the learning rate too large?). The last good weights are kept.")
        else:
            return p.status
        if p.val_accuracy is None:
            return text
        return text + " " + self.tr("Validation accuracy {pct}.").format(
            pct=f"{p.val_accuracy:.0%}")

    def _on_failed(self, message: str) -> None:
        if self.sender() is self.worker:
            self.failed.emit(message)

    def _on_thread_finished(self) -> None:
        sender = self.sender()
        if self.worker is None or (isinstance(sender, TrainWorker) and sender is not self.worker):
            return
        worker, self.worker = self.worker, None
        if self.state in ("running", "paused"):
            self._set_state("done")
        worker.deleteLater()

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)
