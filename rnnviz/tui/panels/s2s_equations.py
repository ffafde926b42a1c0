"""An encoder-decoder's equations at t with the engine's numbers (the vanilla cell), on the
network t is on: the encoder's recurrence (its own Waa, Wax, ba; no output), the hand-off
at its last step, and the decoder's recurrence, softmax output and loss. Backward, the
decoder's output error and BPTT, and the encoder's, whose only gradient comes through the
hand-off."""

from __future__ import annotations

from ..draw.colours import DIM, GRAD, LABEL, NOTE, NUMBER
from ..draw.numbers import fmt, fmt_int, fmt_sig, fmt_small, grad_preview, vector_preview
from ..draw.text import Line, seg
from ..view import ViewState
from .base import Panel, one_chain
from .equations import Entries, _shown, dz_line, g_of, prev_line
from .s2s_common import fed_from, token, whole


def recurrence(view: ViewState) -> Entries:
    step = view.step
    assert step is not None
    t, act = step.t, view.params.activation
    x = f"   Wax x<{t}> is column {fmt_int(step.index)} of Wax" if step.index >= 0 else f"   x<{t}> = 0: Wax x<{t}> = 0"
    return [
        (0, [seg(f"z<{t}> = Waa a<{t - 1}> + Wax x<{t}> + ba", LABEL), seg("   (this network's own weights)", DIM)]),
        (4, [seg("     = ", DIM), seg(vector_preview(view.q("z")), NUMBER), seg(x, DIM)]),
        (
            1,
            [
                seg(f"a<{t}> = {g_of(act, f'z<{t}>')} = ", LABEL),
                seg(vector_preview(view.q("a")), NUMBER),
                seg(f"   ‖a<{t}>‖ = {fmt(view.summary('a').norm[t - 1], 2)}", DIM),
            ],
        ),
    ]


def encoder_forward(view: ViewState) -> Entries:
    t, T_x = view.t, view.T
    if t == 0:
        return [
            (
                0,
                [
                    seg("a<0> = 0", LABEL),
                    seg(f"   the encoder's state before the first word: {view.params.n_a} zeros", DIM),
                ],
            ),
            (1, [seg(f"the encoder reads x<1> … x<{T_x}> and has no output", NOTE)]),
            (2, [seg(f"z<1> = Waa a<0> + Wax x<1> + ba,   a<1> = {g_of(view.params.activation, 'z<1>')}", LABEL)]),
            (3, [seg(f"then the decoder starts from a<{T_x}> (the hand-off)", NOTE)]),
        ]
    lines = recurrence(view)
    if t < T_x:
        return [*lines, (2, [seg("no output", LABEL), seg(f": a<{t}> goes on to encoder step {t + 1}", NOTE)])]
    hand: Line = [
        seg(f"hand-off: the decoder's a<0> = a<{T_x}>", LABEL),
        seg("  (everything it knows of the input)", DIM),
    ]
    return [*lines, (2, hand), (3, [seg("→ the decoder's first step: x<1> = 0", NOTE)])]


def decoder_forward(view: ViewState) -> Entries:
    step, t = view.step, view.t
    assert step is not None and step.probs is not None
    T_x = whole(view).T
    lines = recurrence(view)
    if t == 1:
        lines.append((5, [seg(f"a<0> = the encoder's a<{T_x}>", LABEL), seg(" (the hand-off)", DIM)]))
    best = int(view.trace.ranked[t - 1, 0])
    out: Line = [
        seg(f"ŷ<{t}> = softmax(Wya a<{t}> + by)", LABEL),
        seg(": most probable ", DIM),
        seg(token(view, best), NUMBER),
        seg(f" {fmt_small(float(step.probs[best]))}", NUMBER),
    ]
    if step.y is None or step.loss is None:
        loss: Line = [seg(f"L<{t}>", LABEL), seg(": needs the target y<t>; this input is unlabeled", NOTE)]
    else:
        loss = [
            seg(f"L<{t}> = −log ŷ<{t}>[y<{t}>] = ", LABEL),
            seg(f"−log {fmt_small(float(step.probs[step.y]))} = {fmt_small(step.loss)}", NUMBER),
            seg(f"   ΣL<1..{t}> = {fmt_small(step.cum_loss or 0.0)}", DIM),
        ]
    nxt = [seg(fed_from(view, t + 1), NOTE)] if t < view.T else [seg("<END>: the last step", NOTE)]
    return [*lines, (2, out), (3, loss), (6, nxt)]


def backward_equations(view: ViewState) -> Entries:
    back, t, T = view.back, view.t, view.T
    entries: Entries = []
    if view.decoding:
        y = back.y
        assert y is not None
        error = float(view.trace.backward.dlogits[t - 1, y])
        entries.append(
            (
                0,
                [
                    seg(f"dL<{t}>/dz_y = ŷ<{t}> − onehot(y<{t}>)", LABEL),
                    seg(": at y ", DIM),
                    seg(fmt_sig(error, 3, sign=True), GRAD),
                ],
            )
        )
        right = f"Waa^T dz<{t + 1}>" if t < T else "0"
        da: Line = [seg(f"da<{t}> = Wya^T (ŷ<{t}> − y<{t}>) + {right}", LABEL)]
        parts = [seg("      = ", DIM), seg(grad_preview(view.g("da_out"), 1), NUMBER), seg(" + ", DIM)]
        parts.append(seg(grad_preview(view.g("da_next"), 1) if t < T else "0", NUMBER))
        out: Line = [
            seg(f"dWya += (ŷ<{t}> − y<{t}>) a<{t}>^T", LABEL),
            seg(",  ", DIM),
            seg(f"dby += ŷ<{t}> − y<{t}>", LABEL),
        ]
        entries.append((7, out))
        onward = "  → the encoder's da<T_x>, through the hand-off" if t == 1 else f"  → on to step {t - 1}"
    else:
        entries.append(
            (
                0,
                [
                    seg(f"no output at encoder step {t}", LABEL),
                    seg(": every gradient here came from the decoder", NOTE),
                ],
            )
        )
        came = "the decoder's da<0> (the hand-off)" if t == T else f"Waa^T dz<{t + 1}>"
        da = [seg(f"da<{t}> = 0 + {came}", LABEL)]
        parts = [seg("      = ", DIM), seg(grad_preview(view.g("da_next"), 1), NUMBER)]
        onward = f"  → on to step {t - 1}" if t > 1 else "  → a<0> = 0, fixed: the end"
    parts += [seg(f"   ‖da<{t}>‖ = ", DIM), seg(fmt_sig(view.norm("da"), 3), NUMBER)]
    dz = dz_line(view)
    prev = prev_line(view, onward, norm=False)
    column = f"dWax[:, {fmt_int(back.index)}] += dz<{t}>" if back.index >= 0 else f"dWax: nothing (x<{t}> = 0)"
    params: Line = [
        seg(f"dWaa += dz<{t}> a<{t - 1}>^T", LABEL),
        seg(f"   dba += dz<{t}>   ", LABEL),
        seg(column, LABEL),
    ]
    return [*entries, (1, da), (5, parts), (2, dz), (3, prev), (4, params)]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    side = "decoder" if view.decoding else "encoder"
    heading = f"the {side}'s equations, " + ("before the first word" if view.t == 0 else f"step t = {view.t}")
    entries = decoder_forward(view) if view.decoding else encoder_forward(view)
    return _shown(entries, heading, "two networks, each with its own Waa, Wax, ba", width, height)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    side = "decoder" if view.decoding else "encoder"
    heading = f"the {side}'s backward equations, step t = {view.t}"
    return _shown(backward_equations(view), heading, "BPTT: the decoder right to left, then the encoder", width, height)


PANEL = Panel(
    "s2s-equations",
    {"forward": forward, "backward": backward},
    quantities=("z", "a"),
    shapes=("seq2seq",),
    when=one_chain,
    while_loading=False,
)
