"""Spin boxes whose range is set before their value (so the value is never clamped)."""
from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox


def int_spin(low: int, high: int, value: int, step: int = 1) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setValue(value)
    return spin


def float_spin(low: float, high: float, value: float, step: float, decimals: int = 2
               ) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setDecimals(decimals)
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setValue(value)
    return spin
