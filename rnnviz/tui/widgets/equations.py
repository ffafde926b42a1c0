"""Panel 8, the equations of the current step in the seed's notation, with the current
numbers substituted (long vectors shown by their first entries and their norm), and the
loss in its correct form: the seed writes y inside the logs, where ŷ belongs."""

from __future__ import annotations

from ..render import (
    DIM,
    LABEL,
    NOTE,
    NUMBER,
    WARN,
    Line,
    fit,
    fmt,
    fmt_int,
    fmt_small,
    g_name,
    line_width,
    seg,
    title_line,
    vector_preview,
)
from ..state import ViewState
from . import backward
from .panel import Panel

SEED_NOTE: Line = [
    seg("note: ", WARN),
    seg("the seed writes −y log y − (1−y) log(1−y); the logs take ŷ", NOTE),
]


def g_of(activation: str, arg: str) -> str:
    return f"{g_name(activation)}({arg})"


def loss_formula(t: int | str) -> str:
    return f"L<{t}> = −y<{t}> log ŷ<{t}> − (1−y<{t}>) log(1−ŷ<{t}>)"


def equation_lines(state: ViewState, width: int, compact: bool = False) -> list[tuple[int, Line]]:
    """(priority, line) pairs in screen order; a short panel keeps the lines whose priority
    numbers are lowest."""
    params = state.params
    act = params.activation
    step = state.step
    if step is None:
        nxt = state.next_step
        word = f"<UNK> for '{nxt.token}'" if nxt.unknown else f"'{nxt.token}'"
        return [
            (0, [seg("a<0> = 0", LABEL), seg(f"   the state before the first word: {params.n_a} zeros", DIM)]),
            (
                1,
                [
                    seg("press → to feed ", NOTE),
                    seg(f"x<1> = {word}", NUMBER),
                    seg(f" (index {fmt_int(nxt.index)}) and compute:", NOTE),
                ],
            ),
            (2, [seg("z<1> = Waa a<0> + Wax x<1> + ba", LABEL), seg(" = Wa [a<0>; x<1>] + ba", DIM)]),
            (3, [seg(f"a<1> = {g_of(act, 'z<1>')}", LABEL), seg(",   ", DIM), seg("ŷ<1> = σ(Wya a<1> + by)", LABEL)]),
            (5, [seg(loss_formula(1), LABEL)]),
            (6, [seg("L = Σ_t L<t>", LABEL), seg(", the sum over the words t = 1 … T_x", DIM)]),
            (4, SEED_NOTE),
        ]
    t = step.t
    p = step.y_hat
    relu_note = [seg(f" = max(0, z<{t}>)", DIM)] if act == "relu" else []
    lines: list[tuple[int, Line]] = [
        (0, [seg(f"z<{t}> = Waa a<{t - 1}> + Wax x<{t}> + ba", LABEL), seg(f" = Wa [a<{t - 1}>; x<{t}>] + ba", DIM)]),
        (
            5,
            [
                seg("     = ", DIM),
                seg(vector_preview(step.z), NUMBER),
                seg(f"   Wax x<{t}> is column {fmt_int(step.index)} of Wax", DIM),
            ],
        ),
        (
            1,
            [
                seg(f"a<{t}> = {g_of(act, f'z<{t}>')}", LABEL),
                *relu_note,
                seg(" = ", DIM),
                seg(vector_preview(step.a), NUMBER),
                seg(f"   ‖a<{t}>‖ = {fmt(step.a_norm, 2)}", DIM),
            ],
        ),
        (
            2,
            [
                seg(f"ŷ<{t}> = σ(Wya a<{t}> + by) = ", LABEL),
                seg(f"σ({fmt(step.logit, 3, sign=True)})", NUMBER),
                seg(" = ", DIM),
                seg(fmt_small(p), NUMBER),
            ],
        ),
    ]
    if step.y is None:
        lines += [
            (3, [seg(f"L<{t}>", LABEL), seg(f": needs the label y<{t}>; this sentence is unlabeled", NOTE)]),
            (6, [seg("L = Σ_t L<t>", LABEL), seg(": none without labels", DIM)]),
        ]
    else:
        y = step.y
        numbers: Line = [
            seg(f"−{y}·log {fmt_small(p)} − {1 - y}·log {fmt_small(1 - p)} = ", NUMBER),
            seg(fmt_small(step.loss), NUMBER),
        ]
        total: Line = [seg(f"ΣL<1..{t}> = ", LABEL), seg(fmt_small(step.cum_loss), NUMBER)]
        one_line = [seg(loss_formula(t), LABEL), seg(" = ", DIM), *numbers]
        short = [seg(f"L<{t}> = −y log ŷ − (1−y) log(1−ŷ)", LABEL), seg(" = ", DIM), *numbers]
        if line_width(one_line) <= width:
            lines += [(3, one_line), (6, [seg("L = Σ_t L<t>", LABEL), seg(";  so far ", DIM), *total])]
        elif compact:
            lines += [(3, short), (6, [seg("L = Σ_t L<t>", LABEL), seg(";  so far ", DIM), *total])]
        else:
            lines += [
                (3, [seg(loss_formula(t), LABEL)]),
                (6, [seg("     = ", DIM), *numbers, seg(";  ", DIM), *total]),
            ]
    lines.append((4, SEED_NOTE))
    return lines


class EquationsPanel(Panel):
    """The forward equations of step t with their numbers."""

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        if state.backward:
            entries = backward.back_equation_lines(state, width)
            heading = f"the backward equations, step t = {state.t}"
            extra = [seg("BPTT, right to left: t = T_x … 1", DIM)]
        else:
            entries = equation_lines(state, width, compact=height < 7)
            heading = "the equations, " + ("before the first word" if state.t == 0 else f"step t = {state.t}")
            extra = [seg("the seed's notation", DIM)]
        title = height >= min(len(entries), 7) + 1  # the full layout's 8 rows: a title over 7 lines
        room = height - 1 if title else height
        keep = sorted(priority for priority, _ in entries)[:room]
        body = [fit(line, width) for priority, line in entries if priority in keep]
        if title:
            return [title_line(heading, width, extra), *body]
        return body
