"""The history of the LSTM's cell state c<1..t>, drawn beside the history of a<1..t> (the
rows line up with its words, so no word is repeated here): one row per word, one column per
unit, on the same fixed scale. Units whose colour runs down many rows are what the cell
remembers. Backward, dc<τ> for τ = T_x … t next to da<τ>, each with its norm ‖dc<τ>‖."""

from __future__ import annotations

from ..draw.colours import DIM, FAINT, MARK, NUMBER, RULE
from ..draw.heatmap import heatmap_caption, heatmap_line
from ..draw.numbers import fmt_sig
from ..draw.text import Line, seg, title_line
from ..view import ViewState
from .base import Panel, one_chain
from .gradients import grad_scale
from .history import NORM_WIDTH, repeated, rows_per_word

EDGE = 2  # "│ " between the two histories


def shown_steps(t: int, T: int, rows: int, backward: bool) -> range:
    """The steps shown in `rows` rows, as the history of a<t> shows them (history.py, with
    `rows_per_word(T, rows)` rows each), so the two histories' rows are the same words."""
    shown = max(1, rows // rows_per_word(T, rows))
    if backward:
        first = max(1, min(t, T - shown + 1))
    else:
        first = max(1, max(t, min(T, shown)) - shown + 1)
    return range(first, min(T, first + shown - 1) + 1)


def edge(step: int, t: int) -> Line:
    return [seg("▶" if step == t else "│", MARK if step == t else RULE), seg(" ")]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """c<1> … c<t>, one row each; the rows after t stay empty."""
    room = max(1, width - EDGE)
    values = view.trace.q("c", view.layer, view.direction)
    rows: list[Line] = []
    k = rows_per_word(view.T, height - 1)
    for step in shown_steps(view.t, view.T, height - 1, backward=False):
        cells = heatmap_line(values[step - 1], room) if step <= view.t else [seg("·", FAINT)]
        rows += repeated([*edge(step, view.t), *cells], cells if step <= view.t else [], 0, k, [*edge(0, -1)])
    extra = [seg(f"the cell state, beside a<t> ({heatmap_caption(view.params.n_a, room)})", DIM)]
    return [title_line("history of c<1..t>", width, extra), *rows]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """dc<τ> for τ = T_x … t: its norm and its heatmap, on the sentence's gradient scale."""
    room = max(1, width - EDGE - NORM_WIDTH)
    back = view.trace.backward
    values = back.g("dc", view.layer, view.direction)
    norms = back.norms("dc", view.layer, view.direction)
    scale = grad_scale(view)
    rows: list[Line] = []
    k = rows_per_word(view.T, height - 1)
    for step in shown_steps(view.t, view.T, height - 1, backward=True):
        line = edge(step, view.t)
        if step >= view.t:
            cells = heatmap_line(values[step - 1], room, scale)
            line += [seg(fmt_sig(norms[step - 1], 2).rjust(NORM_WIDTH - 1), NUMBER), seg(" "), *cells]
            rows += repeated(line, cells, NORM_WIDTH, k, [*edge(0, -1)])
        else:
            line.append(seg("·".rjust(NORM_WIDTH - 1), FAINT))
            rows += repeated(line, [], 0, k, [*edge(0, -1)])
    extra = [seg(f"‖dc<τ>‖, then dc<τ> ({heatmap_caption(view.params.n_a, room)})", DIM)]
    return [title_line("history of dc<t>, right to left", width, extra), *rows]


PANEL = Panel(
    "cell-history", {"forward": forward, "backward": backward}, quantities=("c",), when=one_chain, while_loading=False
)
