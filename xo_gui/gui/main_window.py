"""The main window: menus, toolbar, status bar, and the Explore and Train tabs around one
application model."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget)

from ..engine.classic import classic_network
from .app_model import AppModel
from .explore_tab import ExploreTab
from .train_tab import TrainTab
from .votes import CLASSIC_TIP, prediction_text

HOW_IT_WORKS = """<h3>How a convolutional network tells X from O</h3>
<ol>
<li><b>Features</b>: small pictures of pieces of a letter (a down-diagonal, a cross, an
up-diagonal).</li>
<li><b>Convolution</b>: slide each feature over the drawing; at each position multiply pixel
by pixel, add up, divide by the number of pixels. 1 is a perfect match, −1 a perfect
mismatch. This gives one <i>feature map</i> per feature.</li>
<li><b>ReLU</b>: negative values become 0.</li>
<li><b>Pooling</b>: keep the largest value of each 2×2 window; the map shrinks, the
matches survive small shifts.</li>
<li><b>Votes</b>: every remaining value votes for X and for O with a weight; the answer
with the most votes wins (softmax turns votes into probabilities).</li>
</ol>
<p>Draw in the grid and watch every map change. Point at any cell to see its arithmetic.
Click a feature's pixel to flip it. The Train tab learns features and votes from
examples.</p>"""


class MainWindow(QMainWindow):
    """XO ConvNet Lab: Explore first, Train second, one model shared by both."""

    def __init__(self, model: AppModel | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("XO ConvNet Lab")
        self.model = model if model is not None else AppModel(self)
        self.tabs = QTabWidget()
        self.explore = ExploreTab(self.model)
        self.tabs.addTab(self.explore, "Explore")
        self.train = TrainTab(self.model, self)
        self.tabs.addTab(self.train, "Train")
        editor = self.explore.editor
        self.train.drawingRequested.connect(editor.change)
        self.train.networkRequested.connect(editor.change_network)
        self.train.openInExplore.connect(lambda: self.tabs.setCurrentWidget(self.explore))
        # The arrow keys shift the drawing whenever Explore shows (not switch tabs): the
        # grid holds the focus at start-up and each time the tab comes back.
        self.tabs.currentChanged.connect(self._on_view_tab)
        self.setCentralWidget(self.tabs)
        self.prediction_label = QLabel()
        self.statusBar().addPermanentWidget(self.prediction_label)
        self._make_menus()
        self.model.traceChanged.connect(self._on_model_trace)
        self._on_model_trace()
        self.resize(1280, 800)

    def _add(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _make_menus(self) -> None:
        acts = self.explore.editor.actions
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for key in ("open", "save", "import"):
            file_menu.addAction(acts[key])
        file_menu.addSeparator()
        self._add(file_menu, "Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        edit.addAction(acts["undo"])
        edit.addAction(acts["redo"])
        edit.addSeparator()
        for key in ("pen", "eraser", "clear", "invert", "rotate", "mirror"):
            edit.addAction(acts[key])
        shift = edit.addMenu("Shift")
        for key in ("shift_up", "shift_down", "shift_left", "shift_right"):
            shift.addAction(acts[key])
        edit.addSeparator()
        self._add(edit, "Reset features", self.explore.reset_features)
        self._add(edit, "Use the tutorial’s network", self.use_tutorial_network)

        view = bar.addMenu("&View")
        self.show_numbers = self._add(view, "Show numbers", self.explore.pipeline.set_show_numbers,
                                      "Ctrl+N")
        self.show_numbers.setCheckable(True)
        self.show_numbers.setChecked(True)

        help_menu = bar.addMenu("&Help")
        self._add(help_menu, "How it works", self.how_it_works, QKeySequence.StandardKey.HelpContents)
        self._add(help_menu, "About", self.about)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        for key in ("open", "save", "undo", "redo", "clear", "invert", "rotate", "mirror"):
            toolbar.addAction(acts[key])
        toolbar.addSeparator()
        toolbar.addAction(self.show_numbers)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not event.spontaneous():       # shown by the program (start-up), not restored
            self._on_view_tab()

    def _on_view_tab(self, _index: int = 0) -> None:
        if self.tabs.currentWidget() is self.explore:
            self.explore.editor.grid.setFocus()

    def _on_model_trace(self) -> None:
        model = self.model
        source = ("the tutorial's network" if model.network_source == "classic"
                  else model.network_source)
        name, sure = prediction_text(model)
        self.prediction_label.setToolTip(CLASSIC_TIP if model.network_source == "classic"
                                         else "The softmax probability of the winning answer")
        self.prediction_label.setText(
            f"Prediction: {name} ({sure})   "
            f"forward {model.forward_ms:.2f} ms   ·   {source}")

    def use_tutorial_network(self) -> None:
        """Back to the hand-made network at the current grid size (the drawing is kept)."""
        self.explore.editor.change_network(classic_network(self.model.grid_size), "classic",
                                           None, "Use the tutorial's network")

    def how_it_works(self) -> None:
        QMessageBox.information(self, "How it works", HOW_IT_WORKS)

    def about(self) -> None:
        QMessageBox.about(self, "About XO ConvNet Lab",
                          "<b>XO ConvNet Lab</b><p>A tiny convolutional network you can see "
                          "and poke at, after Brandon Rohrer's “How Convolutional Neural "
                          "Networks Work”. Python, PySide6, NumPy, pyqtgraph.</p>")

    def dispose(self) -> None:
        """Headless use (screenshot, benchmark): stop background work and free the window
        without asking anything."""
        self.train.shutdown()
        self.hide()
        self.deleteLater()

    def closeEvent(self, event) -> None:
        if not self.train.confirm_close():
            event.ignore()
            return
        self.train.shutdown()
        event.accept()
