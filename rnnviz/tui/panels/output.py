"""Forward, ŷ<t> = σ(Wya a<t> + by): a bar with its value, the label y<t> and L<t>.
Backward, the output error: dL<t>/dŷ<t> and dL<t>/dz_y<t> = ŷ<t> − y<t>."""

from __future__ import annotations

from ..draw.bars import hbar
from ..draw.colours import BAD, DIM, GOOD, GRAD, LABEL, NOTE, NUMBER
from ..draw.numbers import fmt_sig, fmt_small
from ..draw.text import Line, fit, line_width, seg, stop_title, title_line
from ..view import ViewState
from .base import Panel
from .gradients import dL_dy_hat_formula

TITLE = "ŷ<t>, the output"


def verdict(y_hat: float, y: int | None) -> Line:
    """`1 (a name) · ŷ > 0.5: a name ✓`."""
    above = y_hat > 0.5
    says = [seg(f"ŷ {'>' if above else '≤'} 0.5: {'a name' if above else 'no name'}", NUMBER)]
    if y is None:
        return [seg("no label", DIM), seg(" · ", DIM), *says]
    ok = above == bool(y)
    return [
        seg(f"{y}", NUMBER),
        seg(" (a name)" if y else " (no name)", DIM),
        seg(" · ", DIM),
        *says,
        seg(" ✓" if ok else " ✗", GOOD if ok else BAD),
    ]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """ŷ<t> as a bar from 0 to 1 (the tick is 0.5), y<t> and L<t>."""
    step = view.step
    if step is None:
        token = view.trace.tokens[0]
        if height < 4:
            return [fit([seg("ŷ<1>", LABEL), seg(f" comes with the first step: P('{token}' is a name)", NOTE)], width)]
        rows = [
            [seg("ŷ<1>", LABEL), seg(" comes with the first step:", NOTE)],
            [seg(f"the probability that '{token}'", NOTE)],
            [seg("is (part of) a person's name", NOTE)],
        ]
        return [title_line(TITLE, width), *[fit(r, width) for r in rows]]
    t, p = step.t, step.y_hat
    ok_style = NUMBER if step.y is None else (GOOD if (p > 0.5) == bool(step.y) else BAD)
    head: Line = [seg(f"ŷ<{t}> = ", LABEL), seg(fmt_small(p), ok_style), seg(" ")]
    loss: Line = [seg(f"L<{t}> = ", LABEL)]
    loss += [seg(fmt_small(step.loss), NUMBER)] if step.loss is not None else [seg("none (no label)", DIM)]
    if height >= 4:
        bar_w = max(4, width - line_width(head) - 4)
        stop = view.stopped("cross", "loss")
        return [
            stop_title(TITLE, width, stop.reason) if stop else title_line(TITLE, width),
            fit([*head, seg("0 ", DIM), *hbar(p, bar_w, ok_style, threshold=0.5), seg(" 1", DIM)], width),
            fit([seg(f"y<{t}> = ", LABEL), *verdict(p, step.y)], width),
            fit(loss, width),
        ]
    mark: Line = []
    if step.y is not None:
        ok = (p > 0.5) == bool(step.y)
        mark = [seg(" ✓ agrees" if ok else " ✗ disagrees", GOOD if ok else BAD)]
    y_text = "none" if step.y is None else str(step.y)
    row: Line = [
        *head,
        *hbar(p, 12, ok_style, threshold=0.5),
        seg("  "),
        seg(f"y<{t}> = ", LABEL),
        seg(y_text, NUMBER),
        *mark,
        seg("  "),
        *loss,
    ]
    return [fit(row, width)]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """ŷ<t>, y<t>, dL<t>/dŷ<t> and the output error dL<t>/dz_y<t> = ŷ<t> − y<t>."""
    back = view.back
    t = back.t
    y_hat = fmt_small(back.y_hat or 0.0)
    dlogit = fmt_sig(back.dlogit or 0.0, 3, sign=True)
    if height >= 4:
        heading = "ŷ<t> − y<t>, the output error"
        stop = view.stopped("cross", "loss")
        loss = view.trace.steps[t - 1].loss
        return [
            stop_title(heading, width, stop.reason) if stop else title_line(heading, width),
            fit(
                [
                    seg(f"ŷ<{t}> = ", LABEL),
                    seg(y_hat, NUMBER),
                    seg(f"   y<{t}> = ", LABEL),
                    seg(str(back.y), NUMBER),
                    seg(f"   L<{t}> = ", LABEL),
                    seg(fmt_small(loss or 0.0), NUMBER),
                ],
                width,
            ),
            fit(
                [
                    seg(f"dL<{t}>/dŷ<{t}> = {dL_dy_hat_formula(t, back.y)} = ", LABEL),
                    seg(fmt_sig(back.dL_dy_hat or 0.0, 5, sign=True), NUMBER),
                ],
                width,
            ),
            fit([seg(f"dL<{t}>/dz_y<{t}> = ŷ<{t}> − y<{t}> = ", LABEL), seg(dlogit, GRAD)], width),
        ]
    row: Line = [
        seg(f"ŷ<{t}> − y<{t}> = ", LABEL),
        seg(dlogit, GRAD),
        seg(f"  dL<{t}>/dŷ<{t}> = ", LABEL),
        seg(fmt_sig(back.dL_dy_hat or 0.0, 4, sign=True), NUMBER),
        seg(f"  (ŷ = {y_hat}, y = {back.y})", DIM),
    ]
    return [fit(row, width)]


PANEL = Panel("output", {"forward": forward, "backward": backward}, shapes=("tagger",))
