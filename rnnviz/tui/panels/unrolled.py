"""The unrolled network, the seed's figure: a<0> → [RNN] → a<1> → … with x<t> below each
cell and ŷ<t> above it; the current step highlighted; it scrolls to keep the current step on
screen when the sentence is longer than the panel. Backward, the arrows point right to left:
the error ŷ − y comes down into each cell and da flows left."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style

from ..draw.colours import BOLD, CURRENT, DIM, FAINT, LABEL, NUMBER, PLAIN
from ..draw.numbers import fmt, fmt_sig
from ..draw.text import Line, centered, fit, merge, seg, title_line, window
from ..view import ViewState, dlogits, per_trace, y_hats
from .base import Panel, one_chain
from .names import cell_box


def unrolled_layout(
    tokens: Sequence[str], unknown: Sequence[bool], backward: bool = False, box: str = "[RNN]"
) -> tuple[list[str], list[int]]:
    """What the unrolled picture needs of the whole sentence, computed once per sentence:
    each cell's word (`<UNK>` for an unknown one) and each block's width (`─▶` + `box` + `─a<k>`
    at least)."""
    p = "da" if backward else "a"
    names = ["<UNK>" if unk else tok for tok, unk in zip(tokens, unknown)]
    blocks = [max(11, min(len(name), 14) + 2, len(f"─{p}<{k}>") + 2 + len(box)) for k, name in enumerate(names, 1)]
    return names, blocks


def unrolled_lines(
    tokens: Sequence[str],
    unknown: Sequence[bool],
    values: Sequence[float],
    t: int,
    width: int,
    backward: bool = False,
    layout: tuple[list[str], list[int]] | None = None,
    box: str = "[RNN]",
) -> list[Line]:
    """The seed's figure, five rows: a value above each cell, the chain of cells, x<t> below.

    Forward: ŷ<τ> above, a<0> ─▶ [RNN] ─a<1> ─▶ …; steps τ <= t are done, later ones
    faint. Backward (`backward=True`): the output error ŷ<τ> − y<τ> above comes down (↓)
    and the gradient flows right to left, da<T_x> … ◀─ da<1> ◀─ da<0>; steps τ >= t are
    done. Step t is highlighted; the picture scrolls to keep it on screen. The label left
    of the chain (`a<0>=0`, or `…a<k>` once scrolled) has a fixed width for the sentence, so
    every row's cells stay in the same columns at any t. `layout` is `unrolled_layout(…)`,
    which a caller may keep per sentence, made with the same `box` (the cell's name)."""
    T = len(tokens)
    names, blocks = layout if layout is not None else unrolled_layout(tokens, unknown, backward, box)
    p = "da" if backward else "a"
    start_label = f"{p}<0> " if backward else "a<0>=0 "
    tail = 4 if backward else 2  # "◀─0" after the last cell, " …" when cut
    head = len(start_label)
    if T and sum(blocks) > width - head - tail:  # it scrolls: room for the widest "…a<k> "
        head = max(head, len(f"…{p}<{T - 1}> "))
    room = max(1, width - head - tail)
    start, stop = window(blocks, max(t, 1) - 1, room, gap=0)
    rows: list[list[tuple[str, Style]]] = [[] for _ in range(5)]

    def put(row: int, text: str, style: Style) -> None:
        rows[row].extend((c, style) for c in text)

    first = start_label if start == 0 else f"…{p}<{start}> "
    if backward:  # da<0> comes with step 1, da<start> with step start
        head_done = t <= start if start else t == 1
    else:
        head_done = t >= start
    put(0, ("ŷ − y" if backward else "ŷ<t>").ljust(head), LABEL)
    put(1, " " * head, PLAIN)
    put(2, first.ljust(head)[:head], NUMBER if head_done else FAINT)
    put(3, " " * head, PLAIN)
    put(4, "x<t>".ljust(head), LABEL)
    left = "◀─" if backward else "─▶"
    center = len(left) + len(box) // 2  # the middle of the box: the first 'N' of [RNN]
    for k in range(start, stop):
        step = k + 1
        w = blocks[k]
        done = step >= t if backward else step <= t
        current = step == t
        base = NUMBER if done else FAINT
        # row 2: ─▶[RNN]─a<k> forward, ◀─[RNN]─da<k> backward (da<k> enters from the right)
        after = f"─{p}<{step}>"
        if backward:
            arrow_style = DIM if step > t or current else FAINT
        else:
            arrow_style = DIM if done else FAINT
        put(2, left, arrow_style)
        put(2, box, CURRENT if current else (BOLD if done else FAINT))
        put(2, after, base)
        put(2, " " * (w - len(left) - len(box) - len(after)), PLAIN)
        # rows 0/1: the value above, rows 3/4: x below, centred on the box
        if done and k < len(values):
            above = fmt_sig(float(values[k]), 2, sign=True) if backward else fmt(float(values[k]), 2)
        else:
            above = "?"
        put(0, centered(above, w, center), CURRENT if current else base)
        if backward:
            put(1, centered("↓", w, center), DIM if done else FAINT)
        else:
            put(1, centered("↑", w, center), DIM)  # the same at every step: not redrawn
        put(3, centered("↑", w, center), DIM)
        name = names[k] if len(names[k]) <= w - 1 else names[k][: w - 2] + "…"
        put(4, centered(name, w, center), CURRENT if current else (PLAIN if done else DIM))
    if stop < T:
        put(2, " …", DIM)
    elif backward:
        put(2, "◀─0", DIM)  # nothing arrives from the right of the last word
    return [fit(merge(row), width) for row in rows]


def _drawn(view: ViewState, width: int, height: int, backward: bool, title: str, about: str) -> list[Line]:
    trace = view.trace
    values = dlogits(trace) if backward else y_hats(trace)
    box = cell_box(trace)
    layout = per_trace(trace, ("unrolled", backward), lambda tr: unrolled_layout(tr.tokens, tr.unknown, backward, box))
    rows = unrolled_lines(trace.tokens, trace.unknown, values, view.t, width, backward, layout, box)
    if height < 6:
        return rows
    return [title_line(title, width, [seg(about, DIM)]), *rows]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """ŷ<τ> above each cell, the state a<τ> flowing right."""
    about = "the same cell (the same Waa, Wax, ba, Wya, by) at every step"
    return _drawn(view, width, height, False, "the unrolled network", about)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """The error ŷ<τ> − y<τ> above each cell, the gradient da<τ> flowing left."""
    title = "the unrolled network, backpropagation through time"
    about = "ŷ − y comes down into each cell, da flows right to left"
    return _drawn(view, width, height, True, title, about)


PANEL = Panel("unrolled", {"forward": forward, "backward": backward}, when=one_chain, shapes=("tagger",))
