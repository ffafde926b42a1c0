"""A classifier's unrolled network, the seed's many-to-one figure: a<0> → [RNN] → a<1> → …
with x<t> below each cell and a single ŷ above the last one. Forward, ŷ appears when the
last word is read (t = T_x). Backward, the error ŷ − y comes down into the last cell only,
and da flows right to left from there: every earlier word gets its gradient through Waa."""

from __future__ import annotations

from ..draw.colours import BOLD, CURRENT, DIM, FAINT, GRAD, LABEL, MARK, NOTE, NUMBER, PLAIN
from ..draw.numbers import fmt, fmt_sig
from ..draw.text import Line, seg, title_line
from ..view import ViewState, per_trace
from .base import Panel, one_chain
from .names import cell_box
from .picture import Block, Piece, picture
from .unrolled import unrolled_layout


def blocks(view: ViewState) -> list[Block]:
    """One block per word; the output above the last."""
    trace, t, backward = view.trace, view.t, view.backward
    T = trace.T
    box = cell_box(trace)
    names, widths = per_trace(
        trace, ("unrolled", backward), lambda tr: unrolled_layout(tr.tokens, tr.unknown, backward, box)
    )
    p = "da" if backward else "a"
    out = []
    for k in range(1, T + 1):
        done = k >= t if backward else k <= t
        current = k == t
        base = NUMBER if done else FAINT
        if backward:
            arrow = DIM if k > t or current else FAINT
        else:
            arrow = DIM if done else FAINT
        chain = (
            ("◀─" if backward else "─▶", arrow),
            (box, CURRENT if current else (BOLD if done else FAINT)),
            (f"─{p}<{k}>", base),
        )
        name = names[k - 1] if len(names[k - 1]) <= widths[k - 1] - 1 else names[k - 1][: widths[k - 1] - 2] + "…"
        below = (name, CURRENT if current else (PLAIN if done else DIM))
        above = up = None
        w = widths[k - 1]
        if k == T:  # the output: the last block is as wide as it needs
            above, up = output_pieces(view)
            w = max(w, len(above[0]) + 1)
        out.append(Block(w, chain, above, up, ("↑", DIM), below))
    return out


def output_pieces(view: ViewState) -> tuple[Piece, Piece]:
    """What stands above the last cell: ŷ (once computed), or the error ŷ − y backward."""
    last = view.trace.steps[-1]
    if view.backward:
        back = view.backs[-1]
        return (f"ŷ − y = {fmt_sig(back.dlogit or 0.0, 2, sign=True)}", GRAD), ("↓", GRAD)
    if view.t == view.T:
        return (f"ŷ = {fmt(last.y_hat, 3)}", MARK), ("↑", DIM)
    return ("ŷ = ?", FAINT), ("↑", FAINT)


def lines(view: ViewState, width: int) -> list[Line]:
    backward = view.backward
    p = "da" if backward else "a"
    head = [("", PLAIN), ("", PLAIN), ("da<0> " if backward else "a<0>=0 ", NUMBER), ("", PLAIN), ("x<t>", LABEL)]
    if backward:
        tail: list[Piece | None] = [None, None, ("◀─0", DIM), None, None]
    else:
        tail = [None] * 5
    T = view.T
    later = f" ŷ − y enters at da<{T}> ▸" if backward else f" ŷ comes after a<{T}> ▸"
    cut: list[Piece | None] = [(later, NOTE), None, (" …", DIM), None, None]
    scrolled = lambda start: (f"…{p}<{start}> ", DIM)  # noqa: E731
    return picture(head, blocks(view), max(view.t, 1) - 1, width, tail, scrolled, cut, backward)


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """One ŷ, above the last cell: the sentence's."""
    rows = lines(view, width)
    about = f"one output ŷ, after the last word (t = T_x = {view.T}); the same cell at every step"
    return rows if height < 6 else [title_line("the unrolled network, many-to-one", width, [seg(about, DIM)]), *rows]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """The error enters at the last cell; da flows left from there."""
    rows = lines(view, width)
    about = "ŷ − y enters at the last cell only; da flows right to left through Waa"
    title = "the unrolled network, backpropagation through time"
    return rows if height < 6 else [title_line(title, width, [seg(about, DIM)]), *rows]


PANEL = Panel(
    "cls-unrolled",
    {"forward": forward, "backward": backward},
    shapes=("classifier",),
    when=one_chain,
    while_loading=False,
)
