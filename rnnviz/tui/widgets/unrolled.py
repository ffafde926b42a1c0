"""Panel 9, the unrolled network, the seed's figure: a<0> → [RNN] → a<1> → … with x<t>
below each cell and ŷ<t> above it; the current step highlighted; it scrolls to keep the
current step on screen when the sentence is longer than the panel. In backward mode the
arrows point right to left: the error ŷ − y comes down into each cell and da flows left."""

from __future__ import annotations

from ..render import DIM, Line, seg, title_line, unrolled_back_lines, unrolled_lines
from ..state import ViewState
from .panel import Panel


class UnrolledPanel(Panel):
    """The recurrence drawn across time, one [RNN] cell per word."""

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        trace = state.trace
        unknown = [step.unknown for step in trace.steps]
        if state.backward:
            errors = [back.dlogit for back in state.backs]
            rows = unrolled_back_lines(trace.tokens, unknown, errors, state.t, width)
            if height >= 6:
                extra: Line = [seg("backward: ŷ − y comes down into each cell, da flows right to left", DIM)]
                return [title_line("the unrolled network, backpropagation through time", width, extra), *rows]
            return rows
        rows = unrolled_lines(trace.tokens, unknown, state.y_hats, state.t, width)
        if height >= 6:
            extra = [seg("the same cell (the same Waa, Wax, ba, Wya, by) at every step", DIM)]
            return [title_line("the unrolled network", width, extra), *rows]
        return rows
