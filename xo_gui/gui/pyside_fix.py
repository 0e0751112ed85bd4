"""Work around a PySide6 6.12 reference-count bug on Python < 3.12.

Void QPainter methods (setPen, drawLine, fillRect, ...) release one reference to ``None``
too many on every call (and some calls one to ``True``).  On Python 3.12+ None is immortal and nothing happens; on 3.11 a
few thousand paints bring None's count to zero and the interpreter aborts ("deallocating
None").  ``guard_none_refcount`` detects the leak once and, only if it is present, gives
None, True and False a reference count no GUI session can exhaust, which is what 3.12 does by design.
"""
from __future__ import annotations

import ctypes
import sys

_GUARD = 1 << 40
_done = False


def guard_none_refcount() -> bool:
    """Apply the workaround if this PySide6 leaks None references; True if applied."""
    global _done
    if _done or sys.version_info >= (3, 12):
        return False
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(2, 2, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    color = QColor(0, 0, 0)
    for _ in range(10):                       # warm up: first calls cache signatures
        painter.setPen(color)
    before = sys.getrefcount(None)
    for _ in range(1000):
        painter.setPen(color)
    leaked = before - sys.getrefcount(None)
    painter.end()
    _done = True
    if leaked < 500:
        return False
    for singleton in (None, True, False):     # True leaks the same way (bool results)
        ctypes.c_ssize_t.from_address(id(singleton)).value += _GUARD
    return True
