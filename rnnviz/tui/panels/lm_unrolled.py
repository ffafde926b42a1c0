"""The unrolled network of a language model: a<0> → [RNN] → a<1> → … with x<t> below each cell
(0 at t = 1, then a character) and above it the character y<t> the step predicts, with the
probability ŷ<t> gave it. In generate mode it is the seed's one-to-many network: above each
cell the character drawn from ŷ<t>, and an arrow from it down into the next cell's input,
x<t+1>: the sample is fed back. Backward, as for the tagger: the target's error
ŷ<t>[y] − 1 above each cell, da flowing right to left."""

from __future__ import annotations

from rich.style import Style

from ..draw.chars import quoted
from ..draw.colours import BOLD, CURRENT, DIM, FAINT, LABEL, MARK, NUMBER, PLAIN
from ..draw.numbers import fmt
from ..draw.text import Line, fit, merge, seg, title_line, window
from ..view import ViewState, per_trace
from .base import Panel
from .lm_common import LM, readouts, words
from .names import cell_box
from .unrolled import unrolled_lines

CENTER = 4  # the column of the middle of [RNN] in a block: "─▶[RNN]"


def block_width(step: int, box: str) -> int:
    """`─▶[RNN]─a<k>─┼─`: the feedback arrow runs down the next-to-last column."""
    return 6 + len(box) + len(f"a<{step}>")


def _labels(view: ViewState) -> tuple[list[str], list[str]]:
    """Per step: x<t> below (`0`, then a quoted character), y<t> above (a quoted character)."""

    def make(trace: object) -> tuple[list[str], list[str]]:
        chars = words(view)
        labels = view.trace.labels or ()
        above = [quoted(chars[y]) for y in labels]
        below = ["0", *above[:-1]]
        return below, above

    return per_trace(view.trace, "lm unrolled", make)


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """Five rows: y<τ> and its probability above each cell, the chain, x<τ> below; in generate
    mode, the arrow from each drawn character into the next input."""
    t, T = view.t, view.T
    generation = view.generation
    below, above = _labels(view)
    got = readouts(view.trace)
    head = len("a<0>=0 ")
    box = cell_box(view.trace)
    widths = [block_width(k, box) for k in range(1, T + 1)]
    if sum(widths) > width - head - 2:
        head = max(head, len(f"…a<{T - 1}> "))
    start, stop = window(widths, max(t, 1) - 1, max(1, width - head - 2), gap=0)
    rows: list[list[tuple[str, Style | None]]] = [[] for _ in range(5)]

    def put(row: int, text: str, style: Style | None, at: int | None = None) -> None:
        cells = [(c, style) for c in text]
        if at is None:
            rows[row].extend(cells)
        else:
            rows[row][at : at + len(cells)] = cells

    first = "a<0>=0 " if start == 0 else f"…a<{start}> "
    put(0, ("ŷ<t>" if generation is None else "w<t>").ljust(head), LABEL)
    put(1, " " * head, PLAIN)
    put(2, first.ljust(head)[:head], NUMBER if t >= start else FAINT)
    put(3, " " * head, PLAIN)
    put(4, "x<t>".ljust(head), LABEL)
    for k in range(start, stop):
        step = k + 1
        w = widths[k]
        f = w - 2  # the feedback column
        x0 = len(rows[0])
        done = step <= t
        current = step == t
        base = NUMBER if done else FAINT
        drawn = generation is not None and generation.at(step) is not None
        fed_back = drawn and step < T  # w<step> becomes x<step + 1>
        for row in range(5):
            put(row, " " * w, PLAIN)
        # the chain
        put(2, "─▶", DIM if done else FAINT, x0)
        put(2, box, CURRENT if current else (BOLD if done else FAINT), x0 + 2)
        put(2, f"─a<{step}>─" + ("┼" if fed_back else "─") + "─", base, x0 + 2 + len(box))  # ends at x0 + w - 1
        # above: y<τ> and its probability (generate mode: the drawn character, once drawn)
        how = generation.at(step) if generation is not None else None
        p = how.draw.p if how is not None else got.p[k]  # the probability of the distribution drawn from
        if done or generation is None:
            value = f"{above[k]} {fmt(p, 2)}" if done else above[k]
        else:
            value = "?"
        vstart = max(0, min(f - len(value), CENTER - len(value) // 2))
        put(0, value, CURRENT if current else (MARK if drawn and done else base), x0 + vstart)
        put(1, "↑", DIM if done else FAINT, x0 + CENTER)
        put(3, "↑", DIM if done else FAINT, x0 + CENTER)
        # below: x<τ> (generate mode: a drawn one arrives by the arrow of the step before)
        came_back = generation is not None and k > 0 and generation.at(step - 1) is not None
        known = step <= t + 1 if generation is not None else True
        x_label = below[k] if known else "?"
        x_style = CURRENT if current else (PLAIN if done else (MARK if came_back and known else DIM))
        put(4, x_label, x_style, x0 + CENTER - len(x_label) // 2)
        if came_back:
            put(4, "─" * 2 + "▶", MARK if step == t + 1 else (DIM if step <= t else FAINT), x0)
        if fed_back:
            arrow = MARK if current else (DIM if done else FAINT)
            end = x0 + vstart + len(value) + 1
            put(0, "─" * max(0, x0 + f - end) + "┐", arrow, min(end, x0 + f))
            put(1, "│", arrow, x0 + f)
            put(3, "│", arrow, x0 + f)
            put(4, "└─", arrow, x0 + f)
    if stop < T:
        put(2, " …", DIM)
    return [fit(merge(row), width) for row in rows]


def _titled(view: ViewState, width: int, height: int, rows: list[Line], title: str, about: str) -> list[Line]:
    return rows if height < 6 else [title_line(title, width, [seg(about, DIM)]), *rows]


def forward_panel(view: ViewState, width: int, height: int) -> list[Line]:
    rows = forward(view, width, height)
    if view.generation is not None:
        about = "one-to-many: each character drawn from ŷ<t> is fed back as x<t+1>"
        return _titled(view, width, height, rows, "the unrolled network, writing", about)
    about = "the same cell at every step; each step predicts the next character"
    return _titled(view, width, height, rows, "the unrolled network", about)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """The tagger's picture with characters: the target's error ŷ<τ>[y] − 1 above each cell."""
    below, _ = _labels(view)
    back = view.trace.backward
    labels = view.trace.labels or ()
    values = per_trace(
        view.trace, "lm target errors", lambda tr: [float(back.dlogits[i, y]) for i, y in enumerate(labels)]
    )
    rows = unrolled_lines(below, (False,) * len(below), values, view.t, width, backward=True, box=cell_box(view.trace))
    about = "the target's error ŷ[y] − 1 comes down into each cell, da flows right to left"
    return _titled(view, width, height, rows, "the unrolled network, backpropagation through time", about)


PANEL = Panel("lm-unrolled", {"forward": forward_panel, "backward": backward}, shapes=LM)
