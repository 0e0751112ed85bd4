"""A dark theme stays legible: the window's notes take their colour from the palette
(colors.note_color) and read at WCAG contrast 4.5 or more on a light and on a dark window."""
from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

R = QPalette.ColorRole
DARK = {R.Window: "#2d2d2d", R.WindowText: "#e0e0e0", R.Base: "#1e1e1e", R.Text: "#e0e0e0",
        R.Button: "#353535", R.ButtonText: "#e0e0e0", R.AlternateBase: "#353535"}


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 (same) to 21 (black on white)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_ratio_is_wcags():
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21)
    assert contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)


@pytest.fixture(params=["light", "dark"])
def themed_window(request, qtbot):
    """The main window built under the standard (light) or a dark application palette."""
    from xo_gui.gui.main_window import MainWindow
    app = QApplication.instance()
    before = app.palette()
    if request.param == "dark":
        palette = QPalette(before)
        for role, name in DARK.items():
            palette.setColor(role, QColor(name))
        app.setPalette(palette)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window, request.param
    app.setPalette(before)


def _notes(window):
    settings, data = window.train.settings, window.train.data
    return [(settings.message, "A feature of 11×11 is larger than its 9×9 input."),
            (settings.stop_note, None), (data.note, "3 drawings were left out.")]


def test_notes_read_on_a_light_and_a_dark_window(themed_window):
    window, theme = themed_window
    window.tabs.setCurrentWidget(window.train)
    for label, text in _notes(window):
        if text is not None:
            label.setText(text)
        image = label.grab().toImage()
        pixels = Counter(image.pixel(x, y) for x in range(0, image.width(), 2)
                         for y in range(0, image.height(), 2))
        background = QColor.fromRgb(pixels.most_common(1)[0][0])
        ink = label.palette().color(label.foregroundRole())
        assert (background.lightnessF() < 0.5) == (theme == "dark")
        assert contrast(ink, background) >= 4.5, (label.text()[:30], ink.name(),
                                                  background.name())
        assert ink.red() > ink.blue()                    # still a red or orange note


def test_confusion_cells_keep_dark_text_on_their_light_colours(themed_window):
    import numpy as np
    window, _ = themed_window
    table = window.train.confusion.table
    window.train.confusion.show_results(np.array([[9, 1], [0, 7]]), [])
    for i in range(2):
        for j in range(2):
            item = table.item(i, j)
            brush = item.foreground()                   # none: the palette's text colour
            ink = (table.palette().color(R.Text) if brush.style() == Qt.BrushStyle.NoBrush
                   else brush.color())
            assert contrast(ink, item.background().color()) >= 4.5
