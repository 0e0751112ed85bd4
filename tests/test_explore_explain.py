"""The explanation panel's loop arithmetic agrees with the fast engine, cell by cell."""
import itertools

import numpy as np
import pytest

from xo_gui.engine.classic import classic_network
from xo_gui.engine.data import canonical, preset
from xo_gui.engine.errors import ConfigError
from xo_gui.engine.explain import ConvCell, PoolCell, VoteCell, explain, pixel_match
from xo_gui.engine.network import build_network


def _check_every_cell(net, image):
    trace = net.trace(image)
    for layer, step in enumerate(trace):
        for cell in itertools.product(*(range(s) for s in step.output.shape)):
            got = explain(net, image, trace, layer, cell).result
            assert got == pytest.approx(float(step.output[cell]), abs=1e-5), (layer, cell)


def test_classic_network_every_cell_matches_engine():
    net = classic_network()
    for name in ("x", "o-shifted", "x-noisy"):
        _check_every_cell(net, preset(name))


def test_deep_network_with_hidden_layer_and_overlapping_pools():
    net = build_network(12, (3, 4), (3, 2), 3, 2, hidden=(5,), seed=3)
    image = np.random.default_rng(0).uniform(-1, 1, (12, 12)).astype(np.float32)
    _check_every_cell(net, image)
    avg = build_network(9, (2,), (3,), 2, 2, pool="avg", seed=1)
    _check_every_cell(avg, image[:9, :9])


def test_tutorial_corner_is_seven_ninths():
    net, image = classic_network(), canonical("X", 9)
    cell = explain(net, image, net.trace(image), 0, (0, 0, 0))
    assert isinstance(cell, ConvCell)
    assert cell.total == 7 and cell.divisor == 9
    assert cell.result == pytest.approx(7 / 9)
    assert cell.region.rows == (0, 3) and cell.region.cols == (0, 3) and cell.region.stage == -1
    assert (cell.products == -1).sum() == 1 and (cell.products == 1).sum() == 8


def test_pool_window_marks_padding_at_the_edge():
    net, image = classic_network(), canonical("X", 9)
    cell = explain(net, image, net.trace(image), 2, (0, 3, 3))
    assert isinstance(cell, PoolCell)
    assert cell.padding.tolist() == [[False, True], [True, True]]
    assert cell.region.rows == (6, 8)


def test_votes_sum_and_softmax():
    net, image = classic_network(), canonical("X", 9)
    trace = net.trace(image)
    cell = explain(net, image, trace, 4, (0,))
    assert isinstance(cell, VoteCell) and cell.name == "X"
    assert cell.contributions.sum() + cell.bias == pytest.approx(cell.result)
    assert cell.probabilities.sum() == pytest.approx(1.0)
    assert cell.probabilities[0] > 0.5


def test_bad_cells_are_refused():
    net, image = classic_network(), canonical("X", 9)
    with pytest.raises(ConfigError):
        explain(net, image, net.trace(image), 0, (3, 0, 0))
    with pytest.raises(ConfigError):
        explain(net, image, net.trace(image), 9, (0,))


def test_pixel_match_fails_on_shifted_x():
    x = canonical("X", 9)
    assert pixel_match(x, x) == 1.0
    shifted = preset("x-shifted")
    assert pixel_match(shifted, x) < pixel_match(x, x)
    assert pixel_match(shifted, x) < 0.75          # one column over: a third of the pixels differ
