"""Readable in a classroom: zoom, presentation mode, numbers that are read or said to be
too small, and nothing clipped or seamed at the common window sizes and device pixel
ratios in either language."""
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLabel, QWidget

SIZES = [(1024, 700), (1280, 800), (1920, 1080)]


def test_zoom_grows_text_maps_and_explanation_and_is_remembered(main_window):
    explain = main_window.explore.explanation.label
    before = explain.font().pointSizeF()
    QTest.keyClick(main_window.windowHandle(), Qt.Key.Key_Plus,
                   Qt.KeyboardModifier.ControlModifier)
    assert main_window.zoom == 125
    main_window.set_zoom(200)
    assert explain.font().pointSizeF() == pytest.approx(before * 2)
    assert main_window.explore.pipeline.minimumWidth() > 1000       # the maps get room
    assert QSettings().value("zoom", 0, int) == 200
    main_window.set_zoom(1000)
    assert main_window.zoom == 300                                    # 50-300 %
    QTest.keyClick(main_window.windowHandle(), Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert main_window.zoom == 100 and explain.font().pointSizeF() == pytest.approx(before)


def test_presentation_mode_is_full_screen_large_and_esc_leaves_it(main_window):
    main_window.presenting.trigger()
    assert main_window.isFullScreen() and main_window.zoom >= 175
    assert not main_window.toolbar.isVisible()
    QTest.keyClick(main_window, Qt.Key.Key_Escape)
    assert not main_window.isFullScreen() and main_window.zoom == 100
    assert main_window.toolbar.isVisible()


def test_numbers_show_at_the_default_size_and_say_so_when_too_small(main_window, qapp):
    pipeline = main_window.explore.pipeline
    main_window.grab()                                   # paint: the numbers measure cells
    assert not pipeline.small_note.isVisible()
    main_window.resize(1024, 700)
    qapp.processEvents()
    main_window.grab()
    assert pipeline.small_note.isVisible() and "zoom in" in pipeline.small_note.text()
    note = pipeline.small_note                           # whole, inside the panel
    assert note.geometry().right() < pipeline.width()
    assert note.height() >= note.heightForWidth(note.width())
    main_window.set_zoom(150)
    qapp.processEvents()
    main_window.grab()
    assert not pipeline.small_note.isVisible()


def _clipped(window) -> list:
    out = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not isinstance(
                widget, (QLabel, QAbstractButton, QComboBox, QAbstractSpinBox)):
            continue
        hint = widget.minimumSizeHint()
        if widget.width() + 1 < hint.width() or widget.height() + 1 < hint.height():
            out.append((type(widget).__name__, getattr(widget, "text", lambda: "")()[:30],
                        widget.width(), hint.width()))
    return out


def _arrangements(window) -> list[tuple[int, int, int]]:
    """(tab, Train's left page, Train's lower page): Explore, and every page of Train."""
    train = window.train
    return [(0, 0, 0)] + [(1, left, page) for left in range(train.left.count())
                          for page in range(train.pages.count())]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_nothing_is_clipped_at_the_common_sizes(main_window, qapp, lang):
    from xo_gui.gui.i18n import translations
    if lang != "en":
        main_window.set_language(lang)
    try:
        for size in SIZES:
            main_window.resize(*size)
            for tab, left, page in _arrangements(main_window):
                main_window.tabs.setCurrentIndex(tab)
                main_window.train.left.setCurrentIndex(left)
                main_window.train.pages.setCurrentIndex(page)
                qapp.processEvents()
                assert main_window.width() <= size[0]         # the window fits the screen
                assert _clipped(main_window) == [], (size, tab, left, page)
    finally:
        if lang != "en":
            main_window.set_language("en")
    assert translations().language == "en"


def test_the_drawing_grid_has_no_light_seam(main_window):
    """The grid is one scaled image: at a fractional device pixel ratio no row or column
    of light background shows between its cells."""
    main_window.model.load_preset("x")
    image = main_window.explore.editor.grid.grab().toImage()
    assert image.devicePixelRatio() == pytest.approx(main_window.devicePixelRatioF())
    inset = 4 * image.devicePixelRatio()               # inside the grid's own border
    xs = range(int(inset), image.width() - int(inset))
    ys = range(int(inset), image.height() - int(inset))

    def light(x, y):
        return image.pixelColor(x, y).lightness() > 200
    assert not [y for y in ys if all(light(x, y) for x in xs[::3])]
    assert not [x for x in xs if all(light(x, y) for y in ys[::3])]


DPR_TESTS = "clipped or numbers_show or light_seam"


@pytest.mark.skipif(bool(os.environ.get("QT_SCALE_FACTOR")), reason="already scaled")
@pytest.mark.parametrize("factor", ["1.5", "2"])
def test_the_same_holds_at_device_pixel_ratios(factor):
    """The clip, numbers and seam tests again in a process whose screen has this device
    pixel ratio (Qt reads QT_SCALE_FACTOR once, at start-up)."""
    env = dict(os.environ, QT_SCALE_FACTOR=factor, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           __file__, "-k", DPR_TESTS], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "\n4 passed" in done.stdout, done.stdout[-500:]

def test_each_kind_of_file_dialog_opens_where_the_last_one_was(main_window, monkeypatch,
                                                               tmp_path):
    from PySide6.QtWidgets import QFileDialog
    from xo_gui.engine.data import preset
    from xo_gui.engine.drawing_files import write_drawing
    drawing = tmp_path / "drawings" / "o.txt"
    drawing.parent.mkdir()
    write_drawing(drawing, preset("o", 9))
    asked = []

    def dialog(parent, title, start, filters):
        asked.append(start)
        return str(drawing), ""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    actions = main_window.explore.actions
    for _ in range(2):
        actions.open_drawing()
        main_window.model.files.wait()          # the file is read in a worker
    assert asked[0] == "" and asked[1] == str(drawing.parent)
    assert main_window.model.prediction == "O"
    assert QSettings().value("folders/picture", "", str) == ""      # kinds kept apart


def test_a_colour_blind_safe_palette_switches_live_and_keeps_the_lab(main_window):
    from xo_gui.gui.widgets import colors
    model = main_window.model
    model.load_preset("o")
    red = main_window.explore.editor.grid.grab().toImage().pixelColor(30, 30)
    main_window.set_palette("orange-purple")
    try:
        assert colors.palette().name == "orange-purple"
        assert QSettings().value("palette", "", str) == "orange-purple"
        other = main_window.explore.editor.grid.grab().toImage().pixelColor(30, 30)
        assert other != red and model.prediction == "O"
        assert colors.value_color(1.0).name() == "#e66101"
    finally:
        main_window.set_palette("red-blue")
    assert colors.palette().name == "red-blue"


def test_the_drawing_exports_as_a_sound(main_window, tmp_path):
    import wave
    main_window.model.load_preset("x")
    out = tmp_path / "x.wav"
    assert main_window.labs.export_wav(str(out))
    with wave.open(str(out)) as sound:
        assert sound.getnframes() > 1000 and sound.getsampwidth() == 2


def test_explore_says_what_a_sound_or_text_grid_means(main_window):
    axes = main_window.explore.editor.axes
    assert not axes.isVisibleTo(main_window)
    main_window.model.transform("clear")        # a hand drawing means what the data means
    main_window.model.training.data.update(kind="sound")
    assert axes.isVisibleTo(main_window) and "frequencies in Hz" in axes.text()
    main_window.model.training.data.update(kind="text")
    assert "letters (a on top)" in axes.text()
    main_window.model.training.data.update(kind="letters")
    assert not axes.isVisibleTo(main_window)
    main_window.model.training.data.wait()
