"""Where one cell of one map comes from: the tutorial's arithmetic, spelled out.

This is the slow, obviously-correct reference the explanation panel shows: plain loops,
one product at a time, exactly as the slides do it.  The fast engine (``layers.py``) is
tested against it cell by cell, so the numbers a user reads are the numbers the network
uses.  Pure NumPy, no Qt.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import ConfigError
from .layers import AvgPool, Conv2D, Flatten, Linear, MaxPool, ReLU
from .losses import softmax
from .network import LayerTrace, Network


@dataclass(frozen=True)
class Region:
    """A block of cells of a previous stage (``stage`` -1 is the input drawing).

    Rows/cols are half-open and may run past the map's edge (pooling's zero padding)."""

    stage: int
    channels: tuple[int, ...]
    rows: tuple[int, int]
    cols: tuple[int, int]


@dataclass(frozen=True)
class ConvCell:
    """Patch x feature, pixel by pixel, summed, divided by the number of pixels, + bias."""

    patch: np.ndarray        # (C, K, K)
    feature: np.ndarray      # (C, K, K)
    products: np.ndarray     # (C, K, K)
    total: float
    divisor: int             # C*K*K when normalized, else 1
    bias: float
    result: float
    region: Region


@dataclass(frozen=True)
class PoolCell:
    """A window of the map (cells past the edge count as 0) and its max or mean."""

    window: np.ndarray       # (P, P), padding cells hold 0
    padding: np.ndarray      # (P, P) bool, True where the window runs off the map
    kind: str                # "max" or "mean"
    result: float
    region: Region


@dataclass(frozen=True)
class ReluCell:
    """max(0, x)."""

    value: float
    result: float
    region: Region


@dataclass(frozen=True)
class ValueCell:
    """One flattened value and the weight it votes with for each output."""

    value: float
    source: tuple[int, int, int]   # (channel, row, col) in the last map
    weights: np.ndarray            # (outputs,) or empty if nothing follows
    names: tuple[str, ...]
    result: float
    region: Region


@dataclass(frozen=True)
class VoteCell:
    """An output: sum of value x weight over every input, + bias (and softmax at the end)."""

    name: str
    values: np.ndarray
    weights: np.ndarray
    contributions: np.ndarray
    bias: float
    result: float
    totals: np.ndarray | None        # every output's total (last layer only)
    probabilities: np.ndarray | None
    names: tuple[str, ...]
    region: Region


Cell = ConvCell | PoolCell | ReluCell | ValueCell | VoteCell


def conv_cell(x: np.ndarray, feature: np.ndarray, bias: float, divisor: int,
              row: int, col: int, stage: int = -1) -> ConvCell:
    """The normalized convolution at (row, col) of input ``x`` (C, H, W)."""
    channels, k = feature.shape[0], feature.shape[-1]
    patch = np.array(x[:, row:row + k, col:col + k], dtype=np.float64)
    products = np.zeros_like(patch)
    total = 0.0
    for c in range(channels):
        for i in range(k):
            for j in range(k):
                products[c, i, j] = patch[c, i, j] * float(feature[c, i, j])
                total += products[c, i, j]
    return ConvCell(patch, np.array(feature, np.float64), products, total, divisor,
                    float(bias), total / divisor + float(bias),
                    Region(stage, tuple(range(channels)), (row, row + k), (col, col + k)))


def pool_cell(x: np.ndarray, window: int, stride: int, kind: str, row: int, col: int,
              channel: int = 0, stage: int = -1) -> PoolCell:
    """Window (row, col) of the one-channel map ``x`` (H, W), padded with 0 past the edge."""
    h, w = x.shape
    values = np.zeros((window, window))
    padding = np.zeros((window, window), bool)
    for i in range(window):
        for j in range(window):
            r, c = row * stride + i, col * stride + j
            if r < h and c < w:
                values[i, j] = x[r, c]
            else:
                padding[i, j] = True
    if kind == "max":
        result = max(float(v) for v in values.ravel())
    else:
        result = sum(float(v) for v in values.ravel()) / values.size
    top, left = row * stride, col * stride
    return PoolCell(values, padding, kind, result,
                    Region(stage, (channel,), (top, top + window), (left, left + window)))


def relu_cell(value: float, region: Region) -> ReluCell:
    value = float(value)
    return ReluCell(value, value if value > 0 else 0.0, region)


def vote_cell(values: np.ndarray, weights: np.ndarray, bias: float, index: int,
              names: tuple[str, ...], all_weights: np.ndarray | None = None,
              all_bias: np.ndarray | None = None, stage: int = -1) -> VoteCell:
    """Output ``index`` of a fully connected layer, one contribution at a time.

    With ``all_weights``/``all_bias`` (the last layer) every total and the softmax too."""
    values = np.asarray(values, np.float64)
    contributions = np.zeros_like(values)
    total = 0.0
    for n, v in enumerate(values):
        contributions[n] = v * float(weights[n])
        total += contributions[n]
    total += float(bias)
    totals = probabilities = None
    if all_weights is not None:
        totals = np.array([sum(float(v) * float(w) for v, w in zip(values, row)) + float(b)
                           for row, b in zip(all_weights, all_bias)])
        probabilities = softmax(totals)
    return VoteCell(names[index], values, np.asarray(weights, np.float64), contributions,
                    float(bias), total, totals, probabilities, names,
                    Region(stage, (0,), (0, 1), (0, len(values))))


def _input(image: np.ndarray, trace: list[LayerTrace], layer: int) -> np.ndarray:
    if layer == 0:
        return np.asarray(image, np.float64)[None]
    return np.asarray(trace[layer - 1].output, np.float64)


def _output_names(network: Network, layer: int) -> tuple[str, ...]:
    outputs = network.layers[layer].outputs
    if all(not isinstance(l, Linear) for l in network.layers[layer + 1:]):
        return network.classes
    return tuple(f"neuron {n + 1}" for n in range(outputs))


def explain(network: Network, image: np.ndarray, trace: list[LayerTrace], layer: int,
            cell: tuple[int, ...]) -> Cell:
    """The arithmetic behind ``trace[layer].output[cell]`` (cell = (ch, row, col) or (n,))."""
    if not 0 <= layer < len(network.layers):
        raise ConfigError(f"no layer {layer}")
    shape = trace[layer].output.shape
    if len(cell) != len(shape) or any(not 0 <= v < s for v, s in zip(cell, shape)):
        raise ConfigError(f"cell {cell} is outside layer {layer} ({shape})")
    op = network.layers[layer]
    x = _input(image, trace, layer)
    prev = layer - 1
    if isinstance(op, Conv2D):
        f, r, c = cell
        bias = float(op.params["bias"][f]) if op.has_bias else 0.0
        divisor = op.channels * op.size * op.size if op.normalized else 1
        return conv_cell(x, op.params["weight"][f], bias, divisor, r, c, prev)
    if isinstance(op, (MaxPool, AvgPool)):
        ch, r, c = cell
        kind = "max" if isinstance(op, MaxPool) else "mean"
        return pool_cell(x[ch], op.window, op.stride, kind, r, c, ch, prev)
    if isinstance(op, ReLU):
        if len(cell) == 3:
            ch, r, c = cell
            return relu_cell(x[ch, r, c], Region(prev, (ch,), (r, r + 1), (c, c + 1)))
        return relu_cell(x[cell[0]], Region(prev, (0,), (0, 1), (cell[0], cell[0] + 1)))
    if isinstance(op, Flatten):
        c_, h, w = x.shape
        n = cell[0]
        ch, r, c = n // (h * w), (n // w) % h, n % w
        nxt = network.layers[layer + 1] if layer + 1 < len(network.layers) else None
        if isinstance(nxt, Linear):
            weights, names = nxt.params["weight"][:, n].astype(np.float64), _output_names(network, layer + 1)
        else:
            weights, names = np.zeros(0), ()
        return ValueCell(float(x[ch, r, c]), (ch, r, c), weights, names, float(x[ch, r, c]),
                         Region(prev, (ch,), (r, r + 1), (c, c + 1)))
    if isinstance(op, Linear):
        k = cell[0]
        weight = op.params["weight"]
        bias = op.params["bias"] if op.has_bias else np.zeros(op.outputs)
        last = layer == len(network.layers) - 1
        return vote_cell(x, weight[k], float(bias[k]), k, _output_names(network, layer),
                         weight if last else None, bias if last else None, prev)
    raise ConfigError(f"cannot explain a {op.type} layer")


def pixel_match(image: np.ndarray, reference: np.ndarray) -> float:
    """The tutorial's naive start: the fraction of pixels on the same side (ink or not)."""
    image, reference = np.asarray(image), np.asarray(reference)
    if image.shape != reference.shape:
        raise ConfigError(f"cannot compare a {image.shape} drawing with a {reference.shape} one")
    return float(np.mean((image > 0) == (reference > 0)))
