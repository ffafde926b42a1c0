"""What the cells of the shown layer read, in a deep or bidirectional network: x<t> and each
direction's stacked column, [a→<t-1>; x<t>] and [a←<t+1>; x<t>], which Wa = [Waa | Wax] of
that direction multiplies. Layer 1 reads the one-hot word; a layer above the first reads the
layer below's a<t> (both directions stacked, [a→<t>; a←<t>]): dense numbers, not one-hot.

Backward, where da<t> of the shown layer comes from: from above (Wyaᵀ (ŷ<t> − y<t>) at the
last layer, split by direction; the gradient coming down from the layer above otherwise),
and from the neighbouring step of each chain (t+1 for →, t−1 for ←)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from ..draw.colours import BOLD, DIM, LABEL, MARK, NOTE, NUMBER, UNK_STYLE
from ..draw.heatmap import heatmap_line
from ..draw.numbers import fmt_int, fmt_sig
from ..draw.text import Line, fit, seg, title_line
from ..draw.vectors import BOUNDARY, onehot_line
from ..view import ViewState
from .base import Panel, many_chains
from .chains import network_scale
from .names import after, arrow, before, done, is_top, named, weight

if TYPE_CHECKING:
    import numpy as np


def split_strip(left: np.ndarray, right: np.ndarray | None, width: int, scale: float | None = None) -> Line:
    """`[` heatmap `┃` heatmap `]` in `width` cells, each part as wide as its share of the
    entries; `right` None: the right part is left empty."""
    inner = max(2, width - 3)
    n_right = len(right) if right is not None else len(left)
    left_cells = max(1, min(inner - 1, round(inner * len(left) / (len(left) + n_right))))
    right_cells = inner - left_cells
    line: Line = [seg("[", BOLD), *heatmap_line(left, left_cells, scale), seg("┃", BOUNDARY)]
    line += heatmap_line(right, right_cells, scale) if right is not None else [seg(" " * right_cells)]
    return [*line, seg("]", BOLD)]


def _x(view: ViewState, t: int) -> np.ndarray:
    """x<t> of a layer above the first (the layer below's a<t>, directions stacked)."""
    return view.trace.layer_input(view.layer)[t - 1]


def _x_about(view: ViewState, t: int) -> tuple[str, Line]:
    """The title and what it says about x<t> of the shown layer."""
    trace, layer = view.trace, view.layer
    if layer == 0:
        step = trace.steps[t - 1]
        title = f"x<{t}>, the one-hot input" + (", read by both directions" if trace.directions > 1 else "")
        about: Line = [seg(f"'{step.token}'", NUMBER)]
        if step.unknown:
            about += [seg(" → ", DIM), seg("<UNK>", UNK_STYLE)]
        about += [
            seg(" → index ", DIM),
            seg(fmt_int(step.index), MARK),
            seg(f" of {fmt_int(view.params.n_x)}: one 1, {fmt_int(view.params.n_x - 1)} zeros", DIM),
        ]
        return title, about
    below = "[a→<t>; a←<t>]" if trace.directions > 1 else "a<t>"
    title = f"x<{t}> of layer {layer + 1} = {below.replace('<t>', f'<{t}>')} of layer {layer}"
    return title, [seg(f"{trace.layer_input(layer).shape[1]} numbers, not one-hot", DIM)]


def _stack_row(view: ViewState, d: int, t: int, width: int, fed: bool) -> Line:
    """`[a→<t-1>; x<t>]` strip `× Wa→ 100 × 10,100` for direction d."""
    trace, layer, n_a = view.trace, view.layer, view.params.n_a
    label = f"[{named('a', trace, d, before(d, t))}; x<{t}>] "
    n_in = trace.layer_input(layer).shape[1] if layer else view.params.n_x
    shape = f" × {weight('Wa', trace, d)}: {n_a} × {fmt_int(n_a + n_in)}"
    room = max(4, width - len(label) - len(shape))
    a_prev = trace.q("a_prev", layer, d)[t - 1]
    prev = before(d, t)
    if not fed and not done(trace, layer, d, prev, view.t, False) and 1 <= prev <= view.T:
        # t = 0: a←<2> comes from the right, computed (from x<T_x> down) once ŷ<1> is asked for
        note = f"{named('a', trace, d, prev)} comes from the right: the ← chain runs first, from x<{view.T}>"
        return fit([seg(label, LABEL), seg(note, NOTE), seg(shape, DIM)], width)
    if layer:
        strip = split_strip(a_prev, _x(view, t) if fed else None, room)
    else:
        step = trace.steps[t - 1]
        inner = max(2, room - 3)
        a_cells = max(1, min(-(-n_a // 2), inner * 2 // 3))
        x_part = onehot_line(step.index, view.params.n_x, inner - a_cells) if fed else [seg(" " * (inner - a_cells))]
        strip = [seg("[", BOLD), *heatmap_line(a_prev, a_cells), seg("┃", BOUNDARY), *x_part, seg("]", BOLD)]
    return fit([seg(label, LABEL), *strip, seg(shape, DIM)], width)


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    trace = view.trace
    t = max(view.t, 1)  # at t = 0: what step 1 reads, x<1> not fed yet
    fed = view.t > 0
    title, about = _x_about(view, t)
    prefix = len(f"x<{view.T}> ") + 1
    if not fed:
        about = [seg("press → to feed x<1>: ", NOTE), *about]
    if view.layer == 0:
        x_row: Line = [seg(f"x<{t}>".ljust(prefix), LABEL)]
        strip_w = max(1, width - prefix)
        x_row += onehot_line(trace.steps[t - 1].index, view.params.n_x, strip_w) if fed else [seg("·" * strip_w, DIM)]
    else:
        x = _x(view, t)
        if trace.directions > 1:
            half = len(x) // 2
            x_row = [seg(f"x<{t}>".ljust(prefix), LABEL), *split_strip(x[:half], x[half:], width - prefix)]
        else:
            x_row = [seg(f"x<{t}>".ljust(prefix), LABEL), *heatmap_line(x, width - prefix)]
    stacks = [_stack_row(view, d, t, width, fed) for d in range(trace.directions)]
    if height >= 2 + trace.directions:
        return [title_line(title, width, about), fit(x_row, width), *stacks][:height]
    stacked = ", ".join(f"[{named('a', trace, d, before(d, t))}; x<{t}>]" for d in range(trace.directions))
    summary = fit([seg(f"{title}: ", LABEL), *about, seg(f"; stacked: {stacked}", DIM)], width)
    return [summary, *stacks][:height]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    trace, t, layer = view.trace, view.t, view.layer
    back = trace.backward
    scale = network_scale(view)
    parts = [back.g("da_out", layer, d)[t - 1] for d in range(trace.directions)]
    above = (
        f"Wya^T (ŷ<{t}> − y<{t}>)" if is_top(trace, layer) else f"Wax^T dz<{t}> of layer {layer + 2}"
    )  # what comes down into this layer, split by direction
    rows: list[Line] = []
    label = "from above"
    prefix = 14
    if trace.directions > 1:
        strip = split_strip(parts[0], parts[1], max(4, width - prefix - 24), scale)
    else:
        strip = heatmap_line(parts[0], max(4, width - prefix - 24), scale)
    norms = "  ".join(
        f"‖{arrow(trace, d) or 'da'}‖ {fmt_sig(back.norms('da_out', layer, d)[t - 1], 2)}"
        for d in range(trace.directions)
    )
    rows.append(fit([seg(label.ljust(prefix), LABEL), *strip, seg(f" {norms}", DIM)], width))
    for d in range(trace.directions):
        step = after(d, t)
        name = f"{named('da', trace, d, t)} from {step}" if 1 <= step <= view.T else named("da", trace, d, t)
        if 1 <= step <= view.T:
            values = back.g("da_next", layer, d)[t - 1]
            row: Line = [seg(name.ljust(prefix), LABEL), *heatmap_line(values, max(4, width - prefix - 24), scale)]
            row += [seg(" ‖·‖ ", DIM), seg(fmt_sig(back.norms("da_next", layer, d)[t - 1], 2), NUMBER)]
        else:
            edge = "right of the last" if d == 0 else "left of the first"
            row = [seg(name.ljust(prefix), LABEL), seg(f"0: nothing comes from the {edge} word", NOTE)]
        rows.append(fit(row, width))
    title = f"where da<{t}> comes from: above ({above}) and the neighbouring step"
    if height >= 1 + len(rows):
        return [title_line(title, width), *rows][:height]
    return rows[:height]


def key(view: ViewState) -> Hashable:
    return (view.trace, view.t, view.mode, view.layer)


def height(trace, full: bool) -> int:
    """Full: a title, x<t> and a stacked column per direction; compact: one line."""
    return 2 + trace.directions if full else 1


PANEL = Panel(
    "inputs", {"forward": forward, "backward": backward}, key=key, when=many_chains, while_loading=False, rows=height
)
