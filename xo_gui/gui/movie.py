"""A movie of the learning (``xo-gui movie``, File → Export → Movie): an animated GIF with
one frame per moment the run's history kept.

Each frame is the Train tab's views (the curves with the history cursor, the features, the
votes and error table for the drawing) of the real window, built offscreen and rewound to
that moment with ``Training.show_moment``, so the movie shows what the window shows.  A
band above the views gives the epoch.  Pillow writes the GIF: one palette for the whole
movie (no dithering), so the unchanged parts of consecutive frames stay identical and
Pillow stores only what changed.
"""
from __future__ import annotations

import os
import tempfile
from typing import Callable, Iterator

from ..engine.errors import ConfigError, FileFormatError
from ..engine.lab import Lab
from ..engine.lab_file import load_lab, save_lab
from ..engine.safe_files import atomic_write, check_writable, short_name
from .headless import headless_app

Progress = Callable[[int, int], object]
FPS_RANGE = (1, 50)
SIZE_RANGE = (160, 3840)         # pixels, each side
CAPTION_HEIGHT = 30              # the band above the views that gives the epoch
SETTLE_PASSES = 3                # event-loop passes for a moment to reach every view
MAX_MOVIE_PIXELS = 1 << 30       # Pillow holds every palette frame until the GIF is written


class MovieCancelled(ConfigError):
    """``progress`` returned False: the movie was stopped and nothing was written."""


def render_movie(lab_path: str, out_path: str, fps: int = 4, size: tuple[int, int] = (960, 600),
                 progress: Progress | None = None) -> int:
    """Write the run in the lab file ``lab_path`` as an animated GIF at ``out_path``, one
    frame per history snapshot, each ``size`` (width, height) pixels, shown ``1/fps`` s.

    ``progress(done, total)`` is called after each frame (``done`` from 1 to ``total``); if
    it returns False the movie stops (MovieCancelled, nothing written).  Returns the number
    of frames.  Raises ``XoError`` with one sentence for bad settings, an out path that
    cannot be written (checked before anything is rendered), a bad lab file or a lab
    without a history; the GIF is written atomically."""
    _check_settings(fps, size)
    check_writable(out_path, [("lab", lab_path)])
    lab = load_lab(lab_path)
    return _render_lab(lab, short_name(os.fspath(lab_path)), out_path, fps, size, progress)


def render_lab_movie(lab: Lab, out_path: str, fps: int = 4, size: tuple[int, int] = (960, 600),
                     progress: Progress | None = None) -> int:
    """``render_movie`` for a lab in memory (File → Export → Movie passes
    ``lab_io.to_lab(window.model)``, so an unsaved lab can be filmed too)."""
    _check_settings(fps, size)
    check_writable(out_path)
    return _render_lab(lab, "this lab", out_path, fps, size, progress)


def _check_settings(fps: int, size: tuple[int, int]) -> None:
    if isinstance(fps, bool) or not isinstance(fps, int) or not FPS_RANGE[0] <= fps <= FPS_RANGE[1]:
        raise ConfigError(f"the movie's speed must be a whole number of frames per second "
                          f"from {FPS_RANGE[0]} to {FPS_RANGE[1]} (got {fps!r})")
    low, high = SIZE_RANGE
    if (not isinstance(size, (tuple, list)) or len(size) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) and low <= v <= high
                       for v in size)):
        raise ConfigError(f"the movie's size must be WIDTHxHEIGHT, each from {low} to {high} "
                          f"pixels (got {size!r})")


def parse_size(text: str) -> tuple[int, int]:
    """``"960x600"`` -> (960, 600), for ``--size WxH`` (ConfigError if it is not one)."""
    parts = str(text).lower().replace("×", "x").split("x")
    try:
        size = tuple(int(p) for p in parts)
    except ValueError:
        size = ()
    if len(size) != 2:
        raise ConfigError(f"the movie's size must be WIDTHxHEIGHT, e.g. 960x600 (got {text!r})")
    _check_settings(FPS_RANGE[0], size)
    return size


def _render_lab(lab: Lab, name: str, out_path: str, fps: int, size: tuple[int, int],
                progress: Progress | None) -> int:
    if lab.history is None or lab.trained is None or not len(lab.history):
        raise ConfigError(f"{name} has no training history to make a movie of; train it "
                          f"first (xo-gui train --lab, or Train in the window and save the lab)")
    if len(lab.history) * size[0] * size[1] > MAX_MOVIE_PIXELS:
        raise ConfigError(f"a movie of {len(lab.history):,} moments at {size[0]}x{size[1]} "
                          f"needs more memory than it is worth; choose a smaller size")
    with headless_app() as app, tempfile.TemporaryDirectory(prefix="xo-movie-") as folder:
        # The movie's window opens the lab from a file, as any lab is opened (checked).
        path = os.path.join(folder, "movie.xolab")
        save_lab(path, lab)
        return _film(app, path, name, out_path, fps, size, progress)


def _film(app, lab_path: str, name: str, out_path: str, fps: int, size: tuple[int, int],
          progress: Progress | None) -> int:
    from PySide6.QtCore import Qt

    from ..gui.main_window import MainWindow
    from ..model.lab_io import open_lab

    window = MainWindow()
    try:
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)   # never on screen
        try:
            open_lab(window.model, lab_path)
        except FileFormatError as exc:          # its messages say "its drawing is ..."
            raise FileFormatError(f"{name} cannot be shown in the window: {exc}") from None
        training = window.model.training
        training.data.wait()
        tab = window.train
        window.tabs.setCurrentWidget(tab)
        tab.pages.setCurrentWidget(tab.votes)
        session = training.session
        # The curves of the whole run, on the run's epoch axis (what the window shows at
        # the end of a run; the cursor then moves over them).
        last_epoch = session.run_history.snapshots[-1].epoch
        tab.curves.set_span(max(last_epoch, 1.0))
        tab.curves.show_curves(session.batch_x, session.batch_loss, session.history)
        views = _views_of(tab)
        window.show()
        _fit(app, window, views, (size[0], size[1] - CAPTION_HEIGHT))
        count = len(session.run_history)
        frames = _frames(app, training, views, size, count, progress)
        first = next(frames)
        atomic_write(out_path, lambda stream: first.save(
            stream, format="GIF", save_all=True, append_images=frames,
            duration=max(1000 // fps, 20), loop=0, optimize=True, disposal=1))
        return count
    finally:
        window.dispose()
        app.processEvents()


def _views_of(tab):
    """The Train tab's views under its buttons: the splitter holding the curves (with the
    history slider) above the features and the votes pages."""
    from PySide6.QtWidgets import QSplitter

    widget = tab.curves.parentWidget()
    while widget is not None and not (isinstance(widget, QSplitter)
                                      and widget.isAncestorOf(tab.features)):
        widget = widget.parentWidget()
    return widget if widget is not None else tab


def _fit(app, window, views, size: tuple[int, int]) -> None:
    """Resize the window until ``views`` is about ``size`` (the grab is scaled the rest)."""
    for _ in range(3):
        _settle(app)
        dw, dh = size[0] - views.width(), size[1] - views.height()
        if abs(dw) <= 2 and abs(dh) <= 2:
            break
        window.resize(max(window.width() + dw, 100), max(window.height() + dh, 100))
    _settle(app)


def _settle(app) -> None:
    for _ in range(SETTLE_PASSES):
        app.processEvents()


def _frames(app, training, views, size: tuple[int, int], count: int,
            progress: Progress | None) -> Iterator[object]:
    """Palette images, one per snapshot, rendered as Pillow asks for them (so a long
    run is never held in memory as full-colour frames); the palette is the first and the
    last moment's colours."""
    from PIL import Image

    ends = [_frame(app, training, views, size, i, count) for i in (0, count - 1)]
    sample = Image.new("RGB", (size[0], 2 * size[1]), "white")
    sample.paste(ends[0], (0, 0))
    sample.paste(ends[1], (0, size[1]))
    palette = sample.quantize(colors=255, method=Image.Quantize.MEDIANCUT,
                              dither=Image.Dither.NONE)
    for i in range(count):
        rgb = ends[0] if i == 0 else ends[1] if i == count - 1 else _frame(
            app, training, views, size, i, count)
        yield rgb.quantize(palette=palette, dither=Image.Dither.NONE)
        if progress is not None and progress(i + 1, count) is False:
            raise MovieCancelled("the movie was cancelled; nothing was written")


def _frame(app, training, views, size: tuple[int, int], index: int, count: int):
    """Moment ``index`` as the views show it, captioned, as an RGB Pillow image."""
    from PIL import Image
    from PySide6.QtCore import QCoreApplication, QRect, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    training.show_moment(None if index == count - 1 else index)
    _settle(app)
    width, height = size
    shot = views.grab().toImage().scaled(
        width, height - CAPTION_HEIGHT, Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation)
    snap = training.session.run_history.at(index)
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QColor(40, 40, 48))
    painter = QPainter(image)
    try:
        painter.drawImage(0, CAPTION_HEIGHT, shot)
        font = QFont(views.font())
        font.setPixelSize(int(CAPTION_HEIGHT * 0.6))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        band = QRect(10, 0, width - 20, CAPTION_HEIGHT)
        # the votes page's own sentence (so it is translated with the window's)
        caption = QCoreApplication.translate("ShowsTraining", "The network at epoch {epoch}")
        painter.drawText(band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         caption.format(epoch=f"{snap.epoch:.2f}"))
    finally:
        painter.end()
    stride = image.bytesPerLine()
    data = bytes(image.constBits())
    if len(data) < stride * height:
        raise FileFormatError("the movie's frame could not be rendered")
    return Image.frombuffer("RGB", (width, height), data, "raw", "RGB", stride, 1).copy()
