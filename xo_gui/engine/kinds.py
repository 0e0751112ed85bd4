"""The data kinds (README "Data kinds"): letters, sound and text, all as square ±1 grids.

One entry point, ``make_dataset``, for the CLI, the Train tab and the limitation demo;
``shuffle_pixels`` applies one fixed permutation of pixel positions to every image - the
same data with its spatial structure destroyed; ``axis_labels`` and ``kind_presets`` tell
Explore what a grid of each kind means.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from . import data, sound, text
from .errors import ConfigError

KINDS = ("letters", "sound", "text")
DEFAULT_SIZES = {"letters": 9, "sound": sound.DEFAULT_SIZE, "text": text.DEFAULT_SIZE}
DEFAULT_CLASSES = {"letters": data.CLASSES, "sound": sound.DEFAULT_CLASSES,
                   "text": text.DEFAULT_CLASSES}
CLASS_CHOICES = {"letters": data.SHAPES, "sound": sound.SOUND_CLASSES,
                 "text": text.EXAMPLE_CLASSES}     # text takes any motif; these are examples


@dataclass(frozen=True)
class Dataset:
    images: np.ndarray          # (N, size, size) float32 in [-1, 1]
    labels: np.ndarray          # (N,) int64
    classes: tuple[str, ...]


def check_kind(kind: str) -> str:
    key = str(kind).strip().lower()
    if key not in KINDS:
        raise ConfigError(f"unknown data kind {kind!r}; choose one of {', '.join(KINDS)}")
    return key


def parse_classes(text_value: str) -> list[str]:
    """'X,O,+' -> ['X', 'O', '+'] (blanks around names dropped)."""
    names = [part.strip() for part in str(text_value).split(",")]
    if any(not name for name in names):
        raise ConfigError(f"class names must be separated by single commas, got {text_value!r}")
    return names


def class_names(kind: str, classes: Sequence[str] | None = None, size: int | None = None
                ) -> tuple[str, ...]:
    """The checked class names of a data set of this kind (its defaults when None)."""
    kind = check_kind(kind)
    classes = DEFAULT_CLASSES[kind] if classes is None else classes
    if kind == "letters":
        return data.check_classes(classes)
    if kind == "sound":
        return data.check_classes(classes, sound.SOUND_CLASSES)
    return text.check_motifs(classes, DEFAULT_SIZES[kind] if size is None else size)


def pixel_permutation(size: int, seed: int) -> np.ndarray:
    """The fixed random order of a size x size grid's pixels that ``seed`` stands for."""
    seed = data.check_seed(seed, "shuffle seed")
    return np.random.default_rng(seed).permutation(data.check_size(size) ** 2)


def shuffle_pixels(images: np.ndarray, seed: int) -> np.ndarray:
    """Every image with its pixels moved by the same permutation: nothing is lost, but
    neighbours are no longer neighbours."""
    images = np.asarray(images)
    n, rows, cols = images.shape
    if rows != cols:
        raise ConfigError(f"only square grids can be shuffled, not {rows}x{cols}")
    order = pixel_permutation(rows, seed)
    return images.reshape(n, -1)[:, order].reshape(n, rows, cols)


def make_dataset(kind: str = "letters", count: int = 2000, size: int | None = None,
                 variation: str = "medium", seed: int = 0,
                 classes: Sequence[str] | None = None, shuffle: int | None = None) -> Dataset:
    """Generate a balanced, seeded data set of one kind, optionally pixel-shuffled."""
    kind = check_kind(kind)
    size = DEFAULT_SIZES[kind] if size is None else data.check_size(size)
    names = class_names(kind, classes, size)
    if shuffle is not None:
        data.check_seed(shuffle, "shuffle seed")
    if kind == "letters":
        images, labels = data.generate(count, size, variation, seed, names)
    elif kind == "sound":
        images, labels = sound.generate_sound(count, size, variation, seed, names)
    else:
        images, labels = text.generate_text(count, size, variation, seed, names)
    if shuffle is not None:
        images = shuffle_pixels(images, shuffle)
    return Dataset(images, labels, names)


@dataclass(frozen=True)
class Axes:
    """What the rows and columns of a grid of some kind stand for (for Explore's labels)."""

    rows: str                   # e.g. "frequency (Hz)"
    columns: str                # e.g. "time (s)"
    row_ticks: tuple[str, ...]  # one label per row
    column_ticks: tuple[str, ...]
    explanation: str            # one sentence on what a feature finds here


def axis_labels(kind: str, size: int) -> Axes:
    """Axis titles, one tick label per row and column, and a sentence for the explanation."""
    kind, size = check_kind(kind), data.check_size(size)
    if kind == "sound":
        return Axes("frequency (Hz)", "time (s)",
                    tuple(f"{f:.0f}" for f in sound.band_frequencies(size)),
                    tuple(f"{t:.2f}" for t in sound.column_times(size)),
                    "Each cell is how loud one frequency band is at one moment; a feature "
                    "finds a local shape such as a rising or falling tone, wherever it is.")
    if kind == "text":
        return Axes("character", "position", tuple(text.alphabet(size)),
                    tuple(str(i + 1) for i in range(size)),
                    "Each column is one position of the string and the inked row its "
                    "letter; a feature finds a short run of letters, wherever it is.")
    return Axes("row", "column", tuple(str(i) for i in range(size)),
                tuple(str(i) for i in range(size)),
                "Each cell is one pixel of the drawing; a feature finds a small stroke "
                "shape, wherever it is.")


def kind_presets(kind: str, size: int | None = None) -> dict[str, np.ndarray]:
    """A few named example grids of a kind, one per class, for Explore's preset menu."""
    kind = check_kind(kind)
    size = DEFAULT_SIZES[kind] if size is None else data.check_size(size)
    if kind == "letters":
        return {name: data.canonical(name, size) for name in data.SHAPES}
    if kind == "sound":
        images, labels = sound.generate_sound(len(sound.SOUND_CLASSES), size, "none", 0,
                                              sound.SOUND_CLASSES)
        return {sound.SOUND_CLASSES[label]: image for image, label in zip(images, labels)}
    letters = text.alphabet(size)
    motifs = [m for m in text.EXAMPLE_CLASSES if set(m) <= set(letters)]
    filler = next(ch for ch in reversed(letters) if all(ch not in m for m in motifs))
    out = {}
    for motif in motifs:
        start = (size - len(motif)) // 2
        string_value = filler * start + motif + filler * (size - start - len(motif))
        out[motif] = text.text_to_grid(string_value, size)
    return out
