"""Numbers as the tutorial's tables print them."""
from __future__ import annotations


def number_text(value: float, compact: bool = False) -> str:
    """Two decimals like the tutorial's tables; compact drops the leading zero and writes
    whole numbers (a feature's ±1, ReLU's 0) without decimals."""
    if compact and value == round(value):
        return str(int(round(value)))
    text = f"{value:.2f}"
    if text == "-0.00":
        text = "0.00"
    if compact:
        text = text.replace("0.", ".", 1) if abs(value) < 1 else text[:-1]
    return text


def fmt(value: float) -> str:
    """Two decimals, with a real minus sign (for prose and explanation tables)."""
    return number_text(value).replace("-", "−")


def cell_text(value: float) -> str:
    """Whole numbers as the tutorial writes pixels (1, −1); others with two decimals."""
    if value == round(value):
        return str(int(value)).replace("-", "−")
    return fmt(value)
