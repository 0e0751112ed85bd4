"""The Qt binding this project installs must not leak references to None.

PySide6 6.12 released one reference to None on every void QPainter call; on Python 3.11
the interpreter then aborts after a few thousand paints.  pyproject.toml excludes it; this
test fails loudly if a leaking version is ever installed again.
"""
import sys

import pytest
from PySide6.QtGui import QColor, QImage, QPainter


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_painting_does_not_leak_none(qapp):
    image = QImage(4, 4, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    color = QColor(0, 0, 0)
    for _ in range(10):
        painter.setPen(color)
    before = sys.getrefcount(None)
    for _ in range(1000):
        painter.setPen(color)
        painter.drawLine(0, 0, 3, 3)
        painter.fillRect(0, 0, 2, 2, color)
    leaked = before - sys.getrefcount(None)
    painter.end()
    assert leaked < 100, f"{leaked} references to None lost in 1000 paints"
