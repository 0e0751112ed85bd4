"""The tutorial's numbers come out of the engine exactly (README, "How the engine is built")."""
from __future__ import annotations

import numpy as np
import pytest

from xo_gui.engine.classic import CLASSIC_FEATURES, classic_network
from xo_gui.engine.data import PRESETS, canonical, preset, preset_label
from xo_gui.engine.losses import error_table

DOWN, CROSS, UP = 0, 1, 2


def inline_x() -> np.ndarray:
    """The tutorial's X: +1 where 1 <= r <= 7 and (c = r or c = 8 - r); everything else -1."""
    return np.array([[1.0 if 1 <= r <= 7 and (c == r or c == 8 - r) else -1.0
                      for c in range(9)] for r in range(9)])


def inline_o() -> np.ndarray:
    rows = """.........
              ...###...
              ..#...#..
              .#.....#.
              .#.....#.
              .#.....#.
              ..#...#..
              ...###...
              .........""".split()
    return np.array([[1.0 if ch == "#" else -1.0 for ch in row] for row in rows])


def shifted(image: np.ndarray, dr: int, dc: int) -> np.ndarray:
    """Move the letter by one pixel; background fills the vacated edge."""
    out = -np.ones_like(image)
    h, w = image.shape
    out[max(dr, 0):h + min(dr, 0), max(dc, 0):w + min(dc, 0)] = \
        image[max(-dr, 0):h + min(-dr, 0), max(-dc, 0):w + min(-dc, 0)]
    return out


@pytest.fixture(scope="module")
def trace():
    return {t.name: t.output.astype(np.float64) for t in classic_network().trace(canonical("X"))}


def assert_ninths(values: np.ndarray) -> None:
    assert np.allclose(values * 9, np.round(values * 9), atol=1e-5), values * 9


def test_canonical_letters_match_the_brief():
    np.testing.assert_array_equal(canonical("X"), inline_x())
    np.testing.assert_array_equal(canonical("O"), inline_o())


def test_classic_features_are_the_tutorials():
    np.testing.assert_array_equal(CLASSIC_FEATURES[:, 0], [
        [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]],
        [[1, -1, 1], [-1, 1, -1], [1, -1, 1]],
        [[-1, -1, 1], [-1, 1, -1], [1, -1, -1]]])
    net = classic_network()
    np.testing.assert_array_equal(net.layers[0].params["weight"], CLASSIC_FEATURES)
    np.testing.assert_array_equal(net.layers[0].params["bias"], 0)
    assert [t.name for t in net.trace(canonical("X"))] == ["conv1", "relu1", "pool1", "flatten", "fc1"]


def loop_feature_map(image: np.ndarray, feature: np.ndarray) -> np.ndarray:
    k = feature.shape[0]
    n = image.shape[0] - k + 1
    return np.array([[(image[r:r + k, c:c + k] * feature).sum() / feature.size
                      for c in range(n)] for r in range(n)])


def test_feature_maps_are_the_tutorials(trace):
    maps = trace["conv1"]
    assert maps.shape == (3, 7, 7)
    assert_ninths(maps)
    down = maps[DOWN]
    # The tutorial's slides: 0.77 in the corner, 1.00 along the diagonal, -0.11, 0.33, 0.55.
    assert down[0, 0] == pytest.approx(7 / 9)
    assert down[6, 6] == pytest.approx(7 / 9)
    assert down[3, 3] == pytest.approx(5 / 9)        # the centre: the two strokes cross
    for i in (1, 2, 4, 5):
        assert down[i, i] == pytest.approx(1.0)
    assert down[0, 1] == pytest.approx(-1 / 9)
    assert down[0, 3] == pytest.approx(3 / 9)
    assert down[0, 4] == pytest.approx(5 / 9)
    np.testing.assert_allclose(down * 9, [
        [7, -1, 1, 3, 5, -1, 3],
        [-1, 9, -1, 3, -1, 1, -1],
        [1, -1, 9, -3, 1, -1, 5],
        [3, 3, -3, 5, -3, 3, 3],
        [5, -1, 1, -3, 9, -1, 1],
        [-1, 1, -1, 3, -1, 9, -1],
        [3, -1, 5, 3, 1, -1, 7]], atol=1e-5)
    # The X is symmetric: the up-diagonal map is the down-diagonal map mirrored.
    np.testing.assert_allclose(maps[UP], down[:, ::-1], atol=1e-6)
    # The centre cross matches perfectly where the two diagonals cross.
    assert maps[CROSS][3, 3] == pytest.approx(1.0)
    assert maps[CROSS].max() == pytest.approx(1.0)
    for f in range(3):
        np.testing.assert_allclose(maps[f], loop_feature_map(inline_x(), CLASSIC_FEATURES[f, 0]),
                                   atol=1e-6)


def test_relu_maps(trace):
    np.testing.assert_allclose(trace["relu1"], np.maximum(trace["conv1"], 0))
    assert (trace["relu1"] >= 0).all()
    assert trace["relu1"][DOWN][0, 1] == 0            # -0.11 -> 0
    assert trace["relu1"][DOWN][0, 0] == pytest.approx(7 / 9)
    assert_ninths(trace["relu1"])


def test_pooled_maps(trace):
    pooled = trace["pool1"]
    assert pooled.shape == (3, 4, 4)
    assert_ninths(pooled)
    np.testing.assert_allclose(pooled[DOWN] * 9, [
        [9, 3, 5, 3],
        [3, 9, 3, 5],
        [5, 3, 9, 1],
        [3, 5, 1, 7]], atol=1e-5)
    np.testing.assert_allclose(pooled[DOWN], [
        [1, .33, .56, .33], [.33, 1, .33, .56], [.56, .33, 1, .11], [.33, .56, .11, 7 / 9]],
        atol=0.01)
    # (No mirror symmetry here: the padding sits on the right and bottom edges only.)
    np.testing.assert_allclose(pooled[UP] * 9, [
        [3, 5, 9, 7], [5, 5, 9, 3], [9, 9, 1, 5], [7, 3, 5, 3]], atol=1e-5)
    # Each pooled value is the maximum of its 2x2 window of the ReLU map (edge padded by 0).
    relu = np.pad(trace["relu1"], ((0, 0), (0, 1), (0, 1)))
    expected = relu.reshape(3, 4, 2, 4, 2).max(axis=(2, 4))
    np.testing.assert_allclose(pooled, expected, atol=1e-7)
    np.testing.assert_allclose(trace["flatten"], pooled.reshape(-1))


def test_votes_are_weighted_sums(trace):
    net = classic_network()
    w, b = net.layers[4].params["weight"], net.layers[4].params["bias"]
    np.testing.assert_allclose(trace["fc1"], w @ trace["flatten"] + b, rtol=1e-6)
    assert trace["fc1"][0] > trace["fc1"][1]


LETTERS = {"X": (0, inline_x), "O": (1, inline_o)}
SHIFTS = {"none": (0, 0), "up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}


@pytest.mark.parametrize("shift", SHIFTS)
@pytest.mark.parametrize("letter", LETTERS)
def test_classic_network_classifies_canonical_and_shifted(letter, shift):
    label, make = LETTERS[letter]
    image = shifted(make(), *SHIFTS[shift])
    if shift != "none":
        assert not np.array_equal(image, make())
    scores = classic_network().scores(image[None])[0]
    assert scores.argmax() == label, scores


@pytest.mark.parametrize("name", PRESETS)
def test_classic_network_classifies_9x9_presets(name):
    assert classic_network().predict(preset(name, 9)[None])[0] == preset_label(name)


def test_error_table_reproduces_the_tutorials_arithmetic():
    """The tutorial's table for an X scored (0.92, 0.51).

    Its X row is 1, 0.92, 0.08.  Its slide prints 0.49 as O's error and 0.57 as the total,
    but |0 - 0.51| = 0.51: an arithmetic slip on the slide (0.49 = 1 - 0.51).  The engine
    computes the table the way the tutorial defines it, |right - actual|, summed."""
    rows, total = error_table(np.array([0.92, 0.51]), 0, ("X", "O"))
    assert [r.name for r in rows] == ["X", "O"]
    assert [r.right for r in rows] == [1.0, 0.0]
    assert [r.actual for r in rows] == pytest.approx([0.92, 0.51])
    assert [r.error for r in rows] == pytest.approx([0.08, 0.51])
    assert total == pytest.approx(0.59)
    assert total == pytest.approx(sum(r.error for r in rows))
    # An O image: the right answers swap.
    rows, total = error_table(np.array([0.92, 0.51]), 1, ("X", "O"))
    assert [r.right for r in rows] == [0.0, 1.0]
    assert [r.error for r in rows] == pytest.approx([0.92, 0.49])
    assert total == pytest.approx(1.41)


def test_error_table_total_is_the_tutorial_loss():
    from xo_gui.engine.losses import tutorial_error
    scores = np.array([[0.92, 0.3], [0.51, 0.7]])
    for label in (0, 1):
        _, total = error_table(scores[:, 0], label, ("X", "O"))
        loss, _ = tutorial_error(scores[:, :1], np.array([label]))
        assert loss == pytest.approx(total)
