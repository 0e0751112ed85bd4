"""How long do Pause, Stop and closing the window take to stop the training worker, at the
heaviest settings the window accepts, with CPU hogs running beside it?

The Train tab trains 32×32 drawings with 1000 features of 15×15 and the largest batch the
budget accepts; after a random moment of running, the tool clicks Pause (time until the
worker computes nothing), Stop (time until its thread has ended) or closes the window
(time until ``close()`` returns: the window waits for the worker).  ``hogs`` busy-loop
processes share the CPUs meanwhile (they are ended by their ids afterwards).
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
import time

HEAVY = {"size": 32, "features": "1000", "feature_size": 15}
POLL_S = 0.001


def heaviest_batch(net) -> int:
    """The largest batch the engine's budget accepts for ``net`` (engine/limits.py)."""
    from ..engine.limits import MAX_BATCH_BYTES, MAX_BATCH_OPERATIONS
    by_work = MAX_BATCH_OPERATIONS // (3 * net.cost.operations)
    by_memory = MAX_BATCH_BYTES // net.training_bytes_per_image()
    return int(max(1, min(by_work, by_memory)))


def stop_latency_benchmark(rounds: int = 3, hogs: int = 2, seed: int = 0) -> dict:
    """Seconds from each press to the worker having stopped: lists per action, and max."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    rng = random.Random(seed)
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(hogs)]
    try:
        times: dict[str, list[float]] = {"pause": [], "stop": [], "close": []}
        batch, per_batch = 0, []
        for _ in range(rounds):
            for action in times:
                seconds, batch, batch_seconds = _one_press(action, rng.uniform(0.2, 1.8))
                times[action].append(round(seconds, 3))
                per_batch.append(batch_seconds)
    finally:
        for process in busy:
            process.kill()
            process.wait()
    return {"settings": {**HEAVY, "batch_size": batch}, "cpu_hogs": hogs,
            "seconds_per_batch": round(sum(per_batch) / len(per_batch), 3), "seconds": times, "max_seconds": max(max(v) for v in times.values())}


def _one_press(action: str, after: float) -> tuple[float, int, float]:
    """Train in a new window for one batch and ``after`` batches more, press, time until
    the worker stopped: (seconds, the batch size, seconds of the first batch)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from ..gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    window.tabs.setCurrentWidget(window.train)
    model, tab = window.model, window.train
    model.set_grid_size(HEAVY["size"])
    training = model.training
    training.settings.update_architecture(features=HEAVY["features"],
                                          feature_size=HEAVY["feature_size"])
    training.settings.flush()
    batch = heaviest_batch(training.settings.start_network())
    training.settings.update_knobs(pace="full speed", batch_size=batch, epochs=50)
    training.settings.flush()
    training.data.wait()
    if not tab.start():
        raise RuntimeError("the Train tab would not start: " + training.why_not())
    worker = training.session.worker
    began = time.perf_counter()
    while worker.trainer.step_count < 1:           # one whole batch, to know its length
        QApplication.processEvents()
        time.sleep(POLL_S)
    batch_seconds = time.perf_counter() - began
    until = time.perf_counter() + after * batch_seconds   # then somewhere inside a batch
    while time.perf_counter() < until:
        QApplication.processEvents()
        time.sleep(POLL_S)
    pressed = time.perf_counter()
    if action == "pause":
        tab.pause_button.click()
        while not worker.idle:
            time.sleep(POLL_S)
    elif action == "stop":
        tab.stop_button.click()
        worker.wait()
    else:
        model.undo_stack.setClean()
        training.session.dirty = False            # no "save first?" question
        window.close()
    seconds = time.perf_counter() - pressed
    training.session.dirty = False
    window.dispose()
    QCoreApplication.sendPostedEvents()
    return seconds, batch, batch_seconds
