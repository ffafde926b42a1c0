"""An encoder-decoder's input and output: the words the encoder reads (the current one
highlighted while t is on the encoder), the tokens the decoder has written so far (one a
step, the current one highlighted), and the target (a labeled pair), each output green
where it is the target's token, red where not."""

from __future__ import annotations

from ..draw.colours import BAD, CURRENT, DIM, FAINT, GOOD, LABEL, NOTE, NUMBER, PLAIN
from ..draw.text import Line, fit, seg, title_line, window
from ..view import ViewState, per_trace
from .base import Panel, one_chain
from .s2s_common import decoder, decoder_t, emitted, forced, outputs
from .sentence import GAP, sentence_layout

LABEL_WIDTH = 8  # "output  "


def words_row(view: ViewState, width: int) -> Line:
    """`input   three  thousand  and …`, the word at t highlighted while on the encoder."""
    trace, t = view.trace, min(view.t, view.trace.T)
    on_encoder = view.t <= trace.T
    done = trace.T if view.backward else t
    pieces, widths = per_trace(trace, "sentence", lambda tr: sentence_layout(tr.tokens, tr.unknown))
    start, stop = window(widths, max(t, 1) - 1, max(1, width - LABEL_WIDTH - 2), GAP)
    row: Line = [seg("input".ljust(LABEL_WIDTH), LABEL), seg("‹" if start > 0 else " ", DIM)]
    for i in range(start, stop):
        if i > start:
            row.append(seg(" " * GAP))
        current = on_encoder and i == t - 1
        row += [seg(text, CURRENT if current else (style or (PLAIN if i < done else DIM))) for text, style in pieces[i]]
    if stop < len(pieces):
        row.append(seg(" ›", DIM))
    return fit(row, width)


def tokens_row(
    view: ViewState, label: str, tokens: list[str], marks: list[bool | None], shown: int, width: int
) -> Line:
    """One output token a step: the first `shown`, each marked right or wrong (None: neither)."""
    d = decoder_t(view)
    row: Line = [seg(label.ljust(LABEL_WIDTH), LABEL), seg(" ")]
    for k, (text, mark) in enumerate(zip(tokens, marks), 1):
        if k > 1:
            row.append(seg(" "))
        if k > shown:
            row.append(seg("·" * len(text), FAINT))
            continue
        style = NUMBER if mark is None else (GOOD if mark else BAD)
        row.append(seg(text, CURRENT if k == d else style))
    return row


def lines(view: ViewState, width: int, height: int) -> list[Line]:
    names = outputs(view)
    dec = decoder(view)
    said = emitted(view)
    targets = dec.labels
    written = [names[i] for i in said]
    marks: list[bool | None] = [None if targets is None else i == y for i, y in zip(said, targets or said)]
    shown = dec.T if view.backward else decoder_t(view)
    out = tokens_row(view, "output", written, marks, shown, width)
    if not view.backward and shown < dec.T:
        out.append(seg("  ← one token a step" if shown else "  the decoder writes after the encoder has read", NOTE))
    if targets is None:
        target: Line = [
            seg("target".ljust(LABEL_WIDTH), LABEL),
            seg(" none: unlabeled; the decoder is fed its own output", DIM),
        ]
    else:
        target = tokens_row(view, "target", [names[y] for y in targets], [None] * len(targets), len(targets), width)
        target.append(seg("  (fed to the decoder: teacher forcing)" if forced(view) else "", DIM))
    rows = [words_row(view, width), fit(out, width), fit(target, width)]
    if height < 4:
        return rows
    sentence = view.sentence
    where = f"{view.source}:{sentence.line}" if sentence.line is not None else (sentence.source or view.source)
    words = "word" if view.trace.T == 1 else "words"
    about = f"  T_x = {view.trace.T} {words} in, T_y = {dec.T} tokens out (<END> last)"
    return [
        title_line(f"x^({view.number + 1}), the input and the output", width, [seg(where, DIM), seg(about, DIM)]),
        *rows,
    ]


PANEL = Panel(
    "s2s-sentence",
    {"forward": lines, "backward": lines},
    shapes=("seq2seq",),
    when=one_chain,
    while_loading=False,
    whole=True,
)
