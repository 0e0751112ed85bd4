"""The pixel-grid editor: paint ink and background, presets, grid size, drawing tools.

A view of the lab's drawing: a stroke is shown live through ``preview_stroke`` and pushed
as one undo step when the button is released; every other control sends one intent.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QSizePolicy, QSpinBox,
                               QToolButton, QVBoxLayout, QWidget)

from ...engine.data import PRESETS
from ...engine.errors import XoError
from ...engine.kinds import Axes, axis_labels
from ...model.drawing import GRID_KINDS, MAX_GRID, MIN_GRID, kind_preset_names
from ...model.lab import LabModel
from ...model.names import kind_preset_title, preset_title
from ..widgets.colors import keyboard_focus, palette



def line_cells(a: tuple[int, int], b: tuple[int, int]) -> list[tuple[int, int]]:
    """Every grid cell from a to b (Bresenham), so a fast stroke leaves no gaps."""
    (r0, c0), (r1, c1) = a, b
    dr, dc = abs(r1 - r0), abs(c1 - c0)
    sr, sc = (1 if r1 > r0 else -1), (1 if c1 > c0 else -1)
    err = dc - dr
    cells = []
    while True:
        cells.append((r0, c0))
        if (r0, c0) == (r1, c1):
            return cells
        e2 = 2 * err
        if e2 > -dr:
            err -= dr
            c0 += sc
        if e2 < dc:
            err += dc
            r0 += sr


def image_rgb(image: np.ndarray) -> QImage:
    """The drawing as an RGB image, one pixel per cell, in the maps' colours."""
    index = np.round((np.clip(image, -1, 1) + 1) * 127.5).astype(np.intp)
    rgb = np.ascontiguousarray(palette().rgb[index])
    h, w = image.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class _KeepsArrows(QObject):
    """A spin box keeps Up and Down (its steps) before the tab's shift shortcuts."""

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in (
                Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
            event.accept()
            return True
        return False


class PixelGrid(QWidget):
    """Paints the lab's drawing; left button ink, right button background (or eraser)."""

    fileDropped = Signal(str)

    def __init__(self, model: LabModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.eraser = False
        self._stroke: np.ndarray | None = None
        self._before: np.ndarray | None = None
        self._last: tuple[int, int] | None = None
        self._value = 1.0
        self._highlight: tuple[tuple[int, int], tuple[int, int]] | None = None
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setToolTip(self.tr("Left button: ink (+1). Right button: background (−1). "
                                "Arrow keys shift the drawing. Drop a drawing or picture "
                                "file here."))
        self.setAccessibleName(self.tr("Drawing grid"))
        self._axes: tuple[tuple[str, int], Axes | None] = (("", 0), None)
        model.imageChanged.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(300, 300)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    # --- geometry -------------------------------------------------------------------
    def axes(self) -> Axes | None:
        """The tick labels of a sound or text grid (None for letters, or where the
        engine has none, e.g. text wider than 26)."""
        key = (self.model.grid_kind, self.model.grid_size)
        if self._axes[0] != key:
            try:
                axes = axis_labels(*key) if key[0] in GRID_KINDS else None
            except XoError:
                axes = None
            self._axes = (key, axes)
        return self._axes[1]

    def _margins(self) -> tuple[float, float]:
        """Room on the left for the row ticks and below for the column ticks."""
        axes = self.axes()
        if axes is None:
            return 0.0, 0.0
        metrics = QFontMetricsF(self.font())
        return (max(metrics.horizontalAdvance(t) for t in axes.row_ticks) + 6,
                metrics.height() + 4)

    def _layout(self) -> tuple[float, float, float]:
        n = self.model.grid_size
        left, bottom = self._margins()
        width, height = self.width() - left, self.height() - bottom
        cell = max(min(width, height) / n, 1.0)
        return cell, left + (width - cell * n) / 2, (height - cell * n) / 2

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        cell, x0, y0 = self._layout()
        n = self.model.grid_size
        r, c = int((pos.y() - y0) // cell), int((pos.x() - x0) // cell)
        return (r, c) if 0 <= r < n and 0 <= c < n else None

    def cell_centre(self, r: int, c: int) -> QPointF:
        """Where to click for cell (r, c) (tests and the GUI benchmark use it)."""
        cell, x0, y0 = self._layout()
        return QPointF(x0 + (c + 0.5) * cell, y0 + (r + 0.5) * cell)

    def set_highlight(self, rows: tuple[int, int] | None,
                      cols: tuple[int, int] | None = None) -> None:
        """Outline the patch an explained value comes from (None: no outline)."""
        highlight = None if rows is None else (rows, cols)
        if highlight != self._highlight:
            self._highlight = highlight
            self.update()

    @property
    def highlight(self):
        return self._highlight

    # --- painting -------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        image = self._stroke if self._stroke is not None else self.model.image
        n = image.shape[0]
        cell, x0, y0 = self._layout()
        p = QPainter(self)
        # One image scaled without smoothing: no per-pixel loop, and no seams between
        # cells at fractional device pixel ratios.
        p.drawImage(QRectF(x0, y0, cell * n, cell * n), image_rgb(image))
        if cell >= 6:
            p.setPen(QPen(QColor(0, 0, 0, 40), 1))
            for i in range(n + 1):
                p.drawLine(QPointF(x0 + i * cell, y0), QPointF(x0 + i * cell, y0 + n * cell))
                p.drawLine(QPointF(x0, y0 + i * cell), QPointF(x0 + n * cell, y0 + i * cell))
        if self._highlight is not None:
            (r0, r1), (c0, c1) = self._highlight
            p.setPen(QPen(QColor(0, 200, 0), 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(x0 + c0 * cell, y0 + r0 * cell, (c1 - c0) * cell,
                              (r1 - r0) * cell))
        axes = self.axes()
        if axes is not None:
            self._paint_ticks(p, axes, cell, x0, y0)
        if keyboard_focus(self):  # the keyboard's place: white under black dashes, seen on
            p.setBrush(Qt.BrushStyle.NoBrush)                      # red, blue and white
            frame = QRectF(x0, y0, cell * n, cell * n).adjusted(2, 2, -2, -2)
            for color, style in ((QColor(255, 255, 255), Qt.PenStyle.SolidLine),
                                 (QColor(0, 0, 0), Qt.PenStyle.DashLine)):
                p.setPen(QPen(color, 3, style))
                p.drawRect(frame)
        p.end()

    def _paint_ticks(self, p: QPainter, axes: Axes, cell: float, x0: float,
                     y0: float) -> None:
        """Every row's and column's label, or every second, third… where they would
        overlap."""
        n = self.model.grid_size
        metrics = QFontMetricsF(self.font())
        high = metrics.height()
        wide = max(metrics.horizontalAdvance(t) for t in axes.column_ticks) + 4
        p.setPen(self.palette().windowText().color())
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r in range(0, n, math.ceil(high / cell)):
            middle = y0 + (r + 0.5) * cell
            p.drawText(QRectF(0, middle - high / 2, x0 - 4, high), right, axes.row_ticks[r])
        for c in range(0, n, math.ceil(wide / cell)):
            middle = x0 + (c + 0.5) * cell
            p.drawText(QRectF(middle - wide / 2, y0 + n * cell + 2, wide, high),
                       Qt.AlignmentFlag.AlignCenter, axes.column_ticks[c])

    # --- strokes --------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        cell = self.cell_at(event.position())
        button = event.button()
        if cell is None or button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return
        ink = (button == Qt.MouseButton.LeftButton) != self.eraser
        self._value = 1.0 if ink else -1.0
        self._before = self.model.image.copy()
        self._stroke = self._before.copy()
        self._last = cell
        self._paint_cells([cell])

    def mouseMoveEvent(self, event) -> None:
        if self._stroke is None:
            return
        n = self.model.grid_size
        size, x0, y0 = self._layout()
        pos = event.position()
        r = int(np.clip((pos.y() - y0) // size, 0, n - 1))
        c = int(np.clip((pos.x() - x0) // size, 0, n - 1))
        if (r, c) != self._last:
            self._paint_cells(line_cells(self._last, (r, c)))
            self._last = (r, c)

    def mouseReleaseEvent(self, event) -> None:
        if self._stroke is None:
            return
        before = self._before
        self._stroke = self._before = self._last = None
        self.model.commit_stroke(before)

    def _paint_cells(self, cells: list[tuple[int, int]]) -> None:
        rows, cols = np.array(cells).T
        if np.any(self._stroke[rows, cols] != self._value):
            self._stroke[rows, cols] = self._value
            self.model.preview_stroke(self._stroke)

    # --- drag and drop --------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            self.fileDropped.emit(urls[0].toLocalFile())


class EditorPanel(QWidget):
    """The grid and its controls (presets, grid size, pen and eraser)."""

    presetChosen = Signal(str)
    kindPresetChosen = Signal(str, str)      # a sound or text preset: kind, class
    sizeChosen = Signal(int)

    def __init__(self, model: LabModel, tools: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.grid = PixelGrid(model, self)
        self.presets = QComboBox()
        self.presets.setToolTip(self.tr("Test drawings: the tutorial's X and O and harder "
                                        "variants, and a sound and a word of each kind"))
        self.presets.setAccessibleName(self.tr("Preset drawings"))
        # Long titles widen the popup, not the box (the left column stays narrow).
        self.presets.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.presets.setMinimumContentsLength(8)
        self.presets.activated.connect(self._on_view_preset)
        self.size_box = QSpinBox()
        self.size_box.setRange(MIN_GRID, MAX_GRID)
        self.size_box.setKeyboardTracking(False)     # typing "12" is one change, not two
        self.size_box.setToolTip(self.tr("Grid size (5 to 32); presets are redrawn at the "
                                         "new size"))
        self.size_box.setAccessibleName(self.tr("Grid size"))
        self.size_box.valueChanged.connect(self.sizeChosen)
        self._keeps_arrows = _KeepsArrows(self)
        self.size_box.installEventFilter(self._keeps_arrows)
        top = QHBoxLayout()
        top.addWidget(self.presets, 1)
        top.addWidget(QLabel(self.tr("Grid")))
        top.addWidget(self.size_box)
        row = QHBoxLayout()
        for action in tools:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            row.addWidget(button)
        row.addWidget(QLabel(self.tr("arrow keys: shift")))
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("<b>Drawing</b> — left button: ink (+1), right: background (−1)"))
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        self.axes = QLabel()                    # what rows and columns mean (sound, text)
        self.axes.setWordWrap(True)
        self.axes.hide()
        layout.addWidget(self.axes)
        layout.addLayout(row)
        model.gridSizeChanged.connect(self.show_size)
        model.training.data.settingsChanged.connect(self._on_model_kind)
        model.originChanged.connect(self._on_model_kind)
        self._on_model_kind()
        self.show_size(model.grid_size)

    def _fill_presets(self, size: int) -> None:
        """Letters at any size; the sounds and words the engine can draw at this size."""
        self.presets.clear()
        self.presets.addItem(self.tr("Preset…"), None)
        for name in PRESETS:
            self.presets.addItem(preset_title(name), name)
        for kind in GRID_KINDS:
            names = kind_preset_names(kind, size)
            if names:
                self.presets.insertSeparator(self.presets.count())
            for name in names:
                self.presets.addItem(kind_preset_title(kind, name), f"{kind}:{name}")
        view = self.presets.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)

    def _on_model_kind(self) -> None:
        """Sound and text grids are drawn like letters; the caption says what they mean."""
        kind = self.model.grid_kind
        self.grid.update()
        text = {"sound": self.tr("A sound: rows are frequencies in Hz (high on top), columns "
                                 "are moments in seconds, left to right; ink is loud."),
                "text": self.tr("A word: rows are letters (a on top), columns the positions "
                                "in the word; ink marks which letter stands where.")}.get(kind)
        self.axes.setText(text or "")
        self.axes.setVisible(text is not None)

    def show_size(self, n: int) -> None:
        """The grid size box follows the lab (signals blocked: no feedback loop)."""
        self._fill_presets(n)
        self.size_box.blockSignals(True)
        self.size_box.setValue(n)
        self.size_box.blockSignals(False)
        self.size_box.setSuffix(f" × {n}")

    def _on_view_preset(self, index: int) -> None:
        name = self.presets.itemData(index)
        self.presets.setCurrentIndex(0)
        self.grid.setFocus()              # the arrow keys go back to shifting the drawing
        kind, sep, key = (name or "").partition(":")
        if sep:
            self.kindPresetChosen.emit(kind, key)
        elif name:
            self.presetChosen.emit(name)
