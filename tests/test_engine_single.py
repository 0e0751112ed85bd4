"""The one-image path (engine/single.py) gives what the batch path gives."""
import numpy as np
import pytest

from xo_gui.engine.layers import AvgPool, Conv2D, Flatten, Linear, MaxPool, ReLU
from xo_gui.engine.network import Network, build_network


def _batch_scores(net, images):
    """Scores by the batch path: the images among others, so no one-image shortcut."""
    rng = np.random.default_rng(1)
    others = rng.uniform(-1, 1, (3, *np.shape(images)[1:])).astype(np.float32)
    return net.scores(np.concatenate([images, others]))[:1]


CASES = [
    dict(input_size=9),
    dict(input_size=9, features=(3,), pool="avg"),
    dict(input_size=7, features=(4,), pool_size=2),           # 5x5 maps: padded windows
    dict(input_size=12, features=(4, 6), feature_sizes=(3, 2), pool_size=3, pool_stride=2),
    dict(input_size=13, features=(5,), pool_size=2, pool_stride=3),   # gaps between windows
    dict(input_size=28, features=(8, 16), feature_sizes=(5,), pool_size=2, pool_stride=2),
    dict(input_size=10, features=(4,), hidden=(6,), classes=("X", "O", "T")),
    dict(input_size=9, blocks=0),
]


@pytest.mark.parametrize("settings", CASES)
def test_one_image_equals_the_batch_path(settings):
    net = build_network(seed=3, **settings)
    for layer in net.layers:                   # biases that are not zero
        if isinstance(layer, Conv2D):
            layer.params["bias"][...] = np.linspace(-0.5, 0.5, layer.features)
    rng = np.random.default_rng(0)
    for _ in range(5):
        image = rng.uniform(-1, 1, (1, *net.image_size)).astype(np.float32)
        one = net.scores(image)
        assert one.shape == (1, len(net.classes))
        np.testing.assert_allclose(one, _batch_scores(net, image), rtol=1e-5, atol=1e-6)
        traced = net.trace(image[0])
        np.testing.assert_allclose(traced[-1].output, one[0], rtol=1e-6, atol=1e-7)
        x = net.to_batch(image)
        for layer, step in zip(net.layers, traced):   # each picture: the layer's forward
            x = layer.forward(x, keep=False)
            np.testing.assert_allclose(step.output, x[..., 0], rtol=1e-5, atol=1e-6)


def test_negative_maps_keep_their_padding_zeros():
    """Max pooling without a ReLU before it: past the edge counts as 0, as in the batch
    path, so an all-negative window pools to 0."""
    layers = [Conv2D(2, 1, 3, normalized=False), MaxPool(2), Flatten(), Linear(18, 2)]
    net = Network(layers, (1, 7, 7))
    layers[0].params["weight"][...] = -1
    layers[3].params["weight"][...] = np.arange(36).reshape(2, 18)
    image = np.ones((1, 7, 7), np.float32)
    np.testing.assert_array_equal(net.scores(image), _batch_scores(net, image))
    assert net.trace(image[0])[1].output[:, -1, -1].tolist() == [0, 0]


def test_channels_four_d_input_and_float64():
    layers = [Conv2D(3, 2, 3), ReLU(), AvgPool(2), Flatten(), Linear(12, 2)]
    net = Network(layers, (2, 6, 6)).astype(np.float64)
    rng = np.random.default_rng(5)
    for layer in (layers[0], layers[4]):
        layer.params["weight"][...] = rng.uniform(-1, 1, layer.params["weight"].shape)
    image = rng.uniform(-1, 1, (1, 2, 6, 6))
    one = net.scores(image)
    assert one.dtype == np.float64
    np.testing.assert_allclose(one, _batch_scores(net, image), rtol=1e-12)


def test_a_copy_plans_its_own_layers_and_weights_changes_show():
    net = build_network(input_size=9, seed=1)
    image = np.random.default_rng(2).uniform(-1, 1, (1, 9, 9)).astype(np.float32)
    before = net.scores(image)
    twin = net.copy()
    twin.layers[-1].params["bias"][...] += 1          # only the copy changes
    np.testing.assert_allclose(twin.scores(image), before + 1, rtol=1e-6)
    np.testing.assert_array_equal(net.scores(image), before)
    net.layers[0].params["weight"][...] *= -1          # in-place changes are seen at once
    np.testing.assert_allclose(net.scores(image), _batch_scores(net, image), rtol=1e-5)


def test_bad_images_are_refused_as_before():
    net = build_network(input_size=9)
    with pytest.raises(Exception, match="9x9"):
        net.scores(np.zeros((1, 8, 8)))
    with pytest.raises(Exception):
        net.scores(np.zeros(1))


def test_a_relu_last_and_max_pooling_first():
    layers = [MaxPool(2), ReLU(), Conv2D(2, 1, 2), Flatten(), Linear(18, 2), ReLU()]
    net = Network(layers, (1, 8, 8))
    rng = np.random.default_rng(7)
    for layer in (layers[2], layers[4]):
        layer.params["weight"][...] = rng.uniform(-1, 1, layer.params["weight"].shape)
    image = rng.uniform(-1, 1, (1, 8, 8)).astype(np.float32)
    np.testing.assert_allclose(net.scores(image), _batch_scores(net, image), rtol=1e-5)
    assert (net.scores(image) >= 0).all()
