"""``xo-gui bench --gui``: how long a pixel edit takes to reach the screen.

Real mouse events (QTest) go to the editor; each edit is followed by a synchronous
repaint of the whole window, so the time covers the network, every view update and the
painting itself.  Runs offscreen."""
from __future__ import annotations

import os
import time

import numpy as np


def _edit_times(window, repeats: int) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    grid = window.explore.editor.grid
    n = window.model.grid_size
    point = grid.cell_centre(n // 2, n // 3).toPoint()
    none = Qt.KeyboardModifier.NoModifier
    times = []
    for i in range(repeats + 3):                  # the first few warm caches up
        button = Qt.MouseButton.LeftButton if i % 2 == 0 else Qt.MouseButton.RightButton
        QApplication.processEvents()
        start = time.perf_counter()
        QTest.mousePress(grid, button, none, point)
        QTest.mouseRelease(grid, button, none, point)
        window.repaint()
        if i >= 3:
            times.append((time.perf_counter() - start) * 1e3)
    return times


def _stats(times: list[float]) -> dict[str, float]:
    return {"median": round(float(np.median(times)), 3),
            "p95": round(float(np.percentile(times, 95)), 3)}


def gui_edit_benchmark(repeats: int = 60) -> dict:
    """Edit-to-paint times in ms at 9x9 (the tutorial's network) and at 28x28 with two
    blocks: ``{"edit_to_paint_ms": {"9x9": {"median", "p95"}, "28x28_two_blocks": {...}}}``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ..engine.data import preset
    from ..engine.network import build_network
    from ..model.lab import NetworkSource
    from ..gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    try:
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        results = {"9x9": _stats(_edit_times(window, repeats))}
        net = build_network(28, (8, 16), (5,), 2, 2)
        window.model.set_drawing(preset("x", 28), "benchmark")
        window.model.use_network(net, NetworkSource.OTHER, "benchmark")
        app.processEvents()
        results["28x28_two_blocks"] = _stats(_edit_times(window, repeats))
    finally:
        window.dispose()
        app.processEvents()
    return {"edit_to_paint_ms": results}
