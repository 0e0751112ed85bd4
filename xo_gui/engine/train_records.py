"""What training is told and what it tells: the settings of a run (``TrainConfig``), the
record yielded after every batch (``Progress``) and the history of epochs."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .errors import ConfigError
from .losses import get_loss
from .optim import make_optimizer



@dataclass
class TrainConfig:
    epochs: int = 20
    steps: int | None = None            # when set, train exactly this many batches
    batch_size: int = 32
    lr: float = 0.01
    optimizer: str = "adam"
    loss: str = "cross_entropy"
    seed: int = 0
    target_accuracy: float | None = None   # stop once validation accuracy reaches this
    target_loss: float | None = None       # stop once validation loss falls to this
    patience: int | None = None            # stop after this many epochs without a better
                                           # validation accuracy (or, as good, a loss
                                           # train.LOSS_MIN_DELTA lower), keeping the best
    time_limit: float | None = None        # stop after this many seconds of training

    def check(self) -> None:
        """ConfigError for any impossible setting, before anything runs."""
        if self.epochs < 1 and self.steps is None:
            raise ConfigError(f"epochs must be at least 1 (got {self.epochs})")
        if self.steps is not None and self.steps < 0:
            raise ConfigError(f"steps must be 0 or more (got {self.steps})")
        if self.batch_size < 1:
            raise ConfigError(f"batch size must be at least 1 (got {self.batch_size})")
        if not math.isfinite(self.lr) or self.lr <= 0:
            raise ConfigError(f"learning rate must be a positive number (got {self.lr})")
        if self.target_accuracy is not None and not 0 < self.target_accuracy <= 1:
            raise ConfigError("target accuracy must be in (0, 1]")
        if self.target_loss is not None and not self.target_loss >= 0:
            raise ConfigError("target loss must be 0 or more")
        if self.patience is not None and not (isinstance(self.patience, int) and self.patience >= 1):
            raise ConfigError(f"patience must be a whole number of epochs, at least 1 (got {self.patience!r})")
        if self.time_limit is not None and not (math.isfinite(self.time_limit) and self.time_limit > 0):
            raise ConfigError(f"time limit must be a positive number of seconds (got {self.time_limit!r})")
        get_loss(self.loss)
        make_optimizer(self.optimizer, self.lr)


@dataclass
class Progress:
    """Where training stands after one batch (plain numbers: cheap to copy across threads)."""

    step: int                    # batches done in total
    total_steps: int
    epoch: int                   # 1-based epoch of that batch
    batch: int                   # 1-based batch within the epoch
    batches_per_epoch: int
    loss: float                  # this batch's loss
    train_loss: float            # running mean over the epoch so far
    train_accuracy: float
    val_loss: float | None = None        # at the last epoch end (None before)
    val_accuracy: float | None = None
    samples_per_second: float = 0.0
    elapsed: float = 0.0                 # seconds of training, pauses excluded
    epoch_end: bool = False
    status: str = "running"              # running | finished | stopped | diverged | target


@dataclass
class EpochRecord:
    epoch: int
    step: int
    train_loss: float
    train_accuracy: float
    val_loss: float | None
    val_accuracy: float | None
    elapsed: float


@dataclass
class History:
    epochs: list[EpochRecord] = field(default_factory=list)

    def to_csv(self) -> str:
        lines = ["epoch,step,train_loss,train_accuracy,val_loss,val_accuracy,elapsed_s"]
        for r in self.epochs:
            vals = [r.epoch, r.step, r.train_loss, r.train_accuracy, r.val_loss,
                    r.val_accuracy, r.elapsed]
            lines.append(",".join("" if v is None else (f"{v:.6g}" if isinstance(v, float)
                                                        else str(v)) for v in vals))
        return "\n".join(lines) + "\n"
