"""What the panels of the gated cells (the LSTM and the GRU) share: one row per quantity of
the step, as a heatmap on the fixed scale of the vanilla panels (z<t>, a<t>), with a readout
at its right: a gate's mean (how far it is open, on average: gates are σ, in [0, 1], so
they are all on the red side of the scale), the range of the others (c<t> can leave
[-1, 1]: the scale's last steps, 2 and 4, are there for it). Backward, one row per gradient
on the sentence's gradient scale, with its norm (gradients.heat_row).

Every number is the engine's: `view.q` (trace.q), `view.summary` and the backward norms.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from ..draw.colours import DIM, LABEL, NOTE, NUMBER
from ..draw.heatmap import grad_legend, heatmap_caption, heatmap_line, legend_line
from ..draw.numbers import fmt
from ..draw.text import Line, fit, line_width, seg, stop_extra, title_line
from ..view import ViewState
from .gradients import PREFIX, SUFFIX, grad_scale, heat_row

LABEL_MIN = 7  # "Γf<4> " and one cell of air; wider for a longer sentence
READOUT = 13  # " [-2.1, +3.4]" / " mean 0.93"


@dataclass(frozen=True)
class Row:
    """One row of a gated cell's panel: the course's symbol and the engine's quantity."""

    symbol: str  # Γf, c̃, a …; a gradient row's symbol starts with d: dΓf, dc …
    name: str  # the engine's name: f, g, a_prev; df, dc, da_prev …
    gate: bool = False  # a σ gate, read by its mean; otherwise by its range
    shift: int = 0  # -1 for the value of step t-1 (a<t-1>, da<t-1>)

    def label(self, t: int) -> str:
        return f"{self.symbol}<{t + self.shift}>"


def pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal cells (c̃ is two characters in one cell)."""
    return text + " " * max(0, width - cell_len(text))


def label_width(view: ViewState, rows: tuple[Row, ...]) -> int:
    """Cells left of the heatmaps: the widest label of the sentence (at t = T_x), so the
    heatmaps start in the same column at every t."""
    return max(LABEL_MIN, *(cell_len(row.label(view.T)) + 1 for row in rows))


def readout(view: ViewState, row: Row) -> Line:
    """` mean 0.93` for a gate, ` [-2.1, +3.4]` otherwise: the engine's summary at t."""
    summary = view.summary(row.name)
    i = view.t - 1
    if row.gate:
        return [seg(" mean ", DIM), seg(fmt(summary.mean[i], 2), NUMBER)]
    lo, hi = fmt(summary.min[i], 1, sign=True), fmt(summary.max[i], 1, sign=True)
    return [seg(" [", DIM), seg(f"{lo}, {hi}", NUMBER), seg("]", DIM)]


def value_row(view: ViewState, row: Row, width: int, prefix: int) -> Line:
    """`Γf<4>  heatmap  mean 0.93`."""
    room = max(1, width - prefix - READOUT)
    label = seg(pad(row.label(view.t), prefix), LABEL)
    return fit([label, *heatmap_line(view.q(row.name), room), *readout(view, row)], width)


def before_first_word(view: ViewState, first: Row, states: tuple[Row, ...], width: int, prefix: int) -> list[Line]:
    """At t = 0: what the first step computes, and the states it starts from (0)."""
    room = max(1, width - prefix - READOUT)
    lines: list[Line] = [
        fit([seg(pad(first.label(1), prefix), LABEL), seg("not computed yet: press → to compute step 1", NOTE)], width)
    ]
    for row in states:  # their values at step 1's input: c<0>, a<0>
        label = seg(pad(row.label(1), prefix), LABEL)
        lines.append(fit([label, *heatmap_line(view.q(row.name, 1), room)], width))
    zero = " = ".join(row.label(1) for row in states)
    lines.append(fit([seg(f"{zero} = 0", NUMBER), seg(": the state before the first word (grey is 0)", DIM)], width))
    return lines


def titled_rows(heading: str, extras: list[Line], rows: list[Line], width: int, height: int, full: int) -> list[Line]:
    """A title over the rows when the panel has room for it over `full` rows (those of a
    step, so that t = 0 has a title exactly when the steps do), with the first of `extras`
    that fits beside the heading (the last one, cut, when none does); else only the rows."""
    if height <= full:
        return rows[:height]
    extra = next((e for e in extras if cell_len(heading) + 7 + line_width(e) <= width), extras[-1])
    return [title_line(heading, width, extra), *rows]


def forward_lines(
    view: ViewState, heading: str, rows: tuple[Row, ...], states: tuple[Row, ...], width: int, height: int
) -> list[Line]:
    """The forward panel: a heatmap row per quantity of step t (at t = 0, the states the
    first step starts from), under a title with the colour legend when there is room."""
    prefix = label_width(view, rows)
    if view.t == 0:
        body = before_first_word(view, rows[0], states, width, prefix)
    else:
        body = [value_row(view, row, width, prefix) for row in rows]
    caption = [seg(f"  {heatmap_caption(view.params.n_a, max(1, width - prefix - READOUT))}", DIM)]
    stop = view.stopped("saturate")
    if stop is not None:
        extras = [stop_extra(stop.reason)]
    else:
        extras = [
            [seg("colour ", DIM), *legend_line(), *caption],
            [seg("colour ", DIM), *legend_line(compact=True), *caption],
            [seg("colour ", DIM), *legend_line(compact=True)],
        ]
    return titled_rows(heading, extras, body, width, height, len(rows))


def backward_lines(view: ViewState, heading: str, rows: tuple[Row, ...], width: int, height: int) -> list[Line]:
    """The backward panel: a heatmap row per gradient of step t, on the sentence's gradient
    scale, each with its norm."""
    scale = grad_scale(view)
    body = [
        heat_row(pad(row.label(view.t), PREFIX), view.g(row.name), width, scale, view.norm(row.name)) for row in rows
    ]
    legend = [seg("colour ", DIM), *grad_legend(scale)]
    caption = [seg(f"  {heatmap_caption(view.params.n_a, max(1, width - PREFIX - SUFFIX))}", DIM)]
    return titled_rows(heading, [[*legend, *caption], legend], body, width, height, len(rows))
