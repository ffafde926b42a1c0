"""The sentence: every word, the current one highlighted; y<t> under each word and ŷ<t>
under the words stepped so far (every word in backward mode), green when the prediction
(ŷ > 0.5) matches y, red when not. A click on a word jumps to it (`word_at`)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style

from ..draw.colours import BAD, CURRENT, DIM, FAINT, GOOD, LABEL, NUMBER, PLAIN, UNK_STYLE
from ..draw.numbers import fmt
from ..draw.text import Line, fit, seg, stop_extra, title_line, window
from ..view import ViewState, per_trace, y_hats
from .base import Panel

Pieces = list[tuple[str, Style | None]]
LABEL_WIDTH = 6  # "word  ", "y<t>  ", "ŷ<t>  "
GAP = 2


def word_display(token: str, unknown: bool) -> Pieces:
    """A word as the sentence shows it: unknown words as `<UNK>(word)`."""
    if unknown:
        return [("<UNK>", UNK_STYLE), (f"({token})", DIM)]
    return [(token, None)]


def _pieces_len(pieces: Pieces) -> int:
    return sum(len(text) for text, _ in pieces)


def sentence_layout(tokens: Sequence[str], unknown: Sequence[bool]) -> tuple[list[Pieces], list[int]]:
    """Each word as the sentence shows it and its width in cells, for the whole sentence."""
    pieces = [word_display(token, unk) for token, unk in zip(tokens, unknown)]
    return pieces, [max(_pieces_len(p), 5) for p in pieces]


def sentence_lines(
    tokens: Sequence[str],
    unknown: Sequence[bool],
    labels: Sequence[int] | None,
    y_hat: Sequence[float],
    t: int,
    width: int,
    done: int | None = None,
    layout: tuple[list[Pieces], list[int]] | None = None,
) -> tuple[list[Line], list[tuple[int, int, int]]]:
    """Three rows: the words (current one highlighted), y<t> under each, and ŷ<t> for the
    words stepped so far (the first `done` words, t by default), green when ŷ > 0.5 agrees
    with y, red when not. Returns the rows and the clickable spans (x0, x1, word number t,
    1-based). Only the words in view are drawn; `layout` is `sentence_layout(tokens,
    unknown)`, which a caller may keep per sentence."""
    done = t if done is None else done
    pieces, widths = layout if layout is not None else sentence_layout(tokens, unknown)
    room = max(1, width - LABEL_WIDTH - 2)
    start, stop = window(widths, max(t, 1) - 1, room, GAP)
    rows: list[Line] = [[seg("word  ", LABEL)], [seg("y<t>  ", LABEL)], [seg("ŷ<t>  ", LABEL)]]
    for row in rows:
        row.append(seg("‹" if start > 0 else " ", DIM))
    spans: list[tuple[int, int, int]] = []
    x = LABEL_WIDTH + 1
    for i in range(start, stop):
        w = widths[i]
        if i > start:
            for row in rows:
                row.append(seg(" " * GAP))
            x += GAP
        current = i == t - 1
        rows[0] += [
            seg(text, CURRENT if current else (style or (PLAIN if i < done else DIM))) for text, style in pieces[i]
        ]
        pad = w - _pieces_len(pieces[i])
        if pad:
            rows[0].append(seg(" " * pad, CURRENT if current else None))
        spans.append((x, x + w, i + 1))
        if labels is None:
            rows[1].append(seg("-".ljust(w), FAINT))
        else:
            rows[1].append(seg(str(labels[i]).ljust(w), NUMBER if labels[i] else DIM))
        if i < done and i < len(y_hat):
            p = float(y_hat[i])
            style = NUMBER if labels is None else (GOOD if (p > 0.5) == bool(labels[i]) else BAD)
            rows[2].append(seg(fmt(p, 2).ljust(w), style))
        else:
            rows[2].append(seg("·".ljust(w), FAINT))
        x += w
    if stop < len(tokens):
        for row in rows:
            row.append(seg(" ›", DIM))
    return [fit(row, width) for row in rows], spans


def _where(view: ViewState) -> str:
    sentence = view.sentence
    if sentence.line is not None:
        return f"{view.source}:{sentence.line}"
    return sentence.source or view.source


def _title(view: ViewState, width: int, about: Line) -> Line:
    stop = view.stopped("cross")
    extra = stop_extra(stop.reason) if stop is not None else [seg(_where(view), DIM), *about]
    return title_line(f"x^({view.number + 1}), the sentence", width, extra)


def rows(view: ViewState, width: int, done: int) -> tuple[list[Line], list[tuple[int, int, int]]]:
    """The three rows, with ŷ under the first `done` words, and the clickable spans of the
    words in view."""
    trace = view.trace
    layout = per_trace(trace, "sentence", lambda tr: sentence_layout(tr.tokens, tr.unknown))
    return sentence_lines(trace.tokens, trace.unknown, trace.labels, y_hats(trace), view.t, width, done, layout)


def word_at(view: ViewState, width: int, height: int, x: int, y: int) -> int | None:
    """The word number (1-based) drawn at (x, y) of the panel, if any."""
    row = y - (1 if height >= 4 else 0)
    if not 0 <= row < 3:
        return None
    return next((t for x0, x1, t in rows(view, width, view.t)[1] if x0 <= x < x1), None)


def _drawn(view: ViewState, width: int, height: int, done: int, about: Line) -> list[Line]:
    words = rows(view, width, done)[0]
    return [_title(view, width, about), *words] if height >= 4 else words


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    if not view.labeled:
        about = [seg("  unlabeled: no y<t>, no loss", DIM)]
    else:
        about = [
            seg("  ŷ ", DIM),
            seg("agrees", GOOD),
            seg(" / ", DIM),
            seg("disagrees", BAD),
            seg(" with y (name when ŷ > 0.5)", DIM),
        ]
    return _drawn(view, width, height, view.t, about)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """Every ŷ is shown: the whole forward pass is done before backpropagation."""
    about = [seg("  every ŷ is computed; backpropagation runs right to left", DIM)]
    return _drawn(view, width, height, view.T, about)


PANEL = Panel("sentence", {"forward": forward, "backward": backward}, shapes=("tagger",))
