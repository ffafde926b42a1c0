"""Panel 10, the history of a<1..t> as a heatmap: one row per word, one column per unit
(as LSTMVis draws hidden states), on the colour scale of z<t> and a<t>."""

from __future__ import annotations

from ..render import DIM, Line, heatmap_caption, history_lines, seg, title_line
from ..state import ViewState, history_width
from . import backward
from .panel import Panel


class HistoryPanel(Panel):
    """a<1> … a<t>, one row each."""

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        if state.backward:
            return backward.history_lines(state, width, height)
        trace = state.trace
        n_a = state.params.n_a
        label_w = history_width(trace)
        rows = history_lines(trace.q("a"), trace.tokens, state.t, state.T, width, height - 1, label_w)
        extra: Line = [
            seg(f"one row per word, one column per unit ({n_a} units; ", DIM),
            seg(heatmap_caption(n_a, max(1, width - label_w)), DIM),
            seg(")", DIM),
        ]
        head = title_line("history of a<1..t>", width, extra)  # the same at every step
        if state.t == 0:
            rows = [[seg("  nothing yet: each step adds the row a<t> of the word it feeds", DIM)], *rows[1:]]
        return [head, *rows]
