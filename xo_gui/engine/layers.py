"""The tutorial's building blocks, each with its forward and exact backward side by side.

Activations are laid out **batch-last**: images are ``(channels, rows, cols, batch)`` and
flat vectors ``(values, batch)``.  With the batch innermost, im2col copies contiguous runs,
pooling is elementwise work over strided slices, and a fully connected layer is one matrix
product with the PyTorch weight layout ``(outputs, inputs)`` - no transposes anywhere.

A layer keeps what its backward needs from the last forward; ``backward`` returns the
gradient with respect to the layer's input and fills ``grads`` (same keys as ``params``).
"""
from __future__ import annotations

import math
from typing import Any, Iterator

import numpy as np

from .blocks import (SMALL_GATHER, blocked_forward, blocked_input_grad, blocked_weight_grad,
                     conv_blocks, image_columns, product_limit, windows)
from .errors import ConfigError
from .limits import MAX_LAYER_PARAMETERS as MAX_PARAMETERS   # per layer


SMALL_RELU = 2048      # values up to which ReLU compares with a scalar 0 (see ReLU.forward)


def _check_count(count: int) -> None:
    if count > MAX_PARAMETERS:
        raise ConfigError("a layer with {count:,} weights is too large (at most {most:,})",
                          count=count, most=MAX_PARAMETERS)


class Layer:
    """Base class: a layer without parameters passes gradients straight through."""

    type: str = "layer"
    params: dict[str, np.ndarray]
    grads: dict[str, np.ndarray]

    def __init__(self) -> None:
        self.params = {}
        self.grads = {}
        self.frozen = False

    def forward(self, x: np.ndarray, keep: bool = True) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        raise NotImplementedError

    def output_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        """The per-image output shape for a per-image input shape (no batch axis)."""
        return shape

    def config(self) -> dict[str, Any]:
        return {"type": self.type}

    def astype(self, dtype: np.dtype) -> None:
        for key in self.params:
            self.params[key] = self.params[key].astype(dtype)


class Conv2D(Layer):
    """Normalized convolution: slide each feature over every position where it fits,
    multiply pixel by pixel, add up, divide by the number of pixels (channels * size²),
    then add the feature's bias.  A perfect match gives 1, a perfect anti-match -1.

    The products go block by block over the output's columns (row, col, batch), each
    block's im2col built while it fits in cache and built again in backward from the kept
    input (blocks.py says why: OpenBLAS's small-matrix kernels, and im2col's memory)."""

    type = "conv"

    def __init__(self, features: int, channels: int, size: int, bias: bool = True,
                 normalized: bool = True) -> None:
        super().__init__()
        if features < 1:
            raise ConfigError("a convolution needs at least one feature (got {n})", n=features)
        if channels < 1:
            raise ConfigError(f"a convolution needs at least one input channel (got {channels})")
        if size < 1:
            raise ConfigError("feature size must be at least 1 (got {n})", n=size)
        _check_count(features * channels * size * size)
        self.features, self.channels, self.size = features, channels, size
        self.normalized = normalized
        self.has_bias = bias
        self.params["weight"] = np.zeros((features, channels, size, size), np.float32)
        if bias:
            self.params["bias"] = np.zeros(features, np.float32)

    @property
    def scale(self) -> float:
        return 1.0 / (self.channels * self.size * self.size) if self.normalized else 1.0

    def output_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        c, h, w = shape
        if c != self.channels:
            raise ConfigError(f"convolution expects {self.channels} channels, gets {c}")
        if self.size > h or self.size > w:
            raise ConfigError("a {k}x{k} feature is larger than its {h}x{w} input",
                              k=self.size, h=h, w=w)
        return (self.features, h - self.size + 1, w - self.size + 1)

    def _weight_matrix(self) -> np.ndarray:
        """(features, rows [+ 1]): the scaled weights, and the bias as a last column that
        multiplies im2col's last row of ones."""
        f = self.features
        weight = self.params["weight"].reshape(f, -1) * self.scale
        if self.has_bias:
            weight = np.concatenate([weight, self.params["bias"][:, None]], axis=1)
        return weight

    def forward(self, x: np.ndarray, keep: bool = True) -> np.ndarray:
        x = np.ascontiguousarray(x)
        c, h, w, n = x.shape
        k, f = self.size, self.features
        oh, ow = h - k + 1, w - k + 1
        view = windows(x, k, 1, oh, ow).transpose(0, 3, 4, 1, 2, 5)
        if keep:
            self._x = x
        rows = c * k * k
        if f * (rows + 1) * oh * ow * n <= product_limit():  # one product (an image, a batch)
            # im2col by one reshape (a copy: windows overlap), the scale and bias applied
            # to the product: 5 NumPy calls, not 10 (a 9x9 image: 4.5 us instead of 8).
            cols = (image_columns(x, k) if n == 1 and rows * oh * ow <= SMALL_GATHER
                    else view.reshape(rows, -1))
            out = self.params["weight"].reshape(f, rows) @ cols
            if self.normalized:
                out *= self.scale
            if self.has_bias:
                out += self.params["bias"][:, None]
            return out.reshape(f, oh, ow, n)
        weight = self._weight_matrix()
        out = np.empty((f, oh * ow * n), x.dtype)
        blocked_forward(weight, view, conv_blocks(f, rows, (oh, ow, n)), self.has_bias, out)
        return out.reshape(f, oh, ow, n)

    def backward(self, grad: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        x = self._x
        c, h, w, n = x.shape
        k, f = self.size, self.features
        oh, ow = h - k + 1, w - k + 1
        rows = c * k * k
        g = np.ascontiguousarray(grad).reshape(f, oh * ow * n)
        if not self.frozen:
            if f * (rows + 1) * oh * ow * n <= product_limit():   # one product, as
                view = windows(x, k, 1, oh, ow).transpose(0, 3, 4, 1, 2, 5)   # in forward
                both = view.reshape(rows, -1) @ g.T
                bias = g.sum(axis=1) if self.has_bias else None
            else:
                both = blocked_weight_grad(x, k, g, self.has_bias)
                bias = both[rows].copy() if self.has_bias else None
            self.grads["weight"] = (both[:rows].T * self.scale).reshape(f, c, k, k)
            if self.has_bias:
                self.grads["bias"] = bias
        if not need_input_grad:
            return None
        return blocked_input_grad(self.params["weight"], self.scale, g.reshape(grad.shape),
                                  x.shape)

    def config(self) -> dict[str, Any]:
        return {"type": self.type, "features": self.features, "channels": self.channels,
                "size": self.size, "bias": self.has_bias, "normalized": self.normalized}


class ReLU(Layer):
    """The tutorial's "normalization": every negative value becomes 0."""

    type = "relu"

    def __init__(self) -> None:
        super().__init__()
        self._zeros = np.zeros(0, np.float32)

    def forward(self, x: np.ndarray, keep: bool = True) -> np.ndarray:
        # np.maximum against a scalar takes a slow path (about 3x slower, measured with
        # numpy 2.4 on a 590k-value batch); against an array of zeros it is vectorized.
        # Below about 2k values (one image) the scalar's shorter setup wins (3 us, not 4).
        if x.size <= SMALL_RELU:
            out = np.maximum(x, 0)
        else:
            if self._zeros.size < x.size or self._zeros.dtype != x.dtype:
                self._zeros = np.zeros(x.size, x.dtype)  # grows only: batches, probes, chunks
            out = np.maximum(x, self._zeros[:x.size].reshape(x.shape))
        if keep:
            self._positive = out > 0
        return out

    def backward(self, grad: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        return grad * self._positive


def pooled_size(size: int, window: int, stride: int) -> int:
    """Windows start every ``stride`` cells while they start inside the map; the last one
    may run off the edge, where the missing cells count as 0 (a 7x7 map, 2/2 -> 4x4).
    With a stride larger than the window, a window that would start past the edge is
    dropped (as PyTorch's ``ceil_mode=True`` does): 9 cells, window 2, stride 3 -> 3."""
    count = math.ceil((size - window) / stride) + 1
    if (count - 1) * stride >= size:
        count -= 1
    return count


class _Pool(Layer):
    def __init__(self, window: int, stride: int | None = None) -> None:
        super().__init__()
        stride = window if stride is None else stride
        if window < 1:
            raise ConfigError("pooling window must be at least 1 (got {n})", n=window)
        if stride < 1:
            raise ConfigError("pooling stride must be at least 1 (got {n})", n=stride)
        self.window, self.stride = window, stride

    def output_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        c, h, w = shape
        if self.window > h or self.window > w:
            raise ConfigError("a {k}x{k} pooling window is larger than its {h}x{w} input",
                              k=self.window, h=h, w=w)
        return (c, pooled_size(h, self.window, self.stride),
                pooled_size(w, self.window, self.stride))

    def _padded(self, x: np.ndarray) -> tuple[np.ndarray, int, int]:
        c, h, w, n = x.shape
        p, s = self.window, self.stride
        oh, ow = pooled_size(h, p, s), pooled_size(w, p, s)
        # At least the input's size: with gaps, the last cells may lie in no window.
        ph, pw = max((oh - 1) * s + p, h), max((ow - 1) * s + p, w)
        if (ph, pw) != (h, w):
            padded = np.zeros((c, ph, pw, n), x.dtype)
            padded[:, :h, :w] = x
            x = padded
        return x, oh, ow

    def _offsets(self, padded: np.ndarray, oh: int, ow: int) -> Iterator[np.ndarray]:
        """Each window offset (i, j), in reading order, as a strided slice: cell (r, c) of
        slice (i, j) is cell (i, j) of window (r, c).  Pooling is then elementwise work
        over p² slices."""
        p, s = self.window, self.stride
        for i in range(p):
            for j in range(p):
                yield padded[:, i:i + s * (oh - 1) + 1:s, j:j + s * (ow - 1) + 1:s]

    def config(self) -> dict[str, Any]:
        return {"type": self.type, "window": self.window, "stride": self.stride}


class MaxPool(_Pool):
    """Keep the best match of each window: the maximum."""

    type = "maxpool"

    def forward(self, x: np.ndarray, keep: bool = True) -> np.ndarray:
        padded, oh, ow = self._padded(x)
        p = self.window
        if not keep and p == self.stride:
            # Windows that tile the map: the maximum over rows, then over columns, is
            # 2(p - 1) elementwise maxima instead of p² - 1 (a single image: 3.7 us, not 5).
            c, _, _, n = padded.shape
            tiles = padded.reshape(c, oh, p, ow, p, n)
            rows = tiles[:, :, 0]
            for i in range(1, p):
                rows = np.maximum(rows, tiles[:, :, i], out=None if i == 1 else rows)
            out = rows[:, :, :, 0]
            for j in range(1, p):
                out = np.maximum(out, rows[:, :, :, j], out=None if j == 1 else out)
            return out if p > 1 else out.copy()
        out, first = None, None
        for offset, cells in enumerate(self._offsets(padded, oh, ow)):
            if out is None:
                out = cells.copy()
                kind = np.uint8 if p * p <= 256 else np.uint16
                first = np.zeros(out.shape, kind) if keep else None
                continue
            if keep:   # the offset of the first maximum (offsets only grow: max() keeps it;
                # measured 8x faster than np.copyto(first, offset, where=cells > out))
                np.maximum(first, (cells > out).view(np.uint8) * kind(offset), out=first)
            np.maximum(out, cells, out=out)
        if keep:
            self._first, self._pad_shape, self._in_shape = first, padded.shape, x.shape
        return out

    def backward(self, grad: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        # The gradient goes to the window's maximum; on a tie, to the first one in reading
        # order (as PyTorch does).
        c, h, w, n = self._in_shape
        oh, ow = grad.shape[1:3]
        disjoint = self.window == self.stride     # windows tile the padded map exactly
        dpad = (np.empty if disjoint else np.zeros)(self._pad_shape, grad.dtype)
        for offset, cells in enumerate(self._offsets(dpad, oh, ow)):
            hit = self._first == offset
            if disjoint:                          # every cell written once: no add
                np.multiply(grad, hit, out=cells)
            else:
                cells += grad * hit
        return dpad[:, :h, :w]


class AvgPool(_Pool):
    """The mean of each window (missing cells past the edge count as 0)."""

    type = "avgpool"

    def forward(self, x: np.ndarray, keep: bool = True) -> np.ndarray:
        padded, oh, ow = self._padded(x)
        out = None
        for cells in self._offsets(padded, oh, ow):
            out = cells.copy() if out is None else np.add(out, cells, out=out)
        out *= 1 / (self.window * self.window)
        if keep:
            self._pad_shape, self._in_shape = padded.shape, x.shape
        return out

    def backward(self, grad: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        c, h, w, n = self._in_shape
        oh, ow = grad.shape[1:3]
        share = grad * (1 / (self.window * self.window))
        dpad = np.zeros(self._pad_shape, grad.dtype)
        for cells in self._offsets(dpad, oh, ow):
            cells += share
        return dpad[:, :h, :w]


class Flatten(Layer):
    """(C, H, W, N) -> (C*H*W, N), row-major over (channel, row, column) as in PyTorch."""

    type = "flatten"

    def output_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        return (int(np.prod(shape)),)

    def forward(self, x: np.ndarray, keep: bool = True) -> np.ndarray:
        if keep:
            self._in_shape = x.shape
        return x.reshape(-1, x.shape[-1])

    def backward(self, grad: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        return grad.reshape(self._in_shape)


class Linear(Layer):
    """Fully connected: every value casts a weighted vote for every output."""

    type = "linear"

    def __init__(self, inputs: int, outputs: int, bias: bool = True) -> None:
        super().__init__()
        if inputs < 1 or outputs < 1:
            raise ConfigError(
                f"a fully connected layer needs at least one input and output "
                f"(got {inputs} -> {outputs})")
        _check_count(inputs * outputs)
        self.inputs, self.outputs, self.has_bias = inputs, outputs, bias
        self.params["weight"] = np.zeros((outputs, inputs), np.float32)
        if bias:
            self.params["bias"] = np.zeros(outputs, np.float32)

    def output_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        if shape != (self.inputs,):
            raise ConfigError(
                f"fully connected layer expects {self.inputs} values, gets {shape}")
        return (self.outputs,)

    def forward(self, x: np.ndarray, keep: bool = True) -> np.ndarray:
        out = self.params["weight"] @ x
        if self.has_bias:
            out += self.params["bias"][:, None]
        if keep:
            self._x = x
        return out

    def backward(self, grad: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        if not self.frozen:
            self.grads["weight"] = grad @ self._x.T
            if self.has_bias:
                self.grads["bias"] = grad.sum(axis=1)
        if not need_input_grad:
            return None
        return self.params["weight"].T @ grad

    def config(self) -> dict[str, Any]:
        return {"type": self.type, "inputs": self.inputs, "outputs": self.outputs,
                "bias": self.has_bias}


LAYER_TYPES: dict[str, type[Layer]] = {
    cls.type: cls for cls in (Conv2D, ReLU, MaxPool, AvgPool, Flatten, Linear)}


def _whole(cfg: dict[str, Any], key: str, default: Any = None) -> int:
    """A setting that must be a whole number (not 3.7, not true)."""
    value = cfg.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{key} of a {cfg['type']} layer must be a whole number, not {value!r}")
    return value


def _flag(cfg: dict[str, Any], key: str) -> bool:
    value = cfg.get(key, True)
    if not isinstance(value, bool):
        raise ConfigError(f"{key} of a {cfg['type']} layer must be true or false, not {value!r}")
    return value


def layer_from_config(cfg: dict[str, Any]) -> Layer:
    """Build a layer from its ``config()`` dict; a clear ConfigError for anything else."""
    if not isinstance(cfg, dict) or cfg.get("type") not in LAYER_TYPES:
        raise ConfigError(f"unknown layer {cfg!r}")
    kind = cfg["type"]
    if kind == "conv":
        return Conv2D(_whole(cfg, "features"), _whole(cfg, "channels"), _whole(cfg, "size"),
                      _flag(cfg, "bias"), _flag(cfg, "normalized"))
    if kind in ("maxpool", "avgpool"):
        return LAYER_TYPES[kind](_whole(cfg, "window"), _whole(cfg, "stride", cfg.get("window")))
    if kind == "linear":
        return Linear(_whole(cfg, "inputs"), _whole(cfg, "outputs"), _flag(cfg, "bias"))
    return LAYER_TYPES[kind]()
