"""Panel 6, ŷ<t> = σ(Wya a<t> + by): a bar with its value, the label y<t> and L<t>."""

from __future__ import annotations

from ..render import (
    BAD,
    DIM,
    GOOD,
    LABEL,
    NOTE,
    NUMBER,
    Line,
    fit,
    fmt_small,
    hbar,
    line_width,
    seg,
    stop_title,
    title_line,
)
from ..state import ViewState
from . import backward
from .panel import Panel


def verdict(y_hat: float, y: int | None) -> Line:
    """`y<t> = 1 (a name): ŷ > 0.5 agrees ✓`."""
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


class OutputPanel(Panel):
    """ŷ<t> as a bar from 0 to 1 (the tick is 0.5), y<t> and L<t>."""

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        if state.backward:
            return backward.error_lines(state, width, height)
        step = state.step
        if step is None:
            nxt = state.next_step
            rows = [
                [seg("ŷ<1>", LABEL), seg(" comes with the first step:", NOTE)],
                [seg(f"the probability that '{nxt.token}'", NOTE)],
                [seg("is (part of) a person's name", NOTE)],
            ]
            if height >= 4:
                return [title_line("ŷ<t>, the output", width), *[fit(r, width) for r in rows]]
            return [
                fit([seg("ŷ<1>", LABEL), seg(f" comes with the first step: P('{nxt.token}' is a name)", NOTE)], width)
            ]
        t, p = step.t, step.y_hat
        ok_style = NUMBER if step.y is None else (GOOD if (p > 0.5) == bool(step.y) else BAD)
        head: Line = [seg(f"ŷ<{t}> = ", LABEL), seg(fmt_small(p), ok_style), seg(" ")]
        loss: Line = [seg(f"L<{t}> = ", LABEL)]
        loss += [seg(fmt_small(step.loss), NUMBER)] if step.loss is not None else [seg("none (no label)", DIM)]
        if height >= 4:
            bar_w = max(4, width - line_width(head) - 4)
            stop = state.stopped("cross", "loss")
            return [
                stop_title("ŷ<t>, the output", width, stop.reason) if stop else title_line("ŷ<t>, the output", width),
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
