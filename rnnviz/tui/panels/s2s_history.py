"""An encoder-decoder's history: a<t> of every step so far, one row each, the encoder's
(named by the word each read) and, under the hand-off, the decoder's (named by its input
x<t>: 0, then the token fed back), on the colour scale of the forward heatmaps: the decoder
starts from the encoder's last row. Backward, da<τ> of every step reached so far with its
norm, on one gradient scale for both networks."""

from __future__ import annotations

from ..draw.colours import DIM, FAINT, MARK, NUMBER, RULE
from ..draw.heatmap import heatmap_caption, heatmap_line
from ..draw.numbers import fmt_sig
from ..draw.text import Line, fit, seg, title_line
from ..view import ViewState, per_trace
from .base import Panel, one_chain
from .cls_onehot import EVERY_CELL
from .history import NORM_WIDTH, history_label_width, word_head
from .s2s_common import decoder, outputs

Entry = tuple[int, int, str] | None  # (global step, its network's step, label); None: the hand-off


def entries(view: ViewState) -> list[Entry]:
    """The encoder's steps, the hand-off, the decoder's steps."""

    def make(trace) -> list[Entry]:
        from rnnviz.engine.shapes.seq2seq import ZEROS  # the app's first frame comes before the engine

        names = outputs(view)
        enc: list[Entry] = [(t, t, "<UNK>" if u else w) for t, (w, u) in enumerate(zip(trace.tokens, trace.unknown), 1)]
        fed = decoder(view).indices.tolist()
        dec: list[Entry] = [(trace.T + k, k, ZEROS if i < 0 else names[i]) for k, i in enumerate(fed, 1)]
        return [*enc, None, *dec]

    return per_trace(view.trace, "s2s history", make)


def row_of(view: ViewState, g: int, backward: bool):
    """a<t> (or da<t>) of global step g, and its norm backward."""
    T_x = view.trace.T
    trace = view.trace if g <= T_x else decoder(view)
    i = (g if g <= T_x else g - T_x) - 1
    if backward:
        return trace.backward.g("da")[i], trace.backward.norms("da")[i]
    return trace.q("a")[i], None


def lines(view: ViewState, width: int, height: int) -> list[Line]:
    backward, t, T_x = view.backward, view.t, view.trace.T
    rows = entries(view)
    label_w = per_trace(view.trace, "s2s history label", lambda tr: history_label_width([e[2] for e in rows if e]))
    norm_w = NORM_WIDTH if backward else 0
    room = max(1, width - label_w - norm_w)
    shown = max(1, height - 1)
    at = max(t, 1) - 1 + (t > T_x)  # the current row (the hand-off row sits between the networks)
    if backward:
        first = max(0, min(at, len(rows) - shown))
        scale = per_trace(view.trace, "s2s da scale", lambda tr: tr.backward.joint_scale(EVERY_CELL))
    else:
        first = max(0, max(at + 1, min(len(rows), shown)) - shown)
        scale = None
    out: list[Line] = []
    for entry in rows[first : first + shown]:
        if entry is None:
            out.append(
                fit([seg("── hand-off: ", RULE), seg(f"the decoder's a<0> = the encoder's a<{T_x}>", MARK)], width)
            )
            continue
        g, local, label = entry
        done = g >= t if backward else g <= t
        line = word_head(local, label, local if g == t else -1, label_w, done=done and g != t)
        if not done:
            line.append(seg("·".rjust(norm_w) if backward else "·", FAINT))
        else:
            values, norm = row_of(view, g, backward)
            if norm is not None:
                line += [seg(fmt_sig(norm, 2).rjust(norm_w - 1), NUMBER), seg(" ")]
            line += heatmap_line(values, room, scale)
        out.append(fit(line, width))
    n_a = view.params.n_a
    about = f"the encoder's steps, then the decoder's: one row each, one column per unit ({heatmap_caption(n_a, room)})"
    title = "history of da<t>, right to left" if backward else "history of a<t>"
    return [title_line(title, width, [seg(about, DIM)]), *out]


PANEL = Panel(
    "s2s-history",
    {"forward": lines, "backward": lines},
    quantities=("a",),
    shapes=("seq2seq",),
    when=one_chain,
    while_loading=False,
    whole=True,
)
