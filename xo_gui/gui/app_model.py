"""The application model: the drawing, the network and its per-layer trace.

Every view observes it through signals and sends intents back through its methods; no
widget runs the network itself.  Values are replaced, never mutated in place, so a view
may keep the arrays it was handed.
"""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..engine.classic import classic_network
from ..engine.errors import ConfigError
from ..engine.losses import softmax
from ..engine.network import LayerTrace, Network


class AppModel(QObject):
    """Current image + current network -> trace, scores, probabilities, prediction."""

    imageChanged = Signal()          # the drawing changed (values or size)
    networkChanged = Signal()        # a different network (architecture may differ)
    weightsChanged = Signal()        # same architecture, new weights (feature edit, training)
    traceChanged = Signal()          # trace/scores recomputed: every view refreshes from it

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._network: Network = classic_network()
        self._network_source = "classic"
        self._image = self._default_image(self._network.image_size[0])
        self.trace: list[LayerTrace] = []
        self.scores = np.zeros(len(self._network.classes), np.float32)
        self.probabilities = self.scores.copy()
        self.forward_ms = 0.0
        self._recompute()

    @staticmethod
    def _default_image(size: int) -> np.ndarray:
        from ..engine.data import canonical
        return canonical("X", size)

    # --- the drawing -------------------------------------------------------------------
    @property
    def image(self) -> np.ndarray:
        return self._image

    @property
    def grid_size(self) -> int:
        return self._image.shape[0]

    def set_image(self, image: np.ndarray) -> None:
        """Replace the drawing.  A new size needs a network of that size first."""
        image = np.clip(np.asarray(image, np.float32), -1, 1)
        if image.shape != self._network.image_size:
            raise ConfigError(
                f"the network takes {self._network.image_size[0]}x"
                f"{self._network.image_size[1]} drawings, not {image.shape[0]}x{image.shape[1]}")
        self._image = image.copy()
        self.imageChanged.emit()
        self._recompute()

    # --- the network -------------------------------------------------------------------
    @property
    def network(self) -> Network:
        return self._network

    @property
    def network_source(self) -> str:
        """'classic' for the tutorial's hand-made network, else where it came from."""
        return self._network_source

    @property
    def classes(self) -> tuple[str, ...]:
        return self._network.classes

    def set_network(self, network: Network, source: str, image: np.ndarray | None = None) -> None:
        """Show another network; ``image`` must be given when its input size differs."""
        if image is None:
            image = self._image
        if image.shape != network.image_size:
            raise ConfigError(
                f"the network takes {network.image_size[0]}x{network.image_size[1]} drawings")
        self._network = network
        self._network_source = source
        self._image = np.asarray(image, np.float32).copy()
        self.networkChanged.emit()
        self.imageChanged.emit()
        self._recompute()

    @property
    def resizable(self) -> bool:
        """Only the tutorial's network can be rebuilt for another grid size."""
        return self._network_source == "classic"

    def set_grid_size(self, size: int, image: np.ndarray | None = None) -> None:
        """Another grid size: the tutorial's network is rebuilt for it (same features,
        votes derived again); a trained network reads one size only (ConfigError)."""
        if not self.resizable:
            n = self.grid_size
            raise ConfigError(f"the network in use takes {n}x{n} drawings only")
        if image is None:
            from ..engine.data import canonical
            image = canonical("X", size)
        self.set_network(classic_network(size), "classic", image)

    def reset_features(self) -> None:
        """Put the tutorial's three features back into the first convolution."""
        from ..engine.classic import CLASSIC_FEATURES
        key = "layers.0.weight"
        state = self._network.state_dict()
        if key not in state or state[key].shape != CLASSIC_FEATURES.shape:
            raise ConfigError("this network's first layer does not have the tutorial's "
                              "three 3x3 features")
        state[key] = CLASSIC_FEATURES.copy()
        if "layers.0.bias" in state:
            state["layers.0.bias"][...] = 0
        self.set_weights(state)

    def set_weights(self, state: dict[str, np.ndarray]) -> None:
        """New weights for the same architecture (a feature edit, a training snapshot)."""
        self._network.load_state_dict(state)
        self.weightsChanged.emit()
        self._recompute()

    # --- results -----------------------------------------------------------------------
    @property
    def prediction(self) -> str:
        return self.classes[int(np.argmax(self.scores))]

    def _recompute(self) -> None:
        start = time.perf_counter()
        self.trace = self._network.trace(self._image)
        self.scores = self.trace[-1].output
        self.probabilities = softmax(self.scores.astype(np.float64)).astype(np.float32)
        self.forward_ms = (time.perf_counter() - start) * 1e3
        self.traceChanged.emit()
