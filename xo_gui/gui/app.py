"""``xo-gui`` with no arguments: the desktop application."""
from __future__ import annotations

from typing import Sequence

ORGANIZATION = APPLICATION = "XO ConvNet Lab"


def run_app(argv: Sequence[str], lang: str | None = None, lab: str | None = None) -> int:
    """Create the QApplication and the main window in the chosen language (``lang``, else
    the remembered one, else the system's), open ``lab`` if given, run the event loop."""
    from PySide6.QtWidgets import QApplication

    from .i18n import chosen_language, translations
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(list(argv))
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    translations().install(chosen_language(lang))
    window = MainWindow()
    window.restore_settings()
    window.show()
    if lab is not None:
        window.labs.open(lab, ask=False)
    return app.exec()
