"""The trainer: batches and epochs of forward, loss, backward and an optimizer step.

It is written for a GUI worker thread: ``run()`` is a generator that yields a small
``Progress`` record after every batch, so the caller decides how often to report; ``pause``,
``resume`` and ``stop`` are thread-safe and take effect between batches - and between the
chunks of a heavy batch (``limits.training_chunk``), so they answer within a fraction of a
second whatever the settings.  Settings whose batch would need too much memory or work
are refused up front (``limits.check_batch``).  A run is deterministic for a given seed.

Divergence cannot ruin a model: when the loss stops being finite, when it stays far above
where it started (``DIVERGE_FACTOR`` times, for ``DIVERGE_PATIENCE`` batches in a row) or
when a weight grows past ``MAX_WEIGHT`` or stops being finite, training stops with status
``"diverged"``, ``diverged_reason`` says which, and the weights are the last ones whose
loss was sane and that passed the weight check (made every ``CHECKPOINT_EVERY`` steps and
at the end of a run, so the hot path pays for one check and one copy per eight batches).
A gradient that is not finite is not looked for on every batch (that cost 4 % of a 9x9
step): it makes the weights it touches non-finite, so the next batch's loss, the next
weight check or the run's last one catches it and the backup is restored all the same.
"""
from __future__ import annotations

import dataclasses
import math
import threading
import time
from typing import Iterator

import numpy as np

from .epoch_batches import EpochBatches
from .epoch_batches import batch_last as _batch_last
from .errors import ConfigError
from .limits import (MAX_BATCH_BYTES, check_batch, evaluation_chunk,  # noqa: F401 (re-export)
                     training_chunk)
from .losses import get_loss, right_answers
from .memory import keep_freed_memory
from .split import batch_gradients
from .network import Network
from .optim import make_optimizer
from .train_records import EpochRecord, History, Progress, TrainConfig  # noqa: F401 (re-export)

DIVERGED_LOSS = 1e6      # a loss this large has left any useful region: divergence at once
DIVERGE_FACTOR = 10.0    # a loss this many times its start (or chance, if larger) ...
DIVERGE_PATIENCE = 3     # ... this many batches in a row is divergence
MAX_WEIGHT = 1e5         # no useful weight here comes near this (trained ones stay below ~50)
CHECKPOINT_EVERY = 8     # steps between checks of the weights (and copies of good ones)
_CLEARED = 0.99 * MAX_WEIGHT ** 2   # a sum of squares below this: no weight past MAX_WEIGHT
LOSS_MIN_DELTA = 0.005      # with patience, a tied accuracy counts as better only this much lower in loss


def _check_training_data(net: Network, images: np.ndarray, labels: np.ndarray) -> None:
    """A clear ConfigError unless ``net`` can learn from these images and labels."""
    if len(images) == 0:
        raise ConfigError("there is nothing to train on (the training set is empty)")
    if len(images) != len(labels):
        raise ConfigError("images and labels differ in number")
    if images.shape[1:] != net.image_size:
        raise ConfigError(f"the network takes {net.image_size[0]}x{net.image_size[1]} "
                          f"images, the data is {images.shape[1]}x{images.shape[2]}")
    if net.input_shape[0] != 1:
        raise ConfigError(f"the network takes images of {net.input_shape[0]} channels; the "
                          f"training images have one")
    if labels.min() < 0 or labels.max() >= len(net.classes):
        raise ConfigError("a label is outside the network's classes")
    if net.first_trainable() == len(net.layers):
        raise ConfigError("every layer with weights is frozen, so nothing would learn")


class Trainer:
    """Trains ``net`` in place on (images, labels); validation data is optional."""

    def __init__(self, net: Network, train: tuple[np.ndarray, np.ndarray],
                 validation: tuple[np.ndarray, np.ndarray] | None = None,
                 config: TrainConfig | None = None) -> None:
        self.config = config or TrainConfig()
        self.config.check()
        keep_freed_memory()
        images, labels = train
        _check_training_data(net, images, labels)
        self._plan_memory(net, len(images))
        self.net = net
        self.dtype = net.dtype
        self.images = np.asarray(images, self.dtype)
        self.labels = np.asarray(labels, np.int64)
        if validation is not None and len(validation[0]) == 0:
            validation = None
        self.validation = validation
        self.loss_fn = get_loss(self.config.loss)
        self.optimizer = make_optimizer(self.config.optimizer, self.config.lr)
        self.rng = np.random.default_rng(self.config.seed)
        steps = self.config.steps
        self._total_steps = self.config.epochs * self.batches_per_epoch if steps is None else steps
        self._start_records()
        self._running = threading.Event()
        self._running.set()
        self._stop = threading.Event()
        self._parked = threading.Event()     # set while run() waits out a pause

    def _plan_memory(self, net: Network, count: int) -> None:
        """Refuse a batch that needs too much memory; the chunk sizes of heavy batches."""
        # The memory of a batch by the network's measured-to-within-20% estimate (README,
        # performance), not the cruder bound used to refuse a network before building it.
        cost = dataclasses.replace(net.cost, image_bytes=net.training_bytes_per_image())
        check_batch(cost, min(self.config.batch_size, count))   # the real batch
        self.train_chunk = training_chunk(cost)         # larger batches run in chunks
        self.bytes_per_image = (net.training_bytes_per_image()    # at the peak of a batch,
                                * min(self.config.batch_size, self.train_chunk)
                                // self.config.batch_size)         # run in chunks if heavy
        self.eval_chunk = evaluation_chunk(cost)

    def _start_records(self) -> None:
        """Where training stands before the first batch: counters, the epoch's running
        sums, the divergence watch (with its backup of the weights) and the best epoch."""
        self.history = History()
        self.step_count = 0
        self.elapsed = 0.0
        self.samples = 0
        self.status = "ready"
        self.diverged_reason = ""             # why training diverged, as a phrase
        self._start_loss: float | None = None
        self._high = 0                        # batches in a row far above the start
        self._batches: EpochBatches | None = None     # this epoch's order, cut into batches
        self._epoch_batches = 0                       # their number (0 before the first)
        self._epoch = 0
        self._batch = 0
        self._epoch_loss = 0.0
        self._epoch_correct = 0
        self._epoch_seen = 0
        self._val: tuple[float | None, float | None] = (None, None)
        self.val_predictions: np.ndarray | None = None   # each validation image's class, last epoch end
        self._weights = [v for _, v in self._params()]  # changed in place only (optimizers)
        self._backup = np.concatenate(self._weights, axis=None)   # the last good ones, flat
        self._spare = np.empty_like(self._backup)     # where the next ones are checked
        self.best: EpochRecord | None = None      # the best validation epoch (with patience)
        self._best_weights: dict | None = None
        self._best_predictions: np.ndarray | None = None
        self.stop_reason = ""                     # why run() ended, in words

    # --- control (any thread) ------------------------------------------------------
    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        self._stop.set()
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait_until_parked(self, timeout: float | None = None) -> bool:
        """Block until ``run()`` has finished its batch and is waiting out the pause."""
        return self._parked.wait(timeout)

    # --- sizes -----------------------------------------------------------------------
    @property
    def batches_per_epoch(self) -> int:
        return math.ceil(len(self.images) / self.config.batch_size)

    @property
    def total_steps(self) -> int:
        return self._total_steps

    # --- the work --------------------------------------------------------------------
    def _params(self):
        for index, key, value in self.net.parameters():
            if not self.net.layers[index].frozen:
                yield (index, key), value

    def step(self) -> Progress:
        """Train on one batch and say where training stands."""
        if self._batch == 0 or self._batch >= self._epoch_batches:
            self._epoch += 1
            self._batch = 0
            self._epoch_loss, self._epoch_correct, self._epoch_seen = 0.0, 0, 0
            self._batches = EpochBatches(self.images, self.labels, self.config.batch_size,
                                         self.rng, spare=self._batches)
            self._epoch_batches = self._batches.count
        start, self._waited = time.perf_counter(), 0.0
        done = self._train_batch(self._batches, self._batch)
        if done is None:                      # stopped inside a chunked batch
            return None
        n, loss, correct, reason = done
        if reason:
            self._restore()
            self.status = "diverged"
            self.diverged_reason = reason
        self.elapsed += time.perf_counter() - start - self._waited
        self._batch += 1
        self.step_count += 1
        self.samples += n
        if not reason:
            self._epoch_loss += loss * n
            self._epoch_correct += correct
            self._epoch_seen += n
        return self._progress(loss)

    @np.errstate(over="ignore", invalid="ignore")      # divergence is judged instead
    def _train_batch(self, batches: EpochBatches, b: int) -> tuple[int, float, int, str] | None:
        """(images, loss, right answers, why it diverged or '') of batch ``b``, the weights
        stepped unless it diverged; None when stopped inside a chunked batch."""
        y = batches.labels_of(b)
        if len(y) > self.train_chunk:
            done = self._chunked_batch(batches.indices(b))
            if done is None:
                return None
            loss, correct = done
            reason = self._judge(loss)
        else:
            scores, loss = batch_gradients(self.net, self.loss_fn, batches.images_of(b), y)
            correct = right_answers(scores, y)
            reason = self._judge(loss)
        if not reason:
            self.optimizer.step(self.net)
        return len(y), loss, correct, reason

    def _chunked_batch(self, chosen: np.ndarray) -> tuple[float, int] | None:
        """A batch too heavy to run at once (``limits.training_chunk``), in chunks whose
        gradients add up to exactly the batch's: each chunk's mean loss is weighted by its
        share of the batch.  Stop and pause are checked between chunks, so they answer
        within one chunk.  (loss, correct answers), or None when stopped (nothing changed)."""
        n, total, correct = len(chosen), 0.0, 0
        summed: dict[tuple[int, str], np.ndarray] = {}
        for begin in range(0, n, self.train_chunk):
            if not self._running.is_set():
                waited = time.perf_counter()
                self._parked.set()
                self._running.wait()
                self._parked.clear()
                self._waited += time.perf_counter() - waited
            if self._stop.is_set():
                return None
            part = chosen[begin:begin + self.train_chunk]
            y = self.labels.take(part)
            scores = self.net.forward(_batch_last(self.images, part))
            loss, grad = self.loss_fn(scores, y)
            share = len(part) / n
            total += loss * share
            correct += right_answers(scores, y)
            self.net.backward(grad * share)
            for index, layer in enumerate(self.net.layers):
                for key, g in layer.grads.items():
                    if (index, key) in summed:
                        summed[index, key] += g
                    else:
                        summed[index, key] = g.copy()
        for (index, key), g in summed.items():
            self.net.layers[index].grads[key] = g
        return total, correct

    def _judge(self, loss: float) -> str:
        """Why the loss (of the weights before this step) means divergence, or ''.  Every
        ``CHECKPOINT_EVERY`` steps, weights whose loss is sane and whose size passes the
        check become the backup that a divergence restores."""
        if not math.isfinite(loss) or loss >= DIVERGED_LOSS:
            return f"the loss reached {loss:.3g}"
        if self._start_loss is None:
            self._start_loss = loss
        ceiling = DIVERGE_FACTOR * max(self._start_loss, 1.0)
        if loss > ceiling:
            self._high += 1
            if self._high >= DIVERGE_PATIENCE:
                return (f"the loss rose to {loss:.3g}, far above where it started "
                        f"({self._start_loss:.3g})")
            return ""                         # the backup stays at the last sane weights
        self._high = 0
        if self.step_count % CHECKPOINT_EVERY == 0:
            problem = self._weights_problem()
            if problem:
                return problem
            self._backup, self._spare = self._spare, self._backup   # the checked copy
        return ""

    def _weights_problem(self) -> str:
        """'' unless a weight is not finite or has grown past ``MAX_WEIGHT``, judged on a
        copy of the weights in ``_spare``.  The sum of squares bounds every weight's square,
        and one dot product is 4x faster than a maximum and a minimum: only weights it does
        not clear are looked at closely, array by array."""
        flat = np.concatenate(self._weights, axis=None, out=self._spare)   # one call copies all
        if np.vdot(flat, flat) <= _CLEARED:
            return ""
        for _, value in self._params():
            if np.vdot(value, value) <= _CLEARED:
                continue
            if value.size and not max(value.max(), -value.min()) <= MAX_WEIGHT:   # NaN too
                if not np.isfinite(value).all():
                    return "a weight stopped being finite"
                return f"a weight grew past {MAX_WEIGHT:g}"
        return ""

    def _restore(self) -> None:
        start = 0                             # the backup holds the arrays end to end
        for value in self._weights:
            np.copyto(value, self._backup[start:start + value.size].reshape(value.shape))
            start += value.size

    def _progress(self, loss: float) -> Progress:
        """The fields in Progress's order (by position: a third of the cost of keywords)."""
        seen, elapsed = self._epoch_seen or 1, self.elapsed
        return Progress(
            self.step_count, self._total_steps, self._epoch, self._batch,
            self._epoch_batches, loss, self._epoch_loss / seen, self._epoch_correct / seen,
            self._val[0], self._val[1], self.samples / elapsed if elapsed else 0.0, elapsed,
            self._batch >= self._epoch_batches, self.status)

    def evaluate(self, images: np.ndarray, labels: np.ndarray,
                 said: list[np.ndarray] | None = None,
                 stop: threading.Event | None = None) -> tuple[float, float] | None:
        """Mean loss and accuracy over a data set (no gradients kept); each image's
        predicted class is appended to ``said`` (chunk by chunk) when it is given.  None
        when ``stop`` is set before the last chunk (a stop takes effect within a chunk)."""
        total_loss, correct, chunk = 0.0, 0, self.eval_chunk
        for i in range(0, len(images), chunk):
            if stop is not None and stop.is_set():
                return None
            x = _batch_last(np.asarray(images[i:i + chunk], self.dtype))
            y = labels[i:i + chunk]
            scores = self.net.forward(x, keep=False)
            loss, _ = self.loss_fn(scores, y)
            total_loss += loss * len(y)
            chosen = scores.argmax(axis=0)
            correct += int((chosen == y).sum())
            if said is not None:
                said.append(chosen)
        return total_loss / len(images), correct / len(images)

    def _end_epoch(self, progress: Progress) -> Progress:
        if self.validation is not None:
            start = time.perf_counter()
            said: list[np.ndarray] = []
            result = self.evaluate(*self.validation, said=said, stop=self._stop)
            self.elapsed += time.perf_counter() - start
            if result is not None:            # else stopped meanwhile: nothing to record
                self._val = result
                self.val_predictions = np.concatenate(said)
                progress.val_loss, progress.val_accuracy = self._val
        self.history.epochs.append(EpochRecord(
            progress.epoch, progress.step, progress.train_loss, progress.train_accuracy,
            progress.val_loss, progress.val_accuracy, self.elapsed))
        cfg = self.config
        if cfg.patience is not None and progress.val_accuracy is not None:
            record = self.history.epochs[-1]
            better = self.best is None or record.val_accuracy > self.best.val_accuracy or (
                record.val_accuracy == self.best.val_accuracy      # a tie: a clearly lower loss
                and record.val_loss < self.best.val_loss - LOSS_MIN_DELTA)
            if better:
                self.best = record
                self._best_weights = {k: v.copy() for k, v in self._params()}
                self._best_predictions = self.val_predictions
            elif record.epoch - self.best.epoch >= cfg.patience:
                self.status = "plateau"
        if progress.val_accuracy is not None and cfg.target_accuracy is not None \
                and progress.val_accuracy >= cfg.target_accuracy:
            progress.status = self.status = "target"
        if progress.val_loss is not None and cfg.target_loss is not None \
                and progress.val_loss <= cfg.target_loss:
            progress.status = self.status = "target"
        return progress

    def run(self) -> Iterator[Progress]:
        """Train until the steps/epochs are done, a target is met, it diverges or stops.

        Yields after every batch; the last record's ``status`` says why it ended.
        """
        self.status = "running"
        while self.step_count < self.total_steps:
            if not self._running.is_set():
                self._parked.set()
                self._running.wait()
                self._parked.clear()
            if self._stop.is_set():
                break
            progress = self.step()
            if progress is None:              # stopped inside a batch: nothing changed
                break
            if self.status == "diverged":
                yield progress
                return
            out_of_time = self.config.time_limit is not None and self.elapsed >= self.config.time_limit
            if progress.epoch_end or self.step_count == self.total_steps or out_of_time:
                progress.epoch_end = True
                progress = self._end_epoch(progress)
                if self.status == "target":
                    self.stop_reason = "reached the target"
                    yield progress
                    return
            if self.status == "plateau" or out_of_time:
                self.stop_reason = (f"validation accuracy stopped improving for "
                                    f"{self.config.patience} epochs" if self.status == "plateau"
                                    else f"reached the time limit of {self.config.time_limit:g} s")
                self.status = "running"
                yield progress
                break
            yield progress
        self.status = "stopped" if self._stop.is_set() else "finished"
        self.stop_reason = self.stop_reason or ("stopped" if self._stop.is_set() else
                                                "all epochs done")
        if self._best_weights is not None and self.best is not self.history.epochs[-1]:
            for key, value in self._params():      # back to the best epoch's weights
                np.copyto(value, self._best_weights[key])
            self.val_predictions = self._best_predictions    # and what they said
            self._val = (self.best.val_loss, self.best.val_accuracy)
        problem = self._weights_problem()
        if problem:
            self._restore()
            self.status = "diverged"
            self.diverged_reason = problem
        yield self._final()

    def _final(self) -> Progress:
        progress = self._progress(float("nan"))
        progress.status = self.status
        progress.epoch_end = False
        return progress
