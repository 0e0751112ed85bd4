"""Every action reachable from the keyboard: each menu item has a mnemonic (unique in its
menu, the Chinese "(&F)" style in zh_CN) or a shortcut, Tab reaches every button of both
tabs, and every control Tab reaches looks focused; every control a screen reader lands on
has a name in the window's language."""
import re

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractScrollArea,
                               QApplication, QLabel, QTabBar, QToolButton, QWidget)


@pytest.fixture(params=["en", "zh_CN"])
def window_in(request, main_window):
    from xo_gui.gui.i18n import translations
    if request.param != "en":
        main_window.set_language(request.param)
    yield main_window, request.param
    if request.param != "en":
        main_window.set_language("en")
    assert translations().language == "en"


def _menus(menu, path=()):
    """(path, menu) for the menu bar and every menu under it."""
    yield path, menu
    for action in menu.actions():
        if action.menu() is not None:
            action.menu().aboutToShow.emit()        # menus filled when they open (Recent)
            yield from _menus(action.menu(), (*path, action.text()))


def test_every_menu_item_has_a_unique_mnemonic(window_in):
    window, lang = window_in
    QSettings().setValue("recent_labs", ["/tmp/a&b.xolab", "/tmp/c.xolab"])
    checked = 0
    for path, menu in _menus(window.menuBar()):
        seen = {}
        for action in menu.actions():
            if action.isSeparator() or not action.isEnabled():
                continue
            text = action.text()
            key = QKeySequence.mnemonic(text).toString()
            assert key, (path, text)
            assert key not in seen, (path, text, seen[key])
            seen[key] = text
            if lang == "zh_CN" and not text[:1].isascii() and not re.match(r"&\d ", text):
                assert re.search(r"\(&[A-Z0-9]\)…?$", text), (path, text)
            checked += 1
    assert checked > 40
    for button in window.findChildren(QToolButton):       # toolbar and tool buttons
        assert not re.search(r"\([A-Z]\)|&", button.text()), button.text()


def _walk_focus(window, limit: int = 120) -> tuple[list, list]:
    """Press Tab until the focus comes back round: the widgets visited in order, and the
    ones that looked the same with the focus as after it moved on (an empty list has
    nothing to mark; Qt's Fusion style draws no focus on a tab bar)."""
    app = QApplication.instance()
    start, seen, unmarked = app.focusWidget(), [], []
    for _ in range(limit):
        widget = app.focusWidget()
        focused = widget.grab().toImage()
        QTest.keyClick(widget, Qt.Key.Key_Tab)
        empty = isinstance(widget, QAbstractItemView) and not widget.model().rowCount()
        tabs = isinstance(widget, QTabBar)
        if widget.grab().toImage() == focused and not (empty or tabs):
            unmarked.append((type(widget).__name__, widget.accessibleName()))
        if app.focusWidget() is start:
            return seen, unmarked
        seen.append(app.focusWidget())
    raise AssertionError(f"Tab did not come round: {[type(w).__name__ for w in seen[-10:]]}")


def _views(window):
    """Each arrangement of both tabs: Explore, and Train with each of its inner pages."""
    yield window.explore
    window.tabs.setCurrentWidget(window.train)
    for left in range(window.train.left.count()):
        window.train.left.setCurrentIndex(left)
        for page in range(window.train.pages.count()):
            window.train.pages.setCurrentIndex(page)
            yield window.train


def test_tab_reaches_every_button_and_every_stop_shows_its_focus(window_in):
    window, _ = window_in
    window.activateWindow()
    buttons = set()
    for tab in _views(window):
        QApplication.processEvents()
        window.tabs.tabBar().setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(window.tabs.tabBar(), Qt.Key.Key_Tab)   # keyboard use, as a person's
        window.tabs.tabBar().setFocus(Qt.FocusReason.TabFocusReason)
        visited, unmarked = _walk_focus(window)
        shown = [b for b in tab.findChildren(QAbstractButton)
                 if b.isVisibleTo(window) and b.isEnabled()]
        assert [b.text() for b in shown if b not in visited] == []
        assert unmarked == []
        buttons.update(shown)
    assert len(buttons) >= 14


def _controls(window):
    """The focusable widgets of both tabs, leaving out Qt's inner parts (a spin box's line
    edit, a scroll area's viewport, a tab bar's scroll arrows) and popups."""
    for tab in (window.explore, window.train):
        for widget in tab.findChildren(QWidget):
            parent = widget.parentWidget()
            if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None
                    and widget.window() is window and not isinstance(parent, QTabBar)
                    and widget.objectName() != "qt_spinbox_lineedit"
                    and not (isinstance(parent, QAbstractScrollArea)
                             and parent.viewport() is widget)):
                yield widget


def _unnamed(window) -> list:
    """Controls with no accessible name, no label naming them (a buddy) and no text of
    their own (a button's, a tab bar's)."""
    buddies = {label.buddy() for label in window.findChildren(QLabel) if label.text()}
    out = []
    for widget in _controls(window):
        if widget.accessibleName() or widget in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text():
            continue
        if isinstance(widget, QTabBar) and all(map(widget.tabText, range(widget.count()))):
            continue
        out.append((type(widget).__name__, type(widget.parentWidget()).__name__,
                    widget.toolTip()[:40]))
    return out


def test_every_control_has_a_name_in_the_window_language(window_in):
    window, lang = window_in
    assert _unnamed(window) == []
    names = [w.accessibleName() for w in _controls(window) if w.accessibleName()]
    assert len(names) > 25
    if lang == "zh_CN":
        assert [n for n in names if n.isascii()] == []
