"""A picture file scaled into the grid (QtGui reads the formats; no widget is needed)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from ..engine.errors import XoError
from ..engine.limits import MAX_PICTURE_BYTES
from ..engine.safe_files import read_regular_file

MAX_PICTURE_PIXELS = 40_000_000     # a decompression bomb is refused before it is scaled


def picture_to_grid(path: str, size: int) -> np.ndarray:
    """Dark strokes become ink (+1).  If most of the picture is dark (a light letter on a
    dark ground), it is inverted so the ground stays −1."""
    data = read_regular_file(path, "picture", MAX_PICTURE_BYTES)   # never a FIFO or device
    image = QImage.fromData(data)
    if image.isNull():
        raise XoError("{name} is not a picture Qt can read", name=Path(path).name)
    if image.width() * image.height() > MAX_PICTURE_PIXELS:
        raise XoError("{name} is {w}×{h} pixels; pictures of up to {most:,} pixels can be "
                      "imported", name=Path(path).name, w=image.width(), h=image.height(),
                      most=MAX_PICTURE_PIXELS)
    small = image.convertToFormat(QImage.Format.Format_Grayscale8).scaled(
        size, size, Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation)
    data = np.frombuffer(small.constBits(), np.uint8).reshape(size, small.bytesPerLine())
    values = 1.0 - 2.0 * data[:, :size].astype(np.float32) / 255.0
    if values.mean() > 0:
        values = -values
    return values
