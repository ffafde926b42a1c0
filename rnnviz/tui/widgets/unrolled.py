"""Panel 9, the unrolled network, the seed's figure: a<0> → [RNN] → a<1> → … with x<t>
below each cell and ŷ<t> above it; the current step highlighted; it scrolls to keep the
current step on screen when the sentence is longer than the panel. In backward mode the
arrows point right to left: the error ŷ − y comes down into each cell and da flows left."""

from __future__ import annotations

from ..render import DIM, Line, seg, title_line, unrolled_layout, unrolled_lines
from ..state import ViewState, dlogits, per_trace, unknowns
from .panel import Panel


class UnrolledPanel(Panel):
    """The recurrence drawn across time, one [RNN] cell per word."""

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        trace = state.trace
        back = state.backward
        layout = per_trace(trace, ("unrolled", back), lambda tr: unrolled_layout(tr.tokens, unknowns(tr), back))
        values = dlogits(trace) if back else state.y_hats
        rows = unrolled_lines(trace.tokens, unknowns(trace), values, state.t, width, backward=back, layout=layout)
        if height < 6:
            return rows
        if back:
            title = "the unrolled network, backpropagation through time"
            extra: Line = [seg("backward: ŷ − y comes down into each cell, da flows right to left", DIM)]
        else:
            title = "the unrolled network"
            extra = [seg("the same cell (the same Waa, Wax, ba, Wya, by) at every step", DIM)]
        return [title_line(title, width, extra), *rows]
