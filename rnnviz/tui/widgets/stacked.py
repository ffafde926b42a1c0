"""Panel 4, the stacked column [a<t-1>; x<t>] (n_a + n_x entries, 10,100 at the seed's
size) as one strip: a<t-1> as a heatmap, a clear boundary, x<t> compressed; with the shape
of Wa = [Waa | Wax], the matrix it is multiplied by."""

from __future__ import annotations

from ..render import (
    DIM,
    LABEL,
    MARK,
    NUMBER,
    Line,
    fit,
    fmt_int,
    heatmap_caption,
    seg,
    stacked_line,
    stacked_split,
    title_line,
)
from ..state import ViewState
from . import backward
from .panel import Panel


def wa_shape(n_a: int, n_x: int) -> Line:
    return [
        seg("times Wa = [Waa | Wax]", LABEL),
        seg(f": {n_a} × {fmt_int(n_a + n_x)}", NUMBER),
        seg(f" = [{n_a} × {n_a} | {n_a} × {fmt_int(n_x)}]", DIM),
    ]


class StackedPanel(Panel):
    """`[a<t-1>; x<t>]` as one strip, the boundary marked, and the shape of Wa."""

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        if state.backward:
            return backward.sum_lines(state, width, height)
        params = state.params
        n_a, n_x = params.n_a, params.n_x
        step = state.step
        t = max(state.t, 1)  # at t = 0 show the input of step 1: a<0> known, x<1> not yet fed
        a_prev = state.trace.a_at(t - 1)
        name = f"[a<{t - 1}>; x<{t}>]"
        strip = stacked_line(a_prev, step.index if step else None, n_x, width)
        a_cells, _ = stacked_split(n_a, width)
        a_label = f" a<{t - 1}>: {n_a} values, {heatmap_caption(n_a, a_cells)}"
        labels: Line = [seg(a_label.ljust(a_cells + 1)[: a_cells + 1], DIM)]
        if step is None:
            labels.append(seg(f" x<1>: {fmt_int(n_x)} entries, fed by the first step", DIM))
        else:
            labels += [
                seg(f" x<{t}>: {fmt_int(n_x)} entries; ", DIM),
                seg(f"the 1 is entry {fmt_int(step.stacked_one)}", MARK),
                seg(f" = {n_a} + {fmt_int(step.index)}", DIM),
            ]
        extra: Line = [seg(f"{fmt_int(n_a + n_x)} × 1, ", NUMBER), *wa_shape(n_a, n_x)]
        if height >= 3:
            # The title is the same at every step (one line less to redraw); the labels name t.
            return [title_line("[a<t-1>; x<t>], the stacked input", width, extra), strip, fit(labels, width)]
        return [fit([seg(name + " ", LABEL), *extra], width), strip][:height]
