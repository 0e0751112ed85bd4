"""Shared test setup: Qt runs offscreen (set before any Qt import), settings and every
temporary file go to one folder of the test run (never the user's; removed at the end),
and a main-window fixture that pytest-qt closes and deletes after each test."""
import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

# The same examples on every run, so CI's verdict is the developer's (HYPOTHESIS_RANDOM=1
# explores new ones).
hypothesis_settings.register_profile("repeatable", derandomize=True)
hypothesis_settings.register_profile("random", derandomize=False)
hypothesis_settings.load_profile("random" if os.environ.get("HYPOTHESIS_RANDOM") else "repeatable")

_TEMP = tempfile.mkdtemp(prefix="xo-gui-tests-")
atexit.register(shutil.rmtree, _TEMP, ignore_errors=True)
tempfile.tempdir = os.environ["TMPDIR"] = _TEMP        # subprocesses' too
_SETTINGS = os.path.join(_TEMP, "settings")
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


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    """A modal dialog nobody expected would wait forever offscreen: fail at once instead
    (tests that expect one replace these with their own answers)."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    def refuse(name):
        def dialog(*args, **kwargs):
            raise AssertionError(f"unexpected {name} dialog: {args[1:3]}")
        return staticmethod(dialog)

    for name in ("question", "warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, refuse(name))
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, refuse(name))


@pytest.fixture
def main_window(qtbot):
    """The real main window at its default size, shown offscreen."""
    from xo_gui.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window, before_close_func=_forget_changes)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def _forget_changes(window) -> None:
    """A test's edits are not worth a "save the lab?" question when pytest-qt closes it."""
    window.model.undo_stack.setClean()
    window.model.training.session.dirty = False


@pytest.fixture
def explore(main_window):
    return main_window.explore
