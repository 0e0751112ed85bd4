"""The tutorial's idea of a gradient, computed both ways for one weight.

"Nudge the weight up and down a bit and see how the error changes" (a central difference)
beside the exact backprop value.  Qt-free: it runs on its own float64 copy of a network,
never on the one being trained or shown.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.losses import get_loss
from ..engine.network import Network


@dataclass(frozen=True)
class GradientCheck:
    weight: float
    loss_down: float        # loss with the weight nudged down by eps
    loss_up: float          # ... and up by eps
    numerical: float        # (loss_up - loss_down) / (2 eps)
    backprop: float

    @property
    def difference(self) -> float:
        return abs(self.numerical - self.backprop)


def parameter_names(net: Network) -> list[str]:
    """Every parameter's file name, e.g. ``layers.0.weight`` (the model-file keys of the README, "Files")."""
    return [f"layers.{i}.{key}" for i, key, _ in net.parameters()]


def check_gradient(net: Network, images: np.ndarray, labels: np.ndarray, loss: str,
                   name: str, index: int, eps: float = 1e-3) -> GradientCheck:
    """Numerical (central difference) and backprop gradient of the loss for one weight."""
    twin = net.copy().astype(np.float64)
    twin.freeze([])                        # frozen or not, every weight has a gradient
    layer_index, key = int(name.split(".")[1]), name.split(".")[2]
    values = twin.layers[layer_index].params[key].reshape(-1)
    if not 0 <= index < values.size:
        raise IndexError(f"{name} has {values.size} weights; {index} is out of range")
    loss_fn = get_loss(loss)
    x = twin.to_batch(images)
    labels = np.asarray(labels, np.int64)
    original = float(values[index])

    def loss_at(value: float) -> float:
        values[index] = value
        return loss_fn(twin.forward(x, keep=False), labels)[0]

    down, up = loss_at(original - eps), loss_at(original + eps)
    values[index] = original
    _, grad = loss_fn(twin.forward(x), labels)
    twin.backward(grad)
    exact = float(twin.layers[layer_index].grads[key].reshape(-1)[index])
    return GradientCheck(original, down, up, (up - down) / (2 * eps), exact)
