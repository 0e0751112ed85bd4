"""A picture file scaled into the grid (QtGui reads the formats; no widget is needed)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, Qt
from PySide6.QtGui import QImage, QImageReader

from ..engine.errors import XoError
from ..engine.limits import MAX_PICTURE_BYTES
from ..engine.safe_files import read_regular_file

MAX_PICTURE_PIXELS = 40_000_000     # a decompression bomb is refused before it is scaled


def picture_to_grid(path: str, size: int) -> np.ndarray:
    """Dark strokes become ink (+1).  If most of the picture is dark (a light letter on a
    dark ground), it is inverted so the ground stays −1."""
    data = read_regular_file(path, "picture", MAX_PICTURE_BYTES)   # never a FIFO or device
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    reader = QImageReader(buffer)
    claimed = reader.size()               # from the header: a bomb is refused undecoded
    _check_pixels(path, claimed.width(), claimed.height())
    _check_whole(path, bytes(reader.format()).decode().lower(), data)
    image = reader.read()
    if image.isNull():
        raise XoError("{name} is not a picture Qt can read", name=Path(path).name)
    _check_pixels(path, image.width(), image.height())
    small = image.convertToFormat(QImage.Format.Format_Grayscale8).scaled(
        size, size, Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation)
    data = np.frombuffer(small.constBits(), np.uint8).reshape(size, small.bytesPerLine())
    values = 1.0 - 2.0 * data[:, :size].astype(np.float32) / 255.0
    if values.mean() > 0:
        values = -values
    return values


def _check_pixels(path: str, width: int, height: int) -> None:
    if width * height > MAX_PICTURE_PIXELS:
        raise XoError("{name} is {w}×{h} pixels; pictures of up to {most:,} pixels can be "
                      "imported", name=Path(path).name, w=width, h=height,
                      most=MAX_PICTURE_PIXELS)


def _check_whole(path: str, kind: str, data: bytes) -> None:
    """Qt decodes a JPEG or BMP cut short without a word (the rest is left grey)."""
    cut = (kind == "jpeg" and data.rfind(b"\xff\xd9", -1024) < 0
           or kind == "bmp" and len(data) >= 6 and int.from_bytes(data[2:6], "little") > len(data))
    if cut:
        raise XoError("{name} is cut short: the end of the picture is missing",
                      name=Path(path).name)
