"""Forward, the sentence loss so far (the seed's panel, panels/loss.py). Backward, for a deep or
bidirectional network, ‖da<t>‖ at each word for each direction of the layer shown, as one
row of bars per direction on one scale: the vanishing gradient along each chain (→ fades to
the left, ← to the right)."""

from __future__ import annotations

from collections.abc import Hashable

from ..draw.bars import bars_window, column_bars
from ..draw.colours import BAR, DIM, LABEL, MARK, NUMBER
from ..draw.numbers import fmt_sig
from ..draw.text import Line, fit, line_width, seg, title_line
from ..view import ViewState, per_trace, top
from . import loss
from .base import Panel, many_chains
from .names import arrow, done, layer_phrase


def norms_top(view: ViewState) -> float:
    """The scale of the bars: the largest ‖da<t>‖ of the layer, both directions."""
    trace, layer = view.trace, view.layer

    def make(tr) -> float:
        return top(tuple(n for d in range(tr.directions) for n in tr.backward.norms("da", layer, d)))

    return per_trace(trace, ("da top", "layers", layer), make)


def bars(view: ViewState, d: int, width: int) -> Line:
    """One row of bars, ‖da<τ>‖ for the words whose gradient is computed at step t."""
    trace, t, layer = view.trace, view.t, view.layer
    norms = trace.backward.norms("da", layer, d)
    bar, gap, start, stop = bars_window(trace.T, t, width, backward=True)
    shown = [norms[k] if done(trace, layer, d, k + 1, t, True) else None for k in range(start, stop)]
    styles = [MARK if k == t - 1 else BAR for k in range(start, stop)]
    return fit(column_bars(shown, norms_top(view), 1, bar, gap, styles)[0], width)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    trace, t, layer = view.trace, view.t, view.layer
    back = trace.backward
    text: Line = []
    for d in range(trace.directions):
        name = f"‖da{arrow(trace, d)}<{t}>‖"
        text += [
            seg("  " if d else ""),
            seg(f"{name} ", LABEL),
            seg(fmt_sig(back.norms("da", layer, d)[t - 1], 2), NUMBER),
        ]
    labels = [f"{arrow(trace, d) or 'da'} " for d in range(trace.directions)]
    if height >= 2 + trace.directions:
        where = layer_phrase(trace, layer)
        heading = "‖da<t>‖ at each word" + (f", {where}" if where else "")
        rows = [fit([seg(label, LABEL), *bars(view, d, width - len(label))], width) for d, label in enumerate(labels)]
        scale = [seg(f"  (top {fmt_sig(norms_top(view), 2)})", DIM)]
        if line_width(text) + line_width(scale) <= width:
            text += scale
        return [title_line(heading, width, []), fit(text, width), *rows]
    room = max(1, (width - line_width(text)) // trace.directions - 4)
    line = list(text)
    for d, label in enumerate(labels):
        line += [seg("  " + label, LABEL), *bars(view, d, room)]
    return [fit(line, width)]


def key(view: ViewState) -> Hashable:
    return (view.trace, view.t, view.mode, view.hit, view.layer)


PANEL = Panel("sums", {"forward": loss.forward, "backward": backward}, key=key, when=many_chains, while_loading=False)
