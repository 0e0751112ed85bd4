"""A QApplication for headless work (``screenshot``, ``bench --gui``): offscreen unless the
user chose a platform, and without the offscreen plugin's warning about every window."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Iterator

_NOISE = ("propagateSizeHints",)


def _quiet_handler(mode, context, message: str) -> None:
    if not any(noise in message for noise in _NOISE):
        print(message, file=sys.stderr)


@contextmanager
def headless_app() -> Iterator[object]:
    """Yield the (possibly new) QApplication with Qt's messages filtered."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    previous = qInstallMessageHandler(_quiet_handler)
    try:
        yield app
    finally:
        qInstallMessageHandler(previous)
