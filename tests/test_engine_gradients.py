"""Every layer's backward against central finite differences, in float64.

The checker perturbs every input value and every parameter up and down by ``EPS`` and
compares the change of a random projection of the output, ``sum(G * layer(x))``, with what
backward says.  A negative control shows that the checker catches a wrong gradient.
"""
from __future__ import annotations

import numpy as np
import pytest

from xo_gui.engine.layers import AvgPool, Conv2D, Flatten, Layer, Linear, MaxPool, ReLU
from xo_gui.engine.losses import cross_entropy, tutorial_error
from xo_gui.engine.network import build_network

EPS = 1e-6
TOLERANCE = 1e-6     # relative to the largest gradient; a 1 % error is 10 000 times larger


def numeric_gradient(f, x: np.ndarray, eps: float = EPS) -> np.ndarray:
    """Central differences of the scalar f() with respect to every entry of x (in place)."""
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + eps
        up = f()
        x[index] = old - eps
        down = f()
        x[index] = old
        grad[index] = (up - down) / (2 * eps)
    return grad


def assert_close(name: str, analytic, numeric: np.ndarray) -> None:
    assert analytic is not None, f"{name}: backward gave no gradient"
    analytic = np.asarray(analytic)
    assert analytic.shape == numeric.shape, f"{name}: shape {analytic.shape} != {numeric.shape}"
    scale = max(1.0, float(np.abs(numeric).max()))
    error = float(np.abs(analytic - numeric).max()) / scale
    assert error < TOLERANCE, f"{name}: backprop and finite differences differ by {error:.2e}"


def check_layer(layer: Layer, x: np.ndarray, seed: int = 0) -> None:
    """Assert that backward gives d(input) and d(every parameter) of sum(G * forward(x))."""
    rng = np.random.default_rng(seed)
    layer.astype(np.float64)
    x = np.asarray(x, np.float64)
    out = layer.forward(x.copy())
    g = rng.standard_normal(out.shape)
    dx = layer.backward(g.copy())

    def objective() -> float:
        return float((layer.forward(x, keep=False) * g).sum())

    assert set(layer.grads) == set(layer.params), "a parameter has no gradient"
    analytic = {key: value.copy() for key, value in layer.grads.items()}
    assert_close("input", dx, numeric_gradient(objective, x))
    for key, value in layer.params.items():
        assert_close(key, analytic[key], numeric_gradient(objective, value))


def randomize(layer: Layer, rng: np.random.Generator) -> Layer:
    for value in layer.params.values():
        value[...] = rng.uniform(-1, 1, value.shape)
    return layer


def images(rng, c, h, w, n) -> np.ndarray:
    """Continuous values: no two cells of a window tie, nothing sits on ReLU's kink."""
    return rng.standard_normal((c, h, w, n))


# --- convolution -----------------------------------------------------------------------
@pytest.mark.parametrize("features,channels,size,rows,cols,batch,bias", [
    (1, 1, 3, 9, 9, 1, True),        # the tutorial's shape
    (3, 1, 3, 9, 9, 2, True),
    (2, 3, 2, 6, 7, 3, True),        # several channels, non-square input
    (4, 2, 1, 5, 5, 2, True),        # 1x1 features
    (2, 2, 5, 5, 6, 2, True),        # feature as large as the image
    (3, 2, 4, 8, 6, 1, False),       # no bias
    (1, 4, 3, 4, 4, 3, True),
])
def test_conv_gradients(features, channels, size, rows, cols, batch, bias):
    rng = np.random.default_rng(features * 100 + size)
    conv = randomize(Conv2D(features, channels, size, bias=bias), rng)
    check_layer(conv, images(rng, channels, rows, cols, batch))


def test_conv_unnormalized_gradients():
    rng = np.random.default_rng(1)
    conv = randomize(Conv2D(2, 2, 3, normalized=False), rng)
    check_layer(conv, images(rng, 2, 6, 6, 2))


# --- ReLU, pooling, flatten ------------------------------------------------------------
@pytest.mark.parametrize("shape", [(3, 7, 7, 2), (1, 1, 1, 1), (2, 4, 5, 3)])
def test_relu_gradients(shape):
    rng = np.random.default_rng(2)
    check_layer(ReLU(), rng.standard_normal(shape))


def test_relu_flat_gradients():
    check_layer(ReLU(), np.random.default_rng(3).standard_normal((10, 4)))


POOLS = [
    # (window, stride, rows, cols): non-overlapping, overlapping, gapped, edge padding
    (2, 2, 7, 7),      # the tutorial: 7x7 -> 4x4, last row/col padded
    (2, 2, 8, 8),      # exact fit
    (2, 2, 5, 8),
    (3, 3, 7, 8),      # non-overlapping, padded by 2 / by 1
    (3, 2, 7, 7),      # overlapping, exact fit
    (3, 2, 8, 8),      # overlapping, last window runs off the edge
    (3, 2, 6, 9),
    (2, 3, 8, 8),      # gapped: some cells in no window
    (2, 3, 7, 7),      # gapped and padded
    (2, 3, 9, 9),      # gapped: the cell after the last window is in no window
    (1, 2, 5, 6),
    (1, 1, 4, 4),      # identity
    (4, 1, 5, 5),
    (4, 4, 5, 6),
]


@pytest.mark.parametrize("pool_cls", [MaxPool, AvgPool])
@pytest.mark.parametrize("window,stride,rows,cols", POOLS)
def test_pool_gradients(pool_cls, window, stride, rows, cols):
    rng = np.random.default_rng(window * 10 + stride + rows)
    check_layer(pool_cls(window, stride), images(rng, 2, rows, cols, 3))


@pytest.mark.parametrize("pool_cls", [MaxPool, AvgPool])
def test_pool_gradients_all_negative_at_the_padded_edge(pool_cls):
    """Missing cells count as 0: a negative edge window's maximum is the padding."""
    rng = np.random.default_rng(4)
    x = -np.abs(rng.standard_normal((1, 7, 7, 2))) - 0.1
    check_layer(pool_cls(2, 2), x)
    out = pool_cls(2, 2).forward(x)
    if pool_cls is MaxPool:
        assert (out[:, -1, :] == 0).all() and (out[:, :, -1] == 0).all()
        assert (out[:, :-1, :-1] < 0).all()


def test_flatten_gradients():
    rng = np.random.default_rng(5)
    check_layer(Flatten(), rng.standard_normal((3, 4, 5, 2)))


# --- fully connected -------------------------------------------------------------------
@pytest.mark.parametrize("inputs,outputs,batch,bias", [
    (48, 2, 1, True), (48, 2, 5, True), (7, 3, 4, False), (1, 1, 1, True), (20, 10, 3, True)])
def test_linear_gradients(inputs, outputs, batch, bias):
    rng = np.random.default_rng(inputs + outputs)
    check_layer(randomize(Linear(inputs, outputs, bias=bias), rng),
                rng.standard_normal((inputs, batch)))


# --- whole networks --------------------------------------------------------------------
NETWORKS = [
    dict(input_size=9),                                                   # the defaults
    dict(input_size=9, features=(3,), hidden=(5,)),
    dict(input_size=9, features=(2,), pool="avg", pool_size=3, pool_stride=2),
    dict(input_size=12, features=(2, 3), feature_sizes=(3, 2)),           # two blocks
    dict(input_size=(8, 10), features=(2,), feature_sizes=(2,), hidden=(4, 3)),
    dict(input_size=9, features=(2,), pool_size=2, pool_stride=3),
]


@pytest.mark.parametrize("loss", [cross_entropy, tutorial_error], ids=["xent", "tutorial"])
@pytest.mark.parametrize("kwargs", NETWORKS, ids=range(len(NETWORKS)))
def test_network_gradients(kwargs, loss):
    net = build_network(**kwargs, seed=3).astype(np.float64)
    rng = np.random.default_rng(6)
    rows, cols = net.image_size
    x = net.to_batch(rng.uniform(-1, 1, (3, rows, cols)))
    labels = np.array([0, 1, 0])
    # Biases start at 0; move them so no conv output sits exactly on ReLU's kink.
    for _, _, value in net.parameters():
        value += rng.uniform(-0.05, 0.05, value.shape)

    def objective() -> float:
        return loss(net.forward(x, keep=False), labels)[0]

    _, grad = loss(net.forward(x), labels)
    net.backward(grad)
    for index, layer in enumerate(net.layers):
        analytic = {key: value.copy() for key, value in layer.grads.items()}
        assert set(analytic) == set(layer.params)
        for key, value in layer.params.items():
            assert_close(f"layers.{index}.{key}", analytic[key], numeric_gradient(objective, value))


def test_loss_gradients():
    rng = np.random.default_rng(7)
    scores = rng.standard_normal((3, 5))
    labels = np.array([0, 2, 1, 1, 0])
    for loss in (cross_entropy, tutorial_error):
        _, grad = loss(scores, labels)
        assert_close(loss.__name__, grad, numeric_gradient(lambda: loss(scores, labels)[0], scores))


def test_frozen_layer_gets_no_gradient_but_passes_it_on():
    net = build_network(9, features=(2,), hidden=(3,), seed=1).astype(np.float64)
    net.freeze([0])
    x = net.to_batch(np.random.default_rng(8).uniform(-1, 1, (2, 9, 9)))
    _, grad = cross_entropy(net.forward(x), np.array([0, 1]))
    net.backward(grad)
    assert net.layers[0].grads == {}
    assert set(net.layers[4].grads) == {"weight", "bias"}


# --- negative control: the checker itself must catch wrong gradients --------------------
class ScaledConv(Conv2D):
    def backward(self, grad, need_input_grad=True):
        return super().backward(grad, need_input_grad) * 1.01


class BiaslessLinear(Linear):
    def backward(self, grad, need_input_grad=True):
        out = super().backward(grad, need_input_grad)
        self.grads["bias"] = np.zeros_like(self.grads["bias"])
        return out


class SlightlyWrongWeightLinear(Linear):
    def backward(self, grad, need_input_grad=True):
        out = super().backward(grad, need_input_grad)
        self.grads["weight"] = self.grads["weight"] * 1.01
        return out


class FirstCellMaxPool(MaxPool):
    """Routes every window's gradient to its top-left cell: the classic pooling mistake."""

    def backward(self, grad, need_input_grad=True):
        c, h, w, n = self._in_shape
        dx = np.zeros((c, 2 * grad.shape[1], 2 * grad.shape[2], n))
        dx[:, ::2, ::2] = grad
        return dx[:, :h, :w]


class TransposedFlatten(Flatten):
    def backward(self, grad, need_input_grad=True):
        c, h, w, n = self._in_shape
        return grad.reshape(c, w, h, n).transpose(0, 2, 1, 3)


@pytest.mark.parametrize("make,x_shape", [
    (lambda rng: randomize(ScaledConv(2, 1, 3), rng), (1, 6, 6, 2)),
    (lambda rng: randomize(BiaslessLinear(5, 3), rng), (5, 2)),
    (lambda rng: randomize(SlightlyWrongWeightLinear(5, 3), rng), (5, 2)),
    (lambda rng: FirstCellMaxPool(2, 2), (2, 6, 6, 2)),
    (lambda rng: TransposedFlatten(), (2, 3, 4, 2)),
], ids=["conv-input-x1.01", "linear-no-bias-grad", "linear-weight-x1.01",
        "maxpool-first-cell", "flatten-transposed"])
def test_checker_catches_a_wrong_gradient(make, x_shape):
    rng = np.random.default_rng(9)
    with pytest.raises(AssertionError, match="differ"):
        check_layer(make(rng), rng.standard_normal(x_shape))


def test_checker_catches_a_missing_gradient():
    class NoGrads(Linear):
        def backward(self, grad, need_input_grad=True):
            out = super().backward(grad, need_input_grad)
            self.grads.pop("bias")
            return out

    rng = np.random.default_rng(10)
    with pytest.raises(AssertionError, match="no gradient"):
        check_layer(randomize(NoGrads(3, 2), rng), rng.standard_normal((3, 2)))


def test_checker_accepts_the_real_layers_it_rejects_the_variants_of():
    """The control's twin: the same settings pass with the genuine layers."""
    rng = np.random.default_rng(9)
    check_layer(randomize(Conv2D(2, 1, 3), rng), rng.standard_normal((1, 6, 6, 2)))
    check_layer(randomize(Linear(5, 3), rng), rng.standard_normal((5, 2)))
    check_layer(MaxPool(2, 2), rng.standard_normal((2, 6, 6, 2)))
