"""What every picture of the network shares, so Explore and Train draw alike: the
diverging colour map and the feature grids."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

COLORMAP = pg.colormap.get("CET-D1")          # blue (−1) … white (0) … red (+1)
LUT = COLORMAP.getLookupTable(0.0, 1.0, 256)
LEVELS = (-1.0, 1.0)
_COLORS = [QColor(int(r), int(g), int(b)) for r, g, b in LUT]


def value_color(value: float) -> QColor:
    """The maps' colour for one value, so the legend reads the drawing and tables too."""
    return _COLORS[int(round((min(1.0, max(-1.0, value)) + 1) * 127.5))]


def text_color(value: float) -> QColor:
    """Dark text on the light middle of the colour map, white on its saturated ends."""
    return QColor(255, 255, 255) if abs(value) > 0.55 else QColor(20, 20, 20)


def mosaic(maps: np.ndarray, pitch: int) -> np.ndarray:
    """(F, h, w) maps side by side, ``pitch`` columns apart, NaN (transparent) between."""
    f, h, w = maps.shape
    out = np.full((h, pitch * (f - 1) + w), np.nan, np.float32)
    for i in range(f):
        out[:, i * pitch:i * pitch + w] = maps[i]
    return out


def grid_columns(channels: int) -> int:
    """How many channel slices sit side by side in a feature's grid (nearly square)."""
    return math.ceil(math.sqrt(channels))


def channel_grid(kernel: np.ndarray) -> np.ndarray:
    """One feature (channels, k, k) -> its channel slices in a nearly square grid, row by
    row, one transparent row or column between neighbours (a single channel: itself)."""
    c, k, _ = kernel.shape
    cols = grid_columns(c)
    rows = math.ceil(c / cols)
    out = np.full((rows * (k + 1) - 1, cols * (k + 1) - 1), np.nan, np.float32)
    for i in range(c):
        r, q = divmod(i, cols)
        out[r * (k + 1):r * (k + 1) + k, q * (k + 1):q * (k + 1) + k] = kernel[i]
    return out


def channel_grid_pixel(channels: int, k: int, row: int, col: int) -> tuple[int, int, int]:
    """The (channel, row, col) of the feature pixel at (row, col) of ``channel_grid``."""
    gr, r = divmod(row, k + 1)
    gc, c = divmod(col, k + 1)
    return gr * grid_columns(channels) + gc, r, c
