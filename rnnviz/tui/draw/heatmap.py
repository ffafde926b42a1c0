"""A vector as a row of coloured cells on the diverging scale (draw/colours.py), and the
legends of the two scales."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .colours import DIM, GRAD_STOPS, LEVELS, STOPS, ZERO, cell_style, half_style
from .numbers import fmt_sig
from .text import Line, merge, seg

if TYPE_CHECKING:  # NumPy is imported where a vector is drawn: the first frame comes before it
    import numpy as np
    from numpy.typing import ArrayLike


def levels(values: ArrayLike, stops: Sequence[float] = STOPS) -> np.ndarray:
    """Colour levels in [-LEVELS, LEVELS]: sign × the number of `stops` reached by |value|."""
    import numpy as np

    array = np.nan_to_num(np.asarray(values, dtype=np.float64))
    reached = np.searchsorted(np.asarray(stops), np.abs(array), side="right")
    return (np.sign(array) * reached).astype(np.int64)


def units_per_cell(n: int, width: int) -> tuple[int, int]:
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
