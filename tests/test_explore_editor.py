"""Drive the pixel editor with real mouse events and check the model and every view."""
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from xo_gui.engine.data import canonical, preset
from xo_gui.gui.explore.editor import line_cells


def _point(grid, r, c):
    return grid.cell_centre(r, c).toPoint()


def drag(grid, cells, button=Qt.MouseButton.LeftButton):
    """Press on the first cell, move through the others, release on the last."""
    QTest.mousePress(grid, button, Qt.KeyboardModifier.NoModifier, _point(grid, *cells[0]))
    for cell in cells[1:]:
        QTest.mouseMove(grid, _point(grid, *cell))
    QTest.mouseRelease(grid, button, Qt.KeyboardModifier.NoModifier, _point(grid, *cells[-1]))


def test_starts_on_explore_with_the_canonical_x(main_window):
    assert main_window.windowTitle() == "XO ConvNet Lab"
    assert main_window.tabs.currentWidget() is main_window.explore
    assert main_window.tabs.tabText(1) == "Train"
    np.testing.assert_array_equal(main_window.model.image, canonical("X", 9))
    assert main_window.model.prediction == "X"
    assert "the tutorial's network says X" in main_window.prediction_label.text()
    menus = [a.text().replace("&", "") for a in main_window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Help"]


def test_click_paints_ink_and_updates_maps_and_votes(explore):
    model, grid = explore.model, explore.editor.grid
    conv = explore.pipeline.blocks[0].bands[0]["conv"]
    before_map, before_scores = conv.image.copy(), model.scores.copy()
    QTest.mouseClick(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _point(grid, 0, 4))
    assert model.image[0, 4] == 1.0
    assert not np.array_equal(conv.image, before_map, equal_nan=True)
    assert not np.array_equal(model.scores, before_scores)
    np.testing.assert_allclose(conv.image[:, :7], model.trace[0].output[0])


def test_fast_drag_leaves_no_gaps_and_is_one_undo_step(explore):
    model, editor = explore.model, explore.editor
    model.transform("clear")
    drag(editor.grid, [(0, 0), (8, 8)])           # one jump across the whole grid
    assert all(model.image[i, i] == 1 for i in range(9))
    assert model.image.sum() == 9 - 72
    model.undo_stack.undo()
    assert (model.image == -1).all()
    model.undo_stack.redo()
    assert all(model.image[i, i] == 1 for i in range(9))


def test_right_drag_paints_background_and_eraser_flips_left(explore):
    model, editor = explore.model, explore.editor
    drag(editor.grid, [(1, 1), (1, 7)], Qt.MouseButton.RightButton)
    assert (model.image[1, 1:8] == -1).all()
    explore.actions.actions["eraser"].trigger()
    drag(editor.grid, [(7, 1), (7, 2)])
    assert model.image[7, 1] == -1
    explore.actions.actions["pen"].trigger()
    drag(editor.grid, [(4, 0)])
    assert model.image[4, 0] == 1


def test_keyboard_undo_redo_and_transforms(explore, qtbot):
    model, editor = explore.model, explore.editor
    x = model.image.copy()
    explore.actions.actions["invert"].trigger()
    np.testing.assert_array_equal(model.image, -x)
    explore.actions.actions["mirror"].trigger()
    explore.actions.actions["rotate"].trigger()
    editor.grid.setFocus()
    QTest.keyClick(editor.grid, Qt.Key.Key_Right)
    assert model.image[:, 0].tolist() == [-1] * 9     # background fills the vacated edge
    for _ in range(4):
        QTest.keyClick(editor.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    np.testing.assert_array_equal(model.image, x)
    QTest.keyClick(editor.grid, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    np.testing.assert_array_equal(model.image, -x)


@pytest.mark.parametrize("name, answer", [("x", "X"), ("o", "O"), ("x-shifted", "X"),
                                          ("o-shifted", "O")])
def test_presets_give_the_right_prediction(explore, name, answer):
    explore.model.load_preset(name)
    np.testing.assert_array_equal(explore.model.image, preset(name, 9))
    assert explore.model.prediction == answer
    assert answer in explore.votes.prediction.text()


def test_naive_match_fails_on_shifted_x(explore):
    explore.model.load_preset("x")
    assert explore.votes.naive_bars["X"].value() == 100
    explore.model.load_preset("x-shifted")
    assert explore.votes.naive_bars["X"].value() < 75
    assert explore.model.prediction == "X"


def test_grid_size_redraws_the_preset_and_undoes(explore):
    editor, model = explore.editor, explore.model
    model.load_preset("o")
    editor.size_box.setValue(13)
    assert model.grid_size == 13
    np.testing.assert_array_equal(model.image, preset("o", 13))
    assert model.prediction == "O"
    assert explore.pipeline.blocks[0].bands[0]["conv"].image.shape[0] == 11
    model.undo_stack.undo()
    assert model.grid_size == 9 and editor.size_box.value() == 9


def test_save_and_open_drawing_roundtrip(explore, tmp_path):
    model = explore.model
    model.load_preset("o-thick")
    path = tmp_path / "o.txt"
    assert model.save_drawing(str(path))
    model.transform("clear")
    model.open_drawing(str(path))
    np.testing.assert_array_equal(model.image, preset("o-thick", 9))


def test_bad_drawing_and_bad_picture_show_an_error_and_keep_the_drawing(explore, tmp_path,
                                                                         monkeypatch):
    messages = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a, **k: messages.append((title, text)))
    model = explore.model
    model.load_preset("x-thick")
    kept = model.image.copy()
    bad = tmp_path / "bad.txt"
    bad.write_text("#..\n#.\n")
    model.open_drawing(str(bad))
    picture = tmp_path / "fake.png"
    picture.write_bytes(b"not a png at all")
    model.import_picture(str(picture))
    assert [t for t, _ in messages] == ["Cannot open drawing", "Cannot import picture"]
    assert "row 2" in messages[0][1]
    np.testing.assert_array_equal(model.image, kept)


def test_import_picture_scales_dark_strokes_to_ink(explore, tmp_path):
    image = QImage(90, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    for i in range(10, 80):
        for d in range(-4, 5):
            image.setPixelColor(i, min(89, max(0, i + d)), QColor("black"))
    path = tmp_path / "diag.png"
    assert image.save(str(path))
    explore.model.import_picture(str(path))
    drawing = explore.model.image
    assert drawing[4, 4] > 0.2 and drawing[0, 8] < -0.9


def test_line_cells_are_connected():
    cells = line_cells((0, 0), (3, 8))
    assert cells[0] == (0, 0) and cells[-1] == (3, 8)
    for (r0, c0), (r1, c1) in zip(cells, cells[1:]):
        assert max(abs(r1 - r0), abs(c1 - c0)) == 1


def test_the_classic_prediction_reads_as_votes_a_trained_one_as_a_probability(main_window):
    """The classic votes are weighted averages (0.70 vs 0.42): their softmax, 57 %, would
    read as 'barely sure', so the text shows the votes; probabilities stay in the chart."""
    from xo_gui.engine.network import build_network
    from xo_gui.model.lab import NetworkSource

    explore, status = main_window.explore, main_window.prediction_label
    text = explore.votes.prediction.text()
    assert "It's an X" in text and "votes 0.70 vs 0.42" in text and "%" not in text
    assert "the tutorial's network says X (votes 0.70 vs 0.42)" in status.text()
    assert "weighted averages" in explore.votes.prediction.toolTip()
    assert "weighted averages" in status.toolTip()
    assert list(explore.votes.chart.prob.opts["height"]) == pytest.approx([0.571, 0.429], abs=1e-3)
    main_window.model.set_drawing(canonical("O", 9), "test")
    assert "It's an O" in explore.votes.prediction.text()
    assert "votes 0.81 vs 0.30" in explore.votes.prediction.text()
    net = build_network(9, (4,), (3,), seed=1)
    main_window.model.use_network(net, NetworkSource.TRAINED)
    p = main_window.model.probabilities.max()
    assert f"{p:.0%} · the trained network" in explore.votes.prediction.text()
    assert f"({p:.0%})" in status.text() and "votes" not in status.text()
    assert "the trained network says" in status.text()       # every verdict is named
