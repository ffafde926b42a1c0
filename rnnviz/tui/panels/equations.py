"""The equations of the current step in the seed's notation, with the current numbers
substituted (long vectors shown by their first entries and their norm), and the loss in its
correct form: the seed writes y inside the logs, where ŷ belongs. Backward, the equations
of backpropagation through time at step t, with the engine's numbers."""

from __future__ import annotations

from ..draw.colours import DIM, GRAD, LABEL, NOTE, NUMBER, WARN
from ..draw.numbers import fmt, fmt_int, fmt_prob, fmt_sig, fmt_small, grad_preview, vector_preview
from ..draw.text import Line, fit, g_name, line_width, seg, title_line
from ..view import ViewState
from .base import Panel, one_chain
from .gradients import dL_dy_hat_formula, g_prime_name

SEED_NOTE: Line = [
    seg("note: ", WARN),
    seg("the seed writes −y log y − (1−y) log(1−y); the logs take ŷ", NOTE),
]
Entries = list[tuple[int, Line]]  # (priority, line) in screen order; a short panel keeps the lowest


def g_of(activation: str, arg: str) -> str:
    return f"{g_name(activation)}({arg})"


def loss_formula(t: int | str) -> str:
    return f"L<{t}> = −y<{t}> log ŷ<{t}> − (1−y<{t}>) log(1−ŷ<{t}>)"


def before_first_word(view: ViewState) -> Entries:
    """At t = 0: a<0> = 0, and what the first step will compute."""
    params = view.params
    nxt = view.trace.steps[0]
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
        (
            3,
            [
                seg(f"a<1> = {g_of(params.activation, 'z<1>')}", LABEL),
                seg(",   ", DIM),
                seg("ŷ<1> = σ(Wya a<1> + by)", LABEL),
            ],
        ),
        (5, [seg(loss_formula(1), LABEL)]),
        (6, [seg("L = Σ_t L<t>", LABEL), seg(", the sum over the words t = 1 … T_x", DIM)]),
        (4, SEED_NOTE),
    ]


def forward_equations(view: ViewState, width: int, compact: bool = False) -> Entries:
    """The forward equations of step t with their numbers."""
    step = view.step
    if step is None:
        return before_first_word(view)
    act = view.params.activation
    t = step.t
    p = step.y_hat
    relu_note = [seg(f" = max(0, z<{t}>)", DIM)] if act == "relu" else []
    lines: Entries = [
        (0, [seg(f"z<{t}> = Waa a<{t - 1}> + Wax x<{t}> + ba", LABEL), seg(f" = Wa [a<{t - 1}>; x<{t}>] + ba", DIM)]),
        (
            5,
            [
                seg("     = ", DIM),
                seg(vector_preview(view.q("z")), NUMBER),
                seg(f"   Wax x<{t}> is column {fmt_int(step.index)} of Wax", DIM),
            ],
        ),
        (
            1,
            [
                seg(f"a<{t}> = {g_of(act, f'z<{t}>')}", LABEL),
                *relu_note,
                seg(" = ", DIM),
                seg(vector_preview(view.q("a")), NUMBER),
                seg(f"   ‖a<{t}>‖ = {fmt(view.summary('a').norm[t - 1], 2)}", DIM),
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
    if step.y is None or step.loss is None or step.cum_loss is None:
        lines += [
            (3, [seg(f"L<{t}>", LABEL), seg(f": needs the label y<{t}>; this sentence is unlabeled", NOTE)]),
            (6, [seg("L = Σ_t L<t>", LABEL), seg(": none without labels", DIM)]),
        ]
    else:
        y = step.y
        numbers: Line = [
            seg(f"−{y}·log {fmt_prob(p)} − {1 - y}·log {fmt_prob(1 - p)} = ", NUMBER),
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


def dz_line(view: ViewState) -> Line:
    """`dz<t> = da<t> ⊙ g'(z<t>), g' = 1 − a<t>² = [...] → [...]`: the vanilla cell's step back
    through g (the tagger's, the classifier's and the encoder-decoder's equations)."""
    t = view.t
    return [
        seg(f"dz<{t}> = da<{t}> ⊙ g'(z<{t}>)", LABEL),
        seg(f", g' = {g_prime_name(view.params.activation, t)} = ", DIM),
        seg(vector_preview(view.g("g_prime"), 2), NUMBER),
        seg(" → ", DIM),
        seg(grad_preview(view.g("dz"), 1), NUMBER),
    ]


def da_sum_line(view: ViewState) -> Line:
    """`      = [...] + [...] = [...]   ‖da<t>‖ = …`: the output's part of da<t>, the part
    from step t+1 (0 at T_x), and their sum."""
    t, T = view.t, view.T
    return [
        seg("      = ", DIM),
        seg(grad_preview(view.g("da_out"), 1), NUMBER),
        seg(" + ", DIM),
        seg(grad_preview(view.g("da_next"), 1) if t < T else "0", NUMBER),
        seg(" = ", DIM),
        seg(grad_preview(view.g("da"), 1), NUMBER),
        seg(f"   ‖da<{t}>‖ = ", DIM),
        seg(fmt_sig(view.norm("da"), 3), NUMBER),
    ]


def dwaa_line(view: ViewState) -> Line:
    """`dWaa += dz<t> a<t-1>^T (‖·‖ …)`: this step's share of dWaa."""
    t = view.t
    return [
        seg(f"dWaa += dz<{t}> a<{t - 1}>^T", LABEL),
        seg(" (‖·‖ ", DIM),
        seg(fmt_sig(view.back.dWaa_norm, 2), NUMBER),
        seg(")", DIM),
    ]


def prev_line(view: ViewState, onward: str | None = None, norm: bool = True) -> Line:
    """`da<t-1> = Waa^T dz<t> = [...]  ‖·‖ = …  → on to step t-1`: what flows left; `onward`
    replaces the last words (an encoder's end says where its gradient goes)."""
    t = view.t
    if onward is None:
        onward = f"  → on to step {t - 1}" if t > 1 else "  → a<0>, fixed: the end"
    line: Line = [seg(f"da<{t - 1}> = Waa^T dz<{t}> = ", LABEL), seg(grad_preview(view.g("da_prev"), 1), NUMBER)]
    if norm:
        line.append(seg(f"  ‖·‖ = {fmt_sig(view.norm('da_prev'), 3)}", DIM))
    return [*line, seg(onward, NOTE)]


def backward_equations(view: ViewState, width: int) -> Entries:
    """The backward equations of step t with the engine's numbers."""
    back = view.back
    t, T = view.t, view.T
    y_hat, y = back.y_hat or 0.0, back.y
    dlogit = fmt_sig(back.dlogit or 0.0, 3, sign=True)
    dL_dy_hat = fmt_sig(back.dL_dy_hat or 0.0, 4, sign=True)
    e = f"(ŷ<{t}> − y<{t}>)"
    error: Line = [
        seg(f"dL<{t}>/dz_y<{t}> = ŷ<{t}> − y<{t}> = ", LABEL),
        seg(f"{fmt_sig(y_hat, 4)} − {y} = ", NUMBER),
        seg(dlogit, GRAD),
    ]
    also: Line = [seg(f"   dL<{t}>/dŷ<{t}> = {dL_dy_hat_formula(t, y)} = ", DIM), seg(dL_dy_hat, NUMBER)]
    if line_width(error) + line_width(also) <= width:
        error += also
    right = f"Waa^T dz<{t + 1}>" if t < T else "0"
    da: Line = [seg(f"da<{t}> = Wya^T {e} + {right}", LABEL)]
    if t == T:
        da.append(seg("   (t = T_x: nothing from the right)", DIM))
    da_numbers = da_sum_line(view)
    dz = dz_line(view)
    prev = prev_line(view)
    params = dwaa_line(view)
    if t == 1:
        params.append(seg(" = 0 as a<0> = 0", DIM))
    params += [seg(f"   dba += dz<{t}>", LABEL)]
    wax: Line = [
        seg(f"dWax[:, {fmt_int(back.index)}] += dz<{t}>", LABEL),
        seg(f"  only the column of '{back.token}' (x<{t}> is one-hot)", DIM),
    ]
    out: Line = [
        seg(f"dWya += {e} a<{t}>^T", LABEL),
        seg(",  ", DIM),
        seg(f"dby += ŷ<{t}> − y<{t}>", LABEL),
        seg("   (the output layer's share)", DIM),
    ]
    return [(0, error), (1, da), (5, da_numbers), (2, dz), (3, prev), (4, params), (6, wax), (7, out)]


def _shown(entries: Entries, heading: str, about: str, width: int, height: int) -> list[Line]:
    """A title over the lines when there is room (the full layout's 8 rows: a title over 7
    lines), and as many lines as fit, the lowest priorities first, in screen order."""
    title = height >= min(len(entries), 7) + 1
    room = height - 1 if title else height
    keep = sorted(priority for priority, _ in entries)[:room]
    body = [fit(line, width) for priority, line in entries if priority in keep]
    return [title_line(heading, width, [seg(about, DIM)]), *body] if title else body


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = "the equations, " + ("before the first word" if view.t == 0 else f"step t = {view.t}")
    return _shown(forward_equations(view, width, compact=height < 7), heading, "the seed's notation", width, height)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = f"the backward equations, step t = {view.t}"
    return _shown(backward_equations(view, width), heading, "BPTT, right to left: t = T_x … 1", width, height)


PANEL = Panel(
    "equations", {"forward": forward, "backward": backward}, quantities=("z", "a"), when=one_chain, shapes=("tagger",)
)
