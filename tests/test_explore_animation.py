"""The convolution animated (issue 9): Play slides the feature over the input and fills the
map cell by cell, ending with the engine's map; step back / forward move one cell and the
explanation follows; pooling likewise; edits mid-animation and Stop leave things
consistent.  Driven through the bar's real buttons and keys."""
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from test_explore_pipeline import click
from xo_gui.model.lab import LabModel


def shown_map(explore, layer, feature):
    """The animated map as the pipeline draws it (NaN: not filled yet)."""
    item, offset = explore.pipeline.stage_item(layer, feature)
    cols = explore.model.trace[layer].output.shape[2]
    return item.image[:, offset:offset + cols]


def press(bar, key):
    QTest.mouseClick(bar.buttons[key], Qt.MouseButton.LeftButton)


def play_to_the_end(qtbot, bar):
    with qtbot.waitSignal(bar.animation.finished, timeout=60000):
        press(bar, "play")


@pytest.fixture
def bar(explore):
    explore.animation_bar.animation.set_interval(0)      # as fast as the window draws
    return explore.animation_bar


def test_play_fills_the_feature_map_cell_by_cell_and_ends_with_the_engines_map(
        qtbot, explore, bar):
    anim = bar.animation
    filled = []
    anim.changed.connect(lambda: filled.append(
        int(np.isfinite(shown_map(explore, 0, 0)).sum()) if anim.active else None))
    assert bar.map_box.currentText() == "conv1: feature map of down-diagonal"
    play_to_the_end(qtbot, bar)
    steps = [n for n in filled if n is not None]
    assert steps[0] == 0 and steps[-1] == 49
    assert steps == sorted(steps) and set(range(50)) <= set(steps)    # one cell at a time
    np.testing.assert_allclose(shown_map(explore, 0, 0), explore.model.trace[0].output[0])
    assert explore.model.explained.at == (0, (0, 6, 6))
    assert "row 7, column 7" in explore.explanation.text()
    assert "cell 49 of 49" in bar.progress.text()
    assert not anim.playing and bar.stop_action.isEnabled()     # paused on the full map


def test_after_k_steps_the_map_shows_exactly_its_first_k_cells(explore, bar):
    trace = explore.model.trace[0].output[1]
    bar.map_box.activated.emit(1)                        # the centre cross's map
    for _ in range(10):
        press(bar, "forward")
    shown = shown_map(explore, 0, 1)
    first = np.arange(49).reshape(7, 7) < 10
    np.testing.assert_array_equal(np.isfinite(shown), first)
    np.testing.assert_allclose(shown[first], trace[first])
    assert explore.model.explained.at == (0, (1, 1, 2))          # the tenth cell
    assert "centre cross, row 2, column 3" in explore.explanation.text()
    assert "cell 10 of 49" in explore.explanation.text()
    assert explore.editor.grid.highlight == ((1, 4), (2, 5))       # the patch under it
    press(bar, "back")
    assert np.isfinite(shown_map(explore, 0, 1)).sum() == 9
    assert explore.model.explained.at == (0, (1, 1, 1))
    assert explore.editor.grid.highlight == ((1, 4), (1, 4))
    press(bar, "forward")
    press(bar, "forward")
    assert explore.model.explained.at == (0, (1, 1, 3))
    assert "row 2, column 4" in explore.explanation.text()


def test_pooling_window_slides_over_the_relu_map(qtbot, explore, bar):
    pipeline = explore.pipeline
    pool = pipeline.blocks[0].bands[0]["pool"]
    click(pipeline, pool, 1, 1)                # pinning a pooled cell chooses its map
    assert bar.map_box.currentText() == "pool1: max-pooled map of down-diagonal"
    for _ in range(5):
        press(bar, "forward")
    assert np.isfinite(shown_map(explore, 2, 0)).sum() == 5
    assert explore.model.explained.at == (2, (0, 1, 0))
    assert "maximum = " in explore.explanation.text()
    assert pipeline.highlighted()[0] is pipeline.blocks[0].bands[0]["relu"]
    play_to_the_end(qtbot, bar)
    np.testing.assert_allclose(shown_map(explore, 2, 0), explore.model.trace[2].output[0])
    assert "pad 0" in explore.explanation.text()        # the last window hangs over the edge


def test_choosing_another_map_mid_animation_starts_it_over(explore, bar):
    bar.animation.set_interval(60000)         # no tick during the test
    for _ in range(4):
        press(bar, "forward")
    press(bar, "play")
    index = bar.map_box.findText("pool1: max-pooled map of up-diagonal")
    bar.map_box.activated.emit(index)
    anim = bar.animation
    assert (anim.layer, anim.feature, anim.step) == (2, 2, 0) and anim.playing
    assert np.isfinite(shown_map(explore, 2, 2)).sum() == 0
    np.testing.assert_allclose(shown_map(explore, 0, 0), explore.model.trace[0].output[0])
    press(bar, "forward")
    assert explore.model.explained.at == (2, (2, 0, 0))


def test_a_feature_edit_mid_animation_keeps_it_going_on_the_new_trace(qtbot, explore, bar):
    pipeline, model = explore.pipeline, explore.model
    for _ in range(12):
        press(bar, "forward")
    click(pipeline, pipeline.blocks[0].kernels[0], 0, 0)      # flip a feature pixel
    new = model.trace[0].output[0]
    shown = shown_map(explore, 0, 0)
    assert np.isfinite(shown).sum() == 12
    np.testing.assert_allclose(shown.ravel()[:12], new.ravel()[:12])
    assert bar.animation.active and model.explained.at == (0, (0, 1, 4))
    play_to_the_end(qtbot, bar)
    np.testing.assert_allclose(shown_map(explore, 0, 0), new)
    model.undo_stack.undo()                                  # the full map follows the undo
    np.testing.assert_allclose(shown_map(explore, 0, 0), model.trace[0].output[0])


def test_another_network_mid_animation_stops_it_cleanly(explore, bar):
    model = explore.model
    for _ in range(5):
        press(bar, "forward")
    press(bar, "play")
    assert bar.animation.playing
    explore.editor.sizeChosen.emit(12)                       # the grid size box
    assert model.grid_size == 12
    anim = bar.animation
    assert not anim.active and not anim.playing
    np.testing.assert_allclose(shown_map(explore, 0, 0), model.trace[0].output[0])
    assert shown_map(explore, 0, 0).shape == (10, 10)
    assert not bar.stop_action.isEnabled() and bar.progress.text() == ""
    assert bar.map_box.isEnabled() and bar.map_box.count() == 6
    press(bar, "forward")                                    # and it animates the new map
    assert np.isfinite(shown_map(explore, 0, 0)).sum() == 1


def test_stop_restores_the_normal_view(explore, bar):
    pipeline, model = explore.pipeline, explore.model
    conv = pipeline.blocks[0].bands[0]["conv"]
    click(pipeline, conv, 3, 4)
    before = model.explained.at
    for _ in range(20):
        press(bar, "forward")
    assert pipeline._frame.isVisible()
    press(bar, "stop")
    assert not bar.animation.active
    np.testing.assert_allclose(shown_map(explore, 0, 0), model.trace[0].output[0])
    assert model.explained.at == before and model.explained.pinned
    assert "animation" not in explore.explanation.text()
    assert "pinned" in explore.explanation.text()
    assert not pipeline._frame.isVisible()


def test_space_plays_and_pauses_only_while_animating(explore, bar):
    pipeline, model = explore.pipeline, explore.model
    bar.animation.set_interval(60000)         # no tick during the test: only keys count
    pipeline.setFocus()
    QTest.keyClick(pipeline, Qt.Key.Key_Space)           # not animating: Space pins
    assert not bar.animation.active and model.explained.pinned
    QTest.keyClick(pipeline, Qt.Key.Key_Period)          # "." starts, one cell
    assert bar.animation.active and bar.animation.step == 1
    QTest.keyClick(pipeline, Qt.Key.Key_Space)
    assert bar.animation.playing and bar.play_action.text() == "Pause"
    QTest.keyClick(pipeline, Qt.Key.Key_Space)
    assert not bar.animation.playing and bar.play_action.text() == "Play"
    QTest.keyClick(pipeline, Qt.Key.Key_Comma)
    assert bar.animation.step == 0 and not bar.back_action.isEnabled()
    assert "(Space plays and pauses" in bar.play_action.toolTip()
    assert "(.)" in bar.forward_action.toolTip() and "(,)" in bar.back_action.toolTip()


def test_the_animation_survives_a_language_switch(main_window):
    bar = main_window.explore.animation_bar
    for _ in range(3):
        press(bar, "forward")
    main_window.set_language("zh_CN")
    try:
        new = main_window.explore.animation_bar
        assert new is not bar and new.animation.step == 3
        assert np.isfinite(shown_map(main_window.explore, 0, 0)).sum() == 3
        assert "3" in new.progress.text() and new.stop_action.isEnabled()
    finally:
        main_window.set_language("en")


def test_the_model_refuses_what_cannot_be_animated(qapp):
    lab = LabModel()
    try:
        anim = lab.animation
        anim.choose(1, 0)                     # a ReLU map: no window slides over it
        anim.choose(0, 7)                     # no eighth feature
        assert anim.target == (0, 0)
        anim.step_back()
        anim.seek(5)
        assert not anim.active
        anim.step_forward()
        anim.seek(1000)
        assert anim.step == anim.total == 49
        anim.step_forward()
        assert anim.step == 49
    finally:
        lab.training.shutdown()


def test_a_deep_network_animates_its_second_block_across_bands(qtbot, explore, bar):
    from helpers import show_network
    from xo_gui.engine.network import build_network
    model = explore.model
    show_network(model, build_network(12, (3, 10), (3, 2), 2, 1, pool="avg", seed=2))
    conv2 = next(i for i, name in enumerate(model.network.names) if name == "conv2")
    index = bar.map_box.findText("conv2: feature map of feature 10")
    assert index >= 0
    bar.map_box.activated.emit(index)
    press(bar, "forward")
    assert model.explained.at == (conv2, (9, 0, 0))
    pooled = explore.pipeline.blocks[0].bands[0]["pool"]
    assert pooled in explore.pipeline.highlighted()        # its patch: every pooled map
    bar.animation.seek(45)                    # a big scene: only the last cells are played
    play_to_the_end(qtbot, bar)
    np.testing.assert_allclose(shown_map(explore, conv2, 9), model.trace[conv2].output[9],
                               rtol=1e-6)
    bar.map_box.activated.emit(bar.map_box.findText("pool2: average-pooled map of feature 1"))
    bar.animation.seek(45)
    play_to_the_end(qtbot, bar)
    np.testing.assert_allclose(shown_map(explore, conv2 + 2, 0),
                               model.trace[conv2 + 2].output[0], rtol=1e-6)
    assert "mean = " in explore.explanation.text()


def test_a_network_without_maps_has_nothing_to_animate(explore, bar):
    from helpers import show_network
    from xo_gui.engine.network import build_network
    show_network(explore.model, build_network(9, blocks=0, hidden=(4,), seed=1))
    assert bar.map_box.count() == 0 and not bar.map_box.isEnabled()
    assert not bar.play_action.isEnabled() and not bar.forward_action.isEnabled()
    bar.animation.play()                      # from code: nothing happens either
    assert not bar.animation.active
