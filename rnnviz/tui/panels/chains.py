"""A panel per direction of a deep or bidirectional network: a→<t> (left to right) and a←<t>
(right to left, the second direction), for the layer the debugger shows.

Forward, z<t> and a<t> = g(z<t>) of the direction as heatmaps on the fixed scale, with their
range and saturated units (the engine's readouts) in the title. Backward, da<t> (from above
plus from the neighbouring step: t+1 for →, t−1 for ←) and dz<t> = da<t> ⊙ g'(z<t>), on one
gradient scale for the whole network, so the two directions and the layers compare."""

from __future__ import annotations

from collections.abc import Hashable

from ..draw.colours import DIM, LABEL, NOTE, NUMBER, WARN
from ..draw.heatmap import heatmap_caption, heatmap_line, legend_line
from ..draw.numbers import fmt, fmt_sig
from ..draw.text import Line, fit, g_name, line_width, seg, title_line
from ..view import ViewState, per_trace
from .base import Panel, many_chains
from .gradients import cell_gradients, heat_row
from .names import arrow, before, named

PREFIX = 8  # "z→<12> "


def network_scale(view: ViewState) -> float:
    """One colour scale for the gradients of every layer and direction (the largest of the
    engine's per-chain scales): a gradient that fades down the layers looks faded."""
    trace = view.trace

    def make(tr) -> float:
        back = tr.backward
        names = cell_gradients(tr)  # the cell's own: an LSTM has no dz
        return max(back.scale(names, layer, d) for layer in range(tr.layers) for d in range(tr.directions))

    return per_trace(trace, "network scale", make)


def way(direction: int) -> str:
    return "right to left" if direction else "left to right"


def stats(view: ViewState, d: int) -> Line:
    """`z ∈ [-5.46, +6.83]  a ∈ [-1.00, +1.00]  saturated 32/100` of step t."""
    trace, i = view.trace, view.t - 1
    line: Line = []
    for name in ("z", "a"):
        summary = trace.summary(name, view.layer, d)
        lo, hi = fmt(summary.min[i], 2, sign=True), fmt(summary.max[i], 2, sign=True)
        line += [seg(f"{name}{arrow(trace, d)} ∈ ", LABEL), seg(f"[{lo}, {hi}]", NUMBER), seg("  ", DIM)]
    n = view.params.n_a
    if view.params.activation == "tanh":
        saturated = trace.saturated("a", view.layer, d)[i]
        return [*line, seg("saturated ", DIM), seg(f"{saturated}/{n}", WARN if saturated else NUMBER)]
    zeros = trace.summary("a", view.layer, d).zeros[i]
    return [*line, seg(f"{zeros}/{n} are 0", NUMBER), seg(" (ReLU)", DIM)]


def _row(label: str, values, width: int) -> Line:
    prefix = max(PREFIX, len(label) + 1)
    return fit([seg(label.ljust(prefix), LABEL), *heatmap_line(values, max(1, width - prefix))], width)


def forward_lines(view: ViewState, d: int, width: int, height: int) -> list[Line]:
    trace, t, T = view.trace, view.t, view.T
    a = named("a", trace, d, "t")
    g = g_name(view.params.activation)
    title = f"{a} = {g}(z{arrow(trace, d)}<t>), {way(d)}"
    if t == 0:
        start = T if d else 1  # where this chain's state comes in: a→<0>, a←<T_x+1>
        first = named("z", trace, d, start)
        rows = [
            fit([seg(first.ljust(PREFIX), LABEL), seg("not computed yet: press → for ŷ<1>", NOTE)], width),
            _row(named("a", trace, d, start + (1 if d else -1)), trace.q("a_prev", view.layer, d)[start - 1], width),
        ]
        where = "after the last word" if d else "before the first word"
        extra: Line = [seg(f"the state starts at 0 {where}", DIM)]
    else:
        rows = [
            _row(named("z", trace, d, t), trace.q("z", view.layer, d)[t - 1], width),
            _row(named("a", trace, d, t), trace.q("a", view.layer, d)[t - 1], width),
        ]
        extra = stats(view, d)
    if height >= 3:
        legend = [seg("  ", DIM), *legend_line(compact=True)]
        if len(title) + 9 + line_width(extra) + line_width(legend) <= width:
            extra = [*extra, *legend]
        return [title_line(title, width, extra), *rows]
    if t == 0:
        return rows[:height]
    return [rows[1], fit(stats(view, d), width)][:height]


def backward_lines(view: ViewState, d: int, width: int, height: int) -> list[Line]:
    trace, t = view.trace, view.t
    back, layer = trace.backward, view.layer
    scale = network_scale(view)
    da = heat_row(
        named("da", trace, d, t), back.g("da", layer, d)[t - 1], width, scale, back.norms("da", layer, d)[t - 1]
    )
    dz = heat_row(
        named("dz", trace, d, t), back.g("dz", layer, d)[t - 1], width, scale, back.norms("dz", layer, d)[t - 1]
    )
    if height < 3:
        return [da, dz][:height]
    step = before(d, t)  # where da_prev = Waaᵀ dz goes: a<t−1> for →, a←<t+1> for ←
    blocked = back.blocked(layer, d)[t - 1]
    flow = "flowing left to right" if d else "flowing right to left"
    title = f"{named('da', trace, d, 't')} = from above + from step {'t−1' if d else 't+1'}, {flow}"
    extra: Line = [seg(f"g' blocks {blocked} of {view.params.n_a}", WARN if blocked else DIM)]
    if 1 <= step <= view.T:
        on = back.norms("da_prev", layer, d)[t - 1]
        extra += [seg(f"; on to {named('da', trace, d, step)}: ‖·‖ ", DIM), seg(fmt_sig(on, 2), NUMBER)]
    else:
        extra.append(seg(f"; on to {named('a', trace, d, step)} = 0, the start: the end", DIM))
    caption = heatmap_caption(view.params.n_a, max(1, width - 20))
    if len(title) + 9 + line_width(extra) + len(caption) + 2 <= width:
        extra.append(seg(f"  {caption}", DIM))
    return [title_line(title, width, extra), da, dz]


def panel(d: int) -> Panel:
    def forward(view: ViewState, width: int, height: int) -> list[Line]:
        return forward_lines(view, d, width, height)

    def backward(view: ViewState, width: int, height: int) -> list[Line]:
        return backward_lines(view, d, width, height)

    def key(view: ViewState) -> Hashable:
        return (view.trace, view.t, view.mode, view.layer)

    def when(trace) -> bool:
        return many_chains(trace) and trace.directions > d

    return Panel(
        f"chain-{d}",
        {"forward": forward, "backward": backward},
        quantities=("z", "a"),
        key=key,
        when=when,
        while_loading=False,
    )


RIGHT = panel(0)  # a→<t>, left to right (the only chain of a deep network of one direction)
LEFT = panel(1)  # a←<t>, right to left
