"""The fast (im2col, strided-view) layers against plain, obviously-correct loops."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from xo_gui.engine.errors import ConfigError
from xo_gui.engine.layers import AvgPool, Conv2D, Flatten, Linear, MaxPool, ReLU
from xo_gui.engine.network import Network, build_network


# --- the references: one image (C, H, W) at a time, one cell at a time -------------------
def ref_conv(image, weight, bias, normalized=True):
    f, c, k, _ = weight.shape
    _, h, w = image.shape
    out = np.zeros((f, h - k + 1, w - k + 1))
    for o in range(f):
        for r in range(h - k + 1):
            for col in range(w - k + 1):
                total = 0.0
                for ch in range(c):
                    for i in range(k):
                        for j in range(k):
                            total += image[ch, r + i, col + j] * weight[o, ch, i, j]
                if normalized:
                    total /= c * k * k
                out[o, r, col] = total + (bias[o] if bias is not None else 0.0)
    return out


def ref_starts(size, window, stride):
    """Windows start every `stride` cells, inside the map, until one reaches the last cell."""
    starts = [0]
    while starts[-1] + window < size and starts[-1] + stride < size:
        starts.append(starts[-1] + stride)
    return starts


def ref_pool(image, window, stride, kind):
    c, h, w = image.shape
    rows, cols = ref_starts(h, window, stride), ref_starts(w, window, stride)
    out = np.zeros((c, len(rows), len(cols)))
    for ch in range(c):
        for a, r in enumerate(rows):
            for b, col in enumerate(cols):
                cells = []
                for i in range(window):
                    for j in range(window):
                        inside = r + i < h and col + j < w
                        cells.append(image[ch, r + i, col + j] if inside else 0.0)  # off the edge: 0
                out[ch, a, b] = max(cells) if kind == "max" else sum(cells) / len(cells)
    return out


def ref_flatten(image):
    return [image[ch, r, col] for ch in range(image.shape[0])
            for r in range(image.shape[1]) for col in range(image.shape[2])]


def ref_linear(values, weight, bias):
    return [sum(weight[o, i] * values[i] for i in range(len(values))) + bias[o]
            for o in range(weight.shape[0])]


def ref_network(net: Network, image: np.ndarray) -> np.ndarray:
    x = np.asarray(image, np.float64)[None] if image.ndim == 2 else image
    for layer in net.layers:
        p = layer.params
        if isinstance(layer, Conv2D):
            x = ref_conv(x, p["weight"], p.get("bias"), layer.normalized)
        elif isinstance(layer, ReLU):
            x = np.array([max(v, 0.0) for v in np.ravel(x)]).reshape(np.shape(x))
        elif isinstance(layer, (MaxPool, AvgPool)):
            x = ref_pool(x, layer.window, layer.stride, "max" if isinstance(layer, MaxPool) else "avg")
        elif isinstance(layer, Flatten):
            x = np.array(ref_flatten(x))
        elif isinstance(layer, Linear):
            x = np.array(ref_linear(x, p["weight"], p.get("bias", np.zeros(layer.outputs))))
    return x


def batch(images):
    """[(C, H, W), ...] -> batch-last (C, H, W, N)."""
    return np.stack(images, axis=-1)


# --- the reference's own sanity --------------------------------------------------------
def test_reference_starts():
    assert ref_starts(7, 2, 2) == [0, 2, 4, 6]          # the tutorial: 7 -> 4, last padded
    assert ref_starts(8, 2, 2) == [0, 2, 4, 6]
    assert ref_starts(8, 3, 2) == [0, 2, 4, 6]          # the last one runs off the edge
    assert ref_starts(9, 2, 3) == [0, 3, 6]             # cell 8 lies in no window
    assert ref_starts(10, 2, 3) == [0, 3, 6, 9]


@pytest.mark.parametrize("size,window,stride", [
    (s, p, t) for s in range(1, 13) for p in range(1, 6) for t in range(1, 6) if p <= s])
def test_pool_output_size_matches_reference_and_pytorch_ceil_mode(size, window, stride):
    expected = len(ref_starts(size, window, stride))
    assert MaxPool(window, stride).output_shape((1, size, size)) == (1, expected, expected)
    # PyTorch (ceil_mode=True, no padding) counts the same windows, so weights port over.
    torch_count = math.ceil((size - window) / stride) + 1
    if (torch_count - 1) * stride >= size:
        torch_count -= 1
    assert expected == torch_count


# --- fixed sweeps ----------------------------------------------------------------------
@pytest.mark.parametrize("features,channels,size,rows,cols,normalized", [
    (3, 1, 3, 9, 9, True), (1, 1, 1, 5, 5, True), (2, 3, 2, 6, 7, True), (4, 2, 5, 5, 8, True),
    (2, 2, 4, 9, 6, False), (5, 1, 7, 7, 7, True), (1, 3, 3, 12, 10, True)])
@pytest.mark.parametrize("n", [1, 3])
def test_conv_matches_loop(features, channels, size, rows, cols, normalized, n):
    rng = np.random.default_rng(features + 7 * size)
    conv = Conv2D(features, channels, size, normalized=normalized)
    conv.params["weight"][...] = rng.uniform(-1, 1, conv.params["weight"].shape)
    conv.params["bias"][...] = rng.uniform(-1, 1, features)
    imgs = [rng.uniform(-1, 1, (channels, rows, cols)).astype(np.float32) for _ in range(n)]
    out = conv.forward(batch(imgs))
    assert out.shape == (features, rows - size + 1, cols - size + 1, n)
    for i, img in enumerate(imgs):
        np.testing.assert_allclose(out[..., i], ref_conv(img, conv.params["weight"], conv.params["bias"],
                                                         normalized), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("window,stride,rows,cols", [
    (2, 2, 7, 7), (2, 2, 8, 8), (3, 2, 7, 7), (3, 2, 8, 9), (2, 3, 8, 8), (2, 3, 9, 9),
    (2, 3, 7, 10), (3, 3, 7, 7), (1, 2, 5, 5), (4, 1, 6, 5), (1, 1, 3, 3), (5, 5, 5, 5)])
def test_pool_matches_loop(kind, window, stride, rows, cols):
    rng = np.random.default_rng(rows * cols + window)
    layer = (MaxPool if kind == "max" else AvgPool)(window, stride)
    imgs = [rng.standard_normal((2, rows, cols)) for _ in range(3)]
    out = layer.forward(batch(imgs))
    assert out.shape[:3] == layer.output_shape((2, rows, cols))
    for i, img in enumerate(imgs):
        np.testing.assert_allclose(out[..., i], ref_pool(img, window, stride, kind), atol=1e-12)


def test_pool_default_stride_is_the_window():
    assert MaxPool(3).stride == 3 and AvgPool(2).stride == 2


def test_flatten_order_is_pytorchs_channel_row_col():
    c, h, w = 3, 4, 5
    img = np.arange(c * h * w, dtype=np.float64).reshape(c, h, w)
    flat = Flatten().forward(batch([img, -img]))
    assert flat.shape == (c * h * w, 2)
    np.testing.assert_array_equal(flat[:, 0], ref_flatten(img))
    np.testing.assert_array_equal(flat[:, 0], np.arange(c * h * w))     # row-major (c, r, col)
    np.testing.assert_array_equal(flat[:, 1], -np.arange(c * h * w))


def test_flatten_accepts_a_non_contiguous_input():
    img = np.random.default_rng(0).standard_normal((2, 3, 4, 2))
    view = img[:, ::-1]
    np.testing.assert_array_equal(Flatten().forward(view)[:, 1], view[..., 1].reshape(-1))


# --- properties over random architectures ----------------------------------------------
@st.composite
def architectures(draw):
    size = draw(st.integers(5, 14))
    blocks = draw(st.integers(1, 2))
    features = [draw(st.integers(1, 4)) for _ in range(blocks)]
    feature_sizes = [draw(st.integers(1, 5)) for _ in range(blocks)]
    window = draw(st.integers(1, 4))
    stride = draw(st.integers(1, 4))
    hidden = draw(st.lists(st.integers(1, 6), max_size=2))
    pool = draw(st.sampled_from(["max", "avg"]))
    return dict(input_size=size, features=features, feature_sizes=feature_sizes,
                pool_size=window, pool_stride=stride, hidden=hidden, pool=pool,
                seed=draw(st.integers(0, 1000)))


def buildable(kwargs):
    try:
        return build_network(**kwargs)
    except ConfigError:
        return None


def expected_shapes(kwargs):
    """Per-layer output shapes from the tutorial's arithmetic alone."""
    shapes, c, h = [], 1, kwargs["input_size"]
    for f, k in zip(kwargs["features"], kwargs["feature_sizes"]):
        h = h - k + 1
        shapes += [(f, h, h), (f, h, h)]
        h = len(ref_starts(h, kwargs["pool_size"], kwargs["pool_stride"]))
        shapes.append((f, h, h))
        c = f
    flat = c * h * h
    shapes.append((flat,))
    for width in kwargs["hidden"]:
        shapes += [(width,), (width,)]
    shapes.append((2,))
    return shapes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(architectures(), st.integers(0, 2**32 - 1))
def test_network_shapes_and_values_match_reference(kwargs, seed):
    net = buildable(kwargs)
    assume(net is not None)
    assert net.shapes == expected_shapes(kwargs)
    rng = np.random.default_rng(seed)
    for _, _, value in net.parameters():          # non-zero biases too
        value[...] = rng.uniform(-1, 1, value.shape)
    images = rng.uniform(-1, 1, (2, kwargs["input_size"], kwargs["input_size"])).astype(np.float32)
    trace = net.trace(images[0])
    assert [t.output.shape for t in trace] == net.shapes
    scores = net.scores(images)
    assert scores.shape == (2, 2)
    for i in range(2):
        np.testing.assert_allclose(scores[i], ref_network(net, images[i]), rtol=1e-4, atol=1e-4)
    # one image and a batch sum in different orders (blocks): float32 round-off, no more
    np.testing.assert_allclose(trace[-1].output, scores[0], rtol=1e-5, atol=1e-5)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3), st.integers(1, 4), st.integers(1, 5), st.integers(1, 10),
       st.integers(1, 10), st.integers(0, 2**32 - 1))
def test_conv_property(channels, features, size, rows, cols, seed):
    conv = Conv2D(features, channels, size)
    if size > rows or size > cols:
        with pytest.raises(ConfigError, match="larger"):
            conv.output_shape((channels, rows, cols))
        return
    rng = np.random.default_rng(seed)
    conv.params["weight"][...] = rng.uniform(-1, 1, conv.params["weight"].shape)
    conv.params["bias"][...] = rng.uniform(-1, 1, features)
    img = rng.uniform(-1, 1, (channels, rows, cols))
    out = conv.forward(batch([img]))
    assert out.shape[:3] == conv.output_shape((channels, rows, cols))
    np.testing.assert_allclose(out[..., 0], ref_conv(img, conv.params["weight"], conv.params["bias"]),
                               rtol=1e-5, atol=1e-5)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["max", "avg"]), st.integers(1, 3), st.integers(1, 5), st.integers(1, 5),
       st.integers(1, 11), st.integers(1, 11), st.integers(0, 2**32 - 1))
def test_pool_property(kind, channels, window, stride, rows, cols, seed):
    layer = (MaxPool if kind == "max" else AvgPool)(window, stride)
    if window > rows or window > cols:
        with pytest.raises(ConfigError, match="larger"):
            layer.output_shape((channels, rows, cols))
        return
    img = np.random.default_rng(seed).standard_normal((channels, rows, cols))
    out = layer.forward(batch([img, img * 2]))
    expected = ref_pool(img, window, stride, kind)
    assert out.shape[:3] == layer.output_shape((channels, rows, cols)) == expected.shape
    np.testing.assert_allclose(out[..., 0], expected, atol=1e-12)
    np.testing.assert_allclose(out[..., 1], ref_pool(img * 2, window, stride, kind), atol=1e-12)


def test_scores_equal_a_straight_loop_over_images():
    net = build_network(9, features=(4,), hidden=(5,), seed=2)
    images = np.random.default_rng(3).uniform(-1, 1, (7, 9, 9)).astype(np.float32)
    scores = net.scores(images)
    looped = np.stack([net.scores(img[None])[0] for img in images])
    np.testing.assert_allclose(scores, looped, rtol=1e-5, atol=1e-6)
    for i, img in enumerate(images):
        np.testing.assert_allclose(scores[i], ref_network(net, img), rtol=1e-4, atol=1e-5)
        assert net.predict(img[None])[0] == scores[i].argmax()


def test_matches_pytorch_when_installed():
    """Same weights, same answer as PyTorch (ceil-mode max pooling on non-negative maps)."""
    torch = pytest.importorskip("torch")
    net = build_network(9, features=(5,), hidden=(4,), seed=4)
    images = np.random.default_rng(5).uniform(-1, 1, (6, 9, 9)).astype(np.float32)
    state = {k: torch.from_numpy(v) for k, v in net.state_dict().items()}
    x = torch.from_numpy(images[:, None])
    conv = torch.nn.functional.conv2d(x, state["layers.0.weight"] / 9, state["layers.0.bias"])
    pooled = torch.nn.functional.max_pool2d(torch.relu(conv), 2, 2, ceil_mode=True)
    h = torch.relu(pooled.flatten(1) @ state["layers.4.weight"].T + state["layers.4.bias"])
    out = h @ state["layers.6.weight"].T + state["layers.6.bias"]
    np.testing.assert_allclose(net.scores(images), out.numpy(), rtol=1e-4, atol=1e-5)
