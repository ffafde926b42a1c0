"""Forward, the accumulated loss Σ L<t> up to t, with the per-word losses L<τ> as bars.
Backward, ‖da<t>‖ for the words backpropagated so far, as bars: the vanishing gradient (and
‖dc<t>‖ beside it for a cell with a cell state, the LSTM: state_bars.py).

The bars stand on a scale (`0.002┤` at the top: the value of a full bar) and the title says
what they are. A tall panel (the wide layout) draws them across, one row per word with its
value, as the history draws its rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..draw.bars import axis, hbar, step_bars
from ..draw.colours import BAR, DIM, FAINT, LABEL, MARK, NOTE, NUMBER
from ..draw.numbers import fmt_sig, fmt_small
from ..draw.text import Line, fit, seg, stop_title, title_line
from ..view import ViewState, losses, per_trace, top
from .base import Panel, one_chain
from .gradients import state_gradients
from .history import history_label_width, word_head
from .state_bars import state_bars

ACROSS_FROM = 6  # a panel this high draws one row per word


def column_bars(values: Sequence[float], t: int, width: int, height: int, scale: str, backward: bool) -> list[Line]:
    """`height` rows of vertical bars, one per word, on their scale (`scale┤` at the top)."""
    left = axis(scale, height)
    room = max(1, width - len(scale) - 1)
    highest = top(tuple(values))
    bars = step_bars(values, t, room, height, BAR, backward=backward, top=highest)
    return [fit([*a, *b], width) for a, b in zip(left, bars)]


def word_rows(
    view: ViewState,
    values: Sequence[float],
    shown: Callable[[int], bool],
    fmt: Callable[[float], str],
    width: int,
    rows: int,
) -> list[Line]:
    """One row per word: `▶ 4 hermione ████▍      5.0e-05`, scrolled to keep word t in
    view; the words not reached yet (`shown(τ)` false) are a dot."""
    T, t = view.T, view.t
    tokens = view.trace.tokens
    label_w = per_trace(view.trace, "history label", lambda tr: history_label_width(tr.tokens))
    number_w = max(len(fmt(v)) for v in values) + 1
    bar_w = max(1, width - label_w - number_w - 1)
    highest = top(tuple(values))
    rows = max(1, rows)
    last = max(min(max(t, 1), T), min(T, rows))
    first = max(1, last - rows + 1)
    lines: list[Line] = []
    for tau in range(first, min(T, first + rows - 1) + 1):
        line = word_head(tau, tokens[tau - 1], t, label_w, done=shown(tau) and tau != t)
        if shown(tau):
            value = values[tau - 1]
            line += [*hbar(value / highest if highest > 0 else 0.0, bar_w, MARK if tau == t else BAR, rest=" ")]
            line += [seg(" "), seg(fmt(value).rjust(number_w - 1), NUMBER)]
        else:
            line.append(seg("·", FAINT))
        lines.append(fit(line, width))
    return lines


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """`ΣL = L<1> + … + L<t> = …` and the per-word losses L<τ> as bars."""
    values = losses(view.trace)
    t = view.t
    title = f"ΣL, and L<τ> of each {view.unit}"
    if values is None:
        text: Line = [seg("ΣL", LABEL), seg(": no labels y<t>, so no loss", NOTE)]
        return ([title_line("Σ L<t>, the sentence loss so far", width)] if height >= 2 else []) + [fit(text, width)]
    if t == 0:
        text = [seg("ΣL = 0", NUMBER), seg(f" (no {view.unit} yet)", DIM)]
    else:
        terms = "L<1>" if t == 1 else ("L<1> + L<2>" if t == 2 else f"L<1> + … + L<{t}>")
        text = [seg(f"ΣL = {terms} = ", LABEL), seg(fmt_small(view.trace.steps[t - 1].cum_loss or 0.0), NUMBER)]
    highest = per_trace(view.trace, "loss top", lambda tr: top(values))
    if height >= 3:
        stop = view.stopped("loss")
        head = stop_title(title, width, stop.reason) if stop else title_line(title, width)
        if height >= ACROSS_FROM:
            about: Line = [seg("L<τ>", LABEL), seg(f" of each {view.unit}; a full bar is {fmt_small(highest)}", DIM)]
            rows = word_rows(view, values, lambda tau: tau <= t, fmt_small, width, height - 3)
            return [head, fit(text, width), fit(about, width), *rows]
        return [head, fit(text, width), *column_bars(values, t, width, height - 2, fmt_small(highest), False)]
    if t == 0:
        return [fit(text, width)]
    spark = step_bars(values, t, max(1, width - 35), 1, BAR, top=highest)[0]
    return [fit([*text, seg("  "), seg("L<τ> ", LABEL), *spark], width)]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """`‖da<t>‖ = …` and one bar per word, for τ = T_x … t."""
    states = state_gradients(view)
    if len(states) > 1:
        return state_bars(view, states, width, height)
    t = view.t
    norms = view.trace.backward.norms("da", view.layer, view.direction)
    highest = per_trace(view.trace, ("da top", view.layer, view.direction), lambda tr: top(norms))
    text: Line = [seg(f"‖da<{t}>‖ = ", LABEL), seg(fmt_sig(norms[t - 1], 3), NUMBER)]
    if height >= 3:
        heading = f"‖da<τ>‖ of each {view.unit}"
        stop = view.stopped("grad")
        title = stop_title(heading, width, stop.reason) if stop else title_line(heading, width)
        if height >= ACROSS_FROM:
            about: Line = [
                seg("‖da<τ>‖", LABEL),
                seg(f" of each {view.unit}; a full bar is {fmt_sig(highest, 3)}", DIM),
            ]
            rows = word_rows(view, norms, lambda tau: tau >= t, lambda v: fmt_sig(v, 2), width, height - 3)
            return [title, fit(text, width), fit(about, width), *rows]
        return [title, fit(text, width), *column_bars(norms, t, width, height - 2, fmt_sig(highest, 3), True)]
    spark = step_bars(norms, t, max(1, width - 33), 1, BAR, backward=True, top=highest)[0]
    return [fit([*text, seg("  "), seg("‖da<τ>‖ ", LABEL), *spark], width)]


PANEL = Panel("loss", {"forward": forward, "backward": backward}, shapes=("tagger", "lm"), when=one_chain)
