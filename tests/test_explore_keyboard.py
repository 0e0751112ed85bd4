"""Issue 7's defects, driven as a user would: the arrow keys after presets, menus and
buttons; undoing a feature flip; walking a map's cells; hover boxes made once."""
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsRectItem

from test_explore_pipeline import click, hover


def _right(window):
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)


def _shifts_right(window):
    before = window.model.image.copy()
    _right(window)
    return np.array_equal(window.model.image[:, 1:], before[:, :-1]) and \
        not np.array_equal(window.model.image, before)


def test_arrow_keys_still_shift_after_a_preset_a_menu_shift_and_reset_features(main_window):
    window, explore = main_window, main_window.explore
    combo = explore.editor.presets
    combo.setFocus()
    combo.activated.emit(combo.findData("x-small"))       # the user picks a preset
    assert _shifts_right(window)
    explore.actions.actions["shift_down"].trigger()          # Edit → Shift → Down
    assert _shifts_right(window)
    QTest.mouseClick(explore.reset_button, Qt.MouseButton.LeftButton)
    assert _shifts_right(window)


def test_arrow_keys_leave_text_fields_alone(main_window):
    window = main_window
    window.tabs.setCurrentWidget(window.train)
    edit = window.train.settings.features
    window.train.left.setCurrentIndex(1)
    edit.setFocus()
    before = window.model.image.copy()
    _right(window)
    np.testing.assert_array_equal(window.model.image, before)


def test_ctrl_z_undoes_a_feature_flip_not_an_earlier_stroke(main_window):
    explore = main_window.explore
    grid, pipeline, model = explore.editor.grid, explore.pipeline, explore.model
    QTest.mouseClick(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     grid.cell_centre(0, 4).toPoint())
    painted = model.image.copy()
    kernel = pipeline.blocks[0].kernels[0]
    click(pipeline, kernel, 0, 0)
    assert model.network.layers[0].params["weight"][0, 0, 0, 0] == -1
    grid.setFocus()
    QTest.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert model.network.layers[0].params["weight"][0, 0, 0, 0] == 1
    np.testing.assert_array_equal(model.image, painted)      # the stroke is still there


def test_a_map_takes_the_focus_and_the_arrows_walk_its_cells(main_window):
    explore = main_window.explore
    pipeline, model = explore.pipeline, explore.model
    image = model.image.copy()
    pipeline.setFocus()
    QTest.keyClick(pipeline, Qt.Key.Key_Right)
    QTest.keyClick(pipeline, Qt.Key.Key_Down)
    assert model.explained.at == (0, (0, 1, 1))
    assert "row 2, column 2" in explore.explanation.text()
    np.testing.assert_array_equal(model.image, image)         # the drawing did not move
    QTest.keyClick(pipeline, Qt.Key.Key_Return)
    assert model.explained.pinned and "pinned" in explore.explanation.text()


def test_hover_boxes_are_made_once_and_moved(explore):
    pipeline = explore.pipeline
    conv = pipeline.blocks[0].bands[0]["conv"]

    def boxes():
        return [i for i in pipeline.scene().items() if isinstance(i, QGraphicsRectItem)]

    pool = pipeline.blocks[0].bands[0]["pool"]
    hover(pipeline, pool, 1, 1)
    made = set(map(id, boxes()))
    for r, c in ((0, 0), (1, 2), (2, 1), (3, 3)):
        hover(pipeline, pool, r, c)
        hover(pipeline, conv, r, c)
    assert set(map(id, boxes())) <= made | set()            # no new box was created
    assert pipeline.highlighted()[-1] is conv
