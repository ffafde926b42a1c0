"""The equations of a language model's step t with its numbers (the course's character model):
z<t>, a<t>, the scores z_y<t> = Wya a<t> + by, ŷ<t> = softmax(z_y<t>), L<t> = −log ŷ<t>[y<t>]
computed from the scores (log-sum-exp), and what feeds x<t+1>: the target when reading, the
drawn character when generating. Backward, BPTT with the softmax head's error
ŷ<t> − onehot(y<t>)."""

from __future__ import annotations

from ..draw.chars import quoted
from ..draw.colours import DIM, GRAD, LABEL, NOTE, NUMBER
from ..draw.numbers import fmt, fmt_int, fmt_sig, grad_preview, vector_preview
from ..draw.text import Line, g_name, seg
from ..view import ViewState
from .base import Panel
from .equations import Entries, _shown, da_sum_line
from .gradients import g_prime_name
from .lm_common import LM, drawn, prob_text, ranking, readouts, words


def _feeds(view: ViewState, t: int) -> Line:
    """How x<t+1> comes: the target read (teacher forcing), or the character drawn."""
    chars = words(view)
    labels = view.trace.labels or ()
    y = quoted(chars[labels[t - 1]])
    how = drawn(view, t)
    if how is None:
        if labels[t - 1] == 0:
            return [seg(f"y<{t}> = ⏎", LABEL), seg(": the end token, the last step of the line", DIM)]
        return [seg(f"x<{t + 1}> = onehot(y<{t}>) = onehot({y})", LABEL), seg(": the target is the next input", DIM)]
    draw = how.draw
    if draw.u is None:
        rule: Line = [seg(f"w<{t}> = argmax z_y<{t}> = ", LABEL), seg(y, NUMBER), seg("  (T = 0: greedy)", DIM)]
    else:
        rule = [
            seg(f"w<{t}> ~ softmax(z_y<{t}> / {draw.temperature:g})", LABEL),
            seg(": u = ", DIM),
            seg(fmt(draw.u, 3), NUMBER),
            seg(" → ", DIM),
            seg(y, NUMBER),
        ]
    if labels[t - 1] == 0:
        return [*rule, seg(": the end token, the sample ends", DIM)]
    if t == view.T:
        return [*rule, seg(": the last draw (the debugger stops a sample there)", DIM)]
    return [*rule, seg(", fed back: ", DIM), seg(f"x<{t + 1}> = onehot(w<{t}>)", LABEL)]


def before_first(view: ViewState) -> Entries:
    params = view.params
    n = params.n_y
    writes = "drawn from ŷ<1> and fed back as x<2>" if view.generation is not None else "L<1> = −log ŷ<1>[y<1>]"
    return [
        (0, [seg("a<0> = 0", LABEL), seg(f"   the state before the first character: {params.n_a} zeros", DIM)]),
        (1, [seg("x<1> = 0", LABEL), seg("   the zero vector: no character comes before the first", DIM)]),
        (
            2,
            [
                seg("press → to compute ", NOTE),
                seg("z<1> = Waa a<0> + Wax x<1> + ba", LABEL),
                seg(" = ba (both products are 0)", DIM),
            ],
        ),
        (3, [seg(f"a<1> = {g_name(params.activation)}(z<1>),  ŷ<1> = softmax(Wya a<1> + by)", LABEL)]),
        (
            4,
            [
                seg(f"ŷ<1>: a distribution over the {n} characters (⏎ the end token among them); ", DIM),
                seg(writes, LABEL),
            ],
        ),
        (5, [seg("L = Σ_t L<t>", LABEL), seg(", over every character of the line and its end token ⏎", DIM)]),
    ]


def forward_equations(view: ViewState) -> Entries:
    step = view.step
    if step is None:
        return before_first(view)
    t, y = step.t, step.y
    assert y is not None and step.logits is not None
    chars = words(view)
    got = readouts(view.trace)
    act = g_name(view.params.activation)
    if step.index < 0:
        column: Line = [seg(f"   x<{t}> = 0: Wax x<{t}> = 0", DIM)]
    else:
        column = [seg(f"   Wax x<{t}> = column {fmt_int(step.index)} of Wax ({quoted(chars[step.index])})", DIM)]
    target = quoted(chars[y])
    score = fmt(float(step.logits[y]), 3)
    score = f"({score})" if score.startswith("-") else score
    best = ranking(view)[0]
    top = [seg(f"   {len(chars)} scores; the highest ", DIM), seg(fmt(float(step.logits[best]), 2, sign=True), NUMBER)]
    top.append(seg(f" for {quoted(chars[best])}", DIM))
    return [
        (0, [seg(f"z<{t}> = Waa a<{t - 1}> + Wax x<{t}> + ba", LABEL), *column]),
        (6, [seg("     = ", DIM), seg(vector_preview(view.q("z")), NUMBER)]),
        (
            1,
            [
                seg(f"a<{t}> = {act}(z<{t}>) = ", LABEL),
                seg(vector_preview(view.q("a")), NUMBER),
                seg(f"   ‖a<{t}>‖ = {fmt(view.summary('a').norm[t - 1], 2)}", DIM),
            ],
        ),
        (4, [seg(f"z_y<{t}> = Wya a<{t}> + by", LABEL), *top]),
        (
            2,
            [
                seg(f"ŷ<{t}> = softmax(z_y<{t}>) = e^z_y / Σ_c e^z_y[c]", LABEL),
                seg(":  ", DIM),
                seg(f"ŷ<{t}>[{target}] = ", LABEL),
                seg(prob_text(got.p[t - 1]), NUMBER),
            ],
        ),
        (
            3,
            [
                seg(f"L<{t}> = −log ŷ<{t}>[{target}] = log Σ e^z_y − z_y[{target}] = ", LABEL),
                seg(f"{fmt(got.log_partition[t - 1], 3)} − {score} = ", NUMBER),
                seg(prob_text(step.loss or 0.0), NUMBER),
            ],
        ),
        (5, _feeds(view, t)),
    ]


def backward_equations(view: ViewState) -> Entries:
    back = view.back
    t, T = view.t, view.T
    y = back.y
    assert y is not None
    chars = words(view)
    target = quoted(chars[y])
    error = view.trace.backward.dlogits[t - 1]
    got = readouts(view.trace)
    e = f"(ŷ<{t}> − onehot(y<{t}>))"
    right = f"Waaᵀ dz<{t + 1}>" if t < T else "0"
    column: Line
    if back.index < 0:
        column = [seg(f"x<{t}> = 0: nothing is added to dWax", DIM)]
    else:
        column = [
            seg(f"dWax[:, {back.index}] += dz<{t}>", LABEL),
            seg(f"  only the column of {quoted(chars[back.index])}: x<{t}> is one-hot", DIM),
        ]
    return [
        (
            0,
            [
                seg(f"dL<{t}>/dz_y<{t}> = ŷ<{t}> − onehot(y<{t}>): ", LABEL),
                seg(f"{fmt(float(view.trace.probs[t - 1][y]), 3)} − 1 = ", NUMBER),
                seg(fmt_sig(float(error[y]), 3, sign=True), GRAD),
                seg(f" at {target}, ŷ<{t}>[c] at every other c;  ‖·‖ = ", DIM),
                seg(fmt_sig(got.error_norm[t - 1], 3), NUMBER),
            ],
        ),
        (
            1,
            [
                seg(f"da<{t}> = Wyaᵀ {e} + {right}", LABEL),
                *([seg("   (t = T: nothing from the right)", DIM)] if t == T else []),
            ],
        ),
        (5, da_sum_line(view)),
        (
            2,
            [
                seg(f"dz<{t}> = da<{t}> ⊙ g'(z<{t}>)", LABEL),
                seg(f", g' = {g_prime_name(view.params.activation, t)} = ", DIM),
                seg(vector_preview(view.g("g_prime"), 2), NUMBER),
                seg(" → ", DIM),
                seg(grad_preview(view.g("dz"), 1), NUMBER),
            ],
        ),
        (
            3,
            [
                seg(f"da<{t - 1}> = Waaᵀ dz<{t}> = ", LABEL),
                seg(grad_preview(view.g("da_prev"), 1), NUMBER),
                seg(f"  ‖·‖ = {fmt_sig(view.norm('da_prev'), 3)}", DIM),
                seg(f"  → on to step {t - 1}" if t > 1 else "  → a<0>, fixed: the end", NOTE),
            ],
        ),
        (
            4,
            [
                seg(f"dWaa += dz<{t}> a<{t - 1}>ᵀ", LABEL),
                seg(f" (‖·‖ {fmt_sig(back.dWaa_norm, 2)})", DIM),
                seg(f"   dba += dz<{t}>", LABEL),
            ],
        ),
        (6, column),
        (7, [seg(f"dWya += {e} a<{t}>ᵀ,  dby += {e}", LABEL), seg("   (the output layer's share)", DIM)]),
    ]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = "the equations, " + ("before the first character" if view.t == 0 else f"step t = {view.t}")
    about = "generating: the one-to-many network" if view.generation is not None else "the course's character model"
    return _shown(forward_equations(view), heading, about, width, height)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = f"the backward equations, step t = {view.t}"
    return _shown(backward_equations(view), heading, "BPTT with the softmax head, t = T … 1", width, height)


PANEL = Panel("lm-equations", {"forward": forward, "backward": backward}, quantities=("z", "a"), shapes=LM)
