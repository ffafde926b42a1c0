"""What the panels show in backward mode: backpropagation through time, step t = T_x … 1.

Each panel of the debugger keeps its place on screen and, in backward mode, draws the
quantity of the backward pass that follows from its forward one (read top to bottom, the
backward equations in order; every number is the engine's `BackStep`, via
`ViewState.back` / `state.backs`):

    slot of x<t>             da<t> = Wya^T (ŷ<t> − y<t>) + Waa^T dz<t+1>: its two parts
    slot of [a<t-1>; x<t>]   their sum da<t>, and g'(z<t>) (1 − a<t>² for tanh)
    slot of z<t>, a<t>       dz<t> = da<t> ⊙ g'(z<t>), da<t-1> = Waa^T dz<t> flowing left,
                             and this step's share of dWaa, dWax (one column) and dba
    slot of ŷ<t>             the output error: dL<t>/dŷ<t> and dL<t>/dz_y<t> = ŷ<t> − y<t>
    slot of Σ L<t>           ‖da<t>‖ as bars, for the words backpropagated so far
    the equations            the backward equations with their numbers
    the history              da<τ> for τ = T_x … t, one row per word, with ‖da<τ>‖

Gradient heatmaps are drawn relative to the largest entry of any gradient of the sentence
(`grad_scale`) on a logarithmic scale (render.GRAD_STOPS, half a decade a step), so a
colour means the same number at every step of one sentence and a gradient that shrinks as
it travels left fades on screen step by step instead of turning blank at once. g' is in
[0, 1] and uses the fixed scale of the forward heatmaps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.color import Color
from rich.style import Style

from ..render import (
    DIM,
    GRAD,
    LABEL,
    LEVELS,
    NEUTRAL,
    NOTE,
    NUMBER,
    WARN,
    Line,
    cell_style,
    fit,
    fmt_int,
    fmt_sig,
    fmt_small,
    grad_history_lines,
    grad_preview,
    heatmap_caption,
    heatmap_line,
    line_width,
    seg,
    step_bars,
    stop_extra,
    stop_title,
    title_line,
    vector_preview,
)
from ..state import ViewState, da_norms, das, grad_scale, history_width, per_trace, top
from .loss import BAR

if TYPE_CHECKING:
    import numpy as np

PREFIX = 9  # the row label left of a heatmap: "from ŷ", "da<4>", …
SUFFIX = 11  # the norm right of it: " ‖·‖ 3.0e-5"; 9 + 100 + 11 = 120 keeps 1 cell a unit
NEARLY_CLOSED = 0.01  # display classification for tanh: g' below this is drawn as (almost) closed


def closed_units(back, activation: str) -> tuple[int, str]:
    """How many units pass no gradient back, and what that count means. ReLU: the engine's
    exact zeros of g' (`BackStep.blocked`). tanh: g' = 1 − a² is never exactly 0, so the
    screen counts the units whose g' is below NEARLY_CLOSED, a display threshold (how the
    heatmap's darkest cells read), not a quantity of the network."""
    if activation == "tanh":
        import numpy as np

        return int(np.count_nonzero(back.g_prime < NEARLY_CLOSED)), f" units below {NEARLY_CLOSED:g}"
    return back.blocked, " units blocked (g' = 0)"


def _g_prime_name(activation: str, t: int | str) -> str:
    return f"1 − a<{t}>²" if activation == "tanh" else f"[a<{t}> > 0]"


def grad_legend(scale: float) -> Line:
    """The gradient colour scale: `−0.016 ▇▇▇▇▇▇▇▇ 0 ▇▇▇▇▇▇▇▇ +0.016 ×3.16 a step`: the
    largest entry of the sentence at the ends, each step paler is √10 times smaller."""
    top = fmt_sig(scale, 2)
    line: Line = [seg(f"−{top} ", DIM)]
    line += [seg(" ", cell_style(-k)) for k in range(LEVELS, 0, -1)]
    line.append(seg("0", Style(color="white", bgcolor=Color.from_rgb(*NEUTRAL), bold=True)))
    line += [seg(" ", cell_style(k)) for k in range(1, LEVELS + 1)]
    line.append(seg(f" +{top}, ÷√10 a step", DIM))
    return line


def heat_row(label: str, values: np.ndarray, width: int, scale: float, size: float | None = None) -> Line:
    """`label  heatmap  ‖·‖ 0.0174`: one gradient vector on the sentence's scale, with its
    norm `size` when the engine reads one out (the TUI computes none)."""
    room = max(1, width - PREFIX - SUFFIX)
    row: Line = [seg(label.ljust(PREFIX), LABEL), *heatmap_line(values, room, scale)]
    if size is not None:
        row += [seg(" ‖·‖ ", DIM), seg(fmt_sig(size, 2), NUMBER)]
    return fit(row, width)


def _titled(title: Line, rows: list[Line], height: int, title_from: int) -> list[Line]:
    """The title and the rows when the panel has room for a title (full layout)."""
    if height >= title_from:
        return [title, *rows][:height]
    return rows[:height]


# -------------------------------------------------------------- the slot of x<t>: two parts


def parts_lines(state: ViewState, width: int, height: int) -> list[Line]:
    """da<t> = Wya^T (ŷ<t> − y<t>) + Waa^T dz<t+1>: the part from the output, the part
    arriving from the step to the right, each as a heatmap with its norm."""
    back = state.back
    t, T = back.t, state.T
    scale = grad_scale(state.trace)
    from_y = heat_row("from ŷ", back.da_from_y, width, scale, back.da_from_y_norm)
    if t == T:
        from_next: Line = [
            seg("from t+1".ljust(PREFIX), LABEL),
            seg(f"0: nothing arrives from the right of the last word (t = T_x = {T})", NOTE),
        ]
    else:
        from_next = heat_row(f"from {t + 1}", back.da_from_next, width, scale, back.da_from_next_norm)
    right = f"Waa^T dz<{t + 1}>" if t < T else "0"
    title = title_line(
        f"da<{t}> = Wya^T (ŷ<{t}> − y<{t}>) + {right}",
        width,
        [
            seg(
                f"the two parts: from the output ŷ<{t}>, "
                + (f"from step {t + 1}" if t < T else "none from the right of the last word"),
                DIM,
            )
        ],
    )
    return _titled(title, [from_y, fit(from_next, width)], height, 3)


# -------------------------------------------------------- the slot of [a<t-1>; x<t>]: da, g'


def sum_lines(state: ViewState, width: int, height: int) -> list[Line]:
    """da<t> (the sum of the two parts) and g'(z<t>), which it is multiplied by."""
    back = state.back
    t = back.t
    act = state.params.activation
    scale = grad_scale(state.trace)
    da = heat_row(f"da<{t}>", back.da, width, scale, back.da_norm)
    room = max(1, width - PREFIX - SUFFIX)
    blocked, meaning = closed_units(back, act)
    g_row: Line = [
        seg(f"g'<{t}>".ljust(PREFIX), LABEL),
        *heatmap_line(back.g_prime, room),  # fixed scale
        seg(" min ", DIM),
        seg(f"{float(back.g_prime.min()):.2f}", NUMBER),
    ]
    stop = state.stopped("saturate")
    extra = (
        stop_extra(stop.reason)
        if stop is not None
        else [
            seg(f"g' = {_g_prime_name(act, t)}", NUMBER),
            seg(" on the fixed scale (grey 0, red 1); ", DIM),
            seg(f"{blocked} of {len(back.g_prime)}", WARN if blocked else NUMBER),
            seg(meaning, DIM),
        ]
    )
    title = title_line(f"da<{t}>, the sum, and g'(z<{t}>)", width, extra)
    return _titled(title, [da, fit(g_row, width)], height, 3)


# ------------------------------------------------------ the slot of z<t>, a<t>: dz, da<t-1>


def dz_lines(state: ViewState, width: int, height: int) -> list[Line]:
    """dz<t> = da<t> ⊙ g'(z<t>), da<t-1> = Waa^T dz<t> flowing left, and what this step
    adds to dWaa, dWax (one column: the word's) and dba."""
    back = state.back
    t = back.t
    scale = grad_scale(state.trace)
    dz = heat_row(f"dz<{t}>", back.dz, width, scale, back.dz_norm)
    prev = heat_row(f"da<{t - 1}>", back.da_prev, width, scale, back.da_prev_norm)
    info: Line = [
        seg(f"dWax[:, {fmt_int(back.index)}]", GRAD),
        seg(f" += dz<{t}> (the column of '{back.token}')", DIM),
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
    caption = [seg(f"  {heatmap_caption(state.params.n_a, max(1, width - PREFIX - SUFFIX))}", DIM)]
    if len(heading) + 7 + line_width(extra) + line_width(caption) <= width:  # "── h ─ extra ─"
        extra += caption
    title = title_line(heading, width, extra)
    if height >= 4:
        return [title, dz, prev, fit(info, width)]
    return [dz, prev, fit(info, width)][:height]


# -------------------------------------------------------------- the slot of ŷ<t>: the error


def dL_dy_hat_formula(t: int, y: int) -> str:
    """dL<t>/dŷ<t> = −y/ŷ + (1−y)/(1−ŷ), written for this y."""
    return f"−1/ŷ<{t}>" if y else f"1/(1 − ŷ<{t}>)"


def error_lines(state: ViewState, width: int, height: int) -> list[Line]:
    """ŷ<t>, y<t>, dL<t>/dŷ<t> and the output error dL<t>/dz_y<t> = ŷ<t> − y<t>."""
    back = state.back
    t = back.t
    step = state.step
    stop = state.stopped("cross", "loss")
    if height >= 4:
        heading = "ŷ<t> − y<t>, the output error"
        title = stop_title(heading, width, stop.reason) if stop else title_line(heading, width)
        return [
            title,
            fit(
                [
                    seg(f"ŷ<{t}> = ", LABEL),
                    seg(fmt_small(back.y_hat), NUMBER),
                    seg(f"   y<{t}> = ", LABEL),
                    seg(str(back.y), NUMBER),
                    seg(f"   L<{t}> = ", LABEL),
                    seg(fmt_small(step.loss), NUMBER),
                ],
                width,
            ),
            fit(
                [
                    seg(f"dL<{t}>/dŷ<{t}> = {dL_dy_hat_formula(t, back.y)} = ", LABEL),
                    seg(fmt_sig(back.dL_dy_hat, 5, sign=True), NUMBER),
                ],
                width,
            ),
            fit(
                [seg(f"dL<{t}>/dz_y<{t}> = ŷ<{t}> − y<{t}> = ", LABEL), seg(fmt_sig(back.dlogit, 3, sign=True), GRAD)],
                width,
            ),
        ]
    row: Line = [
        seg(f"ŷ<{t}> − y<{t}> = ", LABEL),
        seg(fmt_sig(back.dlogit, 3, sign=True), GRAD),
        seg(f"  dL<{t}>/dŷ<{t}> = ", LABEL),
        seg(fmt_sig(back.dL_dy_hat, 4, sign=True), NUMBER),
        seg(f"  (ŷ = {fmt_small(back.y_hat)}, y = {back.y})", DIM),
    ]
    return [fit(row, width)]


# ------------------------------------------------------------- the slot of Σ L: ‖da<t>‖ bars


def norm_lines(state: ViewState, width: int, height: int) -> list[Line]:
    """`‖da<t>‖ = …` and one bar per word, for τ = T_x … t."""
    t = state.t
    norms = da_norms(state.trace)
    highest = per_trace(state.trace, "da top", lambda tr: top(norms))
    text: Line = [seg(f"‖da<{t}>‖ = ", LABEL), seg(fmt_sig(norms[t - 1], 3), NUMBER)]
    stop = state.stopped("grad")
    if height >= 3:
        scale = [seg(f"  (top {fmt_sig(highest, 3)})", DIM)]
        if line_width(text) + line_width(scale) <= width:
            text += scale
        heading = "‖da<t>‖, the gradient at each word"
        title = stop_title(heading, width, stop.reason) if stop else title_line(heading, width)
        return [title, fit(text, width), *step_bars(norms, t, width, height - 2, BAR, backward=True, top=highest)]
    spark = step_bars(norms, t, max(1, width - 26), 1, BAR, backward=True, top=highest)[0]
    return [fit([*text, seg("  "), *spark], width)]


# ------------------------------------------------------------------------- the equations


def back_equation_lines(state: ViewState, width: int) -> list[tuple[int, Line]]:
    """(priority, line) pairs, in screen order, of the backward equations of step t."""
    back = state.back
    step = state.step
    t, T = back.t, state.T
    act = state.params.activation
    e = f"(ŷ<{t}> − y<{t}>)"
    error: Line = [
        seg(f"dL<{t}>/dz_y<{t}> = ŷ<{t}> − y<{t}> = ", LABEL),
        seg(f"{fmt_sig(back.y_hat, 4)} − {back.y} = ", NUMBER),
        seg(fmt_sig(back.dlogit, 3, sign=True), GRAD),
    ]
    also: Line = [
        seg(f"   dL<{t}>/dŷ<{t}> = {dL_dy_hat_formula(t, back.y)} = ", DIM),
        seg(fmt_sig(back.dL_dy_hat, 4, sign=True), NUMBER),
    ]
    if line_width(error) + line_width(also) <= width:
        error += also
    right = f"Waa^T dz<{t + 1}>" if t < T else "0"
    da: Line = [seg(f"da<{t}> = Wya^T {e} + {right}", LABEL)]
    da_numbers: Line = [
        seg("      = ", DIM),
        seg(grad_preview(back.da_from_y, 1), NUMBER),
        seg(" + ", DIM),
        seg(grad_preview(back.da_from_next, 1) if t < T else "0", NUMBER),
        seg(" = ", DIM),
        seg(grad_preview(back.da, 1), NUMBER),
        seg(f"   ‖da<{t}>‖ = ", DIM),
        seg(fmt_sig(back.da_norm, 3), NUMBER),
    ]
    if t == T:
        da.append(seg("   (t = T_x: nothing from the right)", DIM))
    dz: Line = [
        seg(f"dz<{t}> = da<{t}> ⊙ g'(z<{t}>)", LABEL),
        seg(f", g' = {_g_prime_name(act, t)} = ", DIM),
        seg(vector_preview(back.g_prime, 2), NUMBER),
        seg(" → ", DIM),
        seg(grad_preview(back.dz, 1), NUMBER),
    ]
    prev: Line = [
        seg(f"da<{t - 1}> = Waa^T dz<{t}> = ", LABEL),
        seg(grad_preview(back.da_prev, 1), NUMBER),
        seg(f"  ‖·‖ = {fmt_sig(back.da_prev_norm, 3)}", DIM),
    ]
    if t > 1:
        prev.append(seg(f"  → on to step {t - 1}", NOTE))
    else:
        prev.append(seg("  → a<0>, fixed: the end", NOTE))
    params: Line = [
        seg(f"dWaa += dz<{t}> a<{t - 1}>^T", LABEL),
        seg(" (‖·‖ ", DIM),
        seg(fmt_sig(back.dWaa_norm, 2), NUMBER),
        seg(")", DIM),
    ]
    if t == 1:
        params.append(seg(" = 0 as a<0> = 0", DIM))
    params += [seg("   dba += dz<" + str(t) + ">", LABEL)]
    wax: Line = [
        seg(f"dWax[:, {fmt_int(back.index)}] += dz<{t}>", LABEL),
        seg(f"  x<{t}> is one-hot: only the column of '{back.token}', 1 of {fmt_int(step.n_x)}", DIM),
    ]
    out: Line = [
        seg(f"dWya += {e} a<{t}>^T", LABEL),
        seg(",  ", DIM),
        seg(f"dby += ŷ<{t}> − y<{t}>", LABEL),
        seg("   (the output layer's share)", DIM),
    ]
    return [(0, error), (1, da), (5, da_numbers), (2, dz), (3, prev), (4, params), (6, wax), (7, out)]


# ---------------------------------------------------------------------------- the history


def history_lines(state: ViewState, width: int, height: int) -> list[Line]:
    """da<τ> for τ = T_x … t: one row per word, its norm and its heatmap."""
    trace = state.trace
    scale = grad_scale(trace)
    label_w = history_width(trace)
    rows = grad_history_lines(das(trace), da_norms(trace), trace.tokens, state.t, width, height - 1, scale, label_w)
    room = max(1, width - label_w - 7)
    stop = state.stopped("grad")
    extra = (
        stop_extra(stop.reason)
        if stop
        else [
            seg("one row per word: ‖da<τ>‖, then da<τ> on the gradient scale (", DIM),
            seg(heatmap_caption(state.params.n_a, room), DIM),
            seg(")", DIM),
        ]
    )
    head = title_line("history of da<t>, right to left", width, extra)
    return [head, *rows]
