"""Every size limit of the program in one place (README, "Limits"), and the estimates that
are checked against them before any work starts.

Writers and readers use the same numbers, so whatever the program writes it can read
again; and a network is measured (weights, memory of one image and of a training batch,
arithmetic of a batch, maps the window would draw) before anything is allocated for it,
so no file, setting or flag can make it run out of memory or stop answering.  Each
refusal names the number and the limit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .errors import ConfigError, Phrase

# --- images and data sets -----------------------------------------------------------------
MAX_GRID = 64                          # rows or columns of any image, drawing or network input
MAX_DATASET_IMAGES = 1_000_000
MAX_DATASET_PIXELS = 1 << 26           # 67,108,864 pixels: 256 MiB of float32 images
MAX_CLASSES = 10
MAX_CLASS_NAME = 40                    # characters

# --- networks -----------------------------------------------------------------------------
MAX_LAYERS = 200                       # the window draws every layer
MAX_FEATURES = 1024                    # features (channels) of one convolution
MAX_LAYER_PARAMETERS = 5_000_000
MAX_NETWORK_PARAMETERS = 20_000_000
MAX_PICTURE_MAPS = 4096                # maps (feature, ReLU, pooled) the window would draw
MAX_IMAGE_BYTES = 256 << 20            # memory one image needs on its way through the network
MAX_BATCH_BYTES = 1 << 30              # memory of one training batch
# Arithmetic of one training batch (forward + backward, about 3x the forward).  Measured on
# the 2-core development machine: 9-13 billion operations took 0.07-0.2 s idle when
# compute-bound, up to 1.2 s when memory-bound, and up to 10 s with the CPUs busy.
MAX_BATCH_OPERATIONS = 10_000_000_000
# A batch beyond these runs in chunks (gradients summed), stop and pause checked between
# them.  Measured on the same machine (loaded by other work, load average 5): a batch of
# 8-10 billion operations took 0.6-10 s with two CPU hogs running; a chunk is 10x smaller.
MAX_CHUNK_OPERATIONS = 1_000_000_000
MAX_CHUNK_BYTES = 64 << 20

# --- files --------------------------------------------------------------------------------
MAX_DRAWING_BYTES = 1 << 20
MAX_PICTURE_BYTES = 50 << 20           # a picture imported into the grid
MAX_LESSON_BYTES = 1 << 20             # a lesson file (README, "Lessons")
MAX_LESSON_STEPS = 200
MAX_JSON_CHARS = 1_000_000             # a model's config, a data set's class list
MAX_JSON_DEPTH = 20
MAX_JSON_INT_DIGITS = 15
MAX_MODEL_BYTES = MAX_NETWORK_PARAMETERS * 8 + 2 * MAX_JSON_CHARS * 4 + (1 << 20)
MAX_DATASET_BYTES = MAX_DATASET_PIXELS * 4 + MAX_DATASET_IMAGES * 8 + (1 << 20)


def check_dataset_size(count: int, rows: int, cols: int) -> None:
    """Refuse, before generating or saving, a data set the program could not read back."""
    if count > MAX_DATASET_IMAGES:
        raise ConfigError("{count:,} images are more than a data set may hold ({most:,})",
                          count=count, most=MAX_DATASET_IMAGES)
    pixels = count * rows * cols
    if pixels > MAX_DATASET_PIXELS:
        most = MAX_DATASET_PIXELS // (rows * cols)
        raise ConfigError("{count:,} images of {rows}x{cols} are {pixels:,} pixels, more than "
                          "a data set may hold ({limit:,}): at this size use at most {most:,} "
                          "images", count=count, rows=rows, cols=cols, pixels=pixels,
                          limit=MAX_DATASET_PIXELS, most=most)


def check_classes(classes: Sequence[object]) -> str | None:
    """What is wrong with a list of class names (a phrase), or None."""
    if not isinstance(classes, (list, tuple)):
        return Phrase("the classes must be a list of 2 to {most} names", most=MAX_CLASSES)
    if not 2 <= len(classes) <= MAX_CLASSES:
        return Phrase("it has {n} classes; a data set has 2 to {most}", n=len(classes),
                      most=MAX_CLASSES)
    if not all(isinstance(c, str) and 0 < len(c) <= MAX_CLASS_NAME for c in classes):
        return Phrase("each class name must be text of 1 to {most} characters",
                      most=MAX_CLASS_NAME)
    if len(set(classes)) != len(classes):
        return "the class names must be distinct"
    return None


@dataclass(frozen=True)
class Cost:
    """What a network costs, estimated from its shapes alone."""

    parameters: int
    image_bytes: int           # one image's outputs, their gradients and im2col columns
    operations: int            # multiply-adds x 2 of one image's forward pass
    picture_maps: int          # 2-D maps the window draws (feature, ReLU, pooled)


def network_cost(layers: Sequence[object], shapes: Sequence[tuple[int, ...]],
                 itemsize: int = 4) -> Cost:
    """The cost of ``layers`` whose outputs have ``shapes`` (one pass, linear in layers)."""
    parameters = values = operations = maps = 0
    for layer, out in zip(layers, shapes):
        size = math.prod(out)
        parameters += sum(int(v.size) for v in layer.params.values())
        values += 2 * size
        if layer.type == "conv":
            window = layer.channels * layer.size ** 2
            values += (window + 1) * out[1] * out[2]
            operations += 2 * window * size
        elif layer.type == "linear":
            operations += 2 * layer.inputs * layer.outputs
        elif layer.type in ("maxpool", "avgpool"):
            operations += size * layer.window ** 2
        else:
            operations += size
        if len(out) == 3:
            maps += out[0]
    return Cost(parameters, values * itemsize, operations, maps)


def check_network_cost(cost: Cost, layer_count: int) -> None:
    """Refuse a network beyond the budget, naming the number and the limit."""
    if layer_count > MAX_LAYERS:
        raise ConfigError("the network has {n:,} layers (at most {most})", n=layer_count,
                          most=MAX_LAYERS)
    if cost.parameters > MAX_NETWORK_PARAMETERS:
        raise ConfigError("the network has {n:,} weights (at most {most:,})",
                          n=cost.parameters, most=MAX_NETWORK_PARAMETERS)
    if cost.image_bytes > MAX_IMAGE_BYTES:
        raise ConfigError("one image needs {mb:,.0f} MB on its way through this network (at "
                          "most {most:.0f} MB)", mb=cost.image_bytes / 2**20,
                          most=MAX_IMAGE_BYTES / 2**20)
    if cost.picture_maps > MAX_PICTURE_MAPS:
        raise ConfigError("the network has {n:,} maps to draw (at most {most:,}): use fewer "
                          "features", n=cost.picture_maps, most=MAX_PICTURE_MAPS)


def check_batch(cost: Cost, batch_size: int) -> None:
    """Refuse a training batch that would not fit in memory or would take many seconds
    (Stop and Pause answer between its chunks, but every step would crawl)."""
    need = batch_size * cost.image_bytes
    if need > MAX_BATCH_BYTES:
        most = max(1, MAX_BATCH_BYTES // max(cost.image_bytes, 1))
        raise ConfigError(
            "this network needs about {mb:.1f} MB per image, so a batch of {batch} would need "
            "{gb:.1f} GB (at most {limit:.0f} GB): use fewer or smaller features or a smaller "
            "batch (at most {most})", mb=cost.image_bytes / 2**20, batch=batch_size,
            gb=need / 2**30, limit=MAX_BATCH_BYTES / 2**30, most=most)
    work = 3 * batch_size * cost.operations
    if work > MAX_BATCH_OPERATIONS:
        most = max(1, MAX_BATCH_OPERATIONS // max(3 * cost.operations, 1))
        raise ConfigError(
            "one batch of {batch} would take about {billions:,.1f} billion operations (at most "
            "{limit:.0f} billion): use a batch of at most {most} or a smaller network",
            batch=batch_size, billions=work / 1e9, limit=MAX_BATCH_OPERATIONS / 1e9, most=most)


def training_chunk(cost: Cost) -> int:
    """How many images a training chunk may hold (forward and backward)."""
    by_memory = MAX_CHUNK_BYTES // max(cost.image_bytes, 1)
    by_work = MAX_CHUNK_OPERATIONS // max(3 * cost.operations, 1)
    return int(max(1, min(by_memory, by_work)))


def evaluation_chunk(cost: Cost) -> int:
    """How many images one forward-only chunk may hold (about a third of the work and
    memory of a training image each)."""
    return int(max(1, min(4096, 3 * training_chunk(cost))))
