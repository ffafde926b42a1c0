"""A classifier's output, ŷ = σ(Wya a<T_x> + by): forward, before the last word a line says
where it will appear; at t = T_x a bar with its value, the label y and the loss L, the only
one. Backward, the output error that enters at t = T_x: dL/dŷ and dL/dz_y = ŷ − y."""

from __future__ import annotations

from ..draw.bars import hbar
from ..draw.colours import BAD, DIM, GOOD, GRAD, LABEL, NOTE, NUMBER
from ..draw.numbers import fmt_sig, fmt_small
from ..draw.text import Line, fit, line_width, seg, title_line
from ..view import ViewState
from .base import Panel, one_chain
from .cls_sentence import SENTIMENT

TITLE = "ŷ, the sentence's output"


def waiting(view: ViewState, width: int, height: int) -> list[Line]:
    """Before the last word: no output yet, and where it will come."""
    T = view.T
    if height < 4:
        return [fit([seg("ŷ", LABEL), seg(f" comes after the last word, at t = T_x = {T}: none yet", NOTE)], width)]
    rows = [
        [seg("no ŷ yet", LABEL), seg(f" at t = {view.t}: the network reads on", NOTE)],
        [seg(f"ŷ = σ(Wya a<{T}> + by)", LABEL), seg(f" at t = T_x = {T},", NOTE)],
        [seg("after the last word (end jumps there)", NOTE)],
    ]
    return [title_line(TITLE, width), *[fit(r, width) for r in rows]]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """ŷ as a bar from 0 to 1 (the tick is 0.5), y and L, at t = T_x."""
    if view.t < view.T:
        return waiting(view, width, height)
    last = view.trace.steps[-1]
    p, y = last.y_hat, last.y
    style = NUMBER if y is None else (GOOD if (p > 0.5) == bool(y) else BAD)
    head: Line = [seg("ŷ = ", LABEL), seg(fmt_small(p), style), seg(" ")]
    says = f"ŷ {'>' if p > 0.5 else '≤'} 0.5: {SENTIMENT[int(p > 0.5)]}"
    if y is None:
        verdict: Line = [seg("y: none", DIM), seg(" · ", DIM), seg(says, NUMBER)]
        loss: Line = [seg("L", LABEL), seg(": none (no label)", DIM)]
    else:
        ok = (p > 0.5) == bool(y)
        verdict = [seg(f"y = {y}", NUMBER), seg(f" ({SENTIMENT[y]}) · ", DIM), seg(says, NUMBER)]
        verdict.append(seg(" ✓" if ok else " ✗", GOOD if ok else BAD))
        loss = [seg("L = ", LABEL), seg(fmt_small(last.loss or 0.0), NUMBER), seg(", the only loss", DIM)]
    if height >= 4:
        bar_w = max(4, width - line_width(head) - 4)
        bar = [*head, seg("0 ", DIM), *hbar(p, bar_w, style, threshold=0.5), seg(" 1", DIM)]
        return [title_line(TITLE, width), fit(bar, width), fit(verdict, width), fit(loss, width)]
    return [fit([*head, *hbar(p, 10, style, threshold=0.5), seg("  "), *verdict, seg("  "), *loss], width)]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """ŷ, y, dL/dŷ and the output error dL/dz_y = ŷ − y, which enters at t = T_x only."""
    back = view.backs[-1]
    T = view.T
    values: Line = [
        seg("ŷ = ", LABEL),
        seg(fmt_small(back.y_hat or 0.0), NUMBER),
        seg("   y = ", LABEL),
        seg(str(back.y), NUMBER),
        seg("   L = ", LABEL),
        seg(fmt_small(view.trace.loss or 0.0), NUMBER),
    ]
    formula = "−1/ŷ" if back.y else "1/(1 − ŷ)"
    dL: Line = [seg(f"dL/dŷ = {formula} = ", LABEL), seg(fmt_sig(back.dL_dy_hat or 0.0, 5, sign=True), NUMBER)]
    error: Line = [seg("dL/dz_y = ŷ − y = ", LABEL), seg(fmt_sig(back.dlogit or 0.0, 3, sign=True), GRAD)]
    where: Line = [seg(f"at t = {T} only", NOTE)]
    if height >= 4:
        return [
            title_line("ŷ − y, the output error", width),
            fit(values, width),
            fit(dL, width),
            fit([*error, seg("  "), *where], width),
        ]
    return [
        fit([*error, seg(f"  (ŷ = {fmt_small(back.y_hat or 0.0)}, y = {back.y}), at t = T_x = {T} only", DIM)], width)
    ]


PANEL = Panel(
    "cls-output",
    {"forward": forward, "backward": backward},
    shapes=("classifier",),
    when=one_chain,
    while_loading=False,
)
