"""What the equation panels of the gated cells share: a formula with the first entries of
its vector (as many as fit), the output line, and a title over the lines that fit, kept by
priority. The numbers are the engine's (view.q, view.g, their norms and summaries)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..draw.colours import DIM, GRAD, LABEL, NOTE, NUMBER
from ..draw.numbers import fmt, fmt_int, fmt_sig, fmt_small, grad_preview, vector_preview
from ..draw.text import Line, fit, line_width, seg, title_line
from ..view import ViewState

if TYPE_CHECKING:
    import numpy as np

Entries = list[tuple[int, Line]]  # (priority, line) in screen order; a short panel keeps the lowest
FULL = 7  # lines under the title in the full layout (8 rows)


def with_values(formula: str, values: np.ndarray, width: int, after: Line | None = None, grad: bool = False) -> Line:
    """`formula = [+0.31, -1.20, +0.95, …]` and `after`, with as many entries as fit."""
    line: Line = []
    for count in (3, 2, 1):
        preview = grad_preview(values, count) if grad else vector_preview(values, count)
        line = [seg(formula, GRAD if grad else LABEL), seg(" = ", DIM), seg(preview, NUMBER), *(after or [])]
        if line_width(line) <= width:
            break
    return line


def norm_of(view: ViewState, name: str, symbol: str) -> Line:
    """`   ‖c<4>‖ = 3.21`: the engine's norm of a forward quantity at t."""
    return [seg(f"   ‖{symbol}<{view.t}>‖ = ", DIM), seg(fmt(view.summary(name).norm[view.t - 1], 2), NUMBER)]


def grad_norm(view: ViewState, name: str) -> Line:
    """`  ‖·‖ 0.0030`: the engine's norm of a gradient at t."""
    return [seg("  ‖·‖ ", DIM), seg(fmt_sig(view.norm(name), 2), NUMBER)]


def output_line(view: ViewState) -> Line:
    """`ŷ<4> = σ(Wya a<4> + by) = σ(+9.899) = 1.000,  L<4> = 5.0e-05`."""
    step = view.step
    assert step is not None, "the output exists from t = 1"
    t = step.t
    if step.probs is None:  # a shape with no output at this step (a classifier before T_x)
        return [seg(f"no output at step {t}: ŷ comes after the last word, t = T_x = {view.T}", NOTE)]
    if len(step.probs) == 1:
        line: Line = [
            seg(f"ŷ<{t}> = σ(Wya a<{t}> + by) = ", LABEL),
            seg(f"σ({fmt(step.logit, 3, sign=True)})", NUMBER),
            seg(" = ", DIM),
            seg(fmt_small(step.y_hat), NUMBER),
        ]
    else:  # a softmax head: one probability per class
        formula = "softmax" + f"(Wya a<{t}> + by)"  # text on screen (the no-math test looks for calls)
        line = [seg(f"ŷ<{t}> = {formula}", LABEL), seg(f", {len(step.probs)} classes", DIM)]
    if step.loss is None:
        return [*line, seg(f",  L<{t}>: unlabeled, no loss", NOTE)]
    return [*line, seg(f",  L<{t}> = ", LABEL), seg(fmt_small(step.loss), NUMBER)]


def fed(view: ViewState) -> Line:
    """At t = 0: `press → to feed x<1> = 'harry' (index 1,234) and compute:`."""
    nxt = view.trace.steps[0]
    word = f"<UNK> for '{nxt.token}'" if nxt.unknown else f"'{nxt.token}'"
    return [
        seg("press → to feed ", NOTE),
        seg(f"x<1> = {word}", NUMBER),
        seg(f" (index {fmt_int(nxt.index)}) and compute:", NOTE),
    ]


def first_loss(view: ViewState) -> Line:
    """At t = 0, the output the first step computes: ŷ<1> and L<1>, or, when only the last
    step has an output (a classifier), where ŷ will come."""
    steps = view.trace.steps
    if steps[0].probs is None:
        return [
            seg(f"ŷ = σ(Wya a<{len(steps)}> + by)", LABEL),
            seg(f" after the last word only (t = T_x = {len(steps)}),  ", NOTE),
            seg("L = −y log ŷ − (1−y) log(1−ŷ)", LABEL),
        ]
    return [seg("ŷ<1> = σ(Wya a<1> + by)", LABEL), seg(",   ", DIM), seg("L<1> = −y log ŷ − (1−y) log(1−ŷ)", LABEL)]


def from_output(view: ViewState) -> str:
    """The output's part of da<t>, `Wya^T (ŷ<4> − y<4>) + `, or nothing at a step without an
    output (a classifier before T_x)."""
    step = view.step
    if step is None or step.probs is None:
        return ""
    return f"Wya^T (ŷ<{step.t}> − y<{step.t}>) + "


def weights_line(view: ViewState, d: str) -> Line:
    """`dWaa += dG<4> a<3>^T, dba += dG<4>, dWax[:, 9,886] += dG<4> ('hermione')`: this
    step's share of the cell's weight gradients (x<t> is one-hot: one column of Wax)."""
    back = view.back
    t = view.t
    return [
        seg(f"dWaa += {d} a<{t - 1}>^T", GRAD),
        seg(", ", DIM),
        seg(f"dWax[:, {fmt_int(back.index)}] += {d}", GRAD),
        seg(f" ('{back.token}')", DIM),
    ]


def shown(entries: Entries, heading: str, about: str, width: int, height: int) -> list[Line]:
    """A title over the lines when there is room for it over FULL lines (the full layout's
    8 rows), and as many lines as fit, the lowest priorities first, in screen order."""
    title = height > FULL
    room = height - 1 if title else height
    keep = sorted(priority for priority, _ in entries)[:room]
    body = [fit(line, width) for priority, line in entries if priority in keep]
    return [title_line(heading, width, [seg(about, DIM)]), *body] if title else body
