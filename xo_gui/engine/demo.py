"""The tutorial's limitation, with real numbers (README "Where ConvNets fail").

ConvNets only capture local, spatial patterns.  The demo trains a ConvNet and a fully
connected network (the votes alone, straight on the pixels: no convolution) on the same
data, once as generated and once with every grid's cells moved by one fixed random
permutation, and reports the four validation accuracies.  The data is text: strings that
hold the motif ``bad`` or ``dab`` somewhere, so only the order of neighbouring letters
tells the classes apart.  Shuffling keeps every cell but separates neighbours, so the
ConvNet's small features no longer see the motif; the fully connected net weighs every
cell on its own and never looked at neighbours, so shuffling changes nothing for it.

Every number comes with the ``xo-gui`` command that reproduces it: the demo writes its data
sets into a folder and trains exactly as ``xo-gui train`` does with those arguments.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Callable

from . import data
from .drawing_files import load_dataset, save_dataset
from .errors import XoError
from .kinds import make_dataset
from .network import build_network
from .train import Progress, Trainer, TrainConfig

KIND, COUNT, SIZE, CLASSES, VARIATION, SEED, SHUFFLE = (
    "text", 2000, 12, ("bad", "dab"), "medium", 0, 1)
# model -> (blocks, epochs); every other setting is `xo-gui train`'s default
MODELS = {"convnet": (1, 15), "fully_connected": (0, 30)}
WHY = ("Shuffling keeps every cell but moves neighbours apart: the ConvNet's small "
       "features only see neighbouring cells, so it loses the pattern, while the fully "
       "connected network weighs each cell on its own and never used neighbours at all.")


@dataclass(frozen=True)
class DemoResult:
    model: str                  # "convnet" | "fully_connected"
    data: str                   # "ordered" | "shuffled"
    val_accuracy: float
    command: list[str]          # argv after `xo-gui` that reproduces val_accuracy

    def to_json(self) -> dict:
        return {"model": self.model, "data": self.data, "val_accuracy": self.val_accuracy,
                "command": self.command}


def dataset_command(out_dir: str, shuffled: bool, count: int = COUNT) -> list[str]:
    """The `xo-gui dataset` argv that writes the demo's ordered or shuffled data set."""
    command = ["dataset", "--kind", KIND, "--count", str(count), "--size", str(SIZE),
               "--classes", ",".join(CLASSES), "--variation", VARIATION, "--seed", str(SEED)]
    if shuffled:
        command += ["--shuffle", str(SHUFFLE)]
    return command + ["--out", dataset_path(out_dir, shuffled)]


def dataset_path(out_dir: str, shuffled: bool) -> str:
    return os.path.join(out_dir, f"{KIND}-{'shuffled' if shuffled else 'ordered'}.npz")


def train_command(out_dir: str, model: str, shuffled: bool) -> list[str]:
    blocks, epochs = MODELS[model]
    name = f"{model}-{'shuffled' if shuffled else 'ordered'}.npz"
    return ["train", "--data", dataset_path(out_dir, shuffled), "--blocks", str(blocks),
            "--epochs", str(epochs), "--out", os.path.join(out_dir, name)]


def write_datasets(out_dir: str, count: int = COUNT) -> None:
    """The demo's two data sets, as `dataset_command` describes them."""
    for shuffled in (False, True):
        made = make_dataset(KIND, count, SIZE, VARIATION, SEED, CLASSES,
                            SHUFFLE if shuffled else None)
        save_dataset(dataset_path(out_dir, shuffled), made.images, made.labels, made.classes)


def train_like_cli(path: str, blocks: int, epochs: int,
                   on_progress: Callable[[Progress], None] | None = None,
                   stop: threading.Event | None = None) -> float:
    """Validation accuracy of `xo-gui train --data PATH --blocks B --epochs E` (all other
    settings at their defaults: 8 features 3x3, max pooling 2, adam 0.01, batch 32,
    validation 0.2, seed 0)."""
    images, labels, classes = load_dataset(path)
    net = build_network(images.shape[1], [8], [3], 2, None, [], "max", classes, 0,
                        blocks=blocks)
    train, validation = data.split(images, labels, 0.2, 0)
    trainer = Trainer(net, train, validation, TrainConfig(epochs=epochs, lr=0.01, seed=0))
    for progress in trainer.run():
        if on_progress is not None:
            on_progress(progress)
        if stop is not None and stop.is_set():
            trainer.stop()
    if trainer.status != "finished":
        raise XoError(f"training on {path} ended early ({trainer.status})")
    return trainer.history.epochs[-1].val_accuracy


def run_limitation(out_dir: str,
                   on_progress: Callable[[int, int, Progress], None] | None = None,
                   stop: threading.Event | None = None,
                   count: int = COUNT) -> list[DemoResult]:
    """Write the data sets into ``out_dir`` and train the four networks; ``on_progress``
    gets (run index 0..3, runs, progress) after every batch; a set ``stop`` ends it.
    A smaller ``count`` (images per data set) makes a quicker, less convincing run."""
    os.makedirs(out_dir, exist_ok=True)
    write_datasets(out_dir, count)
    runs = [(model, shuffled) for model in MODELS for shuffled in (False, True)]
    results = []
    for index, (model, shuffled) in enumerate(runs):
        report = None if on_progress is None else (
            lambda p, i=index: on_progress(i, len(runs), p))
        blocks, epochs = MODELS[model]
        accuracy = train_like_cli(dataset_path(out_dir, shuffled), blocks, epochs, report, stop)
        results.append(DemoResult(model, "shuffled" if shuffled else "ordered", accuracy,
                                  train_command(out_dir, model, shuffled)))
    return results
