"""Panel 3, x<t>: the word, its index in the dictionary, and a compressed picture of the
whole one-hot vector (V = 10,000 entries at the seed's size) with its single 1 marked."""

from __future__ import annotations

from ..render import (
    DIM,
    LABEL,
    MARK,
    NOTE,
    NUMBER,
    UNK_STYLE,
    Line,
    fit,
    fmt_int,
    onehot_line,
    onehot_ruler,
    seg,
    title_line,
)
from ..state import ViewState
from . import backward
from .panel import Panel

PREFIX = 7  # "x<12> " and the ruler under it; wider for a longer sentence


def prefix_width(T: int) -> int:
    """Cells left of the strip: the widest label `x<T_x> ` of the sentence, at least PREFIX,
    so the strip starts in the same column at every t and a label never runs into it."""
    return max(PREFIX, len(f"x<{T}> "))


def describe_word(t: int, token: str, unknown: bool, index: int, n_x: int) -> Line:
    """`'hermione' → index 9,886 of V = 10,000: a single 1, 9,999 zeros`."""
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


class OneHotPanel(Panel):
    """x<t> = one-hot(word): `title` / the compressed strip / a ruler with the index."""

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        if state.backward:
            return backward.parts_lines(state, width, height)
        n_x = state.params.n_x
        step = state.step
        prefix = prefix_width(state.T)
        strip_w = max(1, width - prefix)
        if step is None:
            nxt = state.next_step
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
            title = title_line(f"x<{t}>, the one-hot input", width, about)
            return [title, strip, ruler][:height]
        return [fit([seg(label, LABEL), *about], width), strip][:height]
