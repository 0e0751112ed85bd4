"""One image through a network with as little per-call overhead as NumPy allows.

The window runs the network on every pixel edit, one image at a time, where the batch
path's per-layer bookkeeping (contiguity checks, window views, padded copies) costs more
than the arithmetic.  A plan, built once per layer list, keeps per layer what one image
needs: the im2col gather index of a small convolution and, for max pooling that follows
a ReLU, one gather of every window's cells (a window's cells past the edge are gathered
as its first cell, and the maximum starts from 0: with the ReLU's values never negative,
that is the batch path's padding zeros).  For the scores alone that ReLU is not run at
all: the pooling's maximum from 0 rectifies.  Layers run in the tutorial's order; every
other layer, or a layer too large for the fast ops, runs its own ``forward``.  The results
equal the batch path's (the same products, in the same order; maxima are exact).
"""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

import numpy as np

from .blocks import SMALL_GATHER, product_limit, windows
from .layers import Conv2D, Flatten, Layer, Linear, MaxPool, ReLU, pooled_size

if TYPE_CHECKING:
    from .network import Network

Step = Callable[[np.ndarray], np.ndarray]


def _conv_step(layer: Conv2D, shape: tuple[int, ...]) -> Step | None:
    """im2col by a kept index, one product, the scale and bias: as ``Conv2D.forward``."""
    c, h, w = shape
    k, f = layer.size, layer.features
    oh, ow, rows = h - k + 1, w - k + 1, c * k * k
    if rows * oh * ow > SMALL_GATHER:
        return None
    places = np.arange(c * h * w).reshape(c, h, w, 1)
    index = np.ascontiguousarray(
        windows(places, k, 1, oh, ow).transpose(0, 3, 4, 1, 2, 5)).reshape(rows, -1)
    work = f * (rows + 1) * oh * ow
    scale, params = layer.scale, layer.params

    def step(x: np.ndarray) -> np.ndarray:
        if work > product_limit():
            return layer.forward(x, keep=False)
        out = np.matmul(params["weight"].reshape(f, rows), x.reshape(-1).take(index))
        if layer.normalized:
            out *= scale
        if layer.has_bias:
            out += params["bias"][:, None]
        return out.reshape(f, oh, ow, 1)
    return step


def _max_pool_step(layer: MaxPool, shape: tuple[int, ...]) -> Step:
    """Every window's cells by one gather of a kept index, then their maximum."""
    c, h, w = shape
    p, s = layer.window, layer.stride
    oh, ow = pooled_size(h, p, s), pooled_size(w, p, s)
    top = (s * np.arange(oh))[:, None, None, None]          # (oh, ow, i, j) -> row, col
    left = (s * np.arange(ow))[None, :, None, None]
    row = top + np.arange(p)[None, None, :, None]
    col = left + np.arange(p)[None, None, None, :]
    inside = (row < h) & (col < w)
    row, col = np.where(inside, row, top), np.where(inside, col, left)   # past the edge:
    cell = row * w + col                                                # the first cell
    index = (np.arange(c)[:, None, None, None, None] * (h * w) + cell)  # (c, oh, ow, p, p)
    index = np.ascontiguousarray(index.reshape(c * oh * ow, p * p).T)

    def step(x: np.ndarray) -> np.ndarray:     # initial=0: the ReLU before, if not run yet
        return x.reshape(-1).take(index).max(axis=0, initial=0).reshape(c, oh, ow, 1)
    return step


def _linear_step(layer: Linear) -> Step:
    """The votes from the flattened maps: ``Linear.forward`` with the flattening in it."""
    params = layer.params

    def step(x: np.ndarray) -> np.ndarray:
        out = params["weight"] @ x.reshape(-1, 1)
        if layer.has_bias:
            out += params["bias"][:, None]
        return out
    return step


def plan(layers: Sequence[Layer], input_shape: tuple[int, ...],
         shapes: Sequence[tuple[int, ...]], fuse: bool = False) -> list[Step]:
    """One step per layer, in order, for one (C, H, W, 1) image; with ``fuse``, a ReLU
    before max pooling is left to the pooling (the maximum of rectified values is the
    rectified maximum) and a flattening to the fully connected layer after it."""
    steps: list[Step] = []
    shape = input_shape
    for i, layer in enumerate(layers):
        step = None
        after = layers[i + 1] if i + 1 < len(layers) else None
        if fuse and (isinstance(layer, ReLU) and isinstance(after, MaxPool)
                     or isinstance(layer, Flatten) and isinstance(after, Linear)):
            shape = shapes[i]
            continue
        if isinstance(layer, Conv2D):
            step = _conv_step(layer, shape)
        elif isinstance(layer, MaxPool) and i > 0 and isinstance(layers[i - 1], ReLU):
            step = _max_pool_step(layer, shape)
        elif fuse and isinstance(layer, Linear):
            step = _linear_step(layer)
        steps.append(step or partial(layer.forward, keep=False))
        shape = shapes[i]
    return steps


def _steps(net: "Network", fuse: bool = False) -> list[Step]:
    """The plans of ``net``, kept on it and made again when its layer list is another (a
    copy): one step per layer, and with ReLUs fused into max pooling."""
    kept = getattr(net, "_one_image_plan", None)
    if kept is None or kept[0] is not net.layers:
        kept = net._one_image_plan = (
            net.layers, plan(net.layers, net.input_shape, net.shapes),
            plan(net.layers, net.input_shape, net.shapes, fuse=True))
    return kept[2 if fuse else 1]


def outputs(net: "Network", x: np.ndarray) -> Iterator[np.ndarray]:
    """Each layer's output, in order, for one (C, H, W, 1) image ``x`` of ``net``."""
    for step in _steps(net):
        x = step(x)
        yield x


def scores(net: "Network", x: np.ndarray) -> np.ndarray:
    """The last layer's output, (classes, 1), for one (C, H, W, 1) image ``x``."""
    for step in _steps(net, fuse=True):
        x = step(x)
    return x
