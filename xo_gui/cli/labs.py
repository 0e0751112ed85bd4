"""A ``train --lab`` run as a lab file (README, "Lab files"), its settings written the way
the window keeps them, so the window (and ``xo-gui FILE.xolab``) opens it."""
from __future__ import annotations

import argparse
import dataclasses
from typing import Sequence

import numpy as np

from ..engine import data
from ..engine.lab_file import DrawingSource, Lab, TrainingData, generator_settings
from ..engine.network import Network
from ..engine.run_history import RunHistory
from ..engine.train import TrainConfig


def run_lab(args: argparse.Namespace, config: TrainConfig, net: Network, history: RunHistory,
            given: tuple[np.ndarray | None, np.ndarray], classes: Sequence[str],
            metrics: dict) -> Lab:
    """Generated data is saved as the generator's settings and seed, a dataset file's
    images as they are; Explore shows the trained network on the preset X."""
    rows, cols = net.image_size
    images, labels = given
    if rows == cols and data.MIN_SIZE <= rows <= data.MAX_SIZE:
        drawing = data.preset("x", rows)
        source = DrawingSource("preset", "x", "X" if "X" in classes else None)
    else:
        drawing, source = np.full((rows, cols), -1, np.float32), DrawingSource("hand")
    count, variation = args.count or 4000, args.variation or "medium"
    generator = None if images is not None else generator_settings(
        count, rows, variation, args.seed, validation=args.validation)
    training_data = TrainingData(
        tuple(classes), np.zeros((0, rows, cols), np.float32), np.zeros(0, np.int64),
        images, None if images is None else labels, generator)
    return Lab(drawing, net.copy(), source, "trained",
               _window_settings(args, config, variation, count, metrics), training_data, net,
               history)


def _window_settings(args: argparse.Namespace, config: TrainConfig, variation: str,
                     count: int, metrics: dict) -> dict:
    """The settings as the window's Train tab holds them (``model/lab_io.py``)."""
    features = ",".join(map(str, args.features)) if args.features else "8"
    variation_numbers = dataclasses.asdict(data.variation_level(variation))
    return {
        "architecture": {
            "start": "file" if args.init else "random", "blocks": args.blocks or 1,
            "features": features,
            "feature_size": (args.feature_size or [3])[0], "pool_size": args.pool_size,
            "pool_stride": args.pool_stride or args.pool_size, "pool": args.pool,
            "hidden": ",".join(map(str, args.hidden)), "seed": args.seed, "frozen": []},
        "knobs": {"lr": config.lr, "batch_size": config.batch_size, "epochs": config.epochs,
                  "optimizer": config.optimizer, "loss": config.loss, "seed": config.seed,
                  "stop_rule": "epochs", "stop_value": 0.95, "pace": "watch"},
        "data": {"count": count, "seed": args.seed, "validation": args.validation,
                 "variation": variation_numbers},
        "explore_name": "",
        "command": {"metrics": metrics, "data_file": args.data},
    }
