"""What every picture of the network shares, so Explore and Train draw alike: the
diverging colour map (one of two palettes), the feature grids, and the colours of notes
that must read on a light and on a dark window."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

LEVELS = (-1.0, 1.0)
# Blue (−1) … white (0) … red (+1), the default; and purple … white … orange (ColorBrewer's
# PuOr), which readers with any of the common colour-vision deficiencies tell apart.
PALETTES = {
    "red-blue": lambda: pg.colormap.get("CET-D1"),
    "orange-purple": lambda: pg.ColorMap([0.0, 0.5, 1.0],
                                         [(84, 39, 136), (247, 247, 247), (230, 97, 1)]),
}


class _Palette:
    """The palette in use: its colour map, lookup table and colours, made once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.colormap = PALETTES[name]()
        self.lut = self.colormap.getLookupTable(0.0, 1.0, 256)
        self.rgb = np.ascontiguousarray(self.lut[:, :3].astype(np.uint8))
        self.colors = [QColor(int(r), int(g), int(b)) for r, g, b in self.lut[:, :3]]


_current = _Palette("red-blue")


def set_palette(name: str) -> None:
    """Views made afterwards draw in this palette (the window rebuilds its views)."""
    global _current
    if name in PALETTES and name != _current.name:
        _current = _Palette(name)


def palette() -> _Palette:
    return _current


def value_color(value: float) -> QColor:
    """The maps' colour for one value, so the legend reads the drawing and tables too."""
    return _current.colors[int(round((min(1.0, max(-1.0, value)) + 1) * 127.5))]


def text_color(value: float) -> QColor:
    """Dark text on the light middle of the colour map, white on its saturated ends."""
    return QColor(255, 255, 255) if abs(value) > 0.55 else QColor(20, 20, 20)


# A note's text colour on a light window and on a dark one: each reads at WCAG contrast
# 4.5 or more against the window colours themes commonly use (tests/test_keyboard_access).
NOTE_COLORS = {"error": ("#b00020", "#ff8a80"), "warning": ("#9c5000", "#ffb74d")}
PAD_CELL = ("#d8d8d8", "#202020")      # the explanation's padding cells: background, text


def on_dark(palette: QPalette) -> bool:
    """True when the window's background is dark (a dark theme)."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def note_color(palette: QPalette, kind: str = "error") -> QColor:
    """Red for an error, orange-brown for a warning, in the shade that reads on
    ``palette``'s window colour."""
    light, dark = NOTE_COLORS[kind]
    return QColor(dark if on_dark(palette) else light)


def show_as_note(widget: QWidget, kind: str = "error") -> None:
    """Colour a label's text as an error or warning note for the window's palette."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, note_color(palette, kind))
    widget.setPalette(palette)

def keyboard_focus(widget: QWidget) -> bool:
    """True while ``widget`` has the focus and the keyboard moves it (Tab was pressed),
    when Qt's own buttons show their focus too."""
    return widget.hasFocus() and widget.window().testAttribute(
        Qt.WidgetAttribute.WA_KeyboardFocusChange)


def draw_focus_ring(widget: QWidget) -> None:
    """After a view's own painting (its ``event`` for a Paint): a 2 px ring in the
    palette's highlight colour at its edge while it has the keyboard focus; its frame or
    viewport margins keep that ring free, so nothing moves when the focus comes."""
    if keyboard_focus(widget):
        painter = QPainter(widget)
        painter.setPen(QPen(widget.palette().color(QPalette.ColorRole.Highlight), 2))
        painter.drawRect(QRectF(widget.rect()).adjusted(1, 1, -1, -1))
        painter.end()

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
