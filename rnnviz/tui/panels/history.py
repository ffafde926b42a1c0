"""The history of a<1..t> as a heatmap: one row per word, one column per unit (as LSTMVis
draws hidden states), on the colour scale of z<t> and a<t>. Backward, the history of
da<τ> for τ = T_x … t, each row with its norm ‖da<τ>‖."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..draw.colours import CURRENT, DIM, FAINT, MARK, NUMBER, PLAIN
from ..draw.heatmap import heatmap_caption, heatmap_line
from ..draw.numbers import fmt_sig
from ..draw.text import Line, seg, stop_extra, title_line
from ..view import ViewState, per_trace
from .base import Panel, one_chain
from .gradients import grad_scale

if TYPE_CHECKING:
    import numpy as np

NORM_WIDTH = 7  # "3.0e-5 " / " 0.018 "
MAX_ROWS_PER_WORD = 3  # a short sentence in a tall panel: each word's row drawn up to 3 times


def rows_per_word(T: int, height: int) -> int:
    """How many rows each word's heatmap takes: more than one when the whole sentence fits
    that many times (a big screen leaves no empty half under a short sentence)."""
    return max(1, min(MAX_ROWS_PER_WORD, height // max(T, 1)))


def repeated(line: Line, cells: Line, head_width: int, k: int, lead: Line | None = None) -> list[Line]:
    """`line` (a word's head, then `cells`), and k − 1 more rows of the same cells under it
    with a blank head of `head_width` cells (after `lead`, the history of c<t>'s edge)."""
    more: Line = [*(lead or []), seg(" " * head_width), *cells]
    return [line, *([more] * (k - 1))]


def history_label_width(tokens: Sequence[str]) -> int:
    """Cells left of the heatmap in the history: a marker, the step and the word."""
    return min(16, max(10, max((len(tok) for tok in tokens), default=4) + 5))


def word_head(step: int, token: str, t: int, label_w: int, done: bool) -> Line:
    """The left of a history row: `▶` at step t, the step and its word (cut to fit)."""
    label = f"{step:>2} {token}"
    if len(label) > label_w - 2:
        label = label[: label_w - 3] + "…"
    style = CURRENT if step == t else (PLAIN if done else FAINT)
    return [seg("▶" if step == t else " ", MARK), seg(label.ljust(label_w - 2), style), seg(" ")]


def history_lines(
    rows: np.ndarray, tokens: Sequence[str], t: int, T: int, width: int, height: int, label_w: int | None = None
) -> list[Line]:
    """a<1..t> as a heatmap, one row per word (a<τ> for τ ≤ t), one column per unit; rows
    after t stay empty. Scrolls to keep row t in view when the sentence is taller than
    `height` rows. `label_w`: `history_label_width(tokens)`, which a caller may keep."""
    label_w = history_label_width(tokens) if label_w is None else label_w
    room = max(1, width - label_w)
    k = rows_per_word(T, height)
    shown = max(1, height // k)
    last = max(t, min(T, shown))
    first = max(1, last - shown + 1)
    lines: list[Line] = []
    for step in range(first, min(T, first + shown - 1) + 1):
        head = word_head(step, tokens[step - 1], t, label_w, done=step < t)
        cells = heatmap_line(rows[step - 1], room) if step <= t else [seg("·", FAINT)]
        lines += repeated([*head, *cells], cells if step <= t else [], label_w, k)
    return lines


def grad_history_lines(
    rows: np.ndarray,
    norms: Sequence[float],
    tokens: Sequence[str],
    t: int,
    width: int,
    height: int,
    scale: float,
    label_w: int | None = None,
) -> list[Line]:
    """da<τ> for the words backpropagated so far (τ = T_x … t), one row per word as in the
    history of a<t>, each with its norm ‖da<τ>‖ and its heatmap (relative to `scale`); the
    rows of the words not reached yet (τ < t) stay empty. Scrolls to keep row t in view."""
    T = len(tokens)
    label_w = history_label_width(tokens) if label_w is None else label_w
    room = max(1, width - label_w - NORM_WIDTH)
    k = rows_per_word(T, height)
    shown = max(1, height // k)
    first = max(1, min(t, T - shown + 1))
    lines: list[Line] = []
    for step in range(first, min(T, first + shown - 1) + 1):
        head = word_head(step, tokens[step - 1], t, label_w, done=step > t)
        if step >= t:
            norm = [seg(fmt_sig(norms[step - 1], 2).rjust(NORM_WIDTH - 1), NUMBER), seg(" ")]
            cells = heatmap_line(rows[step - 1], room, scale)
            lines += repeated([*head, *norm, *cells], cells, label_w + NORM_WIDTH, k)
        else:
            lines += repeated([*head, seg("·".rjust(NORM_WIDTH - 1), FAINT)], [], label_w, k)
    return lines


def label_width(view: ViewState) -> int:
    """The label width of the sentence, computed once per trace (no O(T_x) scan a step)."""
    return per_trace(view.trace, "history label", lambda tr: history_label_width(tr.tokens))


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """a<1> … a<t>, one row each."""
    trace = view.trace
    n_a = view.params.n_a
    label_w = label_width(view)
    rows = history_lines(
        trace.q("a", view.layer, view.direction), trace.tokens, view.t, view.T, width, height - 1, label_w
    )
    extra: Line = [
        seg(f"one row per {view.unit}, one column per unit ({n_a} units; ", DIM),
        seg(heatmap_caption(n_a, max(1, width - label_w)), DIM),
        seg(")", DIM),
    ]
    head = title_line("history of a<1..t>", width, extra)  # the same at every step
    if view.t == 0 and rows:  # after the first word's row, which stays
        rows = [[*rows[0], seg("  nothing yet: each step adds the row a<t> of the word it feeds", DIM)], *rows[1:]]
    return [head, *rows]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """da<τ> for τ = T_x … t: one row per word, its norm and its heatmap."""
    trace = view.trace
    back = trace.backward
    label_w = label_width(view)
    rows = grad_history_lines(
        back.g("da", view.layer, view.direction),
        back.norms("da", view.layer, view.direction),
        trace.tokens,
        view.t,
        width,
        height - 1,
        grad_scale(view),
        label_w,
    )
    stop = view.stopped("grad")
    extra = (
        stop_extra(stop.reason)
        if stop
        else [
            seg(f"one row per {view.unit}: ‖da<τ>‖, then da<τ> on the gradient scale (", DIM),
            seg(heatmap_caption(view.params.n_a, max(1, width - label_w - NORM_WIDTH)), DIM),
            seg(")", DIM),
        ]
    )
    return [title_line("history of da<t>, right to left", width, extra), *rows]


PANEL = Panel(
    "history",
    {"forward": forward, "backward": backward},
    quantities=("a",),
    shapes=("tagger", "classifier", "lm"),  # an encoder-decoder's: panels/s2s_history.py
    when=one_chain,
)
