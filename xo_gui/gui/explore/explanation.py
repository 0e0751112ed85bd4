"""The explanation panel: the arithmetic behind the cell the user points at, as HTML
tables coloured like the maps (the tutorial's slides, for any cell of any map)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ...engine.explain import Cell, ConvCell, PoolCell, ReluCell, ValueCell, VoteCell
from ...engine.kinds import Axes
from ..widgets.colors import PAD_CELL, draw_focus_ring, text_color, value_color
from ..widgets.numbers import cell_text, fmt

MAX_TABLE_CELLS = 100     # larger patches are summarised instead of tabulated
TOP_CONTRIBUTIONS = 8
translate = QCoreApplication.translate


def table(values: np.ndarray, padding: np.ndarray | None = None) -> str:
    """A small coloured matrix; padding cells are grey and say 'pad'."""
    rows = []
    for r in range(values.shape[0]):
        cells = []
        for c in range(values.shape[1]):
            v = float(values[r, c])
            if padding is not None and padding[r, c]:
                cells.append(f'<td bgcolor="{PAD_CELL[0]}" align="center"><i><font color='
                             f'"{PAD_CELL[1]}">' + translate("Explanation", "pad 0")
                             + '</font></i></td>')
                continue
            bg = value_color(v)
            fg = text_color(v).name()
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
                out.append(translate("Explanation", "<p>Input map {n}:</p>").format(n=ch + 1))
            out.append(_side_by_side((translate("Explanation", "patch"), table(cell.patch[ch])),
                                     (translate("Explanation", "× feature"),
                                      table(cell.feature[ch]))))
            out.append(_side_by_side((translate("Explanation", "= products, pixel by pixel"),
                                      table(cell.products[ch]))))
    else:
        out.append(translate("Explanation", "<p>{n} pixels (patch × feature, pixel by "
                                            "pixel).</p>").format(n=cell.patch.size))
    matches = int(np.sum(cell.products > 0))
    misses = int(np.sum(cell.products < 0))
    whole = abs(total - round(total)) < 1e-6
    total_text = (str(int(round(total))) if whole else fmt(total)).replace("-", "−")
    out.append(translate("Explanation", "<p>Sum of the products = <b>{total}</b> ({agree} "
                                        "agree, {disagree} disagree)</p>").format(
        total=total_text, agree=matches, disagree=misses))
    line = f"{total_text} / {div} = {fmt(total / div)}"
    if cell.bias:
        line += " &nbsp;" + translate("Explanation", "+ bias {bias} = {result}").format(
            bias=fmt(cell.bias), result=fmt(cell.result))
    out.append(f"<p style='font-size:x-large'><b>{line}</b></p>")
    out.append(translate("Explanation", "<p>Divide by the number of pixels so that a perfect "
                                        "match gives 1 and a perfect mismatch −1.</p>"))
    return "".join(out)


def _pool_html(cell: PoolCell) -> str:
    out = [table(cell.window, cell.padding)]
    if cell.padding.any():
        out.append(translate("Explanation", "<p>The window runs off the edge of the map: the "
                                            "missing cells count as 0.</p>"))
    what = (translate("Explanation", "maximum = {value}") if cell.kind == "max"
            else translate("Explanation", "mean = {value}"))
    out.append(f"<p style='font-size:x-large'><b>{what.format(value=fmt(cell.result))}</b></p>")
    out.append(translate("Explanation", "<p>Pooling keeps the best match in each window, so "
                                        "the picture shrinks but the matches survive a small "
                                        "shift.</p>") if cell.kind == "max" else
               translate("Explanation", "<p>The mean of {n} cells.</p>").format(
                   n=cell.window.size))
    return "".join(out)


def _relu_html(cell: ReluCell) -> str:
    return (f"<p style='font-size:x-large'><b>max(0, {fmt(cell.value)}) = {fmt(cell.result)}</b></p>"
            + translate("Explanation", "<p>ReLU: every negative value becomes 0; positive "
                                       "values pass unchanged.</p>"))


def _value_html(cell: ValueCell) -> str:
    ch, r, c = cell.source
    out = [translate("Explanation", "<p>Value from pooled map {map}, row {r}, column {c}: "
                                    "<b>{value}</b></p>").format(
        map=ch + 1, r=r + 1, c=c + 1, value=fmt(cell.value))]
    if cell.names:
        rows = "".join(f"<tr><td>{name}</td><td>{fmt(cell.value)} × {fmt(w)}</td>"
                       f"<td>= <b>{fmt(cell.value * w)}</b></td></tr>"
                       for name, w in zip(cell.names, cell.weights))
        out.append(translate("Explanation", "<p>Its votes (value × weight):</p>")
                   + f"<table cellpadding='2'>{rows}</table>")
    return "".join(out)


def _vote_html(cell: VoteCell) -> str:
    order = np.argsort(-np.abs(cell.contributions))[:TOP_CONTRIBUTIONS]
    rows = "".join(f"<tr><td>#{n + 1}</td><td>{fmt(cell.values[n])} × {fmt(cell.weights[n])}</td>"
                   f"<td>= {fmt(cell.contributions[n])}</td></tr>" for n in order)
    n = len(cell.values)
    total = (translate("Explanation", "<p>Sum of all {n} votes {sum} + bias {bias} = "
                                      "<b>{result}</b></p>") if cell.bias else
             translate("Explanation", "<p>Sum of all {n} votes {sum} = <b>{result}</b></p>"))
    out = [translate("Explanation", "<p>{n} values each vote value × weight. The "
                                    "largest:</p>").format(n=n)
           + f"<table cellpadding='2'>{rows}</table>",
           total.format(n=n, sum=fmt(cell.contributions.sum()), bias=fmt(cell.bias),
                        result=fmt(cell.result))]
    if cell.probabilities is not None:
        exps = " + ".join(f"e<sup>{fmt(t)}</sup>" for t in cell.totals)
        k = cell.names.index(cell.name)
        out.append(translate("Explanation", "<p>Softmax: P({name}) = {formula} = "
                                            "<b>{share}</b></p>").format(
            name=cell.name, formula=f"e<sup>{fmt(cell.result)}</sup> / ({exps})",
            share=f"{cell.probabilities[k]:.0%}"))
    return "".join(out)


def grid_place(kind: str, axes: Axes, rows: tuple[int, int], cols: tuple[int, int]) -> str:
    """Where a patch of the drawing lies in a sound (frequencies, moments) or a word
    (letters, positions), as one sentence; '' for letters."""
    n, m = len(axes.row_ticks), len(axes.column_ticks)
    top, bottom = max(rows[0], 0), min(rows[1], n) - 1
    left, right = max(cols[0], 0), min(cols[1], m) - 1
    if kind == "sound":
        return translate("Explanation", "<p>In the sound: frequencies from {low} to {high} Hz, "
                                        "from {start} s to {end} s.</p>").format(
            low=axes.row_ticks[bottom], high=axes.row_ticks[top],
            start=axes.column_ticks[left], end=axes.column_ticks[right])
    if kind == "text":
        return translate("Explanation", "<p>In the word: letters {first} to {last} at "
                                        "positions {start} to {end}.</p>").format(
            first=axes.row_ticks[top], last=axes.row_ticks[bottom],
            start=axes.column_ticks[left], end=axes.column_ticks[right])
    return ""


def describe(cell: Cell, title: str, place: str = "") -> str:
    """HTML for one explained cell (``place``: where its patch lies, from grid_place)."""
    body = {ConvCell: _conv_html, PoolCell: _pool_html, ReluCell: _relu_html,
            ValueCell: _value_html, VoteCell: _vote_html}[type(cell)](cell)
    return f"<h3>{title}</h3>{place}{body}"


class ExplanationPanel(QScrollArea):
    """Shows ``describe`` output under a one-line hint that stays on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint_html = self.tr("<p>The patch and feature for a convolution, the window for "
                            "pooling, max(0, x) for ReLU, value × weight for the votes. Click a "
                            "feature's pixel to flip it.</p>")
        self.hint = QLabel(self.tr("<b>Where does a number come from?</b> Point at any cell of "
                                   "any map to see its arithmetic; click to pin it."))
        self.hint.setWordWrap(True)
        self.setAccessibleName(self.tr("Explanation of the chosen cell"))
        self.setViewportMargins(1, 1, 1, 1)     # with the frame: room for the focus ring
        self.hint.setMargin(6)
        self.label = QLabel(self.hint_html)
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

    def event(self, event) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint:        # over the frame: where the keys go
            draw_focus_ring(self)
        return handled

    def show_cell(self, cell: Cell, title: str, place: str = "") -> None:
        self.label.setText(describe(cell, title, place))

    def show_html(self, html: str) -> None:
        self.label.setText(html)

    def text(self) -> str:
        return self.label.text()
