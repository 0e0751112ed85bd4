"""The animation's controls above the pipeline: which map to fill, Play / Pause, one cell
back or forward, Stop, the pace, and how far it got.  It shows ``lab.animation`` and sends
it intents; the state itself lives in the model."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker, QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QSizePolicy, QStyle,
                               QToolButton, QWidget)

from ...model.animation import ANIMATED
from ...model.lab import LabModel, NetworkSource
from ...model.names import feature_name

SPEEDS_MS = (800, 300, 80)          # slow, normal, fast: milliseconds between two cells


class AnimationBar(QWidget):
    """Play slides the chosen map's feature (or pooling window) over its input."""

    def __init__(self, model: LabModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.animation = model.animation
        self.map_box = QComboBox()
        # Narrow windows elide the map's name; wide ones show all of it.
        self.map_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.map_box.setMinimumContentsLength(12)
        self.map_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.map_box.setToolTip(self.tr("The map to fill cell by cell (clicking a cell of a "
                                        "feature map or pooled map chooses it too)"))
        self.speed_box = QComboBox()
        for text in (self.tr("Slow"), self.tr("Normal"), self.tr("Fast")):
            self.speed_box.addItem(text)
        self.speed_box.setToolTip(self.tr("How fast the window slides"))
        self.map_box.setAccessibleName(self.tr("Map to animate"))
        self.speed_box.setAccessibleName(self.tr("Animation speed"))
        self.progress = QLabel()
        icon = self.style().standardIcon
        pixmap = QStyle.StandardPixmap
        self.play_action = self._action(
            icon(pixmap.SP_MediaPlay), self.tr("Play"), self.animation.toggle, None,
            self.tr("Play: slide the feature over the input, filling the map cell by cell "
                    "(Space plays and pauses while animating)"))
        self.back_action = self._action(
            icon(pixmap.SP_MediaSeekBackward), self.tr("Step back"),
            self.animation.step_back, ",", self.tr("One cell back (,)"))
        self.forward_action = self._action(
            icon(pixmap.SP_MediaSeekForward), self.tr("Step forward"),
            self.animation.step_forward, ".", self.tr("One cell forward (.)"))
        self.stop_action = self._action(
            icon(pixmap.SP_MediaStop), self.tr("Stop"), self.animation.stop, None,
            self.tr("Stop: back to the whole map"))
        self._layout()
        self.map_box.activated.connect(self._on_view_map)
        self.speed_box.activated.connect(self._on_view_speed)
        self.animation.changed.connect(self._on_model_animation)
        model.networkChanged.connect(self._on_model_network)
        self._on_model_network()

    def _action(self, icon, text: str, slot, keys: str | None, tip: str) -> QAction:
        action = QAction(icon, text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _layout(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Animate:")))
        layout.addWidget(self.map_box, 1)
        self.buttons = {}
        for key, action in (("play", self.play_action), ("back", self.back_action),
                            ("forward", self.forward_action), ("stop", self.stop_action)):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            layout.addWidget(button)
            self.buttons[key] = button
        layout.addWidget(self.speed_box)
        layout.addWidget(self.progress)
        layout.addStretch(0)
        self._fit_icons()

    def changeEvent(self, event) -> None:
        """The window's zoom changes the font: the buttons' icons grow with the text."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_icons()

    def _fit_icons(self) -> None:
        side = max(16, self.fontMetrics().height())
        for button in self.buttons.values():
            button.setIconSize(QSize(side, side))

    # --- views -> model ----------------------------------------------------------------
    def _on_view_map(self, index: int) -> None:
        if 0 <= index < len(self._targets):
            self.animation.choose(*self._targets[index])

    def _on_view_speed(self, index: int) -> None:
        self.animation.set_interval(SPEEDS_MS[index])

    # --- model -> views ----------------------------------------------------------------
    def _map_title(self, layer: int, feature: int) -> str:
        net = self.model.network
        name = feature_name(self.model.network_source == NetworkSource.TUTORIAL, feature)
        text = {"conv": self.tr("{layer}: feature map of {name}"),
                "maxpool": self.tr("{layer}: max-pooled map of {name}"),
                "avgpool": self.tr("{layer}: average-pooled map of {name}")}
        return text[net.layers[layer].type].format(layer=net.names[layer], name=name)

    def _on_model_network(self) -> None:
        net = self.model.network
        self._targets = [(layer, feature) for layer, kind in enumerate(l.type for l in net.layers)
                         if kind in ANIMATED for feature in range(net.shapes[layer][0])]
        with QSignalBlocker(self.map_box):
            self.map_box.clear()
            for target in self._targets:
                self.map_box.addItem(self._map_title(*target))
        widest = max((self.map_box.fontMetrics().horizontalAdvance(self.map_box.itemText(i))
                      for i in range(self.map_box.count())), default=0)
        self.map_box.setMaximumWidth(max(widest + 48, self.map_box.minimumSizeHint().width()))
        self._on_model_animation()

    def _on_model_animation(self) -> None:
        anim = self.animation
        with QSignalBlocker(self.map_box):
            targets = self._targets
            self.map_box.setCurrentIndex(targets.index(anim.target)
                                         if anim.target in targets else -1)
        with QSignalBlocker(self.speed_box):
            index = SPEEDS_MS.index(anim.interval) if anim.interval in SPEEDS_MS else -1
            self.speed_box.setCurrentIndex(index)
        self.map_box.setEnabled(anim.target is not None)
        playing = anim.playing
        self.play_action.setEnabled(anim.target is not None or anim.active)
        self.play_action.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.play_action.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay))
        # Space plays and pauses only while a map is animated (elsewhere it presses buttons).
        self.play_action.setShortcut(QKeySequence("Space") if anim.active else QKeySequence())
        self.back_action.setEnabled(anim.active and anim.step > 0)
        self.forward_action.setEnabled(anim.target is not None and not (
            anim.active and anim.step >= anim.total))
        self.stop_action.setEnabled(anim.active)
        self.progress.setText(self.tr("cell {k} of {n}").format(k=anim.step, n=anim.total)
                              if anim.active else "")
