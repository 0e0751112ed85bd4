"""Render the window headless into a PNG (``xo-gui screenshot``): for the README and for
reviewing what a first-time user sees, in either language, at any size and zoom, and at
any moment of a lab file's run."""
from __future__ import annotations

import os

from ..engine.errors import ConfigError, FileFormatError
from ..engine.safe_files import atomic_write_bytes, check_writable
from ..gui.headless import headless_app


def render_screenshot(out_path: str, tab: str | None = None, preset: str | None = None,
                      model_path: str | None = None, size: tuple[int, int] = (1280, 800),
                      zoom: int = 100, lang: str = "en", lab_path: str | None = None,
                      at: float | None = None, lesson_step: int | None = None,
                      lesson_path: str | None = None) -> None:
    """Build the main window offscreen, apply the lab / preset / model / lesson step, and
    grab it.  The tab is ``tab``, else the lesson step's, else Explore.

    Raises ``XoError`` for a bad model, lab, preset or lesson, an epoch or a lesson step
    past the end, or when the PNG cannot be written (checked first; written atomically)."""
    check_writable(out_path)
    if tab not in (None, "explore", "train"):
        raise ConfigError(f"unknown tab {tab!r}; choose explore or train")
    if at is not None and lab_path is None:
        raise ConfigError("--at needs --lab: the moment of which run?")
    moment = None
    if lab_path is not None:
        from ..engine.lab_file import load_lab, network_at_epoch
        lab = load_lab(lab_path)
        if at is not None:
            network_at_epoch(lab, at)         # one clear line for an epoch past the end
            moment = lab.history.index_at_epoch(at)
    lesson = _lesson(lesson_step, lesson_path)
    with headless_app() as app:
        from ..gui.i18n import translations
        translations().install(lang)
        try:
            _render(app, out_path, tab, preset, model_path, size, zoom, lab_path, moment,
                    lesson, lesson_step)
        finally:
            translations().install("en")


def _render(app, out_path: str, tab: str, preset: str | None, model_path: str | None,
            size: tuple[int, int], zoom: int, lab_path: str | None,
            moment: int | None, lesson=None, lesson_step: int | None = None) -> None:
    from PySide6.QtCore import QBuffer, QIODevice

    from ..gui.main_window import MainWindow

    window = MainWindow()
    try:
        _prepare(window, preset, model_path, lab_path, moment)
        window.resize(*size)
        window.show()
        if lesson is not None:
            window.lesson.load(lesson, lesson_step - 1)
            window.lesson_panel.show()
        if tab is not None or lesson is None:
            window.tabs.setCurrentIndex(0 if tab in (None, "explore") else 1)
        if zoom != 100:
            window.set_zoom(zoom)
        for _ in range(3):
            app.processEvents()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not window.grab().save(buffer, "PNG"):
            raise FileFormatError(f"cannot render {out_path} as a PNG")
        atomic_write_bytes(out_path, bytes(buffer.data()))
    finally:
        window.model.undo_stack.setClean()      # nothing to ask about: it is a picture
        window.model.training.session.dirty = False
        window.dispose()
        app.processEvents()


def _prepare(window, preset: str | None, model_path: str | None, lab_path: str | None,
             moment: int | None) -> None:
    from ..engine.data import preset as make_preset
    from ..engine.model_files import load_model
    from ..model.lab import NetworkSource
    from ..model.lab_io import open_lab

    model = window.model
    if lab_path is not None:
        open_lab(model, lab_path)
        model.training.data.wait()
        model.training.show_moment(moment)
    if model_path is not None:
        net = load_model(model_path)
        if net.image_size[0] != net.image_size[1]:
            raise ConfigError(f"{model_path} takes {net.image_size[0]}x{net.image_size[1]} "
                              "images; the window draws square ones")
        model.set_drawing(make_preset(preset or "x", net.image_size[0]), "screenshot")
        model.use_network(net, NetworkSource.FILE, os.path.basename(model_path))
    if preset is not None:
        model.load_preset(preset)
    model.training.data.wait()


def _lesson(step: int | None, path: str | None):
    """The lesson to show (checked before any window exists), or None."""
    if step is None:
        if path is not None:
            raise ConfigError("--lesson-file needs --lesson: which step?")
        return None
    from ..engine.lesson_file import BUILTIN_LESSON, read_lesson
    lesson = read_lesson(path if path is not None else BUILTIN_LESSON)
    if not 1 <= step <= len(lesson.steps):
        raise ConfigError(f"lesson step {step} is past the end: {lesson.name} has "
                          f"{len(lesson.steps)} steps")
    return lesson
