"""Small pictures of images (samples, the user's drawings, mistakes) in the maps' colours,
so a thumbnail looks like the editor's drawing."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPixmap

from .colors import palette


def image_pixmap(image: np.ndarray, cell: int = 4) -> QPixmap:
    """A ±1 image as a pixmap coloured like the editor (ink red, background blue)."""
    index = np.round((np.clip(image, -1, 1) + 1) * 127.5).astype(np.intp)
    rgb = np.ascontiguousarray(palette().rgb[index])
    h, w = rgb.shape[:2]
    qimage = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    return QPixmap.fromImage(qimage).scaled(w * cell, h * cell,
                                            Qt.AspectRatioMode.IgnoreAspectRatio,
                                            Qt.TransformationMode.FastTransformation)


def labelled_icon(image: np.ndarray, text: str, size: int = 48) -> QIcon:
    """A thumbnail with its label written in the corner."""
    pixmap = image_pixmap(image, max(1, size // image.shape[0]))
    painter = QPainter(pixmap)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(9, pixmap.height() // 4))
    painter.setFont(font)
    box = pixmap.rect().adjusted(2, 0, 0, 0)
    painter.setPen(QColor(0, 0, 0))
    painter.drawText(box.translated(1, 1), Qt.AlignmentFlag.AlignLeft, text)
    painter.setPen(QColor(255, 255, 255))
    painter.drawText(box, Qt.AlignmentFlag.AlignLeft, text)
    painter.end()
    return QIcon(pixmap)
