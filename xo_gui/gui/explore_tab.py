"""The Explore tab: editor and votes on the left, the pipeline in the middle, the
explanation on the right.  It wires the views to the model and to each other (pointing at
a cell -> explanation + highlight of its source)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMessageBox, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from ..engine.errors import XoError
from ..engine.explain import Cell, explain
from .app_model import AppModel
from .editor import EditorPanel
from .explanation import ExplanationPanel
from .pictures import feature_name
from .pipeline import PipelineView
from .votes import VotesPanel

# The tutorial's first number, shown before the user points at anything: the top-left
# cell of the down-diagonal feature map (7/9 = 0.78 on the canonical X).
EXAMPLE = (0, (0, 0, 0))


class ExploreTab(QWidget):
    """Everything a pixel edit reaches, side by side."""

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.editor = EditorPanel(model)
        self.votes = VotesPanel(model)
        self.pipeline = PipelineView(model)
        self.explanation = ExplanationPanel()
        self.reset_button = QPushButton("Reset features")
        self.reset_button.setToolTip("Put the tutorial's three features back")
        self.reset_button.clicked.connect(self.reset_features)
        self.pinned: tuple[int, tuple] | None = None
        self.current: tuple[int, tuple] | None = None

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 4, 4, 4)
        left_layout.addWidget(self.editor, 3)
        left_layout.addWidget(self.votes, 2)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 4, 0, 0)
        head = QHBoxLayout()
        header = QLabel("<b>The network, layer by layer</b> — point at a cell to see its "
                        "arithmetic; click a feature pixel to flip it")
        header.setWordWrap(True)
        head.addWidget(header, 1)
        head.addWidget(self.reset_button)
        middle_layout.addLayout(head)
        middle_layout.addWidget(self.pipeline, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(self.explanation)
        left.setMinimumWidth(260)
        self.explanation.setMinimumWidth(250)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([270, 740, 270])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.pipeline.cellHovered.connect(self._on_view_hover)
        self.pipeline.cellClicked.connect(self._on_view_click)
        self.pipeline.kernelHovered.connect(self._on_view_kernel)
        model.traceChanged.connect(self._on_model_trace)
        model.networkChanged.connect(self._on_model_network)
        self._on_model_network()
        if self.current is not None:        # the trace is already there at start-up
            self.explain_cell(*self.current)

    # --- explanation -------------------------------------------------------------------
    def title(self, layer: int, cell: tuple) -> str:
        """The heading of an explanation, in the tutorial's words."""
        net = self.model.network
        kind = net.layers[layer].type
        if len(cell) == 3:
            f, r, c = cell
            name = feature_name(self.model.network_source, f)
            what = {"conv": "Feature map", "relu": "ReLU map", "maxpool": "Max-pooled map",
                    "avgpool": "Average-pooled map"}.get(kind, kind)
            return f"{what} of {name}, row {r + 1}, column {c + 1}"
        if kind == "flatten":
            return f"Flattened value #{cell[0] + 1}"
        if kind == "linear" and layer == len(net.layers) - 1:
            return f"Votes for {net.classes[cell[0]]}"
        return f"{net.names[layer]}, value #{cell[0] + 1}"

    def explain_cell(self, layer: int, cell: tuple) -> Cell:
        """Show where trace[layer][cell] comes from, and outline its source."""
        model = self.model
        result = explain(model.network, model.image, model.trace, layer, cell)
        self.current = (layer, tuple(cell))
        title = self.title(layer, cell)
        if self.pinned == self.current:
            title += " <small>(pinned: click it again to release)</small>"
        self.explanation.show_cell(result, title)
        region = result.region
        if region.stage < 0:
            self.pipeline.clear_highlight()
            self.editor.grid.set_highlight(region.rows, region.cols)
        else:
            self.editor.grid.set_highlight(None)
            self.pipeline.highlight(region.stage, region.channels, region.rows, region.cols)
        self.pipeline.mark(layer, tuple(cell))
        return result

    def _on_view_hover(self, layer: int, cell: tuple) -> None:
        if self.pinned is None and self.current != (layer, cell):
            self.explain_cell(layer, cell)

    def _on_view_kernel(self, layer: int, pixel: tuple) -> None:
        if self.pinned is not None:
            return
        f, ch, r, c = pixel
        weight = self.model.network.layers[layer].params["weight"]
        value = float(weight[f, ch, r, c])
        where = f", input map {ch + 1}" if weight.shape[1] > 1 else ""
        self.current = None
        self.pipeline.clear_highlight()
        self.editor.grid.set_highlight(None)
        self.explanation.show_html(
            f"<h3>Feature {f + 1}{where}, pixel row {r + 1}, column {c + 1}</h3>"
            f"<p>Value <b>{value:+.2f}</b>. A feature is a small picture of a piece of the "
            "letter: +1 where it expects ink, −1 where it expects background.</p>"
            "<p><b>Click</b> to flip this pixel and watch every map and vote change.</p>")

    def _on_view_click(self, layer: int, cell: tuple) -> None:
        self.pinned = None if self.pinned == (layer, cell) else (layer, cell)
        self.explain_cell(layer, cell)

    def _on_model_trace(self) -> None:
        if self.current is not None:
            self.explain_cell(*self.current)

    def _on_model_network(self) -> None:
        self.pinned = self.current = None
        self.editor.grid.set_highlight(None)
        self.explanation.show_html(self.explanation.HINT)
        if self.model.network_source == "classic":
            self.current = EXAMPLE      # explained as a click would, once the trace follows;
                                        # not pinned, so the first hover replaces it
        self.reset_button.setEnabled(self.model.network_source == "classic")

    def reset_features(self) -> None:
        """Restore the tutorial's features after the user has edited them."""
        try:
            self.model.reset_features()
        except XoError as exc:
            QMessageBox.warning(self, "Cannot reset features", str(exc))
