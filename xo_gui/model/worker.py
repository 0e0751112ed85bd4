"""The training worker: drives ``Trainer.run()`` in its own thread and sends snapshots.

It owns its network (a copy) and never touches a widget.  After each batch it decides
whether the GUI needs to hear about it - at most ``MAX_RATE`` times a second, plus
pauses, single steps, a stop and the end - and then emits a :class:`Snapshot` holding only
copies, so the GUI may keep whatever it is handed.  Pause, step and stop are flags checked
after every batch and (by the Trainer) between the chunks of a heavy batch, so each takes
effect within one chunk.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QThread, Signal

from ..engine.network import Network
from ..engine.run_history import HistoryRecorder
from ..engine.train import EpochRecord, Progress, Trainer

MAX_RATE = 12.0                      # snapshots per second while running: animated (≥ 10),
                                     # and each one costs the engine ~1% (shared GIL)
MISTAKES_SHOWN = 24


@dataclass(frozen=True)
class StepDetail:
    """What one single step changed: gradient size per layer, a few weights before/after."""

    grad_norms: list[tuple[str, float]]
    changes: list[tuple[str, int, float, float, float]]   # (param, flat index, before, grad, after)


@dataclass
class Snapshot:
    """Everything the views show about one moment of training (all copies)."""

    progress: Progress
    state: dict[str, np.ndarray]
    history: list[EpochRecord]
    probe_scores: np.ndarray | None = None
    confusion: np.ndarray | None = None               # rows: right answer, cols: predicted
    mistakes: list[tuple[np.ndarray, int, int]] = field(default_factory=list)  # image, right, said
    step_detail: StepDetail | None = None
    paused: bool = False
    final: bool = False


def judged(said: np.ndarray, images: np.ndarray, labels: np.ndarray, k: int
           ) -> tuple[np.ndarray, list[tuple[np.ndarray, int, int]]]:
    """The confusion matrix (rows: right answer) and the first misclassified images."""
    confusion = np.bincount(labels * k + said, minlength=k * k).reshape(k, k)
    wrong = np.flatnonzero(said != labels)[:MISTAKES_SHOWN]
    return confusion, [(images[i].copy(), int(labels[i]), int(said[i])) for i in wrong]


class TrainWorker(QThread):
    """One training run.  Create, ``start()``, then pause/resume/step/stop from the GUI."""

    snapshot = Signal(object)        # Snapshot, throttled
    failed = Signal(str)             # an exception in the worker, as one sentence

    def __init__(self, trainer: Trainer, validation: tuple[np.ndarray, np.ndarray] | None,
                 pace: float = 0.0, single_step: bool = False,
                 recorder: HistoryRecorder | None = None, parent=None) -> None:
        super().__init__(parent)
        self.trainer = trainer
        self.recorder = recorder          # keeps the run's history (every batch, some weights)
        self.net: Network = trainer.net
        self.validation = validation
        self.pace = pace
        self._go = threading.Event()
        self._go.set()
        self._waiting = threading.Event()        # set while the loop waits out a pause
        self._step_once = single_step
        self._stop = False
        self._probe: np.ndarray | None = None
        self._confusion: np.ndarray | None = None
        self._val_stale = False
        self._said: np.ndarray | None = None     # the Trainer's validation answers, if current
        self._mistakes: list[tuple[np.ndarray, int, int]] = []

    # --- control, from the GUI thread ----------------------------------------------------
    def pause(self) -> None:
        """Pause after this batch; a heavy batch (run in chunks) pauses after its chunk."""
        self._go.clear()
        if self.trainer.train_chunk < self.trainer.config.batch_size:
            self.trainer.pause()

    def resume(self) -> None:
        self.trainer.resume()
        self._go.set()

    def step_once(self) -> None:
        """Train exactly one more batch, then pause again."""
        self._step_once = True
        self.trainer.resume()
        self._go.set()

    def stop(self) -> None:
        self._stop = True
        self.trainer.stop()
        self._go.set()

    def set_probe(self, image: np.ndarray | None) -> None:
        """The editor's drawing, whose votes every snapshot carries (a copy is kept)."""
        self._probe = None if image is None else np.array(image, np.float32)

    @property
    def paused(self) -> bool:
        return not self._go.is_set()

    @property
    def idle(self) -> bool:
        """Computing nothing: waiting out a pause, between batches or inside one."""
        return self._waiting.is_set() or self.trainer.wait_until_parked(0)

    # --- the thread ----------------------------------------------------------------------
    def run(self) -> None:
        try:
            self._train()
        except Exception as exc:          # shown in the window, never a crash
            self.failed.emit(f"{type(exc).__name__}: {exc}")

    def _train(self) -> None:
        last_emit = 0.0
        before = self.net.state_dict() if self._step_once else None
        runner = self.trainer.run()
        said_at = -1                         # the step at which self._said was made
        if self.recorder is not None:
            self.recorder.start()
        for progress in runner:
            if self.recorder is not None:
                self.recorder.observe(progress, self.trainer.history.epochs)
            final = progress.status != "running"
            if progress.epoch_end:            # the Trainer has just judged the validation set
                self._said, self._val_stale = self.trainer.val_predictions, True
                said_at = progress.step
            elif final and not self._stop:    # diverged or done mid-epoch: weights moved
                self._val_stale = True         # (after a stop the last epoch's view stays)
                if progress.step != said_at:
                    self._said = None
            detail = None
            if before is not None and not final:
                detail = self._step_detail(before)
                self._step_once = False
                self._go.clear()
            now = time.perf_counter()
            told_paused = False
            if final or detail or self.paused or self._stop or now - last_emit >= 1 / MAX_RATE:
                told_paused = self.paused and not final
                self._emit(progress, detail, paused=told_paused, final=final)
                last_emit = now
            if final:
                return
            if self.pace and not self._stop:
                time.sleep(self.pace)
            while not self._go.is_set():     # paused: say where, once, then wait
                if not told_paused:
                    self._emit(progress, paused=True)
                    told_paused = True
                self._waiting.set()
                self._go.wait(0.05)
            self._waiting.clear()
            before = self.net.state_dict() if self._step_once else None

    def _emit(self, progress: Progress, detail: StepDetail | None = None,
              paused: bool = False, final: bool = False) -> None:
        if self._val_stale:                  # only when the GUI will see it
            self._evaluate_validation()
            self._val_stale = False
        probe, image = None, self._probe     # read once: the GUI thread may replace it
        if image is not None and image.shape == self.net.image_size:
            probe = self.net.scores(image[None])[0].copy()
        self.snapshot.emit(Snapshot(
            progress=progress, state=self.net.state_dict(),
            history=list(self.trainer.history.epochs), probe_scores=probe,
            confusion=self._confusion, mistakes=self._mistakes, step_detail=detail,
            paused=paused, final=final))

    def _evaluate_validation(self) -> None:
        """Confusion matrix and the misclassified validation images (new objects), from
        the answers the Trainer gave at the epoch end; predicted again only after a run
        stopped mid-epoch (once)."""
        if self.validation is None or len(self.validation[0]) == 0:
            return
        images, labels = self.validation
        said = self._said
        if said is None:                     # in the Trainer's memory-sized chunks
            chunks: list[np.ndarray] = []
            self.trainer.evaluate(images, labels, said=chunks)
            said = np.concatenate(chunks)
        self._confusion, self._mistakes = judged(said, images, labels, len(self.net.classes))

    def _step_detail(self, before: dict[str, np.ndarray]) -> StepDetail:
        norms, changes = [], []
        for index, (name, layer) in enumerate(zip(self.net.names, self.net.layers)):
            if not layer.params:
                continue
            grads = layer.grads if not layer.frozen else {}
            total = float(np.sqrt(sum(float((g.astype(np.float64) ** 2).sum())
                                      for g in grads.values()))) if grads else 0.0
            norms.append((name + (" (frozen)" if layer.frozen else ""), total))
            key = f"layers.{index}.weight"
            after = layer.params["weight"].ravel()
            grad = grads["weight"].ravel() if "weight" in grads else np.zeros_like(after)
            for flat in range(min(3, after.size)):
                changes.append((f"{name}.weight", flat, float(before[key].ravel()[flat]),
                                float(grad[flat]), float(after[flat])))
        return StepDetail(norms, changes)
