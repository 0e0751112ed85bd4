"""Shared test setup: Qt runs offscreen (set before any Qt import), settings go to a
temporary folder (never the user's), and a main-window fixture that pytest-qt closes and
deletes after each test."""
import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

_SETTINGS = tempfile.mkdtemp(prefix="xo-gui-settings-")
QCoreApplication.setOrganizationName("XO ConvNet Lab tests")
QCoreApplication.setApplicationName("XO ConvNet Lab tests")
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, _SETTINGS)


@pytest.fixture(autouse=True)
def fresh_settings():
    """Every test starts with no remembered zoom, language or folders."""
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def main_window(qtbot):
    """The real main window at its default size, shown offscreen."""
    from xo_gui.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def explore(main_window):
    return main_window.explore
