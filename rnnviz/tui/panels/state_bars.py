"""Backward, for a cell that carries more than a<t> from step to step (the LSTM's cell state
c<t>): one block of bars per state gradient, ‖da<τ>‖ and ‖dc<τ>‖ for the words reached so
far, on one scale, so the two can be compared word by word: where no new error enters, ‖da‖
shrinks as it travels left through Waa and the gates' derivatives, ‖dc‖ only through Γf."""

from __future__ import annotations

from collections.abc import Sequence

from ..draw.bars import step_bars
from ..draw.colours import BAR, DIM, GRAD, LABEL, NUMBER
from ..draw.numbers import fmt_sig
from ..draw.text import Line, fit, line_width, seg, stop_title, title_line
from ..view import ViewState, per_trace, top

LABEL_WIDTH = 3  # "da " left of its bars


def state_bars(view: ViewState, names: Sequence[str], width: int, height: int) -> list[Line]:
    """`‖da<4>‖ 0.0056  ‖dc<4>‖ 0.0030`, then the bars of each gradient (t highlighted),
    as many rows each as the panel has."""
    t = view.t
    back = view.trace.backward
    norms = [back.norms(name, view.layer, view.direction) for name in names]
    highest = per_trace(
        view.trace, ("state bars top", tuple(names), view.layer, view.direction), lambda tr: max(map(top, norms))
    )
    text: Line = []
    for name, values in zip(names, norms):
        text += [seg(f"‖{name}<{t}>‖ ", LABEL), seg(fmt_sig(values[t - 1], 2), NUMBER), seg(" ")]
    room = max(1, width - LABEL_WIDTH)
    if height < 3:  # the compact layout: the numbers, and the bars of the last state
        spark = step_bars(norms[-1], t, max(1, width - line_width(text) - LABEL_WIDTH), 1, BAR, True, highest)[0]
        return [fit([*text, seg(f"{names[-1]} ", GRAD), *spark], width)]
    top_text = fmt_sig(highest, 2)
    for scale in ([seg(f"a full bar is {top_text}", DIM)], [seg(f"(full bar {top_text})", DIM)]):
        if line_width(text) + line_width(scale) <= width:
            text += scale
            break
    each = max(1, (height - 2) // len(names))
    rows: list[Line] = []
    for name, values in zip(names, norms):
        bars = step_bars(values, t, room, each, BAR, backward=True, top=highest)
        labels = [name] + [""] * (each - 1)
        rows += [fit([seg(label.ljust(LABEL_WIDTH), GRAD), *bar], width) for label, bar in zip(labels, bars)]
    heading = " and ".join(f"‖{name}<τ>‖" for name in names) + f" of each {view.unit}"
    stop = view.stopped("grad")
    title = stop_title(heading, width, stop.reason) if stop else title_line(heading, width)
    return [title, fit(text, width), *rows][:height]
