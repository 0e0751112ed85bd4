"""Defaults that fit the data (README "Training defaults"): with no flags, a network and a
stopping rule chosen from the data set's grid size and number of classes, so a user can
bring 2 or 10 classes, 8x8 or 28x28, and get a good network without hand tuning.

The rule: train with Adam until the validation accuracy has not improved for
``PATIENCE`` epochs, keep the best epoch's weights, and stop anyway after ``TIME_LIMIT``
seconds of training.  ``describe`` says in one sentence what a run uses.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .network import Network, build_network
from .train import TrainConfig

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


def describe(net: Network, config: TrainConfig) -> str:
    """One sentence: the network and the stopping rule a run uses (what was chosen)."""
    convs = [layer for layer in net.layers if layer.type == "conv"]
    blocks = (" then ".join(f"{c.features} features {c.size}x{c.size}" for c in convs)
              or "no convolution (fully connected)")
    hidden = [layer.outputs for layer in net.layers if layer.type == "linear"][:-1]
    hidden_text = f", hidden {','.join(map(str, hidden))}" if hidden else ""
    if config.steps is not None:
        rule = f"{config.steps} steps"
    elif config.patience is not None:
        rule = (f"until validation accuracy stops improving for {config.patience} epochs "
                f"(keeping the best weights), at most {config.time_limit:g} s")
    else:
        rule = f"{config.epochs} epochs"
    rows, cols = net.image_size
    return (f"{rows}x{cols} grids, {len(net.classes)} classes: {blocks}{hidden_text}; "
            f"{config.optimizer} lr {config.lr:g}, batch {config.batch_size}, {rule}")


def default_run(size: int, classes: Sequence[str], validation: bool = True,
                seed: int = 0) -> tuple[Network, TrainConfig]:
    """The network and training settings `xo-gui train --data FILE` uses with no flags,
    for a window's Start button to use the same defaults."""
    chosen = choose_defaults(size, len(classes), validation)
    net = build_network(size, list(chosen.features), list(chosen.feature_sizes), 2, None,
                        list(chosen.hidden), "max", classes, seed)
    config = TrainConfig(epochs=chosen.epochs, batch_size=chosen.batch_size, lr=chosen.lr,
                         optimizer=chosen.optimizer, seed=seed, patience=chosen.patience,
                         time_limit=chosen.time_limit)
    return net, config
