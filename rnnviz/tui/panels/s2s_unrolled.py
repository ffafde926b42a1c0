"""The encoder-decoder unrolled, the seed's last figure: the encoder's cells read x<1 … T_x>
and give no output; a<T_x> is handed to the decoder (its a<0>, ═▶); the decoder's cells emit
ŷ<1 … T_y>, and each output is fed back as the next cell's input (the arrow from above one
cell to below the next). Forward, t runs through the encoder and then the decoder; backward,
from the decoder's last cell back through the hand-off into the encoder."""

from __future__ import annotations

from rich.style import Style

from ..draw.colours import BOLD, CURRENT, DIM, FAINT, GRAD, LABEL, MARK, NUMBER, PLAIN
from ..draw.numbers import fmt_sig
from ..draw.text import Line, seg, title_line
from ..view import ViewState, per_trace
from .base import Panel, one_chain
from .picture import Block, Piece, picture
from .s2s_common import decoder, emitted, forced, token
from .unrolled import unrolled_layout

CENTRE = 4  # the box's middle: "─▶[ENC]…"


def styles(view: ViewState, g: int):
    """(done, current, arrow style, box style, state style) of the cell at global step g."""
    t, backward = view.t, view.backward
    done = g >= t if backward else g <= t
    current = g == t
    arrow = (DIM if g > t or current else FAINT) if backward else (DIM if done else FAINT)
    return done, current, arrow, CURRENT if current else (BOLD if done else FAINT), NUMBER if done else FAINT


def encoder_blocks(view: ViewState) -> list[Block]:
    trace, backward = view.trace, view.backward
    T_x = trace.T
    p = "da" if backward else "a"
    names, widths = per_trace(
        trace, ("unrolled", backward), lambda tr: unrolled_layout(tr.tokens, tr.unknown, backward)
    )
    out = []
    for k in range(1, T_x + 1):
        done, current, arrow, box, state = styles(view, k)
        name = names[k - 1] if len(names[k - 1]) <= widths[k - 1] - 1 else names[k - 1][: widths[k - 1] - 2] + "…"
        below = (name, CURRENT if current else (PLAIN if done else DIM))
        after: tuple[Piece, ...] = ((f"─{p}<{k}>", state),)
        marks: tuple[tuple[int, int, str, Style], ...] = ()
        w = widths[k - 1]
        if k == T_x:  # the hand-off leaves from here: a<T_x> is the decoder's a<0>
            handed = MARK if (view.t <= T_x + 1 if backward else view.t >= T_x) else FAINT
            after += (("═══", handed),)
            w = max(w, 7 + len(after[0][0]) + 3)
            marks = ((1, w - 8, "hand-off", handed),)
        chain = (("◀─" if backward else "─▶", arrow), ("[ENC]", box), *after)
        out.append(Block(w, chain, None, None, ("↑", DIM), below, CENTRE, marks))
    return out


def decoder_blocks(view: ViewState) -> list[Block]:
    from rnnviz.engine.shapes.seq2seq import ZEROS  # x<1>'s name (the app's first frame comes before the engine)

    T_x, backward = view.trace.T, view.backward
    dec = decoder(view)
    T_y = dec.T
    p = "da" if backward else "a"
    said = emitted(view)
    fed = dec.indices
    back = dec.backward.dlogits if backward else None
    out = []
    for k in range(1, T_y + 1):
        done, current, arrow, box, state = styles(view, T_x + k)
        after = f"─{p}<{k}>"
        w = max(12, len(after) + 8)
        into = ("◀═" if backward else "═▶", MARK if done else FAINT) if k == 1 else ("◀─" if backward else "─▶", arrow)
        chain = (into, ("[DEC]", box), (after, state))
        if backward:
            above: Piece = (fmt_sig(float(back[k - 1, dec.labels[k - 1]]), 2, sign=True), GRAD if done else FAINT)  # type: ignore[index]
            up: Piece = ("↓", GRAD if done else FAINT)
        else:
            above = (token(view, said[k - 1]), CURRENT if current else NUMBER) if done else ("?", FAINT)
            up = ("↑", DIM if done else FAINT)
        x = ZEROS if fed[k - 1] < 0 else token(view, int(fed[k - 1]))
        below = (x, CURRENT if current else (PLAIN if done else DIM))
        marks: list[tuple[int, int, str, Style]] = []
        feedback = DIM if (done and not backward) else FAINT
        if k < T_y:  # this output is fed to the next cell: up, right, and down under it
            marks += [(1, CENTRE + 2, "─" * (w - CENTRE - 3) + "╮", feedback), (3, w - 1, "╰", feedback)]
        if k > 1:
            marks.append((3, 0, "─" * (CENTRE - 1) + "▶", feedback))
        out.append(Block(w, chain, above, up, ("↑", DIM), below, CENTRE, tuple(marks)))
    return out


def lines(view: ViewState, width: int) -> list[Line]:
    backward = view.backward
    p = "da" if backward else "a"
    head: list[Piece] = [
        ("ŷ[y]−1" if backward else "ŷ<t>", LABEL),
        ("", PLAIN),
        ("da<0> " if backward else "a<0>=0 ", NUMBER),
        ("", PLAIN),
        ("x<t>", LABEL),
    ]
    tail: list[Piece | None] = [None, None, ("◀─0", DIM) if backward else None, None, None]
    blocks = encoder_blocks(view) + decoder_blocks(view)
    T_x = view.trace.T  # past the hand-off the state on the left is the decoder's, numbered from its a<0>
    scrolled = lambda start: (f"…{p}<{start if start <= T_x else start - T_x}> ", DIM)  # noqa: E731
    return picture(head, blocks, max(view.t, 1) - 1, width, tail, scrolled, backward=backward)


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    rows = lines(view, width)
    fed = "x<t+1> = y<t>: teacher forcing" if forced(view) else "x<t+1> = ŷ<t>'s token: greedy decoding"
    about = f"a<{view.trace.T}> is handed over (═), and {fed}"
    return rows if height < 6 else [title_line("the encoder-decoder, unrolled", width, [seg(about, DIM)]), *rows]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    rows = lines(view, width)
    about = "ŷ[y] − 1 comes down from each output; da flows left, through the hand-off"
    title = "the encoder-decoder, backpropagation through time"
    return rows if height < 6 else [title_line(title, width, [seg(about, DIM)]), *rows]


PANEL = Panel(
    "s2s-unrolled",
    {"forward": forward, "backward": backward},
    shapes=("seq2seq",),
    when=one_chain,
    while_loading=False,
    whole=True,
)
