"""The pixel-grid editor: paint ink and background, presets, transforms, files, undo.

Every change goes through one undo command that replaces the model's image (one drag is
one step).  While a stroke is in progress the model is updated live, so the pipeline
follows the mouse; the command is pushed when the button is released.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QAction, QActionGroup, QColor, QImage, QKeySequence, QPainter,
                           QPen, QUndoCommand, QUndoStack)
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QSizePolicy, QSpinBox, QToolButton, QVBoxLayout, QWidget)

from ..engine.data import PRESETS, preset
from ..engine.drawing_files import read_drawing, write_drawing
from ..engine.errors import XoError
from ..engine.network import Network
from .app_model import AppModel
from .pictures import LUT

MIN_GRID, MAX_GRID = 5, 32
DRAWING_FILTER = "Drawings (*.txt);;All files (*)"
PICTURE_FILTER = "Pictures (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;All files (*)"


def preset_title(name: str) -> str:
    """'x-shifted' -> 'X shifted', for menus a person reads."""
    letter, _, kind = name.partition("-")
    return f"{letter.upper()} {kind}".strip() if kind else f"{letter.upper()} (canonical)"


_COLORS = [QColor(int(r), int(g), int(b)) for r, g, b in LUT]


def value_color(value: float) -> QColor:
    """The pipeline's colour map, so the legend over there reads the drawing too."""
    return _COLORS[int(round((min(1.0, max(-1.0, value)) + 1) * 127.5))]


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


def picture_to_grid(path: str, size: int) -> np.ndarray:
    """A picture file scaled into the grid: dark strokes become ink (+1).  If most of the
    picture is dark (light letter on dark ground), it is inverted so the ground stays -1."""
    image = QImage(path)
    if image.isNull():
        raise XoError(f"{Path(path).name} is not a picture Qt can read")
    small = image.convertToFormat(QImage.Format.Format_Grayscale8).scaled(
        size, size, Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation)
    data = np.frombuffer(small.constBits(), np.uint8).reshape(size, small.bytesPerLine())
    values = 1.0 - 2.0 * data[:, :size].astype(np.float32) / 255.0
    if values.mean() > 0:
        values = -values
    return values


class ImageCommand(QUndoCommand):
    """Replace the drawing (any size); undo puts the previous one back."""

    def __init__(self, editor: "EditorPanel", before: np.ndarray, after: np.ndarray,
                 text: str, applied: bool = False) -> None:
        super().__init__(text)
        self.editor, self.before, self.after = editor, before.copy(), after.copy()
        self._skip = applied

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self.editor.apply_image(self.after)

    def undo(self) -> None:
        self.editor.apply_image(self.before)


class NetworkCommand(QUndoCommand):
    """Show another network with a drawing of its size; undo puts the previous network
    and drawing back.  Each side keeps a copy of its network as it was when it was last
    left, so feature edits made while it was shown survive an undo and a redo."""

    def __init__(self, editor: "EditorPanel", before: tuple[Network, str, np.ndarray],
                 after: tuple[Network, str, np.ndarray], text: str) -> None:
        super().__init__(text)
        self.editor = editor
        self.before, self.after = [(net.copy(), source, image.copy())
                                   for net, source, image in (before, after)]
        self._pushed = False

    def _leave(self) -> tuple[Network, str, np.ndarray]:
        model = self.editor.model
        return model.network.copy(), model.network_source, model.image.copy()

    def redo(self) -> None:
        if self._pushed:                  # a redo after an undo: keep the edits made since
            self.before = self._leave()
        self._pushed = True
        self.editor.apply_network(*self.after)

    def undo(self) -> None:
        self.after = self._leave()
        self.editor.apply_network(*self.before)


class PixelGrid(QWidget):
    """Paints the model's image; left button ink, right button background (or eraser)."""

    strokeFinished = Signal(object, object)      # before, after
    fileDropped = Signal(str)

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
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
        self.setMouseTracking(False)
        self.setToolTip("Left button: ink (+1). Right button: background (−1). "
                        "Arrow keys shift the drawing. Drop a drawing or picture file here.")
        model.imageChanged.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(300, 300)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    # --- geometry -------------------------------------------------------------------
    def _layout(self) -> tuple[float, float, float]:
        n = self.model.grid_size
        cell = min(self.width(), self.height()) / n
        x0 = (self.width() - cell * n) / 2
        y0 = (self.height() - cell * n) / 2
        return cell, x0, y0

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        cell, x0, y0 = self._layout()
        n = self.model.grid_size
        r, c = int((pos.y() - y0) // cell), int((pos.x() - x0) // cell)
        return (r, c) if 0 <= r < n and 0 <= c < n else None

    def cell_centre(self, r: int, c: int) -> QPointF:
        """Where to click for cell (r, c) (tests and the GUI benchmark use it)."""
        cell, x0, y0 = self._layout()
        return QPointF(x0 + (c + 0.5) * cell, y0 + (r + 0.5) * cell)

    def set_highlight(self, rows: tuple[int, int] | None, cols: tuple[int, int] | None = None) -> None:
        """Outline the patch an explained value comes from (None: no outline)."""
        self._highlight = None if rows is None else (rows, cols)
        self.update()

    # --- painting -------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        image = self._stroke if self._stroke is not None else self.model.image
        n = image.shape[0]
        cell, x0, y0 = self._layout()
        p = QPainter(self)
        for r, row in enumerate(image.tolist()):
            for c, value in enumerate(row):
                p.fillRect(QRectF(x0 + c * cell, y0 + r * cell, cell, cell), value_color(value))
        if cell >= 6:
            p.setPen(QPen(QColor(0, 0, 0, 40), 1))
            for i in range(n + 1):
                p.drawLine(QPointF(x0 + i * cell, y0), QPointF(x0 + i * cell, y0 + n * cell))
                p.drawLine(QPointF(x0, y0 + i * cell), QPointF(x0 + n * cell, y0 + i * cell))
        if self._highlight is not None:
            (r0, r1), (c0, c1) = self._highlight
            pen = QPen(QColor(0, 200, 0), 3)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(x0 + c0 * cell, y0 + r0 * cell, (c1 - c0) * cell, (r1 - r0) * cell))
        p.end()

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
        cell_size, x0, y0 = self._layout()
        pos = event.position()
        r = int(np.clip((pos.y() - y0) // cell_size, 0, n - 1))
        c = int(np.clip((pos.x() - x0) // cell_size, 0, n - 1))
        if (r, c) != self._last:
            self._paint_cells(line_cells(self._last, (r, c)))
            self._last = (r, c)

    def mouseReleaseEvent(self, event) -> None:
        if self._stroke is None:
            return
        before, after = self._before, self._stroke
        self._stroke = self._before = self._last = None
        if not np.array_equal(before, after):
            self.strokeFinished.emit(before, after)

    def _paint_cells(self, cells: list[tuple[int, int]]) -> None:
        changed = False
        for r, c in cells:
            if self._stroke[r, c] != self._value:
                self._stroke[r, c] = self._value
                changed = True
        if changed:
            self.model.set_image(self._stroke)

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
    """The grid plus its controls; owns the undo stack and the editing actions."""

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.undo_stack = QUndoStack(self)
        self.grid = PixelGrid(model, self)
        self._preset_name: str | None = "x"
        self._preset_image = model.image.copy()
        self.actions: dict[str, QAction] = {}
        self._make_actions()

        self.presets = QComboBox()
        self.presets.setToolTip("Test drawings: the tutorial's X and O and harder variants")
        self.presets.addItem("Preset…", None)
        for name in PRESETS:
            self.presets.addItem(preset_title(name), name)
        self.presets.activated.connect(self._on_view_preset)
        self.size_box = QSpinBox()
        self.size_box.setRange(MIN_GRID, MAX_GRID)
        self.size_box.setValue(model.grid_size)
        self.size_box.setKeyboardTracking(False)     # typing "12" is one change, not two
        self.size_box.setSuffix(f" × {model.grid_size}")
        self.size_box.setToolTip("Grid size (5 to 32); presets are redrawn at the new size")
        self.size_box.valueChanged.connect(self._on_view_size)

        top = QHBoxLayout()
        top.addWidget(self.presets, 1)
        top.addWidget(QLabel("Grid"))
        top.addWidget(self.size_box)
        tools = QHBoxLayout()
        for key in ("pen", "eraser"):
            button = QToolButton()
            button.setDefaultAction(self.actions[key])
            button.setAutoRaise(True)
            tools.addWidget(button)
        tools.addWidget(QLabel("arrow keys: shift"))
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>Drawing</b> — left button: ink (+1), right: background (−1)")
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        layout.addLayout(tools)

        self.grid.strokeFinished.connect(self._on_view_stroke)
        self.grid.fileDropped.connect(self.open_file)
        model.imageChanged.connect(self._on_model_image)

    def _action(self, key: str, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip or text)
        action.setStatusTip(tip or text)
        action.triggered.connect(slot)
        self.actions[key] = action
        return action

    def _make_actions(self) -> None:
        undo = self.undo_stack.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        self.actions["undo"], self.actions["redo"] = undo, redo
        tool = QActionGroup(self)
        pen = self._action("pen", "Pen", lambda: self._set_eraser(False), "P",
                           "Pen: the left button paints ink (+1)")
        eraser = self._action("eraser", "Eraser", lambda: self._set_eraser(True), "E",
                              "Eraser: the left button paints background (−1), for touchpads")
        for action in (pen, eraser):
            action.setCheckable(True)
            tool.addAction(action)
        pen.setChecked(True)
        self._action("clear", "Clear", self.clear, "Ctrl+Backspace", "Clear the drawing")
        self._action("invert", "Invert", self.invert, "Ctrl+I", "Swap ink and background")
        self._action("rotate", "Rotate 90°", self.rotate, "Ctrl+R", "Rotate a quarter turn clockwise")
        self._action("mirror", "Mirror", self.mirror, "Ctrl+M", "Mirror left to right")
        for key, text, dr, dc in (("up", "Up", -1, 0), ("down", "Down", 1, 0),
                                  ("left", "Left", 0, -1), ("right", "Right", 0, 1)):
            action = self._action(f"shift_{key}", f"Shift {text}",
                                  lambda _=False, a=dr, b=dc: self.shift(a, b),
                                  getattr(Qt.Key, f"Key_{text}"), f"Move the drawing one pixel {key}")
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.grid.addAction(action)
        self._action("open", "Open drawing…", lambda: self.open_drawing(), QKeySequence.StandardKey.Open)
        self._action("save", "Save drawing…", lambda: self.save_drawing(), QKeySequence.StandardKey.Save)
        self._action("import", "Import picture…", lambda: self.import_picture(), "Ctrl+Shift+I",
                     "Scale a picture file (PNG, JPEG, …) down into the grid")

    # --- model updates --------------------------------------------------------------
    def _on_model_image(self) -> None:
        n = self.model.grid_size
        if self.size_box.value() != n:
            self.size_box.blockSignals(True)
            self.size_box.setValue(n)
            self.size_box.blockSignals(False)
        self.size_box.setSuffix(f" × {n}")

    def apply_image(self, image: np.ndarray) -> None:
        """Show ``image``; a new size rebuilds the tutorial's network for it.  (Undoing a size
        change after a trained network of fixed size was loaded is refused with a message.)"""
        try:
            if image.shape != self.model.image.shape:
                self.model.set_grid_size(image.shape[0], image)
            else:
                self.model.set_image(image)
        except XoError as exc:
            QMessageBox.warning(self, "Cannot change the drawing", str(exc))

    def apply_network(self, network: Network, source: str, image: np.ndarray) -> None:
        try:
            self.model.set_network(network.copy(), source, image)
        except XoError as exc:
            QMessageBox.warning(self, "Cannot use this network", str(exc))

    def change_network(self, network: Network, source: str, image: np.ndarray | None,
                       text: str) -> None:
        """Another network (and a drawing of its size when the grid size differs): one
        undoable step, so the drawing it replaces can be brought back."""
        model = self.model
        if image is None:
            image = model.image
        self.undo_stack.push(NetworkCommand(
            self, (model.network, model.network_source, model.image),
            (network, source, image), text))

    def change(self, after: np.ndarray, text: str) -> None:
        """Every edit that is not a stroke: one undoable step."""
        before = self.model.image
        if before.shape == after.shape and np.array_equal(before, after):
            return
        if before.shape != after.shape and not self.model.resizable:
            n = before.shape[0]
            QMessageBox.warning(
                self, "Cannot change the grid size",
                f"The network in use was trained on {n}×{n} drawings and cannot read a "
                f"{after.shape[0]}×{after.shape[1]} one. Use Edit → Use the tutorial’s network "
                "(or retrain at that size) to change the grid size.")
            return
        self.undo_stack.push(ImageCommand(self, before, after, text))

    # --- intents --------------------------------------------------------------------
    def _set_eraser(self, on: bool) -> None:
        self.grid.eraser = on

    def _on_view_stroke(self, before: np.ndarray, after: np.ndarray) -> None:
        self.undo_stack.push(ImageCommand(self, before, after, "Paint", applied=True))

    def _on_view_preset(self, index: int) -> None:
        name = self.presets.itemData(index)
        if name:
            self.load_preset(name)
        self.presets.setCurrentIndex(0)

    def load_preset(self, name: str) -> None:
        """One of the test drawings, remembered so a new grid size redraws it."""
        image = preset(name, self.model.grid_size)
        self.change(image, f"Preset {preset_title(name)}")
        self._preset_name, self._preset_image = name, image

    def _on_view_size(self, size: int) -> None:
        self.set_grid_size(size)

    def set_grid_size(self, size: int) -> None:
        """A preset is redrawn at the new size; a hand drawing is resampled."""
        if size == self.model.grid_size:
            return
        image = self.model.image
        if self._preset_name and np.array_equal(image, self._preset_image):
            new = preset(self._preset_name, size)
            self._preset_image = new
        else:
            idx = (np.arange(size) * image.shape[0] / size).astype(int)
            new = image[np.ix_(idx, idx)]
        self.change(new, f"Grid {size}×{size}")
        if self.model.grid_size != size:          # refused: put the box back
            self._on_model_image()

    def clear(self) -> None:
        self.change(np.full_like(self.model.image, -1.0), "Clear")

    def invert(self) -> None:
        self.change(-self.model.image, "Invert")

    def rotate(self) -> None:
        self.change(np.rot90(self.model.image, -1).copy(), "Rotate")

    def mirror(self) -> None:
        self.change(self.model.image[:, ::-1].copy(), "Mirror")

    def shift(self, rows: int, cols: int) -> None:
        """Move the drawing; background fills the vacated edge."""
        image = self.model.image
        out = np.full_like(image, -1.0)
        n = image.shape[0]
        src = image[max(0, -rows):n - max(0, rows), max(0, -cols):n - max(0, cols)]
        out[max(0, rows):max(0, rows) + src.shape[0], max(0, cols):max(0, cols) + src.shape[1]] = src
        self.change(out, "Shift")

    # --- files ----------------------------------------------------------------------
    def open_file(self, path: str) -> None:
        """A dropped file: drawings are text, anything else is tried as a picture."""
        if path.lower().endswith(".txt"):
            self.open_drawing(path)
        else:
            self.import_picture(path)

    def open_drawing(self, path: str | None = None) -> None:
        """A drawing file (PRODUCT.md §3); a bad one is refused with a message, the current drawing stays."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Open drawing", "", DRAWING_FILTER)
            if not path:
                return
        try:
            image = read_drawing(path)
            if image.shape[0] != image.shape[1]:
                raise XoError(f"{Path(path).name} is {image.shape[0]}×{image.shape[1]}; "
                              "drawings here are square")
            if not MIN_GRID <= image.shape[0] <= MAX_GRID:
                raise XoError(f"{Path(path).name} is {image.shape[0]}×{image.shape[0]}; "
                              f"the grid goes from {MIN_GRID} to {MAX_GRID}")
        except XoError as exc:
            QMessageBox.warning(self, "Cannot open drawing", str(exc))
            return
        self.change(image, f"Open {Path(path).name}")

    def save_drawing(self, path: str | None = None) -> bool:
        """Atomic save: a failed write never damages the file already on disk."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Save drawing", "drawing.txt", DRAWING_FILTER)
            if not path:
                return False
        try:
            write_drawing(path, self.model.image)
        except (XoError, OSError) as exc:
            QMessageBox.warning(self, "Cannot save drawing", str(exc))
            return False
        return True

    def import_picture(self, path: str | None = None) -> None:
        """Any picture Qt reads, scaled into the grid; an unreadable one is refused with a message."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import picture", "", PICTURE_FILTER)
            if not path:
                return
        try:
            image = picture_to_grid(path, self.model.grid_size)
        except XoError as exc:
            QMessageBox.warning(self, "Cannot import picture", str(exc))
            return
        self.change(image, f"Import {Path(path).name}")
