"""The convolution's block-by-block paths (blocks.column_blocks): every way of cutting the
columns against the plain loop and finite differences."""
from __future__ import annotations

import numpy as np
import pytest

from test_engine_conv_reference import ref_conv
from test_engine_gradients import check_layer
from xo_gui.engine import blocks
from xo_gui.engine.blocks import column_blocks
from xo_gui.engine.layers import Conv2D
from xo_gui.engine.losses import cross_entropy
from xo_gui.engine.network import build_network


def covered(blocks, rows, cols, batch):
    """Each (row, col, image) in (row, col, batch) order, as the blocks list them."""
    order = []
    for rows_, cols_, batch_, start, end in blocks:
        cells = [(r, c, b) for r in range(rows)[rows_] for c in range(cols)[cols_]
                 for b in range(batch)[batch_]]
        assert end - start == len(cells)
        order += [((r * cols + c) * batch + b) for r, c, b in cells]
        assert order[-len(cells):] == list(range(start, end))
    return order


@pytest.mark.parametrize("rows,cols,batch,target", [
    (24, 24, 128, 4629),     # whole rows (the 28x28 network's first convolution)
    (8, 8, 128, 309),        # columns of a row (its second)
    (8, 8, 1024, 309),       # inside the batch
    (7, 7, 1, 10 ** 6),      # one block
    (5, 3, 7, 1),            # one column each
    (3, 4, 5, 6),
])
def test_column_blocks_cover_every_column_once_in_order(rows, cols, batch, target):
    blocks = column_blocks(rows, cols, batch, target)
    assert covered(blocks, rows, cols, batch) == list(range(rows * cols * batch))
    assert all(end - start <= max(target, 1) for *_, start, end in blocks) or len(blocks) == 1


# Block sizes: one block for everything, and so small that every cut above is used; the
# weight gradient's two forms (the gradient transposed once, or its transposed view).
# Each runs with and without small-matrix kernels (blas_kernels.py), whatever this
# machine's BLAS has: the product limit and the weight gradient's path depend on them.
SIZES = {
    "one block": dict(SMALL_PRODUCT=10 ** 12, BLOCK_VALUES=10 ** 12),
    "whole rows": dict(SMALL_PRODUCT=3000, BLOCK_VALUES=3000, SINGLE_THREAD_PRODUCT=3000),
    "columns of a row": dict(SMALL_PRODUCT=4160, BLOCK_VALUES=4160,
                             SINGLE_THREAD_PRODUCT=4160, MIN_BLOCK_COLUMNS=1),
    "tiny blocks": dict(SMALL_PRODUCT=60, BLOCK_VALUES=60, SINGLE_THREAD_PRODUCT=60),
    "tiny, transposed view": dict(SMALL_PRODUCT=60, BLOCK_VALUES=60,
                                  SINGLE_THREAD_PRODUCT=60, MIN_BLOCK_COLUMNS=1),
}


def test_the_sizes_reach_every_cut():
    """With these sizes the convolution tests below use all three ways of cutting."""
    cuts = set()
    for name, sizes in SIZES.items():
        for features, channels, size, rows, cols, n in CASES:
            target = sizes["SMALL_PRODUCT"] // (features * (channels * size * size + 1))
            for rows_, cols_, batch_, *_ in column_blocks(rows - size + 1, cols - size + 1,
                                                          n, target):
                whole_row = cols_ == slice(0, cols - size + 1)
                cuts.add("rows" if whole_row and batch_ == slice(0, n) else
                         "columns" if batch_ == slice(0, n) else "batch")
    assert cuts == {"rows", "columns", "batch"}


def use_sizes(monkeypatch, name, small_kernels):
    for key, value in SIZES[name].items():
        monkeypatch.setattr(blocks, key, value)
    use_kernels(monkeypatch, small_kernels, SIZES[name]["SMALL_PRODUCT"],
                SIZES[name]["BLOCK_VALUES"])


def use_kernels(monkeypatch, small_kernels, limit=None, values=None):
    """Blocks as with (or without) small-matrix kernels, of ``limit`` and ``values``."""
    monkeypatch.setattr(blocks, "small_kernels", lambda: small_kernels)
    for key, value in {"SMALL_PRODUCT": limit, "GENERAL_PRODUCT": limit,
                       "BLOCK_VALUES": values, "IM2COL_VALUES": values}.items():
        if value is not None:
            monkeypatch.setattr(blocks, key, value)


KERNELS = pytest.mark.parametrize("small_kernels", [True, False], ids=["small", "general"])
CASES = [(3, 2, 3, 9, 8, 5), (2, 3, 2, 6, 7, 1), (4, 1, 5, 12, 12, 33)]


@KERNELS
@pytest.mark.parametrize("product", list(SIZES))
@pytest.mark.parametrize("features,channels,size,rows,cols,n", CASES)
def test_blocked_convolution_matches_the_loop(monkeypatch, product, small_kernels,
                                               features, channels, size, rows, cols, n):
    use_sizes(monkeypatch, product, small_kernels)
    rng = np.random.default_rng(features * 10 + n)
    conv = Conv2D(features, channels, size)
    for value in conv.params.values():
        value[...] = rng.uniform(-1, 1, value.shape)
    x = rng.uniform(-1, 1, (channels, rows, cols, n)).astype(np.float32)
    out = conv.forward(x)
    for i in range(n):
        np.testing.assert_allclose(out[..., i], ref_conv(x[..., i], conv.params["weight"],
                                                         conv.params["bias"]),
                                   rtol=1e-5, atol=1e-5)


@KERNELS
@pytest.mark.parametrize("product", list(SIZES))
def test_blocked_convolution_gradients_match_finite_differences(monkeypatch, product,
                                                                small_kernels):
    use_sizes(monkeypatch, product, small_kernels)
    rng = np.random.default_rng(4)
    conv = Conv2D(3, 2, 3)
    for value in conv.params.values():
        value[...] = rng.uniform(-1, 1, value.shape)
    check_layer(conv, rng.standard_normal((2, 7, 6, 4)))


def one_step(net, x, y):
    _, grad = cross_entropy(net.forward(x), y)
    net.backward(grad)
    return {f"{i}.{k}": g.copy() for i, layer in enumerate(net.layers)
            for k, g in layer.grads.items()}


def test_backward_uses_the_input_kept_by_forward_not_a_later_one():
    """im2col is rebuilt in backward: it must come from the input of the last forward
    that kept it, even after forwards that did not keep theirs."""
    rng = np.random.default_rng(7)
    conv = Conv2D(2, 1, 3)
    for value in conv.params.values():
        value[...] = rng.uniform(-1, 1, value.shape)
    x = rng.standard_normal((1, 6, 6, 3)).astype(np.float32)
    out = conv.forward(x)
    g = rng.standard_normal(out.shape).astype(np.float32)
    conv.backward(g)
    expected = {k: v.copy() for k, v in conv.grads.items()}
    conv.forward(x)
    conv.forward(rng.standard_normal((1, 6, 6, 5)).astype(np.float32), keep=False)
    conv.backward(g)
    for key in expected:
        np.testing.assert_array_equal(conv.grads[key], expected[key])


@pytest.mark.parametrize("window,stride,rows", [(1, 1, 4), (2, 2, 7), (2, 2, 8), (3, 3, 7),
                                                (3, 2, 7), (2, 3, 9)])
def test_max_pooling_without_keeping_equals_the_kept_path(window, stride, rows):
    """Inference takes a shortcut for windows that tile the map; training does not."""
    from xo_gui.engine.layers import MaxPool
    from test_engine_conv_reference import ref_pool

    x = np.random.default_rng(rows).standard_normal((3, rows, rows, 2))
    fast = MaxPool(window, stride).forward(x, keep=False)
    np.testing.assert_array_equal(fast, MaxPool(window, stride).forward(x, keep=True))
    np.testing.assert_allclose(fast[..., 1], ref_pool(x[..., 1], window, stride, "max"))


@KERNELS
@pytest.mark.parametrize("batch", [1, 5])
@pytest.mark.parametrize("bias", [True, False])
def test_one_small_product_equals_the_blocked_path(monkeypatch, batch, bias, small_kernels):
    """A convolution small enough for one product (an image, a 9x9 batch) takes its own
    shorter path in forward and backward; it gives the blocked path's outputs and
    gradients to rounding."""
    rng = np.random.default_rng(batch)
    conv = Conv2D(3, 2, 3, bias=bias)
    for value in conv.params.values():
        value[...] = rng.uniform(-1, 1, value.shape)
    x = rng.uniform(-1, 1, (2, 8, 7, batch)).astype(np.float32)
    g = rng.uniform(-1, 1, (3, 6, 5, batch)).astype(np.float32)
    results = []
    for limit in (10 ** 12, 60):                  # one product; blocks of a few columns
        use_kernels(monkeypatch, small_kernels, limit, limit)
        out = conv.forward(x)
        conv.backward(g, need_input_grad=False)
        results.append((out, {k: v.copy() for k, v in conv.grads.items()}))
    (small, small_grads), (blocked, blocked_grads) = results
    np.testing.assert_allclose(small, blocked, rtol=1e-5, atol=1e-6)
    assert small_grads.keys() == blocked_grads.keys() == conv.params.keys()
    for key in small_grads:
        np.testing.assert_allclose(small_grads[key], blocked_grads[key], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("shape,size", [((1, 9, 9, 1), 3), ((3, 7, 6, 1), 2), ((8, 12, 12, 1), 5),
                                        ((2, 5, 5, 1), 5)])
def test_one_images_gathered_columns_equal_its_windows(shape, size):
    """One image's im2col is gathered by a kept index; twice (the kept index) and for a
    second image of the same shape it equals the windows' copy."""
    rng = np.random.default_rng(size)
    c, h, w, _ = shape
    for _ in range(2):
        x = rng.standard_normal(shape).astype(np.float32)
        view = blocks.windows(x, size, 1, h - size + 1, w - size + 1)
        expected = view.transpose(0, 3, 4, 1, 2, 5).reshape(c * size * size, -1)
        np.testing.assert_array_equal(blocks.image_columns(x, size), expected)


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("channels,size,rows,n", [(1, 5, 12, 3), (3, 3, 9, 4), (2, 2, 6, 1)])
def test_weight_gradient_without_im2col_equals_its_product(bias, channels, size, rows, n):
    """The column-shifted weight gradient, a block of ``step`` output rows at a time,
    equals im2col @ grad.T (in float64) for every step."""
    rng = np.random.default_rng(channels * 10 + size)
    x = rng.uniform(-1, 1, (channels, rows, rows + 1, n)).astype(np.float32)
    oh, ow, f = rows - size + 1, rows + 2 - size, 4
    g = rng.uniform(-1, 1, (f, oh * ow * n)).astype(np.float32)
    view = blocks.windows(x.astype(np.float64), size, 1, oh, ow)
    expected = view.transpose(0, 3, 4, 1, 2, 5).reshape(channels * size * size, -1) @ g.T
    if bias:
        expected = np.vstack([expected, g.sum(axis=1, dtype=np.float64)])
    for step in sorted({1, 2, oh - 1, oh}):
        got = blocks.shifted_weight_grad(x, size, g, bias, step)
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5, err_msg=str(step))


@pytest.mark.parametrize("limit", [10 ** 12, 3000, 60])
def test_weight_gradient_paths_agree_on_the_28x28_network(monkeypatch, limit):
    """With small-matrix kernels and the default sizes the 28x28 network's weight
    gradients go without im2col; without them (at a batch whose products are cut), or
    with tiny blocks, by im2col: all give the one-product gradients to rounding."""
    net = build_network(28, (8, 16), (5,), 2, 2, seed=2)
    rng = np.random.default_rng(9)
    x = net.to_batch(rng.choice(np.float32([-1, 1]), (64, 28, 28)))
    y = rng.integers(0, 2, 64)
    use_kernels(monkeypatch, True)
    expected = one_step(net, x, y)                # default sizes: the shifted copies
    use_kernels(monkeypatch, False)
    default_general = one_step(net, x, y)
    use_kernels(monkeypatch, True, limit, limit)
    got = one_step(net, x, y)
    for key in expected:
        for result in (default_general, got):
            np.testing.assert_allclose(result[key], expected[key], rtol=1e-4,
                                       atol=1e-6 * np.abs(expected[key]).max(), err_msg=key)


@pytest.mark.parametrize("small_kernels,limit,shifted", [(True, blocks.SMALL_PRODUCT, 2),
                                                         (False, blocks.GENERAL_PRODUCT, 0)])
def test_the_kernels_choose_the_cut(monkeypatch, small_kernels, limit, shifted):
    """With small-matrix kernels both of the 28x28 network's weight gradients at batch 64
    are made from shifted copies and forward's products stay within SMALL_PRODUCT;
    without them by im2col blocks of about IM2COL_VALUES, and forward's products go up
    to GENERAL_PRODUCT."""
    use_kernels(monkeypatch, small_kernels)
    shifted_calls, buffers = [], []                  # (features, im2col rows, values)
    shifted_weight_grad, scratch = blocks.shifted_weight_grad, blocks.scratch

    def counted(*args):
        shifted_calls.append(args)
        return shifted_weight_grad(*args)

    def measured(rows, bias, dtype, blocks_):
        buffer = scratch(rows, bias, dtype, blocks_)
        buffers.append(({25: 8, 200: 16}[rows], rows + bias, buffer.size))
        return buffer

    monkeypatch.setattr(blocks, "shifted_weight_grad", counted)
    monkeypatch.setattr(blocks, "scratch", measured)
    net = build_network(28, (8, 16), (5,), 2, 2, seed=2)
    rng = np.random.default_rng(9)
    x = net.to_batch(rng.choice(np.float32([-1, 1]), (64, 28, 28)))
    scores = net.forward(x)
    forward, buffers[:] = list(buffers), []
    net.backward(cross_entropy(scores, rng.integers(0, 2, 64))[1])
    assert blocks.product_limit() == limit and len(shifted_calls) == shifted
    assert len(forward) == 2                           # both convolutions cut in blocks
    products = [f * values for f, _, values in forward]
    assert max(products) <= limit and max(products) > limit // 2
    if small_kernels:
        assert buffers == []
    else:
        assert len(buffers) == 2
        assert all(blocks.IM2COL_VALUES // 2 < values <= blocks.IM2COL_VALUES
                   for _, _, values in buffers)


@pytest.mark.parametrize("values", [10 ** 12, 300, 1])
def test_input_gradient_in_blocks_equals_its_sum(monkeypatch, values):
    """Each block of the input gradient is one product; with blocks of any size, dx = sum
    over i, j of w[:, :, i, j] times the gradient moved by (i, j), in float64."""
    rng = np.random.default_rng(values % 97)
    weight = rng.uniform(-1, 1, (4, 3, 3, 3))
    g = rng.uniform(-1, 1, (4, 6, 5, 7)).astype(np.float32)
    monkeypatch.setattr(blocks, "BLOCK_VALUES", values)
    expected = np.zeros((3, 8, 7, 7))
    for i in range(3):
        for j in range(3):
            expected[:, i:i + 6, j:j + 5] += np.einsum("fc,fyxn->cyxn", weight[:, :, i, j], g)
    got = blocks.blocked_input_grad(weight.astype(np.float32), 0.5, g, (3, 8, 7, 7))
    np.testing.assert_allclose(got, 0.5 * expected, rtol=1e-5, atol=1e-5)
