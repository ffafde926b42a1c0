"""A classifier's loss: forward, there is one, L = BCE(ŷ, y) at t = T_x, and none before;
backward, ‖da<τ>‖ for the words backpropagated so far, as bars on one scale: the whole
gradient enters at the last word and reaches the earlier ones only through Waa, step by
step, which is where the vanishing gradient shows plainest."""

from __future__ import annotations

from ..draw.colours import DIM, LABEL, NOTE, NUMBER
from ..draw.numbers import fmt_sig, fmt_small
from ..draw.text import Line, fit, seg, title_line
from ..view import ViewState, per_trace, top
from .base import Panel, one_chain
from .loss import ACROSS_FROM, column_bars, word_rows


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """`L = 0.0023 at t = T_x`, or that there is none yet (or none: unlabeled)."""
    T, loss = view.T, view.trace.loss
    if loss is None:
        text: Line = [seg("L", LABEL), seg(": no label y, so no loss", NOTE)]
    elif view.t < T:
        text = [seg("L = 0 so far", NUMBER), seg(f": no loss at t < T_x; the one loss comes at t = {T}", NOTE)]
    else:
        text = [seg("L = −y log ŷ − (1−y) log(1−ŷ) = ", LABEL), seg(fmt_small(loss), NUMBER)]
    if height < 3:
        return [fit(text, width)]
    about: list[Line] = [
        [seg("one loss for the sentence: no L<t> at the other words", DIM)],
        [seg("(a tagger has one at every word)", DIM)],
    ]
    return [title_line("L, the sentence's one loss", width), fit(text, width), *[fit(r, width) for r in about]][:height]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """`‖da<t>‖ = …, entered at T_x with …` and one bar per word, τ = T_x … t."""
    t, T = view.t, view.T
    norms = view.trace.backward.norms("da", view.layer, view.direction)
    highest = per_trace(view.trace, ("da top", view.layer, view.direction), lambda tr: top(norms))
    text: Line = [seg(f"‖da<{t}>‖ = ", LABEL), seg(fmt_sig(norms[t - 1], 3), NUMBER)]
    if t < T:
        text += [seg(" ← ", NOTE), seg(f"‖da<{T}>‖ = ", LABEL), seg(fmt_sig(norms[T - 1], 3), NUMBER)]
        text += [seg(" at T_x", NOTE)]
    else:
        text += [seg("  the whole gradient enters here", NOTE)]
    if height < 3:
        return [fit(text, width)]
    title = title_line("‖da<τ>‖ of each word, from the one loss at T_x", width)
    if height >= ACROSS_FROM:
        about: Line = [seg("‖da<τ>‖", LABEL), seg(f" of each word; a full bar is {fmt_sig(highest, 3)}", DIM)]
        rows = word_rows(view, norms, lambda tau: tau >= t, lambda v: fmt_sig(v, 2), width, height - 3)
        return [title, fit(text, width), fit(about, width), *rows]
    return [title, fit(text, width), *column_bars(norms, t, width, height - 2, fmt_sig(highest, 3), True)]


PANEL = Panel(
    "cls-loss", {"forward": forward, "backward": backward}, shapes=("classifier",), when=one_chain, while_loading=False
)
