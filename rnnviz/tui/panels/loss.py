"""Forward, the accumulated loss Σ L<t> up to t, with the per-word losses as bars.
Backward, ‖da<t>‖ for the words backpropagated so far, as bars: the vanishing gradient."""

from __future__ import annotations

from ..draw.bars import step_bars
from ..draw.colours import BAR, DIM, LABEL, NOTE, NUMBER
from ..draw.numbers import fmt_sig, fmt_small
from ..draw.text import Line, fit, line_width, seg, stop_title, title_line
from ..view import ViewState, losses, per_trace, top
from .base import Panel


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """`ΣL = L<1> + … + L<t> = …` and a bar per word."""
    values = losses(view.trace)
    t = view.t
    title = "Σ L<t>, the sentence loss so far"
    if values is None:
        text: Line = [seg("ΣL", LABEL), seg(": no labels y<t>, so no loss", NOTE)]
        return ([title_line(title, width)] if height >= 2 else []) + [fit(text, width)]
    if t == 0:
        text = [seg("ΣL = 0", NUMBER), seg(" (no word yet)", DIM)]
    else:
        terms = "L<1>" if t == 1 else ("L<1> + L<2>" if t == 2 else f"L<1> + … + L<{t}>")
        text = [seg(f"ΣL = {terms} = ", LABEL), seg(fmt_small(view.trace.steps[t - 1].cum_loss or 0.0), NUMBER)]
    highest = per_trace(view.trace, "loss top", lambda tr: top(values))
    if height >= 3:
        bars = step_bars(values, t, width, height - 2, BAR, top=highest)
        scale = [seg(f"  (top {fmt_small(highest)})", DIM)]
        if t and line_width(text) + line_width(scale) <= width:
            text += scale
        stop = view.stopped("loss")
        head = stop_title(title, width, stop.reason) if stop else title_line(title, width)
        return [head, fit(text, width), *bars]
    spark = step_bars(values, t, max(1, width - 30), 1, BAR, top=highest)[0]
    return [fit([*text, seg("  "), *spark], width)]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """`‖da<t>‖ = …` and one bar per word, for τ = T_x … t."""
    t = view.t
    norms = view.trace.backward.norms("da", view.layer, view.direction)
    highest = per_trace(view.trace, ("da top", view.layer, view.direction), lambda tr: top(norms))
    text: Line = [seg(f"‖da<{t}>‖ = ", LABEL), seg(fmt_sig(norms[t - 1], 3), NUMBER)]
    if height >= 3:
        scale = [seg(f"  (top {fmt_sig(highest, 3)})", DIM)]
        if line_width(text) + line_width(scale) <= width:
            text += scale
        heading = "‖da<t>‖, the gradient at each word"
        stop = view.stopped("grad")
        title = stop_title(heading, width, stop.reason) if stop else title_line(heading, width)
        return [title, fit(text, width), *step_bars(norms, t, width, height - 2, BAR, backward=True, top=highest)]
    spark = step_bars(norms, t, max(1, width - 26), 1, BAR, backward=True, top=highest)[0]
    return [fit([*text, seg("  "), *spark], width)]


PANEL = Panel("loss", {"forward": forward, "backward": backward})
