"""The unrolled network of a deep or bidirectional RNN: one row of cells per layer and
direction, → above ← in each layer, the last layer at the top under ŷ<t>, x<t> at the
bottom. Every cell of a column reads what is below it, and what is above reads both cells of
a layer (ŷ<t> = σ(Wya [a→<t>; a←<t>] + by)). The cells of word t are highlighted in every
row; a cell is bright once it is computed (names.done: the ← chain and every layer below the
last are needed whole, the last layer's → chain runs one word at a time). Backward, the
arrows show where the gradient flows: right to left along →, left to right along ←, and
down from ŷ through the layers. The layer the other panels show is marked."""

from __future__ import annotations

from rich.style import Style

from ..draw.colours import BOLD, CURRENT, DIM, FAINT, LABEL, MARK, NUMBER, PLAIN
from ..draw.numbers import fmt, fmt_sig
from ..draw.text import Line, centered, fit, seg, title_line, window
from ..view import ViewState, dlogits, per_trace, y_hats
from .base import Panel, many_chains
from .names import arrow, cell_box, done, output_used

CENTER = 4  # the column of the box's middle in a block: "─▶[RNN]──", "──[RNN]◀─"


def height(trace, full: bool) -> int:
    """Full: a title, ŷ and ↑, a row per layer and direction, ↑ between layers, ↑ and x.
    Compact: the title, ŷ, the chains and x."""
    chains = trace.layers * trace.directions
    return chains + (trace.layers + 4 if full else 3)


def blocks(trace) -> tuple[list[str], list[int]]:
    """Each column's word (`<UNK>` for an unknown one) and width, once per sentence."""
    names = ["<UNK>" if unk else tok for tok, unk in zip(trace.tokens, trace.unknown)]
    return names, [max(11, min(len(name), 14) + 2) for name in names]


def _heads(view: ViewState) -> list[tuple[int, int, str, str]]:
    """(layer, direction, layer label, name) of every chain row, top row first."""
    trace = view.trace
    p = "da" if view.backward else "a"
    rows = []
    for layer in reversed(range(trace.layers)):
        for d in range(trace.directions):
            label = f"layer {layer + 1}" if d == 0 else ""
            rows.append((layer, d, f"{label:<8}" if trace.layers > 1 else "", f"{p}{arrow(trace, d)}"))
    return rows


def network_lines(view: ViewState, width: int, full: bool) -> list[Line]:
    """The picture without its title: ŷ, the chains (↑ rows when `full`) and x."""
    trace, t, backward = view.trace, view.t, view.backward
    T = trace.T
    names, widths = per_trace(trace, "network", blocks)
    values = dlogits(trace) if backward else y_hats(trace)
    heads = _heads(view)
    box = cell_box(trace)
    head = max(len(label) + len(name) for _, _, label, name in heads) + 3  # " 0 " after the name
    start, stop = window(widths, max(t, 1) - 1, max(1, width - head - 2), gap=0)
    up = "↓" if backward else "↑"

    def centred_row(label: str, label_style: Style, text_of, style_of) -> Line:
        row: Line = [seg(label.ljust(head)[:head], label_style)]
        return row + [seg(centered(text_of(k), widths[k], CENTER), style_of(k + 1)) for k in range(start, stop)]

    def value(k: int) -> str:
        tau = k + 1
        if not output_used(trace, tau, t, backward) or k >= len(values):
            return "?"
        return fmt_sig(float(values[k]), 2, sign=True) if backward else fmt(float(values[k]), 2)

    def value_style(tau: int) -> Style:
        if tau == t:
            return CURRENT
        return NUMBER if output_used(trace, tau, t, backward) else FAINT

    rows: list[Line] = [centred_row("ŷ − y" if backward else "ŷ<t>", LABEL, value, value_style)]
    arrows = centred_row("", PLAIN, lambda k: up, lambda tau: DIM)
    if full:
        rows.append(arrows)
    for i, (layer, d, label, name) in enumerate(heads):
        if full and i and d == 0:
            rows.append(arrows)  # between two layers
        rightward = (d == 0) != backward
        shown = layer == view.layer and trace.layers > 1
        entry = "…" if start else ("0" if rightward else "")  # a→<0> = 0 enters from the left
        row: Line = [
            seg(label, MARK if shown else DIM),
            seg(name, LABEL),
            seg(f" {entry}".ljust(head - len(label) - len(name)), DIM if start else NUMBER),
        ]
        before, after = ("─▶", "─") if rightward else ("──", "◀")
        for k in range(start, stop):
            tau = k + 1
            ok = done(trace, layer, d, tau, t, backward)
            line = DIM if ok else FAINT
            tail = after + "─" * (widths[k] - 3 - len(box))
            row += [seg(before, line), seg(box, CURRENT if tau == t else (BOLD if ok else FAINT)), seg(tail, line)]
        if stop < T:
            row.append(seg(" …", DIM))
        elif not rightward:
            row.append(seg(" 0", DIM))  # a←<T_x+1> = 0 (da→<T_x+1> = 0 backward)
        rows.append(row)
    if full:
        rows.append(centred_row("", PLAIN, lambda k: "↑", lambda tau: DIM))

    def word_style(tau: int) -> Style:
        if tau == t:
            return CURRENT
        return PLAIN if done(trace, 0, 0, tau, t, backward) or backward else DIM

    def word(k: int) -> str:
        return names[k] if len(names[k]) <= widths[k] - 1 else names[k][: widths[k] - 2] + "…"

    rows.append(centred_row("x<t>", LABEL, word, word_style))
    return [fit(row, width) for row in rows]


def _about(view: ViewState) -> tuple[str, list[str]]:
    """The title, and what it says after it (longest first, the first that fits is used)."""
    trace = view.trace
    L, bi = trace.layers, trace.directions > 1
    shape = ", ".join(
        part for part in (f"{L} layers" if L > 1 else "", "bidirectional" if bi else "left to right") if part
    )
    if view.backward:
        title = f"backpropagation through time, {shape}"
        if bi:
            about = [
                "da→ flows right to left, da← left to right (from t = 1), both down the layers",
                "da→ right to left, da← left to right, down the layers",
            ]
        else:
            about = ["the gradient flows right to left and down the layers", "right to left, down the layers"]
        return title, about
    title = "the network"
    top = f" of layer {L}" if L > 1 else ""
    if bi:
        about = [
            f"ŷ<t> reads a→<t> and a←<t>{top}; a← starts at T_x, so ŷ<t> needs the whole sentence",
            "ŷ<t> = σ(Wya [a→<t>; a←<t>] + by) needs the whole sentence: a← starts at T_x",
            "ŷ<t> needs the whole sentence: a← starts at T_x",
            "ŷ<t> needs the whole sentence",
        ]
    else:
        about = [f"ŷ<t> reads a<t>{top}; layer l reads layer l−1's a<t>", f"ŷ<t> reads a<t>{top}"]
    return title, about


def _drawn(view: ViewState, width: int, height_: int) -> list[Line]:
    full = height_ >= height(view.trace, True)
    title, about = _about(view)
    fitting = next((a for a in about if len(title) + len(a) + 9 <= width), about[-1])
    return [title_line(title, width, [seg(fitting, DIM)]), *network_lines(view, width, full)][:height_]


def forward(view: ViewState, width: int, height_: int) -> list[Line]:
    return _drawn(view, width, height_)


def backward(view: ViewState, width: int, height_: int) -> list[Line]:
    return _drawn(view, width, height_)


PANEL = Panel("network", {"forward": forward, "backward": backward}, when=many_chains, while_loading=False, rows=height)
