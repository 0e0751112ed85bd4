"""Main-window behaviour: drop a file, refuse impossible grid sizes, close, benchmark."""
import numpy as np
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from helpers import show_network
from xo_gui.model.lab import NetworkSource
from xo_gui.engine.data import preset
from xo_gui.engine.drawing_files import write_drawing
from xo_gui.engine.network import build_network
from xo_gui.tools.bench_gui import gui_edit_benchmark


def test_dropping_a_drawing_file_opens_it(explore, tmp_path):
    path = tmp_path / "o.txt"
    write_drawing(path, preset("o", 9))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    grid = explore.editor.grid
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(20, 20), *args)   # QDragEnterEvent takes a QPoint
    QApplication.sendEvent(grid, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(grid, QDropEvent(QPointF(20, 20), *args))
    explore.model.files.wait()                   # read in a worker, applied on return
    np.testing.assert_array_equal(explore.model.image, preset("o", 9))
    assert explore.model.prediction == "O"


def test_trained_network_refuses_another_grid_size_and_keeps_the_drawing(explore, monkeypatch):
    messages = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a, **k: messages.append(text))
    net = build_network(9, (4,), (3,), 2, 2)
    show_network(explore.model, net, preset("x", 9), "trained.npz")
    drawing = explore.model.image.copy()
    explore.editor.size_box.setValue(12)
    assert explore.model.grid_size == 9 and explore.editor.size_box.value() == 9
    assert messages and "9×9" in messages[0]
    np.testing.assert_array_equal(explore.model.image, drawing)
    explore.window().use_tutorial_network()
    assert explore.model.network_source == NetworkSource.TUTORIAL
    np.testing.assert_array_equal(explore.model.image, drawing)


def test_close_asks_about_unsaved_work_and_shuts_training_down(main_window, monkeypatch,
                                                                 tmp_path):
    calls = []
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save])
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: calls.append("ask") or next(answers))
    monkeypatch.setattr(main_window.train, "shutdown", lambda: calls.append("stop"))
    assert main_window.labs.confirm_discard()       # nothing unsaved: no question
    main_window.model.load_preset("o")              # now there is
    assert not main_window.close()
    assert calls == ["ask"]
    path = tmp_path / "mine.xolab"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert main_window.close()                      # Save: saved, then closed
    assert calls == ["ask", "ask", "stop"] and path.exists()
    assert not main_window.model.modified


def test_help_dialogs_open(main_window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda p, t, text: shown.append(t))
    monkeypatch.setattr(QMessageBox, "about", lambda p, t, text: shown.append(t))
    main_window.how_it_works()
    main_window.about()
    assert shown == ["How it works", "About XO ConvNet Lab"]


def test_gui_benchmark_reports_both_sizes(qapp):
    result = gui_edit_benchmark(repeats=3)["edit_to_paint_ms"]
    assert set(result) == {"9x9", "28x28_two_blocks"}
    for stats in result.values():
        assert 0 < stats["median"] <= stats["p95"] < 1000


def test_run_app_shows_the_main_window_and_returns_the_exit_code(qapp):
    from PySide6.QtCore import QTimer
    from xo_gui.gui.app import run_app
    from xo_gui.gui.main_window import MainWindow
    seen = []

    def look_and_quit():
        seen.extend(w for w in QApplication.topLevelWidgets()
                    if isinstance(w, MainWindow) and w.isVisible())
        qapp.exit(0)

    QTimer.singleShot(0, look_and_quit)
    assert run_app(["xo-gui"]) == 0
    assert len(seen) == 1 and seen[0].tabs.currentIndex() == 0
    seen[0].close()
    seen[0].deleteLater()


def _right(window):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)


def test_arrow_keys_shift_the_drawing_from_start_up_and_after_a_tab_switch(main_window):
    window, model = main_window, main_window.model
    before = model.image.copy()
    _right(window)
    assert window.tabs.currentWidget() is window.explore
    np.testing.assert_array_equal(model.image[:, 1:], before[:, :-1])
    window.tabs.setCurrentWidget(window.train)
    window.tabs.setCurrentWidget(window.explore)
    shifted = model.image.copy()
    _right(window)
    np.testing.assert_array_equal(model.image[:, 1:], shifted[:, :-1])


def test_arrow_keys_in_the_grid_size_box_still_step_the_size(main_window):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    window, model = main_window, main_window.model
    box = window.explore.editor.size_box
    box.setFocus()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Up)
    assert box.value() == 10 and model.grid_size == 10
