"""The text a language model reads or writes, one character a step: the line (the end token ⏎
last), or in generate mode the characters drawn so far; the character fed as x<t> and the
one to predict (or just drawn), y<t>, marked; under every character reached so far, a block
as high as the probability ŷ<τ>[y<τ>] the model gave it when it came (green when it was the
model's first choice)."""

from __future__ import annotations

from rich.style import Style

from ..draw.chars import level_block, quoted, shown
from ..draw.colours import BAD, CURRENT, DIM, FAINT, GOOD, LABEL, MARK, NOTE, NUMBER, PLAIN
from ..draw.numbers import fmt_small
from ..draw.text import Line, fit, merge, seg, stop_extra, title_line, window
from ..view import ViewState
from .base import Panel
from .lm_common import LM, drawn, readouts, words

LABEL_WIDTH = 6  # "text  ", "ŷ[y]  "
FED = Style(color="#ffd866", bold=True, underline=True)  # x<t>: the character fed at this step
KEPT = Style(color="grey70", italic=True)  # generate mode: read from the line, not drawn


def _rows(view: ViewState, width: int, done: int) -> tuple[Line, Line]:
    """The text row and the probability row (a block under the first `done` characters),
    scrolled to keep y<t> in view."""
    trace = view.trace
    generation = view.generation
    t, T = view.t, view.T
    chars = words(view)
    labels = trace.labels or ()
    got = readouts(trace)
    shown_to = done if generation is not None else T  # generate mode: nothing after the last draw shown
    room = max(1, width - LABEL_WIDTH - 2)
    start, stop = window([1] * max(shown_to, 1), max(t, 1) - 1, room, gap=0)
    text: list[tuple[str, Style | None]] = [(" ", None)] if start == 0 else [("‹", DIM)]
    probs: list[tuple[str, Style | None]] = [(" ", None)] if start == 0 else [("‹", DIM)]
    for j in range(start, min(stop, shown_to)):
        step = j + 1  # w<step> = y<step>, fed as x<step + 1>
        if step == t:
            style: Style | None = CURRENT
        elif step == t - 1:
            style = FED
        elif step > done:
            style = DIM
        elif generation is not None and generation.at(step) is None:
            style = KEPT
        else:
            style = PLAIN
        text.append((shown(chars[labels[j]]), style))
        if step <= done:
            probs.append((level_block(got.p[j]), GOOD if got.rank[j] == 1 else BAD))
        else:
            probs.append(("·", FAINT))
    if stop < shown_to:
        text.append(("›", DIM))
    return (
        [seg("text".ljust(LABEL_WIDTH), LABEL), *merge(text)],
        [seg("ŷ[y]".ljust(LABEL_WIDTH), LABEL), *merge(probs)],
    )


def _said(view: ViewState) -> Line:
    """What step t does, in words."""
    t = view.t
    chars = words(view)
    labels = view.trace.labels or ()
    generation = view.generation
    if t == 0:
        if generation is not None:
            return [seg("t = 0: → draws the first character from ŷ<1> (x<1> = 0)", NOTE)]
        return [seg("t = 0: → feeds x<1> = 0 and predicts the first character, y<1>", NOTE)]
    x = "0 (the zero vector)" if t == 1 else quoted(chars[labels[t - 2]])
    y = quoted(chars[labels[t - 1]])
    fed: Line = [seg(f"x<{t}> = ", LABEL), seg(x, NUMBER), seg(" is fed", DIM)]
    how = drawn(view, t)
    if generation is None or how is None:
        said = [*fed, seg(f", y<{t}> = ", LABEL), seg(y, NUMBER), seg(" is the character to predict", DIM)]
        if generation is not None:
            said.append(seg(f" (read from the line: drawing starts at step {generation.kept + 1})", DIM))
        return said
    said = [*fed, seg(f"; step {t} drew ", DIM), seg(y, MARK)]
    if labels[t - 1] == chars.index("\n"):
        return [*said, seg(", the end token: the sample ends here", DIM)]
    if t == view.T and not generation.ended:
        return [*said, seg(f": {len(generation.drawn) - generation.kept} draws, the most the debugger makes", DIM)]
    return [*said, seg(f" and feeds it back as x<{t + 1}>", DIM)]


def _title(view: ViewState, width: int) -> Line:
    generation = view.generation
    stop = view.stopped("target")
    if generation is not None:
        extra: Line = [
            seg(f"T = {generation.temperature:g}, seed {generation.seed}", NUMBER),
            seg("; ", DIM),
            seg("drawn", PLAIN),
            seg(" / ", DIM),
            seg("read from the line", KEPT),
            seg("; ŷ[y] at T = 1 (", DIM),
            seg("green", GOOD),
            seg(": 1st choice)", DIM),
        ]
        return title_line("the generated text", width, stop_extra(stop.reason) if stop else extra)
    sentence = view.sentence
    where = f"{view.source}:{sentence.line}" if sentence.line is not None else (sentence.source or view.source)
    extra = [
        seg(where, DIM),
        seg(" ─ ", DIM),
        seg("x<t>", FED),
        seg(" fed, ", DIM),
        seg("y<t>", CURRENT),
        seg(" to predict; ŷ[y] of each (", DIM),
        seg("green", GOOD),
        seg(": 1st choice)", DIM),
    ]
    return title_line(f"x^({view.number + 1}), the line", width, stop_extra(stop.reason) if stop else extra)


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    text, probs = _rows(view, width, view.t)
    if height >= 4:
        return [_title(view, width), fit(text, width), fit(probs, width), fit(_said(view), width)][:height]
    return [fit(text, width), fit(probs, width), fit(_said(view), width)][:height]


def _said_backward(view: ViewState) -> Line:
    t = view.t
    chars = words(view)
    labels = view.trace.labels or ()
    got = readouts(view.trace)
    return [
        seg(f"the error of y<{t}> = ", DIM),
        seg(quoted(chars[labels[t - 1]]), NUMBER),
        seg(f" (ŷ[y] = {fmt_small(got.p[t - 1], 3)}) enters at step {t}; ", DIM),
        seg(f"da flows on to step {t - 1}" if t > 1 else "a<0> = 0 is the end", DIM),
    ]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """Every character has come (the forward pass is done); t runs T … 1, right to left."""
    text, probs = _rows(view, width, view.T)
    said = fit(_said_backward(view), width)
    about = [seg(f"backpropagation of L = Σ L<t>, from step {view.T} down to step 1", DIM)]
    if height >= 4:
        return [title_line("the text, backward", width, about), fit(text, width), fit(probs, width), said][:height]
    return [fit(text, width), fit(probs, width), said][:height]


PANEL = Panel("lm-text", {"forward": forward, "backward": backward}, shapes=LM)
