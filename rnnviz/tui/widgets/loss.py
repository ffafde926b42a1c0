"""Panel 7, the accumulated loss Σ L<t> up to t, with the per-word losses as bars."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style

from ..render import (
    DIM,
    LABEL,
    MARK,
    NOTE,
    NUMBER,
    Line,
    column_bars,
    fit,
    fmt_small,
    line_width,
    seg,
    stop_title,
    title_line,
)
from ..state import ViewState, losses
from .panel import Panel

BAR = Style(color="#957fb8")


def loss_bars(values: Sequence[float], t: int, width: int, height: int) -> list[Line]:
    """L<1..T> as vertical bars, the ones after t empty, bar t highlighted; a fixed scale
    (the largest L<t> of the sentence) so bars do not jump while stepping."""
    T = len(values)
    bar, gap = (3, 1) if T * 4 <= width else ((2, 1) if T * 3 <= width else (1, 0))
    shown = [v if i < t else None for i, v in enumerate(values)]
    top = max(values) if values else 1.0
    styles = [MARK if i == t - 1 else BAR for i in range(T)]
    rows = column_bars(shown, top, height, bar, gap, styles)
    return [fit(row, width) for row in rows]


class LossPanel(Panel):
    """`ΣL = L<1> + … + L<t> = …` and a bar per word."""

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        if state.backward:
            from . import backward  # backward imports this module (BAR)

            return backward.norm_lines(state, width, height)
        values = losses(state.trace)
        t = state.t
        title = "Σ L<t>, the sentence loss so far"
        if values is None:
            text: Line = [seg("ΣL", LABEL), seg(": no labels y<t>, so no loss", NOTE)]
            return ([title_line(title, width)] if height >= 2 else []) + [fit(text, width)]
        if t == 0:
            text = [seg("ΣL = 0", NUMBER), seg(" (no word yet)", DIM)]
        else:
            terms = "L<1>" if t == 1 else ("L<1> + L<2>" if t == 2 else f"L<1> + … + L<{t}>")
            text = [seg(f"ΣL = {terms} = ", LABEL), seg(fmt_small(state.step.cum_loss), NUMBER)]
        if height >= 3:
            bars = loss_bars(values, t, width, height - 2)
            top = [seg(f"  (top {fmt_small(max(values))})", DIM)]
            if t and line_width(text) + line_width(top) <= width:
                text += top
            stop = state.stopped("loss")
            head = stop_title(title, width, stop.reason) if stop else title_line(title, width)
            return [head, fit(text, width), *bars]
        spark = loss_bars(values, t, max(1, width - 30), 1)[0]
        return [fit([*text, seg("  "), *spark], width)]
