"""A classifier's equations at step t with the engine's numbers (the vanilla cell): the
recurrence at every step, and ŷ = σ(Wya a<T_x> + by) and its one loss only at t = T_x.
Backward: the output error and Wyaᵀ (ŷ − y) at t = T_x; before it, da<t> is all Waaᵀ dz<t+1>."""

from __future__ import annotations

from ..draw.colours import DIM, GRAD, LABEL, NOTE, NUMBER
from ..draw.numbers import fmt, fmt_int, fmt_prob, fmt_sig, fmt_small, grad_preview, vector_preview
from ..draw.text import Line, seg
from ..view import ViewState
from .base import Panel, one_chain
from .equations import SEED_NOTE, Entries, _shown, dwaa_line, dz_line, g_of, prev_line

LOSS = "L = −y log ŷ − (1−y) log(1−ŷ)"


def recurrence(view: ViewState) -> Entries:
    """z<t> and a<t> with their numbers (t ≥ 1)."""
    step = view.step
    assert step is not None
    t, act = step.t, view.params.activation
    return [
        (0, [seg(f"z<{t}> = Waa a<{t - 1}> + Wax x<{t}> + ba", LABEL), seg(f" = Wa [a<{t - 1}>; x<{t}>] + ba", DIM)]),
        (
            4,
            [
                seg("     = ", DIM),
                seg(vector_preview(view.q("z")), NUMBER),
                seg(f"   Wax x<{t}> is column {fmt_int(step.index)} of Wax", DIM),
            ],
        ),
        (
            1,
            [
                seg(f"a<{t}> = {g_of(act, f'z<{t}>')} = ", LABEL),
                seg(vector_preview(view.q("a")), NUMBER),
                seg(f"   ‖a<{t}>‖ = {fmt(view.summary('a').norm[t - 1], 2)}", DIM),
            ],
        ),
    ]


def forward_equations(view: ViewState) -> Entries:
    T, t = view.T, view.t
    act = view.params.activation
    if t == 0:
        nxt = view.trace.steps[0]
        return [
            (0, [seg("a<0> = 0", LABEL), seg(f"   the state before the first word: {view.params.n_a} zeros", DIM)]),
            (1, [seg("press → to feed ", NOTE), seg(f"x<1> = '{nxt.token}'", NUMBER), seg(" and compute:", NOTE)]),
            (2, [seg(f"z<1> = Waa a<0> + Wax x<1> + ba,   a<1> = {g_of(act, 'z<1>')}", LABEL)]),
            (
                3,
                [seg(f"ŷ = σ(Wya a<{T}> + by)", LABEL), seg(f": one output, after the last word (t = T_x = {T})", DIM)],
            ),
            (5, [seg(LOSS, LABEL), seg(": the only loss, at t = T_x", DIM)]),
            (4, SEED_NOTE),
        ]
    lines = recurrence(view)
    if t < T:
        return [
            *lines,
            (2, [seg(f"no ŷ<{t}>", LABEL), seg(f": the network reads on; a<{t}> is passed to step {t + 1}", NOTE)]),
            (
                3,
                [
                    seg(f"ŷ = σ(Wya a<{T}> + by)", LABEL),
                    seg(f" comes at t = T_x = {T}, and with it the one loss L", DIM),
                ],
            ),
            (5, SEED_NOTE),
        ]
    last = view.trace.steps[-1]
    p = last.y_hat
    y_hat: Line = [
        seg(f"ŷ = σ(Wya a<{T}> + by) = ", LABEL),
        seg(f"σ({fmt(last.logit, 3, sign=True)})", NUMBER),
        seg(" = ", DIM),
        seg(fmt_small(p), NUMBER),
        seg("   the only output", DIM),
    ]
    if last.y is None or last.loss is None:
        loss: Line = [seg("L", LABEL), seg(": needs the label y; this sentence is unlabeled", NOTE)]
    else:
        y = last.y
        loss = [
            seg(f"{LOSS} = ", LABEL),
            seg(f"−{y}·log {fmt_prob(p)} − {1 - y}·log {fmt_prob(1 - p)} = ", NUMBER),
            seg(fmt_small(last.loss), NUMBER),
        ]
    return [*lines, (2, y_hat), (3, loss), (5, SEED_NOTE)]


def backward_equations(view: ViewState) -> Entries:
    back = view.back
    t, T = view.t, view.T
    if t == T:
        last = view.backs[-1]
        error: Line = [
            seg("dL/dz_y = ŷ − y = ", LABEL),
            seg(f"{fmt_sig(last.y_hat or 0.0, 4)} − {last.y} = ", NUMBER),
            seg(fmt_sig(last.dlogit or 0.0, 3, sign=True), GRAD),
            seg("   the one output error, at t = T_x only", DIM),
        ]
        da: Line = [
            seg(f"da<{T}> = Wya^T (ŷ − y) + 0", LABEL),
            seg("   (nothing from the right of the last word)", DIM),
        ]
        numbers: Line = [seg("      = ", DIM), seg(grad_preview(view.g("da_out"), 1), NUMBER)]
        out: Line = [seg(f"dWya += (ŷ − y) a<{T}>^T", LABEL), seg(",  ", DIM), seg("dby += ŷ − y", LABEL)]
        out.append(seg("   (once: the one output)", DIM))
    else:
        error = [seg(f"no output at t = {t}", LABEL), seg(f": the error entered at t = T_x = {T} and flows left", NOTE)]
        da = [seg(f"da<{t}> = 0 + Waa^T dz<{t + 1}>", LABEL), seg("   (all of it from the step to the right)", DIM)]
        numbers = [seg("      = ", DIM), seg(grad_preview(view.g("da_next"), 1), NUMBER)]
        out = []
    wax: Line = [seg(f"dWax[:, {fmt_int(back.index)}] += dz<{t}>", LABEL), seg(f"  the column of '{back.token}'", DIM)]
    numbers += [seg(f"   ‖da<{t}>‖ = ", DIM), seg(fmt_sig(view.norm("da"), 3), NUMBER)]
    dz = dz_line(view)
    prev = prev_line(view)
    params: Line = [*dwaa_line(view), seg(f"   dba += dz<{t}>", LABEL)]
    entries = [(0, error), (1, da), (5, numbers), (2, dz), (3, prev), (4, params), (6, wax)]
    return entries + ([(7, out)] if out else [])


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = "the equations, " + ("before the first word" if view.t == 0 else f"step t = {view.t} of {view.T}")
    return _shown(forward_equations(view), heading, "many-to-one: ŷ at t = T_x only", width, height)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = f"the backward equations, step t = {view.t}"
    return _shown(backward_equations(view), heading, "BPTT from the one loss: t = T_x … 1", width, height)


PANEL = Panel(
    "cls-equations",
    {"forward": forward, "backward": backward},
    quantities=("z", "a"),
    shapes=("classifier",),
    when=one_chain,
    while_loading=False,
)
