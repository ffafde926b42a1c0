"""Bars: a horizontal one for a value in [0, 1], and one vertical bar per word."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style

from .colours import DIM, FAINT, MARK, PLAIN
from .text import Line, fit, merge, seg

BLOCKS = " ▁▂▃▄▅▆▇█"


def hbar(value: float, width: int, style: Style, threshold: float | None = None, rest: str = "░") -> Line:
    """A horizontal bar for a value in [0, 1], with eighth blocks, and an optional tick;
    `rest` fills the cells after it."""
    if width <= 0:
        return []
    value = min(1.0, max(0.0, float(value)))
    eighths = round(value * width * 8)
    full, part = divmod(eighths, 8)
    chars = ["█"] * full
    if part and full < width:
        chars.append(" ▏▎▍▌▋▊▉"[part])
    rest_char, rest_cells = rest, width - len(chars)
    tick = None if threshold is None else min(width - 1, int(threshold * width))
    cells = [(c, style) for c in chars] + [(rest_char, FAINT)] * rest_cells
    if tick is not None and tick >= len(chars):
        cells[tick] = ("┊", DIM)
    return merge(cells)


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
            if value is not None and r == height - 1 and fill == 0:
                rows[r].extend([("▁", FAINT)] * bar)  # a zero-height bar still shows where it stands
                continue
            rows[r].extend([(BLOCKS[fill] if value is not None else " ", style)] * bar)
    return [merge(row) for row in rows]


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


def axis(top: str, height: int) -> list[Line]:
    """The scale left of `height` rows of bars: `top┤` at the top row (the value of a full
    bar), `0┤` at the bottom, `│` between, right-aligned in one column."""
    w = len(top)
    rows = [seg(top + "┤", DIM)] + [seg(" " * w + "│", DIM)] * max(0, height - 2)
    if height >= 2:
        rows.append(seg("0".rjust(w) + "┤", DIM))
    return [[row] for row in rows[:height]]
