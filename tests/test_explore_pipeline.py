"""Pipeline, explanation and votes, driven through real mouse events on the maps."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from helpers import show_network
from xo_gui.engine.classic import CLASSIC_FEATURES
from xo_gui.tools.screenshot import render_screenshot


def view_point(pipeline, item, r, c):
    """Widget coordinates of cell (r, c) of a map item."""
    scene = item.mapToScene(QPointF(c + 0.5, r + 0.5))
    return pipeline.mapFromScene(scene)


def hover(pipeline, item, r, c):
    # pyqtgraph drops mouse moves closer together than its rate limit; a test moves much
    # faster than a hand, so let this move through.
    pipeline.scene()._lastMoveEventTime = 0
    QTest.mouseMove(pipeline.viewport(), view_point(pipeline, item, r, c))


def click(pipeline, item, r, c):
    QTest.mouseClick(pipeline.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, view_point(pipeline, item, r, c))


def test_maps_show_the_trace(explore):
    block = explore.pipeline.blocks[0]
    trace = explore.model.trace
    conv = block.bands[0]["conv"].image
    pitch = block.bands[0]["conv"].pitch
    for f in range(3):
        np.testing.assert_allclose(conv[:, f * pitch:f * pitch + 7], trace[0].output[f])
    np.testing.assert_allclose(block.bands[0]["pool"].image[:, :4], trace[2].output[0])
    assert block.bands[0]["conv"].image[0, 0] == pytest.approx(7 / 9)
    np.testing.assert_allclose(explore.pipeline.values.image[:, 0], trace[3].output)


def test_hover_on_the_corner_of_the_down_diagonal_map_explains_seven_ninths(explore):
    pipeline = explore.pipeline
    hover(pipeline, pipeline.blocks[0].bands[0]["conv"], 0, 0)
    text = explore.explanation.text()
    assert "down-diagonal" in text and "row 1, column 1" in text
    assert "7 / 9 = 0.78" in text
    assert explore.editor.grid.highlight == ((0, 3), (0, 3))   # the input patch


def test_hover_on_pooled_cell_shows_the_window_and_highlights_relu_map(explore):
    pipeline = explore.pipeline
    hover(pipeline, pipeline.blocks[0].bands[0]["pool"], 3, 3)
    text = explore.explanation.text()
    assert "maximum = " in text and "pad 0" in text
    assert len(pipeline.highlighted()) == 2              # the window, and the cell itself
    assert pipeline.highlighted()[0] is pipeline.blocks[0].bands[0]["relu"]
    assert pipeline.highlighted()[1] is pipeline.blocks[0].bands[0]["pool"]


def test_click_pins_and_votes_explain_value_times_weight(explore):
    pipeline = explore.pipeline
    click(pipeline, pipeline.weights, 0, 0)           # the weights column of X
    text = explore.explanation.text()
    assert "Votes for X" in text and "Softmax" in text
    hover(pipeline, pipeline.blocks[0].bands[0]["relu"], 2, 2)
    assert "Votes for X" in explore.explanation.text()  # pinned: hover does not replace it
    hover(pipeline, pipeline.values, 5, 0)
    click(pipeline, pipeline.weights, 0, 0)            # unpin
    hover(pipeline, pipeline.values, 6, 0)
    assert "Flattened value #7" in explore.explanation.text()


def test_clicking_a_feature_pixel_flips_it_and_updates_maps_then_reset(explore):
    pipeline, model = explore.pipeline, explore.model
    kernel = pipeline.blocks[0].kernels[0]
    hover(pipeline, kernel, 0, 1)
    assert "pixel row 1, column 2" in explore.explanation.text()
    assert "Value <b>-1.00</b>" in explore.explanation.text()
    before = pipeline.blocks[0].bands[0]["conv"].image.copy()
    scores = model.scores.copy()
    click(pipeline, kernel, 0, 1)
    assert model.network.layers[0].params["weight"][0, 0, 0, 1] == 1.0
    assert kernel.image[0, 1] == 1.0
    assert not np.array_equal(pipeline.blocks[0].bands[0]["conv"].image, before, equal_nan=True)
    assert not np.array_equal(model.scores, scores)
    explore.reset_button.click()
    np.testing.assert_array_equal(model.network.layers[0].params["weight"], CLASSIC_FEATURES)
    np.testing.assert_array_equal(pipeline.blocks[0].bands[0]["conv"].image, before)


def test_show_numbers_toggles_the_printed_values(main_window):
    item = main_window.explore.pipeline.blocks[0].bands[0]["conv"]
    assert item.numbers.shown
    main_window.show_numbers.trigger()
    assert not item.numbers.shown


def test_two_block_network_builds_and_explains(explore, qapp):
    from xo_gui.engine.network import build_network
    from xo_gui.engine.data import preset
    net = build_network(28, (8, 16), (5,), 2, 2)
    show_network(explore.model, net, preset("x", 28), "test")
    qapp.processEvents()                                # the view lays out the new scene
    pipeline = explore.pipeline
    assert len(pipeline.blocks) == 2
    assert pipeline.blocks[1].bands[0]["conv"].image.shape[0] == 8
    hover(pipeline, pipeline.blocks[1].bands[0]["conv"], 0, 0)
    assert "over 8 maps" not in explore.explanation.text()
    assert "/ 200 =" in explore.explanation.text()
    assert len(pipeline.highlighted()) == 8 + 1          # the patch in each of 8 pooled maps
    assert not explore.reset_button.isEnabled()


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_window_starts_and_closes_without_warnings(qtbot):
    from xo_gui.gui.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.close()


def test_screenshot_is_a_non_blank_png_of_the_right_size(tmp_path, qapp):
    out = tmp_path / "shot.png"
    render_screenshot(str(out), preset="o-shifted", size=(1000, 700))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    colours = {image.pixel(x, y) for x in range(0, 1000, 25) for y in range(0, 700, 25)}
    assert len(colours) > 20


def test_screenshot_with_a_bad_model_raises_a_clear_error(tmp_path, qapp):
    from xo_gui.engine.errors import FileFormatError
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"garbage")
    with pytest.raises(FileFormatError):
        render_screenshot(str(tmp_path / "x.png"), model_path=str(bad))
    assert not (tmp_path / "x.png").exists()


def test_any_layer_order_is_drawn(explore, qapp):
    from xo_gui.engine.layers import Conv2D, Flatten, Linear, MaxPool, ReLU
    from xo_gui.engine.network import Network, initialize
    layers = [Conv2D(2, 1, 3), MaxPool(2, 2), Conv2D(3, 2, 2), ReLU(), Flatten(), Linear(27, 2)]
    net = Network(layers, (1, 9, 9))
    initialize(net, 1)
    show_network(explore.model, net, explore.model.image, "odd.npz")
    qapp.processEvents()
    blocks = explore.pipeline.blocks
    assert [sorted(b.bands[0]) for b in blocks] == [["conv", "pool"], ["conv", "relu"]]
    np.testing.assert_allclose(blocks[1].bands[0]["relu"].image[:, :3],
                               explore.model.trace[3].output[0])
    hover(explore.pipeline, blocks[1].bands[0]["conv"], 0, 0)
    assert "/ 8 =" in explore.explanation.text()


def _labels(pipeline):
    """(text, pixel height of its font, its box in the view's pixels) of every label."""
    from PySide6.QtWidgets import QGraphicsSimpleTextItem
    ppu = 1 / pipeline.view.viewPixelSize()[1]
    view_box = pipeline.view.sceneBoundingRect()
    out = []
    for item in pipeline._items:
        if isinstance(item, QGraphicsSimpleTextItem):
            out.append((item.text(), 40 * item.scale() * ppu,
                        view_box.contains(item.sceneBoundingRect())))
    return out


@pytest.mark.parametrize("hidden", [(), (16,), (12, 8)])
def test_big_networks_keep_labels_readable_and_hidden_layers_are_summarized(
        explore, qapp, hidden):
    from xo_gui.engine.data import preset
    from xo_gui.engine.network import build_network
    net = build_network(28, (8, 16), (5,), 2, 2, hidden)
    show_network(explore.model, net, preset("x", 28), "test")
    qapp.processEvents()
    labels = _labels(explore.pipeline)
    small = [(text, round(px, 1)) for text, px, _ in labels if px < 8]
    clipped = [text for text, _, inside in labels if not inside]
    assert small == [] and clipped == []
    texts = " ".join(text for text, _, _ in labels)
    assert "256 values" in texts
    if hidden:
        sizes = " → ".join(map(str, hidden))
        assert f"hidden layer{'s' if len(hidden) > 1 else ''} ({sizes})" in texts
        assert "votes chart" in texts and f"weights → {hidden[0]} neurons" in texts
        assert explore.pipeline.weights.sceneBoundingRect().width() <= \
            explore.pipeline.values.sceneBoundingRect().width() * 5
    else:
        assert "hidden" not in texts


def test_the_tutorial_network_labels_keep_their_size(explore):
    labels = _labels(explore.pipeline)
    assert all(inside for _, _, inside in labels)
    assert min(px for _, px, _ in labels) > 10 and explore.pipeline._label_scale == 1.0


def test_start_up_shows_the_tutorial_corner_until_the_user_points_elsewhere(explore):
    pipeline, panel = explore.pipeline, explore.explanation
    text = panel.text()
    assert "down-diagonal" in text and "row 1, column 1" in text and "7 / 9 = 0.78" in text
    assert "Point at any cell" in panel.hint.text() and panel.hint.isVisible()
    assert explore.editor.grid.highlight == ((0, 3), (0, 3))     # the patch, as a click
    conv = pipeline.blocks[0].bands[0]["conv"]
    assert pipeline.highlighted() == [conv]   # the cell marked
    hover(pipeline, pipeline.blocks[0].bands[0]["relu"], 2, 2)
    assert "ReLU map" in panel.text() and "7 / 9" not in panel.text()


def test_the_example_follows_the_network(explore, qapp):
    from xo_gui.engine.data import preset
    from xo_gui.engine.network import build_network
    show_network(explore.model, build_network(9, (4,), (3,), 2, 2), preset("x", 9), "t.npz")
    assert "Where does" not in explore.explanation.text() and "/ 9 =" not in \
        explore.explanation.text() and explore.editor.grid.highlight is None
    explore.window().use_tutorial_network()
    assert "7 / 9 = 0.78" in explore.explanation.text()


@pytest.mark.parametrize("channels", [1, 2, 3, 8, 10])
def test_channel_grid_puts_every_weight_where_its_pixel_says(channels):
    from xo_gui.gui.widgets.colors import channel_grid, channel_grid_pixel
    kernel = np.random.default_rng(channels).uniform(-1, 1, (channels, 3, 3)).astype(np.float32)
    grid = channel_grid(kernel)
    assert abs(grid.shape[0] - grid.shape[1]) <= 4               # nearly square, not a strip
    rows, cols = np.nonzero(np.isfinite(grid))
    seen = {channel_grid_pixel(channels, 3, r, c) for r, c in zip(rows, cols)}
    assert seen == {(ch, r, c) for ch in range(channels) for r in range(3) for c in range(3)}
    for r, c in zip(rows, cols):
        assert grid[r, c] == kernel[channel_grid_pixel(channels, 3, r, c)]


def test_multi_channel_features_are_grids_whose_pixels_hover_and_flip(explore, qapp):
    from xo_gui.engine.data import preset
    from xo_gui.engine.network import build_network
    show_network(explore.model, build_network(28, (8, 16), (5,), 2, 2), preset("x", 28), "t")
    qapp.processEvents()
    pipeline = explore.pipeline
    kernel = pipeline.blocks[1].kernels[2]
    assert kernel.image.shape == (17, 17)                       # 3 × 3 slices of 5 × 5
    cell_px = kernel.sceneBoundingRect().height() / 17 / pipeline.view.viewPixelSize()[1]
    assert cell_px >= 2.5                                        # a strip gave about 1 px
    weight = lambda: explore.model.network.layers[3].params["weight"]  # noqa: E731
    before = float(weight()[2, 4, 2, 3])                         # map 5: grid row 1, col 1
    hover(pipeline, kernel, 8, 9)
    text = explore.explanation.text()
    assert "Feature 3, input map 5, pixel row 3, column 4" in text and f"{before:+.2f}" in text
    click(pipeline, kernel, 8, 9)
    assert weight()[2, 4, 2, 3] == (-1.0 if before > 0 else 1.0)
    assert kernel.image[8, 9] == weight()[2, 4, 2, 3]
