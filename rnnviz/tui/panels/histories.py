"""The history of a deep or bidirectional network's layer: one row per word, a→<τ> on the
left and a←<τ> on the right (on the fixed scale), each shown once computed (names.done: the
← chain is computed whole before ŷ<1>). Backward, da→<τ> and da←<τ> on the network's
gradient scale. A sentence taller than the panel is shown a page of rows at a time."""

from __future__ import annotations

from collections.abc import Hashable

from ..draw.colours import DIM, FAINT
from ..draw.heatmap import heatmap_caption, heatmap_line
from ..draw.text import Line, fit, seg, title_line
from ..view import ViewState, per_trace
from .base import Panel, many_chains
from .chains import network_scale
from .history import label_width, repeated, rows_per_word, word_head
from .names import arrow, done, layer_phrase

GAP = 2


def history_rows(view: ViewState, width: int, rows: int) -> list[Line]:
    trace, t, T, layer, backward = view.trace, view.t, view.T, view.layer, view.backward
    label_w = label_width(view)
    D = trace.directions
    part = max(1, (width - label_w - GAP * (D - 1)) // D)
    k = rows_per_word(T, rows)  # a short sentence in a tall panel: each word's row k times
    shown = max(1, rows // k)
    # Page by page (the last page ends at T_x): the rows stay put while t moves inside a
    # page, so a step repaints two row markers, not every heatmap of the panel.
    first = max(1, min((max(t, 1) - 1) // shown * shown + 1, T - shown + 1))
    scale = network_scale(view) if backward else None

    def heat(d: int, tau: int) -> Line:  # a row's heatmap is the same at every step: drawn once
        def make(tr) -> Line:
            values = tr.backward.g("da", layer, d) if backward else tr.q("a", layer, d)
            return heatmap_line(values[tau - 1], part, scale)

        return per_trace(trace, ("history row", layer, d, tau, part, backward), make)

    lines: list[Line] = []
    for tau in range(first, min(T, first + shown - 1) + 1):
        head = word_head(tau, trace.tokens[tau - 1], t, label_w, done=(tau > t) if backward else (tau < t))
        cells: Line = []
        more: Line = []  # the rows under the first: the heatmaps again, no "·"
        for d in range(D):
            if d:
                cells.append(seg(" " * GAP))
                more.append(seg(" " * GAP))
            if done(trace, layer, d, tau, t, backward):
                cells += heat(d, tau)
                more += heat(d, tau)
            else:
                cells.append(seg("·".ljust(part), FAINT))
                more.append(seg(" " * part))
        lines += [fit(line, width) for line in repeated([*head, *cells], more, label_w, k)]
    return lines


def _drawn(view: ViewState, width: int, height: int) -> list[Line]:
    trace = view.trace
    p = "da" if view.backward else "a"
    names = " │ ".join(f"{p}{arrow(trace, d)}<τ>" for d in range(trace.directions))
    where = layer_phrase(trace, view.layer)
    title = f"history of {names}" + (f", {where}" if where else "")
    part = max(1, (width - label_width(view)) // trace.directions)
    extra = [seg(f"one row per word ({heatmap_caption(view.params.n_a, part)})", DIM)]
    if view.backward:
        extra.append(seg(", on the gradient scale", DIM))
    return [title_line(title, width, extra), *history_rows(view, width, height - 1)]


def key(view: ViewState) -> Hashable:
    return (view.trace, view.t, view.mode, view.layer)


PANEL = Panel(
    "histories",
    {"forward": _drawn, "backward": _drawn},
    quantities=("a",),
    key=key,
    when=many_chains,
    while_loading=False,
)
