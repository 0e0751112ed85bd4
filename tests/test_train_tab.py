"""The Train tab: a real worker thread on the real engine, driven through the tab's widgets
and the lab's public intents (issue 7)."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from xo_gui.engine.classic import classic_network  # noqa: E402
from xo_gui.engine.data import canonical, preset  # noqa: E402
from xo_gui.engine.errors import FileFormatError  # noqa: E402
from xo_gui.engine.losses import softmax  # noqa: E402
from xo_gui.engine.model_files import load_model  # noqa: E402
from xo_gui.engine.threads import usable_cores  # noqa: E402
from xo_gui.gui.train.tab import TrainTab  # noqa: E402
from xo_gui.model.drawing import resampled  # noqa: E402
from xo_gui.model.lab import LabModel, NetworkSource  # noqa: E402
from xo_gui.model.training_settings import Start  # noqa: E402

RUN_MS = 20_000


class Dialogs:
    """Every QMessageBox static call is recorded instead of blocking the test."""

    def __init__(self, monkeypatch, answer=QMessageBox.StandardButton.Discard):
        self.calls = []
        for name in ("warning", "critical", "information"):
            monkeypatch.setattr(QMessageBox, name, self._record(name))
        monkeypatch.setattr(QMessageBox, "question", self._record("question", answer))

    def _record(self, name, answer=QMessageBox.StandardButton.Ok):
        def record(*args, **kwargs):
            self.calls.append((name, " ".join(str(a) for a in args[1:3])))
            return answer
        return staticmethod(record)

    def kinds(self):
        return [kind for kind, _ in self.calls]


@pytest.fixture
def dialogs(monkeypatch):
    return Dialogs(monkeypatch)


def choose(combo, data):
    """Pick an item of a combo box as the user does (``activated`` sends the intent)."""
    index = combo.findData(data)
    if index < 0:
        index = combo.findText(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def settled(tab: TrainTab) -> TrainTab:
    """Pending (debounced) settings checked and the data generated: what a user gets by
    waiting a moment."""
    tab.training.settings.flush()
    tab.training.data.wait()
    return tab


def small(tab: TrainTab, epochs: int = 3, pace: str = "full speed",
          start: Start = Start.RANDOM) -> TrainTab:
    """200 images, a random 6-feature network, a few epochs: a run of well under a second."""
    tab.data.count.setValue(200)
    choose(tab.settings.start, start)
    tab.settings.epochs.setValue(epochs)
    tab.settings.batch.setValue(16)
    choose(tab.settings.pace, pace)
    return settled(tab)


@pytest.fixture
def tab(qtbot, main_window, dialogs):
    """The Train tab of the real window, showing (its refusals shown by the window)."""
    main_window.tabs.setCurrentWidget(main_window.train)
    yield main_window.train
    main_window.train.session.dirty = False


def run(qtbot, tab, **kwargs):
    with qtbot.waitSignal(tab.session.ended, timeout=RUN_MS) as blocker:
        assert tab.start(**kwargs)
    return blocker.args[0]


def test_start_trains_to_the_end_with_accuracy_rising(qtbot, tab):
    small(tab, epochs=4)
    start = tab.session.start_net.state_dict()
    with qtbot.waitSignal(tab.session.ended, timeout=RUN_MS) as blocker:
        tab.start_button.click()
    assert blocker.args[0] == "finished"
    history = tab.session.history
    assert [r.epoch for r in history] == [1, 2, 3, 4]
    assert history[-1].val_accuracy > history[0].train_accuracy
    assert history[-1].val_accuracy >= 0.85
    assert history[-1].train_loss < history[0].train_loss
    now = tab.session.current.state_dict()
    assert any(not np.array_equal(start[k], now[k]) for k in start)
    assert tab.session.state == "done" and tab.session.dirty
    assert tab.start_button.text() == "Train more" and tab.save_button.isEnabled()
    x, y = tab.curves.val_acc.getData()
    assert len(x) == 4 and y[-1] == pytest.approx(history[-1].val_accuracy)
    qtbot.waitUntil(lambda: tab.session.worker is None, timeout=2000)


def test_the_validation_set_is_judged_once_per_epoch(qtbot, tab, monkeypatch):
    """The confusion matrix reuses the Trainer's epoch-end answers: no second pass."""
    from xo_gui.engine.network import Network
    small(tab, epochs=2)
    calls = []
    predict = Network.predict
    monkeypatch.setattr(Network, "predict",
                        lambda self, images: calls.append(len(images)) or predict(self, images))
    run(qtbot, tab)
    snap = tab.session.last
    _, (val_images, val_labels) = tab.training.data.arrays()
    said = tab.session.current.predict(val_images)
    k = len(tab.model.classes)
    expected = np.bincount(val_labels * k + said, minlength=k * k).reshape(k, k)
    np.testing.assert_array_equal(snap.confusion, expected)
    assert calls == [len(val_images)]             # only the line above


def test_train_more_continues_the_history(qtbot, tab):
    small(tab, epochs=2)
    run(qtbot, tab)
    assert tab.start_button.text() == "Train more"
    with qtbot.waitSignal(tab.session.ended, timeout=RUN_MS):
        tab.start_button.click()
    assert [r.epoch for r in tab.session.history] == [1, 2, 3, 4]
    assert tab.session.history[2].step > tab.session.history[1].step


def test_pause_step_resume(qtbot, tab):
    small(tab, epochs=100, pace="watch")
    tab.start_button.click()
    with qtbot.waitSignal(tab.session.updated, timeout=RUN_MS,
                          check_params_cb=lambda snap: snap.paused):
        tab.pause_button.click()
    assert tab.session.state == "paused" and tab.pause_button.text() == "Resume"
    assert tab.step_button.isEnabled() and not tab.start_button.isEnabled()
    before = tab.session.last.progress.step
    with qtbot.waitSignal(tab.session.updated, timeout=RUN_MS,
                          check_params_cb=lambda snap: snap.step_detail is not None):
        tab.step_button.click()
    snap = tab.session.last
    assert snap.progress.step == before + 1 and snap.paused
    assert tab.session.state == "paused"
    assert tab.pages.currentWidget() is tab.gradients
    assert tab.gradients.steps.rowCount() > 0          # gradient sizes and weights shown
    name, index, b, g, a = snap.step_detail.changes[0]
    assert tab.session.worker.trainer.step_count == before + 1
    with qtbot.waitSignal(tab.session.updated, timeout=RUN_MS,
                          check_params_cb=lambda snap: snap.progress.step > before + 2):
        tab.pause_button.click()
    assert tab.session.state == "running" and tab.pause_button.text() == "Pause"
    with qtbot.waitSignal(tab.session.ended, timeout=RUN_MS) as blocker:
        tab.stop_button.click()
    assert blocker.args[0] == "stopped"


def test_stop_mid_epoch_keeps_the_weights(qtbot, tab):
    small(tab, epochs=50, pace="watch")
    tab.start_button.click()
    qtbot.waitUntil(lambda: tab.session.last is not None and tab.session.last.progress.step >= 4,
                    timeout=RUN_MS)
    with qtbot.waitSignal(tab.session.ended, timeout=RUN_MS) as blocker:
        tab.stop_button.click()
    assert blocker.args[0] == "stopped"
    last = tab.session.last
    assert last.progress.step < last.progress.total_steps
    now = tab.session.current.state_dict()
    for key, value in last.state.items():
        np.testing.assert_array_equal(now[key], value)
    start = tab.session.start_net.state_dict()
    assert any(not np.array_equal(start[k], now[k]) for k in start)
    assert "kept" in tab.status.text()


def no_thread_warnings(qtlog):
    return not [r.message for r in qtlog.records if "QThread" in r.message]


def test_closing_the_window_during_training_stops_the_worker(qtbot, main_window, dialogs,
                                                              qtlog):
    tab = main_window.train
    small(tab, epochs=500, pace="watch")
    tab.start()
    qtbot.waitUntil(lambda: tab.session.last is not None, timeout=RUN_MS)
    worker = tab.session.worker
    worker.stop()                                 # what closing does first
    assert worker.wait(1000), "the worker did not stop within a second"
    assert main_window.close()
    assert worker.isFinished() and tab.session.worker is None
    assert no_thread_warnings(qtlog)
    assert "question" in dialogs.kinds()          # an unsaved trained model was asked about


def test_confirm_close_can_cancel(tab, monkeypatch, qtbot):
    small(tab, epochs=1)
    run(qtbot, tab)
    Dialogs(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert tab.confirm_close() is False
    Dialogs(monkeypatch, QMessageBox.StandardButton.Discard)
    assert tab.confirm_close() is True


def test_huge_learning_rate_diverges_with_a_message_and_finite_weights(qtbot, tab, dialogs):
    small(tab, epochs=3)
    choose(tab.settings.optimizer, "sgd")
    tab.settings.lr.setValue(1e6)
    assert tab.training.settings.knobs.lr == 1e6
    assert run(qtbot, tab) == "diverged"
    assert "warning" in dialogs.kinds()
    assert "diverged" in tab.status.text()
    for value in tab.session.current.state_dict().values():
        assert np.isfinite(value).all()


def test_a_worker_exception_is_shown_not_raised(qtbot, tab, dialogs, monkeypatch):
    from xo_gui.engine.train import Trainer

    def broken(self):
        raise RuntimeError("engine exploded")
    monkeypatch.setattr(Trainer, "step", broken)
    small(tab)
    with qtbot.waitSignal(tab.session.failed, timeout=RUN_MS):
        tab.start()
    qtbot.waitUntil(lambda: tab.session.worker is None, timeout=RUN_MS)
    assert dialogs.kinds() == ["critical"] and "engine exploded" in tab.status.text()
    assert tab.session.state == "done"


def test_a_bad_model_file_keeps_the_current_model(tab, dialogs, tmp_path, qtbot):
    small(tab, epochs=1)
    run(qtbot, tab)
    before = tab.session.current.state_dict()
    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"PK\x03\x04 this is not a model")
    with qtbot.waitSignal(tab.training.lab.files.finished) as opened:  # read in a worker
        tab.open_model(str(bad))
    assert opened.args == [False]
    assert dialogs.kinds() == ["warning"]         # said why, without asking to save first
    with pytest.raises(FileFormatError):
        load_model(bad)
    now = tab.session.current.state_dict()
    assert all(np.array_equal(before[k], now[k]) for k in before)
    assert tab.session.state == "done"
    assert tab.training.settings.architecture.start == Start.RANDOM


def test_save_and_open_model_round_trip(tab, qtbot, tmp_path, dialogs):
    small(tab, epochs=1)
    run(qtbot, tab)
    path = tmp_path / "trained.npz"
    assert tab.save_model(str(path)) and not tab.session.dirty
    trained = tab.session.current.state_dict()
    with qtbot.waitSignal(tab.training.lab.files.finished) as opened:
        tab.open_model(str(path))
    assert opened.args == [True] and not dialogs.calls    # saved: nothing to ask
    assert tab.training.settings.architecture.start == Start.FILE
    assert tab.session.state == "ready" and tab.settings.start.currentData() == Start.FILE
    opened = tab.session.current.state_dict()
    assert all(np.allclose(trained[k], opened[k]) for k in trained)


def test_history_csv_and_curves_png_are_written(tab, qtbot, tmp_path):
    small(tab, epochs=2)
    run(qtbot, tab)
    csv = tmp_path / "history.csv"
    png = tmp_path / "curves.png"
    assert tab.export_history(str(csv)) and tab.export_curves(str(png))
    lines = csv.read_text().splitlines()
    assert lines[0].startswith("epoch,") and len(lines) == 3
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_use_in_explore_changes_the_network_and_its_trace(main_window, qtbot, dialogs):
    tab, model = main_window.train, main_window.model
    before = [t.output.copy() for t in model.trace]
    small(tab, epochs=2)
    run(qtbot, tab)
    with qtbot.waitSignal(tab.openInExplore, timeout=1000):
        tab.explore_button.click()
    assert model.network_source == NetworkSource.TRAINED
    assert model.network is not tab.session.current          # a copy: training can go on
    assert model.network.layers[0].params["weight"].shape[0] == 6
    assert not np.array_equal(before[0], model.trace[0].output) or \
        before[0].shape != model.trace[0].output.shape
    assert not dialogs.calls                                  # same size: nothing to ask
    tab.session.dirty = False


def test_use_in_explore_at_another_size_can_be_undone(main_window, qtbot, monkeypatch):
    """Trained at 12x12 while the editor shows a 9x9 drawing: after the user agrees, the
    drawing is resampled (never discarded), and one undo brings back the drawing and the
    network that read it."""
    dialogs = Dialogs(monkeypatch, QMessageBox.StandardButton.Yes)
    window, tab, model = main_window, main_window.train, main_window.model
    settled(tab)
    tab.session.reset(classic_network(12))          # as if trained at 12x12 earlier
    drawing = canonical("O", 9)
    drawing[0, 0] = 1
    model.set_drawing(drawing, "Test drawing")
    assert tab.session.current.image_size == (12, 12)
    assert tab.use_in_explore()
    assert dialogs.kinds() == ["question"]
    assert model.grid_size == 12 and model.network_source == NetworkSource.TRAINED
    np.testing.assert_array_equal(model.image, resampled(drawing, 12))
    window.explore.actions.actions["undo"].trigger()
    np.testing.assert_array_equal(model.image, drawing)
    assert model.network_source == NetworkSource.TUTORIAL
    window.explore.actions.actions["redo"].trigger()
    assert model.grid_size == 12 and model.network_source == NetworkSource.TRAINED
    assert dialogs.kinds() == ["question"]


def test_use_in_explore_at_another_size_asks_and_never_discards_the_drawing(
        main_window, qtbot, monkeypatch):
    """Issue 7: at 28x28, Use in Explore on a 9x9 model silently replaced the drawing with
    the canonical X.  Now it asks; Cancel changes nothing, Yes resamples, Undo restores."""
    window, tab, model = main_window, main_window.train, main_window.model
    assert model.set_grid_size(28)
    settled(tab)
    drawing = preset("o", 28)
    drawing[0, 0] = 1                               # a hand-edited O: resampled, not redrawn
    model.set_drawing(drawing, "Test drawing")
    tab.session.reset(classic_network(9))           # as if trained at 9x9 earlier
    steps = model.undo_stack.count()

    cancel = Dialogs(monkeypatch, QMessageBox.StandardButton.Cancel)
    tab.explore_button.click()
    assert cancel.kinds() == ["question"] and "28×28" in cancel.calls[0][1]
    assert model.grid_size == 28 and model.network_source == NetworkSource.TUTORIAL
    np.testing.assert_array_equal(model.image, drawing)
    assert model.undo_stack.count() == steps

    yes = Dialogs(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(tab.openInExplore, timeout=1000):
        tab.explore_button.click()
    assert yes.kinds() == ["question"]
    assert model.grid_size == 9 and model.network_source == NetworkSource.TRAINED
    np.testing.assert_array_equal(model.image, resampled(drawing, 9))
    assert not np.array_equal(model.image, canonical("X", 9))
    window.explore.actions.actions["undo"].trigger()
    assert model.grid_size == 28 and model.network_source == NetworkSource.TUTORIAL
    np.testing.assert_array_equal(model.image, drawing)


def test_adding_a_drawing_joins_the_training_set(tab):
    settled(tab)
    data = tab.training.data
    train, _ = data.arrays()
    tab.data.add_o.click()
    train2, val2 = data.arrays()
    assert len(train2[0]) == len(train[0]) + 1
    np.testing.assert_array_equal(train2[0][-1], tab.model.image)
    assert train2[1][-1] == 1 and tab.data.user_list.count() == 1
    assert data.arrays()[0][0] is train2[0]              # merged once, not on every call
    tab.data.user_list.item(0).setSelected(True)
    tab.data.remove.click()
    assert tab.data.user_list.count() == 0 and len(data.arrays()[0][0]) == len(train[0])


def test_dataset_files_round_trip_and_bad_files_are_refused(tab, tmp_path, dialogs):
    data = settled(tab).training.data
    tab.data.add_x.click()
    path = tmp_path / "data.npz"
    assert data.save_dataset(str(path))
    tab.data.count.setValue(50)
    assert data.busy and not tab.data.save_button.isEnabled()
    assert not data.save_dataset(str(tmp_path / "early.npz"))   # not the old images
    assert dialogs.kinds() == ["warning"] and not (tmp_path / "early.npz").exists()
    data.wait()
    assert len(data.images[0]) == 50 and tab.data.save_button.isEnabled()
    assert data.open_dataset(str(path))
    data.wait()
    train, val = data.arrays()
    assert len(train[0]) + len(val[0]) == 1000 + 1 + 1        # file + the drawing again
    bad = tmp_path / "bad.npz"
    bad.write_text("nope")
    assert not data.open_dataset(str(bad)) and dialogs.kinds() == ["warning", "warning"]


def test_an_opened_dataset_dropped_by_a_new_grid_size_is_said_in_place(tab, tmp_path):
    data = settled(tab).training.data
    path = tmp_path / "nine.npz"
    assert data.save_dataset(str(path)) and data.open_dataset(str(path))
    data.wait()
    assert tab.data.note.isHidden()
    assert tab.model.set_grid_size(12)
    data.wait()
    assert data.arrays()[0][0].shape[1:] == (12, 12)
    note = tab.data.note.text()
    assert not tab.data.note.isHidden() and "nine.npz" in note and "9×9" in note
    assert tab.model.set_grid_size(9)
    assert data.open_dataset(str(path)) and tab.data.note.isHidden()


def test_the_stop_condition_ends_training(qtbot, tab):
    small(tab, epochs=60)
    choose(tab.settings.stop_rule, "accuracy")
    tab.settings.stop_value.setValue(0.9)
    assert run(qtbot, tab) == "target"
    history = tab.session.history
    assert len(history) < 60 and history[-1].val_accuracy >= 0.9
    assert "target" in tab.status.text()


def test_a_validation_target_without_validation_images_is_explained_and_cannot_start(
        qtbot, tab):
    panel = small(tab, epochs=2).settings
    settings = tab.training.settings
    choose(panel.stop_rule, "accuracy")
    assert settings.stop_possible and tab.start_button.isEnabled()
    with qtbot.waitSignal(tab.training.data.changed, timeout=2000):
        tab.data.validation.setValue(0.0)
    assert not settings.stop_possible and not panel.stop_value.isEnabled()
    assert not panel.stop_note.isHidden()
    assert "no validation images" in panel.stop_note.text()
    assert not tab.start_button.isEnabled() and not tab.step_button.isEnabled()
    assert "validation target" in tab.status.text()
    assert not tab.start() and tab.session.state == "ready"
    choose(panel.stop_rule, "epochs")
    assert settings.stop_possible and panel.stop_note.isHidden()
    assert tab.start_button.isEnabled()
    choose(panel.stop_rule, "loss")
    assert not tab.start_button.isEnabled()
    with qtbot.waitSignal(tab.training.data.changed, timeout=2000):
        tab.data.validation.setValue(0.2)
    assert settings.stop_possible and panel.stop_value.isEnabled()
    assert tab.start_button.isEnabled() and panel.stop_note.isHidden()


def test_impossible_architecture_is_explained_and_cannot_start(tab):
    settled(tab)
    choose(tab.settings.start, Start.RANDOM)
    tab.settings.feature_size.setValue(12)
    settled(tab)
    assert not tab.training.settings.valid
    assert "larger than its 9x9 input" in tab.settings.message.text()
    assert not tab.start_button.isEnabled() and not tab.step_button.isEnabled()
    tab.settings.feature_size.setValue(3)
    settled(tab)
    assert tab.training.settings.valid and tab.start_button.isEnabled()


def test_freezing_the_tutorial_features_learns_only_the_votes(qtbot, tab):
    small(tab, epochs=2, start=Start.TUTORIAL)
    items = [tab.settings.freeze_list.item(r) for r in range(tab.settings.freeze_list.count())]
    conv = next(item for item in items if "features" in item.text())
    conv.setCheckState(Qt.CheckState.Checked)
    settled(tab)
    start = tab.training.settings.start_network().state_dict()
    run(qtbot, tab)
    now = tab.session.current.state_dict()
    np.testing.assert_array_equal(now["layers.0.weight"], start["layers.0.weight"])
    assert not np.array_equal(now["layers.4.weight"], start["layers.4.weight"])


def test_clicking_a_mistake_opens_it_in_the_editor_and_undo_brings_back_the_drawing(
        main_window, qtbot, dialogs):
    from PySide6.QtTest import QTest

    window, tab = main_window, main_window.train
    drawing = window.model.image.copy()
    window.tabs.setCurrentWidget(tab)
    image = -np.ones((9, 9), np.float32)
    image[4, :] = 1
    tab.confusion.show_results(np.array([[3, 1], [0, 4]]), [(image, 0, 1)])
    assert tab.confusion.mistakes.count() == 1
    with qtbot.waitSignal(tab.openInExplore, timeout=1000):
        tab.confusion.mistakes.itemClicked.emit(tab.confusion.mistakes.item(0))
    np.testing.assert_array_equal(window.model.image, image)
    assert window.model.truth == 0                      # the example's label came along
    assert window.tabs.currentWidget() is window.explore
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    np.testing.assert_array_equal(window.model.image, drawing)


def test_shutdown_while_paused_ends_the_thread(qtbot, tab, qtlog):
    small(tab, epochs=100, pace="watch")
    tab.start()
    with qtbot.waitSignal(tab.session.updated, timeout=RUN_MS,
                          check_params_cb=lambda snap: snap.paused):
        tab.pause_button.click()
    worker = tab.session.worker
    tab.shutdown()                                # the stop flag wakes the paused worker
    assert worker.isFinished() and no_thread_warnings(qtlog)
    assert tab.session.state == "done" and tab.session.worker is None


def test_a_new_grid_size_retargets_data_and_network(tab):
    assert tab.model.set_grid_size(12)
    settled(tab)
    data = tab.training.data
    train, val = data.arrays()
    assert train[0].shape[1:] == (12, 12) and data.size == 12
    assert tab.session.current.image_size == (12, 12)
    assert tab.training.settings.valid and tab.start_button.isEnabled()


def test_votes_follow_the_editor_drawing(qtbot, tab):
    small(tab, epochs=2)
    run(qtbot, tab)
    tab.model.set_drawing(canonical("O", 9), "Test drawing")
    expected = softmax(tab.session.current.scores(canonical("O", 9)[None])[0].astype(float))
    assert tab.votes.table.item(1, 2).text() == f"{expected[1]:.2f}"


def test_a_pixel_edit_in_explore_neither_rebuilds_nor_redraws_the_hidden_train_tab(
        qtbot, main_window, monkeypatch):
    window, train = main_window, main_window.train
    settled(train)
    calls = []
    monkeypatch.setattr(train.features, "set_start", lambda net: calls.append("features"))
    monkeypatch.setattr(train.curves, "clear", lambda: calls.append("curves"))
    shown = []
    show_scores = train.votes.show_scores
    monkeypatch.setattr(train.votes, "show_scores",
                        lambda *args: (shown.append(args), show_scores(*args)))
    start = train.session.current
    grid = window.explore.editor.grid
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.cell_centre(4, 1).toPoint())
    assert window.model.image[4, 1] == 1
    assert calls == [] and shown == [] and train.session.current is start
    window.tabs.setCurrentWidget(train)              # the votes catch up when seen
    expected = softmax(start.scores(window.model.image[None])[0].astype(float))
    assert len(shown) == 1
    assert train.votes.table.item(0, 2).text() == f"{expected[0]:.2f}"
    qtbot.mouseClick(grid, Qt.MouseButton.RightButton, pos=grid.cell_centre(4, 1).toPoint())
    assert len(shown) == 2 and calls == []           # visible: refreshed at once, cheaply


def test_the_error_table_compares_probabilities_or_votes_as_the_loss_does(qtbot, tab):
    def column(col):
        return [tab.votes.table.item(r, col).text() for r in range(3)]

    def header():
        return tab.votes.table.horizontalHeaderItem(2).text().replace("\n", " ")

    panel = tab.settings
    settled(tab)
    choose(panel.start, Start.TUTORIAL)
    settled(tab)
    assert header() == "actual answer (vote)"           # the tutorial's weighted averages
    assert column(2)[:2] == ["0.70", "0.42"] and column(3) == ["0.30", "0.42", "0.71"]
    small(tab, epochs=2)                                 # random weights, cross-entropy
    assert header() == "actual answer (probability)"
    choose(panel.loss, "tutorial")
    assert header() == "actual answer (vote)"
    choose(panel.loss, "cross_entropy")
    run(qtbot, tab)
    scores = tab.session.current.scores(canonical("X", 9)[None])[0].astype(float)
    p = softmax(scores)
    assert header() == "actual answer (probability)"
    assert column(2)[:2] == [f"{p[0]:.2f}", f"{p[1]:.2f}"]
    assert float(column(3)[2]) == pytest.approx(2 * (1 - p[0]), abs=0.006)
    assert "%" in tab.votes.prediction.text()
    tab.votes.show_scores(np.array([2.90, -2.61]), as_probability=True)
    assert column(2)[:2] == ["1.00", "0.00"]            # not 2.90 / -2.61
    tab.votes.show_scores(np.array([0.92, 0.51]), as_probability=False)
    assert column(2)[:2] == ["0.92", "0.51"] and column(3) == ["0.08", "0.51", "0.59"]


def test_the_drawing_is_follows_a_preset_o_and_the_error_table_judges_against_it(qtbot, tab):
    """Issue 7: with the preset O drawn, "The drawing is" stayed on X and the table showed
    an error of 2.00 although the network said "O (100%)"."""
    small(tab, epochs=3)
    run(qtbot, tab)
    assert tab.model.load_preset("o")
    assert tab.model.truth == 1
    assert tab.votes.right.currentText() == "O"
    p = softmax(tab.session.current.scores(preset("o", 9)[None])[0].astype(float))
    assert p[1] > 0.9 and "says: O" in tab.votes.prediction.text()
    total = tab.votes.table.item(2, 3).text()
    assert tab.votes.table.item(2, 0).text() == "total"
    assert total != "2.00" and float(total) == pytest.approx(2 * (1 - p[1]), abs=0.006)
    choose(tab.votes.right, "X")                          # "The drawing is" can be set
    assert tab.model.truth == 0
    assert float(tab.votes.table.item(2, 3).text()) == pytest.approx(2 * p[1], abs=0.006)


def test_the_votes_page_names_the_network_that_judges(qtbot, tab):
    """Issue 7: Explore and Train judged one drawing with two networks, one unnamed."""
    settled(tab)
    assert "network" in tab.votes.prediction.text()
    assert "untrained" in tab.votes.prediction.text()
    small(tab, epochs=1)
    run(qtbot, tab)
    text = tab.votes.prediction.text()
    assert "network" in text and "trained" in text and "epoch 1" in text


def test_use_in_explore_switches_the_window_to_explore(qtbot, main_window, dialogs):
    window = main_window
    window.tabs.setCurrentWidget(window.train)
    small(window.train, epochs=1)
    run(qtbot, window.train)
    window.train.explore_button.click()
    assert window.tabs.currentWidget() is window.explore
    assert window.model.network_source == NetworkSource.TRAINED
    window.train.session.dirty = False


def test_features_per_block_are_broadcast_by_the_engine(tab, qtbot):
    panel, settings = tab.settings, tab.training.settings
    choose(panel.start, Start.RANDOM)
    panel.blocks.setValue(2)
    panel.features.clear()
    qtbot.keyClicks(panel.features, "4")                  # typed: textEdited sends it
    settled(tab)
    net = settings.start_network()
    assert [layer.params["weight"].shape[0] for layer in net.layers
            if layer.type == "conv"] == [4, 4]
    panel.features.clear()
    qtbot.keyClicks(panel.features, "4, 5, 6")
    settled(tab)
    assert not settings.valid and "2 blocks need" in panel.message.text()
    assert "a single value for all" in panel.message.text()     # the engine's sentence


def test_explore_and_train_draw_features_with_one_grid_and_colour_map(main_window):
    from xo_gui.gui.explore import pipeline
    from xo_gui.gui.train import views
    from xo_gui.gui.widgets import colors

    kernel = np.arange(3 * 2 * 2, dtype=np.float32).reshape(3, 2, 2)
    image = colors.channel_grid(kernel)                      # channels in a 2 × 2 grid
    assert image.shape == (2 * 3 - 1, 2 * 3 - 1)
    np.testing.assert_array_equal(image[3:5, 0:2], kernel[2])
    assert np.isnan(image[2]).all() and np.isnan(image[:, 2]).all()
    assert np.isnan(image[3:, 3:]).all()                     # no fourth channel
    block = main_window.train.features.blocks[0]
    assert block.item.getColorMap() is colors.palette().colormap      # one palette for both
    assert pipeline.palette is colors.palette
    start = main_window.train.session.start_net.state_dict()["layers.0.weight"]
    expected = views.feature_rows(start, block.columns)      # the top: where they started
    np.testing.assert_array_equal(block.item.image[:len(expected)], expected)
    up = views.UPSCALE                                       # each weight a block of cells
    np.testing.assert_array_equal(expected[:up * 3:up, :up * 3:up], start[0, 0])


def test_the_features_panel_wraps_its_features_to_fill_the_space(qtbot):
    from xo_gui.engine.network import build_network
    from xo_gui.gui.train.views import FeaturesView, best_columns

    assert best_columns((6, 1, 3, 3), 600, 200) == 6         # wide: one row
    assert best_columns((6, 1, 3, 3), 150, 400) in (2, 3)    # tall: wrapped, balanced
    assert best_columns((6, 1, 3, 3), 0, 0) == 6             # not laid out yet
    view = FeaturesView()
    qtbot.addWidget(view)
    view.resize(260, 500)
    view.show()
    qtbot.waitExposed(view)
    net = build_network(9, (16,), (3,), 2, 2)
    view.set_start(net)
    block = view.blocks[0]
    qtbot.waitUntil(lambda: view.blocks[0].columns < 16)
    px = 1 / block.view.viewPixelSize()[0]                  # screen pixels per image cell
    one_row = min(block.view.width() / (16 * 14 - 2), block.view.height() / (2 * 12 + 8))
    assert px > 2 * one_row
    state = net.state_dict()
    state[block.key] = -state[block.key]
    view.show_state(state)
    assert block.item.image.shape[1] < 16 * 14 - 2           # still wrapped while training


def test_the_curves_view_leaves_pyqtgraph_global_options_alone(qtbot):
    import pyqtgraph as pg
    from xo_gui.gui.train.views import CurvesView

    pg.setConfigOptions(antialias=True)
    try:
        view = CurvesView()
        qtbot.addWidget(view)
        assert pg.getConfigOption("antialias") is True
        assert view.train_loss.opts["antialias"] is False
    finally:
        pg.setConfigOptions(antialias=False)


def test_the_in_window_training_benchmark_runs_on_the_main_window(qtbot):
    from xo_gui.tools.bench_train import gui_training_benchmark

    report = gui_training_benchmark(epochs=2)
    assert report["epochs"] == 2 and report["gui_samples_per_second"] > 0
    assert report["refresh_hz"] > 0


def test_network_changes_keep_later_feature_edits_through_undo_and_redo(main_window, dialogs):
    """Use in Explore, edit a weight, undo, redo: the edited weight comes back; and
    Edit -> Use the tutorial's network is an undo step of its own."""
    window, tab, model = main_window, main_window.train, main_window.model
    actions = window.explore.actions.actions
    settled(tab)
    tab.session.reset(classic_network(9))
    tab.use_in_explore()
    assert model.network_source == NetworkSource.TRAINED
    window.explore.pipeline.kernelClicked.emit(0, (1, 0, 0, 1))   # click a feature pixel
    edited = model.network.state_dict()["layers.0.weight"].copy()
    assert edited[1, 0, 0, 1] == -classic_network(9).state_dict()["layers.0.weight"][1, 0, 0, 1]
    actions["undo"].trigger()                      # the flip
    actions["undo"].trigger()                      # Use in Explore
    assert model.network_source == NetworkSource.TUTORIAL
    actions["redo"].trigger()
    actions["redo"].trigger()
    assert model.network_source == NetworkSource.TRAINED
    np.testing.assert_array_equal(model.network.state_dict()["layers.0.weight"], edited)

    actions["tutorial_network"].trigger()
    assert model.network_source == NetworkSource.TUTORIAL
    actions["undo"].trigger()
    assert model.network_source == NetworkSource.TRAINED and not dialogs.calls
    actions["redo"].trigger()
    assert model.network_source == NetworkSource.TUTORIAL and not dialogs.calls


def test_data_generation_keeps_the_event_loop_ticking(qtbot):
    """Issue 7: generating the images froze the window; now a worker makes them."""
    model = LabModel()
    data = model.training.data
    try:
        data.wait()
        made = []                                    # images made so far, as reported
        data.progress.connect(lambda done, total: made.append(done))
        ticks = []                                   # per tick: the last report seen
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: ticks.append(made[-1] if made else 0))
        timer.start()
        with qtbot.waitSignal(data.changed, timeout=60_000):
            data.update(count=100_000)
        timer.stop()
        assert len(data.images[0]) == 100_000 and made[-1] == 100_000
        during = [t for t in ticks if 0 < t < 100_000]    # after the first chunk, before the end
        assert len(during) >= 5, f"only {len(during)} ticks while generating"
        assert len(set(during)) >= 2                 # ticking across several chunks
    finally:
        model.training.shutdown()


def test_the_train_tab_alone_on_a_model(qtbot):
    """TrainTab(LabModel()) works without a window: its data comes in the background."""
    tab = TrainTab(LabModel())
    qtbot.addWidget(tab)
    try:
        qtbot.waitUntil(lambda: not tab.training.data.busy, timeout=RUN_MS)
        assert tab.start_button.isEnabled()
        assert "1000 images generated" in tab.data.summary.text()
    finally:
        tab.shutdown()


def test_a_trained_network_at_another_grid_size_cannot_train_on_until_reset(qtbot, tab,
                                                                           dialogs):
    """Explore's grid changed under a trained network: Train more is refused with a
    sentence (not a failed worker), and Reset starts again at the new size."""
    small(tab, epochs=1)
    run(qtbot, tab)
    assert tab.model.set_grid_size(12)
    settled(tab)
    assert not tab.start_button.isEnabled() and "Reset" in tab.status.text()
    assert "another size" in tab.votes.prediction.text()
    assert not tab.start() and tab.session.current.image_size == (9, 9)
    tab.reset_button.click()                       # unsaved: asked, and discarded
    assert "question" in dialogs.kinds()
    assert tab.session.state == "ready" and tab.session.current.image_size == (12, 12)
    assert tab.start_button.isEnabled()
    assert run(qtbot, tab) == "finished"


def test_history_slider_rewinds_shows_and_forks(tab, qtbot, monkeypatch):
    """The slider at a moment shows exactly that moment's weights; Show in Explore puts
    them there (undoable); Train from here forks the run from it."""
    training, session = tab.model.training, tab.session
    training.data.wait()
    training.settings.update_knobs(epochs=3, pace="full speed")
    with qtbot.waitSignal(session.ended, timeout=RUN_MS):
        assert tab.start()
    history = session.run_history
    assert len(history) >= 4 and tab.history_bar.slider.isEnabled()
    moments = [history.at(i) for i in range(len(history))]
    epochs = [m.epoch for m in moments]
    one = epochs.index(1.0)
    tab.history_bar.slider.setFocus()
    tab.history_bar.slider.setValue(one)
    assert training.moment == one
    shown = tab.features.blocks[0]
    np.testing.assert_array_equal(training.moment_network().state_dict()["layers.0.weight"],
                                  moments[one].state["layers.0.weight"])
    assert tab.curves.cursors[0].isVisible() and tab.curves.cursors[0].value() == 1.0
    assert "epoch 1.00" in tab.votes.prediction.text()
    assert shown is not None
    assert tab.show_moment_in_explore()
    np.testing.assert_array_equal(tab.model.network.state_dict()["layers.0.weight"],
                                  moments[one].state["layers.0.weight"])
    tab.model.undo_stack.undo()
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(session.ended, timeout=RUN_MS):
        assert tab.train_from_here()
    assert len(session.history) == 1 + 3               # epoch 1 kept, then 3 more
    assert [r.epoch for r in session.history] == [1, 2, 3, 4]


def test_at_the_default_pace_pause_lands_in_the_first_epoch(tab, qtbot):
    """The default run unfolds slowly enough to follow: Pause, pressed when the first
    numbers appear, stops it inside the first epoch."""
    session = tab.session
    tab.model.training.data.wait()
    assert tab.model.training.settings.knobs.pace == "watch"
    with qtbot.waitSignal(session.updated, timeout=RUN_MS):
        qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.last is not None and session.last.paused, timeout=RUN_MS)
    assert session.last.progress.epoch == 1 and not session.history
    assert "batches/s" in tab.speed.text() and "engine" in tab.speed.text()
    tab.stop_button.click()
    qtbot.waitUntil(lambda: session.state == "done", timeout=RUN_MS)


def test_one_epoch_draws_a_point(tab, qtbot):
    small(tab, epochs=1)
    run(qtbot, tab)
    curve = tab.curves.train_acc
    assert len(curve.xData) == 1 and curve.opts["symbol"] == "o"


def test_three_classes_train_and_show_three_bars_and_a_3x3_confusion(tab, qtbot, tmp_path,
                                                                     dialogs):
    """A dataset file of three letters: the network learns three classes, the votes page
    has three bars and rows, the confusion matrix is 3x3."""
    from xo_gui.engine import data
    from xo_gui.engine.drawing_files import save_dataset
    images, labels = data.generate(300, 9, "low", 0, classes=("X", "O", "+"))
    path = tmp_path / "three.npz"
    save_dataset(path, images, labels, ("X", "O", "+"))
    assert tab.model.training.data.open_dataset(str(path))
    tab.model.training.data.wait()
    choose(tab.settings.pace, "full speed")
    tab.settings.epochs.setValue(3)
    settled(tab)
    assert tab.model.training.settings.preview.classes == ("X", "O", "+")
    assert [b.text() for b in tab.data.add_buttons] == [
        "Add drawing as X", "Add drawing as O", "Add drawing as +"]
    tab.model.load_preset("x-thick")
    tab.data.add_buttons[2].click()                      # your drawing, labelled "+"
    assert tab.model.training.data.own[-1][1] == 2 and tab.model.truth == 2
    run(qtbot, tab)
    assert tab.session.current.classes == ("X", "O", "+")
    tab.pages.setCurrentWidget(tab.gradients)
    tab.pages.setCurrentWidget(tab.votes)            # shown: it shows the trained network
    assert len(tab.votes.chart.heights()[0]) == 3 and tab.votes.table.rowCount() == 4
    tab.pages.setCurrentWidget(tab.confusion)
    assert tab.confusion.table.item(0, 0) is not None      # filled from the last snapshot
    assert tab.confusion.table.rowCount() == 3 and tab.confusion.table.columnCount() == 3
    assert tab.session.last.confusion.shape == (3, 3)


def test_sound_grids_generate_and_train_in_the_window(tab, qtbot):
    """Data kind 'sounds': spectrogram grids with their own classes, made off the GUI
    thread; the network votes for those classes."""
    tab.model.set_grid_size(16)
    data = tab.model.training.data
    choose(tab.data.kind, "sound")
    tab.data.count.setValue(200)
    settled(tab)
    assert data.classes == ("rising", "falling") and data.images[0].shape[1:] == (16, 16)
    assert [b.text() for b in tab.data.add_buttons] == ["Add drawing as rising",
                                                         "Add drawing as falling"]
    choose(tab.settings.pace, "full speed")
    tab.settings.epochs.setValue(2)
    settled(tab)
    run(qtbot, tab)
    assert tab.session.current.classes == ("rising", "falling")


def test_stop_and_reset_have_keys(qtbot, tab, main_window):
    """Ctrl+Shift+Return stops a run (keeping its weights); Ctrl+Shift+R resets."""
    from PySide6.QtTest import QTest

    small(tab, epochs=50, pace="watch")
    tab.start_button.click()
    qtbot.waitUntil(lambda: tab.session.last is not None, timeout=RUN_MS)
    with qtbot.waitSignal(tab.session.ended, timeout=RUN_MS) as blocker:
        QTest.keyClick(main_window.windowHandle(), Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert blocker.args[0] == "stopped"
    tab.session.dirty = False                      # nothing to ask before the reset
    start = tab.session.start_net.state_dict()
    assert any(not np.array_equal(start[k], v) for k, v in tab.session.current.state_dict().items())
    QTest.keyClick(main_window.windowHandle(), Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: "Reset" in tab.status.text())   # a button's key animates a click
    now, fresh = tab.session.current.state_dict(), tab.session.start_net.state_dict()
    assert all(np.array_equal(now[k], fresh[k]) for k in fresh)


@pytest.mark.skipif(usable_cores() < 2, reason="one core: the box is disabled")
def test_use_all_cores_is_remembered_and_sets_the_engines_threads(qtbot, tab):
    """The box is a setting of this computer (QSettings), not of the lab; training
    started with it ticked runs on every core (xo_gui.engine.threads), unticked on one."""
    from PySide6.QtCore import QPoint, QSettings

    from xo_gui.engine import threads
    from xo_gui.model.training_settings import TrainingSettings

    small(tab, epochs=1)
    tab.left.setCurrentIndex(1)                       # the Model & training page
    box = tab.settings.all_cores
    assert box.isVisible() and box.isEnabled() and not box.isChecked()
    try:
        tick = QPoint(8, box.height() // 2)           # on the box, not past its text
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=tick)
        assert box.isChecked() and tab.training.settings.all_cores
        assert QSettings().value("train/all_cores", False, bool)
        assert TrainingSettings(9).cores == threads.usable_cores()
        assert run(qtbot, tab) == "finished"
        assert threads.get_threads() == tab.training.settings.cores >= 2
        qtbot.waitUntil(lambda: tab.session.worker is None, timeout=2000)
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=tick)
        assert not QSettings().value("train/all_cores", True, bool)
        tab.reset_button.click()
        assert run(qtbot, tab) == "finished"
        assert threads.get_threads() == 1
    finally:
        threads.set_threads(1)
