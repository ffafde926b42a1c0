"""Forward, x<t>: the word, its index in the dictionary, and a compressed picture of the
whole one-hot vector (V = 10,000 entries at the seed's size) with its single 1 marked.
Backward, in its place, the two parts of da<t> = Wya^T (ŷ<t> − y<t>) + Waa^T dz<t+1>."""

from __future__ import annotations

from ..draw.colours import DIM, LABEL, MARK, NOTE, NUMBER, UNK_STYLE
from ..draw.numbers import fmt_int
from ..draw.text import Line, fit, seg, title_line, titled
from ..draw.vectors import onehot_line, onehot_ruler
from ..view import ViewState
from .base import Panel, one_chain
from .gradients import PREFIX, grad_scale, heat_row

X_PREFIX = 7  # "x<12> " and the ruler under it; wider for a longer sentence


def prefix_width(T: int) -> int:
    """Cells left of the strip: the widest label `x<T_x> ` of the sentence, at least
    X_PREFIX, so the strip starts in the same column at every t and a label never runs into
    it."""
    return max(X_PREFIX, len(f"x<{T}> "))


def describe_word(t: int, token: str, unknown: bool, index: int, n_x: int) -> Line:
    """`'hermione' → index 9,886 of 10,000: x<4>[9,886] = 1, 9,999 zeros`."""
    line: Line = [seg(f"'{token}'", NUMBER)]
    if unknown:
        line += [seg(" → ", DIM), seg("<UNK>", UNK_STYLE), seg(" (not in the vocabulary)", DIM)]
    line += [
        seg(" → index ", DIM),
        seg(fmt_int(index), MARK),
        seg(f" of {fmt_int(n_x)}: ", DIM),
        seg(f"x<{t}>[{fmt_int(index)}] = 1", NUMBER),
        seg(f", {fmt_int(n_x - 1)} zeros", DIM),
    ]
    return line


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """`title` / the compressed strip / a ruler with the index."""
    n_x = view.params.n_x
    step = view.step
    prefix = prefix_width(view.T)
    strip_w = max(1, width - prefix)
    if step is None:
        nxt = view.next_step
        text: Line = [seg("x<t>", LABEL), seg(" at t = 0 nothing is fed yet: press → to feed ", DIM)]
        if nxt is not None:
            text += [
                seg(f"x<1> = '{nxt.token}'", NUMBER),
                seg(", a one-hot vector of ", DIM),
                seg(fmt_int(n_x), NUMBER),
                seg(" entries", DIM),
            ]
        rows = [
            fit(text, width),
            [seg(" " * prefix), seg("·" * strip_w, DIM)],
            [seg(" " * prefix), seg("one entry will be 1, every other 0", NOTE)],
        ]
        if height >= 3:
            return [title_line("x<t>, the one-hot input", width), *rows[: height - 1]]
        return rows[:height]
    t = step.t
    label = f"x<{t}>".ljust(prefix)
    strip = [seg(label, LABEL), *onehot_line(step.index, n_x, strip_w)]
    ruler = [seg(" " * prefix), *onehot_ruler(step.index, n_x, strip_w)]
    about = describe_word(t, step.token, step.unknown, step.index, n_x)
    if height >= 3:
        return [title_line(f"x<{t}>, the one-hot input", width, about), strip, ruler][:height]
    return [fit([seg(label, LABEL), *about], width), strip][:height]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """da<t> = Wya^T (ŷ<t> − y<t>) + Waa^T dz<t+1>: the part from the output, the part
    arriving from the step to the right, each as a heatmap with its norm."""
    t, T = view.t, view.T
    scale = grad_scale(view)
    from_y = heat_row("from ŷ", view.g("da_out"), width, scale, view.norm("da_out"))
    if t == T:
        from_next: Line = [
            seg("from t+1".ljust(PREFIX), LABEL),
            seg(f"0: nothing arrives from the right of the last word (t = T_x = {T})", NOTE),
        ]
    else:
        from_next = heat_row(f"from {t + 1}", view.g("da_next"), width, scale, view.norm("da_next"))
    right = f"Waa^T dz<{t + 1}>" if t < T else "0"
    parts = f"the two parts: from the output ŷ<{t}>, " + (
        f"from step {t + 1}" if t < T else "none from the right of the last word"
    )
    title = title_line(f"da<{t}> = Wya^T (ŷ<{t}> − y<{t}>) + {right}", width, [seg(parts, DIM)])
    return titled(title, [from_y, fit(from_next, width)], height, 3)


PANEL = Panel("onehot", {"forward": forward, "backward": backward}, shapes=("tagger",), when=one_chain)
