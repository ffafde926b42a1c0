"""Forward, ŷ<t> of a language model: a bar chart of the distribution over the next character,
one column a character (in the cells of x<t>, on the fixed scale 0 … 1), the top entries named
with their probabilities, the target y<t> marked and L<t>. In generate mode the chart is the
distribution the character was drawn from, at the temperature, and the draw is explained: the
uniform number u and the interval of the cumulative distribution it fell in.
Backward, the output error ŷ<t> − onehot(y<t>) = dL<t>/dz_y<t>: ŷ<t>[c] at every other
character, ŷ<t>[y] − 1 at the target."""

from __future__ import annotations

from rich.style import Style

from ..draw.chars import blank_columns, probability_columns, quoted, vocab_row
from ..draw.colours import BAD, BAR, CURRENT, DIM, GOOD, GRAD, LABEL, MARK, NOTE, NUMBER
from ..draw.numbers import fmt, fmt_sig
from ..draw.text import Line, fit, seg, stop_title, title_line
from ..view import ViewState
from .base import Panel
from .lm_common import LM, TOP, columns_at, distribution, drawn, ordinal, prob_text, ranking, readouts, top_text, words

TITLE = "ŷ<t> = softmax(Wya a<t> + by), the next character"  # the same at every step


def _layout(height: int) -> tuple[bool, int]:
    """(a title row, how many rows of bars): the rest is the characters and one line of text."""
    titled = height >= 5
    return titled, max(1, height - (3 if titled else 2))


def _chart(view: ViewState, values: list[float], styles: list[Style], rows: int, label: str) -> list[Line]:
    """The columns, a full one being the largest value: the scale on the left (its top, 0 at
    the bottom) with the label."""
    prefix = columns_at(view)
    top = max(values) if values and max(values) > 0 else 1.0
    bars = probability_columns(values, rows, styles, top)
    left = [(label, LABEL)]
    if rows >= 2:
        left = [(fmt_sig(top, 2).rjust(prefix - 1), DIM), (label, LABEL)]  # 1e-4 does not read 0.00
    if rows >= 3:
        left += [("", DIM)] * (rows - 3) + [("0".rjust(prefix - 1), DIM)]
    return [[seg(text.ljust(prefix), style), *bar] for (text, style), bar in zip(left, bars)]


def _char_row(view: ViewState, target: int | None, order: tuple[int, ...]) -> Line:
    marks: dict[int, Style] = {i: NUMBER for i in order[:TOP]}
    if target is not None:
        marks[target] = CURRENT
    return [seg("chars".ljust(columns_at(view)), DIM), *vocab_row(words(view), marks)]


def _before_first(view: ViewState, width: int, height: int) -> list[Line]:
    titled, rows = _layout(height)
    prefix = columns_at(view)
    n = len(words(view))
    chart = [
        [seg(("ŷ<1>" if i == 0 else "").ljust(prefix), LABEL), *bar] for i, bar in enumerate(blank_columns(n, rows))
    ]
    note: Line = [seg("ŷ<1> comes with the first step: how likely each character is to come first", NOTE)]
    body = [*chart, _char_row(view, None, ()), note]
    head = [title_line("ŷ<t>, the next character", width)] if titled else []
    return [fit(line, width) for line in [*head, *body]][:height]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """The chart, the characters, and what the step says about the target or the draw."""
    step = view.step
    if step is None:
        return _before_first(view, width, height)
    t, y = step.t, step.y
    assert y is not None, "a language model's step has a target"
    chars = words(view)
    probs = distribution(view)
    order = ranking(view)
    got = readouts(view.trace)
    how = drawn(view)
    styles = [MARK if i == y else BAR for i in range(len(chars))]
    titled, rows = _layout(height)
    loss: Line = [seg(f"L<{t}> = −log ", LABEL), seg(prob_text(got.p[t - 1]), NUMBER), seg(" = ", DIM)]
    loss.append(seg(prob_text(step.loss or 0.0), NUMBER))
    top: Line = [seg("top ", DIM), seg(top_text(view, probs, order), NUMBER)]
    if how is None:
        rank = got.rank[t - 1]
        title = TITLE
        extra: Line = [seg("one bar a character, the target y<t> marked", DIM)]
        said: Line = [
            seg(f"y<{t}> = ", LABEL),
            seg(quoted(chars[y]), NUMBER),
            seg(": ", DIM),
            seg(prob_text(got.p[t - 1]), GOOD if rank == 1 else BAD),
            seg(f", {ordinal(rank)}", GOOD if rank == 1 else BAD),
            seg(" │ ", DIM),
            *loss,
            seg(" │ ", DIM),
            *top,
        ]
    else:
        draw = how.draw
        T = f"{draw.temperature:g}"
        if draw.temperature == 1:
            title = TITLE
            extra = [seg(f"w<t> is drawn from it: T = 1, seed {how.seed}", DIM)]
        else:
            title = f"ŷ<t> at T = {T}: softmax((Wya a<t> + by) / {T})" if draw.temperature else "ŷ<t> at T = 0"
            extra = [seg(f"what w<t> is drawn from, seed {how.seed}; L<t> takes ŷ at T = 1", DIM)]
        top = [seg("top ", DIM), seg(top_text(view, probs, order, 3), NUMBER)]
        if draw.u is None:
            why: Line = [seg("T = 0, greedy: took the most likely, ", DIM), seg(quoted(chars[y]), NUMBER)]
        else:
            why = [
                seg("drew ", DIM),
                seg(quoted(chars[y]), MARK),
                seg(f" ({prob_text(draw.p)}): u = ", DIM),
                seg(fmt(draw.u, 3), NUMBER),
                seg(f" fell in [{fmt(draw.low, 3)}, {fmt(draw.high, 3)})", DIM),
            ]
        at_one = [seg(" at T = 1", DIM)] if draw.temperature != 1 else []
        said = [*why, seg(" │ ", DIM), *loss, *at_one, seg(" │ ", DIM), *top]
    stop = view.stopped("target", "loss")
    head = stop_title(title, width, stop.reason) if stop else title_line(title, width, extra)
    body = [*_chart(view, [float(p) for p in probs], styles, rows, f"ŷ<{t}>"), _char_row(view, y, order), said]
    return [fit(line, width) for line in ([head, *body] if titled else body)][:height]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """ŷ<t> − onehot(y<t>): the other characters' probabilities (pushed down), the target's
    ŷ − 1 (pushed up), and the size of the error."""
    t = view.t
    chars = words(view)
    y = view.trace.labels[t - 1] if view.trace.labels is not None else 0
    error = view.trace.backward.dlogits[t - 1]
    got = readouts(view.trace)
    probs = view.trace.probs[t - 1]
    values = [0.0 if i == y else float(error[i]) for i in range(len(chars))]
    styles = [GRAD] * len(chars)
    titled, rows = _layout(height)
    said: Line = [
        seg(f"at y<{t}> = ", LABEL),
        seg(quoted(chars[y]), NUMBER),
        seg(": ŷ − 1 = ", DIM),
        seg(f"{fmt(float(probs[y]), 3)} − 1 = ", NUMBER),
        seg(fmt_sig(float(error[y]), 3, sign=True), GRAD),
        seg(" (raise its score)", DIM),
        seg(" │ every other c: ŷ[c] − 0 (lower it)", DIM),
        seg(" │ ‖·‖ = ", DIM),
        seg(fmt_sig(got.error_norm[t - 1], 3), NUMBER),
    ]
    title = "ŷ<t> − onehot(y<t>) = dL<t>/dz_y<t>, the output error"
    extra: Line = [seg("Wyaᵀ of it comes down into da<t>", DIM)]
    stop = view.stopped("target", "loss")
    head = stop_title(title, width, stop.reason) if stop else title_line(title, width, extra)
    body = [*_chart(view, values, styles, rows, "ŷ − y"), _char_row(view, y, ()), said]
    return [fit(line, width) for line in ([head, *body] if titled else body)][:height]


PANEL = Panel("lm-output", {"forward": forward, "backward": backward}, shapes=LM)
