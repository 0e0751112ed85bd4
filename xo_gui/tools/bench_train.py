"""How responsive is the window while it trains, and what does the GUI cost the engine?

Runs the Train tab's default settings (more epochs, full speed, so the run lasts a few
seconds) inside the window, with a 5 ms QTimer whose late wake-ups are the event-loop
stalls; counts curve/feature refreshes per second; then runs the very same Trainer
settings headless in this thread and compares throughput.
"""
from __future__ import annotations

import os
import time

import numpy as np

BENCH_EPOCHS = 400          # the default 10 epochs take ~50 ms; this lasts a few seconds
TICK_MS = 5


def gui_training_benchmark(epochs: int = BENCH_EPOCHS) -> dict:
    """Stalls (ms), refresh rate (Hz) and in-window vs headless throughput (samples/s)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ..engine.train import Trainer
    from ..gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    window.tabs.setCurrentWidget(window.train)
    training = window.model.training
    training.settings.update_knobs(pace="full speed", epochs=epochs)
    training.data.wait()
    app.processEvents()
    config = training.settings.config()
    train, validation = training.data.arrays()
    start_net = training.settings.start_network()
    wall, stalls, hz = _run_in_window(window)
    samples = len(train[0]) * len(training.session.history)
    window.train.shutdown()
    training.session.dirty = False        # a benchmark's model is not worth a question
    window.dispose()

    trainer = Trainer(start_net.copy(), train, validation, config)
    began = time.perf_counter()
    for _ in trainer.run():
        pass
    headless = trainer.samples / (time.perf_counter() - began)
    gui = samples / wall
    return {
        "training_stall_ms": {"p99": round(float(np.percentile(stalls, 99)), 2),
                              "max": round(float(stalls.max()), 2)},
        "refresh_hz": round(hz, 1),
        "gui_samples_per_second": round(gui),
        "headless_samples_per_second": round(headless),
        "gui_vs_headless": round(gui / headless, 3),
        "epochs": epochs,
        "training_images": len(train[0]),
        "seconds_in_window": round(wall, 2),
    }


def _run_in_window(window) -> tuple[float, np.ndarray, float]:
    """Train in the window with a 5 ms timer ticking: (seconds, stalls in ms, refreshes/s)."""
    from PySide6.QtCore import QEventLoop, QTimer

    tab = window.train
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    tab.session.ended.connect(lambda *_: loop.quit())
    timer.start()
    refreshes = tab.curves.refreshes, tab.features.refreshes
    began = time.perf_counter()
    if not tab.start():
        raise RuntimeError("the Train tab would not start")
    loop.exec()
    wall = time.perf_counter() - began
    timer.stop()
    hz = min(tab.curves.refreshes - refreshes[0], tab.features.refreshes - refreshes[1]) / wall
    gaps = np.diff(ticks) * 1e3 - TICK_MS if len(ticks) > 1 else np.zeros(1)
    return wall, np.clip(gaps, 0, None), hz


if __name__ == "__main__":
    import json
    print(json.dumps(gui_training_benchmark(), indent=2))
