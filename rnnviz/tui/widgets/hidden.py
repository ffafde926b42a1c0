"""Panel 5, z<t> = Wa [a<t-1>; x<t>] + ba and a<t> = g(z<t>) as heatmaps on one diverging
colour scale centred at 0, with the legend, min, max and the count of saturated units."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..render import (
    DIM,
    LABEL,
    NOTE,
    NUMBER,
    WARN,
    Line,
    fit,
    fmt,
    g_name,
    heatmap_caption,
    heatmap_line,
    legend_line,
    line_width,
    seg,
    stop_extra,
    title_line,
)
from ..state import ViewState
from . import backward
from .panel import Panel

if TYPE_CHECKING:
    import numpy as np

PREFIX = 6


def stats_line(
    z: np.ndarray, a: np.ndarray, saturated: int, activation: str, short: bool = False, zeros: int = 0
) -> Line:
    """`z: min … max … │ a: min … max … │ saturated 3 of 100 (|a| > 0.99)`, or the short
    form `z ∈ [-5.46, +6.83]  a ∈ [-1.00, +1.00]  saturated 32/100`."""

    def span(name: str, v: np.ndarray) -> Line:
        lo, hi = fmt(float(v.min()), 2, sign=True), fmt(float(v.max()), 2, sign=True)
        if short:
            return [seg(f"{name} ∈ ", LABEL), seg(f"[{lo}, {hi}]", NUMBER)]
        return [seg(f"{name}: ", LABEL), seg("min ", DIM), seg(lo, NUMBER), seg(" max ", DIM), seg(hi, NUMBER)]

    sep = seg("  " if short else " │ ", DIM)
    line: Line = [*span("z", z), sep, *span("a", a), sep]
    n = len(a)
    if activation == "tanh":
        count = f"{saturated}/{n}" if short else f"{saturated} of {n}"
        line += [seg("saturated ", DIM), seg(count, WARN if saturated else NUMBER)]
        if not short:
            line.append(seg(" (|a| > 0.99)", DIM))
    else:
        line += [seg("saturated 0", NUMBER)]
        line += (
            [seg(f", {zeros}/{n} are 0", DIM)]
            if short
            else [seg(" (ReLU does not saturate; ", DIM), seg(f"{zeros} of {n} are 0", NUMBER), seg(")", DIM)]
        )
    return line


class HiddenPanel(Panel):
    """z<t> and a<t> heatmaps with their scale and statistics."""

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        if state.backward:
            return backward.dz_lines(state, width, height)
        params = state.params
        g = g_name(params.activation)
        prefix = max(PREFIX, len(f"z<{state.T}> "))  # the same column at every t, never overrun
        room = max(1, width - prefix)
        legend = [seg("colour ", DIM), *legend_line(compact=width < 120)]
        step = state.step
        if step is None:
            a0 = state.trace.a0
            z_row: Line = [
                seg("z<1>".ljust(prefix), LABEL),
                seg("not computed yet: press → to compute z<1> = Wa [a<0>; x<1>] + ba", NOTE),
            ]
            a_row: Line = [seg("a<0>".ljust(prefix), LABEL), *heatmap_line(a0, room)]
            info: Line = [seg("a<0> = 0", NUMBER), seg(f": all {params.n_a} units start at zero (grey is 0)", DIM)]
            title = f"z<t> and a<t> = {g}(z<t>)"
        else:
            t = step.t
            z_row = [seg(f"z<{t}>".ljust(prefix), LABEL), *heatmap_line(step.z, room)]
            a_row = [seg(f"a<{t}>".ljust(prefix), LABEL), *heatmap_line(step.a, room)]
            info = stats_line(step.z, step.a, step.saturated, params.activation, zeros=step.zeros)
            if line_width(info) > width:
                info = stats_line(step.z, step.a, step.saturated, params.activation, short=True, zeros=step.zeros)
            title = f"z<t> and a<t> = {g}(z<t>)"  # the same at every step: one line less to redraw
        caption = [seg(f"  {heatmap_caption(params.n_a, room)}", DIM)]
        if height >= 4:
            stop = state.stopped("saturate")
            head = title_line(title, width, stop_extra(stop.reason) if stop else [*legend, *caption])
            return [head, fit(z_row, width), fit(a_row, width), fit(info, width)]
        bottom = [*info, seg("  "), *legend]
        if line_width(bottom) > width:
            bottom = info
        return [fit(z_row, width), fit(a_row, width), fit(bottom, width)][:height]
