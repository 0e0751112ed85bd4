"""Generated letter images: the tutorial's canonical X and O, more shapes, and
hand-drawing-like variety.

Every shape is a few straight strokes (X, +, T, L, square, V, Z, H, triangle) or a ring
(O).  Geometry is in units of ``size / 9`` pixels, so at 9x9 with no variation the result
is exactly the tutorial's picture, and larger grids show the same letter finer.

Rendering is vectorized over the images and cheap per pixel: the random shift, rotation,
scale, aspect and wobble are chosen so that the letter's own coordinates are a sum of a
per-row and a per-column term (the wobble moves rows sideways as a smooth function of the
row and columns up and down as a function of the column), and so is every stroke's
distance along and across itself.  A pixel is then inked by a few additions and
comparisons, with no per-pixel trigonometry, a chunk of images at a time.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, fields
from typing import Sequence

import numpy as np

from .errors import ConfigError
from .limits import check_dataset_size
from .memory import keep_freed_memory

CLASSES = ("X", "O")        # the tutorial's two letters: the default classes
MIN_SIZE, MAX_SIZE = 5, 64
MAX_COUNT = 1_000_000
MIN_CLASSES, MAX_CLASSES = 2, 10

_TWO_BITS = np.array(2.0, dtype=np.float32).view(np.uint32)   # 2.0's bits as an unsigned int
_UNITS = 9                  # geometry is drawn on a 9-unit grid, pixel centres at 0..8
_O_RADIUS = 2.9             # O: ink at distances 2.83, 3.0, 3.16; background at 2.24, 3.6
_HALF_STROKE = 0.45         # half the stroke width: about 1 px at 9x9
_EDGE = 4.5                 # the grid's edge, measured from the centre
_CHUNK_PIXELS = 1 << 20     # pixels per pass (4 MB work buffers): measured faster than 2^17..2^19, 2^21

# Strokes as ((row, col), (row, col)) in units from the centre, rows pointing down.
_STROKES: dict[str, tuple[tuple[tuple[float, float], tuple[float, float]], ...]] = {
    "X": (((-3, -3), (3, 3)), ((-3, 3), (3, -3))),
    "O": (),                                            # a ring, see _render
    "+": (((-3, 0), (3, 0)), ((0, -3), (0, 3))),
    "T": (((-3, -3), (-3, 3)), ((-3, 0), (3, 0))),
    "L": (((-3, -2), (3, -2)), ((3, -2), (3, 2))),
    "square": (((-3, -3), (-3, 3)), ((-3, 3), (3, 3)), ((3, 3), (3, -3)), ((3, -3), (-3, -3))),
    "V": (((-3, -3), (3, 0)), ((3, 0), (-3, 3))),
    "Z": (((-3, -3), (-3, 3)), ((-3, 3), (3, -3)), ((3, -3), (3, 3))),
    "H": (((-3, -2), (3, -2)), ((-3, 2), (3, 2)), ((0, -2), (0, 2))),
    "triangle": (((-3, 0), (3, -3)), ((3, -3), (3, 3)), ((3, 3), (-3, 0))),
}
SHAPES: tuple[str, ...] = tuple(_STROKES)      # every class name a letters set may use


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
        raise ConfigError(f"number of images must be from 1 to {MAX_COUNT:,} (got {count!r})")
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
    raise ConfigError(f"unknown letter {name!r}; choose from {', '.join(SHAPES)}")


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
                raise ConfigError(f"unknown class {name!r}; choose from {', '.join(known)}")
    if not MIN_CLASSES <= len(names) <= MAX_CLASSES:
        raise ConfigError(f"a data set needs {MIN_CLASSES} to {MAX_CLASSES} classes "
                          f"(got {len(names)})")
    if len(set(names)) != len(names) or not all(names):
        raise ConfigError(f"each class needs its own name (got {', '.join(names)})")
    return names


def balanced_labels(count: int, classes: int, rng: np.random.Generator) -> np.ndarray:
    """Shuffled labels, count // classes of each, the first classes one more when it does
    not divide (an odd count of X/O gives one extra X)."""
    labels = np.repeat(np.arange(classes, dtype=np.int64), count // classes)
    labels = np.concatenate([np.arange(count % classes, dtype=np.int64), labels])
    return rng.permutation(labels)


# ---------------------------------------------------------------------------- geometry

@dataclass
class _Geometry:
    """Per-image drawing parameters (all arrays have one row per image)."""

    shift: np.ndarray       # (N, 2) rows, cols in units
    scale: np.ndarray       # (N,)
    aspect: np.ndarray      # (N, 2) extra factor on the letter's rows and columns
    angle: np.ndarray       # (N,) radians
    half: np.ndarray        # (N,) half stroke in units
    wobble: np.ndarray      # (N, 6) row amp, wave number, phase; column amp, wave number, phase
    ends: np.ndarray        # (N, 4, 2) how far each stroke's start and end overshoot (units)
    gap: np.ndarray         # (N, 3) an O's opening: 0 (-1: closed), direction (turns), half width
    squarish: np.ndarray    # (N,) squircle amount of an O (0 = round)

    @classmethod
    def plain(cls, n: int) -> "_Geometry":
        return cls(np.zeros((n, 2)), np.ones(n), np.ones((n, 2)), np.zeros(n),
                   np.full(n, _HALF_STROKE), np.zeros((n, 6)), np.zeros((n, 4, 2)),
                   np.tile([-1.0, 0.0, 0.0], (n, 1)), np.zeros(n))

    def take(self, index: np.ndarray) -> "_Geometry":
        return _Geometry(*(getattr(self, f.name)[index] for f in fields(self)))


def _render(shape: str, size: int, g: _Geometry) -> np.ndarray:
    """Ink of one shape for per-image geometry ``g``: bool (size, size, N), images last.

    With the images on the last axis every NumPy pass runs over long contiguous rows and
    the per-image numbers broadcast along them, which is what makes this fast.
    """
    n = len(g.scale)
    f32 = np.float32
    p = ((np.arange(size, dtype=f32) + f32(0.5)) * f32(_UNITS / size) - f32(0.5 + _UNITS // 2))[:, None]
    # Image-frame coordinates: y = y_row[r] + y_col[c], x = x_row[r] + x_col[c] (the wobble
    # bends rows with the column and columns with the row, which keeps that form).
    y_row, x_col = p - g.shift[:, 0].astype(f32), p - g.shift[:, 1].astype(f32)
    wobbly = bool(g.wobble[:, 0].any() or g.wobble[:, 3].any())
    if wobbly:
        amp_r, k_r, ph_r, amp_c, k_c, ph_c = g.wobble.astype(f32).T
        y_col, x_row = amp_r * np.sin(k_r * p + ph_r), amp_c * np.sin(k_c * p + ph_c)
    cos_v, sin_v = np.cos(g.angle) / (g.scale * g.aspect[:, 0]), np.sin(g.angle) / (g.scale * g.aspect[:, 0])
    cos_u, sin_u = np.cos(g.angle) / (g.scale * g.aspect[:, 1]), np.sin(g.angle) / (g.scale * g.aspect[:, 1])
    limit = g.half / (g.scale * np.sqrt(g.aspect[:, 0] * g.aspect[:, 1]))   # in letter units
    tmp = np.empty((size, size, n), dtype=f32)
    a, b = np.empty(tmp.shape, dtype=bool), np.empty(tmp.shape, dtype=bool)
    everyone = slice(None)

    def field(alpha, beta, gamma=0.0, out=None, cut=everyone) -> np.ndarray:
        """(alpha·v + beta·u + gamma) at every pixel of the images ``cut``, v and u the
        letter's own row and column coordinates (alpha, beta, gamma: numbers or one per
        image of the cut)."""
        on_y = (alpha * cos_v[cut] + beta * sin_u[cut]).astype(f32)      # coefficient of y
        on_x = (beta * cos_u[cut] - alpha * sin_v[cut]).astype(f32)      # coefficient of x
        row = on_y * y_row[:, cut] + np.asarray(gamma, dtype=f32)
        col = on_x * x_col[:, cut]
        if wobbly:
            row += on_x * x_row[:, cut]
            col += on_y * y_col[:, cut]
        return np.add(row[:, None, :], col[None, :, :], out=tmp[:, :, cut] if out is None else out)

    def within_one(alpha, beta, gamma, out: np.ndarray, cut=everyone) -> np.ndarray:
        """|alpha·v + beta·u + gamma| < 1 at every pixel of the images ``cut``: one pass,
        as 0 <= field + 1 < 2, which for float32 bits read as unsigned integers is one
        comparison (a negative number has its sign bit set, so it reads as huge)."""
        values = field(alpha, beta, np.asarray(gamma) + 1.0, cut=cut)
        return np.less(values.view(np.uint32), _TWO_BITS, out=out[:, :, cut])

    # Images whose O has a gap are one contiguous run (the caller sorts them so).
    gap_cut = lambda j: slice(*np.searchsorted(g.gap[:, 0], [j, j + 1]))
    if shape == "O":
        # The ring test (R - l)² < r² < (R + l)² as one comparison: with v and u scaled by
        # 1/sqrt(half the band), r²/band - centre/band + 1 must lie in [0, 2).
        outer2 = (_O_RADIUS + limit) ** 2
        inner2 = np.maximum(_O_RADIUS - limit, 0) ** 2
        band, centre = (outer2 - inner2) / 2, (outer2 + inner2) / 2
        k = 1 / np.sqrt(band)
        v = field(k, 0.0, out=np.empty_like(tmp))
        u = field(0.0, k)
        np.multiply(v, v, out=v)
        np.multiply(u, u, out=u)
        if np.any(g.squarish):                     # squircle: v² + u²(1 - s·v²/R²) = R²
            w = np.multiply(v, (-g.squarish * band / _O_RADIUS ** 2).astype(f32))
            w += 1
            u *= w
        u += v
        u += (1 - centre / band).astype(f32)
        ink = np.less(u.view(np.uint32), _TWO_BITS)
        cut = gap_cut(0)
        if cut.start < cut.stop:                   # a strip cut through one side of the ring
            theta = g.gap[cut, 1] * 2 * np.pi
            ct, st, width = np.cos(theta), np.sin(theta), g.gap[cut, 2]
            part = np.empty((size, size, cut.stop - cut.start), dtype=f32)   # contiguous: fast
            field(ct / width, -st / width, 1.0, out=part, cut=cut)
            strip = np.less(part.view(np.uint32), _TWO_BITS)          # |across| < width
            strip &= field(st, ct, out=part, cut=cut) > 0             # on one side only
            ink[:, :, cut] &= ~strip
        return ink
    ink = None
    for j, ((r0, c0), (r1, c1)) in enumerate(_STROKES[shape]):
        length = float(np.hypot(r1 - r0, c1 - c0))
        dv, du = (r1 - r0) / length, (c1 - c0) / length
        across0, along0 = du * r0 - dv * c0, -(dv * r0 + du * c0)    # values at the centre
        within_one(-du / limit, dv / limit, across0 / limit, a)
        lo, hi = -limit - g.ends[:, j, 0], length + limit + g.ends[:, j, 1]
        mid, half = (lo + hi) / 2, np.maximum((hi - lo) / 2, 1e-9)
        within_one(dv / half, du / half, (along0 - mid) / half, b)
        if ink is None:                            # the first stroke: its ink as it is
            ink = np.logical_and(a, b)
        else:
            a &= b
            ink |= a
    return ink


def _to_images(ink: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Bool ink (size, size, N) -> float32 images (N, size, size) of +1 (ink) and -1."""
    images = np.multiply(np.ascontiguousarray(ink.view(np.uint8).transpose(2, 0, 1)),
                         np.float32(2), out=out, dtype=np.float32)
    images -= 1
    return images


def _extent(shape: str, g: _Geometry) -> tuple[np.ndarray, np.ndarray]:
    """Per image, the letter's lowest and highest (row, col) offsets from its centre, (N, 2)
    each, in units, strokes' centre lines only."""
    cos, sin = np.cos(g.angle)[:, None], np.sin(g.angle)[:, None]
    if shape == "O":                                   # an ellipse's box, a little more if squarish
        rv = _O_RADIUS * g.scale[:, None] * g.aspect[:, :1] * (1 + 0.25 * g.squarish[:, None])
        ru = _O_RADIUS * g.scale[:, None] * g.aspect[:, 1:] * (1 + 0.25 * g.squarish[:, None])
        hi = np.column_stack([np.hypot(rv * cos, ru * sin)[:, 0], np.hypot(rv * sin, ru * cos)[:, 0]])
        return -hi, hi
    points = np.array([pt for stroke in _STROKES[shape] for pt in stroke], dtype=float)
    V = points[None, :, 0] * (g.scale * g.aspect[:, 0])[:, None]
    U = points[None, :, 1] * (g.scale * g.aspect[:, 1])[:, None]
    rows, cols = cos * V + sin * U, -sin * V + cos * U
    return (np.column_stack([rows.min(1), cols.min(1)]),
            np.column_stack([rows.max(1), cols.max(1)]))


def _random_geometry(shape: str, count: int, size: int, var: Variation,
                     rng: np.random.Generator) -> _Geometry:
    g = _Geometry.plain(count)
    unit = lambda: rng.uniform(0.0, 1.0, count)
    sym = lambda: rng.uniform(-1.0, 1.0, count)
    g.scale = 1.0 + var.scale * sym()
    small = unit() < var.small
    low = min(max(0.35, 7.5 / size), 0.9)              # a small letter still spans ~5 px
    g.scale = np.where(small, rng.uniform(low, max(low, 0.7), count), g.scale)
    flat = 1.0 - var.squash * unit()
    g.aspect = np.where(unit()[:, None] < 0.5, np.column_stack([flat, np.ones(count)]),
                        np.column_stack([np.ones(count), flat]))
    g.angle = np.radians(var.rotation * sym())
    thin = min(_HALF_STROKE, 0.55 * _UNITS / size)      # a one-pixel stroke on a big grid
    base = np.where(unit() < var.strokes, rng.uniform(thin, _HALF_STROKE, count), _HALF_STROKE)
    g.half = base + var.thickness * unit() / 2
    amp = var.deform * unit()
    k = lambda: 2 * np.pi / rng.uniform(6.0, 12.0, count)
    g.wobble = np.column_stack([amp, k(), rng.uniform(0, 2 * np.pi, count),
                                amp, k(), rng.uniform(0, 2 * np.pi, count)])
    g.ends = var.strokes * rng.uniform(-1.5, 1.5, (count, 4, 2))
    has_gap = (unit() < var.strokes / 2) & (shape == "O")   # strokes get gaps from short ends
    g.gap = np.column_stack([np.where(has_gap, 0, -1), unit(), rng.uniform(0.35, 0.65, count)])
    g.squarish = np.minimum(2 * var.squash, 1.0) * unit() if shape == "O" else np.zeros(count)
    # Keep the letter inside the grid: shrink it if needed, then shift only as far as
    # there is room (a small letter may go anywhere, even into a corner).
    margin = g.half + amp
    lo, hi = _extent(shape, g)
    reach = np.maximum(-lo, hi).max(axis=1)
    fit = np.clip((_EDGE - margin) / np.maximum(reach, 1e-9), 0.1, 1.0)
    g.scale = g.scale * fit
    lo, hi = lo * fit[:, None], hi * fit[:, None]
    cap = np.where(small, _EDGE, var.shift * _UNITS)[:, None]
    room_lo = np.maximum(-_EDGE + margin[:, None] - lo, -cap)
    room_hi = np.minimum(_EDGE - margin[:, None] - hi, cap)
    room_lo, room_hi = np.minimum(room_lo, 0), np.maximum(room_hi, 0)
    g.shift = room_lo + (room_hi - room_lo) * rng.uniform(0.0, 1.0, (count, 2))
    return g


def _flip_noise(images: np.ndarray, noise: float, rng: np.random.Generator) -> None:
    """Flip each pixel with probability ``noise``: the gaps between flips of a Bernoulli
    process are geometric, so only the flipped pixels are ever drawn."""
    flat = images.reshape(-1)
    total = flat.size
    expected = total * noise
    position = -1
    while True:
        gaps = rng.geometric(noise, int(expected * 1.1) + 64)
        spots = position + np.cumsum(gaps)
        inside = spots[spots < total]
        flat[inside] = -flat[inside]
        if len(inside) < len(spots):
            return
        position = int(spots[-1])


# ---------------------------------------------------------------------------- public

def canonical(letter: str, size: int = 9) -> np.ndarray:
    """The tutorial's X or O (or another shape); at 9x9 X and O are exactly the README's
    pictures."""
    shape, size = shape_name(letter), check_size(size)
    return _to_images(_render(shape, size, _Geometry.plain(1)))[0]


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
    geometry = [_random_geometry(shape, int(np.sum(labels == label)), size, var,
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

    def render_chunk(index: int) -> None:
        """Render the output images of chunk ``index`` in place.  (Chunks on two threads
        measured 2.5x slower than one thread on this 2-core machine.)"""
        part = slice(starts[index], starts[index] + step)
        block = np.empty((len(labels[part]), size, size), dtype=np.int8)
        for label in np.unique(labels[part]):
            local = np.flatnonzero(labels[part] == label)
            g = geometry[label].take(rank[part][local])
            runs = np.argsort(g.gap[:, 0], kind="stable")    # open O's in one run
            ink = _render(shapes[label], size, g.take(runs))
            block[local[runs]] = ink.view(np.int8).transpose(2, 0, 1)
        block *= 2                                       # ±1 while still one byte a pixel,
        block -= 1
        if var.noise > 0:
            _flip_noise(block, var.noise, np.random.default_rng(noise_seeds[index]))
        np.copyto(images[part], block)                   # so the output is written once

    for index in range(len(starts)):
        render_chunk(index)
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
    g = _Geometry.plain(1)
    g.shift, g.scale = np.array([shift], dtype=float), np.array([scale])
    g.angle, g.half = np.radians([angle]), np.array([_HALF_STROKE + extra / 2])
    image = _to_images(_render(shape_name(letter), size, g))[0]
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
