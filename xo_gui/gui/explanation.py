"""The explanation panel: the arithmetic behind the cell the user points at, as HTML
tables coloured like the maps (the tutorial's slides, for any cell of any map)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ..engine.explain import Cell, ConvCell, PoolCell, ReluCell, ValueCell, VoteCell
from .editor import value_color

MAX_TABLE_CELLS = 100     # larger patches are summarised instead of tabulated
TOP_CONTRIBUTIONS = 8


def fmt(value: float) -> str:
    """Two decimals, like the tutorial's tables ("−" as a real minus sign)."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")


def cell_text(value: float) -> str:
    """Whole numbers as the tutorial writes pixels (1, −1); others with two decimals."""
    if value == round(value):
        return str(int(value)).replace("-", "−")
    return fmt(value)


def table(values: np.ndarray, padding: np.ndarray | None = None) -> str:
    """A small coloured matrix; padding cells are grey and say 'pad'."""
    rows = []
    for r in range(values.shape[0]):
        cells = []
        for c in range(values.shape[1]):
            v = float(values[r, c])
            if padding is not None and padding[r, c]:
                cells.append('<td bgcolor="#d8d8d8" align="center"><i>pad 0</i></td>')
                continue
            bg = value_color(v)
            fg = "white" if abs(v) > 0.55 else "black"
            cells.append(f'<td bgcolor="{bg.name()}" align="center">'
                         f'<font color="{fg}">{cell_text(v)}</font></td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table cellspacing="1" cellpadding="2">' + "".join(rows) + "</table>"


def _side_by_side(*parts: tuple[str, str]) -> str:
    heads = "".join(f"<td><b>{title}</b></td><td></td>" for title, _ in parts)
    bodies = "".join(f"<td valign='middle'>{body}</td><td valign='middle'>&nbsp;</td>"
                     for _, body in parts)
    return f"<table><tr>{heads}</tr><tr>{bodies}</tr></table>"


def _conv_html(cell: ConvCell) -> str:
    total, div = cell.total, cell.divisor
    out = []
    if cell.patch.size <= MAX_TABLE_CELLS:
        for ch in range(cell.patch.shape[0]):
            if cell.patch.shape[0] > 1:
                out.append(f"<p>Input map {ch + 1}:</p>")
            out.append(_side_by_side(("patch", table(cell.patch[ch])),
                                     ("× feature", table(cell.feature[ch]))))
            out.append(_side_by_side(("= products, pixel by pixel", table(cell.products[ch]))))
    else:
        out.append(f"<p>{cell.patch.size} pixels (patch × feature, pixel by pixel).</p>")
    matches = int(np.sum(cell.products > 0))
    misses = int(np.sum(cell.products < 0))
    whole = abs(total - round(total)) < 1e-6
    total_text = str(int(round(total))) if whole else fmt(total)
    out.append(f"<p>Sum of the products = <b>{total_text.replace('-', '−')}</b> "
               f"({matches} agree, {misses} disagree)</p>")
    line = f"{total_text.replace('-', '−')} / {div} = {fmt(total / div)}"
    if cell.bias:
        line += f" &nbsp;+ bias {fmt(cell.bias)} = {fmt(cell.result)}"
    out.append(f"<p style='font-size:15pt'><b>{line}</b></p>")
    out.append("<p>Divide by the number of pixels so that a perfect match gives 1 and a "
               "perfect mismatch −1.</p>")
    return "".join(out)


def _pool_html(cell: PoolCell) -> str:
    what = "maximum" if cell.kind == "max" else "mean"
    out = [table(cell.window, cell.padding)]
    if cell.padding.any():
        out.append("<p>The window runs off the edge of the map: the missing cells count as 0.</p>")
    out.append(f"<p style='font-size:15pt'><b>{what} = {fmt(cell.result)}</b></p>")
    out.append("<p>Pooling keeps the best match in each window, so the picture shrinks but "
               "the matches survive a small shift.</p>" if cell.kind == "max" else
               f"<p>The mean of {cell.window.size} cells.</p>")
    return "".join(out)


def _relu_html(cell: ReluCell) -> str:
    return (f"<p style='font-size:15pt'><b>max(0, {fmt(cell.value)}) = {fmt(cell.result)}</b></p>"
            "<p>ReLU: every negative value becomes 0; positive values pass unchanged.</p>")


def _value_html(cell: ValueCell) -> str:
    ch, r, c = cell.source
    out = [f"<p>Value from pooled map {ch + 1}, row {r + 1}, column {c + 1}: "
           f"<b>{fmt(cell.value)}</b></p>"]
    if cell.names:
        rows = "".join(f"<tr><td>{name}</td><td>{fmt(cell.value)} × {fmt(w)}</td>"
                       f"<td>= <b>{fmt(cell.value * w)}</b></td></tr>"
                       for name, w in zip(cell.names, cell.weights))
        out.append(f"<p>Its votes (value × weight):</p><table cellpadding='2'>{rows}</table>")
    return "".join(out)


def _vote_html(cell: VoteCell) -> str:
    order = np.argsort(-np.abs(cell.contributions))[:TOP_CONTRIBUTIONS]
    rows = "".join(f"<tr><td>#{n + 1}</td><td>{fmt(cell.values[n])} × {fmt(cell.weights[n])}</td>"
                   f"<td>= {fmt(cell.contributions[n])}</td></tr>" for n in order)
    out = [f"<p>{len(cell.values)} values each vote value × weight. The largest:</p>"
           f"<table cellpadding='2'>{rows}</table>",
           f"<p>Sum of all {len(cell.values)} votes {fmt(cell.contributions.sum())}"
           + (f" + bias {fmt(cell.bias)}" if cell.bias else "")
           + f" = <b>{fmt(cell.result)}</b></p>"]
    if cell.probabilities is not None:
        exps = " + ".join(f"e<sup>{fmt(t)}</sup>" for t in cell.totals)
        k = cell.names.index(cell.name)
        out.append(f"<p>Softmax: P({cell.name}) = e<sup>{fmt(cell.result)}</sup> / ({exps}) = "
                   f"<b>{cell.probabilities[k]:.0%}</b></p>")
    return "".join(out)


def describe(cell: Cell, title: str) -> str:
    """HTML for one explained cell."""
    body = {ConvCell: _conv_html, PoolCell: _pool_html, ReluCell: _relu_html,
            ValueCell: _value_html, VoteCell: _vote_html}[type(cell)](cell)
    return f"<h3>{title}</h3>{body}"


class ExplanationPanel(QScrollArea):
    """Shows ``describe`` output under a one-line hint that stays on top."""

    HINT_LINE = ("<b>Where does a number come from?</b> Point at any cell of any map to see "
                 "its arithmetic; click to pin it.")
    HINT = ("<p>The patch and feature for a convolution, the window for pooling, "
            "max(0, x) for ReLU, value × weight for the votes. Click a feature's pixel "
            "to flip it.</p>")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = QLabel(self.HINT_LINE)
        self.hint.setWordWrap(True)
        self.hint.setMargin(6)
        self.hint.setStyleSheet("color: #555")
        self.label = QLabel(self.HINT)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setMargin(6)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.hint)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.setWidget(holder)
        self.setWidgetResizable(True)

    def show_cell(self, cell: Cell, title: str) -> None:
        self.label.setText(describe(cell, title))

    def show_html(self, html: str) -> None:
        self.label.setText(html)

    def text(self) -> str:
        return self.label.text()
