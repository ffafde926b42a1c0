"""The equations of step t for a deep or bidirectional network, for the layer shown, with the
engine's numbers: each direction's a<t> (its own Waa, Wax, ba), ŷ<t> = σ(Wya [a→<t>; a←<t>]
+ by) with what each direction adds to the logit, and the loss. Backward: the output error,
each direction's da<t> (from above + from its neighbouring step), dz<t>, what flows on along
each chain, and this step's share of the weight gradients."""

from __future__ import annotations

from collections.abc import Hashable

from ..draw.colours import DIM, GRAD, LABEL, NOTE, NUMBER
from ..draw.numbers import fmt, fmt_int, fmt_sig, fmt_small, grad_preview, vector_preview
from ..draw.text import Line, fit, g_name, line_width, seg, title_line
from ..view import ViewState
from .base import Panel, many_chains
from .equations import SEED_NOTE, loss_formula
from .gradients import g_prime_name
from .names import after, arrow, before, is_top, layer_phrase, named, weight

Entries = list[tuple[int, Line]]  # (priority, line) in screen order; a short panel keeps the lowest


def cell_equation(view: ViewState, d: int, t: int | str, prev: int | str) -> str:
    """`a→<4> = tanh(Waa→ a→<3> + Wax→ x<4> + ba→)`."""
    trace = view.trace
    g = g_name(view.params.activation)
    terms = f"{weight('Waa', trace, d)} {named('a', trace, d, prev)} + {weight('Wax', trace, d)} x<{t}>"
    return f"{named('a', trace, d, t)} = {g}({terms} + {weight('ba', trace, d)})"


def head_equation(view: ViewState, t: int | str) -> str:
    """`ŷ<4> = σ(Wya [a→<4>; a←<4>] + by)`, naming the last layer when another is shown."""
    trace = view.trace
    reads = "; ".join(named("a", trace, d, t) for d in range(trace.directions))
    reads = f"[{reads}]" if trace.directions > 1 else reads
    below = "" if is_top(trace, view.layer) else f" (layer {trace.layers}'s a)"
    return f"ŷ<{t}> = σ(Wya {reads} + by){below}"


def input_note(view: ViewState, t: int) -> Line:
    """What x<t> is for the layer shown."""
    trace, layer = view.trace, view.layer
    if layer == 0:
        step = trace.steps[t - 1]
        ws = " and ".join(f"{weight('Wax', trace, d)} x<{t}>" for d in range(trace.directions))
        each = " of each" if trace.directions > 1 else ""
        return [seg(f"x<{t}> is one-hot: {ws} = column {fmt_int(step.index)}{each} ('{step.token}')", DIM)]
    below = "; ".join(named("a", trace, d, t) for d in range(trace.directions))
    below = f"[{below}]" if trace.directions > 1 else below
    return [seg(f"x<{t}> = {below} of layer {layer}", LABEL), seg(" (not one-hot: the layer below's a)", DIM)]


def before_first_word(view: ViewState) -> Entries:
    trace = view.trace
    nxt = trace.steps[0]
    T = view.T
    starts = [f"{named('a', trace, d, T + 1 if d else 0)} = 0" for d in range(trace.directions)]
    entries: Entries = [
        (0, [seg(" and ".join(starts), LABEL), seg(": where each chain starts", DIM)]),
        (1, [seg("press → to feed ", NOTE), seg(f"x<1> = '{nxt.token}'", NUMBER), seg(" and compute:", NOTE)]),
    ]
    for d in range(trace.directions):
        entries.append((2 + d, [seg(cell_equation(view, d, "t", "t+1" if d else "t-1"), LABEL)]))
    entries.append((4, [seg(head_equation(view, "t"), LABEL)]))
    if trace.directions > 1:
        note = f"a←<1> needs x<{T}> … x<1>: ŷ<1> needs the whole sentence"
        entries.append((5, [seg(note, NOTE)]))
    entries.append((6, SEED_NOTE))
    return entries


def forward_equations(view: ViewState, width: int) -> Entries:
    step = view.step
    if step is None:
        return before_first_word(view)
    trace, t = view.trace, step.t
    entries: Entries = []
    for d in range(trace.directions):
        a = trace.q("a", view.layer, d)[t - 1]
        norm = trace.summary("a", view.layer, d).norm[t - 1]
        line: Line = [
            seg(cell_equation(view, d, t, before(d, t)), LABEL),
            seg(" = ", DIM),
            seg(vector_preview(a, 2), NUMBER),
            seg(f"  ‖·‖ {fmt(norm, 2)}", DIM),
        ]
        entries.append((d, line))
    entries.append((4, input_note(view, t)))
    entries.append(
        (
            2,
            [
                seg(head_equation(view, t), LABEL),
                seg(" = ", DIM),
                seg(f"σ({fmt(step.logit, 3, sign=True)})", NUMBER),
                seg(" = ", DIM),
                seg(fmt_small(step.y_hat), NUMBER),
            ],
        )
    )
    if trace.directions > 1:
        parts = trace.logit_parts[t - 1]
        by = float(view.params["by"][0, 0])
        line = [seg("     = σ(", DIM)]
        for d in range(trace.directions):
            line += [seg(f"{fmt(float(parts[d]), 3, sign=True)}", NUMBER), seg(f" from a{arrow(trace, d)}<{t}> ", DIM)]
        line += [seg(fmt(by, 3, sign=True), NUMBER), seg(" from by)", DIM)]
        entries.append((3, line))
    if step.y is None or step.loss is None or step.cum_loss is None:
        entries.append((5, [seg(f"L<{t}>", LABEL), seg(f": needs the label y<{t}>; this sentence is unlabeled", NOTE)]))
    else:
        p, y = step.y_hat, step.y
        numbers = f"−{y}·log {fmt_small(p)} − {1 - y}·log {fmt_small(1 - p)} = "
        loss = [seg(numbers, NUMBER), seg(fmt_small(step.loss), NUMBER)]
        total = [seg(f";  ΣL<1..{t}> = ", LABEL), seg(fmt_small(step.cum_loss), NUMBER)]
        line = [seg(loss_formula(t), LABEL)]
        if line_width([*line, *loss, *total]) + 3 > width:
            line = [seg(f"L<{t}> = −y log ŷ − (1−y) log(1−ŷ)", LABEL)]
        entries.append((5, [*line, seg(" = ", DIM), *loss, *total]))
    entries.append((6, SEED_NOTE))
    return entries


def backward_equations(view: ViewState) -> Entries:
    back = view.back
    trace, t, layer = view.trace, view.t, view.layer
    grads = trace.backward
    dlogit = fmt_sig(back.dlogit or 0.0, 3, sign=True)
    entries: Entries = [
        (
            0,
            [
                seg(f"ŷ<{t}> − y<{t}> = ", LABEL),
                seg(f"{fmt_sig(back.y_hat or 0.0, 4)} − {back.y} = ", NUMBER),
                seg(dlogit, GRAD),
                seg(f"   = dL<{t}>/dz_y<{t}>", DIM),
            ],
        )
    ]
    for d in range(trace.directions):
        step = after(d, t)
        if is_top(trace, layer):
            above = f"Wya{arrow(trace, d)}^T (ŷ<{t}> − y<{t}>)"
        else:
            above = f"(Wax^[{layer + 2}]T dz^[{layer + 2}]<{t}>){arrow(trace, d)}"  # the course's ^[l]: layer l
        inside = 1 <= step <= view.T
        right = f"{weight('Waa', trace, d)}^T {named('dz', trace, d, step)}" if inside else "0"
        da = grads.g("da", layer, d)[t - 1]
        entries.append(
            (
                1 + d,
                [
                    seg(f"{named('da', trace, d, t)} = {above} + {right} = ", LABEL),
                    seg(grad_preview(da, 1), NUMBER),
                    seg(f" ‖·‖ {fmt_sig(grads.norms('da', layer, d)[t - 1], 2)}", DIM),
                ],
            )
        )
    dz: Line = []
    on: Line = []
    for d in range(trace.directions):
        sep = [seg(";  ", DIM)] if d else []
        dz += [
            *sep,
            seg(f"{named('dz', trace, d, t)} = {named('da', trace, d, t)} ⊙ g'", LABEL),
            seg(" = ", DIM),
            seg(grad_preview(grads.g("dz", layer, d)[t - 1], 1), NUMBER),
        ]
        step = before(d, t)
        target = named("da", trace, d, step)
        on += [
            *sep,
            seg(f"{target} = {weight('Waa', trace, d)}^T {named('dz', trace, d, t)}", LABEL),
            seg(f" ‖·‖ {fmt_sig(grads.norms('da_prev', layer, d)[t - 1], 2)}", DIM),
        ]
    act = view.params.activation
    entries.append((3, [*dz, seg(f"   g' = {g_prime_name(act, 't')}", DIM)]))
    entries.append((4, [*on, seg("  go on", NOTE)]))
    shares: Line = []
    for d in range(trace.directions):
        prev = named("a", trace, d, before(d, t))
        shares += [
            seg(";  " if d else "", DIM),
            seg(f"d{weight('Waa', trace, d)} += {named('dz', trace, d, t)} {prev}^T", LABEL),
            seg(f" ‖·‖ {fmt_sig(grads.share_norms('Waa', layer, d)[t - 1], 2)}", DIM),
        ]
    entries.append((5, shares))
    if layer == 0:
        cols = " and ".join(f"d{weight('Wax', trace, d)}[:, {fmt_int(back.index)}]" for d in range(trace.directions))
        line = [seg(f"{cols} += dz<{t}>", LABEL), seg(f": x<{t}> is one-hot, only the column of '{back.token}'", DIM)]
    else:
        line = [
            seg(f"dWax += dz<{t}> x<{t}>^T", LABEL),
            seg(f" (x<{t}> dense), and Wax^T dz<{t}> goes down to layer {layer}", DIM),
        ]
    entries.append((6, line))
    return entries


def _shown(entries: Entries, heading: str, about: str, width: int, height: int) -> list[Line]:
    """A title over the lines when there is room, and as many lines as fit, the lowest
    priorities first, in screen order."""
    title = height >= min(len(entries), 7) + 1
    room = height - 1 if title else height
    keep = sorted(priority for priority, _ in entries)[:room]
    body = [fit(line, width) for priority, line in entries if priority in keep]
    return [title_line(heading, width, [seg(about, DIM)]), *body] if title else body


def where(view: ViewState) -> str:
    phrase = layer_phrase(view.trace, view.layer)
    return f", {phrase}" if phrase else ""


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    step = "before the first word" if view.t == 0 else f"step t = {view.t}"
    heading = f"the equations, {step}{where(view)}"
    about = "each direction has its own Waa, Wax, ba" if view.trace.directions > 1 else "the seed's notation"
    return _shown(forward_equations(view, width), heading, about, width, height)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = f"the backward equations, step t = {view.t}{where(view)}"
    about = "da→ from t+1, da← from t−1" if view.trace.directions > 1 else "BPTT: t = T_x … 1"
    return _shown(backward_equations(view), heading, about, width, height)


def key(view: ViewState) -> Hashable:
    return (view.trace, view.t, view.mode, view.layer)


PANEL = Panel(
    "chain-equations",
    {"forward": forward, "backward": backward},
    quantities=("z", "a"),
    key=key,
    when=many_chains,
    while_loading=False,
)
