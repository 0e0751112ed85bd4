"""``xo-gui`` with no arguments: the desktop application."""
from __future__ import annotations

from typing import Sequence


def run_app(argv: Sequence[str]) -> int:
    """Create the QApplication and the main window, run the event loop, return its code."""
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(list(argv))
    app.setApplicationName("XO ConvNet Lab")
    app.setOrganizationName("XO ConvNet Lab")
    window = MainWindow()
    window.show()
    return app.exec()
