"""Pure render functions: numbers in, terminal lines out.

Every panel of the debugger is drawn by a function here that takes plain values (vectors,
indices, strings) and a width, and returns `Line`s: lists of Rich `Segment`s, one list per
terminal row. Nothing here knows about Textual widgets or the app, so each picture can be
unit-tested with real values and no terminal. No RNN math happens here either: every number
comes from the engine's `Trace`; this module only maps values to characters and colours.

Colours: one fixed diverging scale centred at 0 (blue below, red above, a neutral grey at
0), quantized to `LEVELS` steps per sign (see STOPS) so a whole screen uses a few dozen
styles and a colour means the same number everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from rich.color import Color
from rich.segment import Segment
from rich.style import Style

if TYPE_CHECKING:  # NumPy is imported where it is used: the first frame is drawn before it
    import numpy as np

Line = list[Segment]

# ---------------------------------------------------------------------------------------
# Styles

NEUTRAL = (62, 62, 62)  # the colour of 0
NEGATIVE = (64, 140, 255)  # the colour of -scale (and below)
POSITIVE = (255, 80, 64)  # the colour of +scale (and above)

PLAIN = Style()
DIM = Style(color="grey50")
FAINT = Style(color="grey35")
BOLD = Style(bold=True)
LABEL = Style(color="#7fb4ca", bold=True)  # names of quantities: x<t>, a<t>, ŷ<t> …
TITLE = Style(color="#e6c384", bold=True)
RULE = Style(color="grey30")
NUMBER = Style(color="#dcd7ba")
CURRENT = Style(color="black", bgcolor="#e6c384", bold=True)  # the current word / step
MARK = Style(color="#ffd866", bold=True)  # the single 1 of a one-hot vector
GOOD = Style(color="#98bb6c", bold=True)  # prediction matches the label
BAD = Style(color="#ff5d62", bold=True)  # prediction contradicts the label
UNK_STYLE = Style(color="#ffa066", bold=True)
NOTE = Style(color="grey58", italic=True)
WARN = Style(color="#ffa066")
HIT = Style(color="black", bgcolor="#d27e99", bold=True)  # where a breakpoint stopped
GRAD = Style(color="#7aa89f", bold=True)  # names of gradients in backward mode


def seg(text: str, style: Style | None = None) -> Segment:
    return Segment(text, style)


def line_text(line: Line) -> str:
    """The characters of a line, without styles (for tests and for measuring)."""
    return "".join(segment.text for segment in line)


def line_width(line: Line) -> int:
    return sum(segment.cell_length for segment in line)


def fit(line: Line, width: int) -> Line:
    """Crop a line to `width` cells (a final '…' shows it was cut) or leave it shorter."""
    if width <= 0:
        return []
    if line_width(line) <= width:
        return line
    out: Line = []
    room = width - 1
    for segment in line:
        if room <= 0:
            break
        if segment.cell_length <= room:
            out.append(segment)
            room -= segment.cell_length
        else:
            out.append(Segment(segment.text[:room], segment.style))
            room = 0
    out.append(Segment("…", DIM))
    return out


def title_line(title: str, width: int, extra: Line | None = None) -> Line:
    """A panel title drawn as a rule: `── title ─── extra ───────`."""
    line: Line = [seg("── ", RULE), seg(title, TITLE), seg(" ", RULE)]
    if extra:
        line += [seg("─ ", RULE), *extra, seg(" ", RULE)]
    used = line_width(line)
    if used < width:
        line.append(seg("─" * (width - used), RULE))
    return fit(line, width)


def stop_extra(reason: str) -> Line:
    """The title extra of a panel where a breakpoint stopped: `● stopped: reason`."""
    return [seg(f" ● stopped: {reason} ", HIT)]


def stop_title(title: str, width: int, reason: str) -> Line:
    """A panel's title with `● stopped: reason`; in a narrow panel the reason replaces it."""
    extra = stop_extra(reason)
    if len(title) + 6 + line_width(extra) <= width:
        return title_line(title, width, extra)
    line: Line = [seg("── ", RULE), *extra, seg(" ", RULE)]
    used = line_width(line)
    if used < width:
        line.append(seg("─" * (width - used), RULE))
    return fit(line, width)


def fmt(value: float, digits: int = 3, sign: bool = False) -> str:
    """A number as the screen shows it: fixed decimals, '-0.000' never shown."""
    text = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
    if float(text) == 0.0:
        text = ("+" if sign else "") + f"{0:.{digits}f}"
    return text


def fmt_small(value: float, digits: int = 3) -> str:
    """Like `fmt`, but a value too small for `digits` decimals keeps two significant digits
    (`1.3e-04`), so a tiny loss or probability never reads as 0."""
    if value != 0 and abs(value) < 0.5 * 10**-digits:
        return f"{value:.1e}"
    return fmt(value, digits)


def fmt_int(value: int) -> str:
    return f"{value:,}"


def fmt_sig(value: float, digits: int = 3, sign: bool = False) -> str:
    """A number with `digits` significant digits, for gradients, whose sizes span several
    orders of magnitude: `0.0306`, `-0.00418`, `3.00e-5`, `-1.00`. Exact 0 is `0`."""
    value = float(value)
    plus = "+" if sign else ""
    if value == 0:
        return f"{plus}0"
    if not math.isfinite(value):
        return f"{value}"
    magnitude = math.floor(math.log10(abs(value)))
    if -3 <= magnitude < 4:
        decimals = max(0, digits - 1 - magnitude)
        text = f"{value:{plus}.{decimals}f}"
        if float(text) != 0:
            return text
    mantissa, exponent = f"{value:{plus}.{digits - 1}e}".split("e")
    return f"{mantissa}e{int(exponent)}"  # 3.0e-5, not 3.0e-05: one cell less


def g_name(activation: str) -> str:
    """The display name of the hidden activation g: 'tanh' or 'ReLU'."""
    return "tanh" if activation == "tanh" else "ReLU"


# ---------------------------------------------------------------------------------------
# The diverging colour scale

# One fixed scale for every heatmap (z<t>, a<t>, a<t-1>, the history), the same for every
# sentence and model, so a colour always means the same number. A value's level is how many
# of these stops its magnitude reaches, with its sign: fine steps inside tanh's range
# [-1, 1] (the last, 0.99, is where tanh saturates) and two more for the larger |z|.
STOPS = (0.05, 0.2, 0.4, 0.6, 0.8, 0.99, 2.0, 4.0)
LEVELS = len(STOPS)
# How far each level goes from NEUTRAL towards the full colour.
_MIX = (0.0, 0.16, 0.30, 0.44, 0.57, 0.69, 0.80, 0.90, 1.0)


# Gradients span orders of magnitude: their scale is logarithmic, relative to the largest
# entry of the sentence's gradients (1 = that entry), each step half a decade (×3.16), so a
# gradient 30 times smaller than the largest is three steps paler, not blank.
GRAD_STOPS = (1e-4, 10**-3.5, 1e-3, 10**-2.5, 1e-2, 10**-1.5, 0.1, 10**-0.5)


def levels(values: np.ndarray, stops: Sequence[float] = STOPS) -> np.ndarray:
    """Colour levels in [-LEVELS, LEVELS]: sign × the number of `stops` reached by |value|."""
    import numpy as np

    values = np.nan_to_num(np.asarray(values, dtype=np.float64))
    reached = np.searchsorted(np.asarray(stops), np.abs(values), side="right")
    return (np.sign(values) * reached).astype(np.int64)


@cache
def level_rgb(level: int) -> tuple[int, int, int]:
    """The colour of a level: NEUTRAL at 0, blending to NEGATIVE / POSITIVE at ±LEVELS."""
    if level == 0:
        return NEUTRAL
    end = POSITIVE if level > 0 else NEGATIVE
    f = _MIX[min(abs(level), LEVELS)]
    return tuple(round(n + (e - n) * f) for n, e in zip(NEUTRAL, end))  # type: ignore[return-value]


@cache
def cell_style(level: int) -> Style:
    """A full cell painted with the colour of `level`."""
    return Style(bgcolor=Color.from_rgb(*level_rgb(level)))


@cache
def half_style(left: int, right: int) -> Style:
    """For '▌': the left half takes `left`'s colour (foreground), the right half `right`'s."""
    return Style(color=Color.from_rgb(*level_rgb(left)), bgcolor=Color.from_rgb(*level_rgb(right)))


def _merge(cells: list[tuple[str, Style]]) -> Line:
    """Join neighbouring cells that share a style into one segment (fewer escape codes)."""
    line: Line = []
    text: list[str] = []
    style: Style | None = None
    for char, cell in cells:
        if cell is not style and text:
            line.append(Segment("".join(text), style))
            text = []
        style = cell
        text.append(char)
    if text:
        line.append(Segment("".join(text), style))
    return line


def heatmap_units_per_cell(n: int, width: int) -> tuple[int, int]:
    """How a vector of n values is drawn in `width` cells: (cells per unit, units per cell).

    One unit a cell when it fits, up to 3 cells a unit for short vectors, two units a cell
    (the half-block '▌') when only half fits, and k units averaged into each half-cell below.
    """
    if n <= 0 or width <= 0:
        return (1, 1)
    if width >= 2 * n:
        return (min(3, width // n), 1)
    if width >= n:
        return (1, 1)
    return (1, 2 * math.ceil(n / (2 * width)))


def heatmap_line(values: np.ndarray, width: int, scale: float | None = None) -> Line:
    """A vector as a row of coloured cells on the diverging scale; at most `width` cells.
    With a `scale`, the values are gradients: divided by it and coloured on the logarithmic
    GRAD_STOPS; without, on the fixed scale of activations (STOPS)."""
    import numpy as np

    values = np.asarray(values, dtype=np.float64).ravel()
    stops = STOPS
    if scale is not None:
        values = values / scale
        stops = GRAD_STOPS
    n = len(values)
    if n == 0 or width <= 0:
        return []
    per_unit, per_cell = heatmap_units_per_cell(n, width)
    lv = levels(values, stops)
    cells: list[tuple[str, Style]] = []
    if per_cell == 1:
        for level in lv.tolist():
            style = cell_style(level)
            cells.extend([(" ", style)] * per_unit)
        return _merge(cells)
    half = per_cell // 2  # units per half cell
    pad = (-n) % half
    # The mean of each group of `half` units (presentation only: one colour per half-cell).
    grouped = np.concatenate([values, np.full(pad, np.nan)]).reshape(-1, half)
    means = np.nanmean(grouped, axis=1) if half > 1 else grouped[:, 0]
    lv = levels(means, stops).tolist()
    if len(lv) % 2:
        lv.append(None)
    for left, right in zip(lv[0::2], lv[1::2]):
        if right is None:
            cells.append(("▌", Style(color=Color.from_rgb(*level_rgb(left)))))
        else:
            cells.append(("▌", half_style(left, right)))
    return _merge(cells)


def heatmap_caption(n: int, width: int) -> str:
    """Says how many units one cell shows, e.g. '1 cell = 1 unit' or '1 cell = 2 units'."""
    per_unit, per_cell = heatmap_units_per_cell(n, width)
    if per_cell == 1:
        return "1 cell = 1 unit" if per_unit == 1 else f"{per_unit} cells = 1 unit"
    if per_cell == 2:
        return "1 cell = 2 units"
    return f"1 cell = {per_cell} units (two halves, each the mean of {per_cell // 2})"


def _stop_text(stop: float) -> str:
    text = f"{stop:g}"
    return text[1:] if text.startswith("0.") else text


def legend_line(compact: bool = False) -> Line:
    """The colour scale: one cell per level, `-4 ▇▇▇▇▇▇▇▇ 0 ▇▇▇▇▇▇▇▇ 4`, then the stops."""
    line: Line = [seg(f"-{_stop_text(STOPS[-1])} ", DIM)]
    line += [seg(" ", cell_style(-k)) for k in range(LEVELS, 0, -1)]
    line.append(seg("0", Style(color="white", bgcolor=Color.from_rgb(*NEUTRAL), bold=True)))
    line += [seg(" ", cell_style(k)) for k in range(1, LEVELS + 1)]
    line.append(seg(f" {_stop_text(STOPS[-1])}", DIM))
    if not compact:
        line.append(seg(f"  steps at ±{' '.join(_stop_text(s) for s in STOPS)}", DIM))
    return list(Segment.simplify(line))


# ---------------------------------------------------------------------------------------
# One-hot vectors and the stacked column


def onehot_column(index: int, n: int, width: int) -> int:
    """The cell of a `width`-cell strip that holds entry `index` of an n-long vector."""
    if width <= 0 or n <= 0:
        return 0
    return min(width - 1, max(0, index * width // n))


def onehot_line(index: int, n: int, width: int) -> Line:
    """A compressed picture of a one-hot vector: `width` cells for n entries, zeros as '·',
    the cell that holds the single 1 as a bright block."""
    if width <= 0:
        return []
    col = onehot_column(index, n, width)
    line: Line = []
    if col:
        line.append(seg("·" * col, FAINT))
    line.append(seg("█", MARK))
    if width - col - 1 > 0:
        line.append(seg("·" * (width - col - 1), FAINT))
    return line


def onehot_ruler(index: int, n: int, width: int) -> Line:
    """Under a one-hot strip: `0` at the left, `↑ index` under the marked cell, and the last
    index at the right, each left out when it would overlap the arrow."""
    if width <= 0:
        return []
    col = onehot_column(index, n, width)
    arrow = f"↑ {fmt_int(index)}"
    if col + len(arrow) <= width:
        a0, a1 = col, col + len(arrow)
    else:  # too close to the right edge: write the index before the arrow
        arrow = f"{fmt_int(index)} ↑"
        a1 = col + 1
        a0 = max(0, a1 - len(arrow))
        arrow = arrow[len(arrow) - (a1 - a0) :]
    line: Line = []
    left = "0" if a0 >= 2 else ""
    line.append(seg(left.ljust(a0), DIM))
    line.append(seg(arrow, MARK))
    last = fmt_int(n - 1)
    rest = width - a1
    line.append(seg(last.rjust(rest) if rest >= len(last) + 2 else " " * rest, DIM))
    return [s for s in line if s.text]


def stacked_split(n_a: int, width: int) -> tuple[int, int]:
    """(cells for the a<t-1> part, cells for the x<t> part) of a stacked strip, `width` cells
    wide between its brackets and the boundary: the a part at half a cell a unit if it fits,
    leaving the x part at least a third of the room."""
    inner = max(2, width - 3)  # '[', '┃', ']'
    a_cells = min(math.ceil(n_a / 2), inner * 2 // 3)
    a_cells = max(1, a_cells)
    return a_cells, max(1, inner - a_cells)


def stacked_line(a_prev: np.ndarray, index: int | None, n_x: int, width: int) -> Line:
    """[a<t-1>; x<t>] as one strip: `[` heatmap of a<t-1> `┃` compressed one-hot x<t> `]`.
    With index None (t = 0, no word fed yet) the x part is left empty."""
    a_cells, x_cells = stacked_split(len(a_prev), width)
    line: Line = [seg("[", BOLD)]
    line += heatmap_line(a_prev, a_cells)
    line.append(seg("┃", Style(color="white", bold=True)))
    line += onehot_line(index, n_x, x_cells) if index is not None else [seg(" " * x_cells)]
    line.append(seg("]", BOLD))
    return line


# ---------------------------------------------------------------------------------------
# Bars


def hbar(value: float, width: int, style: Style, threshold: float | None = None) -> Line:
    """A horizontal bar for a value in [0, 1], with eighth blocks, and an optional tick."""
    if width <= 0:
        return []
    value = min(1.0, max(0.0, float(value)))
    eighths = round(value * width * 8)
    full, part = divmod(eighths, 8)
    chars = ["█"] * full
    if part and full < width:
        chars.append(" ▏▎▍▌▋▊▉"[part])
    rest = width - len(chars)
    tick = None if threshold is None else min(width - 1, int(threshold * width))
    cells = [(c, style) for c in chars] + [("░", FAINT)] * rest
    if tick is not None and tick >= len(chars):
        cells[tick] = ("┊", DIM)
    return _merge(cells)


BLOCKS = " ▁▂▃▄▅▆▇█"


def column_bars(
    values: Sequence[float | None], top: float, height: int, bar: int, gap: int, styles: Sequence[Style]
) -> list[Line]:
    """Vertical bars, `height` rows high, one per value (None: not yet computed, blank).

    Values are scaled to `top`; each bar is `bar` cells wide with `gap` cells between.
    """
    rows: list[list[tuple[str, Style]]] = [[] for _ in range(height)]
    total = height * 8
    for i, (value, style) in enumerate(zip(values, styles)):
        if i:
            for row in rows:
                row.extend([(" ", PLAIN)] * gap)
        eighths = 0 if value is None or top <= 0 else round(min(1.0, value / top) * total)
        if value is not None and value > 0 and eighths == 0:
            eighths = 1
        for r in range(height):
            level_from_bottom = height - 1 - r
            fill = max(0, min(8, eighths - level_from_bottom * 8))
            char = BLOCKS[fill] if value is not None else " "
            if value is not None and r == height - 1 and fill == 0:
                char = "▁"  # a zero-height bar still shows where it stands
                rows[r].extend([(char, FAINT)] * bar)
                continue
            rows[r].extend([(char, style)] * bar)
    return [_merge(row) for row in rows]


def bars_window(T: int, t: int, width: int, backward: bool = False) -> tuple[int, int, int, int]:
    """How `step_bars` lays out T bars in `width` cells: (bar, gap, start, stop). Bars are
    3, 2 or 1 cells wide as they fit; when even 1-cell bars do not, a window of `width`
    bars is shown around bar t (scrolling as the sentence panel does), with two thirds of
    it on the side already stepped (left forward, right backward)."""
    if width >= T * 4:
        return 3, 1, 0, T
    if width >= T * 3:
        return 2, 1, 0, T
    if width >= T:
        return 1, 0, 0, T
    room = max(1, width)
    focus = min(max(t, 1), T) - 1
    before = room // 3 if backward else room - 1 - room // 3
    start = min(max(0, focus - before), T - room)
    return 1, 0, start, start + room


def step_bars(
    values: Sequence[float],
    t: int,
    width: int,
    height: int,
    style: Style,
    backward: bool = False,
    top: float | None = None,
) -> list[Line]:
    """One vertical bar per word, `height` rows high: L<τ> forward (the words after t
    empty), ‖da<τ>‖ backward (the words not reached yet, τ < t, empty); bar t highlighted;
    a fixed scale `top` (the sentence's largest value by default) so bars do not jump while
    stepping. Only the bars in view are drawn (`bars_window`)."""
    T = len(values)
    bar, gap, start, stop = bars_window(T, t, width, backward)
    if top is None:
        top = max(values) if values else 1.0
    shown = [values[i] if ((i + 1 >= t) if backward else (i < t)) else None for i in range(start, stop)]
    styles = [MARK if i == t - 1 else style for i in range(start, stop)]
    return [fit(row, width) for row in column_bars(shown, top, height, bar, gap, styles)]


# ---------------------------------------------------------------------------------------
# Vectors as text


def vector_preview(values: np.ndarray, count: int = 3, digits: int = 2) -> str:
    """The first entries of a vector: `[+0.31, -1.20, +0.95, …]`."""
    import numpy as np

    values = np.asarray(values).ravel()
    shown = ", ".join(fmt(v, digits, sign=True) for v in values[:count].tolist())
    more = ", …" if len(values) > count else ""
    return f"[{shown}{more}]"


def grad_preview(values: np.ndarray, count: int = 2, digits: int = 2) -> str:
    """The first entries of a gradient, significant digits kept: `[-1.2e-03, +4.0e-04, …]`."""
    import numpy as np

    values = np.asarray(values).ravel()
    shown = ", ".join(fmt_sig(v, digits, sign=True) for v in values[:count].tolist())
    more = ", …" if len(values) > count else ""
    return f"[{shown}{more}]"


# ---------------------------------------------------------------------------------------
# The sentence: words, labels and predictions


def word_display(token: str, unknown: bool) -> list[tuple[str, Style | None]]:
    """A word as the sentence shows it: unknown words as `<UNK>(word)`."""
    if unknown:
        return [("<UNK>", UNK_STYLE), (f"({token})", DIM)]
    return [(token, None)]


def _pieces_len(pieces: list[tuple[str, Style | None]]) -> int:
    return sum(len(text) for text, _ in pieces)


def window(widths: Sequence[int], focus: int, room: int, gap: int = 1) -> tuple[int, int]:
    """The range [start, stop) of items (each `widths[i]` wide, `gap` apart) shown in `room`
    cells so that item `focus` is visible, with as much before it as fits (scrolling)."""
    n = len(widths)
    if n == 0:
        return (0, 0)
    focus = min(max(focus, 0), n - 1)
    start = focus
    used = widths[focus]
    stop = focus + 1
    # Show what comes after the focus first (about a third of the room), then before it.
    while stop < n and used + gap + widths[stop] <= room // 3 + widths[focus]:
        used += gap + widths[stop]
        stop += 1
    while start > 0 and used + gap + widths[start - 1] <= room:
        used += gap + widths[start - 1]
        start -= 1
    while stop < n and used + gap + widths[stop] <= room:
        used += gap + widths[stop]
        stop += 1
    return (start, stop)


def sentence_layout(
    tokens: Sequence[str], unknown: Sequence[bool]
) -> tuple[list[list[tuple[str, Style | None]]], list[int]]:
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
    layout: tuple[list[list[tuple[str, Style | None]]], list[int]] | None = None,
) -> tuple[list[Line], list[tuple[int, int, int]]]:
    """Three rows: the words (current one highlighted), y<t> under each, and ŷ<t> for the
    words stepped so far (the first `done` words, t by default; every word in backward
    mode), green when ŷ > 0.5 agrees with y, red when not. Returns the rows and the
    clickable spans (x0, x1, word number t, 1-based). Only the words in view are drawn;
    `layout` is `sentence_layout(tokens, unknown)`, which a caller may keep per sentence."""
    done = t if done is None else done
    label_w = 6
    pieces, widths = layout if layout is not None else sentence_layout(tokens, unknown)
    gap = 2
    room = max(1, width - label_w - 2)
    focus = max(t, 1) - 1
    start, stop = window(widths, focus, room, gap)
    more_left = start > 0
    rows: list[Line] = [
        [seg("word  ", LABEL)],
        [seg("y<t>  ", LABEL)],
        [seg("ŷ<t>  ", LABEL)],
    ]
    for row in rows:
        row.append(seg("‹" if more_left else " ", DIM))
    spans: list[tuple[int, int, int]] = []
    x = label_w + 1
    for i in range(start, stop):
        w = widths[i]
        if i > start:
            for row in rows:
                row.append(seg(" " * gap))
            x += gap
        # words
        current = i == t - 1
        word_cells: Line = []
        for text, style in pieces[i]:
            word_cells.append(seg(text, CURRENT if current else (style or (PLAIN if i < done else DIM))))
        pad = w - _pieces_len(pieces[i])
        if pad:
            word_cells.append(seg(" " * pad, CURRENT if current else None))
        rows[0] += word_cells
        spans.append((x, x + w, i + 1))
        # labels
        if labels is None:
            rows[1].append(seg("-".ljust(w), FAINT))
        else:
            rows[1].append(seg(str(labels[i]).ljust(w), NUMBER if labels[i] else DIM))
        # predictions
        if i < done and i < len(y_hat):
            p = float(y_hat[i])
            text = fmt(p, 2)
            if labels is None:
                style = NUMBER
            else:
                style = GOOD if (p > 0.5) == bool(labels[i]) else BAD
            rows[2].append(seg(text.ljust(w), style))
        else:
            rows[2].append(seg("·".ljust(w), FAINT))
        x += w
    if stop < len(tokens):
        for row in rows:
            row.append(seg(" ›", DIM))
    return [fit(row, width) for row in rows], spans


# ---------------------------------------------------------------------------------------
# The unrolled network


def unrolled_layout(
    tokens: Sequence[str], unknown: Sequence[bool], backward: bool = False
) -> tuple[list[str], list[int]]:
    """What the unrolled picture needs of the whole sentence, computed once per sentence:
    each cell's word (`<UNK>` for an unknown one) and each block's width."""
    p = "da" if backward else "a"
    names = ["<UNK>" if unk else tok for tok, unk in zip(tokens, unknown)]
    blocks = [max(11, min(len(name), 14) + 2, len(f"─{p}<{k}>") + 7) for k, name in enumerate(names, 1)]
    return names, blocks


def unrolled_lines(
    tokens: Sequence[str],
    unknown: Sequence[bool],
    values: Sequence[float],
    t: int,
    width: int,
    backward: bool = False,
    layout: tuple[list[str], list[int]] | None = None,
) -> list[Line]:
    """The seed's figure, five rows: a value above each cell, the chain of cells, x<t> below.

    Forward: ŷ<τ> above, a<0> ─▶ [RNN] ─a<1> ─▶ …; steps τ <= t are done, later ones
    faint. Backward (`backward=True`): the output error ŷ<τ> − y<τ> above comes down (↓)
    and the gradient flows right to left, da<T_x> … ◀─ da<1> ◀─ da<0>; steps τ >= t are
    done. Step t is highlighted; the picture scrolls to keep it on screen. The label left
    of the chain (`a<0>=0`, or `…a<k>` once scrolled) has a fixed width for the sentence, so
    every row's cells stay in the same columns at any t. `layout` is `unrolled_layout(…)`,
    which a caller may keep per sentence."""
    T = len(tokens)
    names, blocks = layout if layout is not None else unrolled_layout(tokens, unknown, backward)
    p = "da" if backward else "a"
    start_label = f"{p}<0> " if backward else "a<0>=0 "
    tail = 4 if backward else 2  # "◀─0" after the last cell, " …" when cut
    head = len(start_label)
    if T and sum(blocks) > width - head - tail:  # it scrolls: room for the widest "…a<k> "
        head = max(head, len(f"…{p}<{T - 1}> "))
    room = max(1, width - head - tail)
    start, stop = window(blocks, max(t, 1) - 1, room, gap=0)
    rows: list[list[tuple[str, Style]]] = [[] for _ in range(5)]

    def put(row: int, text: str, style: Style) -> None:
        rows[row].extend((c, style) for c in text)

    first = start_label if start == 0 else f"…{p}<{start}> "
    if backward:  # da<0> comes with step 1, da<start> with step start
        head_done = t <= start if start else t == 1
    else:
        head_done = t >= start
    put(0, ("ŷ − y" if backward else "ŷ<t>").ljust(head), LABEL)
    put(1, " " * head, PLAIN)
    put(2, first.ljust(head)[:head], NUMBER if head_done else FAINT)
    put(3, " " * head, PLAIN)
    put(4, "x<t>".ljust(head), LABEL)
    left = "◀─" if backward else "─▶"
    box = "[RNN]"
    center = len(left) + 2  # the column of the first 'N' of [RNN]
    for k in range(start, stop):
        step = k + 1
        w = blocks[k]
        done = step >= t if backward else step <= t
        current = step == t
        base = NUMBER if done else FAINT
        # row 2: ─▶[RNN]─a<k> forward, ◀─[RNN]─da<k> backward (da<k> enters from the right)
        after = f"─{p}<{step}>"
        if backward:
            arrow_style = DIM if step > t or current else FAINT
        else:
            arrow_style = DIM if done else FAINT
        put(2, left, arrow_style)
        put(2, box, CURRENT if current else (BOLD if done else FAINT))
        put(2, after, base)
        put(2, " " * (w - len(left) - len(box) - len(after)), PLAIN)
        # rows 0/1: the value above, rows 3/4: x below, centred on the box
        if done and k < len(values):
            above = fmt_sig(float(values[k]), 2, sign=True) if backward else fmt(float(values[k]), 2)
        else:
            above = "?"
        put(0, _centered(above, w, center), CURRENT if current else base)
        if backward:
            put(1, _centered("↓", w, center), DIM if done else FAINT)
        else:
            put(1, _centered("↑", w, center), DIM)  # the same at every step: not redrawn
        put(3, _centered("↑", w, center), DIM)
        name = names[k] if len(names[k]) <= w - 1 else names[k][: w - 2] + "…"
        put(4, _centered(name, w, center), CURRENT if current else (PLAIN if done else DIM))
    if stop < T:
        put(2, " …", DIM)
    elif backward:
        put(2, "◀─0", DIM)  # nothing arrives from the right of the last word
    return [fit(_merge(row), width) for row in rows]


def _centered(text: str, width: int, center: int) -> str:
    start = max(0, min(width - len(text), center - len(text) // 2))
    return (" " * start + text).ljust(width)[:width]


# ---------------------------------------------------------------------------------------
# History of a<1..t>


def history_label_width(tokens: Sequence[str]) -> int:
    """Cells left of the heatmap in the history: a marker, the step and the word."""
    return min(16, max(10, max((len(tok) for tok in tokens), default=4) + 5))


def _history_head(step: int, token: str, t: int, label_w: int, done: bool) -> Line:
    """The left of a history row: `▶` at step t, the step and its word (cut to fit)."""
    label = f"{step:>2} {token}"
    if len(label) > label_w - 2:
        label = label[: label_w - 3] + "…"
    style = CURRENT if step == t else (PLAIN if done else FAINT)
    return [seg("▶" if step == t else " ", MARK), seg(label.ljust(label_w - 2), style), seg(" ")]


def history_lines(
    rows: np.ndarray,
    tokens: Sequence[str],
    t: int,
    T: int,
    width: int,
    height: int,
    label_w: int | None = None,
) -> list[Line]:
    """a<1..t> as a heatmap, one row per word (a<τ> for τ ≤ t), one column per unit; rows
    after t stay empty. Scrolls to keep row t in view when the sentence is taller than
    `height` rows. `label_w`: `history_label_width(tokens)`, which a caller may keep."""
    label_w = history_label_width(tokens) if label_w is None else label_w
    room = max(1, width - label_w)
    shown = max(1, height)
    last = max(t, min(T, shown))
    first = max(1, last - shown + 1)
    lines: list[Line] = []
    for step in range(first, min(T, first + shown - 1) + 1):
        line = _history_head(step, tokens[step - 1], t, label_w, done=step < t)
        if step <= t:
            line += heatmap_line(rows[step - 1], room)
        else:
            line.append(seg("·", FAINT))
        lines.append(line)
    return lines


def grad_history_lines(
    rows: Sequence[np.ndarray],
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
    norm_w = 7  # "3.0e-5 " / " 0.018 "
    room = max(1, width - label_w - norm_w)
    shown = max(1, height)
    first = max(1, min(t, T - shown + 1))
    lines: list[Line] = []
    for step in range(first, min(T, first + shown - 1) + 1):
        line = _history_head(step, tokens[step - 1], t, label_w, done=step > t)
        if step >= t:
            line += [seg(fmt_sig(norms[step - 1], 2).rjust(norm_w - 1), NUMBER), seg(" ")]
            line += heatmap_line(rows[step - 1], room, scale)
        else:
            line.append(seg("·".rjust(norm_w - 1), FAINT))
        lines.append(line)
    return lines


# ---------------------------------------------------------------------------------------
# Training


def sparkline(
    values: Sequence[float], width: int, style: Style, low: float | None = None, high: float | None = None
) -> Line:
    """The last `width` values as one row of eighth blocks, from `low` (the smallest value
    by default) to `high` (the largest)."""
    values = [float(v) for v in values][-width:] if width > 0 else []
    if not values:
        return []
    lo = min(values) if low is None else low
    hi = max(values) if high is None else high
    span = hi - lo
    chars = []
    for v in values:
        level = 8 if span <= 0 else round(1 + 7 * min(1.0, max(0.0, (v - lo) / span)))
        chars.append(BLOCKS[level])
    return [seg("".join(chars), style)]


def training_lines(view, width: int, height: int) -> list[Line]:
    """The training panel: what is trained on, the progress bar, the epoch losses as a
    sparkline, held-out F1 when a held-out file is known; and, once it has ended, what to
    do next. `view` is a `tui.training.TrainingView`."""
    spark = Style(color="#957fb8")
    status = view.status
    if status == "running":
        hint: Line = [seg("Escape stops after this epoch", DIM)]
    elif status == "stopping":
        hint = [seg("stopping after this epoch… ", WARN), seg("Escape again: stop now", DIM)]
    else:
        hint = [seg("s saves the model · u undoes the training · Escape hides this", DIM)]
    title = title_line(f"training on {view.source}: {view.sentences} labeled sentences, lr {view.lr:g}", width, hint)
    counter = (
        f"epoch {min(view.epoch + (1 if view.active else 0), view.epochs):>{len(str(view.epochs))}}/{view.epochs} "
    )
    bar_w = max(4, min(40, width // 3))
    progress: Line = [seg(counter, LABEL), *hbar(view.fraction, bar_w, GOOD if not view.active else NUMBER)]
    if view.active:
        if view.batches:
            progress.append(seg(f"  batch {view.batch}/{view.batches}", DIM))
        if view.running_loss is not None:
            progress += [seg("  loss so far ", DIM), seg(fmt_sig(view.running_loss, 4), NUMBER)]
    else:
        done = {"done": "done", "stopped": "stopped", "failed": "failed"}[status]
        progress += [
            seg(f"  {done}: {view.epoch} epoch{'s' if view.epoch != 1 else ''}", GOOD if status == "done" else WARN)
        ]
        if view.message:
            progress.append(seg(f"; {view.message}", DIM))
    losses: Line = [seg("epoch loss ", LABEL)]
    if view.losses:
        losses += sparkline(view.losses, max(1, min(40, width // 3)), spark)
        losses += [
            seg("  ", DIM),
            seg(fmt_sig(view.loss_before, 3) if view.loss_before is not None else "?", NUMBER),
            seg(" before → ", DIM),
            seg(fmt_sig(view.losses[-1], 3), NUMBER),
            seg(" (mean sentence loss Σ_t L<t> on the file)", DIM),
        ]
    elif view.loss_before is not None:
        losses += [seg(f"{fmt_sig(view.loss_before, 3)} before training; the first epoch is running", DIM)]
    else:
        losses += [seg("starting…", DIM)]
    f1: Line = [seg("held-out F1 ", LABEL)]
    if view.heldout is None:
        f1.append(
            seg(
                view.heldout_note or "no held-out file is known for these sentences", WARN if view.heldout_note else DIM
            )
        )
    else:
        if view.f1s:
            f1 += sparkline(view.f1s, max(1, min(40, width // 3)), Style(color="#98bb6c"))
            f1.append(seg("  ", DIM))
        before = fmt(view.f1_before, 3) if view.f1_before is not None else "?"
        f1 += [seg(before, NUMBER), seg(" before", DIM)]
        if view.f1s:
            f1 += [seg(" → ", DIM), seg(fmt(view.f1s[-1], 3), NUMBER)]
        f1.append(seg(f" on {view.heldout} (a word is a name when ŷ > 0.5)", DIM))
        if view.heldout_note:
            f1.append(seg(f"; {view.heldout_note}", DIM))
    if height >= 4:
        return [title, fit(progress, width), fit(losses, width), fit(f1, width)]
    compact: Line = [*progress]
    if view.losses:
        compact += [seg("  ", DIM), *sparkline(view.losses, 12, spark)]
    second: Line = [*hint, seg("  "), *f1[1:]] if view.heldout else hint
    return [fit(compact, width), fit(second, width)][:height]
