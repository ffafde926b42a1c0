"""Forward, z<t> = Wa [a<t-1>; x<t>] + ba and a<t> = g(z<t>) as heatmaps on one diverging
colour scale centred at 0, with the legend, min, max and the count of saturated units (the
engine's readouts). Backward, in their place, dz<t> = da<t> ⊙ g'(z<t>) and da<t-1> =
Waa^T dz<t> flowing left, with this step's share of dWaa, dWax (one column) and dba."""

from __future__ import annotations

from ..draw.colours import DIM, GRAD, LABEL, NOTE, NUMBER, WARN
from ..draw.heatmap import grad_legend, heatmap_caption, heatmap_line, legend_line, unit_ruler
from ..draw.numbers import fmt, fmt_int, fmt_sig
from ..draw.text import Line, fit, g_name, line_width, seg, stop_extra, title_line
from ..view import ViewState
from .base import Panel, one_chain
from .gradients import PREFIX, SUFFIX, grad_scale, heat_row

Z_PREFIX = 6
WIDE_ROWS = 8  # from this height (the wide layout): the wide drawing


def stats_line(view: ViewState, short: bool = False) -> Line:
    """`z: min … max … │ a: min … max … │ saturated 3 of 100 (|a| > 0.99)`, or the short
    form `z ∈ [-5.46, +6.83]  a ∈ [-1.00, +1.00]  saturated 32/100`."""
    i = view.t - 1

    def span(name: str) -> Line:
        summary = view.summary(name)
        lo, hi = fmt(summary.min[i], 2, sign=True), fmt(summary.max[i], 2, sign=True)
        if short:
            return [seg(f"{name} ∈ ", LABEL), seg(f"[{lo}, {hi}]", NUMBER)]
        return [seg(f"{name}: ", LABEL), seg("min ", DIM), seg(lo, NUMBER), seg(" max ", DIM), seg(hi, NUMBER)]

    sep = seg("  " if short else " │ ", DIM)
    return [*span("z"), sep, *span("a"), sep, *saturation(view, short)]


def saturation(view: ViewState, short: bool = False) -> Line:
    """`saturated 3 of 100 (|a| > 0.99)` (tanh) or how many units ReLU set to 0."""
    from rnnviz.engine.spec import SATURATION

    i = view.t - 1
    n = view.params.n_a
    if view.params.activation == "tanh":
        saturated = view.trace.saturated("a", view.layer, view.direction)[i]
        count = f"{saturated}/{n}" if short else f"{saturated} of {n}"
        line: Line = [seg("saturated ", DIM), seg(count, WARN if saturated else NUMBER)]
        if not short:
            line.append(seg(f" (|a| > {SATURATION:g})", DIM))
        return line
    zeros = view.summary("a").zeros[i]
    if short:
        return [seg("saturated 0", NUMBER), seg(f", {zeros}/{n} are 0", DIM)]
    return [
        seg("saturated 0", NUMBER),
        seg(" (ReLU does not saturate; ", DIM),
        seg(f"{zeros} of {n} are 0", NUMBER),
        seg(")", DIM),
    ]


def min_max(view: ViewState, name: str) -> Line:
    """`min -0.83  max +1.13` of quantity `name` at step t (the engine's readouts)."""
    summary = view.summary(name)
    i = view.t - 1
    lo, hi = fmt(summary.min[i], 2, sign=True), fmt(summary.max[i], 2, sign=True)
    return [seg("min ", DIM), seg(lo, NUMBER), seg("  max ", DIM), seg(hi, NUMBER)]


def wide_forward(view: ViewState, width: int, title: Line) -> list[Line]:
    """The wide layout (8 rows): each of z<t> and a<t> named with its equation and numbers on
    a row of its own, then drawn two rows high across the whole width, and the unit numbers
    under them."""
    params = view.params
    t = view.t
    act = g_name(params.activation)
    if t == 0:
        z_name: Line = [
            seg("z<1>", LABEL),
            seg(" not computed yet: press → to compute z<1> = Wa [a<0>; x<1>] + ba", NOTE),
        ]
        a_name: Line = [seg("a<0>", LABEL), seg(f": all {params.n_a} units are 0 before the first word (grey)", DIM)]
        z_rows: list[Line] = [[], []]
        a_heat = heatmap_line(view.q("a_prev", 1), width)
    else:
        z_name = [seg(f"z<{t}> = Waa a<{t - 1}> + Wax x<{t}> + ba", LABEL), seg("   "), *min_max(view, "z")]
        a_name = [seg(f"a<{t}> = {act}(z<{t}>)", LABEL), seg("   "), *min_max(view, "a")]
        a_name += [seg(" │ ", DIM), *saturation(view)]
        z_heat = heatmap_line(view.q("z"), width)
        z_rows = [z_heat, z_heat]
        a_heat = heatmap_line(view.q("a"), width)
    ruler = unit_ruler(params.n_a, width)
    return [title, fit(z_name, width), *z_rows, fit(a_name, width), a_heat, a_heat, ruler]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """z<t> and a<t> heatmaps with their scale and statistics."""
    params = view.params
    prefix = max(Z_PREFIX, len(f"z<{view.T}> "))  # the same column at every t, never overrun
    room = max(1, width - prefix)
    legend = [seg("colour ", DIM), *legend_line(compact=width < 120)]
    title = f"z<t> and a<t> = {g_name(params.activation)}(z<t>)"  # the same at every step
    if view.t == 0:
        z_row: Line = [
            seg("z<1>".ljust(prefix), LABEL),
            seg("not computed yet: press → to compute z<1> = Wa [a<0>; x<1>] + ba", NOTE),
        ]
        a_row: Line = [seg("a<0>".ljust(prefix), LABEL), *heatmap_line(view.q("a_prev", 1), room)]
        first = f"z<1> and a<1> = {g_name(params.activation)}(z<1>)"
        info: Line = [seg(f"grey is 0: all {params.n_a} units start at zero; → computes {first}", DIM)]
    else:
        t = view.t
        z_row = [seg(f"z<{t}>".ljust(prefix), LABEL), *heatmap_line(view.q("z"), room)]
        a_row = [seg(f"a<{t}>".ljust(prefix), LABEL), *heatmap_line(view.q("a"), room)]
        info = stats_line(view)
        if line_width(info) > width:
            info = stats_line(view, short=True)
    wide = height >= WIDE_ROWS
    caption = [seg(f"  {heatmap_caption(params.n_a, width if wide else room)}", DIM)]
    if height >= 4:
        stop = view.stopped("saturate")
        head = title_line(title, width, stop_extra(stop.reason) if stop else [*legend, *caption])
        if wide:
            return wide_forward(view, width, head)
        return [head, fit(z_row, width), fit(a_row, width), fit(info, width)]
    bottom = [*info, seg("  "), *legend]
    if line_width(bottom) > width:
        bottom = info
    return [fit(z_row, width), fit(a_row, width), fit(bottom, width)][:height]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """dz<t> = da<t> ⊙ g'(z<t>), da<t-1> = Waa^T dz<t> flowing left, and what this step
    adds to dWaa, dWax (one column: the word's) and dba."""
    back = view.back
    t = view.t
    scale = grad_scale(view)
    dz = heat_row(f"dz<{t}>", view.g("dz"), width, scale, view.norm("dz"))
    prev = heat_row(f"da<{t - 1}>", view.g("da_prev"), width, scale, view.norm("da_prev"))
    column: Line = [
        seg(f"dWax[:, {fmt_int(back.index)}]", GRAD),
        seg(f" += dz<{t}> (the column of '{back.token}')", DIM),
    ]
    if back.index < 0:  # a language model's x<1> = 0
        column = [seg("dWax", GRAD), seg(f": nothing (x<{t}> = 0)", DIM)]
    info: Line = [
        *column,
        seg(" │ ", DIM),
        seg("dba", GRAD),
        seg(f" += dz<{t}>", DIM),
        seg(" │ ", DIM),
        seg("dWaa", GRAD),
        seg(f" += dz<{t}> a<{t - 1}>^T, ‖·‖ ", DIM),
        seg(fmt_sig(back.dWaa_norm, 2), NUMBER),
    ]
    heading = f"dz<{t}> = da<{t}> ⊙ g'(z<{t}>), and da<{t - 1}> = Waa^T dz<{t}> flows left"
    extra = [seg("colour ", DIM), *grad_legend(scale)]
    caption = [seg(f"  {heatmap_caption(view.params.n_a, max(1, width - PREFIX - SUFFIX))}", DIM)]
    if len(heading) + 7 + line_width(extra) + line_width(caption) <= width:  # "── h ─ extra ─"
        extra += caption
    if height >= WIDE_ROWS:  # each row twice as high, the unit numbers under them
        room = max(1, width - PREFIX - SUFFIX)
        indent = seg(" " * PREFIX)
        dz2, prev2 = ([indent, *heatmap_line(view.g(name), room, scale)] for name in ("dz", "da_prev"))
        ruler = [indent, *unit_ruler(view.params.n_a, room)]
        return [title_line(heading, width, extra), dz, dz2, prev, prev2, ruler, fit(info, width)]
    if height >= 4:
        return [title_line(heading, width, extra), dz, prev, fit(info, width)]
    return [dz, prev, fit(info, width)][:height]


PANEL = Panel("hidden", {"forward": forward, "backward": backward}, quantities=("z", "a"), when=one_chain)
