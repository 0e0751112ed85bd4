"""The Explore tab: editor and votes on the left, the pipeline in the middle, the
explanation on the right.  Its controller wires the views to the lab both ways
(``_on_view_*`` send intents, ``_on_model_*`` show the lab)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter,
                               QVBoxLayout, QWidget)

from ...model.lab import LabModel, NetworkSource
from ...model.names import feature_name
from .actions import ExploreActions
from .animation_bar import AnimationBar
from .editor import EditorPanel
from .explanation import ExplanationPanel, grid_place
from .pipeline import PipelineView
from .votes import VotesPanel

class ExploreTab(QWidget):
    """Everything a pixel edit reaches, side by side."""

    def __init__(self, model: LabModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.actions = ExploreActions(model, self)
        acts = self.actions.actions
        self.editor = EditorPanel(model, [acts["pen"], acts["eraser"]])
        self.votes = VotesPanel(model)
        self.pipeline = PipelineView(model)
        self.explanation = ExplanationPanel()
        self.animation_bar = AnimationBar(model)
        self.reset_button = QPushButton(self.tr("Reset features"))
        self.reset_button.setToolTip(self.tr("Put the tutorial's three features back"))
        self._layout()
        # The arrow keys shift the drawing wherever the focus is in this tab.
        self.addActions([acts[f"shift_{key}"] for key in ("up", "down", "left", "right")])
        self._wire()
        self._on_model_network()
        self._on_model_explained()

    def _layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(4, 4, 4, 4)
        left_layout.addWidget(self.editor, 5)
        left_layout.addWidget(self.votes, 4)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 4, 0, 0)
        head = QHBoxLayout()
        header = QLabel(self.tr("<b>The network, layer by layer</b> — point at a cell to see "
                                "its arithmetic; click a feature pixel to flip it"))
        header.setWordWrap(True)
        head.addWidget(header, 1)
        head.addWidget(self.reset_button)
        middle_layout.addLayout(head)
        middle_layout.addWidget(self.animation_bar)
        self.pipeline_area = QScrollArea()          # scrolls only when zoomed in
        self.pipeline_area.setWidget(self.pipeline)
        self.pipeline_area.setWidgetResizable(True)
        self.pipeline_area.setAccessibleName(self.tr("Maps of the network (they scroll "
                                                     "when zoomed in)"))
        self.pipeline_area.setFrameShape(QScrollArea.Shape.NoFrame)
        middle_layout.addWidget(self.pipeline_area, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (left, middle, self.explanation):
            splitter.addWidget(widget)
        left.setMinimumWidth(260)
        self.explanation.setMinimumWidth(250)
        for index, stretch in enumerate((0, 1, 0)):
            splitter.setStretchFactor(index, stretch)
        splitter.setSizes([270, 740, 270])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _wire(self) -> None:
        model, pipeline = self.model, self.pipeline
        self.reset_button.clicked.connect(model.reset_features)
        self.editor.presetChosen.connect(model.load_preset)
        self.editor.kindPresetChosen.connect(model.load_kind_preset)
        self.editor.sizeChosen.connect(self._on_view_size)
        self.editor.grid.fileDropped.connect(self.actions.open_file)
        self.actions.actions["eraser"].toggled.connect(self._on_view_eraser)
        pipeline.cellHovered.connect(model.explained.point_at)
        pipeline.cellClicked.connect(model.explained.click)
        pipeline.walkRequested.connect(model.explained.walk)
        pipeline.pinRequested.connect(model.explained.toggle_pin)
        pipeline.kernelHovered.connect(self._on_view_kernel)
        pipeline.kernelClicked.connect(
            lambda layer, p: model.flip_feature_pixel(layer, *p))
        model.explained.changed.connect(self._on_model_explained)
        model.originChanged.connect(self._on_model_explained)     # the grid's kind may differ
        model.training.data.settingsChanged.connect(self._on_model_explained)
        model.networkChanged.connect(self._on_model_network)

    def set_zoom(self, factor: float) -> None:
        """The window's zoom: the maps get room to grow (fonts follow the window's font)."""
        self.pipeline.set_zoom(factor)

    def focus_drawing(self) -> None:
        self.editor.grid.setFocus()

    # --- views -> model -------------------------------------------------------------
    def _on_view_size(self, size: int) -> None:
        if not self.model.set_grid_size(size):
            self.editor.show_size(self.model.grid_size)     # refused: the box goes back

    def _on_view_eraser(self, on: bool) -> None:
        self.editor.grid.eraser = on

    def _on_view_kernel(self, layer: int, pixel: tuple) -> None:
        if self.model.explained.pinned:
            return
        f, ch, r, c = pixel
        weight = self.model.network.layers[layer].params["weight"]
        value = float(weight[f, ch, r, c])
        where = self.tr(", input map {n}").format(n=ch + 1) if weight.shape[1] > 1 else ""
        self.pipeline.clear_highlight()
        self.editor.grid.set_highlight(None)
        what = {"sound": self.tr("A feature is a small picture of a piece of a sound: +1 "
                                 "where it expects a loud frequency at a moment, −1 where "
                                 "it expects quiet."),
                "text": self.tr("A feature is a small picture of a few letters side by "
                                "side: +1 where it expects a letter at a position, −1 "
                                "where it expects another.")}.get(
            self.model.grid_kind if weight.shape[1] == 1 else "")    # it reads the drawing
        self.explanation.show_html(self.tr(
            "<h3>Feature {f}{where}, pixel row {r}, column {c}</h3><p>Value <b>{value}</b>. "
            "{what}</p><p><b>Click</b> to flip this pixel and watch every map and vote "
            "change.</p>").format(
            f=f + 1, where=where, r=r + 1, c=c + 1, value=f"{value:+.2f}",
            what=what or self.tr("A feature is a small picture of a piece of the letter: +1 "
                                 "where it expects ink, −1 where it expects background.")))

    # --- model -> views -------------------------------------------------------------
    def title(self, layer: int, cell: tuple) -> str:
        """The heading of an explanation, in the tutorial's words."""
        net = self.model.network
        kind = net.layers[layer].type
        if len(cell) == 3:
            f, r, c = cell
            name = feature_name(self.model.network_source == NetworkSource.TUTORIAL, f)
            what = {"conv": self.tr("Feature map of {name}, row {r}, column {c}"),
                    "relu": self.tr("ReLU map of {name}, row {r}, column {c}"),
                    "maxpool": self.tr("Max-pooled map of {name}, row {r}, column {c}"),
                    "avgpool": self.tr("Average-pooled map of {name}, row {r}, column {c}"),
                    }.get(kind, kind + " {name} {r} {c}")
            return what.format(name=name, r=r + 1, c=c + 1)
        if kind == "flatten":
            return self.tr("Flattened value #{n}").format(n=cell[0] + 1)
        if kind == "linear" and layer == len(net.layers) - 1:
            return self.tr("Votes for {name}").format(name=net.classes[cell[0]])
        return self.tr("{layer}, value #{n}").format(layer=net.names[layer], n=cell[0] + 1)

    def _on_model_explained(self) -> None:
        explained = self.model.explained
        if explained.at is None or explained.cell is None:
            self.pipeline.clear_highlight()
            self.editor.grid.set_highlight(None)
            self.explanation.show_html(self.explanation.hint_html)
            return
        layer, cell = explained.at
        title = self.title(layer, cell)
        animation = self.model.animation
        if animation.active and explained.pinned and (layer, tuple(cell)) == (
                animation.layer, animation.cell):
            title += self.tr(" <small>(animation: cell {k} of {n})</small>").format(
                k=animation.step, n=animation.total)
        elif explained.pinned:
            title += self.tr(" <small>(pinned: click it again to release)</small>")
        region = explained.cell.region
        axes = self.editor.grid.axes() if region.stage < 0 else None
        place = ("" if axes is None else
                 grid_place(self.model.grid_kind, axes, region.rows, region.cols))
        self.explanation.show_cell(explained.cell, title, place)
        if region.stage < 0:
            self.pipeline.clear_highlight()
            self.editor.grid.set_highlight(region.rows, region.cols)
        else:
            self.editor.grid.set_highlight(None)
            self.pipeline.highlight(region.stage, region.channels, region.rows, region.cols)
        self.pipeline.mark(layer, tuple(cell))

    def _on_model_network(self) -> None:
        tutorial = self.model.network_source == NetworkSource.TUTORIAL
        self.reset_button.setEnabled(tutorial)
        self.actions.actions["reset_features"].setEnabled(tutorial)
