"""The application model's Explore intents, without any widget."""
import numpy as np
import pytest

from xo_gui.engine.classic import CLASSIC_FEATURES
from xo_gui.engine.data import canonical, preset
from xo_gui.engine.errors import ConfigError
from xo_gui.engine.network import build_network
from xo_gui.gui.app_model import AppModel


def test_grid_size_rebuilds_the_tutorial_network(qapp):
    model = AppModel()
    events = []
    model.networkChanged.connect(lambda: events.append("network"))
    model.traceChanged.connect(lambda: events.append("trace"))
    model.set_grid_size(15, preset("o", 15))
    assert model.grid_size == 15 and model.network.image_size == (15, 15)
    assert model.prediction == "O"
    assert events == ["network", "trace"]
    model.set_grid_size(11)
    np.testing.assert_array_equal(model.image, canonical("X", 11))


def test_trained_network_keeps_its_size(qapp):
    model = AppModel()
    model.set_network(build_network(9, (2,), (3,)), "trained.npz")
    assert not model.resizable
    with pytest.raises(ConfigError, match="9x9"):
        model.set_grid_size(12)
    assert model.grid_size == 9


def test_reset_features_after_an_edit(qapp):
    model = AppModel()
    state = model.network.state_dict()
    state["layers.0.weight"][0, 0, 1, 1] = -1
    model.set_weights(state)
    edited = model.trace[0].output[0].copy()
    model.reset_features()
    np.testing.assert_array_equal(model.network.layers[0].params["weight"], CLASSIC_FEATURES)
    assert model.trace[0].output[0, 0, 0] == pytest.approx(7 / 9)
    assert not np.allclose(edited, model.trace[0].output[0])
    model.set_network(build_network(9, (4,), (3,)), "other")
    with pytest.raises(ConfigError):
        model.reset_features()
