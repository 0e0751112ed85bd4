"""A training run's history: snapshots of the weights and every batch's loss, in a budget.

The window rewinds to any snapshot, forks a run from one ("Train from here") and the lab
file saves them all (README, "Lab files").  Snapshots are taken at the start, at a few
log-spaced points inside the first epoch (where the weights change most), at every epoch
end and where a run stops.  When the history outgrows its memory budget, every second
snapshot is dropped (the first, the newest and fork points always stay), so the kept ones
stay evenly spaced over the whole run; batch metrics may use a quarter of the budget and
are thinned the same way; ``thinned`` tells the window to say so.  Every method is
thread-safe: the training worker adds while the window reads.
"""
from __future__ import annotations

import dataclasses
import math
import threading
from array import array
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .errors import ConfigError
from .network import Network
from .train import EpochRecord, Progress

DEFAULT_BUDGET_BYTES = 100 * 1024 * 1024
FIRST_EPOCH_POINTS = 6          # snapshots inside the first epoch, log-spaced


@dataclass(frozen=True)
class HistorySnapshot:
    """The weights at one moment; ``state`` arrays are read-only copies."""

    step: int                     # batches done when it was taken (0 = before training)
    epoch: float                  # epochs done, fractional inside an epoch
    label: str                    # "start", "epoch 3", "step 12", "stopped", ...
    state: dict[str, np.ndarray]
    ordinal: int                  # position among every snapshot ever taken (thinning)
    pinned: bool = False          # never thinned: the start and fork points

    @property
    def nbytes(self) -> int:
        return sum(v.nbytes for v in self.state.values())


def first_epoch_points(batches_per_epoch: int, count: int = FIRST_EPOCH_POINTS) -> list[int]:
    """Steps inside the first epoch worth a snapshot: log-spaced from 1 up to the epoch's
    end (which has its own snapshot), because the first batches change the most."""
    if batches_per_epoch < 2:
        return []
    points = {round(batches_per_epoch ** (k / (count + 1))) for k in range(1, count + 1)}
    return sorted(p for p in points if 1 <= p < batches_per_epoch)


def _frozen_copy(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = {}
    for key, value in state.items():
        copy = np.array(value, copy=True)
        copy.flags.writeable = False
        out[str(key)] = copy
    return out


class RunHistory:
    """Snapshots, batch metrics and epoch records of one run (forks included)."""

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
        if budget_bytes < 1:
            raise ConfigError(f"the history's memory budget must be positive (got {budget_bytes})")
        self.budget_bytes = int(budget_bytes)
        self._lock = threading.RLock()
        self._snapshots: list[HistorySnapshot] = []
        self._stride = 1                 # kept snapshots have ordinal % stride == 0
        self._batch_stride = 1           # kept batch metrics have step % stride == 0
        self._next_ordinal = 0
        self._batch_steps = array("q")
        self._batch_epochs = array("d")
        self._batch_losses = array("d")
        self._epochs: list[EpochRecord] = []
        self.thinned = False

    # --- adding --------------------------------------------------------------------------
    def add_snapshot(self, step: int, epoch: float, state: dict[str, np.ndarray],
                     label: str = "", pinned: bool = False) -> HistorySnapshot:
        """Keep a copy of ``state``; every snapshot must have the first one's arrays."""
        snap_state = _frozen_copy(state)
        with self._lock:
            if self._snapshots:
                first = self._snapshots[0].state
                if snap_state.keys() != first.keys() or any(
                        v.shape != first[k].shape for k, v in snap_state.items()):
                    raise ConfigError("a snapshot's weights do not fit the network of this "
                                      "history (another architecture needs a new history)")
                if step < self._snapshots[-1].step:
                    raise ConfigError(f"snapshot at step {step} comes before the last one "
                                      f"(step {self._snapshots[-1].step})")
            if self._snapshots and self._snapshots[-1].step == step:
                # the same moment again (a run continuing where the last one ended):
                # the newer weights, under the older name
                last = self._snapshots[-1]
                snap = dataclasses.replace(last, state=snap_state, pinned=last.pinned or pinned)
                self._snapshots[-1] = snap
            else:
                snap = HistorySnapshot(int(step), float(epoch), str(label or f"step {step}"),
                                       snap_state, self._next_ordinal,
                                       pinned or not self._snapshots)
                self._next_ordinal += 1
                before = self._snapshots[-1] if self._snapshots else None
                if before is not None and len(self._snapshots) > 1 and not before.pinned \
                        and before.ordinal % self._stride:
                    self._snapshots.pop()        # it was kept only as the newest one
                self._snapshots.append(snap)
            self._thin()
            return snap

    def add_batch(self, step: int, epoch: float, loss: float) -> None:
        """One batch's metrics: its step, its position in epochs, its loss.  They may use
        a quarter of the budget; beyond, every second batch is dropped (the newest stays)."""
        with self._lock:
            steps = self._batch_steps
            if len(steps) > 1 and steps[-1] % self._batch_stride:
                for metrics in self._metrics():          # the tail kept only as "the newest"
                    metrics.pop()
            steps.append(int(step))
            self._batch_epochs.append(float(epoch))
            self._batch_losses.append(float(loss))
            while len(steps) > 2 and self._metrics_nbytes() > self.budget_bytes // 4:
                self._batch_stride *= 2
                kept = np.array(steps, np.int64) % self._batch_stride == 0
                kept[-1] = True
                for metrics in self._metrics():
                    values = np.array(metrics)[kept]
                    del metrics[:]
                    metrics.frombytes(values.tobytes())
                self.thinned = True
            self._thin()

    def _metrics(self) -> tuple[array, array, array]:
        return self._batch_steps, self._batch_epochs, self._batch_losses

    def _metrics_nbytes(self) -> int:
        return sum(a.itemsize * len(a) for a in self._metrics())

    def add_epoch(self, record: EpochRecord) -> None:
        with self._lock:
            self._epochs.append(dataclasses.replace(record))

    # --- reading -------------------------------------------------------------------------
    @property
    def snapshots(self) -> list[HistorySnapshot]:
        with self._lock:
            return list(self._snapshots)

    def __len__(self) -> int:
        return len(self._snapshots)

    def at(self, index: int) -> HistorySnapshot:
        with self._lock:
            if not -len(self._snapshots) <= index < len(self._snapshots):
                raise ConfigError(f"there is no snapshot {index} (the history has "
                                  f"{len(self._snapshots)})")
            return self._snapshots[index]

    def index_at_epoch(self, epoch: float) -> int:
        """The last snapshot taken at or before ``epoch`` (0 = before training)."""
        with self._lock:
            if not self._snapshots:
                raise ConfigError("the history has no snapshots")
            last = self._snapshots[-1].epoch
            if epoch > last + 1e-9:
                raise ConfigError(f"the run has {last:g} epochs, so there is no epoch {epoch:g}")
            return max(i for i, s in enumerate(self._snapshots) if s.epoch <= epoch + 1e-9)

    def network(self, index: int, like: Network) -> Network:
        """A copy of ``like`` (same architecture, frozen layers) with snapshot ``index``'s
        weights: what the window shows when rewound there."""
        net = like.copy()
        net.load_state_dict(self.at(index).state)
        return net

    @property
    def epochs(self) -> list[EpochRecord]:
        with self._lock:
            return list(self._epochs)

    def batches(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(steps int64, epoch positions float64, losses float64), one entry per batch."""
        with self._lock:
            return (np.array(self._batch_steps, np.int64), np.array(self._batch_epochs),
                    np.array(self._batch_losses))

    @property
    def nbytes(self) -> int:
        with self._lock:
            return self._nbytes()

    def _nbytes(self) -> int:
        return self._metrics_nbytes() + sum(s.nbytes for s in self._snapshots)

    # --- forking -------------------------------------------------------------------------
    def truncate_after(self, index: int) -> HistorySnapshot:
        """Forget everything after snapshot ``index`` ("Train from here"): later
        snapshots, batches and epochs.  The snapshot kept last is pinned (the fork)."""
        with self._lock:
            snap = self.at(index)
            keep = self._snapshots.index(snap)
            snap = dataclasses.replace(snap, pinned=True)
            self._snapshots[keep + 1:] = []
            self._snapshots[keep] = snap
            self._next_ordinal = snap.ordinal + 1
            n = int(np.searchsorted(np.array(self._batch_steps, np.int64), snap.step, "right"))
            for metrics in self._metrics():
                del metrics[n:]
            self._epochs = [r for r in self._epochs if r.step <= snap.step]
            return snap

    # --- the budget ----------------------------------------------------------------------
    def _thin(self) -> None:
        """Double the spacing of unpinned snapshots until the history fits its budget
        (the first, the pinned and the newest one always stay)."""
        while self._nbytes() > self.budget_bytes and any(
                not s.pinned for s in self._snapshots[1:-1]):
            self._stride *= 2
            last = len(self._snapshots) - 1
            self._snapshots = [s for i, s in enumerate(self._snapshots)
                               if s.pinned or i == last or s.ordinal % self._stride == 0]
            self.thinned = True

    # --- saving and restoring (lab files) -----------------------------------------------
    @property
    def strides(self) -> tuple[int, int]:
        """(snapshot, batch) spacing that thinning has reached (1 = nothing dropped)."""
        return self._stride, self._batch_stride

    @classmethod
    def restore(cls, snapshots: Sequence[HistorySnapshot],
                batches: tuple[np.ndarray, np.ndarray, np.ndarray],
                epochs: Sequence[EpochRecord], thinned: bool = False,
                strides: tuple[int, int] = (1, 1),
                budget_bytes: int = DEFAULT_BUDGET_BYTES) -> "RunHistory":
        """A history exactly as saved (nothing is thinned on the way in)."""
        history = cls(budget_bytes)
        history._snapshots = [dataclasses.replace(s, state=_frozen_copy(s.state))
                              for s in snapshots]
        history._next_ordinal = (snapshots[-1].ordinal + 1) if snapshots else 0
        history._stride, history._batch_stride = (max(1, int(v)) for v in strides)
        for metrics, values, kind in zip(history._metrics(), batches, (np.int64, np.float64,
                                                                       np.float64)):
            metrics.frombytes(np.ascontiguousarray(values, kind).tobytes())
        history._epochs = [dataclasses.replace(r) for r in epochs]
        history.thinned = bool(thinned)
        return history


class HistoryRecorder:
    """Feeds a RunHistory from a Trainer's ``Progress`` records, batch after batch.

    ``step_offset`` / ``epoch_offset`` are where this run starts in the history (after
    "Train more" or "Train from here"; ``continuing`` reads them from the history), so
    steps and epoch positions count over the whole history.  A run's epochs are numbered
    on from the whole epochs before it; the first epoch of a history gets extra snapshots.
    """

    def __init__(self, history: RunHistory, state: Callable[[], dict[str, np.ndarray]],
                 batches_per_epoch: int, step_offset: int = 0, epoch_offset: float = 0.0
                 ) -> None:
        self.history = history
        self.state = state               # e.g. trainer.net.state_dict (returns copies)
        self.steps, self.position = int(step_offset), float(epoch_offset)
        self.epochs = math.floor(self.position + 1e-9)        # whole epochs before this run
        self.points = set(first_epoch_points(batches_per_epoch)) if self.epochs == 0 else set()

    @classmethod
    def continuing(cls, history: RunHistory, state: Callable[[], dict[str, np.ndarray]],
                   batches_per_epoch: int) -> "HistoryRecorder":
        """A recorder for a run that starts where ``history`` ends (empty: at 0)."""
        last = history.snapshots[-1] if len(history) else None
        return cls(history, state, batches_per_epoch, last.step if last else 0,
                   last.epoch if last else 0.0)

    def start(self, label: str = "start") -> None:
        """The weights before this run's first batch."""
        self.history.add_snapshot(self.steps, self.position, self.state(), label)

    def observe(self, progress: Progress, epochs: Sequence[EpochRecord] = ()) -> None:
        """Record one ``Progress`` from ``Trainer.run()``; ``epochs`` is the Trainer's
        ``history.epochs`` (its last record is the epoch that has just ended)."""
        step = self.steps + progress.step
        position = self.position + max(progress.epoch - 1, 0) + \
            progress.batch / max(progress.batches_per_epoch, 1)
        ended = progress.status != "running"
        if math.isfinite(progress.loss):          # the run's closing record has no loss
            self.history.add_batch(step, position, progress.loss)
        if progress.epoch_end:
            if epochs:
                record = epochs[-1]
                self.history.add_epoch(dataclasses.replace(
                    record, epoch=record.epoch + self.epochs, step=record.step + self.steps))
            label = f"epoch {self.epochs + progress.epoch}"
        elif progress.epoch == 1 and progress.batch in self.points and not ended:
            label = f"step {step}"
        elif ended:        # stopped, diverged or done: the weights it ends with
            label = progress.status
        else:
            return
        self.history.add_snapshot(step, position, self.state(), label)
