"""Render the window headless into a PNG (``xo-gui screenshot``): for the README and for
reviewing what a first-time user sees."""
from __future__ import annotations

import os

from ..engine.errors import ConfigError, FileFormatError
from ..engine.safe_files import atomic_write_bytes, check_writable
from .headless import headless_app


def render_screenshot(out_path: str, tab: str = "explore", preset: str | None = None,
                      model_path: str | None = None, size: tuple[int, int] = (1280, 800)) -> None:
    """Build the main window offscreen, apply the preset / model, and grab it to ``out_path``.

    Raises ``XoError`` (FileFormatError, ConfigError) for a bad model or preset, or when
    the PNG cannot be written (checked first; the file is written atomically)."""
    check_writable(out_path)
    if tab not in ("explore", "train"):
        raise ConfigError(f"unknown tab {tab!r}; choose explore or train")
    with headless_app() as app:
        _render(app, out_path, tab, preset, model_path, size)


def _render(app, out_path: str, tab: str, preset: str | None, model_path: str | None,
            size: tuple[int, int]) -> None:
    from PySide6.QtCore import QBuffer, QIODevice

    from ..engine.data import preset as make_preset
    from ..engine.model_files import load_model
    from ..gui.main_window import MainWindow
    from ..model.lab import NetworkSource

    window = MainWindow()
    try:
        model = window.model
        if model_path is not None:
            net = load_model(model_path)
            if net.image_size[0] != net.image_size[1]:
                raise ConfigError(f"{model_path} takes {net.image_size[0]}x"
                                  f"{net.image_size[1]} images; the window draws square ones")
            model.set_drawing(make_preset(preset or "x", net.image_size[0]), "screenshot")
            model.use_network(net, NetworkSource.FILE, os.path.basename(model_path))
        if preset is not None:
            model.load_preset(preset)
        model.training.data.wait()
        window.tabs.setCurrentIndex(0 if tab == "explore" else 1)
        window.resize(*size)
        window.show()
        for _ in range(3):
            app.processEvents()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not window.grab().save(buffer, "PNG"):
            raise FileFormatError(f"cannot render {out_path} as a PNG")
        atomic_write_bytes(out_path, bytes(buffer.data()))
    finally:
        window.dispose()
        app.processEvents()
