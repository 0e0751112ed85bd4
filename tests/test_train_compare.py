"""The Train tab's Compare page: the limitation demo run in a worker from the window, its
four accuracies, the sentence that names them, and Cancel (issue 13)."""
import os
import re
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

RUN_MS = 60_000
SMALL = 300            # images per data set: a quick run (the window's default is 2000)


@pytest.fixture
def page(main_window, qtbot):
    train = main_window.train
    main_window.tabs.setCurrentWidget(train)
    train.pages.setCurrentIndex(train.pages.count() - 1)
    main_window.model.training.compare.count = SMALL
    return train.compare


def test_run_shows_four_accuracies_and_says_why_with_them(page, qtbot):
    compare = page.compare
    assert page.accuracy_text("convnet", "ordered") == "–"
    with qtbot.waitSignal(compare.finished, timeout=RUN_MS):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
        assert not page.run_button.isEnabled() and page.cancel_button.isEnabled()
    shown = {}
    for model in ("convnet", "fully_connected"):
        for data in ("ordered", "shuffled"):
            shown[model, data] = page.accuracy_text(model, data)
            assert shown[model, data] == f"{compare.accuracy(model, data):.1%}"
    sentence = page.why.text()
    for text in shown.values():
        assert text in sentence
    assert page.run_button.isEnabled() and not page.cancel_button.isEnabled()
    lines = page.commands.toPlainText().splitlines()
    assert len(lines) == 6 and all(line.startswith("xo-gui ") for line in lines)
    assert f"--count {SMALL}" in lines[0] and "--shuffle" in lines[1]
    for line in lines[:2]:               # the data sets the commands name were written
        assert os.path.exists(re.search(r"--out (\S+)", line).group(1))


def test_cancel_stops_the_run_and_leaves_the_page_usable(page, qtbot):
    compare = page.compare
    states = []
    compare.stateChanged.connect(states.append)
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    compare.shutdown()                   # waits for the cancelled thread to end
    QApplication.processEvents()
    assert states == ["running", "idle"]
    assert compare.results == [] and page.accuracy_text("convnet", "shuffled") == "–"
    assert page.run_button.isEnabled() and not page.cancel_button.isEnabled()
    assert page.note.text() == "Cancelled: nothing was changed."
    with qtbot.waitSignal(compare.finished, timeout=RUN_MS):
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.accuracy_text("convnet", "shuffled").endswith("%")


def test_only_the_folder_of_the_results_shown_is_kept(page, qtbot):
    """A cancelled run's data sets, and a finished run's once newer results replace
    them, are removed; the shown commands' folder stays."""
    compare = page.compare
    folders = lambda: {p for p in os.listdir(tempfile.gettempdir())  # noqa: E731
                       if p.startswith("xo-gui-limitation-")}
    before = folders()
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    compare.shutdown()
    QApplication.processEvents()
    assert folders() == before
    shown = []
    for _ in range(2):
        with qtbot.waitSignal(compare.finished, timeout=RUN_MS):
            qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not compare._threads, timeout=RUN_MS)
        shown.append(compare.out_dir)
        assert folders() - before == {os.path.basename(compare.out_dir)}
    assert shown[0] != shown[1] and not os.path.exists(shown[0])


def test_one_run_at_a_time_and_closing_the_window_stops_it(main_window, qtbot):
    compare = main_window.model.training.compare
    compare.count = SMALL
    said = []
    compare.refused.disconnect()
    compare.refused.connect(lambda title, text: said.append(text))
    assert compare.run()
    assert not compare.run() and said == ["The comparison is already running."]
    workers = list(compare._threads)
    assert main_window.close()           # closing waits for the demo's thread
    assert workers and all(worker.isFinished() for worker in workers)
    assert compare.results == []
