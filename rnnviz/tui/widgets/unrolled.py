"""Panel 9, the unrolled network, the seed's figure: a<0> → [RNN] → a<1> → … with x<t>
below each cell and ŷ<t> above it; the current step highlighted; it scrolls to keep the
current step on screen when the sentence is longer than the panel."""

from __future__ import annotations

from ..render import DIM, Line, seg, title_line, unrolled_lines
from ..state import ViewState
from .panel import Panel


class UnrolledPanel(Panel):
    """The recurrence drawn across time, one [RNN] cell per word."""

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        trace = state.trace
        rows = unrolled_lines(
            trace.tokens, [step.unknown for step in trace.steps], state.y_hats, state.t, width
        )
        if height >= 6:
            extra: Line = [seg("the same cell (the same Waa, Wax, ba, Wya, by) at every step", DIM)]
            return [title_line("the unrolled network", width, extra), *rows]
        return rows
