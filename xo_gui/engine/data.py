"""Generated X and O images: the tutorial's canonical letters plus hand-drawing-like variety.

Letters are rendered geometrically, the whole batch at once: every pixel centre is mapped
back into the letter's own frame (undoing shift, rotation, scale and a smooth wobble) and
inked where it lies within half a stroke of the letter (two diagonal segments for X, a
ring for O).  Geometry is in units of ``size / 9`` pixels, so at 9x9 with no variation the
result is exactly the tutorial's picture, and larger grids show the same letter finer.
"""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass, fields

import numpy as np

from .errors import ConfigError
from .limits import check_dataset_size

CLASSES = ("X", "O")
MIN_SIZE, MAX_SIZE = 5, 64
MAX_COUNT = 1_000_000

_UNITS = 9                  # geometry is drawn on a 9-unit grid, pixel centres at 0..8
_CENTRE = 4.0
_X_ARM = 3.0                # X: segments from (1,1) to (7,7) and (1,7) to (7,1)
_O_RADIUS = 2.9             # O: ink at distances 2.83, 3.0, 3.16; background at 2.24, 3.6
_HALF_STROKE = 0.45         # half the stroke width: about 1 px at 9x9
_EDGE = 4.5                 # the grid's edge, measured from the centre
_CHUNK_PIXELS = 4_000_000   # render at most this many pixels per pass to bound memory


@dataclass(frozen=True)
class Variation:
    """How far generated letters may stray from the canonical ones (0 = canonical)."""

    shift: float = 0.0      # max translation as a fraction of the grid
    scale: float = 0.0      # max relative size change (0.25 -> 0.75..1.25)
    rotation: float = 0.0   # max rotation in degrees
    thickness: float = 0.0  # max extra stroke width, in pixels at 9x9
    deform: float = 0.0     # amplitude of a smooth random wobble, in pixels at 9x9
    noise: float = 0.0      # probability of flipping each pixel

    def __post_init__(self) -> None:
        limits = {"shift": 0.5, "scale": 0.6, "rotation": 180.0, "thickness": 4.0,
                  "deform": 2.0, "noise": 0.5}
        for f in fields(self):
            value = getattr(self, f.name)
            try:
                ok = 0.0 <= float(value) <= limits[f.name]    # False for NaN
            except (TypeError, ValueError):
                ok = False
            if not ok:
                raise ConfigError(
                    f"variation {f.name} must be a number from 0 to {limits[f.name]:g} (got {value!r})")


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


def _check_size(size: int) -> int:
    try:
        if isinstance(size, bool):
            raise TypeError
        size = operator.index(size)
    except TypeError:
        raise ConfigError(f"grid size must be a whole number (got {size!r})") from None
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ConfigError(f"grid size must be from {MIN_SIZE} to {MAX_SIZE} (got {size})")
    return size


def _letter_index(letter: str) -> int:
    name = str(letter).strip().upper()
    if name not in CLASSES:
        raise ConfigError(f"unknown letter {letter!r}; choose one of {', '.join(CLASSES)}")
    return CLASSES.index(name)


def _render(labels: np.ndarray, size: int, shift: np.ndarray, scale: np.ndarray,
            angle: np.ndarray, half: np.ndarray, wobble: np.ndarray) -> np.ndarray:
    """Images (N, size, size) of ±1 for per-sample geometry (all arrays have N rows).

    shift (N, 2) rows/cols in units; scale, angle (radians), half (half stroke) (N,);
    wobble (N, 7): amplitude, then wave vector and phase for rows and for columns.
    """
    p = ((np.arange(size) + 0.5) * (_UNITS / size) - 0.5 - _CENTRE).astype(np.float32)
    col = lambda a: np.asarray(a, dtype=np.float32)[:, None, None]   # float32: twice as fast
    y = p[None, :, None] - col(shift[:, 0])                          # pixel centres in units
    x = p[None, None, :] - col(shift[:, 1])
    cos, sin = col(np.cos(angle)), col(np.sin(angle))
    v = (cos * y - sin * x) / col(scale)                     # undo rotation, then scale
    u = (sin * y + cos * x) / col(scale)
    if np.any(wobble[:, 0]):
        amp = col(wobble[:, 0])
        v, u = (v + amp * np.sin(col(wobble[:, 1]) * v + col(wobble[:, 2]) * u + col(wobble[:, 3])),
                u + amp * np.sin(col(wobble[:, 4]) * v + col(wobble[:, 5]) * u + col(wobble[:, 6])))
    limit = col(half / scale)                                # half stroke in the letter's frame
    # X: squared distance to the two diagonal segments, along and across each diagonal.
    reach = np.float32(_X_ARM * math.sqrt(2.0))
    along1, along2 = (u + v) * np.float32(math.sqrt(0.5)), (u - v) * np.float32(math.sqrt(0.5))
    d1 = along2 ** 2 + (along1 - np.clip(along1, -reach, reach)) ** 2
    d2 = along1 ** 2 + (along2 - np.clip(along2, -reach, reach)) ** 2
    ink_x = np.minimum(d1, d2) < limit ** 2
    ink_o = np.abs(np.sqrt(u * u + v * v) - np.float32(_O_RADIUS)) < limit   # O: a ring
    ink = np.where((labels == 0)[:, None, None], ink_x, ink_o)
    return np.where(ink, np.float32(1.0), np.float32(-1.0))


def _render_one(label: int, size: int, shift=(0.0, 0.0), scale=1.0, angle_deg=0.0,
                extra=0.0) -> np.ndarray:
    return _render(np.array([label]), size, np.array([shift], dtype=float), np.array([scale]),
                   np.radians([angle_deg]), np.array([_HALF_STROKE + extra / 2]),
                   np.zeros((1, 7)))[0]


def canonical(letter: str, size: int = 9) -> np.ndarray:
    """The tutorial's X or O; at 9x9 exactly the pictures of PRODUCT.md section 1."""
    return _render_one(_letter_index(letter), _check_size(size))


def generate(count: int, size: int = 9, variation: Variation | str = "medium",
             seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Balanced, shuffled X/O images (count, size, size) float32 and labels (count,) int64.

    The same seed always gives the same data, so experiments can be repeated.
    """
    size = _check_size(size)
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or not 1 <= count <= MAX_COUNT:
        raise ConfigError(f"number of images must be from 1 to {MAX_COUNT:,} (got {count!r})")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ConfigError(f"seed must be a whole number of at least 0 (got {seed!r})")
    var = variation_level(variation) if isinstance(variation, str) else variation
    if not isinstance(var, Variation):
        raise ConfigError(f"variation must be a level name or a Variation (got {variation!r})")
    count = int(count)
    check_dataset_size(count, size, size)     # refused before any memory is taken
    geometry_seed, noise_seed = np.random.SeedSequence(int(seed)).spawn(2)
    rng = np.random.default_rng(geometry_seed)

    labels = np.zeros(count, dtype=np.int64)
    labels[count - count // 2:] = 1                       # odd count: one extra X
    labels = rng.permutation(labels)
    sym = lambda: rng.uniform(-1.0, 1.0, count)
    scale = 1.0 + var.scale * sym()
    angle = np.radians(var.rotation * sym())
    half = _HALF_STROKE + var.thickness * rng.uniform(0.0, 1.0, count) / 2
    # Wobble: one smooth sine wave per axis, wavelength 6..12 units, random direction.
    amp = var.deform * rng.uniform(0.0, 1.0, count)
    waves = []
    for _ in range(2):
        k = 2 * np.pi / rng.uniform(6.0, 12.0, count)
        theta = rng.uniform(0.0, 2 * np.pi, count)
        waves += [k * np.cos(theta), k * np.sin(theta), rng.uniform(0.0, 2 * np.pi, count)]
    wobble = np.column_stack([amp, *waves])
    # Keep the letter's bounding box inside the grid: shrink it if needed, then shift
    # only as far as there is room.
    turn = np.abs(np.cos(angle)) + np.abs(np.sin(angle))
    reach = np.where(labels == 0, _X_ARM * turn, _O_RADIUS)
    scale = np.minimum(scale, (_EDGE - half - amp) / reach)
    extent = reach * scale + half + amp
    room = np.clip(_EDGE - extent, 0.0, var.shift * _UNITS)
    shift = rng.uniform(-1.0, 1.0, (count, 2)) * room[:, None]

    images = np.empty((count, size, size), dtype=np.float32)
    noise_rng = np.random.default_rng(noise_seed)
    step = max(1, _CHUNK_PIXELS // (size * size))
    for start in range(0, count, step):                    # chunks bound memory, not per sample
        part = slice(start, start + step)
        batch = _render(labels[part], size, shift[part], scale[part], angle[part], half[part],
                        wobble[part])
        if var.noise > 0:
            flip = noise_rng.random(batch.shape) < var.noise
            batch[flip] = -batch[flip]
        images[part] = batch
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
    size = _check_size(size)
    letter, _, kind = key.partition("-")
    label = _letter_index(letter)
    shift, scale, angle, extra = _PRESET_GEOMETRY[kind]
    image = _render_one(label, size, shift, scale, angle, extra)
    if kind == "noisy":
        rng = np.random.default_rng(1234 + label)          # fixed: the same pixels every time
        flat = image.reshape(-1)
        spots = rng.choice(flat.size, max(1, round(_NOISY_FRACTION * flat.size)), replace=False)
        flat[spots] = -flat[spots]
    return image


def preset_label(name: str) -> int:
    """The class index of a preset: 0 for X presets, 1 for O presets."""
    key = str(name).strip().lower()
    if key not in PRESETS:
        raise ConfigError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    return _letter_index(key.partition("-")[0])
