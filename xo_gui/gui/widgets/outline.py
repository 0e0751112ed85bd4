"""A coloured frame drawn over a part of the window (the lesson points at it), which lets
every click through and follows the part when the layout moves it."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QFrame, QWidget

OUTLINE_STYLE = "QFrame { border: 3px solid #f0a000; border-radius: 5px; background: transparent; }"


class Outline(QFrame):
    """Over ``target`` (or over ``parts``, children of it: the rectangle around them)."""

    def __init__(self, target: QWidget, parts: list[QWidget] | None = None) -> None:
        super().__init__(target)
        self.setObjectName("lesson-outline")
        self.setStyleSheet(OUTLINE_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._target = target
        self._parts = list(parts or [])
        for widget in (target, *self._parts):
            widget.installEventFilter(self)
        self._place()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show,
                            QEvent.Type.LayoutRequest):
            self._place()
        return False

    def _place(self) -> None:
        rect = QRect()
        for part in self._parts:
            if part.isVisible():
                rect = rect.united(QRect(part.mapTo(self._target, part.rect().topLeft()),
                                         part.size()))
        whole = self._target.rect()
        self.setGeometry(whole if rect.isNull() else rect.adjusted(-4, -4, 4, 4) & whole)
        self.raise_()
