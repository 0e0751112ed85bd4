"""The window reads files in a worker (a "Reading…" dialog with Cancel when it takes long)
and Pause, Stop and closing the window stop the training inside a heavy batch."""
from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from xo_gui.engine.data import preset
from xo_gui.engine.drawing_files import save_dataset, write_drawing
from xo_gui.engine.model_files import save_model
from xo_gui.engine.network import build_network
from xo_gui.model import file_reader

from helpers import handlers, lab_state, same_lab

WAIT_MS = 30_000


def files(tmp_path):
    """One good file of every kind the window opens."""
    drawing = tmp_path / "o.txt"
    write_drawing(drawing, preset("o", 9))
    model = tmp_path / "model.npz"
    save_model(model, build_network(9, seed=3))
    data = tmp_path / "data.npz"
    images = np.where(np.random.default_rng(0).random((40, 9, 9)) < 0.5, -1, 1)
    save_dataset(data, images.astype(np.float32), np.arange(40) % 2)
    return {"drawing": str(drawing), "model": str(model), "dataset": str(data)}


@pytest.mark.parametrize("kind, handler", [
    ("drawing", "open drawing"), ("drawing", "drop"), ("model", "open model"),
    ("dataset", "open dataset"), ("drawing", "import picture"), ("model", "open lab")])
def test_every_open_reads_its_file_in_a_worker(main_window, monkeypatch, tmp_path, qtbot,
                                               kind, handler):
    threads = []
    run = file_reader._Read.run

    def recorded(self):
        threads.append(threading.current_thread())
        run(self)
    monkeypatch.setattr(file_reader._Read, "run", recorded)
    monkeypatch.setattr(file_reader.FileTask, "now", lambda self: pytest.fail("read on the "
                                                                             "GUI thread"))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: None))
    with qtbot.waitSignal(main_window.model.files.finished, timeout=WAIT_MS):
        handlers(main_window, monkeypatch)[handler](files(tmp_path)[kind])
    assert len(threads) == 1 and threads[0] is not threading.main_thread()


def test_reads_that_succeed_change_the_lab(main_window, monkeypatch, tmp_path, qtbot):
    paths, model = files(tmp_path), main_window.model
    with qtbot.waitSignal(model.files.finished, timeout=WAIT_MS) as done:
        handlers(main_window, monkeypatch)["open drawing"](paths["drawing"])
    assert done.args == [True] and model.prediction == "O"
    with qtbot.waitSignal(model.files.finished, timeout=WAIT_MS) as done:
        handlers(main_window, monkeypatch)["open dataset"](paths["dataset"])
    assert done.args == [True] and model.training.data.file == paths["dataset"]
    assert main_window.reading.dialog is None          # the dialog never stays behind


def slow_lab_read(monkeypatch):
    """File → Open Lab's read, held until the test lets it go."""
    from xo_gui.gui import lab_actions
    entered, release = threading.Event(), threading.Event()
    real = lab_actions.read_lab

    def held(path):
        entered.set()
        release.wait(WAIT_MS / 1000)
        return real(path)
    monkeypatch.setattr(lab_actions, "read_lab", held)
    return entered, release


def saved_lab(window, tmp_path) -> str:
    """A lab file whose drawing and network differ from the window's."""
    from xo_gui.engine.classic import classic_network
    from xo_gui.model.lab import LabModel, NetworkSource
    from xo_gui.model.lab_io import save
    other = LabModel()
    other.use_network(classic_network(9), NetworkSource.OTHER, "other")
    other.load_preset("o")
    path = str(tmp_path / "other.xolab")
    save(other, path)
    return path


def test_a_slow_read_shows_cancel_and_cancel_leaves_the_lab_as_it_was(
        main_window, monkeypatch, tmp_path, qtbot):
    path = saved_lab(main_window, tmp_path)
    main_window.model.load_preset("x-shifted")
    before = lab_state(main_window)
    entered, release = slow_lab_read(monkeypatch)
    assert main_window.labs.open(path, ask=False)
    assert entered.wait(WAIT_MS / 1000)
    # The window keeps answering while the file is read; after a moment, Cancel appears.
    qtbot.waitUntil(lambda: main_window.reading.dialog is not None
                    and main_window.reading.dialog.isVisible(), timeout=WAIT_MS)
    assert path.rsplit("/", 1)[-1] in main_window.reading.dialog.labelText()
    main_window.reading.dialog.findChild(QPushButton).click()       # Cancel
    assert not main_window.model.files.busy and main_window.reading.dialog is None
    release.set()
    main_window.model.files.shutdown()                    # the worker ends; its result is dropped
    QApplication.processEvents()
    assert same_lab(before, lab_state(main_window))
    assert main_window.model.prediction == "X"


def test_without_cancel_the_slow_read_is_applied(main_window, monkeypatch, tmp_path, qtbot):
    path = saved_lab(main_window, tmp_path)
    entered, release = slow_lab_read(monkeypatch)
    main_window.labs.open(path, ask=False)
    assert entered.wait(WAIT_MS / 1000)
    with qtbot.waitSignal(main_window.model.files.finished, timeout=WAIT_MS) as done:
        release.set()
    assert done.args == [True] and main_window.model.path == path
    assert main_window.model.prediction == "O" and main_window.reading.dialog is None


# --- stopping inside a heavy batch ------------------------------------------------------
@pytest.fixture
def held_batch(monkeypatch):
    """Every batch runs in chunks of 4 images; the first batch holds in its second chunk
    until the test lets it go (``inside`` says it is there)."""
    from xo_gui.engine import train
    monkeypatch.setattr(train, "training_chunk", lambda cost: 4)
    inside, release, chunks = threading.Event(), threading.Event(), []
    get_loss = train.get_loss

    def holding(name):
        loss = get_loss(name)

        def counted(scores, y):
            chunks.append(len(y))
            if len(chunks) == 2:
                inside.set()
                release.wait(WAIT_MS / 1000)
            return loss(scores, y)
        return counted
    monkeypatch.setattr(train, "get_loss", holding)
    return inside, release, chunks


def start_heavy(window, qtbot, held_batch):
    tab = window.train
    window.tabs.setCurrentWidget(tab)
    tab.data.count.setValue(200)
    tab.settings.batch.setValue(32)
    tab.training.settings.flush()
    tab.training.data.wait()
    assert tab.start()
    assert held_batch[0].wait(WAIT_MS / 1000)
    return tab


def test_pause_inside_a_heavy_batch_parks_the_worker_before_the_next_chunk(
        main_window, qtbot, held_batch):
    tab = start_heavy(main_window, qtbot, held_batch)
    _, release, chunks = held_batch
    worker = tab.session.worker
    tab.pause_button.click()
    release.set()
    qtbot.waitUntil(lambda: worker.idle, timeout=WAIT_MS)
    assert chunks == [4, 4] and worker.trainer.step_count == 0      # inside the first batch
    assert tab.session.state == "paused"
    tab.pause_button.click()                                         # resume
    qtbot.waitUntil(lambda: worker.trainer.step_count >= 1, timeout=WAIT_MS)
    assert chunks[:8] == [4] * 8
    tab.stop_button.click()
    qtbot.waitUntil(lambda: tab.session.worker is None, timeout=WAIT_MS)
    main_window.train.session.dirty = False


@pytest.mark.parametrize("press", ["stop", "close"])
def test_stop_or_close_inside_a_heavy_batch_ends_the_worker_with_the_weights_unchanged(
        main_window, qtbot, held_batch, press):
    tab = start_heavy(main_window, qtbot, held_batch)
    _, release, chunks = held_batch
    worker = tab.session.worker
    start = tab.session.start_net.state_dict()
    stop = worker.trainer.stop

    def stop_then_release() -> None:           # the held chunk goes on once the flag is up
        stop()
        release.set()
    worker.trainer.stop = stop_then_release
    if press == "stop":
        tab.stop_button.click()
        assert worker.wait(WAIT_MS)
    else:
        main_window.model.undo_stack.setClean()
        tab.session.dirty = False
        main_window.close()                     # returns once the worker has ended
        assert worker.isFinished()
    assert chunks == [4, 4] and worker.trainer.step_count == 0
    now = worker.net.state_dict()
    assert all(np.array_equal(start[k], now[k]) for k in start)
