"""What a lab file holds (README, "Lab files"): the ``Lab`` and its parts, the limits, and
the checks that a lab is whole and sane, shared by saving and loading (``lab_file``)."""
from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import data as letters
from .checked_zip import json_depth
from .errors import ConfigError
from .network import MAX_INPUT_SIZE, Network
from .run_history import HistorySnapshot, RunHistory

FORMAT = "xo-lab"
VERSION = 1
SUFFIX = ".xolab"
MAX_LAB_BYTES = 1 << 30              # on disk
MAX_UNPACKED_BYTES = 2 << 30         # all entries together, unpacked (zip bombs)
MAX_ENTRY_BYTES = 1 << 30
MAX_ENTRIES = 2000
MAX_SETTINGS_BYTES = 256 * 1024      # settings.json, data.json's generator: small by nature
MAX_HISTORY_JSON_BYTES = 32 << 20
MAX_IMAGES = 1_000_000
DRAWING_KINDS = ("preset", "file", "example", "hand")
PARTS = ("data", "trained", "history")      # optional; drawing, explore, settings always


@dataclass
class DrawingSource:
    """Where the drawing came from, so the window can name it."""

    kind: str = "hand"              # preset | file | example | hand
    name: str = ""                  # the preset's or example's name, the file's path
    label: str | None = None        # the class the drawing is meant to be, if known


@dataclass
class TrainingData:
    """The user's own drawings, plus the generated set or how to generate it again."""

    classes: tuple[str, ...]
    own_images: np.ndarray                        # (N, H, W) float32, N may be 0
    own_labels: np.ndarray                        # (N,) int64
    images: np.ndarray | None = None              # (M, H, W) float32: the set itself, or
    labels: np.ndarray | None = None              # (M,) int64
    generator: dict[str, Any] | None = None       # the generator's settings and seed

    @classmethod
    def from_pairs(cls, classes: tuple[str, ...], drawings: list[tuple[np.ndarray, int]],
                   size: tuple[int, int], **rest: Any) -> "TrainingData":
        """From the window's list of (drawing, class number); ``rest``: images, labels,
        generator."""
        images = np.stack([np.asarray(d, np.float32) for d, _ in drawings]) if drawings \
            else np.zeros((0, *size), np.float32)
        return cls(tuple(classes), images, np.array([c for _, c in drawings], np.int64), **rest)

    def pairs(self) -> list[tuple[np.ndarray, int]]:
        """The own drawings as the window lists them: (drawing, class number)."""
        return [(image.copy(), int(label)) for image, label in zip(self.own_images,
                                                                    self.own_labels)]


def generator_settings(count: int, size: int, variation: str | letters.Variation, seed: int,
                       **extra: Any) -> dict[str, Any]:
    """The generator's settings as a lab file keeps them (``extra``: e.g. the validation
    share, kept as given)."""
    level = variation if isinstance(variation, str) else dataclasses.asdict(variation)
    settings = {"kind": "letters", "count": int(count), "size": int(size), "variation": level,
                "seed": int(seed), **extra}
    _generator_args(settings)
    return settings


def _generator_args(settings: dict[str, Any]) -> tuple[int, int, letters.Variation, int]:
    """(count, size, variation, seed), or a ConfigError saying what is wrong."""
    if settings.get("kind", "letters") != "letters":
        raise ConfigError(f"the generator's kind {settings.get('kind')!r} is not one this "
                          f"program knows ('letters')")
    count, size, seed = settings.get("count"), settings.get("size"), settings.get("seed")
    variation = settings.get("variation")
    for key, value, low, high in (("count", count, 1, letters.MAX_COUNT),
                                  ("size", size, letters.MIN_SIZE, letters.MAX_SIZE),
                                  ("seed", seed, 0, 2 ** 63 - 1)):
        if not (_whole(value) and low <= value <= high):
            raise ConfigError(f"the generator's {key} must be a whole number from {low:,} to "
                              f"{high:,} (got {value!r})")
    if isinstance(variation, str):
        level = letters.variation_level(variation)
    elif isinstance(variation, dict) and set(variation) <= {
            f.name for f in dataclasses.fields(letters.Variation)}:
        level = letters.Variation(**variation)
    else:
        raise ConfigError(f"the generator's variation must be a level name or the variation's "
                          f"numbers, not {variation!r}")
    return count, size, level, seed


def regenerate(settings: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """The images and labels a lab's generator settings give (the same every time)."""
    count, size, variation, seed = _generator_args(settings)
    return letters.generate(count, size, variation, seed)


@dataclass
class Lab:
    """Everything a lab file holds; ``load_lab(save_lab(lab))`` gives it back exactly."""

    drawing: np.ndarray                           # (H, W) float32 in [-1, 1]
    explore: Network                              # Explore's network (takes the drawing)
    drawing_source: DrawingSource = field(default_factory=DrawingSource)
    explore_source: str = "classic"               # AppModel.network_source
    settings: dict[str, Any] = field(default_factory=dict)   # the app's, passed through
    data: TrainingData | None = None
    trained: Network | None = None
    history: RunHistory | None = None             # needs ``trained`` (its architecture)


def network_at_epoch(lab: Lab, epoch: float) -> tuple[Network, HistorySnapshot]:
    """The trained network as it was at ``epoch`` (0 = before training: the last snapshot
    at or before it) and that snapshot; a ConfigError past the run's end or without a
    history (``screenshot --lab FILE --at EPOCH``, the movie)."""
    if lab.history is None or lab.trained is None or not len(lab.history):
        raise ConfigError("this lab has no training history to go back in")
    if not (isinstance(epoch, (int, float)) and math.isfinite(epoch) and epoch >= 0):
        raise ConfigError(f"the epoch must be a number of at least 0 (got {epoch!r})")
    index = lab.history.index_at_epoch(epoch)
    return lab.history.network(index, lab.trained), lab.history.at(index)


# --- checks shared by saving (ConfigError) and loading (FileFormatError) -------------------
def _json_problem(value: Any, what: str, max_bytes: int) -> str | None:
    if not isinstance(value, dict):
        return f"{what} must be a JSON object"
    if json_depth(value) > 16:
        return f"{what} nest deeper than 16 levels"
    try:
        size = len(json.dumps(value, allow_nan=False).encode("utf-8"))
    except (TypeError, ValueError) as exc:
        return f"{what} are not plain JSON ({exc})"
    if size > max_bytes:
        return f"{what} take {size:,} bytes, at most {max_bytes:,} are allowed"
    return None


def _images_problem(images: np.ndarray, what: str) -> str | None:
    if images.dtype.kind != "f" or not np.all(np.isfinite(images)):
        return f"{what} must be finite numbers"
    if images.size and (images.min() < -1 or images.max() > 1):
        return f"{what} must be pixels from -1 to 1"
    return None


def _source_problem(source: DrawingSource) -> str | None:
    if source.kind not in DRAWING_KINDS:
        return (f"the drawing's kind must be one of {', '.join(DRAWING_KINDS)}, "
                f"not {source.kind!r}")
    if not isinstance(source.name, str) or len(source.name) > 4096:
        return "the drawing's name must be a text of at most 4096 characters"
    if source.label is not None and not (isinstance(source.label, str)
                                         and len(source.label) <= 100):
        return "the drawing's label must be a short text or nothing"
    return None


def _data_problem(data: TrainingData) -> str | None:
    classes = data.classes
    if not (isinstance(classes, (tuple, list)) and len(classes) >= 2
            and all(isinstance(c, str) and c for c in classes)
            and len(set(classes)) == len(classes)):
        return "the training data's classes must be two or more distinct names"
    pairs = [("own drawings", np.asarray(data.own_images), np.asarray(data.own_labels))]
    if (data.images is None) != (data.labels is None):
        return "the training data's images and labels come together"
    if data.images is not None:
        pairs.append(("training images", np.asarray(data.images), np.asarray(data.labels)))
    sizes = set()
    for what, images, labels in pairs:
        if images.ndim != 3 or labels.shape != images.shape[:1]:
            return f"the {what} must be (N, H, W) images with one label each"
        if not (1 <= min(images.shape[1:]) and max(images.shape[1:]) <= MAX_INPUT_SIZE):
            return f"the {what} are {images.shape[1]}x{images.shape[2]}, at most " \
                   f"{MAX_INPUT_SIZE}x{MAX_INPUT_SIZE} is allowed"
        if len(images):
            sizes.add(images.shape[1:])
        problem = _images_problem(images, f"the {what}")
        if problem:
            return problem
        if labels.dtype.kind not in "iu" or (len(labels) and (labels.min() < 0 or
                                                              labels.max() >= len(classes))):
            return f"the {what}' labels must be class numbers from 0 to {len(classes) - 1}"
    if len(sizes) > 1:
        return "the own drawings and the training images must be the same size"
    if data.generator is not None:
        problem = _json_problem(data.generator, "the generator's settings", MAX_SETTINGS_BYTES)
        if problem:
            return problem
        try:
            _generator_args(data.generator)
        except ConfigError as exc:
            return str(exc)
    return None


def _history_problem(history: RunHistory, trained: Network | None) -> str | None:
    if trained is None:
        return "a history needs the trained network (it gives the weights' architecture)"
    if not len(history):
        return "a history needs at least one snapshot"
    expected = {f"layers.{i}.{k}": v.shape for i, k, v in trained.parameters()}
    for snap in history.snapshots:
        if {k: v.shape for k, v in snap.state.items()} != expected:
            return f"the history's snapshot at step {snap.step} does not fit the trained network"
    return None


def _lab_problem(lab: Lab) -> str | None:
    drawing = np.asarray(lab.drawing)
    if drawing.shape != lab.explore.image_size:
        return (f"the drawing is {drawing.shape}, Explore's network takes "
                f"{lab.explore.image_size}")
    checks = [_images_problem(drawing, "the drawing"), _source_problem(lab.drawing_source),
              _json_problem(lab.settings, "the settings", MAX_SETTINGS_BYTES)]
    if not (isinstance(lab.explore_source, str) and len(lab.explore_source) <= 4096):
        checks.append("Explore's network's source must be a short text")
    if lab.data is not None:
        checks.append(_data_problem(lab.data))
    if lab.history is not None:
        checks.append(_history_problem(lab.history, lab.trained))
    return next((c for c in checks if c), None)


# --- saving ----------------------------------------------------------------------------


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
