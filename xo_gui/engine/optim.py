"""Gradient descent: each weight moves a little downhill.

Optimizers update a network's unfrozen parameters in place from the gradients its
backward pass left in each layer's ``grads``.  State is kept per (layer, key).
"""
from __future__ import annotations

import numpy as np

from .errors import ConfigError
from .network import Network


class Optimizer:
    def __init__(self, lr: float) -> None:
        if not np.isfinite(lr) or lr <= 0:
            raise ConfigError(f"learning rate must be a positive number (got {lr})")
        self.lr = float(lr)
        self.state: dict[tuple[int, str], list[np.ndarray]] = {}

    def step(self, net: Network) -> None:
        for index, layer in enumerate(net.layers):
            if layer.frozen:
                continue
            for key, grad in layer.grads.items():
                self.update(index, key, layer.params[key], grad)

    def update(self, index: int, key: str, value: np.ndarray, grad: np.ndarray) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """Plain gradient descent: w <- w - lr * dloss/dw, nothing added."""

    def update(self, index, key, value, grad):
        value -= self.lr * grad


class Momentum(Optimizer):
    """Heavy-ball momentum as in PyTorch: v <- mu v + g, w <- w - lr v."""

    def __init__(self, lr: float, momentum: float = 0.9) -> None:
        super().__init__(lr)
        if not 0 <= momentum < 1:
            raise ConfigError(f"momentum must be in [0, 1) (got {momentum})")
        self.momentum = momentum

    def update(self, index, key, value, grad):
        state = self.state.get((index, key))
        if state is None:
            self.state[(index, key)] = [grad.copy()]
            velocity = self.state[(index, key)][0]
        else:
            velocity = state[0]
            velocity *= self.momentum
            velocity += grad
        value -= self.lr * velocity


class Adam(Optimizer):
    """Adam (Kingma & Ba) with PyTorch's defaults."""

    def __init__(self, lr: float, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.b1, self.b2 = betas
        self.eps = eps
        self.t = 0

    def step(self, net: Network) -> None:
        self.t += 1
        self._c1 = 1 - self.b1 ** self.t
        self._c2 = 1 - self.b2 ** self.t
        super().step(net)

    def update(self, index, key, value, grad):
        state = self.state.get((index, key))
        if state is None:
            state = self.state[(index, key)] = [np.zeros_like(value), np.zeros_like(value)]
        m, v = state
        m *= self.b1
        m += (1 - self.b1) * grad
        v *= self.b2
        v += (1 - self.b2) * grad * grad
        denom = np.sqrt(v / self._c2)
        denom += self.eps
        value -= (self.lr / self._c1) * m / denom


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def make_optimizer(name: str, lr: float) -> Optimizer:
    try:
        cls = OPTIMIZERS[name]
    except KeyError:
        raise ConfigError(
            f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}") from None
    return cls(lr)
