"""Shared test setup: Qt runs offscreen (set before any Qt import), and a main-window
fixture that pytest-qt closes and deletes after each test."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


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
