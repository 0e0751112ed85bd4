"""The main window: menus, toolbar, status bar, and the Explore and Train tabs around one
lab model.  It shows what the lab refuses as a dialog and routes the tabs' requests."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QFont, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from ..model.lab import LabModel, NetworkSource
from ..model.lesson import Lesson
from .explore.tab import ExploreTab
from .explore.votes import classic_tip, prediction_text
from .i18n import LANGUAGES, translations, without_mnemonic
from .lab_actions import LabActions
from .lesson_panel import LessonPanel
from .widgets.read_progress import ReadProgress
from .widgets import colors
from .train.tab import TrainTab


ZOOM_RANGE, ZOOM_STEP, PRESENTATION_ZOOM = (50, 300), 25, 175


class MainWindow(QMainWindow):
    """XO ConvNet Lab: Explore first, Train second, one lab shared by both."""

    def __init__(self, model: LabModel | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model if model is not None else LabModel(self)
        self.tabs = QTabWidget()
        # The arrow keys shift the drawing whenever Explore shows: the grid takes the
        # focus at start-up and each time the tab comes back (not the tab bar).
        self.tabs.currentChanged.connect(self._on_view_tab)
        self.setCentralWidget(self.tabs)
        self.prediction_label = QLabel()
        self.statusBar().addPermanentWidget(self.prediction_label)
        self._base_font = QFont(self.font())
        self.zoom = 100
        self.setAcceptDrops(True)
        self.toolbar = self.addToolBar("Main")
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.lesson = Lesson(self.model)           # outside the views: survives _rebuild
        self.lesson_panel = LessonPanel(self.lesson, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.lesson_panel)
        self.lesson_panel.hide()
        self._build_views()
        self.model.traceChanged.connect(self._on_model_trace)
        self.model.refused.connect(self._on_model_refused)
        self.model.training.refused.connect(self._on_model_refused)
        self.reading = ReadProgress(self.model.files, self)     # every open's "Cancel"
        self.resize(1280, 800)

    def restore_settings(self) -> None:
        """The window as the user left it: geometry and zoom (the application calls this;
        screenshots and tests start from the defaults)."""
        settings = QSettings()
        geometry = settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        palette = settings.value("palette", "red-blue", str)
        if palette != colors.palette().name and palette in colors.PALETTES:
            self.set_palette(palette)
        zoom = settings.value("zoom", 100, int)
        if zoom != 100:
            self.set_zoom(zoom)

    def _build_views(self) -> None:
        """The tabs, menus and toolbar, in the current language.  The lab's state lives in
        the model, so a new language simply builds the views again around it."""
        self.setWindowTitle(self.tr("XO ConvNet Lab"))
        self.explore = ExploreTab(self.model)
        self.tabs.addTab(self.explore, self.tr("Explore"))
        self.train = TrainTab(self.model, self)
        self.tabs.addTab(self.train, self.tr("Train"))
        self.train.openInExplore.connect(lambda: self.tabs.setCurrentWidget(self.explore))
        self._make_menus()
        self._on_model_trace()

    def set_zoom(self, percent: int) -> None:
        """View → Zoom: text, maps, numbers and the explanation grow together (50–300 %),
        remembered between runs."""
        percent = int(min(max(percent, ZOOM_RANGE[0]), ZOOM_RANGE[1]))
        self.zoom = percent
        font = QFont(self._base_font)
        font.setPointSizeF(self._base_font.pointSizeF() * percent / 100)
        self.setFont(font)
        self.explore.set_zoom(percent / 100)
        QSettings().setValue("zoom", percent)
        self.statusBar().showMessage(self.tr("Zoom {n}%").format(n=percent), 2000)

    def set_presenting(self, on: bool) -> None:
        """F11: full screen, large type, the toolbar and Train's settings folded away;
        Esc leaves it."""
        self.presenting.setChecked(on)
        if on == self.isFullScreen():
            return
        if on:
            self._before_presenting = self.zoom
            self.showFullScreen()
            self.set_zoom(max(self.zoom, PRESENTATION_ZOOM))
        else:
            self.showNormal()
            self.set_zoom(getattr(self, "_before_presenting", 100))
        self.toolbar.setVisible(not on)
        self.train.left.setVisible(not on)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.set_presenting(False)
            return
        super().keyPressEvent(event)

    def set_language(self, lang: str) -> None:
        """View → Language: switch live, and remember the choice."""
        translations().install(lang)
        QSettings().setValue("language", lang)
        self._rebuild()

    def set_palette(self, name: str) -> None:
        """View → Palette: the default red and blue, or a colour-blind-safe orange and
        purple; switched live and remembered."""
        colors.set_palette(name)
        QSettings().setValue("palette", name)
        self._rebuild()

    def _rebuild(self) -> None:
        """The views again around the same lab (its state lives in the model)."""
        index = self.tabs.currentIndex()
        old = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.clear()
        for widget in old:
            widget.setParent(None)
            widget.deleteLater()
        self.menuBar().clear()
        self.toolbar.clear()
        self._build_views()
        self.explore.set_zoom(self.zoom / 100)
        self.tabs.setCurrentIndex(index)
        self._on_view_tab()
        self.lesson_panel.retranslate()

    def _add(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        action.setIconText(without_mnemonic(text))      # as the toolbar shows it
        action.setToolTip(action.iconText())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _make_menus(self) -> None:
        acts = self.explore.actions.actions
        self._file_menu(acts)
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        for key in ("undo", "redo", None, "pen", "eraser", "clear", "invert", "rotate",
                    "mirror"):
            edit.addAction(acts[key]) if key else edit.addSeparator()
        shift = edit.addMenu(self.tr("&Shift"))
        for key in ("shift_up", "shift_down", "shift_left", "shift_right"):
            shift.addAction(acts[key])
        edit.addSeparator()
        edit.addAction(acts["reset_features"])
        edit.addAction(acts["tutorial_network"])
        self._view_menu()
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._add(help_menu, self.tr("&How it works"), self.how_it_works, "Shift+F1")
        self._add(help_menu, self.tr("&About"), self.about)
        toolbar = self.toolbar
        toolbar.setWindowTitle(self.tr("Main toolbar"))
        for key in ("open", "save", "undo", "redo", "clear", "invert", "rotate", "mirror"):
            toolbar.addAction(acts[key])
        toolbar.addSeparator()
        toolbar.addAction(self.show_numbers)

    def _file_menu(self, acts: dict) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        if getattr(self, "labs", None) is not None:
            self.labs.deleteLater()
        self.labs = LabActions(self.model, self)
        self.explore.actions.labDropped.connect(self.labs.open)
        for action in (self.labs.open_action, self.labs.save_action, self.labs.save_as_action):
            file_menu.addAction(action)
        file_menu.addMenu(self.labs.recent_menu)
        file_menu.addAction(self.lesson_panel.open_file_action)
        export = file_menu.addMenu(self.tr("&Export"))
        export.addAction(self.labs.movie_action)
        export.addAction(self.labs.wav_action)
        file_menu.addSeparator()
        for key in ("open", "save", "import"):
            file_menu.addAction(acts[key])
        file_menu.addSeparator()
        self._add(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

    def _view_menu(self) -> None:
        view = self.menuBar().addMenu(self.tr("&View"))
        self.show_numbers = self._add(view, self.tr("Show &numbers"),
                                      self.explore.pipeline.set_show_numbers, "Ctrl+N")
        self.show_numbers.setCheckable(True)
        self.show_numbers.setChecked(True)
        view.addSeparator()
        self._add(view, self.tr("Zoom &In"), lambda: self.set_zoom(self.zoom + ZOOM_STEP),
                  QKeySequence.StandardKey.ZoomIn).setShortcuts(
            [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")])
        self._add(view, self.tr("Zoom &Out"), lambda: self.set_zoom(self.zoom - ZOOM_STEP),
                  QKeySequence.StandardKey.ZoomOut)
        self._add(view, self.tr("&Actual Size"), lambda: self.set_zoom(100), "Ctrl+0")
        self.presenting = self._add(view, self.tr("&Presentation Mode"), self.set_presenting,
                                    "F11")
        self.presenting.setCheckable(True)
        view.addAction(self.lesson_panel.open_action)
        view.addSeparator()
        palettes = view.addMenu(self.tr("Pale&tte"))
        group = QActionGroup(palettes)
        for name, text in (("red-blue", self.tr("&Red and blue")),
                           ("orange-purple", self.tr("&Orange and purple (colour-blind safe)"))):
            action = self._add(palettes, text, lambda _=False, n=name: self.set_palette(n))
            action.setCheckable(True)
            action.setChecked(name == colors.palette().name)
            group.addAction(action)
        languages = view.addMenu(self.tr("&Language"))
        group = QActionGroup(languages)
        for lang, name in LANGUAGES.items():
            action = self._add(languages, _mnemonic(name, lang),
                               lambda _=False, lang=lang: self.set_language(lang))
            action.setCheckable(True)
            action.setChecked(lang == translations().language)
            group.addAction(action)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not event.spontaneous():       # shown by the program (start-up), not restored
            self._on_view_tab()

    def _on_view_tab(self, _index: int = 0) -> None:
        if self.tabs.currentWidget() is self.explore:
            self.explore.focus_drawing()

    def _on_model_trace(self) -> None:
        model = self.model
        name, sure = prediction_text(model)
        tutorial = model.network_source == NetworkSource.TUTORIAL
        self.prediction_label.setToolTip(classic_tip() if tutorial else self.tr(
            "The softmax probability of the winning answer"))
        self.prediction_label.setText(self.tr(
            "Explore: {network} says {name} ({sure})   ·   forward {ms} ms").format(
            network=model.network_title, name=name, sure=sure, ms=f"{model.forward_ms:.2f}"))

    def _on_model_refused(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def use_tutorial_network(self) -> None:
        """Back to the hand-made network at the current grid size (the drawing is kept)."""
        self.model.use_tutorial_network()

    def how_it_works(self) -> None:
        QMessageBox.information(self, self.tr("How it works"), how_it_works_html())

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About XO ConvNet Lab"), self.tr(
            "<b>XO ConvNet Lab</b><p>A tiny convolutional network you can see and poke at, "
            "after Brandon Rohrer's “How Convolutional Neural Networks Work”. Python, "
            "PySide6, NumPy, pyqtgraph.</p>"))

    def dispose(self) -> None:
        """Headless use (screenshot, benchmark): stop background work and free the window
        without asking anything."""
        self.train.shutdown()
        self.hide()
        self.deleteLater()

    def dragEnterEvent(self, event) -> None:
        if any(u.toLocalFile().endswith(".xolab") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and paths[0].endswith(".xolab"):
            event.acceptProposedAction()
            self.labs.open(paths[0])

    def closeEvent(self, event) -> None:
        if not self.labs.confirm_discard():
            event.ignore()
            return
        QSettings().setValue("geometry", self.saveGeometry())
        self.train.shutdown()
        event.accept()


def _mnemonic(name: str, lang: str) -> str:
    """"&English"; a name in another script takes the trailing "(&Z)" mnemonic."""
    return "&" + name if name[:1].isascii() else f"{name}(&{lang[0].upper()})"


def how_it_works_html() -> str:
    return QCoreApplication.translate("MainWindow", """<h3>How a convolutional network tells X from O</h3>
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
examples.</p>""")
