"""Forward, the stacked column [a<t-1>; x<t>] (n_a + n_x entries, 10,100 at the seed's size)
as one strip: a<t-1> as a heatmap, a clear boundary, x<t> compressed; with the shape of
Wa = [Waa | Wax], the matrix it is multiplied by. Backward, in its place, da<t> (the sum of
its two parts) and g'(z<t>), which it is multiplied by."""

from __future__ import annotations

from ..draw.colours import DIM, LABEL, MARK, NUMBER, WARN
from ..draw.heatmap import heatmap_caption, heatmap_line
from ..draw.numbers import fmt_int
from ..draw.text import Line, fit, seg, stop_extra, title_line, titled
from ..draw.vectors import stacked_line, stacked_split
from ..view import ViewState
from .base import Panel, one_chain
from .gradients import PREFIX, SUFFIX, g_prime_name, grad_scale, heat_row


def wa_shape(n_a: int, n_x: int) -> Line:
    return [
        seg("times Wa = [Waa | Wax]", LABEL),
        seg(f": {n_a} × {fmt_int(n_a + n_x)}", NUMBER),
        seg(f" = [{n_a} × {n_a} | {n_a} × {fmt_int(n_x)}]", DIM),
    ]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """`[a<t-1>; x<t>]` as one strip, the boundary marked, and the shape of Wa."""
    n_a, n_x = view.trace.n_a, view.trace.n_x  # a decoder's x<t> is one-hot over the outputs
    step = view.step
    t = max(view.t, 1)  # at t = 0 show the input of step 1: a<0> known, x<1> not yet fed
    index = step.index if step is not None and step.index >= 0 else None  # a language model's x<1> = 0: no 1
    fed = index is not None
    strip = stacked_line(view.q("a_prev", t), index, n_x, width, zeros=step is not None)
    a_cells, _ = stacked_split(n_a, width)
    a_label = f" a<{t - 1}>: {n_a} values, {heatmap_caption(n_a, a_cells)}"
    if len(a_label) > a_cells + 1:  # a narrow a part (a small n_a): no caption rather than half of one
        a_label = f" a<{t - 1}>: {n_a} values"
    labels: Line = [seg(a_label.ljust(a_cells + 1)[: a_cells + 1], DIM)]
    if step is None:
        labels.append(seg(f" x<1>: {fmt_int(n_x)} entries, fed by the first step", DIM))
    elif not fed:
        labels.append(seg(f" x<{t}> = 0: {fmt_int(n_x)} zeros, no 1 (nothing comes before the first)", DIM))
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
    return [fit([seg(f"[a<{t - 1}>; x<{t}>] ", LABEL), *extra], width), strip][:height]


def blocked_words(activation: str) -> str:
    """What the engine's count of blocked units (g' < BLOCKED_BELOW) means for g."""
    from rnnviz.engine.spec import BLOCKED_BELOW

    if activation == "tanh":  # 1 − a² < 1 − 0.99²: the saturated units, |a| > 0.99
        return f" units below {BLOCKED_BELOW:.3g}"
    return " units blocked (g' = 0)"


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """da<t> (the sum of the two parts) and g'(z<t>), which it is multiplied by."""
    t = view.t
    act = view.params.activation
    da = heat_row(f"da<{t}>", view.g("da"), width, grad_scale(view), view.norm("da"))
    g_prime = view.g("g_prime")
    g_row: Line = [
        seg(f"g'<{t}>".ljust(PREFIX), LABEL),
        *heatmap_line(g_prime, max(1, width - PREFIX - SUFFIX)),  # the fixed scale
        seg(" min ", DIM),
        seg(f"{float(g_prime.min()):.2f}", NUMBER),
    ]
    blocked = view.trace.backward.blocked(view.layer, view.direction)[t - 1]
    stop = view.stopped("saturate")
    extra = (
        stop_extra(stop.reason)
        if stop is not None
        else [
            seg(f"g' = {g_prime_name(act, t)}", NUMBER),
            seg(" on the fixed scale (grey 0, red 1); ", DIM),
            seg(f"{blocked} of {len(g_prime)}", WARN if blocked else NUMBER),
            seg(blocked_words(act), DIM),
        ]
    )
    title = title_line(f"da<{t}>, the sum, and g'(z<{t}>)", width, extra)
    return titled(title, [da, fit(g_row, width)], height, 3)


PANEL = Panel("stacked", {"forward": forward, "backward": backward}, quantities=("a_prev", "z"), when=one_chain)
