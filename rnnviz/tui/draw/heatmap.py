"""A vector as a row of coloured cells on the diverging scale (draw/colours.py), and the
legends of the two scales."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .colours import DIM, GRAD_STOPS, LEVELS, STOPS, ZERO, cell_style, half_style
from .numbers import fmt_sig
from .text import Line, line_width, merge, seg

if TYPE_CHECKING:  # NumPy is imported where a vector is drawn: the first frame comes before it
    import numpy as np
    from numpy.typing import ArrayLike


def levels(values: ArrayLike, stops: Sequence[float] = STOPS) -> np.ndarray:
    """Colour levels in [-LEVELS, LEVELS]: sign × the number of `stops` reached by |value|."""
    import numpy as np

    array = np.nan_to_num(np.asarray(values, dtype=np.float64))
    reached = np.searchsorted(np.asarray(stops), np.abs(array), side="right")
    return (np.sign(array) * reached).astype(np.int64)


MAX_CELLS = 3  # the widest a unit is drawn
FINE_FROM = 150  # rows this wide may draw a unit 1.5 or 2.5 cells wide (fine_halves)


def units_per_cell(n: int, width: int) -> tuple[int, int]:
    """How a vector of n values is drawn in `width` cells: (cells per unit, units per cell).

    One unit a cell when it fits, up to 3 cells a unit for short vectors, two units a cell
    (the half-block '▌') when only half fits, and k units averaged into each half-cell below.
    """
    if n <= 0 or width <= 0:
        return (1, 1)
    if width >= 2 * n:
        return (min(MAX_CELLS, width // n), 1)
    if width >= n:
        return (1, 1)
    return (1, 2 * math.ceil(n / (2 * width)))


def fine_halves(n: int, width: int) -> int | None:
    """On a wide row (`FINE_FROM` cells or more), the half-cells a unit takes when that is
    wider than `units_per_cell` draws it: 3 (1.5 cells a unit) for 100 units in 150 to 199
    cells, 5 in 250 to 299; None otherwise (the whole cells of `units_per_cell`)."""
    if width < FINE_FROM or n <= 0:
        return None
    halves = min(2 * MAX_CELLS, 2 * width // n)
    per_unit, per_cell = units_per_cell(n, width)
    return halves if per_cell == 1 and halves > 2 * per_unit else None


def heatmap_line(values: ArrayLike, width: int, scale: float | None = None) -> Line:
    """A vector as a row of coloured cells on the diverging scale; at most `width` cells.
    With a `scale`, the values are gradients: divided by it and coloured on the logarithmic
    GRAD_STOPS; without, on the fixed scale of activations (STOPS)."""
    import numpy as np

    array = np.asarray(values, dtype=np.float64).ravel()
    stops = STOPS
    if scale is not None:
        array = array / scale
        stops = GRAD_STOPS
    n = len(array)
    if n == 0 or width <= 0:
        return []
    halves = fine_halves(n, width)
    if halves is not None:  # every unit `halves` half-cells wide: '▌' where two units meet
        halved: list[int] = [level for level in levels(array, stops).tolist() for _ in range(halves)]
        pairs = zip(halved[0::2], [*halved[1::2], None])
        return merge([(" ", cell_style(a)) if a == b else ("▌", half_style(a, b)) for a, b in pairs])
    per_unit, per_cell = units_per_cell(n, width)
    if per_cell == 1:
        return merge([(" ", cell_style(level)) for level in levels(array, stops).tolist() for _ in range(per_unit)])
    half = per_cell // 2  # units per half cell
    pad = (-n) % half
    # The mean of each group of `half` units (presentation only: one colour per half-cell).
    grouped = np.concatenate([array, np.full(pad, np.nan)]).reshape(-1, half)
    means = np.nanmean(grouped, axis=1) if half > 1 else grouped[:, 0]
    shown: list[int | None] = list(levels(means, stops).tolist())
    if len(shown) % 2:
        shown.append(None)
    return merge([("▌", half_style(left, right)) for left, right in zip(shown[0::2], shown[1::2]) if left is not None])


def heatmap_caption(n: int, width: int) -> str:
    """Says how many units one cell shows, e.g. '1 cell = 1 unit' or '1 cell = 2 units'."""
    halves = fine_halves(n, width)
    if halves is not None:
        return f"1 unit = {halves / 2:g} cells"
    per_unit, per_cell = units_per_cell(n, width)
    if per_cell == 1:
        return "1 cell = 1 unit" if per_unit == 1 else f"{per_unit} cells = 1 unit"
    if per_cell == 2:
        return "1 cell = 2 units"
    return f"1 cell = {per_cell} units (two halves, each the mean of {per_cell // 2})"


def _stop_text(stop: float) -> str:
    text = f"{stop:g}"
    return text[1:] if text.startswith("0.") else text


def _swatches() -> Line:
    """One cell per level, blue to red, with the 0 in the middle."""
    return [
        *(seg(" ", cell_style(-k)) for k in range(LEVELS, 0, -1)),
        seg("0", ZERO),
        *(seg(" ", cell_style(k)) for k in range(1, LEVELS + 1)),
    ]


def legend_line(compact: bool = False) -> Line:
    """The scale of activations: `-4 ▇▇▇▇▇▇▇▇ 0 ▇▇▇▇▇▇▇▇ 4`, then the stops."""
    line: Line = [seg(f"-{_stop_text(STOPS[-1])} ", DIM), *_swatches(), seg(f" {_stop_text(STOPS[-1])}", DIM)]
    if not compact:
        line.append(seg(f"  steps at ±{' '.join(_stop_text(s) for s in STOPS)}", DIM))
    return line


def grad_legend(scale: float) -> Line:
    """The gradient scale: `−0.016 ▇▇▇▇▇▇▇▇ 0 ▇▇▇▇▇▇▇▇ +0.016, ÷√10 a step`: the largest
    entry of the sentence at the ends, each step paler is √10 times smaller."""
    top = fmt_sig(scale, 2)
    return [seg(f"−{top} ", DIM), *_swatches(), seg(f" +{top}, ÷√10 a step", DIM)]


def unit_start(i: int, n: int, width: int) -> int:
    """The cell where unit i (0-based) of n starts in a `heatmap_line` of `width` cells."""
    halves = fine_halves(n, width)
    if halves is not None:
        return i * halves // 2
    per_unit, per_cell = units_per_cell(n, width)
    return i * per_unit if per_cell == 1 else i // per_cell


def unit_ruler(n: int, width: int, every: int = 10) -> Line:
    """The unit numbers under a `heatmap_line` of n units in `width` cells: 1, then every
    `every`-th unit, each at the cell where its unit starts (the last one ends at the
    right edge if it must; one that would touch the previous is left out)."""
    drawn = line_width(heatmap_line([0.0] * n, width)) if n > 0 else 0
    cells = [" "] * max(0, drawn)
    end = 0
    for unit in (1, *range(every, n + 1, every)):
        text = str(unit)
        x = min(unit_start(unit - 1, n, width), drawn - len(text))
        if x >= end:
            cells[x : x + len(text)] = text
            end = x + len(text) + 1
    return [seg("".join(cells).rstrip(), DIM)]
