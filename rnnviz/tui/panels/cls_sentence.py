"""A classifier's sentence: every word, the current one highlighted; under them the one
label y of the whole sentence, and the one prediction ŷ, which comes after the last word
(before it, a line says where it will appear)."""

from __future__ import annotations

from ..draw.colours import BAD, CURRENT, DIM, FAINT, GOOD, LABEL, NOTE, NUMBER, PLAIN
from ..draw.numbers import fmt
from ..draw.text import Line, fit, seg, title_line, window
from ..view import ViewState, per_trace
from .base import Panel, one_chain
from .sentence import GAP, LABEL_WIDTH, sentence_layout

SENTIMENT = {1: "positive", 0: "negative"}


def words_row(view: ViewState, width: int) -> Line:
    """`word  the  story  was …`, the current word highlighted, the words read so far plain."""
    trace, t = view.trace, view.t
    done = view.T if view.backward else t
    pieces, widths = per_trace(trace, "sentence", lambda tr: sentence_layout(tr.tokens, tr.unknown))
    start, stop = window(widths, max(t, 1) - 1, max(1, width - LABEL_WIDTH - 2), GAP)
    row: Line = [seg("word  ", LABEL), seg("‹" if start > 0 else " ", DIM)]
    for i in range(start, stop):
        if i > start:
            row.append(seg(" " * GAP))
        current = i == t - 1
        row += [seg(text, CURRENT if current else (style or (PLAIN if i < done else DIM))) for text, style in pieces[i]]
    if stop < len(pieces):
        row.append(seg(" ›", DIM))
    return fit(row, width)


def label_row(view: ViewState) -> Line:
    """`y     1 (positive), the label of the whole sentence`."""
    y = view.trace.labels[0] if view.trace.labels else None
    if y is None:
        return [seg("y     ", LABEL), seg(" none: an unlabeled sentence (no loss, no backward mode)", DIM)]
    return [seg("y     ", LABEL), seg(f" {y}", NUMBER), seg(f" ({SENTIMENT[y]}), the label of the whole sentence", DIM)]


def prediction_row(view: ViewState) -> Line:
    """ŷ once the last word is read (every ŷ in backward mode), else where it will come."""
    head = [seg("ŷ     ", LABEL)]
    if view.t < view.T and not view.backward:
        return [
            *head,
            seg(" ·", FAINT),
            seg(f"  comes after the last word, at t = T_x = {view.T} (end jumps there)", NOTE),
        ]
    last = view.trace.steps[-1]
    p = last.y_hat
    said = f" ŷ {'>' if p > 0.5 else '≤'} 0.5: {SENTIMENT[int(p > 0.5)]}"
    if last.y is None:
        return [*head, seg(f" {fmt(p, 3)}", NUMBER), seg(said, DIM)]
    ok = (p > 0.5) == bool(last.y)
    return [
        *head,
        seg(f" {fmt(p, 3)}", GOOD if ok else BAD),
        seg(said, DIM),
        seg(" ✓" if ok else " ✗", GOOD if ok else BAD),
    ]


def lines(view: ViewState, width: int, height: int) -> list[Line]:
    rows = [words_row(view, width), fit(label_row(view), width), fit(prediction_row(view), width)]
    if height < 4:
        return rows
    sentence = view.sentence
    where = f"{view.source}:{sentence.line}" if sentence.line is not None else (sentence.source or view.source)
    about = "  many-to-one: one ŷ for the whole sentence, after its last word"
    return [title_line(f"x^({view.number + 1}), the sentence", width, [seg(where, DIM), seg(about, DIM)]), *rows]


PANEL = Panel(
    "cls-sentence", {"forward": lines, "backward": lines}, shapes=("classifier",), when=one_chain, while_loading=False
)
