"""Drawing letters fast: per-image geometry and the vectorized renderer behind data.py.

Every shape is a few straight strokes (X, +, T, L, square, V, Z, H, triangle) or a ring
(O), in units of ``size / 9`` pixels.  Rendering is vectorized over the images and cheap
per pixel: the random shift, rotation, scale, aspect and wobble are chosen so that the
letter's own coordinates are a sum of a per-row and a per-column term, and so is every
stroke's distance along and across itself.  A pixel is then inked by an addition and a
comparison per test, with no per-pixel trigonometry, a chunk of images at a time.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .data import Variation

TWO_BITS = np.array(2.0, dtype=np.float32).view(np.uint32)   # 2.0's bits as an unsigned int
UNITS = 9                  # geometry is drawn on a 9-unit grid, pixel centres at 0..8
O_RADIUS = 2.9             # O: ink at distances 2.83, 3.0, 3.16; background at 2.24, 3.6
HALF_STROKE = 0.45         # half the stroke width: about 1 px at 9x9
EDGE = 4.5                 # the grid's edge, measured from the centre
# Strokes as ((row, col), (row, col)) in units from the centre, rows pointing down.
STROKES: dict[str, tuple[tuple[tuple[float, float], tuple[float, float]], ...]] = {
    "X": (((-3, -3), (3, 3)), ((-3, 3), (3, -3))),
    "O": (),                                            # a ring, see _render_ring
    "+": (((-3, 0), (3, 0)), ((0, -3), (0, 3))),
    "T": (((-3, -3), (-3, 3)), ((-3, 0), (3, 0))),
    "L": (((-3, -2), (3, -2)), ((3, -2), (3, 2))),
    "square": (((-3, -3), (-3, 3)), ((-3, 3), (3, 3)), ((3, 3), (3, -3)), ((3, -3), (-3, -3))),
    "V": (((-3, -3), (3, 0)), ((3, 0), (-3, 3))),
    "Z": (((-3, -3), (-3, 3)), ((-3, 3), (3, -3)), ((3, -3), (3, 3))),
    "H": (((-3, -2), (3, -2)), ((-3, 2), (3, 2)), ((0, -2), (0, 2))),
    "triangle": (((-3, 0), (3, -3)), ((3, -3), (3, 3)), ((3, 3), (-3, 0))),
}
SHAPES: tuple[str, ...] = tuple(STROKES)      # every class name a letters set may use
BLOCK_PIXELS = 1 << 17     # pixels per pass of the O, so its float32 work arrays stay in the
                           # core's cache (measured: 2^16 as fast, 2^15 10% and 2^18 4% slower)


@dataclass
class Geometry:
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
    def plain(cls, n: int) -> "Geometry":
        return cls(np.zeros((n, 2)), np.ones(n), np.ones((n, 2)), np.zeros(n),
                   np.full(n, HALF_STROKE), np.zeros((n, 6)), np.zeros((n, 4, 2)),
                   np.tile([-1.0, 0.0, 0.0], (n, 1)), np.zeros(n))

    def take(self, index: np.ndarray) -> "Geometry":
        return Geometry(*(getattr(self, f.name)[index] for f in fields(self)))


class _Frame:
    """The per-image numbers a chunk's fields are made of.  Image-frame coordinates are
    y = y_row[r] + y_col[c] and x = x_row[r] + x_col[c] (the wobble bends rows with the
    column and columns with the row, which keeps that form); v and u, the letter's own
    coordinates, are a rotation and scaling of them, so any alpha·v + beta·u + gamma is a
    per-row part plus a per-column part too."""

    def __init__(self, size: int, g: Geometry) -> None:
        f32 = np.float32
        p = ((np.arange(size, dtype=f32) + f32(0.5)) * f32(UNITS / size)
             - f32(0.5 + UNITS // 2))[:, None]                       # pixel centres
        self.y_row, self.x_col = p - g.shift[:, 0].astype(f32), p - g.shift[:, 1].astype(f32)
        self.wobbly = bool(g.wobble[:, 0].any() or g.wobble[:, 3].any())
        if self.wobbly:
            amp_r, k_r, ph_r, amp_c, k_c, ph_c = g.wobble.astype(f32).T
            self.y_col = amp_r * np.sin(k_r * p + ph_r)
            self.x_row = amp_c * np.sin(k_c * p + ph_c)
        sv, su = g.scale * g.aspect[:, 0], g.scale * g.aspect[:, 1]
        self.cos_v, self.sin_v = np.cos(g.angle) / sv, np.sin(g.angle) / sv
        self.cos_u, self.sin_u = np.cos(g.angle) / su, np.sin(g.angle) / su
        self.limit = g.half / (g.scale * np.sqrt(g.aspect[:, 0] * g.aspect[:, 1]))  # letter units
        self.shape = (size, size, len(g.scale))
        self.spare = np.empty(self.shape, dtype=bool)
        self.rows = max(1, min(size, BLOCK_PIXELS // (size * len(g.scale))))   # per pass
        self.blocks = [slice(r, min(size, r + self.rows)) for r in range(0, size, self.rows)]

    def work(self, dtype, count: int, images: int | None = None) -> list[np.ndarray]:
        """``count`` work arrays for one pass's rows of ``images`` images (default all)."""
        n = self.shape[2] if images is None else images
        return [np.empty((self.rows, self.shape[1], n), dtype=dtype) for _ in range(count)]

    def terms(self, alpha, beta, gamma=0.0, cut=slice(None)) -> tuple[np.ndarray, np.ndarray]:
        """The per-row and per-column parts, (size, images) each, of alpha·v + beta·u +
        gamma for the images ``cut`` (alpha, beta, gamma: numbers or one per image)."""
        f32 = np.float32
        on_y = (alpha * self.cos_v[cut] + beta * self.sin_u[cut]).astype(f32)   # times y
        on_x = (beta * self.cos_u[cut] - alpha * self.sin_v[cut]).astype(f32)   # times x
        row = on_y * self.y_row[:, cut] + np.asarray(gamma, dtype=f32)
        col = on_x * self.x_col[:, cut]
        if self.wobbly:
            row += on_x * self.x_row[:, cut]
            col += on_y * self.y_col[:, cut]
        return row, col

    def within_one(self, alpha, beta, gamma, out: np.ndarray) -> np.ndarray:
        """|alpha·v + beta·u + gamma| < 1 at every pixel, as -1 - row < col < 1 - row:
        two comparisons of the small per-row and per-column parts broadcast, so no
        float32 field is ever written (1.6x faster than the field and one comparison)."""
        row, col = self.terms(alpha, beta, gamma)
        col = col[None]
        np.less(col, (1 - row)[:, None], out=out)
        out &= np.greater(col, (-1 - row)[:, None], out=self.spare)
        return out


def render(shape: str, size: int, g: Geometry) -> np.ndarray:
    """Ink of one shape for per-image geometry ``g``: bool (size, size, N), images last.

    With the images on the last axis every NumPy pass runs over long contiguous rows and
    the per-image numbers broadcast along them, which is what makes this fast.
    """
    frame = _Frame(size, g)
    return _render_ring(size, g, frame) if shape == "O" else _render_strokes(shape, g, frame)


def _render_strokes(shape: str, g: Geometry, frame: _Frame) -> np.ndarray:
    """A pixel is a stroke's ink when it is within half a stroke across it and within the
    stroke's (uneven) ends along it."""
    limit, ink = frame.limit, None
    across = np.empty(frame.shape, dtype=bool)
    along = np.empty(frame.shape, dtype=bool)
    for j, ((r0, c0), (r1, c1)) in enumerate(STROKES[shape]):
        length = float(np.hypot(r1 - r0, c1 - c0))
        dv, du = (r1 - r0) / length, (c1 - c0) / length
        across0, along0 = du * r0 - dv * c0, -(dv * r0 + du * c0)    # values at the centre
        frame.within_one(-du / limit, dv / limit, across0 / limit, across)
        lo, hi = -limit - g.ends[:, j, 0], length + limit + g.ends[:, j, 1]
        mid, half = (lo + hi) / 2, np.maximum((hi - lo) / 2, 1e-9)
        frame.within_one(dv / half, du / half, (along0 - mid) / half, along)
        if ink is None:                            # the first stroke: its ink as it is
            ink = np.logical_and(across, along)
        else:
            across &= along
            ink |= across
    return ink


def _render_ring(size: int, g: Geometry, frame: _Frame) -> np.ndarray:
    """The O: (R - l)² < r² < (R + l)² as one comparison (v and u scaled by 1/sqrt(half
    the band), r²/band - centre/band + 1 must lie in [0, 2)), squarish as a squircle, and
    open where a strip through one side is cut away."""
    f32 = np.float32
    outer2 = (O_RADIUS + frame.limit) ** 2
    inner2 = np.maximum(O_RADIUS - frame.limit, 0) ** 2
    band, centre = (outer2 - inner2) / 2, (outer2 + inner2) / 2
    k = 1 / np.sqrt(band)
    v_row, v_col = frame.terms(k, 0.0)
    u_row, u_col = frame.terms(0.0, k)
    squarish = bool(np.any(g.squarish))            # squircle: v² + u²(1 - s·v²/R²) = R²
    squash = (-g.squarish * band / O_RADIUS ** 2).astype(f32)
    offset = (1 - centre / band).astype(f32)
    ink = np.empty(frame.shape, dtype=bool)
    v, u, w = frame.work(f32, 3)
    for rows in frame.blocks:
        m = rows.stop - rows.start
        vb, ub, wb = v[:m], u[:m], w[:m]
        np.add(v_col[None], v_row[rows, None], out=vb)
        np.add(u_col[None], u_row[rows, None], out=ub)
        vb *= vb
        ub *= ub
        if squarish:
            np.multiply(vb, squash, out=wb)
            wb += 1
            ub *= wb
        ub += vb
        ub += offset
        np.less(ub.view(np.uint32), TWO_BITS, out=ink[rows])
    cut = slice(*np.searchsorted(g.gap[:, 0], [0, 1]))   # open O's: one run (caller sorts)
    if cut.start < cut.stop:
        _cut_gaps(g, frame, cut, ink)
    return ink


def _cut_gaps(g: Geometry, frame: _Frame, cut: slice, ink: np.ndarray) -> None:
    """Open the O's ``cut``: no ink where |across| < width on one side of the centre."""
    theta = g.gap[cut, 1] * 2 * np.pi
    ct, st, width = np.cos(theta), np.sin(theta), g.gap[cut, 2]
    across_row, across_col = frame.terms(ct / width, -st / width, 1.0, cut=cut)
    side_row, side_col = frame.terms(st, ct, cut=cut)
    part, strip, spare = frame.work(np.float32, 1, cut.stop - cut.start) + frame.work(
        bool, 2, cut.stop - cut.start)
    for rows in frame.blocks:
        m = rows.stop - rows.start
        pb, sb, bb = part[:m], strip[:m], spare[:m]
        np.add(across_row[rows, None], across_col[None], out=pb)
        np.less(pb.view(np.uint32), TWO_BITS, out=sb)          # |across| < width
        np.add(side_row[rows, None], side_col[None], out=pb)
        sb &= np.greater(pb, 0, out=bb)                       # on one side only
        ink[rows, :, cut] &= ~sb


def to_images(ink: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Bool ink (size, size, N) -> float32 images (N, size, size) of +1 (ink) and -1."""
    images = np.multiply(np.ascontiguousarray(ink.view(np.uint8).transpose(2, 0, 1)),
                         np.float32(2), out=out, dtype=np.float32)
    images -= 1
    return images


def _extent(shape: str, g: Geometry) -> tuple[np.ndarray, np.ndarray]:
    """Per image, the letter's lowest and highest (row, col) offsets from its centre, (N, 2)
    each, in units, strokes' centre lines only."""
    cos, sin = np.cos(g.angle), np.sin(g.angle)
    if shape == "O":                                   # an ellipse's box, a little more if squarish
        rv = O_RADIUS * g.scale * g.aspect[:, 0] * (1 + 0.25 * g.squarish)
        ru = O_RADIUS * g.scale * g.aspect[:, 1] * (1 + 0.25 * g.squarish)
        hi = np.column_stack([np.hypot(rv * cos, ru * sin), np.hypot(rv * sin, ru * cos)])
        return -hi, hi
    points = np.array([pt for stroke in STROKES[shape] for pt in stroke], dtype=float)
    V = points[:, 0, None] * (g.scale * g.aspect[:, 0])      # (points, N): the reductions
    U = points[:, 1, None] * (g.scale * g.aspect[:, 1])      # below run along N (fast)
    rows, cols = cos * V + sin * U, -sin * V + cos * U
    return (np.column_stack([rows.min(0), cols.min(0)]),
            np.column_stack([rows.max(0), cols.max(0)]))


def random_geometry(shape: str, count: int, size: int, var: "Variation",
                     rng: np.random.Generator) -> Geometry:
    g = Geometry.plain(count)
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
    thin = min(HALF_STROKE, 0.55 * UNITS / size)      # a one-pixel stroke on a big grid
    base = np.where(unit() < var.strokes, rng.uniform(thin, HALF_STROKE, count), HALF_STROKE)
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
    reach = np.maximum(np.maximum(-lo[:, 0], hi[:, 0]), np.maximum(-lo[:, 1], hi[:, 1]))
    fit = np.clip((EDGE - margin) / np.maximum(reach, 1e-9), 0.1, 1.0)
    g.scale = g.scale * fit
    lo, hi = lo * fit[:, None], hi * fit[:, None]
    cap = np.where(small, EDGE, var.shift * UNITS)[:, None]
    room_lo = np.maximum(-EDGE + margin[:, None] - lo, -cap)
    room_hi = np.minimum(EDGE - margin[:, None] - hi, cap)
    room_lo, room_hi = np.minimum(room_lo, 0), np.maximum(room_hi, 0)
    g.shift = room_lo + (room_hi - room_lo) * rng.uniform(0.0, 1.0, (count, 2))
    return g


def flip_noise(images: np.ndarray, noise: float, rng: np.random.Generator) -> None:
    """Flip each pixel with probability ``noise``: the gaps between flips of a Bernoulli
    process are geometric, so only the flipped pixels are ever drawn."""
    flat = images.reshape(-1)
    total = flat.size
    expected = total * noise
    position = -1
    while True:
        gaps = _geometric(rng, noise, int(expected * 1.1) + 64)
        spots = position + np.cumsum(gaps)
        inside = spots[spots < total]
        flat[inside] = -flat[inside]
        if len(inside) < len(spots):
            return
        position = int(spots[-1])


def _geometric(rng: np.random.Generator, p: float, count: int) -> np.ndarray:
    """``rng.geometric(p, count)``, twice as fast for 1e-15 <= p < 1/3: there NumPy draws
    each as ceil(exponential / -log1p(-p)) (its inversion method; for larger p it searches),
    which done on the whole array gives the very same numbers (tests compare the two)."""
    if not 1e-15 <= p < 1 / 3:                     # (1e-15: the quotient stays below 2^63)
        return rng.geometric(p, count)
    z = rng.standard_exponential(count)
    z /= -math.log1p(-p)
    return np.ceil(z, out=z).astype(np.int64)
