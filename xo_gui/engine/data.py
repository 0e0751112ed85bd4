"""Generated letter images: the tutorial's canonical X and O, more shapes, and
hand-drawing-like variety.

Every shape is a few straight strokes (X, +, T, L, square, V, Z, H, triangle) or a ring
(O).  Geometry is in units of ``size / 9`` pixels, so at 9x9 with no variation the result
is exactly the tutorial's picture, and larger grids show the same letter finer.

The drawing itself, vectorized over the images, is in letters.py.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, fields
from typing import Sequence

import numpy as np

from .errors import ConfigError
from .limits import check_dataset_size
from .letters import (HALF_STROKE, SHAPES, Geometry, flip_noise, random_geometry, render,
                      to_images)
from .memory import keep_freed_memory

CLASSES = ("X", "O")        # the tutorial's two letters: the default classes
MIN_SIZE, MAX_SIZE = 5, 64
MAX_COUNT = 1_000_000
MIN_CLASSES, MAX_CLASSES = 2, 10

_CHUNK_PIXELS = 1 << 20     # pixels per noise seed (so per chunk: saved data sets rely on it)
_RENDER_CHUNKS = 4          # chunks drawn at once: 4% faster than 1, 3-5% faster than 8 (the
                            # O's work arrays are split into rows that fit the cache anyway)


@dataclass(frozen=True)
class Variation:
    """How far generated letters may stray from the canonical ones (0 = canonical).

    Each knob also drives the way people draw on a bigger grid: ``shift`` lets some letters
    be drawn small and anywhere (``small``), ``scale`` flattens letters and makes an O
    squarish (``squash``), ``deform`` makes strokes uneven, overshooting, broken or thin
    (``strokes``).
    """

    shift: float = 0.0      # max translation as a fraction of the grid
    scale: float = 0.0      # max relative size change (0.25 -> 0.75..1.25)
    rotation: float = 0.0   # max rotation in degrees
    thickness: float = 0.0  # max extra stroke width, in pixels at 9x9
    deform: float = 0.0     # amplitude of a smooth random wobble, in pixels at 9x9
    noise: float = 0.0      # probability of flipping each pixel

    def __post_init__(self) -> None:
        for f in fields(self):
            value, limit = getattr(self, f.name), _LIMITS[f.name]
            try:
                ok = 0.0 <= float(value) <= limit    # False for NaN
            except (TypeError, ValueError):
                ok = False
            if not ok:
                raise ConfigError(
                    f"variation {f.name} must be a number from 0 to {limit:g} (got {value!r})")

    @property
    def small(self) -> float:
        """The share of letters drawn small and placed anywhere, even in a corner."""
        return min(1.0, 4.0 * self.shift)

    @property
    def squash(self) -> float:
        """Max flattening (aspect change); an O gets up to twice this squarish."""
        return min(0.6, self.scale)

    @property
    def strokes(self) -> float:
        """Uneven stroke lengths: overshooting or stopping short of a join (a gap); an O
        left open; thin strokes on big grids."""
        return min(1.0, self.deform)


_LIMITS = {"shift": 0.5, "scale": 0.6, "rotation": 180.0, "thickness": 4.0, "deform": 2.0,
           "noise": 0.5}

VARIATION_LEVELS: dict[str, Variation] = {
    "none": Variation(),
    "low": Variation(shift=0.05, scale=0.1, rotation=8, thickness=0.1, deform=0.15, noise=0.0),
    "medium": Variation(shift=0.1, scale=0.2, rotation=15, thickness=0.2, deform=0.3, noise=0.02),
    "high": Variation(shift=0.15, scale=0.3, rotation=30, thickness=0.6, deform=0.5, noise=0.05),
}


def variation_level(name: str) -> Variation:
    """The named level of variation ('none', 'low', 'medium', 'high')."""
    try:
        return VARIATION_LEVELS[str(name).strip().lower()]
    except KeyError:
        raise ConfigError(
            f"unknown variation level {name!r}; choose one of {', '.join(VARIATION_LEVELS)}") from None


def check_size(size: int) -> int:
    """The grid size as an int; ConfigError unless it is a whole number from 5 to 64."""
    try:
        if isinstance(size, bool):
            raise TypeError
        size = operator.index(size)
    except TypeError:
        raise ConfigError(f"grid size must be a whole number (got {size!r})") from None
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ConfigError(f"grid size must be from {MIN_SIZE} to {MAX_SIZE} (got {size})")
    return size



def check_count(count: int) -> int:
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or not 1 <= count <= MAX_COUNT:
        raise ConfigError("number of images must be from 1 to {most:,} (got {count!r})",
                          most=MAX_COUNT, count=count)
    return int(count)


def check_seed(seed: int, what: str = "seed") -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ConfigError(f"{what} must be a whole number of at least 0 (got {seed!r})")
    return int(seed)


def shape_name(name: str) -> str:
    """The canonical spelling of a shape ('x' -> 'X', 'Square' -> 'square')."""
    key = str(name).strip()
    for shape in SHAPES:
        if key.lower() == shape.lower():
            return shape
    raise ConfigError("unknown letter {name!r}; choose from {known}", name=name,
                      known=", ".join(SHAPES))


def check_classes(classes: Sequence[str], known: Sequence[str] | None = SHAPES) -> tuple[str, ...]:
    """2 to 10 distinct class names from ``known`` (letter shapes by default, spelled as in
    SHAPES; None allows any name); ConfigError otherwise."""
    if isinstance(classes, str) or not all(isinstance(c, str) for c in classes):
        raise ConfigError(f"class names must be a list of names (got {classes!r})")
    if known is SHAPES:
        names = tuple(shape_name(c) for c in classes)
    else:
        names = tuple(c.strip() for c in classes)
        for name in names:
            if known is not None and name not in known:
                raise ConfigError("unknown class {name!r}; choose from {known}", name=name,
                                  known=", ".join(known))
    if not MIN_CLASSES <= len(names) <= MAX_CLASSES:
        raise ConfigError("a data set needs {least} to {most} classes (got {n})",
                          least=MIN_CLASSES, most=MAX_CLASSES, n=len(names))
    if len(set(names)) != len(names) or not all(names):
        raise ConfigError("each class needs its own name (got {names})",
                          names=", ".join(names))
    return names


def balanced_labels(count: int, classes: int, rng: np.random.Generator) -> np.ndarray:
    """Shuffled labels, count // classes of each, the first classes one more when it does
    not divide (an odd count of X/O gives one extra X)."""
    labels = np.repeat(np.arange(classes, dtype=np.int64), count // classes)
    labels = np.concatenate([np.arange(count % classes, dtype=np.int64), labels])
    return rng.permutation(labels)


# ---------------------------------------------------------------------------- public

def canonical(letter: str, size: int = 9) -> np.ndarray:
    """The tutorial's X or O (or another shape); at 9x9 X and O are exactly the README's
    pictures."""
    shape, size = shape_name(letter), check_size(size)
    return to_images(render(shape, size, Geometry.plain(1)))[0]


def generate(count: int, size: int = 9, variation: Variation | str = "medium",
             seed: int = 0, classes: Sequence[str] = CLASSES) -> tuple[np.ndarray, np.ndarray]:
    """Balanced, shuffled letter images (count, size, size) float32 of ±1 and labels
    (count,) int64 indexing ``classes`` (default X and O).

    The same seed always gives the same data, so experiments can be repeated.
    """
    size, count, seed = check_size(size), check_count(count), check_seed(seed)
    check_dataset_size(count, size, size)     # refused before any memory is taken
    var = variation_level(variation) if isinstance(variation, str) else variation
    if not isinstance(var, Variation):
        raise ConfigError(f"variation must be a level name or a Variation (got {variation!r})")
    shapes = check_classes(classes)
    keep_freed_memory()             # chunk buffers are reused instead of page-faulted afresh
    label_seed, noise_seed, *shape_seeds = np.random.SeedSequence(seed).spawn(2 + len(shapes))
    rng_positions = np.random.default_rng(label_seed)
    labels = balanced_labels(count, len(shapes), rng_positions)
    geometry = [random_geometry(shape, int(np.sum(labels == label)), size, var,
                                 np.random.default_rng(shape_seed))
                for label, (shape, shape_seed) in enumerate(zip(shapes, shape_seeds))]
    rank = np.empty(count, dtype=np.int64)           # each image's place within its class
    for label in range(len(shapes)):
        mine = labels == label
        rank[mine] = np.arange(int(mine.sum()))
    images = np.empty((count, size, size), dtype=np.float32)
    step = max(1, _CHUNK_PIXELS // (size * size))
    starts = range(0, count, step)
    noise_seeds = noise_seed.spawn(len(starts))     # one per chunk: chunks are independent
    batch = step * _RENDER_CHUNKS

    def render_batch(start: int) -> None:
        """Render the output images from ``start`` on, ``_RENDER_CHUNKS`` chunks, in place.
        (Chunks on two threads measured 2.5x slower than one thread on this 2-core machine.)"""
        part = slice(start, start + batch)
        block = np.empty((len(labels[part]), size, size), dtype=np.int8)
        for label in np.unique(labels[part]):
            local = np.flatnonzero(labels[part] == label)
            first = rank[part.start + local[0]]           # a class's ranks in a batch: a run
            runs = np.argsort(geometry[label].gap[first:first + len(local), 0], kind="stable")
            ink = render(shapes[label], size, geometry[label].take(first + runs))  # open O's: a run
            block[local[runs]] = ink.view(np.int8).transpose(2, 0, 1)
        block *= 2                                       # ±1 while still one byte a pixel,
        block -= 1
        if var.noise > 0:                                # each chunk's noise from its own seed
            for offset in range(0, len(block), step):
                flip_noise(block[offset:offset + step], var.noise,
                           np.random.default_rng(noise_seeds[(start + offset) // step]))
        np.copyto(images[part], block)                   # so the output is written once

    for start in range(0, count, batch):
        render_batch(start)
    return images, labels


def split(images: np.ndarray, labels: np.ndarray, validation: float = 0.2, seed: int = 0
          ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Seeded split into (train, validation), each class divided in the same proportion."""
    labels = np.asarray(labels)
    if len(images) != len(labels):
        raise ConfigError(f"{len(images)} images but {len(labels)} labels")
    if not isinstance(validation, (int, float)) or not 0.0 <= validation <= 0.9:
        raise ConfigError(f"validation fraction must be from 0 to 0.9 (got {validation!r})")
    rng = np.random.default_rng(seed)
    val_parts, train_parts = [], []
    for cls in np.unique(labels):
        idx = rng.permutation(np.flatnonzero(labels == cls))
        n_val = int(round(len(idx) * validation))
        val_parts.append(idx[:n_val])
        train_parts.append(idx[n_val:])
    train = rng.permutation(np.concatenate(train_parts or [np.zeros(0, int)]))
    val = rng.permutation(np.concatenate(val_parts or [np.zeros(0, int)]))
    return (images[train], labels[train]), (images[val], labels[val])


# kind -> (shift (rows, cols) in units, scale, rotation degrees, extra stroke width)
_PRESET_GEOMETRY = {
    "": ((0.0, 0.0), 1.0, 0.0, 0.0),
    "shifted": ((0.0, 1.0), 1.0, 0.0, 0.0),
    "small": ((0.0, 0.0), 0.7, 0.0, 0.0),
    "large": ((0.0, 0.0), 1.3, 0.0, 0.0),
    "rotated": ((0.0, 0.0), 1.0, 20.0, 0.0),
    "thick": ((0.0, 0.0), 1.0, 0.0, 0.8),
    "noisy": ((0.0, 0.0), 1.0, 0.0, 0.0),
}
PRESETS: tuple[str, ...] = tuple(
    f"{letter}-{kind}" if kind else letter for kind in _PRESET_GEOMETRY for letter in ("x", "o"))
_NOISY_FRACTION = 0.06      # about 5 flipped pixels at 9x9


def preset(name: str, size: int = 9) -> np.ndarray:
    """A named test image (canonical, shifted, small, large, rotated, thick, noisy X or O)."""
    key = str(name).strip().lower()
    if key not in PRESETS:
        raise ConfigError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    size = check_size(size)
    letter, _, kind = key.partition("-")
    shift, scale, angle, extra = _PRESET_GEOMETRY[kind]
    g = Geometry.plain(1)
    g.shift, g.scale = np.array([shift], dtype=float), np.array([scale])
    g.angle, g.half = np.radians([angle]), np.array([HALF_STROKE + extra / 2])
    image = to_images(render(shape_name(letter), size, g))[0]
    if kind == "noisy":
        rng = np.random.default_rng(1234 + preset_label(key))   # fixed: the same pixels every time
        flat = image.reshape(-1)
        spots = rng.choice(flat.size, max(1, round(_NOISY_FRACTION * flat.size)), replace=False)
        flat[spots] = -flat[spots]
    return image


def preset_label(name: str) -> int:
    """The class index of a preset: 0 for X presets, 1 for O presets."""
    key = str(name).strip().lower()
    if key not in PRESETS:
        raise ConfigError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    return CLASSES.index(key.partition("-")[0].upper())
