"""Small helpers shared by the GUI tests."""
import numpy as np

from xo_gui.model.lab import NetworkSource


def show_network(model, net, image=None, name="test.npz",
                 source=NetworkSource.FILE) -> None:
    """Explore shows ``net`` (and ``image``), as a model file opened by the user would."""
    assert model.use_network(net, source, name, resample=True)
    if image is not None:
        assert model.set_drawing(image, "test")


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    """``xo-gui ARGV`` in this process: (exit code, stdout, stderr)."""
    from xo_gui.cli import main
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_cli_json(capsys, *argv) -> dict:
    import json
    code, out, err = run_cli(capsys, *argv)
    assert code == 0, err
    return json.loads(out)


def drop(window, path: str) -> None:
    """Drop a file on Explore's grid, as from a file manager."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(path)])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    grid = window.explore.editor.grid
    QApplication.sendEvent(grid, QDragEnterEvent(QPoint(20, 20), *args))
    QApplication.sendEvent(grid, QDropEvent(QPointF(20, 20), *args))


def handlers(window, monkeypatch) -> dict:
    """Every way the window opens a file, as the user does it (a file dialog answered)."""
    from PySide6.QtWidgets import QFileDialog

    def through_dialog(trigger):
        def open_(path: str) -> None:
            monkeypatch.setattr(QFileDialog, "getOpenFileName",
                                staticmethod(lambda *a, **k: (path, "")))
            trigger()
        return open_
    actions = window.explore.actions
    return {
        "open drawing": through_dialog(actions.open_drawing),
        "import picture": through_dialog(actions.import_picture),
        "drop": lambda path: drop(window, path),
        "open lab": through_dialog(window.labs.open_dialog),
        "open model": through_dialog(window.train.open_button.click),
        "open dataset": through_dialog(window.train.data.open_button.click),
    }


def lab_state(window) -> tuple:
    """Everything a refused or cancelled open must leave as it was."""
    model, training = window.model, window.model.training
    session = training.session
    weights = [{k: v.copy() for k, v in net.state_dict().items()}
               for net in (model.network, session.current) if net is not None]
    return (model.image.copy(), weights, model.network_source, model.network_name,
            model.origin, model.undo_stack.count(), model.undo_stack.index(), model.path,
            training.settings.architecture, training.settings.knobs, training.data.settings,
            training.data.file, training.data.classes, id(training.data.images[0]),
            len(training.data.own), session.state, len(session.history), model.grid_size)


def same_lab(before: tuple, after: tuple) -> bool:
    if not np.array_equal(before[0], after[0]) or len(before[1]) != len(after[1]):
        return False
    for a, b in zip(before[1], after[1]):
        if a.keys() != b.keys() or not all(np.array_equal(a[k], b[k]) for k in a):
            return False
    return before[2:] == after[2:]
