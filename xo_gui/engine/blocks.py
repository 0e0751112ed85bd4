"""The convolution's block-by-block machinery: why ``Conv2D`` (layers.py) cuts its work.

A convolution is one matrix product of its weights with im2col of its input, but the
engine never builds that product whole, for two reasons:

* **OpenBLAS's small-matrix kernels.**  Where OpenBLAS has them (blas_kernels.py says
  which processors), it multiplies float32 matrices whose rows * inner * columns stay
  below about a million 1.5-3x faster than its general path takes for one long, thin
  product of the same shapes.  So the output's columns (row, col, batch) are cut into
  blocks (``column_blocks``) whose products stay below ``product_limit()``: that size
  there, a few times larger elsewhere, where each product packs its operands.
* **Memory.**  im2col holds channels * size² values for every input value.  Each block's
  columns are built in a scratch buffer while they fit in cache, multiplied at once, and
  built again in backward from the kept input instead of being kept.  With small-matrix
  kernels, where its products stay small, the weight gradient needs no im2col at all: the
  input's size column-shifted copies, a few rows at a time (``shifted_weight_grad``).

Layouts are batch-last, as in layers.py.
"""
from __future__ import annotations

from typing import Iterator, Sequence

import numpy as np

from .blas_kernels import small_kernels

# OpenBLAS multiplies float32 matrices with rows * inner * columns up to about a million
# with its small-matrix kernels: measured on this project's 2-core machine (numpy 2.4's
# OpenBLAS 0.3.31) at 75-100 GFLOP/s where one long, thin product of the same shapes
# ran at 40-60.  Products are cut into pieces of at most this size.
SMALL_PRODUCT = 1_000_000
# Without them (OpenBLAS's Haswell kernels, on an AMD EPYC of this project's machines),
# every product costs the packing of both operands: the 28x28 network's step took 0.72-0.78
# of the time with products up to this size, its weight gradients by im2col blocks of
# IM2COL_VALUES, against SMALL_PRODUCT and the shifted copies.
GENERAL_PRODUCT = 4_000_000
IM2COL_VALUES = 1 << 18
# OpenBLAS computes a product with rows * inner * columns up to 65536 * 4 on one thread
# (GEMM_MULTITHREAD_THRESHOLD, default 4), and a block with fewer columns than this is
# not worth its Python overhead.
SINGLE_THREAD_PRODUCT = 65536 * 4
MIN_BLOCK_COLUMNS = 512
# The shifted gradient copies of a convolution's input gradient hold about this many
# values per block (256 KB of float32), so they stay in cache.
BLOCK_VALUES = 1 << 16
# One image's im2col (rows * columns values) up to this size is gathered by a kept index.
SMALL_GATHER = 1 << 12
_GATHERS: dict[tuple, np.ndarray] = {}      # (shape, size) -> image_columns' index

# A block of an im2col matrix's columns (row, col, batch): the output rows, columns and
# images it covers, and where its columns start and end in the (row, col, batch) order.
Block = tuple[slice, slice, slice, int, int]


def product_limit() -> int:
    """The largest product (rows * inner * columns) a block may have."""
    return SMALL_PRODUCT if small_kernels() else GENERAL_PRODUCT


def even_step(total: int, most: int) -> int:
    """A step of at most ``most`` that cuts ``total`` into as few, nearly equal runs."""
    most = max(1, min(total, most))
    return -(-total // -(-total // most))


def column_blocks(rows: int, cols: int, batch: int, target: int) -> list[Block]:
    """Contiguous runs of about ``target`` columns of the (row, col, batch) order, cut at
    whole output rows when a row fits, else at whole columns, else inside the batch."""
    target = max(1, target)
    per_row, blocks = cols * batch, []
    if per_row <= target:
        step = even_step(rows, target // per_row)
        for r0 in range(0, rows, step):
            r1 = min(rows, r0 + step)
            blocks.append((slice(r0, r1), slice(0, cols), slice(0, batch),
                           r0 * per_row, r1 * per_row))
    elif batch <= target:
        step = even_step(cols, target // batch)
        for r in range(rows):
            for c0 in range(0, cols, step):
                c1 = min(cols, c0 + step)
                start = (r * cols + c0) * batch
                blocks.append((slice(r, r + 1), slice(c0, c1), slice(0, batch),
                               start, start + (c1 - c0) * batch))
    else:
        step = even_step(batch, target)
        for r in range(rows):
            for c in range(cols):
                for b0 in range(0, batch, step):
                    b1 = min(batch, b0 + step)
                    start = (r * cols + c) * batch + b0
                    blocks.append((slice(r, r + 1), slice(c, c + 1), slice(b0, b1),
                                   start, start + b1 - b0))
    return blocks


def conv_blocks(features: int, rows: int, out_shape: tuple[int, int, int]) -> list[Block]:
    """The blocks of a convolution with ``features`` features and im2col ``rows`` (c * k²)
    whose output is (out rows, out cols, batch): each product (features, rows + 1, block)
    within ``product_limit()``."""
    oh, ow, n = out_shape
    return column_blocks(oh, ow, n, product_limit() // (features * (rows + 1)))


def windows(x: np.ndarray, size: int, stride: int, out_h: int, out_w: int) -> np.ndarray:
    """A no-copy view ``(C, out_h, out_w, size, size, N)`` of the windows of ``x``."""
    if not x.flags.c_contiguous:
        x = np.ascontiguousarray(x)
    c, _, _, n = x.shape
    sc, sh, sw, sn = x.strides
    return np.ndarray(
        (c, out_h, out_w, size, size, n), x.dtype, x,
        strides=(sc, sh * stride, sw * stride, sh, sw, sn),
    )


def image_columns(x: np.ndarray, size: int) -> np.ndarray:
    """im2col (rows (c, ki, kj), columns (row, col)) of one image ``x`` (C, H, W, 1) for
    ``size`` x ``size`` windows, gathered by an index kept for the last few shapes.  One
    image has no runs of a batch to copy, and for a small image the gather beats the
    strided copy of its windows (measured: 9x9 with 3x3 windows 4 us, not 6; the 28x28
    network's single-image forward got slower with it, hence SMALL_GATHER)."""
    key = (x.shape, size)
    index = _GATHERS.get(key)
    if index is None:
        c, h, w, n = x.shape
        places = np.arange(c * h * w * n).reshape(x.shape)
        view = windows(places, size, 1, h - size + 1, w - size + 1)
        index = np.ascontiguousarray(view.transpose(0, 3, 4, 1, 2, 5)).reshape(c * size * size, -1)
        if len(_GATHERS) >= 8:                   # a few shapes at a time (grid sizes)
            _GATHERS.clear()
        _GATHERS[key] = index
    return x.reshape(-1).take(index)


def im2col(view: np.ndarray, block: Block, buffer: np.ndarray) -> np.ndarray:
    """The block's columns of the windows ``view`` (C, k, k, out_h, out_w, N) in
    ``buffer``: rows (c, ki, kj [, 1]), columns (row, col, batch)."""
    rows_, cols_, batch_, start, end = block
    part = view[:, :, :, rows_, cols_, batch_]
    cols = buffer[:, :end - start]
    np.copyto(cols[:part.shape[0] * part.shape[1] * part.shape[2]].reshape(part.shape), part)
    return cols


def scratch(rows: int, bias: bool, dtype: np.dtype, blocks: Sequence[Block]) -> np.ndarray:
    """A buffer for the largest of ``blocks``' im2col, with its row of ones for a bias."""
    buffer = np.empty((rows + bias, max(b[4] - b[3] for b in blocks)), dtype)
    if bias:
        buffer[rows] = 1
    return buffer


def blocked_forward(weight: np.ndarray, view: np.ndarray, blocks: Sequence[Block],
                    bias: bool, out: np.ndarray) -> np.ndarray:
    """``weight @ im2col`` into ``out`` (features, columns), block by block."""
    rows = view.shape[0] * view.shape[1] * view.shape[2]
    buffer = scratch(rows, bias, view.dtype, blocks)
    for block in blocks:
        np.matmul(weight, im2col(view, block, buffer), out=out[:, block[3]:block[4]])
    return out


def summed_in_order(partials: Iterator[np.ndarray]) -> np.ndarray:
    """The sum of the new arrays ``partials`` yields, added in order as they come."""
    total = next(partials)
    for partial in partials:
        np.add(total, partial, out=total)
    return total


def shifted_weight_grad(x: np.ndarray, size: int, grad: np.ndarray, bias: bool,
                        step: int) -> np.ndarray:
    """``im2col @ grad.T`` as ``blocked_weight_grad`` gives it, without im2col.

    dW[f, c, i, j] = sum over y, x', n of grad[f, y, x', n] * x[c, y + i, x' + j, n].  For
    a block of ``step`` output rows, the input's k column-shifted copies (c, j, rows + k -
    1, out_w, n) are made once (k copies, where im2col makes k²), and each row offset i
    is one product of the block's gradient with a row-shifted view of them (measured on
    the 28x28 network at batch 128: its first weight gradient 0.81 ms, not 1.06).  Blocks
    are summed in block order."""
    c, h, w, n = x.shape
    f, k = grad.shape[0], size
    oh, ow = h - k + 1, w - k + 1
    g = grad.reshape(f, oh, ow * n)

    def partials() -> Iterator[np.ndarray]:
        shifted = np.empty((c, k, step + k - 1, ow, n), x.dtype)
        for r0 in range(0, oh, step):
            r1 = min(oh, r0 + step)
            block = shifted[:, :, :r1 - r0 + k - 1]
            for j in range(k):
                block[:, j] = x[:, r0:r1 + k - 1, j:j + ow]
            g_b, partial = g[:, r0:r1].reshape(f, -1), np.empty((k, f, c * k), x.dtype)
            for i in range(k):
                np.matmul(g_b, block[:, :, i:i + r1 - r0].reshape(c * k, -1).T, out=partial[i])
            yield partial

    total = summed_in_order(partials())
    both = np.empty((c * k * k + bias, f), x.dtype)          # rows (c, i, j [, 1])
    both[:c * k * k] = total.reshape(k, f, c, k).transpose(2, 0, 3, 1).reshape(-1, f)
    if bias:
        both[-1] = g.sum(axis=(1, 2))
    return both


def blocked_weight_grad(x: np.ndarray, size: int, grad: np.ndarray, bias: bool) -> np.ndarray:
    """``im2col @ grad.T``, (rows [+ 1], features), for the input ``x`` (c, h, w, n) and
    the output gradient ``grad`` (f, columns), summed block by block in block order.

    With small-matrix kernels, when a whole output row's product (f, c * k, row) is
    within ``SMALL_PRODUCT``, by ``shifted_weight_grad``, a few rows (``BLOCK_VALUES``
    shifted values) at a time.  Else by im2col: without them, in blocks of about
    ``IM2COL_VALUES``; with them, in blocks their kernels take, as below.

    Each block's product is (rows [+ 1], f).  With more than one OpenBLAS thread (xo-gui
    starts it with one), a product must not start threads: they spin while they wait
    (measured on the 2-core machine with another process holding a core: 20 ms a step at
    batch 128 with one BLAS thread, 400 ms with two).  A product below
    SINGLE_THREAD_PRODUCT runs on one thread whatever its shape; above it, only a plain
    product with no transposed operand (small-matrix kernel) is sure to, so the gradient
    is transposed once for it.  Without those kernels products are larger than that
    anyway (as in forward, up to GENERAL_PRODUCT): they are only safe on one thread."""
    c, h, w, n = x.shape
    f, k, rows = grad.shape[0], size, x.shape[0] * size * size
    oh, ow = h - k + 1, w - k + 1
    per_row = c * k * ow * n
    small = small_kernels()
    if small and f * per_row <= SMALL_PRODUCT:
        step = min(max(1, BLOCK_VALUES // per_row), SMALL_PRODUCT // (f * per_row))
        return shifted_weight_grad(x, k, grad, bias, even_step(oh, step))
    view = windows(x, k, 1, oh, ow).transpose(0, 3, 4, 1, 2, 5)
    t_cols = SINGLE_THREAD_PRODUCT // (f * (rows + bias))
    if not small:
        blocks = column_blocks(oh, ow, n, IM2COL_VALUES // (rows + bias))
        g_b = grad.T
    elif t_cols >= MIN_BLOCK_COLUMNS:
        blocks = column_blocks(oh, ow, n, t_cols)
        g_b = grad.T
    else:
        blocks = conv_blocks(f, rows, (oh, ow, n))
        g_b = np.ascontiguousarray(grad.T)
    buffer = scratch(rows, bias, view.dtype, blocks)
    return summed_in_order(im2col(view, b, buffer) @ g_b[b[3]:b[4]] for b in blocks)


def blocked_input_grad(weight: np.ndarray, scale: float, grad: np.ndarray,
                       x_shape: tuple[int, ...]) -> np.ndarray:
    """The input gradient of a convolution with ``weight`` (f, c, k, k) times ``scale``,
    for its output gradient ``grad`` (f, out_h, out_w, N), a few output rows at a time.

    dx[c, y, x] = sum over f, i, j of w[f, c, i, j] * grad[f, y - i, x - j].  The sum over
    j is one product with the gradient shifted j columns (k shifted copies); the sum over
    i is k row-shifted adds.  Cheaper than col2im's k² adds of a k²-times-larger matrix
    (about 20 % for 5x5 features at batch 128).  Done a few output rows at a time, so the
    shifted copies stay small.  Each block is one product, of up to 4 * BLOCK_VALUES
    shifted values: for these (k * c, f * k) weights OpenBLAS's general
    kernel beats the small-matrix pieces (in the 28x28 network's step at batch 128, its
    second convolution's input gradient took 1.78 ms, not 2.23)."""
    c, h, w, n = x_shape
    f, _, k, _ = weight.shape
    oh, ow = h - k + 1, w - k + 1
    weight = weight.transpose(2, 1, 0, 3).reshape(k * c, f * k) * scale
    step = even_step(oh, 4 * BLOCK_VALUES // (f * k * w * n))
    dx = np.zeros(x_shape, grad.dtype)
    shifted = np.zeros((f, k, step, w, n), grad.dtype)
    for r0 in range(0, oh, step):
        r1 = min(oh, r0 + step)
        view = shifted if r1 - r0 == step else np.zeros((f, k, r1 - r0, w, n), grad.dtype)
        for j in range(k):
            view[:, j, :, j:j + ow] = grad[:, r0:r1]
        rows = np.matmul(weight, view.reshape(f * k, -1)).reshape(k, c, r1 - r0, w, n)
        for i in range(k):
            dx[:, r0 + i:r0 + i + r1 - r0] += rows[i]
    return dx
