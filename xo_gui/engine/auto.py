"""Defaults that fit the data (README "Training defaults"): with no flags, a network and a
stopping rule chosen from the data set's grid size and number of classes, so a user can
bring 2 or 10 classes, 8x8 or 28x28, and get a good network without hand tuning.

The rule: train with Adam until the validation accuracy has not improved for
``PATIENCE`` epochs, keep the best epoch's weights, and stop anyway after ``TIME_LIMIT``
seconds of training.  ``describe`` says in one sentence what was chosen.
"""
from __future__ import annotations

from dataclasses import dataclass

PATIENCE = 5                # epochs without a better validation accuracy before stopping
TIME_LIMIT = 5.0            # seconds of training at most
MAX_EPOCHS = 200            # a bound the patience and the time limit normally come before


@dataclass(frozen=True)
class Defaults:
    features: tuple[int, ...]      # per block
    feature_sizes: tuple[int, ...]
    hidden: tuple[int, ...]
    epochs: int
    patience: int | None
    time_limit: float | None
    batch_size: int = 32
    lr: float = 0.01
    optimizer: str = "adam"


def choose_defaults(size: int, classes: int, validation: bool = True) -> Defaults:
    """The network and stopping rule for size x size grids with this many classes.

    Small grids get one block of 3x3 features (the tutorial's shape); from 20x20 on a
    second block halves the grid again, so the votes see whole-letter features and the
    fully connected layer stays small.  More classes get more features.  Without a
    validation set there is nothing to stop on, so it trains a fixed 10 epochs.
    """
    width = 8 if classes <= 4 else 16
    features = (width,) if size < 20 else (width, 2 * width)
    sizes = (3,) * len(features)
    if not validation:
        return Defaults(features, sizes, (), 10, None, None)
    return Defaults(features, sizes, (), MAX_EPOCHS, PATIENCE, TIME_LIMIT)


def describe(d: Defaults, size: int, classes: int) -> str:
    """One sentence: what was chosen and why."""
    blocks = " then ".join(f"{f} features {k}x{k}" for f, k in zip(d.features, d.feature_sizes))
    rule = (f"until validation accuracy stops improving for {d.patience} epochs (keeping the "
            f"best weights), at most {d.time_limit:g} s" if d.patience
            else f"for {d.epochs} epochs (no validation set to stop on)")
    return (f"chose for {size}x{size} grids and {classes} classes: {blocks}, max pooling 2, "
            f"{d.optimizer} lr {d.lr:g}, batch {d.batch_size}, {rule}")
