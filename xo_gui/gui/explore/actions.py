"""Explore's actions (menus, toolbar, shortcuts): each one sends one intent to the lab;
the file actions ask for a path first."""
from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

from ...model.lab import LabModel
from ..i18n import without_mnemonic
from ..widgets.folders import ask_open, ask_save

DRAWING_FILTER = "Drawings (*.txt);;All files (*)"
PICTURE_FILTER = "Pictures (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;All files (*)"
SHIFTS = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}


class ExploreActions(QObject):
    """``actions[key]`` for every editing and file action; ``eraser`` for the grid."""

    labDropped = Signal(str)

    def __init__(self, model: LabModel, window: QWidget) -> None:
        super().__init__(window)
        self.model, self.window = model, window
        self.actions: dict[str, QAction] = {}
        self.eraser = False
        undo = model.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = model.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        undo.setIconText(self.tr("Undo"))       # the toolbar button keeps its width; the
        redo.setIconText(self.tr("Redo"))       # menu says what is undone
        self.actions["undo"], self.actions["redo"] = undo, redo
        self._tools()
        add = self._add
        add("clear", self.tr("&Clear"), lambda: model.transform("clear"), "Ctrl+Backspace",
            self.tr("Clear the drawing"))
        add("invert", self.tr("&Invert"), lambda: model.transform("invert"), "Ctrl+I",
            self.tr("Swap ink and background"))
        add("rotate", self.tr("Ro&tate 90°"), lambda: model.transform("rotate"), "Ctrl+R",
            self.tr("Rotate a quarter turn clockwise"))
        add("mirror", self.tr("&Mirror"), lambda: model.transform("mirror"), "Ctrl+M",
            self.tr("Mirror left to right"))
        names = {"up": self.tr("Shift &Up"), "down": self.tr("Shift &Down"),
                 "left": self.tr("Shift &Left"), "right": self.tr("Shift &Right")}
        keys = {"up": "Up", "down": "Down", "left": "Left", "right": "Right"}
        for key, (dr, dc) in SHIFTS.items():
            # Active anywhere in the Explore tab (the tab adds them); a text field or a map
            # with the focus takes the arrow keys first (ShortcutOverride).
            action = add(f"shift_{key}", names[key], lambda _=False, a=dr, b=dc: model.shift(a, b),
                         keys[key], self.tr("Move the drawing one pixel"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add("open", self.tr("Open &drawing…"), self.open_drawing, None,
            self.tr("Open a drawing file (text: # for ink, . for background)"))
        add("save", self.tr("Sa&ve drawing…"), self.save_drawing, None,
            self.tr("Save the drawing as a text file"))
        add("import", self.tr("&Import picture…"), self.import_picture, "Ctrl+Shift+I",
            self.tr("Scale a picture file (PNG, JPEG, …) down into the grid"))
        add("reset_features", self.tr("Reset &features"), model.reset_features, None,
            self.tr("Put the tutorial's three features back"))
        add("tutorial_network", self.tr("Use the tutorial’s &network"),
            model.use_tutorial_network, None,
            self.tr("Back to the hand-made network at the current grid size (the drawing "
                    "is kept)"))

    def _add(self, key: str, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setIconText(without_mnemonic(text))      # toolbar and tool buttons
        action.setToolTip(tip or action.iconText())
        action.setStatusTip(tip or action.iconText())
        action.triggered.connect(slot)
        self.actions[key] = action
        return action

    def _tools(self) -> None:
        group = QActionGroup(self)
        pen = self._add("pen", self.tr("&Pen"), lambda: self._set_eraser(False), "P",
                        self.tr("Pen: the left button paints ink (+1)"))
        eraser = self._add("eraser", self.tr("&Eraser"), lambda: self._set_eraser(True), "E",
                           self.tr("Eraser: the left button paints background (−1), for "
                                   "touchpads"))
        for action in (pen, eraser):
            action.setCheckable(True)
            group.addAction(action)
        pen.setChecked(True)

    def _set_eraser(self, on: bool) -> None:
        self.eraser = on

    # --- files -----------------------------------------------------------------------
    def open_file(self, path: str) -> None:
        """A dropped file: a lab, a drawing (text), else it is tried as a picture."""
        if path.lower().endswith(".xolab"):
            self.labDropped.emit(path)
        elif path.lower().endswith(".txt"):
            self._read(self.model.drawing_task(path), path)
        else:
            self._read(self.model.picture_task(path), path)

    def open_drawing(self) -> None:
        path = ask_open(self.window, "drawing", self.tr("Open drawing"), DRAWING_FILTER)
        if path:
            self._read(self.model.drawing_task(path), path)

    def _read(self, task, path: str) -> None:
        """Files are read in the lab's file reader, never on the GUI thread."""
        self.model.files.read(task, os.path.basename(path))

    def save_drawing(self) -> None:
        path = ask_save(self.window, "drawing", self.tr("Save drawing"), "drawing.txt",
                        DRAWING_FILTER)
        if path:
            self.model.save_drawing(path)

    def import_picture(self) -> None:
        path = ask_open(self.window, "picture", self.tr("Import picture"), PICTURE_FILTER)
        if path:
            self._read(self.model.picture_task(path), path)

