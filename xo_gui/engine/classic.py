"""The tutorial's hand-made network: three 3x3 features, convolution -> ReLU -> 2x2 max
pooling -> votes for X and O.

The features are the tutorial's.  The vote weights are *derived*, reproducibly, the way
the tutorial describes votes ("a value votes strongly where it predicts X or O"): run the
canonical X and O and their one-pixel shifts through the feature layers, average each
letter's pooled values, and let each pooled value vote for a letter with the difference
between the letters' averages, normalised so the weights of each letter sum to 1.
"""
from __future__ import annotations

import numpy as np

from .data import canonical
from .layers import Conv2D, Flatten, Linear, MaxPool, ReLU
from .network import Network

CLASSIC_FEATURES = np.array([
    [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]],     # down-diagonal  "\"
    [[1, -1, 1], [-1, 1, -1], [1, -1, 1]],       # centre cross   "x"
    [[-1, -1, 1], [-1, 1, -1], [1, -1, -1]],     # up-diagonal    "/"
], dtype=np.float32)[:, None]                    # (features, channels, 3, 3)

FEATURE_NAMES = ("down-diagonal", "centre cross", "up-diagonal")


def _feature_layers() -> list:
    conv = Conv2D(3, 1, 3, bias=True)
    conv.params["weight"][...] = CLASSIC_FEATURES
    return [conv, ReLU(), MaxPool(2, 2), Flatten()]


def _shifted(image: np.ndarray) -> list[np.ndarray]:
    """The image and its four one-pixel shifts (background fills the vacated edge)."""
    out = [image]
    for axis in (0, 1):
        for step in (-1, 1):
            moved = np.roll(image, step, axis=axis)
            edge = 0 if step == 1 else -1
            index = [slice(None)] * 2
            index[axis] = edge
            moved[tuple(index)] = -1
            out.append(moved)
    return out


def _network(size: int) -> Network:
    pooled = (size - 2 + 1) // 2          # (size - 3 + 1) cells, 2x2 windows, edge padded
    return Network(_feature_layers() + [Linear(3 * pooled * pooled, 2)], (1, size, size))


def derive_vote_weights(canonical_x: np.ndarray, canonical_o: np.ndarray) -> np.ndarray:
    """Vote weights (2, values) from the canonical letters and their one-pixel shifts."""
    features = _network(canonical_x.shape[0])
    means = []
    for letter in (canonical_x, canonical_o):
        x = features.to_batch(np.stack(_shifted(letter)))
        for layer in features.layers[:4]:
            x = layer.forward(x, keep=False)
        means.append(x.mean(axis=1))
    diff = means[0] - means[1]
    votes = np.stack([np.clip(diff, 0, None), np.clip(-diff, 0, None)])
    return (votes / votes.sum(axis=1, keepdims=True)).astype(np.float32)


def classic_network(size: int = 9) -> Network:
    """The tutorial's network, ready to classify the canonical X and O.  At other grid
    sizes the same features are used and the votes are derived the same way."""
    net = _network(size)
    fc = net.layers[4]
    fc.params["weight"][...] = derive_vote_weights(canonical("X", size), canonical("O", size))
    fc.params["bias"][...] = 0
    return net
