"""Panel 7, the accumulated loss Σ L<t> up to t, with the per-word losses as bars."""

from __future__ import annotations

from rich.style import Style

from ..render import (
    DIM,
    LABEL,
    NOTE,
    NUMBER,
    Line,
    fit,
    fmt_small,
    line_width,
    seg,
    step_bars,
    stop_title,
    title_line,
)
from ..state import ViewState, losses, per_trace, top
from .panel import Panel

BAR = Style(color="#957fb8")


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
        highest = per_trace(state.trace, "loss top", lambda tr: top(values))
        if height >= 3:
            bars = step_bars(values, t, width, height - 2, BAR, top=highest)
            scale = [seg(f"  (top {fmt_small(highest)})", DIM)]
            if t and line_width(text) + line_width(scale) <= width:
                text += scale
            stop = state.stopped("loss")
            head = stop_title(title, width, stop.reason) if stop else title_line(title, width)
            return [head, fit(text, width), *bars]
        spark = step_bars(values, t, max(1, width - 30), 1, BAR, top=highest)[0]
        return [fit([*text, seg("  "), *spark], width)]
