"""A one-hot vector and the stacked column [a<t-1>; x<t>], compressed into strips."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .colours import BOLD, BOUNDARY, DIM, FAINT, MARK
from .heatmap import heatmap_line
from .numbers import fmt_int
from .text import Line, seg

if TYPE_CHECKING:
    import numpy as np


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
    left = "0" if a0 >= 2 else ""
    last = fmt_int(n - 1)
    rest = width - a1
    line = [
        seg(left.ljust(a0), DIM),
        seg(arrow, MARK),
        seg(last.rjust(rest) if rest >= len(last) + 2 else " " * rest, DIM),
    ]
    return [s for s in line if s.text]


def stacked_split(n_a: int, width: int) -> tuple[int, int]:
    """(cells for the a<t-1> part, cells for the x<t> part) of a stacked strip, `width` cells
    wide between its brackets and the boundary: the a part at half a cell a unit if it fits,
    leaving the x part at least a third of the room."""
    inner = max(2, width - 3)  # '[', '┃', ']'
    a_cells = max(1, min(math.ceil(n_a / 2), inner * 2 // 3))
    return a_cells, max(1, inner - a_cells)


def stacked_line(a_prev: np.ndarray, index: int | None, n_x: int, width: int, zeros: bool = False) -> Line:
    """[a<t-1>; x<t>] as one strip: `[` heatmap of a<t-1> `┃` compressed one-hot x<t> `]`.
    With index None (t = 0, no word fed yet) the x part is left empty, or drawn as zeros
    with `zeros` (a language model's x<1> = 0)."""
    a_cells, x_cells = stacked_split(len(a_prev), width)
    if index is not None:
        x_part = onehot_line(index, n_x, x_cells)
    else:
        x_part = [seg("·" * x_cells, FAINT)] if zeros else [seg(" " * x_cells)]
    return [seg("[", BOLD), *heatmap_line(a_prev, a_cells), seg("┃", BOUNDARY), *x_part, seg("]", BOLD)]
