"""An encoder-decoder's output. On the encoder a line says where the output will appear (the
encoder gives none). On the decoder, ŷ<t> = softmax(Wya a<t> + by) over the output tokens:
the token it emits (the most probable) as a bar, the runners-up, y<t> and L<t>, and the
decoded string so far, built one token a step. Backward, the output error of the step."""

from __future__ import annotations

from ..draw.bars import hbar
from ..draw.colours import BAD, DIM, GOOD, GRAD, LABEL, NOTE, NUMBER
from ..draw.numbers import fmt_sig, fmt_small
from ..draw.text import Line, fit, line_width, seg, title_line
from ..view import ViewState
from .base import Panel, one_chain
from .s2s_common import END, decoder, emitted, outputs, token, whole

TITLE = "ŷ<t>, the decoder's output"


def decoded(view: ViewState, t: int) -> str:
    """The tokens emitted at steps 1 … t, as a string (<END> left out)."""
    names = outputs(view)
    return "".join(names[i] for i in emitted(view)[:t] if names[i] != END)


def so_far(view: ViewState, t: int) -> Line:
    """`output "30" so far` (and, teacher-forced, the greedy decoding it is not)."""
    line: Line = [seg("output ", LABEL), seg(f'"{decoded(view, t)}"', NUMBER)]
    T_y = decoder(view).T
    if t < T_y:
        line.append(seg(" so far", DIM))
    elif whole(view).labels is not None:
        greedy = "".join(outputs(view)[i] for i in whole(view).decoded or ())
        line += [seg(" · greedy, fed its own: ", DIM), seg(f'"{greedy}"', NUMBER)]
    return line


def on_encoder(view: ViewState, width: int, height: int) -> list[Line]:
    presses = view.T - view.t + 1  # the encoder's steps still to read, then the decoder's first
    more = f"{presses} more →" if presses > 1 else "→ to go on"
    if height < 4:
        return [
            fit([seg("ŷ<t>", LABEL), seg(f": none on the encoder; ŷ<1> at the decoder's step 1 ({more})", NOTE)], width)
        ]
    rows = [
        [seg(f"no output at encoder step {view.t}", LABEL), seg(": it only reads", NOTE)],
        [seg("ŷ<1>", LABEL), seg(" comes after the hand-off, at the", NOTE)],
        [seg(f"decoder's step 1 ({more})", NOTE)],
    ]
    return [title_line(TITLE, width), *[fit(r, width) for r in rows]]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """The emitted token's probability as a bar, the runners-up, y<t> and L<t>, and the
    decoded string so far."""
    if not view.decoding:
        return on_encoder(view, width, height)
    step, t = view.step, view.t
    assert step is not None and step.probs is not None
    ranked = view.trace.ranked[t - 1]
    best = int(ranked[0])
    p = float(step.probs[best])
    ok = None if step.y is None else best == step.y
    style = NUMBER if ok is None else (GOOD if ok else BAD)
    head: Line = [seg(f"ŷ<{t}>: ", LABEL), seg(token(view, best), style), seg(f" {fmt_small(p)} ", NUMBER)]
    others: Line = [seg(" then ", DIM)]
    for i in ranked[1 : 2 if width < 60 else 4]:  # the runners-up that fit
        others += [seg(token(view, int(i)), NUMBER), seg(f" {fmt_small(float(step.probs[int(i)]))} ", DIM)]
    if step.y is None:
        target: Line = [seg("y: none", DIM), seg(" (unlabeled: no loss)", DIM)]
    else:
        target = [seg(f"y<{t}> = ", LABEL), seg(token(view, step.y), NUMBER), seg(" ✓" if ok else " ✗", style)]
        target += [seg(f"   L<{t}> = ", LABEL), seg(fmt_small(step.loss or 0.0), NUMBER)]
    if height >= 4:
        bar = [*head, *hbar(p, max(4, width - line_width(head) - line_width(others)), style), *others]
        return [title_line(TITLE, width), fit(bar, width), fit(target, width), fit(so_far(view, t), width)]
    return [fit([*head, seg(" "), *so_far(view, t), seg("  "), *target], width)]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """The decoder's output error at t, or that the encoder has none."""
    if not view.decoding:
        text: Line = [seg("no output error on the encoder", LABEL)]
        if height < 4:
            return [fit([*text, seg(": its gradient comes through the hand-off", NOTE)], width)]
        rows = [
            text,
            [seg("L = Σ L<t> is the decoder's: the encoder's", NOTE)],
            [seg("gradient comes through the hand-off", NOTE)],
        ]
        return [title_line("the output error", width), *[fit(r, width) for r in rows]]
    back, t = view.back, view.t
    y = back.y
    assert y is not None
    error = float(view.trace.backward.dlogits[t - 1, y])
    values: Line = [seg(f"ŷ<{t}>[y] = ", LABEL), seg(fmt_small(back.y_hat or 0.0), NUMBER)]
    values += [seg(f" y<{t}> = ", LABEL), seg(token(view, y), NUMBER)]  # one space: 43 columns at most
    values += [seg(f" L<{t}> = ", LABEL), seg(fmt_small(view.trace.steps[t - 1].loss or 0.0), NUMBER)]
    dz: Line = [seg(f"ŷ<{t}> − onehot(y<{t}>)", LABEL), seg(" at y: ", DIM), seg(fmt_sig(error, 3, sign=True), GRAD)]
    rest: Line = [seg("at every other token k: ŷ<t>[k]", DIM)]
    if height >= 4:
        return [
            title_line("dL<t>/dz_y<t>, the output error", width),
            fit(values, width),
            fit(dz, width),
            fit(rest, width),
        ]
    return [fit([seg(f"dL<{t}>/dz_y = ", LABEL), *dz, seg(f"  (ŷ[y] = {fmt_small(back.y_hat or 0.0)})", DIM)], width)]


PANEL = Panel(
    "s2s-output", {"forward": forward, "backward": backward}, shapes=("seq2seq",), when=one_chain, while_loading=False
)
